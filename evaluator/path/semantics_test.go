package path

import (
	"testing"

	"github.com/netverdict/netverdict/evaluator/evaltest"
	"github.com/netverdict/netverdict/evaluator/model"
)

// evaluate is Snapshot.Evaluate behind the evaltest.Evaluator signature:
// compile, then judge.
func evaluate(cfg *model.Config, f *model.Flow, opts model.Options, d *model.Decision) error {
	s, err := Compile(cfg)
	if err != nil {
		return err
	}
	return s.Evaluate(f, opts, d)
}

// TestSemantics runs the shared semantic cases (docs/semantics.md, one
// case per rule, expected decisions written by hand) against the compiled
// evaluator: zero differences, attribution included.
func TestSemantics(t *testing.T) {
	evaltest.Run(t, evaluate)
}

// TestSemanticsReusedDecision runs the same cases through one Decision
// reused across flows, as servers do, so storage kept by Reset and
// NextCheck never leaks into the next answer.
func TestSemanticsReusedDecision(t *testing.T) {
	var d model.Decision
	for _, c := range evaltest.Cases() {
		err := evaluate(c.Config, &c.Flow, c.Opts, &d)
		if msg := evaltest.CheckResult(&c, &d, err); msg != "" {
			t.Errorf("%s (%s):\n%s", c.Name, c.Section, msg)
		}
	}
}
