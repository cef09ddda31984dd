package reference

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/netverdict/netverdict/evaluator/model"
)

// securityGroupCheck is the security group check of endpoint at, in
// direction dir, for flow f whose other end is other (spec §3, aws §1).
// viaFirewall: the flow crosses a Network Firewall endpoint (spec §5.2).
func securityGroupCheck(cfg *model.Config, f *model.Flow, at *endpoint, dir model.Direction, other *endpoint, viaFirewall bool) model.Check {
	c := model.Check{Layer: model.LayerSecurityGroup, Leg: model.LegForward, Direction: dir}

	// Spec §3: "Unknown interface (by id): INDETERMINATE, UnknownInterface,
	// Subject = the id, resource = the id, tracking TRACKED. Unknown host:
	// INDETERMINATE, UnknownHost, Subject = the IP, resource = the IP,
	// tracking TRACKED."
	switch at.kind {
	case kindUnknownInterface:
		c.ResourceID, c.Verdict, c.Tracking = at.id, model.VerdictIndeterminate, model.TrackingTracked
		c.Reason = model.Reason{Code: model.ReasonUnknownInterface, Subject: at.id}
		return c
	case kindUnknownHost:
		c.ResourceID, c.Verdict, c.Tracking = at.ip.String(), model.VerdictIndeterminate, model.TrackingTracked
		c.Reason = model.Reason{Code: model.ReasonUnknownHost, Subject: at.ip.String()}
		return c
	}
	c.ResourceID = at.iface.ID

	// Spec §3: "The rules of an interface are the union of the rules of
	// every attached group, in the order the groups are attached, each
	// group's rules in document order, filtered by direction."
	rules, missingGroups := interfaceRules(cfg, at.iface)

	// Judge every rule of the check's direction (aws §1.3: "Evaluates all
	// rules before deciding whether to allow traffic").
	var matching, undecidable []model.RuleRef
	var missing []string // what the undecidable rules lack, each once
	for _, r := range rules {
		if r.Egress != (dir == model.DirectionEgress) {
			continue
		}
		switch m, what := ruleMatches(cfg, r, f, other); m {
		case matchYes:
			matching = append(matching, ruleRef(r))
		case matchUndecidable:
			undecidable = append(undecidable, ruleRef(r))
			if !slices.Contains(missing, what) {
				missing = append(missing, what)
			}
		}
	}

	tracking := trackingStatus(rules, f, dir, other, at.ip.Is4(), viaFirewall)

	// Spec §3, ESTABLISHED flows: "the tracking is Flow.EstablishedTracking
	// when given, else the status the current rules give. Tracked or
	// automatic: ALLOW whatever the rules, SGEstablishedTracked, Rules =
	// the currently matching rules (may be empty)." (aws §1.4: "When you
	// change a security group rule, its tracked connections are not
	// immediately interrupted.")
	if f.State == model.StateEstablished {
		if t := f.TrackingAt(dir == model.DirectionIngress); t != model.TrackingUnspecified {
			tracking = t
		}
		if tracking != model.TrackingUntracked {
			c.Verdict, c.Tracking, c.Rules = model.VerdictAllow, tracking, matching
			c.Reason = model.Reason{Code: model.ReasonSGEstablishedTracked}
			return c
		}
		// "Untracked: judged like a NEW flow on the current rules, reason
		// SGUntrackedRecheck when that gives ALLOW or DENY; an
		// INDETERMINATE outcome keeps its NEW reason" (aws §1.4: "An
		// untracked flow of traffic is immediately interrupted if the rule
		// that enables the flow is removed or modified.")
		c.Tracking = tracking
		newFlowVerdict(&c, matching, undecidable, missing, missingGroups)
		if c.Verdict != model.VerdictIndeterminate {
			c.Reason.Code = model.ReasonSGUntrackedRecheck
		}
		return c
	}

	c.Tracking = tracking
	newFlowVerdict(&c, matching, undecidable, missing, missingGroups)
	return c
}

