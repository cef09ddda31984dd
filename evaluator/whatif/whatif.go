package whatif

import (
	"fmt"
	"strings"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/path"
)

// Change classifies how a flow's decision changes.
type Change uint8

// Change classes (the API's Change enum, in the same order).
const (
	ChangeUnspecified Change = iota
	// Unchanged: same verdict, same deciding rules.
	Unchanged
	// NewlyAllowed: DENY under the base, ALLOW under the proposed config.
	NewlyAllowed
	// NewlyDenied: ALLOW under the base, DENY under the proposed config.
	NewlyDenied
	// RulesChanged: same verdict, other deciding rules or checks.
	RulesChanged
	// Indeterminate: the verdicts differ and one is INDETERMINATE.
	Indeterminate
	numChanges
)

// String names the class as the API's enum value does.
func (c Change) String() string {
	return [...]string{"CHANGE_UNSPECIFIED", "CHANGE_UNCHANGED", "CHANGE_NEWLY_ALLOWED", "CHANGE_NEWLY_DENIED",
		"CHANGE_RULES_CHANGED", "CHANGE_INDETERMINATE"}[min(int(c), int(numChanges)-1)]
}

// Fate is what the change does to an existing connection.
type Fate uint8

// Fates.
const (
	// NotExisting: not an ESTABLISHED flow the base allows.
	NotExisting Fate = iota
	// Survives: the connection keeps flowing.
	Survives
	// Cut: the change interrupts the connection.
	Cut
	// Unknown: the proposed decision is INDETERMINATE.
	Unknown
)

// Comparison is one flow judged under both configurations. Its decisions'
// storage is reused by the next Compare.
type Comparison struct {
	Base, Proposed model.Decision
	Change         Change
	Fate           Fate
	// FateReason says why, for an existing connection; "" otherwise.
	FateReason string
}

// Compare judges f under base and proposed and classifies the change.
// For an ESTABLISHED flow, the proposed side is judged with the tracking
// each security-group check had under the base (unless the flow states
// its tracking). An error is the base's or the proposed configuration's
// refusal of the flow (a *model.FlowError, wrapped with the side).
func Compare(base, proposed *path.Snapshot, f *model.Flow, opts model.Options, c *Comparison) error {
	if err := base.Evaluate(f, opts, &c.Base); err != nil {
		return &SideError{Side: "base", Err: err}
	}
	if err := evaluateProposed(proposed, f, opts, c); err != nil {
		return err
	}
	finish(f, c)
	return nil
}

// evaluateProposed judges f on the proposed side, an ESTABLISHED flow with
// the tracking its base decision's security-group checks had.
func evaluateProposed(proposed *path.Snapshot, f *model.Flow, opts model.Options, c *Comparison) error {
	pf := f
	var carried model.Flow
	if f.State == model.StateEstablished {
		carried = *f
		for i := range c.Base.Checks {
			ch := &c.Base.Checks[i]
			if ch.Layer != model.LayerSecurityGroup || ch.Leg != model.LegForward {
				continue
			}
			end := 0
			if ch.Direction == model.DirectionIngress {
				end = 1
			}
			if f.TrackingAt(end == 1) == model.TrackingUnspecified && ch.Tracking != model.TrackingUnspecified {
				carried.EstablishedTrackingAt[end] = ch.Tracking
			}
		}
		pf = &carried
	}
	if err := proposed.Evaluate(pf, opts, &c.Proposed); err != nil {
		return &SideError{Side: "proposed", Err: err}
	}
	return nil
}

// finish classifies a comparison whose two decisions are made.
func finish(f *model.Flow, c *Comparison) {
	c.Change = classify(&c.Base, &c.Proposed)
	c.Fate, c.FateReason = NotExisting, ""
	if f.State == model.StateEstablished && c.Base.Verdict == model.VerdictAllow {
		c.Fate, c.FateReason = fate(&c.Base, &c.Proposed)
	}
}

// SideError is a flow one configuration refuses.
type SideError struct {
	Side string // "base" or "proposed"
	Err  error
}

func (e *SideError) Error() string { return e.Side + ": " + e.Err.Error() }
func (e *SideError) Unwrap() error { return e.Err }

// classify compares two decisions.
func classify(b, p *model.Decision) Change {
	switch {
	case b.Verdict == p.Verdict:
		if sameDeciding(b, p) {
			return Unchanged
		}
		return RulesChanged
	case b.Verdict == model.VerdictIndeterminate || p.Verdict == model.VerdictIndeterminate:
		return Indeterminate
	case p.Verdict == model.VerdictAllow:
		return NewlyAllowed
	case b.Verdict == model.VerdictAllow:
		return NewlyDenied
	}
	return RulesChanged
}

// sameDeciding reports whether two decisions have the same checks with
// the same verdicts and deciding rules (reasons and tracking aside).
func sameDeciding(b, p *model.Decision) bool {
	if len(b.Checks) != len(p.Checks) {
		return false
	}
	for i := range b.Checks {
		x, y := &b.Checks[i], &p.Checks[i]
		if x.Layer != y.Layer || x.Leg != y.Leg || x.Direction != y.Direction || x.ResourceID != y.ResourceID ||
			x.Verdict != y.Verdict || len(x.Rules) != len(y.Rules) {
			return false
		}
		for j := range x.Rules {
			if x.Rules[j].ResourceID != y.Rules[j].ResourceID || x.Rules[j].RuleID != y.Rules[j].RuleID {
				return false
			}
		}
	}
	return true
}

// fate says what happens to an existing connection the base allows.
func fate(b, p *model.Decision) (Fate, string) {
	switch p.Verdict {
	case model.VerdictIndeterminate:
		return Unknown, "the proposed configuration cannot decide it: " + firstReason(p, model.VerdictIndeterminate)
	case model.VerdictDeny:
		for i := range p.Checks {
			c := &p.Checks[i]
			if c.Verdict != model.VerdictDeny {
				continue
			}
			if c.Layer == model.LayerNetworkACL {
				return Cut, fmt.Sprintf("network ACL %s denies its %s packets under the proposed rules; ACLs are stateless, so the change cuts it at once",
					c.ResourceID, c.Leg)
			}
			if c.Layer == model.LayerSecurityGroup {
				return Cut, fmt.Sprintf("the connection is untracked at %s and no proposed rule allows it: AWS interrupts untracked flows as soon as their rule goes",
					c.ResourceID)
			}
			return Cut, fmt.Sprintf("%s %s denies it under the proposed configuration", c.Layer, c.ResourceID)
		}
		return Cut, "denied under the proposed configuration"
	}
	var tracked []string
	for i := range p.Checks {
		c := &p.Checks[i]
		if c.Layer == model.LayerSecurityGroup && c.Tracking != model.TrackingUntracked {
			tracked = append(tracked, fmt.Sprintf("%s at %s", c.Tracking, c.ResourceID))
		}
	}
	if len(tracked) == 0 {
		return Survives, "the proposed rules still allow every packet of it"
	}
	return Survives, "the connection is " + strings.Join(tracked, " and ") +
		": security group rules apply to new connections only, and the network ACLs still allow it"
}

func firstReason(d *model.Decision, v model.Verdict) string {
	for i := range d.Checks {
		if d.Checks[i].Verdict == v {
			return model.Describe(&d.Checks[i], nil)
		}
	}
	return "no check says why"
}
