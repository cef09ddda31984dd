package whatif_test

import (
	"github.com/netverdict/netverdict/evaluator/whatif"
	"testing"

	"github.com/netverdict/netverdict/evaluator/corpus"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/path"
)

// proposedFrom derives a proposed config from cfg: every tenth security
// group loses its last rule (a deep copy through the API's types).
func proposedFrom(b *testing.B, cfg *model.Config) *model.Config {
	p := deepCopy(b, cfg)
	for i := 0; i < len(p.SecurityGroups); i += 10 {
		if g := &p.SecurityGroups[i]; len(g.Rules) > 0 {
			g.Rules = g.Rules[:len(g.Rules)-1]
		}
	}
	return p
}

// BenchmarkCompare: one flow of the large corpus judged under both
// configurations and classified; per op, with the allocations.
// RunParallel gives the 2-core figure (b.N flows over GOMAXPROCS
// goroutines).
func BenchmarkCompare(b *testing.B) {
	cfg, flows := corpus.Generate(corpus.Large, 1)
	base, err := path.Compile(cfg)
	if err != nil {
		b.Fatal(err)
	}
	prop, err := path.Compile(proposedFrom(b, cfg))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("serial", func(b *testing.B) {
		var c whatif.Comparison
		var s whatif.Summary
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			f := &flows[i%len(flows)]
			if whatif.Compare(base, prop, f, model.Options{}, &c) == nil {
				s.Add(f, &c)
			}
		}
	})
	pair, err := whatif.NewPair(cfg, proposedFrom(b, cfg))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("pair-parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			var c whatif.Comparison
			var s whatif.Summary
			i := 0
			for pb.Next() {
				f := &flows[i%len(flows)]
				if pair.Compare(f, model.Options{}, &c) == nil {
					s.Add(f, &c)
				}
				i++
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "flows/s")
	})
	// A typical pull request: one group loses a rule.
	small := deepCopy(b, cfg)
	if g := &small.SecurityGroups[0]; len(g.Rules) > 0 {
		g.Rules = g.Rules[:len(g.Rules)-1]
	}
	smallPair, err := whatif.NewPair(cfg, small)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("pair-parallel-one-group", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			var c whatif.Comparison
			var s whatif.Summary
			i := 0
			for pb.Next() {
				f := &flows[i%len(flows)]
				if smallPair.Compare(f, model.Options{}, &c) == nil {
					s.Add(f, &c)
				}
				i++
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "flows/s")
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			var c whatif.Comparison
			var s whatif.Summary
			i := 0
			for pb.Next() {
				f := &flows[i%len(flows)]
				if whatif.Compare(base, prop, f, model.Options{}, &c) == nil {
					s.Add(f, &c)
				}
				i++
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "flows/s")
	})
}
