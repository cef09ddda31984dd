package path

import (
	"testing"

	"github.com/netverdict/netverdict/evaluator/corpus"
	"github.com/netverdict/netverdict/evaluator/model"
)

// TestEvaluateDoesNotAllocate holds the hot path to its contract: once the
// Decision has grown, judging a flow allocates nothing. One run judges
// every flow of the large corpus, so a single allocation on any of them
// fails the test.
func TestEvaluateDoesNotAllocate(t *testing.T) {
	if testing.Short() {
		t.Skip("large corpus")
	}
	cfg, flows := corpus.Generate(corpus.Large, 1)
	s, err := Compile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var d model.Decision
	run := func() {
		for i := range flows {
			if err := s.Evaluate(&flows[i], model.Options{}, &d); err != nil {
				t.Fatal(err)
			}
		}
	}
	run() // grow d to the largest decision
	if n := testing.AllocsPerRun(3, run); n != 0 {
		for i := range flows {
			if a := testing.AllocsPerRun(1, func() { _ = s.Evaluate(&flows[i], model.Options{}, &d) }); a != 0 {
				t.Errorf("flow %d (%+v): %v allocations", i, flows[i], a)
				break
			}
		}
		t.Fatalf("%v allocations per pass over %d flows, want 0", n, len(flows))
	}
}
