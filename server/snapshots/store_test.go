package snapshots

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/netverdict/netverdict/evaluator/corpus"
	"github.com/netverdict/netverdict/evaluator/evaltest"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/path"
)

// counters counts hook calls.
type counters struct {
	compiled, hit, miss atomic.Int64
}

func (c *counters) hooks() Hooks {
	return Hooks{
		Compiled:  func(time.Duration) { c.compiled.Add(1) },
		CacheHit:  func() { c.hit.Add(1) },
		CacheMiss: func() { c.miss.Add(1) },
	}
}

func (c *counters) get() [3]int64 { return [3]int64{c.compiled.Load(), c.hit.Load(), c.miss.Load()} }

// fixedNow returns a clock that starts at a fixed time and advances one
// second per call.
func fixedNow() func() time.Time {
	var mu sync.Mutex
	t := time.Date(2026, 3, 1, 12, 0, 0, 123456789, time.FixedZone("X", 3600))
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Second)
		return t
	}
}

func openT(t *testing.T, opts Options) *Store {
	t.Helper()
	s, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func smallConfig(seed int64) *model.Config {
	cfg, _ := corpus.Generate(corpus.Small, seed)
	return cfg
}

// variant returns a small config that differs from others by n.
func variant(n int) *model.Config {
	cfg := smallConfig(1)
	cfg.SecurityGroups[0].Rules[0].Description = fmt.Sprintf("variant %d", n)
	return cfg
}

// modes runs f on a memory-only store and on a persistent one.
func modes(t *testing.T, f func(t *testing.T, dir string)) {
	t.Run("memory", func(t *testing.T) { f(t, "") })
	t.Run("disk", func(t *testing.T) { f(t, t.TempDir()) })
}

func TestCreateGet(t *testing.T) {
	modes(t, func(t *testing.T, dir string) {
		s := openT(t, Options{Dir: dir, Now: fixedNow()})
		cfg := smallConfig(1)
		info, created, err := s.Create(cfg, []string{"host bits cleared"})
		if err != nil || !created {
			t.Fatalf("Create = %v, %v", created, err)
		}
		_, digest, _ := Canonical(cfg)
		if info.Digest != digest || info.Name != "snapshots/"+digest || info.Size <= 0 {
			t.Errorf("Info = %+v", info)
		}
		want := Counts{VPCs: len(cfg.VPCs), Subnets: len(cfg.Subnets), NetworkInterfaces: len(cfg.Interfaces),
			SecurityGroups: len(cfg.SecurityGroups), NetworkACLs: len(cfg.NetworkACLs), PrefixLists: len(cfg.PrefixLists)}
		for _, g := range cfg.SecurityGroups {
			want.SecurityGroupRules += len(g.Rules)
		}
		for _, a := range cfg.NetworkACLs {
			want.NetworkACLEntries += len(a.Entries)
		}
		if info.Counts != want || want.SecurityGroupRules == 0 || want.NetworkACLEntries == 0 {
			t.Errorf("Counts = %+v, want %+v", info.Counts, want)
		}
		if info.Created.Location() != time.UTC || info.Created.Nanosecond() != 123456789 {
			t.Errorf("Created = %v", info.Created)
		}

		// The same content, in another order and with other warnings:
		// the first Info.
		again, created, err := s.Create(shuffled(rand.New(rand.NewPCG(1, 1)), cfg), []string{"other"})
		if err != nil || created {
			t.Fatalf("second Create = %v, %v", created, err)
		}
		if !reflect.DeepEqual(again, info) {
			t.Errorf("second Create Info = %+v, want %+v", again, info)
		}
		got, err := s.Get(info.Name)
		if err != nil || !reflect.DeepEqual(got, info) {
			t.Errorf("Get = %+v, %v; want %+v", got, err, info)
		}
		// Callers own the copies they get.
		got.Warnings[0] = "changed"
		if got, _ := s.Get(info.Name); got.Warnings[0] != "host bits cleared" {
			t.Error("changing a returned Info changed the store")
		}
		if s.Len() != 1 {
			t.Errorf("Len = %d", s.Len())
		}
	})
}

// TestCreateRefusesInvalid: a config whose content does not decode or
// compile is refused, wrapped, and nothing is stored.
func TestCreateRefusesInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(cfg *model.Config)
		want   string
	}{
		{"tcp rule without ports", func(cfg *model.Config) {
			r := &cfg.SecurityGroups[0].Rules[0]
			r.Protocol, r.ProtocolText, r.HasPorts = model.ProtoTCP, "tcp", false
		}, "from_port and to_port are required"},
		{"duplicate interface", func(cfg *model.Config) {
			cfg.Interfaces = append(cfg.Interfaces, cfg.Interfaces[0])
		}, "duplicate id"},
		{"invalid CIDR", func(cfg *model.Config) {
			cfg.NetworkACLs[0].Entries[0].CIDR = netip.Prefix{}
		}, "invalid CIDR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openT(t, Options{Dir: dir})
			cfg := smallConfig(2)
			tt.change(cfg)
			_, _, err := s.Create(cfg, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "snapshots/") {
				t.Fatalf("Create error = %v, want one mentioning %q", err, tt.want)
			}
			if s.Len() != 0 {
				t.Errorf("Len = %d after a refused Create", s.Len())
			}
			if _, _, err := s.CompileInline(cfg); err == nil {
				t.Error("CompileInline accepted it")
			}
			_ = s.Close()
			s2 := openT(t, Options{Dir: dir})
			if s2.Len() != 0 {
				t.Errorf("Len after reopen = %d", s2.Len())
			}
		})
	}
}

