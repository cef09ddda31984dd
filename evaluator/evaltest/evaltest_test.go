package evaltest

import (
	"errors"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/model"
)

// TestCasesWellFormed checks the table itself: unique names, a cited
// section, either a decision or a rejection, consistent flow ids.
func TestCasesWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Cases() {
		if seen[c.Name] {
			t.Errorf("duplicate case name %q", c.Name)
		}
		seen[c.Name] = true
		if !strings.HasPrefix(c.Section, "§") && !strings.HasPrefix(c.Section, "spec §") {
			t.Errorf("%s: section %q cites neither aws-semantics (§N) nor the spec (spec §N)", c.Name, c.Section)
		}
		if c.Config == nil {
			t.Errorf("%s: no config", c.Name)
		}
		if c.WantErr != "" {
			if len(c.Want.Checks) > 0 {
				t.Errorf("%s: both WantErr and checks", c.Name)
			}
			if !strings.Contains(c.WantErr, `"`) {
				t.Errorf("%s: WantErr %q should pin field and value (`field \"value\"`)", c.Name, c.WantErr)
			}
			continue
		}
		if len(c.Want.Checks) == 0 && c.Want.Verdict != model.VerdictAllow {
			// Only traffic AWS does not filter has no checks (spec §2).
			t.Errorf("%s: no expected checks", c.Name)
		}
		if c.Want.FlowID != c.Flow.ID || c.Flow.ID == "" {
			t.Errorf("%s: flow id %q, want.FlowID %q", c.Name, c.Flow.ID, c.Want.FlowID)
		}
		// The expected overall verdict follows from the checks (spec §2).
		d := model.Decision{Checks: c.Want.Checks}
		d.Finish()
		if d.Verdict != c.Want.Verdict {
			t.Errorf("%s: want verdict %v, but its checks give %v", c.Name, c.Want.Verdict, d.Verdict)
		}
	}
	if n := len(seen); n < 100 {
		t.Errorf("only %d cases", n)
	}
}

// TestCasesAreFresh checks that changing a returned case does not change
// the next call's.
func TestCasesAreFresh(t *testing.T) {
	a := Cases()
	for i := range a {
		for j := range a[i].Want.Checks {
			for k := range a[i].Want.Checks[j].Rules {
				a[i].Want.Checks[j].Rules[k].RuleID = "changed"
			}
		}
		a[i].Config.Interfaces = nil
	}
	for _, c := range Cases() {
		if len(c.Config.Interfaces) == 0 && c.WantErr == "" {
			t.Fatalf("%s: config shared between calls", c.Name)
		}
		for _, ch := range c.Want.Checks {
			for _, r := range ch.Rules {
				if r.RuleID == "changed" {
					t.Fatalf("%s: expected rules shared between calls", c.Name)
				}
			}
		}
	}
}

