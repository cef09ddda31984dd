package path

import (
	"sync"
	"testing"

	"github.com/netverdict/netverdict/evaluator/corpus"
	"github.com/netverdict/netverdict/evaluator/evaltest"
	"github.com/netverdict/netverdict/evaluator/model"
)

// TestConcurrentEvaluate shares one Snapshot between goroutines (run it
// with -race): each must get the answers a lone evaluation gives.
func TestConcurrentEvaluate(t *testing.T) {
	cfg, flows := corpus.Generate(corpus.Small, 3)
	s, err := Compile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]model.Decision, len(flows))
	for i := range flows {
		if err := s.Evaluate(&flows[i], model.Options{}, &want[i]); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var d model.Decision
			for k := range flows {
				i := (k + g*37) % len(flows)
				if err := s.Evaluate(&flows[i], model.Options{}, &d); err != nil {
					t.Error(err)
					return
				}
				if diff := evaltest.Compare(&d, &want[i]); diff != "" {
					t.Errorf("goroutine %d flow %d:\n%s", g, i, diff)
					return
				}
			}
		}()
	}
	wg.Wait()
}