func TestPersistence(t *testing.T) {
	dir := t.TempDir()
	var c counters
	s := openT(t, Options{Dir: dir, Now: fixedNow(), Hooks: c.hooks()})
	var infos []Info
	for i := range 3 {
		info, _, err := s.Create(variant(i), []string{fmt.Sprintf("warning %d", i)})
		if err != nil {
			t.Fatal(err)
		}
		infos = append(infos, info)
	}
	if got := c.get(); got != [3]int64{3, 0, 0} {
		t.Errorf("hooks after Create (compiled, hit, miss) = %v", got)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := s.Get(infos[0].Name); !errors.Is(err, ErrClosed) {
		t.Errorf("Get after Close: %v", err)
	}
	if fi, err := os.Stat(filepath.Join(dir, FileName)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode: %v %v", fi.Mode(), err)
	}

	var c2 counters
	s2 := openT(t, Options{Dir: dir, Hooks: c2.hooks()})
	if s2.Len() != 3 {
		t.Fatalf("Len after reopen = %d", s2.Len())
	}
	for _, want := range infos {
		got, err := s2.Get(want.Name)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Get after reopen = %+v, %v; want %+v", got, err, want)
		}
	}
	snap, info, err := s2.Compiled(infos[1].Name)
	if err != nil || snap == nil || !reflect.DeepEqual(info, infos[1]) {
		t.Fatalf("Compiled after reopen: %v", err)
	}
	if got := c2.get(); got != [3]int64{1, 0, 1} {
		t.Errorf("hooks after first Compiled = %v, want a miss and a compile", got)
	}
	snap2, _, err := s2.Compiled(infos[1].Name)
	if err != nil || snap2 != snap {
		t.Fatalf("second Compiled: %v (same snapshot: %v)", err, snap2 == snap)
	}
	if got := c2.get(); got != [3]int64{1, 1, 1} {
		t.Errorf("hooks after second Compiled = %v, want a hit", got)
	}
	// The reloaded snapshot judges like a fresh compile of the config.
	cfg, flows := corpus.Generate(corpus.Small, 1)
	cfg.SecurityGroups[0].Rules[0].Description = "variant 1"
	want, err := path.Compile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	compareDecisions(t, "reloaded", decisions(t, snap, flows), decisions(t, want, flows))
	// Inline content equal to a stored one shares its cache entry.
	inl, digest, err := s2.CompileInline(cfg)
	if err != nil || inl != snap || digest != infos[1].Digest {
		t.Errorf("CompileInline of stored content: %v, same snapshot %v", err, inl == snap)
	}
}

