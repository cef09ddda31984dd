package snapshots

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/path"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
)

// NamePrefix starts every snapshot name; the digest follows.
const NamePrefix = "snapshots/"

// DefaultCacheBytes is the cache bound used when Options.CacheBytes is 0.
const DefaultCacheBytes int64 = 512 << 20

// List page sizes.
const (
	defaultPageSize = 100
	maxPageSize     = 1000
)

// Errors of the store. Returned errors wrap them with context; test with
// errors.Is.
var (
	// ErrNotFound: no snapshot of that name is stored.
	ErrNotFound = errors.New("snapshot not found")
	// ErrInvalidName: a name that is not "snapshots/" followed by 64
	// lower-case hex digits.
	ErrInvalidName = errors.New("invalid snapshot name")
	// ErrInvalidPageToken: a List page token that no List call returned.
	ErrInvalidPageToken = errors.New("invalid page token")
	// ErrClosed: the store was closed.
	ErrClosed = errors.New("snapshot store is closed")
	// ErrLocked: another process has the store's file open (Open waited
	// about a second for it).
	ErrLocked = errors.New("snapshot store is locked by another process")
	// ErrDamaged: the store's file failed verification at Open. The message
	// names the file and the problem; the file is left untouched.
	ErrDamaged = errors.New("snapshot store is damaged")
)

// Options configure a Store.
type Options struct {
	// Dir is the directory of the store's file, Dir/snapshots.db (Dir is
	// created with mode 0700 when missing). Empty: the store lives in
	// memory only and nothing is persisted.
	Dir string
	// CacheBytes bounds the estimated memory of the compiled snapshots kept
	// in the cache; 0 means DefaultCacheBytes. A negative value disables
	// the cache.
	CacheBytes int64
	// Now returns the current time (creation times); nil means time.Now.
	Now func() time.Time
	// Hooks observe the store (metrics).
	Hooks Hooks
	// Compile tunes the compilation of every snapshot (the WAF geo
	// database).
	Compile path.CompileOptions
}

// Hooks let the caller (the server's metrics) observe the store without
// this package importing Prometheus. Nil hooks are skipped. Hooks are
// called without any lock of the store held and may be called
// concurrently.
type Hooks struct {
	// Compiled is called after each compilation with its duration: reading
	// the content (on a miss of a stored snapshot), decoding it and
	// path.Compile.
	Compiled func(d time.Duration)
	// CacheHit is called when Compiled or CompileInline finds the compiled
	// snapshot in the cache.
	CacheHit func()
	// CacheMiss is called when Compiled or CompileInline does not find it
	// (and compiles it, or waits for a concurrent compilation of it).
	CacheMiss func()
}

// Counts counts a configuration's resources by kind (the API's
// ResourceCounts).
type Counts struct {
	VPCs               int `json:"vpcs"`
	Subnets            int `json:"subnets"`
	NetworkInterfaces  int `json:"network_interfaces"`
	SecurityGroups     int `json:"security_groups"`
	SecurityGroupRules int `json:"security_group_rules"` // over all groups
	NetworkACLs        int `json:"network_acls"`
	NetworkACLEntries  int `json:"network_acl_entries"` // over all ACLs, default entries included
	PrefixLists        int `json:"prefix_lists"`
	RouteTables        int `json:"route_tables,omitempty"`
	Firewalls          int `json:"firewalls,omitempty"`
	FirewallPolicies   int `json:"firewall_policies,omitempty"`
	FirewallRuleGroups int `json:"firewall_rule_groups,omitempty"`
	WebACLs            int `json:"web_acls,omitempty"`
	IPSets             int `json:"ip_sets,omitempty"`
	RegexPatternSets   int `json:"regex_pattern_sets,omitempty"`
	WAFRuleGroups      int `json:"waf_rule_groups,omitempty"`
}

// Info is a stored snapshot's metadata. The store hands out copies: a
// caller may keep or change them.
type Info struct {
	// Name is NamePrefix + Digest.
	Name string
	// Digest is the lower-case hex SHA-256 of the canonical content.
	Digest string
	// Created is when the snapshot was first stored (UTC).
	Created time.Time
	// Counts are the configuration's resources.
	Counts Counts
	// Warnings are what the import noticed but accepted, as given to
	// Create.
	Warnings []string
	// Size is the length in bytes of the canonical content.
	Size int64
}