func TestCompare(t *testing.T) {
	want := decision(allow,
		sgIn("eni-b", allow, tracked, because(model.ReasonSGAllowed), sgr("sg-b", "sgr-1")),
		retOut("acl-b", allow, over(model.ReasonNACLPortsAll, ports(1024, 65535)), entry("acl-b", 100)))
	want.FlowID = "f"
	same := func() model.Decision {
		d := want
		d.Checks = append([]model.Check(nil), want.Checks...)
		for i := range d.Checks {
			d.Checks[i].Rules = append([]model.RuleRef(nil), want.Checks[i].Rules...)
			d.Checks[i].Reason.Ports = append([]model.PortRange(nil), want.Checks[i].Reason.Ports...)
		}
		return d
	}
	if diff := Compare(&want, &want); diff != "" {
		t.Errorf("equal decisions differ:\n%s", diff)
	}

	// nil and empty slices are equal.
	a, b := model.Decision{FlowID: "x", Verdict: deny, Checks: []model.Check{{Rules: nil}}},
		model.Decision{FlowID: "x", Verdict: deny, Checks: []model.Check{{Rules: []model.RuleRef{}, Reason: model.Reason{Ports: []model.PortRange{}}}}}
	if diff := Compare(&a, &b); diff != "" {
		t.Errorf("nil and empty slices differ:\n%s", diff)
	}
	if diff := Compare(&model.Decision{}, &model.Decision{Checks: []model.Check{}}); diff != "" {
		t.Errorf("nil and empty checks differ:\n%s", diff)
	}

	// Every field difference is reported.
	for name, change := range map[string]func(*model.Decision){
		"FlowID":      func(d *model.Decision) { d.FlowID = "g" },
		"Verdict":     func(d *model.Decision) { d.Verdict = deny },
		"missing":     func(d *model.Decision) { d.Checks = d.Checks[:1] },
		"extra":       func(d *model.Decision) { d.Checks = append(d.Checks, d.Checks[0]) },
		"Layer":       func(d *model.Decision) { d.Checks[0].Layer = model.LayerNetworkACL },
		"Leg":         func(d *model.Decision) { d.Checks[0].Leg = model.LegReturn },
		"Direction":   func(d *model.Decision) { d.Checks[0].Direction = model.DirectionEgress },
		"ResourceID":  func(d *model.Decision) { d.Checks[0].ResourceID = "eni-c" },
		"CheckVerdct": func(d *model.Decision) { d.Checks[0].Verdict = indet },
		"Tracking":    func(d *model.Decision) { d.Checks[0].Tracking = untracked },
		"Code":        func(d *model.Decision) { d.Checks[0].Reason.Code = model.ReasonSGNoRule },
		"Subject":     func(d *model.Decision) { d.Checks[0].Reason.Subject = "pl-1" },
		"Ports":       func(d *model.Decision) { d.Checks[1].Reason.Ports[0].From = 1025 },
		"MorePorts":   func(d *model.Decision) { d.Checks[1].Reason.Ports = append(d.Checks[1].Reason.Ports, ports(1, 2)) },
		"RuleRes":     func(d *model.Decision) { d.Checks[0].Rules[0].ResourceID = "sg-c" },
		"RuleID":      func(d *model.Decision) { d.Checks[0].Rules[0].RuleID = "sgr-2" },
		"RuleNumber":  func(d *model.Decision) { d.Checks[1].Rules[0].RuleNumber = 101 },
		"RuleDesc":    func(d *model.Decision) { d.Checks[1].Rules[0].Description = "x" },
		"MoreRules":   func(d *model.Decision) { d.Checks[0].Rules = append(d.Checks[0].Rules, d.Checks[0].Rules[0]) },
		"FewerRules":  func(d *model.Decision) { d.Checks[0].Rules = nil },
	} {
		got := same()
		change(&got)
		if diff := Compare(&got, &want); diff == "" {
			t.Errorf("%s: difference not reported", name)
		}
	}
}

func TestCheckResult(t *testing.T) {
	c := Case{Name: "x", WantErr: `source.ip "10.0.0.9"`}
	fe := &model.FlowError{Field: "source.ip", Value: "10.0.0.9", Msg: "is not an address of eni-a"}
	if msg := CheckResult(&c, &model.Decision{}, fe); msg != "" {
		t.Errorf("matching FlowError rejected: %s", msg)
	}
	if msg := CheckResult(&c, &model.Decision{}, nil); msg == "" {
		t.Error("missing error accepted")
	}
	if msg := CheckResult(&c, &model.Decision{}, errors.New(`source.ip "10.0.0.9": plain`)); msg == "" {
		t.Error("an error that is no FlowError accepted")
	}
	other := &model.FlowError{Field: "destination.ip", Value: "10.0.0.9", Msg: "x"}
	if msg := CheckResult(&c, &model.Decision{}, other); msg == "" {
		t.Error("FlowError for another field accepted")
	}
	ok := Case{Name: "y", Want: model.Decision{FlowID: "y", Verdict: allow}}
	if msg := CheckResult(&ok, &model.Decision{FlowID: "y", Verdict: allow}, fe); msg == "" {
		t.Error("unexpected error accepted")
	}
}