func TestDeleteAndNames(t *testing.T) {
	modes(t, func(t *testing.T, dir string) {
		s := openT(t, Options{Dir: dir})
		info, _, err := s.Create(variant(0), nil)
		if err != nil {
			t.Fatal(err)
		}
		other, _, err := s.Create(variant(1), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Compiled(info.Name); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(info.Name); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(info.Name); !errors.Is(err, ErrNotFound) {
			t.Errorf("second Delete: %v", err)
		}
		if _, err := s.Get(info.Name); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get after Delete: %v", err)
		}
		if _, _, err := s.Compiled(info.Name); !errors.Is(err, ErrNotFound) {
			t.Errorf("Compiled after Delete: %v", err)
		}
		if _, err := s.Get(other.Name); err != nil {
			t.Errorf("the other snapshot: %v", err)
		}
		if s.Len() != 1 {
			t.Errorf("Len = %d", s.Len())
		}
		// Recreating a deleted snapshot creates it anew.
		if _, created, err := s.Create(variant(0), nil); err != nil || !created {
			t.Errorf("recreate: %v %v", created, err)
		}

		unknown := "snapshots/" + strings.Repeat("ab", 32)
		for _, name := range []string{"", "snapshots/", "snapshots/abc", unknown[:len(unknown)-1] + "G",
			"snapshots/" + strings.Repeat("AB", 32), "snap/" + strings.Repeat("ab", 32), unknown + "0", strings.TrimPrefix(unknown, "snapshots/")} {
			if _, err := s.Get(name); !errors.Is(err, ErrInvalidName) {
				t.Errorf("Get(%q): %v", name, err)
			}
			if _, _, err := s.Compiled(name); !errors.Is(err, ErrInvalidName) {
				t.Errorf("Compiled(%q): %v", name, err)
			}
			if err := s.Delete(name); !errors.Is(err, ErrInvalidName) {
				t.Errorf("Delete(%q): %v", name, err)
			}
		}
		if _, err := s.Get(unknown); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), unknown) {
			t.Errorf("Get(unknown): %v", err)
		}
		if _, _, err := s.Compiled(unknown); !errors.Is(err, ErrNotFound) {
			t.Errorf("Compiled(unknown): %v", err)
		}
		if err := s.Delete(unknown); !errors.Is(err, ErrNotFound) {
			t.Errorf("Delete(unknown): %v", err)
		}
	})
}

func TestList(t *testing.T) {
	modes(t, func(t *testing.T, dir string) {
		s := openT(t, Options{Dir: dir})
		if got, next, err := s.List(0, ""); err != nil || len(got) != 0 || next != "" {
			t.Errorf("List of an empty store = %v, %q, %v", got, next, err)
		}
		var names []string
		for i := range 23 {
			info, _, err := s.Create(variant(i), nil)
			if err != nil {
				t.Fatal(err)
			}
			names = append(names, info.Name)
		}
		if dir != "" { // the order survives a reopen
			_ = s.Close()
			s = openT(t, Options{Dir: dir})
		}
		for _, size := range []int{1, 5, 10, 23, 100} {
			var got []string
			token, pages := "", 0
			for {
				infos, next, err := s.List(size, token)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				if len(infos) > size {
					t.Errorf("page of %d for size %d", len(infos), size)
				}
				for _, i := range infos {
					got = append(got, i.Name)
				}
				if next == "" {
					break
				}
				token = next
			}
			wantPages := (23 + size - 1) / size
			if pages != wantPages {
				t.Errorf("size %d: %d pages, want %d", size, pages, wantPages)
			}
			want := sortedCopy(names)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("size %d: names %v, want %v", size, got, want)
			}
		}
		all, _, _ := s.List(-1, "")
		if len(all) != 23 {
			t.Errorf("default page size gave %d", len(all))
		}
		// A token whose snapshot was deleted still continues after it.
		first, next, _ := s.List(3, "")
		if err := s.Delete(first[2].Name); err != nil {
			t.Fatal(err)
		}
		rest, _, err := s.List(100, next)
		if err != nil || len(rest) != 20 || rest[0].Name <= first[2].Name {
			t.Errorf("List after deleting the token's snapshot: %d, %v", len(rest), err)
		}
		for _, tok := range []string{"!!!", "bm90IGEgbmFtZQ", base64.RawURLEncoding.EncodeToString([]byte("snapshots/xyz"))} {
			if _, _, err := s.List(10, tok); !errors.Is(err, ErrInvalidPageToken) {
				t.Errorf("List(token %q): %v", tok, err)
			}
		}
	})
}