// newFlowVerdict sets the verdict of a NEW flow at one interface (spec §3,
// "Verdict of a NEW flow at one interface").
func newFlowVerdict(c *model.Check, matching, undecidable []model.RuleRef, missing, missingGroups []string) {
	switch {
	case len(matching) > 0:
		// "some rule matches: ALLOW, Rules = every matching rule, SGAllowed"
		// (aws §1.2: the rules of every group "are aggregated to form a
		// single set of rules"; there are no deny rules).
		c.Verdict, c.Rules = model.VerdictAllow, matching
		c.Reason = model.Reason{Code: model.ReasonSGAllowed}
	case len(undecidable) > 0:
		// "else some rule is undecidable: INDETERMINATE, Rules = every
		// undecidable rule, SGUndecidable, Subject = the missing pieces ...
		// each once, in first-seen order, joined with ', '".
		c.Verdict, c.Rules = model.VerdictIndeterminate, undecidable
		c.Reason = model.Reason{Code: model.ReasonSGUndecidable, Subject: strings.Join(missing, ", ")}
	case len(missingGroups) > 0:
		// "else an attached group is not in the config: INDETERMINATE,
		// Rules empty, SGUnknownGroup, Subject = the first missing group id".
		c.Verdict, c.Rules = model.VerdictIndeterminate, nil
		c.Reason = model.Reason{Code: model.ReasonSGUnknownGroup, Subject: missingGroups[0]}
	default:
		// "else DENY, Rules empty, SGNoRule. An interface with no groups
		// attached denies everything." (aws §1.2: "If your security group
		// has no outbound rules, no outbound traffic is allowed.")
		c.Verdict, c.Rules = model.VerdictDeny, nil
		c.Reason = model.Reason{Code: model.ReasonSGNoRule}
	}
}

// interfaceRules returns the rules of every attached group that is in the
// config, in attachment order then document order, and the ids of the
// attached groups that are not in the config, in attachment order.
func interfaceRules(cfg *model.Config, iface *model.Interface) (rules []model.SGRule, missingGroups []string) {
	for _, id := range iface.SecurityGroupIDs {
		g := findGroup(cfg, id)
		if g == nil {
			missingGroups = append(missingGroups, id)
			continue
		}
		for _, r := range g.Rules {
			// Spec §3: "RuleRef: ResourceID = the id of the group the rule
			// belongs to".
			r.GroupID = g.ID
			rules = append(rules, r)
		}
	}
	return rules, missingGroups
}

func findGroup(cfg *model.Config, id string) *model.SecurityGroup {
	for i := range cfg.SecurityGroups {
		if cfg.SecurityGroups[i].ID == id {
			return &cfg.SecurityGroups[i]
		}
	}
	return nil
}

// ruleRef is the attribution of a security group rule (spec §3: "RuleRef:
// ResourceID = the id of the group the rule belongs to, RuleID as above,
// RuleNumber 0, Description = the peer's description").
func ruleRef(r model.SGRule) model.RuleRef {
	return model.RuleRef{ResourceID: r.GroupID, RuleID: r.ID, Description: r.Description}
}

// match is the outcome of matching one rule: it matches, it does not, or
// the config lacks what would decide it.
type match uint8

const (
	matchNo match = iota
	matchYes
	matchUndecidable
)

// ruleMatches reports whether rule r matches flow f whose peer (the other
// endpoint) is peer: spec §3 "A rule matches when: protocol ... ports ...
// peer". For an undecidable rule it also returns what is missing.
func ruleMatches(cfg *model.Config, r model.SGRule, f *model.Flow, peer *endpoint) (match, string) {
	if !protocolMatches(r, f) || !portsMatch(r, f) {
		return matchNo, ""
	}
	return peerMatches(cfg, r, peer)
}

// protocolMatches: "rule -1 matches all; otherwise equal IANA numbers (tcp=6,
// udp=17, icmp=1, icmpv6=58; numeric strings are the same protocols)" (aws
// §0.1). The importer already turned names into numbers in r.Protocol.
func protocolMatches(r model.SGRule, f *model.Flow) bool {
	return r.Protocol == model.ProtoAll || r.Protocol == f.Proto()
}