func (i Info) clone() Info {
	i.Warnings = slices.Clone(i.Warnings)
	return i
}

// Store is the snapshot store. Its methods are safe for concurrent use.
type Store struct {
	now   func() time.Time
	hooks Hooks
	// compileOpts tune every compilation.
	compileOpts path.CompileOptions
	file        string   // "" in memory-only mode
	db          *bolt.DB // nil in memory-only mode

	// writeMu serialises Create and Delete (and Close with them), so a
	// name's presence check and its transaction form one step.
	writeMu sync.Mutex

	mu      sync.Mutex
	closed  bool
	infos   map[string]Info   // by name
	names   []string          // sorted
	mem     map[string][]byte // memory-only mode: content by name
	cache   lru
	flights map[string]*flight // compilations in progress, by digest
}

// Open opens the store described by opts. With opts.Dir set it opens (or
// creates) Dir/snapshots.db, verifies it and loads the metadata; a file
// that fails verification gives an error wrapping ErrDamaged, a file held
// by another process one wrapping ErrLocked, and the file is not modified.
func Open(opts Options) (*Store, error) {
	s := &Store{
		now:         opts.Now,
		hooks:       opts.Hooks,
		compileOpts: opts.Compile,
		infos:       map[string]Info{},
		flights:     map[string]*flight{},
	}
	if s.now == nil {
		s.now = time.Now
	}
	limit := opts.CacheBytes
	if limit == 0 {
		limit = DefaultCacheBytes
	}
	s.cache.init(max(limit, 0))
	if opts.Dir == "" {
		s.mem = map[string][]byte{}
		return s, nil
	}
	db, file, infos, err := openFile(opts.Dir)
	if err != nil {
		return nil, err
	}
	s.db, s.file = db, file
	for _, info := range infos {
		s.infos[info.Name] = info
		s.names = append(s.names, info.Name)
	}
	slices.Sort(s.names)
	return s, nil
}

// Close releases the store's file. Compiled snapshots already handed out
// stay usable; every later call returns an error wrapping ErrClosed.
// Closing a closed store does nothing.
func (s *Store) Close() error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.cache.clear()
	s.mu.Unlock()
	if s.db != nil {
		if err := s.db.Close(); err != nil {
			return fmt.Errorf("snapshots: closing %s: %w", s.file, err)
		}
	}
	return nil
}

// ValidateName returns nil when name is a well-formed snapshot name, else
// an error wrapping ErrInvalidName.
func ValidateName(name string) error {
	digest, ok := strings.CutPrefix(name, NamePrefix)
	if !ok || !isDigest(digest) {
		return fmt.Errorf("%w %q: want %q followed by 64 lower-case hex digits", ErrInvalidName, name, NamePrefix)
	}
	return nil
}

func isDigest(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Create stores cfg with its import warnings unless its canonical content
// is already stored. It returns the snapshot's Info and whether it was
// newly created; for content already stored, the stored Info (creation
// time and warnings of the first Create) and false.
//
// The content is decoded and compiled before anything is stored: if that
// fails Create returns the error (wrapped) and stores nothing. The
// compiled snapshot is put in the cache. A new snapshot is on disk
// (committed and fsync'ed in one transaction) when Create returns.
func (s *Store) Create(cfg *model.Config, warnings []string) (Info, bool, error) {
	nc, content, digest, err := canonical(cfg)
	if err != nil {
		return Info{}, false, fmt.Errorf("snapshots: create: %w", err)
	}
	name := NamePrefix + digest
	if info, ok, err := s.lookup(name); err != nil || ok {
		return info, false, err
	}
	if _, err := s.compiled(digest, decoded(nc, content), false); err != nil {
		return Info{}, false, fmt.Errorf("snapshots: create %s: %w", name, err)
	}
	info := Info{
		Name:    name,
		Digest:  digest,
		Created: time.Unix(0, s.now().UnixNano()).UTC(),
		Counts:  countsOf(cfg),
		Size:    int64(len(content)),
	}
	if len(warnings) > 0 {
		info.Warnings = slices.Clone(warnings)
	}

	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if old, ok, err := s.lookup(name); err != nil || ok {
		return old, false, err
	}
	if s.db != nil {
		if err := s.db.Update(func(tx *bolt.Tx) error { return putRecord(tx, info, content) }); err != nil {
			return Info{}, false, fmt.Errorf("snapshots: create %s: writing %s: %w", name, s.file, err)
		}
	}
	s.mu.Lock()
	s.infos[name] = info
	i, _ := slices.BinarySearch(s.names, name)
	s.names = slices.Insert(s.names, i, name)
	if s.mem != nil {
		s.mem[name] = content
	}
	s.mu.Unlock()
	return info.clone(), true, nil
}

// lookup returns the stored Info of name (a copy) and whether it exists,
// or ErrClosed.
func (s *Store) lookup(name string) (Info, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return Info{}, false, ErrClosed
	}
	info, ok := s.infos[name]
	return info.clone(), ok, nil
}