func TestListPageSizeBounds(t *testing.T) {
	s := openT(t, Options{})
	// 1,001 Infos without compiling 1,001 configs: fill the maps directly.
	for i := range 1001 {
		name := fmt.Sprintf("snapshots/%064x", i)
		s.infos[name] = Info{Name: name}
		s.names = append(s.names, name)
	}
	for _, tt := range []struct{ size, want int }{{0, 100}, {-5, 100}, {1000, 1000}, {5000, 1000}, {7, 7}} {
		got, next, err := s.List(tt.size, "")
		if err != nil || len(got) != tt.want || next == "" {
			t.Errorf("List(%d) = %d infos, next %q, %v; want %d", tt.size, len(got), next, err, tt.want)
		}
	}
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func TestLocked(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, Options{Dir: dir})
	if _, _, err := s.Create(variant(0), nil); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := Open(Options{Dir: dir})
	took := time.Since(start)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "locked by another process") ||
		!strings.Contains(err.Error(), filepath.Join(dir, FileName)) {
		t.Errorf("second Open: %v", err)
	}
	if took > 3*time.Second {
		t.Errorf("second Open took %v", took)
	}
	t.Logf("second Open failed after %v: %v", took.Round(time.Millisecond), err)
	// Once the first is closed the second gets in.
	_ = s.Close()
	s2 := openT(t, Options{Dir: dir})
	if s2.Len() != 1 {
		t.Errorf("Len = %d", s2.Len())
	}
}