// portsMatch is spec §3 "ports" (aws §1.1 IpPermission, §1.3 portMatches):
//   - "TCP/UDP: FromPort <= dstPort <= ToPort (the forward destination port,
//     both directions)."
//   - "ICMP/ICMPv6: FromPort is the type, ToPort the code: no ports given or
//     FromPort == -1 matches all; else type must equal FromPort and
//     (ToPort == -1 or code equals ToPort)." Type 3 code 4 is "not a port
//     range 3..4" (aws §1.1, §1.6.1).
//   - "Any other protocol (and -1): ports ignored." (aws §1.1: "Specifying
//     -1 or a protocol number other than tcp, udp, icmp, or icmpv6 allows
//     traffic on all ports, regardless of any port range you specify.")
//
// It is called only after protocolMatches, so r.Protocol is -1 or the
// flow's protocol.
func portsMatch(r model.SGRule, f *model.Flow) bool {
	switch r.Protocol {
	case model.ProtoTCP, model.ProtoUDP:
		return r.FromPort <= f.DestinationPort && f.DestinationPort <= r.ToPort
	case model.ProtoICMP, model.ProtoICMPv6:
		if !r.HasPorts || r.FromPort == -1 {
			return true
		}
		return f.ICMPType == r.FromPort && (r.ToPort == -1 || f.ICMPCode == r.ToPort)
	}
	return true
}

// peerMatches is spec §3 "peer" for the rule's peer against the other
// endpoint of the flow.
func peerMatches(cfg *model.Config, r model.SGRule, peer *endpoint) (match, string) {
	switch r.Peer.Kind {
	case model.PeerCIDR:
		// "CIDR: contains the peer IP (IPv4 rules never match IPv6 and vice
		// versa)." (aws §1.6.3; netip.Prefix.Contains is false across
		// families.)
		return yesIf(r.Peer.CIDR.Contains(peer.ip)), ""

	case model.PeerPrefixList:
		// "Prefix list: any entry contains the peer IP; a list that is not
		// in the config or whose entries are unknown is undecidable
		// (Subject names the pl- id)."
		pl := findPrefixList(cfg, r.Peer.PrefixListID)
		if pl == nil || !pl.EntriesKnown {
			return matchUndecidable, r.Peer.PrefixListID
		}
		for _, e := range pl.Entries {
			if e.CIDR.Contains(peer.ip) {
				return matchYes, ""
			}
		}
		return matchNo, ""

	case model.PeerGroup:
		// "stale (PeeringStatus "deleted"): matches nothing." (aws §1.3,
		// §1.6.7)
		if r.Peer.Stale() {
			return matchNo, ""
		}
		membership := "membership of "
		switch peer.kind {
		case kindInterface:
			// "peer is a known interface: matches iff that interface has
			// the referenced group attached (private IPs only, aws §1.3: an
			// endpoint resolved through a public IP never matches a
			// reference)." Spec §1.2 rejects a public address whenever the
			// other endpoint is internal, so no check sees such a peer
			// today; the clause stays so the transcription is complete.
			if peer.viaPublicIP {
				return matchNo, ""
			}
			return yesIf(slices.Contains(peer.iface.SecurityGroupIDs, r.Peer.GroupID)), ""
		case kindUnknownHost:
			// "peer is an unknown host: undecidable (Subject: "membership
			// of <ip> in <sg-id>")."
			return matchUndecidable, membership + peer.ip.String() + " in " + r.Peer.GroupID
		case kindUnknownInterface:
			// "peer is an unknown interface: undecidable (Subject:
			// "membership of <interface id> in <sg-id>")."
			return matchUndecidable, membership + peer.id + " in " + r.Peer.GroupID
		default:
			// "peer is external: matches nothing, except when the reference
			// crosses a peering (VpcPeeringConnectionId set) and the IP is
			// private (RFC 1918, 100.64/10, fc00::/7), which is undecidable".
			if r.Peer.VPCPeeringConnectionID != "" && isPrivate(peer.ip) {
				return matchUndecidable, membership + peer.ip.String() + " in " + r.Peer.GroupID
			}
			return matchNo, ""
		}
	}
	// A rule without a peer matches nothing.
	return matchNo, ""
}

