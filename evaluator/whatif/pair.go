package whatif

import (
	"reflect"
	"slices"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/path"
)

// Pair is a base and a proposed configuration compiled for what-if, with
// what differs between them, so that a flow whose path the change does
// not touch is evaluated once: its proposed decision is its base decision.
// A typical change (some rules of some groups, some ACL entries) leaves
// most flows' paths alone, and batch runs then cost one evaluation per
// flow instead of two.
type Pair struct {
	Base, Proposed *path.Snapshot
	// whole is set when interfaces, subnets, VPCs or prefix lists differ:
	// then every flow is evaluated on both sides.
	whole bool
	// stable holds the interfaces none of whose attached groups differ;
	// changedACLs the network ACLs that differ (or exist on one side
	// only). Both are settled once, so a flow costs one lookup per check.
	stable      map[string]bool
	changedACLs map[string]bool
}

// NewPair compiles base and proposed and finds what differs.
func NewPair(base, proposed *model.Config) (*Pair, error) {
	return NewPairWith(base, proposed, path.CompileOptions{})
}

// NewPairWith is NewPair compiling both sides with opts (the geo file).
func NewPairWith(base, proposed *model.Config, opts path.CompileOptions) (*Pair, error) {
	b, err := path.CompileWith(base, opts)
	if err != nil {
		return nil, &SideError{Side: "base", Err: err}
	}
	p, err := path.CompileWith(proposed, opts)
	if err != nil {
		return nil, &SideError{Side: "proposed", Err: err}
	}
	return NewPairCompiled(b, p, base, proposed), nil
}

// NewPairCompiled is NewPair for snapshots already compiled from base and
// proposed (or from configurations equivalent to them).
func NewPairCompiled(b, p *path.Snapshot, base, proposed *model.Config) *Pair {
	pr := &Pair{Base: b, Proposed: p, stable: map[string]bool{}, changedACLs: map[string]bool{}}
	pr.whole = !reflect.DeepEqual(base.Interfaces, proposed.Interfaces) || !reflect.DeepEqual(base.Subnets, proposed.Subnets) ||
		!reflect.DeepEqual(base.VPCs, proposed.VPCs) || !reflect.DeepEqual(base.PrefixLists, proposed.PrefixLists) ||
		layersDiffer(base, proposed)
	changedGroups := map[string]bool{}
	diff(base.SecurityGroups, proposed.SecurityGroups, func(g model.SecurityGroup) string { return g.ID }, changedGroups)
	diff(base.NetworkACLs, proposed.NetworkACLs, func(a model.NetworkACL) string { return a.ID }, pr.changedACLs)
	// A check names the ACL the base gives its subnet: when the change
	// moves a subnet to another ACL (an association or a VPC's default
	// added, moved or dropped), a check on an unchanged ACL is stale.
	// (Firewall subnets' ACL checks need nothing more: a decision with a
	// firewall check is never untouched.)
	if !reflect.DeepEqual(aclPlacement(base.NetworkACLs), aclPlacement(proposed.NetworkACLs)) {
		pr.whole = true
	}
	for _, it := range base.Interfaces {
		pr.stable[it.ID] = !slices.ContainsFunc(it.SecurityGroupIDs, func(g string) bool { return changedGroups[g] })
	}
	return pr
}

// diff marks the ids whose items differ between xs and ys, or exist in
// one only.
// (An index of ys by id, not a scan per item: configs with thousands of
// groups are common.)
func diff[T any](xs, ys []T, idOf func(T) string, changed map[string]bool) {
	first := make(map[string]int, len(ys))
	for i := range ys {
		if _, ok := first[idOf(ys[i])]; !ok {
			first[idOf(ys[i])] = i
		}
	}
	seen := make(map[string]bool, len(xs))
	for _, x := range xs {
		id := idOf(x)
		seen[id] = true
		if i, ok := first[id]; !ok || !reflect.DeepEqual(x, ys[i]) {
			changed[id] = true
		}
	}
	for id := range first {
		if !seen[id] {
			changed[id] = true
		}
	}
}

// aclPlacement is which ACL each subnet is associated with and which ACL
// is each VPC's default (the first, as path.Compile reads them).
func aclPlacement(acls []model.NetworkACL) map[string]string {
	m := map[string]string{}
	for _, a := range acls {
		for _, as := range a.Associations {
			if _, ok := m[as.SubnetID]; !ok {
				m[as.SubnetID] = a.ID
			}
		}
		if a.IsDefault {
			if _, ok := m["default "+a.VPCID]; !ok {
				m["default "+a.VPCID] = a.ID
			}
		}
	}
	return m
}

// untouched reports whether no check of the base decision d rests on
// something the change alters: each security-group check is at a known
// interface none of whose groups changed, each network ACL check on an
// unchanged ACL.
func (pr *Pair) untouched(d *model.Decision) bool {
	if pr.whole {
		return false
	}
	for i := range d.Checks {
		c := &d.Checks[i]
		switch c.Layer {
		case model.LayerSecurityGroup:
			if !pr.stable[c.ResourceID] { // unknown interfaces are not stable
				return false
			}
		case model.LayerNetworkACL:
			if pr.changedACLs[c.ResourceID] {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// Compare is the package Compare on the pair, evaluating the proposed
// side only when the change touches the flow's path.
func (pr *Pair) Compare(f *model.Flow, opts model.Options, c *Comparison) error {
	if err := pr.Base.Evaluate(f, opts, &c.Base); err != nil {
		return &SideError{Side: "base", Err: err}
	}
	if pr.untouched(&c.Base) {
		copyDecision(&c.Proposed, &c.Base)
	} else if err := evaluateProposed(pr.Proposed, f, opts, c); err != nil {
		return err
	}
	finish(f, c)
	return nil
}

// copyDecision copies src into dst, reusing dst's storage.
func copyDecision(dst, src *model.Decision) {
	dst.Reset(src.FlowID)
	dst.Verdict = src.Verdict
	for i := range src.Checks {
		s := &src.Checks[i]
		c := dst.NextCheck()
		rules, ports := c.Rules, c.Reason.Ports
		*c = *s
		c.Rules = append(rules[:0], s.Rules...)
		c.Reason.Ports = append(ports[:0], s.Reason.Ports...)
	}
}

// layersDiffer reports whether the route, Network Firewall or WAF parts of
// the configs differ: such a change can touch any flow, so Pair then
// evaluates every flow on both sides.
func layersDiffer(a, b *model.Config) bool {
	return !reflect.DeepEqual(a.RouteTables, b.RouteTables) || !reflect.DeepEqual(a.Firewalls, b.Firewalls) ||
		!reflect.DeepEqual(a.FirewallPolicies, b.FirewallPolicies) || !reflect.DeepEqual(a.FirewallRuleGroups, b.FirewallRuleGroups) ||
		!reflect.DeepEqual(a.WebACLs, b.WebACLs) || !reflect.DeepEqual(a.IPSets, b.IPSets) ||
		!reflect.DeepEqual(a.RegexPatternSets, b.RegexPatternSets) || !reflect.DeepEqual(a.WAFRuleGroups, b.WAFRuleGroups) ||
		!reflect.DeepEqual(a.WebACLAssociations, b.WebACLAssociations)
}