// Get returns the Info of the stored snapshot name. Unknown names give an
// error wrapping ErrNotFound, malformed ones ErrInvalidName.
func (s *Store) Get(name string) (Info, error) {
	if err := ValidateName(name); err != nil {
		return Info{}, err
	}
	info, ok, err := s.lookup(name)
	switch {
	case err != nil:
		return Info{}, err
	case !ok:
		return Info{}, fmt.Errorf("%w: %s", ErrNotFound, name)
	}
	return info, nil
}

// Compiled returns the compiled snapshot of the stored snapshot name and
// its Info: from the cache (hit), or by reading its content, decoding and
// compiling it, and caching the result (miss). Concurrent misses for one
// snapshot compile it once.
func (s *Store) Compiled(name string) (*path.Snapshot, Info, error) {
	info, err := s.Get(name)
	if err != nil {
		return nil, Info{}, err
	}
	snap, err := s.compiled(info.Digest, func() (*netverdictv1.NetworkConfig, int, error) {
		content, err := s.readContent(name)
		if err != nil {
			return nil, 0, err
		}
		nc, err := decodeContent(content)
		return nc, len(content), err
	}, true)
	if err != nil {
		return nil, Info{}, fmt.Errorf("snapshots: %s: %w", name, err)
	}
	return snap, info, nil
}

// Config returns the configuration of the stored snapshot name, decoded
// from its canonical content (for work that needs the model, not the
// compiled snapshot: what-if compares two configurations' resources).
func (s *Store) Config(name string) (*model.Config, error) {
	if _, err := s.Get(name); err != nil {
		return nil, err
	}
	content, err := s.readContent(name)
	if err != nil {
		return nil, fmt.Errorf("snapshots: %s: %w", name, err)
	}
	cfg, err := configOf(content)
	if err != nil {
		return nil, fmt.Errorf("snapshots: %s: %w", name, err)
	}
	return cfg, nil
}

// CompileInline compiles a configuration sent inline in a request, which
// is not stored: it returns the cached compiled snapshot of cfg's digest
// when there is one (hit, shared with stored snapshots of the same
// content), else compiles the canonical content and caches it (miss). It
// also returns the digest.
func (s *Store) CompileInline(cfg *model.Config) (*path.Snapshot, string, error) {
	nc, content, digest, err := canonical(cfg)
	if err != nil {
		return nil, "", fmt.Errorf("snapshots: inline configuration: %w", err)
	}
	snap, err := s.compiled(digest, decoded(nc, content), true)
	if err != nil {
		return nil, "", fmt.Errorf("snapshots: inline configuration: %w", err)
	}
	return snap, digest, nil
}

// readContent reads a stored snapshot's content and checks it against the
// digest in its name.
func (s *Store) readContent(name string) ([]byte, error) {
	var content []byte
	if s.db == nil {
		s.mu.Lock()
		content = s.mem[name]
		s.mu.Unlock()
	} else {
		err := s.db.View(func(tx *bolt.Tx) error {
			if b := tx.Bucket(bucketContent); b != nil {
				content = bytes.Clone(b.Get([]byte(name)))
			}
			return nil
		})
		if err != nil {
			if errors.Is(err, bolt.ErrDatabaseNotOpen) {
				err = ErrClosed
			}
			return nil, fmt.Errorf("reading %s: %w", s.file, err)
		}
	}
	if content == nil {
		return nil, ErrNotFound // deleted meanwhile
	}
	if sum := sha256.Sum256(content); hex.EncodeToString(sum[:]) != strings.TrimPrefix(name, NamePrefix) {
		return nil, fmt.Errorf("%w: %s: the content of %s does not match its digest", ErrDamaged, s.file, name)
	}
	return content, nil
}

