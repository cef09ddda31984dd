package snapshots

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// FileName is the name of the store's file in Options.Dir.
const FileName = "snapshots.db"

// formatVersion is the layout of the buckets and records below; Open
// refuses any other.
const formatVersion = "1"

// lockTimeout is how long Open waits for another process to release the
// file.
const lockTimeout = time.Second

// Buckets and keys.
var (
	bucketStore   = []byte("store")   // formatKey -> formatVersion
	bucketMeta    = []byte("meta")    // name -> JSON record
	bucketContent = []byte("content") // name -> canonical content
	formatKey     = []byte("format")
)

// record is the JSON form of an Info in the meta bucket.
type record struct {
	Name    string `json:"name"`
	Digest  string `json:"digest"`
	Created int64  `json:"created_unix_nano"`
	Counts  Counts `json:"counts"`
	// Warnings as given to Create.
	Warnings []string `json:"warnings,omitempty"`
	Size     int64    `json:"size"`
	// ContentSHA256 is the hex SHA-256 of the content (equal to Digest;
	// kept so a record documents its own check).
	ContentSHA256 string `json:"content_sha256"`
}

func recordOf(i Info) record {
	return record{Name: i.Name, Digest: i.Digest, Created: i.Created.UnixNano(), Counts: i.Counts,
		Warnings: i.Warnings, Size: i.Size, ContentSHA256: i.Digest}
}

func (r *record) info() Info {
	return Info{Name: r.Name, Digest: r.Digest, Created: time.Unix(0, r.Created).UTC(), Counts: r.Counts,
		Warnings: r.Warnings, Size: r.Size}
}

// putRecord writes a snapshot's metadata and content.
func putRecord(tx *bolt.Tx, info Info, content []byte) error {
	meta, err := json.Marshal(recordOf(info))
	if err != nil {
		return err
	}
	key := []byte(info.Name)
	if err := tx.Bucket(bucketContent).Put(key, content); err != nil {
		return err
	}
	return tx.Bucket(bucketMeta).Put(key, meta)
}

// deleteRecord removes a snapshot's metadata and content.
func deleteRecord(tx *bolt.Tx, name string) error {
	key := []byte(name)
	if err := tx.Bucket(bucketContent).Delete(key); err != nil {
		return err
	}
	return tx.Bucket(bucketMeta).Delete(key)
}

// damaged builds the error of a file that failed verification.
func damaged(file, format string, args ...any) error {
	return fmt.Errorf("snapshots: %w: %s: %s; the file was left untouched: move it aside (the server then starts with an empty store) and restore a backup, or inspect it with the bbolt command",
		ErrDamaged, file, fmt.Sprintf(format, args...))
}

// openFile opens (creating when missing) the store file in dir, verifies
// it and loads its records. An existing file is verified through a
// read-only handle first, so that a damaged file is never written to (a
// read-write bbolt handle may commit at open, and preloads pages a
// truncated file no longer has); only a verified file is then opened for
// writing.
func openFile(dir string) (*bolt.DB, string, []Info, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, "", nil, fmt.Errorf("snapshots: creating the store directory: %w", err)
	}
	file := filepath.Join(dir, FileName)
	var infos []Info
	st, err := os.Stat(file)
	switch {
	case err == nil && st.Mode().IsRegular() && st.Size() > 0:
		if infos, err = verify(file, st.Size()); err != nil {
			return nil, "", nil, err
		}
	case err == nil && !st.Mode().IsRegular():
		return nil, "", nil, fmt.Errorf("snapshots: %s is not a regular file", file)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, "", nil, fmt.Errorf("snapshots: %w", err)
	}
	db, err := bolt.Open(file, 0o600, &bolt.Options{Timeout: lockTimeout})
	if err != nil {
		return nil, "", nil, openError(file, err)
	}
	// A new (or empty) file gets its buckets and format version; a
	// verified one has them already and is not written to.
	initialised := false
	_ = db.View(func(tx *bolt.Tx) error { initialised = tx.Bucket(bucketStore) != nil; return nil })
	if initialised {
		return db, file, infos, nil
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketStore, bucketMeta, bucketContent} {
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketStore).Put(formatKey, []byte(formatVersion))
	})
	if err != nil {
		_ = db.Close()
		return nil, "", nil, fmt.Errorf("snapshots: initialising %s: %w", file, err)
	}
	return db, file, infos, nil
}

