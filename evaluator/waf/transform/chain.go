package transform

import (
	"fmt"
	"sort"
	"strings"
)

// Chain is one statement's TextTransformations, sorted by ascending
// Priority: "AWS WAF processes all transformations, from lowest priority to
// highest, before inspecting the transformed content" (§4.7). A nil Chain
// is the identity. A Chain is immutable once built and safe for concurrent
// use; the mutable state lives in the Buffer passed to Apply.
type Chain []Kind

// NewChain builds a Chain from the parallel Priority and Type lists of a
// statement's TextTransformations, in document order. Priorities must be
// non-negative ("Valid Range: Minimum value of 0") and distinct ("they must
// all be different"); they need not be consecutive. Errors name the
// offending element as TextTransformations[i].
func NewChain(priorities []int32, kinds []Kind) (Chain, error) {
	if len(priorities) != len(kinds) {
		return nil, fmt.Errorf("TextTransformations: %d priorities for %d types", len(priorities), len(kinds))
	}
	type step struct {
		prio int32
		kind Kind
	}
	steps := make([]step, len(kinds))
	seen := make(map[int32]int, len(kinds))
	for i, k := range kinds {
		p := priorities[i]
		if p < 0 {
			return nil, fmt.Errorf("TextTransformations[%d].Priority: %d is negative (minimum 0)", i, p)
		}
		if j, dup := seen[p]; dup {
			return nil, fmt.Errorf("TextTransformations[%d].Priority: duplicate value %d (also TextTransformations[%d])", i, p, j)
		}
		seen[p] = i
		if !k.Valid() {
			return nil, fmt.Errorf("TextTransformations[%d].Type: invalid value %s", i, k)
		}
		steps[i] = step{p, k}
	}
	sort.Slice(steps, func(a, b int) bool { return steps[a].prio < steps[b].prio })
	c := make(Chain, len(steps))
	for i, s := range steps {
		c[i] = s.kind
	}
	return c, nil
}

// Buffer holds the two scratch slices a Chain alternates between. Reusing
// one Buffer across calls (one per goroutine; it is not safe for concurrent
// use) makes steady-state evaluation allocation-free. The zero value is
// ready to use.
type Buffer struct {
	a, b []byte
}

// Apply runs every step of c over src and returns the result. src is never
// modified. The result is src itself when no step changes the bytes'
// storage (empty chain, only NONE), and otherwise aliases buf: it is valid
// until the next Apply with the same Buffer, and src must not be such a
// result of the same Buffer. A nil buf is allowed and allocates.
func (c Chain) Apply(buf *Buffer, src []byte) []byte {
	if buf == nil {
		buf = new(Buffer)
	}
	cur := src
	useA := true
	for _, k := range c {
		if k == None {
			continue
		}
		if useA {
			buf.a = Apply(k, buf.a, cur)
			cur = buf.a
		} else {
			buf.b = Apply(k, buf.b, cur)
			cur = buf.b
		}
		useA = !useA
	}
	return cur
}

// Key returns a canonical string for c: the step names in order, NONE steps
// omitted (they are the identity), so two chains with the same effective
// steps share a key. The engine uses it to
// transform each (component, chain) pair once per request. The identity
// chain's key is "".
func (c Chain) Key() string {
	var b strings.Builder
	for _, k := range c {
		if k == None {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(k.String())
	}
	return b.String()
}

// String returns the step names in application order, for traces.
func (c Chain) String() string {
	names := make([]string, len(c))
	for i, k := range c {
		names[i] = k.String()
	}
	return "[" + strings.Join(names, " ") + "]"
}
