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

// TestAllocationsNamingAddresses bounds the one exception to the
// zero-allocation contract: a check that must name an address not in the
// config (an unknown host's UnknownHost/UnknownSubnet subject, an
// undecidable membership "membership of <ip> in <sg>") renders it into a
// string, once per endpoint and check.
func TestAllocationsNamingAddresses(t *testing.T) {
	snap, err := Compile(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	f := flow(ip("10.0.9.9"), id("eni-db"), 6, 40000, 5432) // unknown host, membership undecidable
	var d model.Decision
	if err := snap.Evaluate(&f, model.Options{}, &d); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { _ = snap.Evaluate(&f, model.Options{}, &d) }); n > 3 {
		t.Errorf("%v allocations, want at most 3 (the address once, the membership subject)", n)
	}
}