// openError explains a bbolt Open failure.
func openError(file string, err error) error {
	var pe *fs.PathError
	switch {
	case errors.Is(err, bolt.ErrTimeout):
		return fmt.Errorf("snapshots: %w: %s is in use (another netverdict server on the same directory?): %w", ErrLocked, file, err)
	case errors.As(err, &pe):
		return fmt.Errorf("snapshots: opening %s: %w", file, err)
	}
	return damaged(file, "not a valid bbolt file: %v", err)
}

// verify checks the existing store file through a read-only handle and
// returns its records. bbolt may panic (or fault on a mapping past the end
// of a truncated file) on some damaged files: both become ErrDamaged.
func verify(file string, size int64) (infos []Info, err error) {
	var db *bolt.DB
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			infos, err = nil, damaged(file, "reading it failed: %v", r)
		}
	}()
	db, err = bolt.Open(file, 0o600, &bolt.Options{ReadOnly: true, Timeout: lockTimeout})
	if err != nil {
		return nil, openError(file, err)
	}
	defer func() {
		if cerr := db.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("snapshots: closing %s after verification: %w", file, cerr)
		}
	}()
	err = db.View(func(tx *bolt.Tx) error {
		// Every page the file's header counts must be in the file, or
		// reading them would fault.
		if tx.Size() > size {
			return damaged(file, "truncated: the file has %d bytes, its header says %d", size, tx.Size())
		}
		var problems []string
		n := 0
		for cerr := range tx.Check() {
			if n < 3 {
				problems = append(problems, cerr.Error())
			}
			n++
		}
		if n > 0 {
			more := ""
			if n > len(problems) {
				more = fmt.Sprintf(" (and %d more)", n-len(problems))
			}
			return damaged(file, "consistency check failed: %s%s", strings.Join(problems, "; "), more)
		}
		var rerr error
		infos, rerr = readRecords(file, tx)
		return rerr
	})
	if err != nil {
		return nil, err
	}
	return infos, nil
}

// readRecords verifies the buckets and every record of a checked file.
func readRecords(file string, tx *bolt.Tx) ([]Info, error) {
	store, meta, content := tx.Bucket(bucketStore), tx.Bucket(bucketMeta), tx.Bucket(bucketContent)
	if store == nil {
		empty := true
		_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
		if empty {
			return nil, nil // a bbolt file with nothing in it: a new store
		}
		return nil, damaged(file, "not a netverdict snapshot store (no %q bucket)", bucketStore)
	}
	switch v := store.Get(formatKey); {
	case v == nil:
		return nil, damaged(file, "no format version")
	case string(v) != formatVersion:
		return nil, fmt.Errorf("snapshots: %s has format version %q, this netverdict reads version %q only: use the netverdict version that wrote it, or move the file aside", file, v, formatVersion)
	}
	if meta == nil || content == nil {
		return nil, damaged(file, "bucket %q or %q is missing", bucketMeta, bucketContent)
	}
	var infos []Info
	err := meta.ForEach(func(k, v []byte) error {
		name := string(k)
		if ValidateName(name) != nil {
			return damaged(file, "record %q: not a snapshot name", k)
		}
		var r record
		if err := json.Unmarshal(v, &r); err != nil {
			return damaged(file, "record %s: metadata does not decode: %v", name, err)
		}
		digest := strings.TrimPrefix(name, NamePrefix)
		if r.Name != name || r.Digest != digest || r.ContentSHA256 != digest {
			return damaged(file, "record %s: metadata names another snapshot (%s)", name, r.Name)
		}
		c := content.Get(k)
		if c == nil {
			return damaged(file, "record %s: content is missing", name)
		}
		if sum := sha256.Sum256(c); hex.EncodeToString(sum[:]) != digest {
			return damaged(file, "record %s: content does not match its digest (SHA-256 %x)", name, sum)
		}
		if r.Size != int64(len(c)) {
			return damaged(file, "record %s: metadata says %d bytes of content, there are %d", name, r.Size, len(c))
		}
		infos = append(infos, r.info())
		return nil
	})
	if err != nil {
		return nil, err
	}
	if nm, nc := meta.Stats().KeyN, content.Stats().KeyN; nm != nc {
		return nil, damaged(file, "%d metadata records but %d contents", nm, nc)
	}
	return infos, nil
}
