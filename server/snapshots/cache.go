package snapshots

import (
	"container/list"
	"fmt"
	"time"

	"github.com/netverdict/netverdict/evaluator/path"
)

// Estimated memory of a compiled snapshot: compiledBase plus
// compiledPerContentByte per byte of canonical content. Calibrated with
// runtime.MemStats on the generated corpora (TestEstimateCalibration): a
// compiled snapshot holds 3.2x (large corpus: 2.2 MB of content, 7.2 MB
// compiled) to 5.2x (small corpus) its content; the estimate takes the
// upper end so the cache bound errs on the safe side.
const (
	compiledBase           = 16 << 10
	compiledPerContentByte = 5
)

// estimateCompiled returns the estimated memory of the compiled snapshot
// of content of n bytes.
func estimateCompiled(n int) int64 {
	return compiledBase + compiledPerContentByte*int64(n)
}

// lru is the cache of compiled snapshots by digest, bounded by their
// estimated size. The Store's mu guards it.
type lru struct {
	limit int64
	used  int64
	order *list.List // of *cacheEntry, most recently used first
	items map[string]*list.Element
}

type cacheEntry struct {
	digest string
	snap   *path.Snapshot
	size   int64
}

func (c *lru) init(limit int64) {
	c.limit = limit
	c.order = list.New()
	c.items = map[string]*list.Element{}
	c.used = 0
}

func (c *lru) clear() { c.init(c.limit) }

// get returns the snapshot of digest and marks it recently used.
func (c *lru) get(digest string) (*path.Snapshot, bool) {
	el, ok := c.items[digest]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).snap, true
}

// add caches snap under digest, evicting the least recently used entries
// to stay within the limit; a snapshot larger than the limit is not cached.
func (c *lru) add(digest string, snap *path.Snapshot, size int64) {
	if size > c.limit {
		return
	}
	if el, ok := c.items[digest]; ok {
		c.order.MoveToFront(el)
		return
	}
	for c.used+size > c.limit {
		c.removeElement(c.order.Back())
	}
	c.items[digest] = c.order.PushFront(&cacheEntry{digest: digest, snap: snap, size: size})
	c.used += size
}

func (c *lru) remove(digest string) {
	if el, ok := c.items[digest]; ok {
		c.removeElement(el)
	}
}

func (c *lru) removeElement(el *list.Element) {
	e := c.order.Remove(el).(*cacheEntry)
	delete(c.items, e.digest)
	c.used -= e.size
}

// flight is one compilation in progress; waiters block on done.
type flight struct {
	done chan struct{}
	snap *path.Snapshot
	err  error
}

// compiled returns the compiled snapshot of digest from the cache, or
// builds it from the content load returns and caches it. Concurrent calls
// for one digest share one compilation. countHits says whether to call
// the CacheHit/CacheMiss hooks (Create does not: it is not a lookup).
func (s *Store) compiled(digest string, load loader, countHits bool) (*path.Snapshot, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, ErrClosed
	}
	if snap, ok := s.cache.get(digest); ok {
		s.mu.Unlock()
		if countHits {
			call(s.hooks.CacheHit)
		}
		return snap, nil
	}
	if f, ok := s.flights[digest]; ok {
		s.mu.Unlock()
		if countHits {
			call(s.hooks.CacheMiss)
		}
		<-f.done
		return f.snap, f.err
	}
	f := &flight{done: make(chan struct{})}
	s.flights[digest] = f
	s.mu.Unlock()
	if countHits {
		call(s.hooks.CacheMiss)
	}

	var size int64
	var took time.Duration
	func() {
		// A panic while compiling must not leave waiters blocked forever.
		defer func() {
			if r := recover(); r != nil {
				f.snap, f.err = nil, fmt.Errorf("compiling: internal error: %v", r)
			}
		}()
		start := time.Now()
		nc, n, err := load()
		if err != nil {
			f.err = err
			return
		}
		f.snap, f.err = buildConfig(nc, s.compileOpts)
		took = time.Since(start)
		size = estimateCompiled(n)
	}()

	s.mu.Lock()
	delete(s.flights, digest)
	if f.err == nil && !s.closed {
		s.cache.add(digest, f.snap, size)
	}
	s.mu.Unlock()
	close(f.done)
	if f.err == nil && s.hooks.Compiled != nil {
		s.hooks.Compiled(took)
	}
	return f.snap, f.err
}

func call(h func()) {
	if h != nil {
		h()
	}
}
