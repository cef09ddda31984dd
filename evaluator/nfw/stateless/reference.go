package stateless

import (
	"net/netip"
	"slices"
)

// Reference judges pkt as the documentation reads: fragments first, then
// groups by priority and rules by priority until one matches, else the
// default. It sorts copies on every call: slow on purpose, obviously
// right.
func Reference(p *Policy, pkt *Packet) Result {
	// "Network Firewall only applies the fragment action setting to UDP
	// packet fragments, and silently drops packet fragments for other
	// protocols."
	if pkt.Fragment && pkt.Proto != 17 {
		return Result{Action: Drop, SilentDrop: true}
	}
	groups := slices.Clone(p.Groups)
	slices.SortStableFunc(groups, func(a, b Group) int { return int(a.Priority) - int(b.Priority) })
	for _, g := range groups {
		rules := slices.Clone(g.Rules)
		slices.SortStableFunc(rules, func(a, b Rule) int { return int(a.Priority) - int(b.Priority) })
		for _, r := range rules {
			if matches(&r, pkt) {
				return Result{Action: r.Action, GroupARN: g.ARN, RulePriority: r.Priority}
			}
		}
	}
	if pkt.Fragment {
		return Result{Action: p.FragmentDefaultAction, Default: true, FragmentDefault: true}
	}
	return Result{Action: p.DefaultAction, Default: true}
}

// matches is statelessMatch of aws-semantics §5.3.
func matches(r *Rule, pkt *Packet) bool {
	anyPrefix := func(ps []netip.Prefix, a netip.Addr) bool {
		if len(ps) == 0 {
			return true
		}
		for _, p := range ps {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	anyRange := func(rs []PortRange, port uint16) bool {
		if len(rs) == 0 {
			return true
		}
		for _, pr := range rs {
			if pr.From <= port && port <= pr.To {
				return true
			}
		}
		return false
	}
	if !anyPrefix(r.Sources, pkt.Src) || !anyPrefix(r.Destinations, pkt.Dst) {
		return false
	}
	if len(r.Protocols) > 0 && !slices.Contains(r.Protocols, pkt.Proto) {
		return false
	}
	// "This setting is only used for protocols 6 (TCP) and 17 (UDP)."
	if pkt.Proto == 6 || pkt.Proto == 17 {
		if !anyRange(r.SourcePorts, pkt.SrcPort) || !anyRange(r.DestinationPorts, pkt.DstPort) {
			return false
		}
	}
	if pkt.Proto == 6 && len(r.TCPFlags) > 0 {
		ok := false
		for _, f := range r.TCPFlags {
			mask := f.Masks
			if !f.MasksGiven {
				mask = 0xff
			}
			if pkt.TCPFlags&mask == f.Flags&mask {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}
