package server

import (
	"runtime"
	"sync"
)

// minPart is the fewest flows worth a goroutine of their own.
const minPart = 128

// inParts splits n flows into partsFor(n) parts over the cores and calls
// run for each part [lo, hi) — the last part on the calling goroutine —
// and returns once all are done. Parts write disjoint
// ranges, so run needs no locking; each part's results are indexed by p.
// It cuts unary latency, and on a stream it keeps the cores busy while
// evaluation is the slowest stage (measured +40% flows/s on the large
// corpus with client and server on 2 cores, server/bench_test.go).
func inParts(n int, run func(p, lo, hi int)) {
	parts := partsFor(n)
	var wg sync.WaitGroup
	for p := range parts - 1 {
		wg.Go(func() { run(p, p*n/parts, (p+1)*n/parts) })
	}
	run(parts-1, (parts-1)*n/parts, n)
	wg.Wait()
}

// partsFor returns how many parts inParts makes of n flows.
func partsFor(n int) int {
	if n >= 2*minPart {
		return min(runtime.GOMAXPROCS(0), n/minPart)
	}
	return 1
}
