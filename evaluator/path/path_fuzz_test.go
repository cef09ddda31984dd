package path

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/netverdict/netverdict/evaluator/corpus"
	"github.com/netverdict/netverdict/evaluator/evaltest"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/reference"
)

// optsFromByte picks the ephemeral range of a differential run: the
// default, narrow ones that make partial answers likely, or an empty one
// (both evaluators must reject it).
func optsFromByte(b byte) model.Options {
	switch b % 6 {
	case 1:
		return model.Options{Ephemeral: model.PortRange{From: 1024, To: 2047}}
	case 2:
		return model.Options{Ephemeral: model.PortRange{From: 32768, To: 65535}}
	case 3:
		return model.Options{Ephemeral: model.PortRange{From: 0, To: 100}}
	case 4:
		return model.Options{Ephemeral: model.PortRange{From: 443, To: 443}}
	case 5:
		if b%12 == 5 {
			return model.Options{Ephemeral: model.PortRange{From: 10, To: 5}}
		}
	}
	return model.Options{}
}

// differential judges the flow FromBytes builds from data with both
// evaluators and returns a description of any disagreement.
func differential(data []byte, optByte byte) string {
	cfg, f := corpus.FromBytes(data)
	opts := optsFromByte(optByte)
	s, err := Compile(cfg)
	if err != nil {
		return fmt.Sprintf("Compile: %v", err)
	}
	var got, want model.Decision
	gotErr := s.Evaluate(&f, opts, &got)
	wantErr := reference.Evaluate(cfg, &f, opts, &want)
	if (gotErr == nil) != (wantErr == nil) {
		return fmt.Sprintf("error: compiled %v, reference %v\nflow %+v", gotErr, wantErr, f)
	}
	if gotErr != nil {
		var g, w *model.FlowError
		if errors.As(gotErr, &g) != errors.As(wantErr, &w) {
			return fmt.Sprintf("error kind: compiled %v, reference %v", gotErr, wantErr)
		}
		return ""
	}
	if diff := evaltest.Compare(&got, &want); diff != "" {
		return fmt.Sprintf("%s\nflow %+v\nreference:\n%s", diff, f, evaltest.Format(&want))
	}
	return ""
}

// FuzzDifferential holds Snapshot.Evaluate to reference.Evaluate on small
// random configs and flows: same error or not, same decision with every
// check's rules, tracking and reason.
func FuzzDifferential(f *testing.F) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 64 {
		data := make([]byte, 200+r.IntN(400))
		for i := range data {
			data[i] = byte(r.UintN(256))
		}
		f.Add(data, byte(r.UintN(256)))
	}
	f.Fuzz(func(t *testing.T, data []byte, opt byte) {
		if diff := differential(data, opt); diff != "" {
			t.Fatal(diff)
		}
	})
}

// TestDifferential is the deterministic part of FuzzDifferential, so plain
// `go test` catches disagreements: a few thousand pseudo-random inputs.
func TestDifferential(t *testing.T) {
	n := 4000
	if testing.Short() {
		n = 500
	}
	r := rand.New(rand.NewPCG(7, 11))
	failures := 0
	for i := range n {
		data := make([]byte, 24+r.IntN(600))
		for j := range data {
			data[j] = byte(r.UintN(256))
		}
		opt := byte(r.UintN(256))
		if diff := differential(data, opt); diff != "" {
			t.Errorf("input %d (data %x, opt %d):\n%s", i, data, opt, diff)
			if failures++; failures == 5 {
				t.FailNow()
			}
		}
	}
}
