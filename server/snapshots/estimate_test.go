package snapshots

import (
	"runtime"
	"testing"

	"github.com/netverdict/netverdict/evaluator/corpus"
	"github.com/netverdict/netverdict/evaluator/path"
)

// heapOf returns the live heap bytes that building with f keeps.
func heapOf(t *testing.T, f func() any) (int64, any) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := f()
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	return int64(after.HeapAlloc) - int64(before.HeapAlloc), v
}

// TestEstimateCalibration measures the memory of compiled snapshots of the
// generated corpora against estimateCompiled: the estimate must cover the
// measurement without overstating it more than threefold.
func TestEstimateCalibration(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the large corpus")
	}
	for _, size := range []corpus.Size{corpus.Small, corpus.Medium, corpus.Large} {
		cfg, _ := corpus.Generate(size, 1)
		content, _, err := Canonical(cfg)
		if err != nil {
			t.Fatal(err)
		}
		used, v := heapOf(t, func() any {
			s, err := build(content)
			if err != nil {
				t.Fatal(err)
			}
			return s
		})
		runtime.KeepAlive(v.(*path.Snapshot))
		est := estimateCompiled(len(content))
		t.Logf("%s: content %d bytes, compiled %d bytes (%.2fx content), estimate %d", size, len(content), used, float64(used)/float64(len(content)), est)
		if est < used || est > 3*used {
			t.Errorf("%s: estimate %d bytes for a measured %d", size, est, used)
		}
	}
}
