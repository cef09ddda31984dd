package tfplan

import (
	"fmt"
	"slices"

	"github.com/netverdict/netverdict/evaluator/model"
)

// Overlay applies a plan to the current configuration cur (AWS CLI
// exports). base is cur with the plan's before values laid over it: the
// state the plan starts from. proposed is base with the plan's changes —
// what differs between before and after — applied. cur may be nil (the
// plan alone).
//
// The changes are applied at the level Terraform manages them, so that a
// plan touching only part of a resource does not replace the whole of it:
// security group rules by their effect (direction, protocol, ports, peer:
// an aws_vpc_security_group_ingress_rule added to a group the plan does
// not contain adds one rule to that group as exported), network ACL
// entries by direction and rule number, ACL associations by subnet;
// VPCs, subnets, interfaces and prefix lists as whole resources by id.
// Overlay does not change its arguments.
func Overlay(cur, before, after *model.Config) (base, proposed *model.Config) {
	if cur == nil {
		cur = &model.Config{}
	}
	base = layBefore(cur, before)
	proposed = applyChanges(base, before, after)
	return base, proposed
}

// ruleKey is a security group rule's effect: what it allows, whatever its
// id and description (the AWS CLI and Terraform name rules differently).
func ruleKey(r *model.SGRule) string {
	from, to := r.FromPort, r.ToPort
	if r.Protocol == model.ProtoAll || !r.HasPorts {
		from, to = -1, -1
	}
	p := r.Peer
	return fmt.Sprintf("%s|%t|%d|%d|%d|%d|%v|%s|%s", r.GroupID, r.Egress, r.Protocol, from, to, p.Kind, p.CIDR, p.PrefixListID, p.GroupID)
}

type entryKey struct {
	egress bool
	number int32
	v6     bool
}

func keyOf(e *model.NACLEntry) entryKey {
	return entryKey{e.Egress, e.RuleNumber, e.CIDR.IsValid() && e.CIDR.Addr().Is6()}
}

// layBefore returns cur with before's resources laid over it.
func layBefore(cur, before *model.Config) *model.Config {
	out := clone(cur)
	if before == nil {
		return out
	}
	for _, g := range before.SecurityGroups {
		i := slices.IndexFunc(out.SecurityGroups, func(x model.SecurityGroup) bool { return x.ID == g.ID })
		if i < 0 {
			out.SecurityGroups = append(out.SecurityGroups, cloneGroup(g))
			continue
		}
		// Both describe the current rules: keep the export's (its sgr ids),
		// add what only the plan shows.
		have := map[string]bool{}
		for j := range out.SecurityGroups[i].Rules {
			have[ruleKey(&out.SecurityGroups[i].Rules[j])] = true
		}
		for j := range g.Rules {
			if !have[ruleKey(&g.Rules[j])] {
				out.SecurityGroups[i].Rules = append(out.SecurityGroups[i].Rules, g.Rules[j])
			}
		}
	}
	for _, a := range before.NetworkACLs {
		i := slices.IndexFunc(out.NetworkACLs, func(x model.NetworkACL) bool { return x.ID == a.ID })
		if i < 0 {
			out.NetworkACLs = append(out.NetworkACLs, cloneACL(a))
			continue
		}
		setEntries(&out.NetworkACLs[i], a.Entries)
	}
	for _, a := range before.NetworkACLs {
		for _, as := range a.Associations {
			associate(out, a.ID, as)
		}
	}
	out.VPCs = replaceByID(out.VPCs, before.VPCs, func(v model.VPC) string { return v.ID })
	out.Subnets = replaceByID(out.Subnets, before.Subnets, func(v model.Subnet) string { return v.ID })
	out.Interfaces = replaceByID(out.Interfaces, before.Interfaces, func(v model.Interface) string { return v.ID })
	out.PrefixLists = replaceByID(out.PrefixLists, before.PrefixLists, func(v model.PrefixList) string { return v.ID })
	return out
}

