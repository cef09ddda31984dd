package snapshots

import (
	"testing"

	"github.com/netverdict/netverdict/evaluator/corpus"
	"github.com/netverdict/netverdict/evaluator/path"
)

// BenchmarkCanonical is the cost an inline request pays on a cache hit.
func BenchmarkCanonical(b *testing.B) {
	for _, size := range []corpus.Size{corpus.Small, corpus.Large} {
		cfg, _ := corpus.Generate(size, 1)
		b.Run(size.String(), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := Canonical(cfg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBuild is a miss: decode the canonical content and compile it;
// BenchmarkCompile the compile alone, for comparison.
func BenchmarkBuild(b *testing.B) {
	for _, size := range []corpus.Size{corpus.Small, corpus.Large} {
		cfg, _ := corpus.Generate(size, 1)
		content, _, err := Canonical(cfg)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(size.String(), func(b *testing.B) {
			for b.Loop() {
				if _, err := build(content); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCompile(b *testing.B) {
	for _, size := range []corpus.Size{corpus.Small, corpus.Large} {
		cfg, _ := corpus.Generate(size, 1)
		b.Run(size.String(), func(b *testing.B) {
			for b.Loop() {
				if _, err := path.Compile(cfg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
