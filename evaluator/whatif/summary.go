package whatif

import (
	"cmp"
	"slices"
	"strings"

	"github.com/netverdict/netverdict/evaluator/model"
)

// Summary counts the changes of a what-if run. Unchanged flows touch only
// counters; the maps grow with the changed flows' destinations and rules.
type Summary struct {
	Flows int64
	// Changes counts flows per class, indexed by Change.
	Changes [numChanges]int64
	// Destinations counts changed flows per destination (interface id,
	// else IP address).
	Destinations map[string]int64
	// Rules counts changed flows per rule that decided one side and not
	// the other.
	Rules map[string]int64
	// Survive and Cut count existing connections by fate.
	Survive, Cut int64
}

// Add counts one comparison of flow f.
func (s *Summary) Add(f *model.Flow, c *Comparison) {
	s.Flows++
	s.Changes[c.Change]++
	switch c.Fate {
	case Survives:
		s.Survive++
	case Cut:
		s.Cut++
	}
	if c.Change == Unchanged {
		return
	}
	if s.Destinations == nil {
		s.Destinations, s.Rules = map[string]int64{}, map[string]int64{}
	}
	s.Destinations[Destination(f)]++
	for _, k := range changedRules(&c.Base, &c.Proposed) {
		s.Rules[k]++
	}
}

// Destination names a flow's destination: its interface id, else its IP.
func Destination(f *model.Flow) string {
	if f.Destination.InterfaceID != "" {
		return f.Destination.InterfaceID
	}
	if f.Destination.IP.IsValid() {
		return f.Destination.IP.String()
	}
	return f.Destination.ResourceARN
}

// RuleKey names a deciding rule: "acl-…:100" for a network ACL entry,
// "sg-…/sgr-…" (or the synthetic id, which starts with the group id) for
// a security group rule.
func RuleKey(layer model.Layer, r model.RuleRef) string {
	if layer == model.LayerNetworkACL {
		return r.ResourceID + ":" + r.RuleID
	}
	if strings.HasPrefix(r.RuleID, r.ResourceID) {
		return r.RuleID
	}
	return r.ResourceID + "/" + r.RuleID
}

// changedRules lists the rules that decided a check on one side but not
// on the other, each once, in check order.
func changedRules(b, p *model.Decision) []string {
	set := func(d *model.Decision) map[string]bool {
		m := map[string]bool{}
		for i := range d.Checks {
			for _, r := range d.Checks[i].Rules {
				m[RuleKey(d.Checks[i].Layer, r)] = true
			}
		}
		return m
	}
	inB, inP := set(b), set(p)
	var out []string
	add := func(d *model.Decision, other map[string]bool) {
		for i := range d.Checks {
			for _, r := range d.Checks[i].Rules {
				k := RuleKey(d.Checks[i].Layer, r)
				if !other[k] && !slices.Contains(out, k) {
					out = append(out, k)
				}
			}
		}
	}
	add(b, inP)
	add(p, inB)
	return out
}

// KeyCount is a count under a key.
type KeyCount struct {
	Key   string
	Count int64
}

// Top returns m's entries, most first (ties by key), at most n (all when
// n <= 0).
func Top(m map[string]int64, n int) []KeyCount {
	out := make([]KeyCount, 0, len(m))
	for k, v := range m {
		out = append(out, KeyCount{k, v})
	}
	slices.SortFunc(out, func(a, b KeyCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// Merge adds the counts of o to s (summaries of parts of one run).
func (s *Summary) Merge(o *Summary) {
	s.Flows += o.Flows
	for i := range s.Changes {
		s.Changes[i] += o.Changes[i]
	}
	s.Survive += o.Survive
	s.Cut += o.Cut
	if len(o.Destinations) > 0 && s.Destinations == nil {
		s.Destinations, s.Rules = map[string]int64{}, map[string]int64{}
	}
	for k, v := range o.Destinations {
		s.Destinations[k] += v
	}
	for k, v := range o.Rules {
		s.Rules[k] += v
	}
}