// applyChanges returns base with what differs between before and after.
func applyChanges(base, before, after *model.Config) *model.Config {
	out := clone(base)
	if before == nil {
		before = &model.Config{}
	}
	if after == nil {
		after = &model.Config{}
	}
	// Security groups: rules removed and added, by effect; new groups whole.
	for _, b := range before.SecurityGroups {
		a, ok := find(after.SecurityGroups, b.ID, func(g model.SecurityGroup) string { return g.ID })
		gone := map[string]bool{}
		kept := map[string]bool{}
		if ok {
			for j := range a.Rules {
				kept[ruleKey(&a.Rules[j])] = true
			}
		}
		for j := range b.Rules {
			if k := ruleKey(&b.Rules[j]); !kept[k] {
				gone[k] = true
			}
		}
		i := slices.IndexFunc(out.SecurityGroups, func(x model.SecurityGroup) bool { return x.ID == b.ID })
		if i >= 0 && len(gone) > 0 {
			out.SecurityGroups[i].Rules = slices.DeleteFunc(slices.Clone(out.SecurityGroups[i].Rules),
				func(r model.SGRule) bool { return gone[ruleKey(&r)] })
		}
	}
	for _, a := range after.SecurityGroups {
		b, _ := find(before.SecurityGroups, a.ID, func(g model.SecurityGroup) string { return g.ID })
		had := map[string]bool{}
		for j := range b.Rules {
			had[ruleKey(&b.Rules[j])] = true
		}
		i := slices.IndexFunc(out.SecurityGroups, func(x model.SecurityGroup) bool { return x.ID == a.ID })
		if i < 0 {
			out.SecurityGroups = append(out.SecurityGroups, cloneGroup(a))
			continue
		}
		have := map[string]bool{}
		for j := range out.SecurityGroups[i].Rules {
			have[ruleKey(&out.SecurityGroups[i].Rules[j])] = true
		}
		for j := range a.Rules {
			if k := ruleKey(&a.Rules[j]); !had[k] && !have[k] {
				out.SecurityGroups[i].Rules = append(out.SecurityGroups[i].Rules, a.Rules[j])
			}
		}
	}
	// Network ACLs: entries by direction and number; associations by subnet.
	for _, b := range before.NetworkACLs {
		a, ok := find(after.NetworkACLs, b.ID, func(x model.NetworkACL) string { return x.ID })
		i := slices.IndexFunc(out.NetworkACLs, func(x model.NetworkACL) bool { return x.ID == b.ID })
		if i < 0 {
			continue
		}
		keep := map[entryKey]bool{}
		if ok {
			for j := range a.Entries {
				keep[keyOf(&a.Entries[j])] = true
			}
		}
		out.NetworkACLs[i].Entries = slices.DeleteFunc(slices.Clone(out.NetworkACLs[i].Entries), func(e model.NACLEntry) bool {
			k := keyOf(&e)
			inBefore := slices.ContainsFunc(b.Entries, func(x model.NACLEntry) bool { return keyOf(&x) == k })
			return inBefore && !keep[k]
		})
	}
	for _, a := range after.NetworkACLs {
		i := slices.IndexFunc(out.NetworkACLs, func(x model.NetworkACL) bool { return x.ID == a.ID })
		if i < 0 {
			out.NetworkACLs = append(out.NetworkACLs, cloneACL(a))
			continue
		}
		b, _ := find(before.NetworkACLs, a.ID, func(x model.NetworkACL) string { return x.ID })
		var changed []model.NACLEntry
		for _, e := range a.Entries {
			if !slices.Contains(b.Entries, e) {
				changed = append(changed, e)
			}
		}
		setEntries(&out.NetworkACLs[i], changed)
	}
	for _, a := range after.NetworkACLs {
		b, _ := find(before.NetworkACLs, a.ID, func(x model.NetworkACL) string { return x.ID })
		for _, as := range a.Associations {
			if !slices.ContainsFunc(b.Associations, func(x model.NACLAssociation) bool { return x.SubnetID == as.SubnetID }) {
				associate(out, a.ID, as)
			}
		}
	}
	// Whole resources: removed, then replaced or added.
	out.VPCs = replaceByID(removeGone(out.VPCs, before.VPCs, after.VPCs, vpcID), after.VPCs, vpcID)
	out.Subnets = replaceByID(removeGone(out.Subnets, before.Subnets, after.Subnets, subnetID), after.Subnets, subnetID)
	out.Interfaces = replaceByID(removeGone(out.Interfaces, before.Interfaces, after.Interfaces, ifaceID), after.Interfaces, ifaceID)
	out.PrefixLists = replaceByID(removeGone(out.PrefixLists, before.PrefixLists, after.PrefixLists, plID), after.PrefixLists, plID)
	return out
}