// TestDamaged: Open refuses a damaged file with an error naming it and
// leaves the file as it was.
func TestDamaged(t *testing.T) {
	// valid builds a store with a few snapshots and returns its file.
	valid := func(t *testing.T, dir string) string {
		s := openT(t, Options{Dir: dir})
		for i := range 3 {
			if _, _, err := s.Create(variant(i), []string{"w"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		return filepath.Join(dir, FileName)
	}
	// edit changes the store file with bbolt directly.
	edit := func(t *testing.T, file string, f func(tx *bolt.Tx) error) {
		db, err := bolt.Open(file, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Update(f); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	firstKey := func(tx *bolt.Tx) []byte {
		k, _ := tx.Bucket(bucketMeta).Cursor().First()
		return k
	}
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string) string
		want   string
	}{
		{"garbage", func(t *testing.T, dir string) string {
			file := filepath.Join(dir, FileName)
			r := rand.New(rand.NewPCG(1, 1))
			b := make([]byte, 64<<10)
			for i := range b {
				b[i] = byte(r.Uint32())
			}
			if err := os.WriteFile(file, b, 0o600); err != nil {
				t.Fatal(err)
			}
			return file
		}, "not a valid bbolt file"},
		{"short garbage", func(t *testing.T, dir string) string {
			file := filepath.Join(dir, FileName)
			if err := os.WriteFile(file, []byte("hello"), 0o600); err != nil {
				t.Fatal(err)
			}
			return file
		}, "not a valid bbolt file"},
		{"truncated", func(t *testing.T, dir string) string {
			file := valid(t, dir)
			fi, _ := os.Stat(file)
			if err := os.Truncate(file, fi.Size()/2); err != nil {
				t.Fatal(err)
			}
			return file
		}, "truncated"},
		{"truncated to two pages", func(t *testing.T, dir string) string {
			file := valid(t, dir)
			if err := os.Truncate(file, 2*4096); err != nil {
				t.Fatal(err)
			}
			return file
		}, "truncated"},
		{"altered content", func(t *testing.T, dir string) string {
			file := valid(t, dir)
			edit(t, file, func(tx *bolt.Tx) error {
				k := firstKey(tx)
				c := bytes.Clone(tx.Bucket(bucketContent).Get(k))
				c[len(c)/2] ^= 1
				return tx.Bucket(bucketContent).Put(k, c)
			})
			return file
		}, "content does not match its digest"},
		{"missing content", func(t *testing.T, dir string) string {
			file := valid(t, dir)
			edit(t, file, func(tx *bolt.Tx) error { return tx.Bucket(bucketContent).Delete(firstKey(tx)) })
			return file
		}, "content is missing"},
		{"content without metadata", func(t *testing.T, dir string) string {
			file := valid(t, dir)
			edit(t, file, func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Delete(firstKey(tx)) })
			return file
		}, "2 metadata records but 3 contents"},
		{"bad metadata", func(t *testing.T, dir string) string {
			file := valid(t, dir)
			edit(t, file, func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(firstKey(tx), []byte("{not json")) })
			return file
		}, "metadata does not decode"},
		{"bad name", func(t *testing.T, dir string) string {
			file := valid(t, dir)
			edit(t, file, func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put([]byte("snapshots/x"), []byte("{}")) })
			return file
		}, "not a snapshot name"},
		{"unknown version", func(t *testing.T, dir string) string {
			file := valid(t, dir)
			edit(t, file, func(tx *bolt.Tx) error { return tx.Bucket(bucketStore).Put(formatKey, []byte("99")) })
			return file
		}, `format version "99"`},
		{"another bbolt file", func(t *testing.T, dir string) string {
			file := filepath.Join(dir, FileName)
			edit(t, file, func(tx *bolt.Tx) error {
				b, err := tx.CreateBucket([]byte("other"))
				if err != nil {
					return err
				}
				return b.Put([]byte("k"), []byte("v"))
			})
			return file
		}, "not a netverdict snapshot store"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			file := tt.damage(t, dir)
			before, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Open(Options{Dir: dir})
			if err == nil {
				_ = s.Close()
				t.Fatal("Open accepted a damaged store")
			}
			if !strings.Contains(err.Error(), file) || !strings.Contains(err.Error(), tt.want) ||
				!strings.Contains(err.Error(), "move") {
				t.Errorf("Open error = %v\nwant the file, %q and advice", err, tt.want)
			}
			t.Logf("%v", err)
			after, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Error("Open changed the damaged file")
			}
		})
	}
}

