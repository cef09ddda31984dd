package path

import (
	"testing"

	"github.com/netverdict/netverdict/evaluator/corpus"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/reference"
)

var benchSizes = []corpus.Size{corpus.Small, corpus.Medium, corpus.Large}

// BenchmarkEvaluate is one flow through the whole path (forward and return
// legs) per op, cycling over the generated flows with a reused Decision.
func BenchmarkEvaluate(b *testing.B) {
	for _, size := range benchSizes {
		cfg, flows := corpus.Generate(size, 1)
		s, err := Compile(cfg)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(size.String(), func(b *testing.B) {
			var d model.Decision
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if err := s.Evaluate(&flows[i], model.Options{}, &d); err != nil {
					b.Fatal(err)
				}
				if i++; i == len(flows) {
					i = 0
				}
			}
		})
	}
}

// BenchmarkReference is BenchmarkEvaluate for the reference evaluator on
// the same flows: the baseline the compiled evaluator's figures are
// compared with, measured in the same run.
func BenchmarkReference(b *testing.B) {
	for _, size := range benchSizes {
		cfg, flows := corpus.Generate(size, 1)
		b.Run(size.String(), func(b *testing.B) {
			var d model.Decision
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if err := reference.Evaluate(cfg, &flows[i], model.Options{}, &d); err != nil {
					b.Fatal(err)
				}
				if i++; i == len(flows) {
					i = 0
				}
			}
		})
	}
}

// BenchmarkCompile builds a snapshot per op.
func BenchmarkCompile(b *testing.B) {
	for _, size := range benchSizes {
		cfg, _ := corpus.Generate(size, 1)
		b.Run(size.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Compile(cfg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
