// Package snapshots is the server's snapshot store: named, immutable network
// configurations that are sent and compiled once and then referenced by
// name ("snapshots/{digest}", the SHA-256 of the configuration's canonical
// content), plus a cache of compiled snapshots shared with configurations
// sent inline in requests.
//
// # Canonical content
//
// Canonical encodes a model.Config as deterministic protobuf (the
// NetworkConfig of internal/apiconv) after putting every list whose order
// carries no meaning in a fixed order, so the same network sent in any order
// gets the same digest. Lists whose order the evaluator reads are kept as
// given (see Canonical), so a snapshot decoded from its content judges every
// flow exactly as the configuration it was made from. The store always
// compiles what the content decodes to (converted back with apiconv), never
// the caller's model, so everything cached under one digest behaves the
// same whichever request brought it, and Create stores only content that
// decodes and compiles.
//
// # Persistence
//
// With Options.Dir set, snapshots live in one bbolt file, Dir/snapshots.db
// (mode 0600): an embedded, pure-Go B+tree store with ACID transactions
// that are fsync'ed on commit, maintained by the etcd project. Three
// buckets: "store" (the format version), "meta" (name -> JSON record of the
// Info, with the content's SHA-256) and "content" (name -> canonical bytes).
// Create and Delete are one transaction each and return once it is on
// disk. The file is locked while a Store has it open: a second process on
// the same directory fails with ErrLocked after about a second.
//
// Open verifies the whole file before using it (bbolt's consistency check,
// then every record: metadata decodes, content present, SHA-256 of the
// content equal to the digest in the name) on a read-only handle, and
// refuses a damaged or unknown-version file with an error (ErrDamaged) that
// names the file and the problem. It never repairs, drops or rewrites data:
// the operator moves the file aside. Metadata is loaded into memory at Open,
// so Get, List and Len never touch the disk; content is read on a cache
// miss only.
//
// With Options.Dir empty the store keeps everything in memory and nothing
// survives Close.
//
// # Cache
//
// Compiled snapshots (*path.Snapshot, immutable and safe for concurrent
// use) are kept in an LRU cache keyed by digest and bounded by their
// estimated memory (Options.CacheBytes). Concurrent misses for one digest
// compile once. A snapshot larger than the whole bound is returned but not
// cached.
//
// Every method of Store is safe for concurrent use. The package imports no
// gRPC or Prometheus code: the server maps its errors to status codes and
// observes it through Hooks.
package snapshots