// TestCorruptPages overwrites parts of a valid store's data pages (the
// meta pages stay intact, so bbolt opens it): Open must fail with
// ErrDamaged, never crash or accept altered data, and leave the file as it
// was.
func TestCorruptPages(t *testing.T) {
	src := t.TempDir()
	s := openT(t, Options{Dir: src})
	for i := range 5 {
		if _, _, err := s.Create(variant(i), nil); err != nil {
			t.Fatal(err)
		}
	}
	_ = s.Close()
	orig, err := os.ReadFile(filepath.Join(src, FileName))
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	r := rand.New(rand.NewPCG(5, 5))
	rejected, accepted := 0, 0
	defer func() { t.Logf("%d damaged files rejected, %d accepted intact", rejected, accepted) }()
	for i := range 200 {
		b := bytes.Clone(orig)
		// Damage 1-4 spots after the two meta pages: page headers,
		// element headers or data.
		for range 1 + r.IntN(4) {
			at := 2*page + r.IntN(len(b)-2*page)
			if r.IntN(2) == 0 {
				at = at / page * page // a page header
			}
			for k := range 1 + r.IntN(16) {
				if at+k < len(b) {
					b[at+k] = byte(r.Uint32())
				}
			}
		}
		if bytes.Equal(b, orig) {
			continue
		}
		dir := t.TempDir()
		file := filepath.Join(dir, FileName)
		if err := os.WriteFile(file, b, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := Open(Options{Dir: dir})
		if err == nil {
			// Damage in free pages or unused page space is harmless:
			// then every snapshot must still be intact.
			infos, _, _ := s.List(100, "")
			for _, info := range infos {
				if _, _, err := s.Compiled(info.Name); err != nil {
					t.Errorf("case %d: Open accepted the file but %s fails: %v", i, info.Name, err)
				}
			}
			if len(infos) != 5 {
				t.Errorf("case %d: Open accepted the file with %d snapshots", i, len(infos))
			}
			_ = s.Close()
			accepted++
			continue
		}
		rejected++
		if testing.Verbose() && i < 40 {
			t.Logf("case %d: %.160s", i, err)
		}
		if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), file) {
			t.Errorf("case %d: %v", i, err)
		}
		if after, _ := os.ReadFile(file); !bytes.Equal(after, b) {
			t.Errorf("case %d: Open changed the file", i)
		}
	}
}

// TestDamagedAfterOpen: content altered behind the store's back is caught
// when read, not compiled.
func TestDamagedAfterOpen(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, Options{Dir: dir})
	info, _, err := s.Create(variant(0), nil)
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	s.cache.clear()
	s.mu.Unlock()
	err = s.db.Update(func(tx *bolt.Tx) error {
		c := bytes.Clone(tx.Bucket(bucketContent).Get([]byte(info.Name)))
		c[0] ^= 1
		return tx.Bucket(bucketContent).Put([]byte(info.Name), c)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Compiled(info.Name); !errors.Is(err, ErrDamaged) {
		t.Errorf("Compiled of altered content: %v", err)
	}
}

// TestEmptyFile: an existing empty file (say, created by touch) becomes a
// new store.
func TestEmptyFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s := openT(t, Options{Dir: dir})
	if _, _, err := s.Create(variant(0), nil); err != nil {
		t.Fatal(err)
	}
	_ = s.Close()
	if s2 := openT(t, Options{Dir: dir}); s2.Len() != 1 {
		t.Errorf("Len = %d", s2.Len())
	}
}

// TestDirCreated: a missing directory is created with mode 0700.
func TestDirCreated(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	openT(t, Options{Dir: dir})
	fi, err := os.Stat(dir)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("dir: %v %v", fi.Mode(), err)
	}
}

func TestCacheEviction(t *testing.T) {
	modes(t, func(t *testing.T, dir string) {
		probe := openT(t, Options{})
		info, _, err := probe.Create(variant(0), nil)
		if err != nil {
			t.Fatal(err)
		}
		one := estimateCompiled(int(info.Size))
		// Room for two compiled snapshots, not three.
		var c counters
		s := openT(t, Options{Dir: dir, CacheBytes: 2*one + one/2, Hooks: c.hooks()})
		var names []string
		for i := range 3 {
			info, _, err := s.Create(variant(i), nil)
			if err != nil {
				t.Fatal(err)
			}
			names = append(names, info.Name)
		}
		// Create cached each; the third evicted the first.
		if _, _, err := s.Compiled(names[2]); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Compiled(names[1]); err != nil {
			t.Fatal(err)
		}
		if got := c.get(); got != [3]int64{3, 2, 0} {
			t.Errorf("hooks (compiled, hit, miss) = %v, want 3 compiles and 2 hits", got)
		}
		if _, _, err := s.Compiled(names[0]); err != nil { // evicted: miss, evicts names[2]
			t.Fatal(err)
		}
		if got := c.get(); got != [3]int64{4, 2, 1} {
			t.Errorf("hooks = %v, want a miss for the evicted one", got)
		}
		if _, _, err := s.Compiled(names[2]); err != nil {
			t.Fatal(err)
		}
		if got := c.get(); got != [3]int64{5, 2, 2} {
			t.Errorf("hooks = %v, want the least recently used evicted", got)
		}
		s.mu.Lock()
		used, n := s.cache.used, len(s.cache.items)
		s.mu.Unlock()
		if n != 2 || used != 2*one {
			t.Errorf("cache holds %d entries, %d bytes", n, used)
		}
	})
}