func yesIf(b bool) match {
	if b {
		return matchYes
	}
	return matchNo
}

func findPrefixList(cfg *model.Config, id string) *model.PrefixList {
	for i := range cfg.PrefixLists {
		if cfg.PrefixLists[i].ID == id {
			return &cfg.PrefixLists[i]
		}
	}
	return nil
}

// privateRanges are the private address ranges of spec §3: RFC 1918, the
// shared address space 100.64.0.0/10 (RFC 6598) and IPv6 unique local
// addresses fc00::/7 (RFC 4193).
var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("fc00::/7"),
}

func isPrivate(ip netip.Addr) bool {
	for _, p := range privateRanges {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// automaticallyTracked lists the interface types whose connections AWS
// always tracks (spec §3 Tracking; aws §1.4 "Automatically tracked
// connections").
var automaticallyTracked = []string{
	"network_load_balancer",
	"gateway_load_balancer",
	"gateway_load_balancer_endpoint",
	"nat_gateway",
	"transit_gateway",
	"global_accelerator_managed",
}

// All-addresses CIDRs: the only peers that make a flow untracked (aws §1.4:
// "(0.0.0.0/0 or ::/0)").
var (
	allIPv4 = netip.MustParsePrefix("0.0.0.0/0")
	allIPv6 = netip.MustParsePrefix("::/0")
)

// trackingStatus is spec §3 "Tracking" (aws §1.4) for a NEW flow at an
// interface with the given rules, checked in direction dir. viaFirewall:
// the flow crosses a Network Firewall endpoint.
func trackingStatus(rules []model.SGRule, f *model.Flow, dir model.Direction, other *endpoint, ipv4, viaFirewall bool) model.Tracking {
	// "AUTOMATIC when the other endpoint is an interface of a type AWS
	// always tracks".
	if other.kind == kindInterface && slices.Contains(automaticallyTracked, other.iface.Type) {
		return model.TrackingAutomatic
	}
	// Spec §5.2: "A flow that crosses a known firewall endpoint on either
	// leg is tracked automatically by the security groups at both ends"
	// (aws §1.4: "connections through ... Network Firewall are always
	// tracked").
	if viaFirewall {
		return model.TrackingAutomatic
	}

	// "else TRACKED (ICMP and other protocols are always tracked)" (aws
	// §1.4: "ICMP traffic is always tracked, regardless of rules").
	if !model.HasPorts(f.Proto()) {
		return model.TrackingTracked
	}

	// "CIDR exactly 0.0.0.0/0 (IPv4 flow) or ::/0 (IPv6)"; "Prefix lists
	// and references never count."
	all := allIPv6
	if ipv4 {
		all = allIPv4
	}
	isAll := func(r model.SGRule) bool { return r.Peer.Kind == model.PeerCIDR && r.Peer.CIDR == all }

	// "the interface's rules in the check's direction have a rule with
	// [that] CIDR that matches the flow (protocol and port)".
	forward := false
	// "the rules in the opposite direction have a rule with the same
	// all-addresses CIDR, protocol equal to the flow's or -1, covering ports
	// 0-65535 (a -1 rule, whose ports are ignored; FromPort == -1; or
	// FromPort <= 0 and ToPort >= 65535)".
	reverse := false
	for _, r := range rules {
		if !isAll(r) {
			continue
		}
		if r.Egress == (dir == model.DirectionEgress) {
			if protocolMatches(r, f) && portsMatch(r, f) {
				forward = true
			}
			continue
		}
		switch {
		case r.Protocol == model.ProtoAll:
			reverse = true
		case r.Protocol == f.Proto() && (r.FromPort == -1 || (r.FromPort <= 0 && r.ToPort >= 65535)):
			reverse = true
		}
	}
	if forward && reverse {
		// aws §1.4: "If a security group rule permits TCP or UDP flows for
		// all traffic (0.0.0.0/0 or ::/0) and there is a corresponding rule
		// in the other direction that permits all response traffic ... for
		// all ports (0-65535), then that flow of traffic is not tracked."
		return model.TrackingUntracked
	}
	return model.TrackingTracked
}