func vpcID(v model.VPC) string         { return v.ID }
func subnetID(v model.Subnet) string   { return v.ID }
func ifaceID(v model.Interface) string { return v.ID }
func plID(v model.PrefixList) string   { return v.ID }

// setEntries lays entries over an ACL's, replacing those with the same
// direction and number, keeping rule-number order per direction.
func setEntries(a *model.NetworkACL, entries []model.NACLEntry) {
	if len(entries) == 0 {
		return
	}
	es := slices.Clone(a.Entries)
	for _, e := range entries {
		k := keyOf(&e)
		if i := slices.IndexFunc(es, func(x model.NACLEntry) bool { return keyOf(&x) == k }); i >= 0 {
			es[i] = e
		} else {
			es = append(es, e)
		}
	}
	slices.SortStableFunc(es, func(x, y model.NACLEntry) int {
		switch {
		case x.Egress != y.Egress:
			if x.Egress {
				return -1
			}
			return 1
		case x.RuleNumber < y.RuleNumber:
			return -1
		case x.RuleNumber > y.RuleNumber:
			return 1
		}
		return 0
	})
	a.Entries = es
}

// associate moves a subnet's association to the ACL aclID.
func associate(c *model.Config, aclID string, as model.NACLAssociation) {
	for i := range c.NetworkACLs {
		c.NetworkACLs[i].Associations = slices.DeleteFunc(slices.Clone(c.NetworkACLs[i].Associations),
			func(x model.NACLAssociation) bool { return x.SubnetID == as.SubnetID })
	}
	if i := slices.IndexFunc(c.NetworkACLs, func(x model.NetworkACL) bool { return x.ID == aclID }); i >= 0 {
		c.NetworkACLs[i].Associations = append(c.NetworkACLs[i].Associations, as)
	}
}

func find[T any](xs []T, id string, idOf func(T) string) (T, bool) {
	for _, x := range xs {
		if idOf(x) == id {
			return x, true
		}
	}
	var zero T
	return zero, false
}

// replaceByID replaces the items of xs that over has by id, and appends
// the others of over.
func replaceByID[T any](xs, over []T, idOf func(T) string) []T {
	out := slices.Clone(xs)
	for _, o := range over {
		if i := slices.IndexFunc(out, func(x T) bool { return idOf(x) == idOf(o) }); i >= 0 {
			out[i] = o
		} else {
			out = append(out, o)
		}
	}
	return out
}

// removeGone drops the items before has and after has not.
func removeGone[T any](xs, before, after []T, idOf func(T) string) []T {
	return slices.DeleteFunc(slices.Clone(xs), func(x T) bool {
		id := idOf(x)
		inB := slices.ContainsFunc(before, func(y T) bool { return idOf(y) == id })
		inA := slices.ContainsFunc(after, func(y T) bool { return idOf(y) == id })
		return inB && !inA
	})
}

func cloneGroup(g model.SecurityGroup) model.SecurityGroup {
	g.Rules = slices.Clone(g.Rules)
	return g
}

func cloneACL(a model.NetworkACL) model.NetworkACL {
	a.Entries = slices.Clone(a.Entries)
	a.Associations = slices.Clone(a.Associations)
	return a
}

// clone copies c deeply enough for Overlay's edits.
func clone(c *model.Config) *model.Config {
	out := *c
	out.VPCs = slices.Clone(c.VPCs)
	out.Subnets = slices.Clone(c.Subnets)
	out.Interfaces = slices.Clone(c.Interfaces)
	out.PrefixLists = slices.Clone(c.PrefixLists)
	out.SecurityGroups = make([]model.SecurityGroup, len(c.SecurityGroups))
	for i, g := range c.SecurityGroups {
		out.SecurityGroups[i] = cloneGroup(g)
	}
	out.NetworkACLs = make([]model.NetworkACL, len(c.NetworkACLs))
	for i, a := range c.NetworkACLs {
		out.NetworkACLs[i] = cloneACL(a)
	}
	return &out
}