// TestCacheTooSmall: a snapshot larger than the bound is returned, not
// cached.
func TestCacheTooSmall(t *testing.T) {
	var c counters
	s := openT(t, Options{CacheBytes: 1, Hooks: c.hooks()})
	cfg := smallConfig(3)
	for range 3 {
		snap, _, err := s.CompileInline(cfg)
		if err != nil || snap == nil {
			t.Fatal(err)
		}
	}
	if got := c.get(); got != [3]int64{3, 0, 3} {
		t.Errorf("hooks = %v, want three misses and compiles", got)
	}
	if s.cache.used != 0 {
		t.Errorf("cache used %d", s.cache.used)
	}
}

// TestConcurrent shares a store between goroutines calling Compiled,
// CompileInline, Create, Get, List and Delete (run with -race): each
// digest compiles once while it stays cached, and every snapshot judges
// like a fresh compile.
func TestConcurrent(t *testing.T) {
	modes(t, func(t *testing.T, dir string) {
		var c counters
		s := openT(t, Options{Dir: dir, Hooks: c.hooks()})
		type item struct {
			cfg   *model.Config
			want  []model.Decision
			flows []model.Flow
			name  string
		}
		var items []item
		for i := range 4 {
			cfg, flows := corpus.Generate(corpus.Small, int64(i))
			flows = flows[:20]
			snap, err := path.Compile(cfg)
			if err != nil {
				t.Fatal(err)
			}
			items = append(items, item{cfg: cfg, flows: flows, want: decisions(t, snap, flows)})
		}
		// Two of them stored; then a fresh store so nothing is cached.
		for i := range 2 {
			info, _, err := s.Create(items[i].cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			items[i].name = info.Name
		}
		if dir != "" {
			_ = s.Close()
			s = openT(t, Options{Dir: dir, Hooks: c.hooks()})
		} else {
			s.mu.Lock()
			s.cache.clear()
			s.mu.Unlock()
		}
		c.compiled.Store(0)

		var wg sync.WaitGroup
		for g := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range 10 {
					it := items[(g+k)%len(items)]
					var snap *path.Snapshot
					var err error
					if it.name != "" && k%2 == 0 {
						snap, _, err = s.Compiled(it.name)
					} else {
						snap, _, err = s.CompileInline(it.cfg)
					}
					if err != nil {
						t.Error(err)
						return
					}
					for i := range it.flows {
						var d model.Decision
						if err := snap.Evaluate(&it.flows[i], model.Options{}, &d); err != nil {
							d = model.Decision{FlowID: "error: " + err.Error()}
						}
						if diff := evaltest.Compare(&d, &it.want[i]); diff != "" {
							t.Errorf("goroutine %d: %s", g, diff)
							return
						}
					}
					_, _ = s.Get(items[0].name)
					_, _, _ = s.List(10, "")
					_ = s.Len()
				}
			}()
		}
		// Writers alongside: create and delete other snapshots.
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 {
				info, _, err := s.Create(variant(100+i), nil)
				if err != nil {
					t.Error(err)
					return
				}
				if err := s.Delete(info.Name); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		wg.Wait()
		// Four digests read by 16 goroutines: each compiled once (plus the
		// writer's five).
		if got := c.compiled.Load(); got != 4+5 {
			t.Errorf("%d compiles, want %d", got, 4+5)
		}
	})
}