// loader returns the NetworkConfig a snapshot compiles from and the size
// of its content.
type loader func() (*netverdictv1.NetworkConfig, int, error)

// decoded is the loader of content whose message is at hand.
func decoded(nc *netverdictv1.NetworkConfig, content []byte) loader {
	return func() (*netverdictv1.NetworkConfig, int, error) { return nc, len(content), nil }
}

// decodeContent decodes canonical content.
func decodeContent(content []byte) (*netverdictv1.NetworkConfig, error) {
	var nc netverdictv1.NetworkConfig
	if err := proto.Unmarshal(content, &nc); err != nil {
		return nil, fmt.Errorf("decoding content: %w", err)
	}
	return &nc, nil
}

// configOf decodes canonical content into the model.
func configOf(content []byte) (*model.Config, error) {
	nc, err := decodeContent(content)
	if err != nil {
		return nil, err
	}
	return modelOf(nc)
}

func modelOf(nc *netverdictv1.NetworkConfig) (*model.Config, error) {
	cfg, err := apiconv.NetworkConfigToModel(nc)
	if err != nil {
		return nil, fmt.Errorf("decoding content: %w", err)
	}
	return cfg, nil
}

// buildConfig converts a decoded content to the model and compiles it.
func buildConfig(nc *netverdictv1.NetworkConfig, opts path.CompileOptions) (*path.Snapshot, error) {
	cfg, err := modelOf(nc)
	if err != nil {
		return nil, err
	}
	snap, err := path.CompileWith(cfg, opts)
	if err != nil {
		return nil, fmt.Errorf("compiling: %w", err)
	}
	return snap, nil
}

// List returns up to pageSize Infos ordered by name, after the snapshot
// that pageToken (a previous call's next token; "" for the first page)
// ends at. pageSize <= 0 means 100, above 1000 means 1000. The next token
// is "" on the last page. A malformed token gives an error wrapping
// ErrInvalidPageToken.
func (s *Store) List(pageSize int, pageToken string) ([]Info, string, error) {
	switch {
	case pageSize <= 0:
		pageSize = defaultPageSize
	case pageSize > maxPageSize:
		pageSize = maxPageSize
	}
	var after string
	if pageToken != "" {
		b, err := base64.RawURLEncoding.DecodeString(pageToken)
		if err != nil || ValidateName(string(b)) != nil {
			return nil, "", fmt.Errorf("%w %q: pass the next_page_token of a previous list call", ErrInvalidPageToken, pageToken)
		}
		after = string(b)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, "", ErrClosed
	}
	start := 0
	if after != "" {
		start = sort.SearchStrings(s.names, after)
		if start < len(s.names) && s.names[start] == after {
			start++
		}
	}
	end := min(start+pageSize, len(s.names))
	out := make([]Info, 0, end-start)
	for _, n := range s.names[start:end] {
		out = append(out, s.infos[n].clone())
	}
	next := ""
	if end < len(s.names) {
		next = base64.RawURLEncoding.EncodeToString([]byte(s.names[end-1]))
	}
	return out, next, nil
}

// Delete removes the stored snapshot name from the store (one fsync'ed
// transaction) and its compiled snapshot from the cache. Compiled
// snapshots already handed out stay usable. Unknown names give an error
// wrapping ErrNotFound.
func (s *Store) Delete(name string) error {
	if err := ValidateName(name); err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	info, ok, err := s.lookup(name)
	switch {
	case err != nil:
		return err
	case !ok:
		return fmt.Errorf("%w: %s", ErrNotFound, name)
	}
	if s.db != nil {
		if err := s.db.Update(func(tx *bolt.Tx) error { return deleteRecord(tx, name) }); err != nil {
			return fmt.Errorf("snapshots: delete %s: writing %s: %w", name, s.file, err)
		}
	}
	s.mu.Lock()
	delete(s.infos, name)
	if i, found := slices.BinarySearch(s.names, name); found {
		s.names = slices.Delete(s.names, i, i+1)
	}
	delete(s.mem, name)
	s.cache.remove(info.Digest)
	s.mu.Unlock()
	return nil
}

// Len returns the number of stored snapshots.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.infos)
}
