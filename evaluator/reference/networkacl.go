package reference

import (
	"slices"
	"strconv"

	"github.com/netverdict/netverdict/evaluator/model"
)

// networkACLCheck is the network ACL check of endpoint at's subnet, in
// direction dir, for one packet whose destination port (if any) is known
// (spec §4, aws §2.3).
func networkACLCheck(cfg *model.Config, at *endpoint, leg model.Leg, dir model.Direction, pkt packet) model.Check {
	c := model.Check{Layer: model.LayerNetworkACL, Leg: leg, Direction: dir}
	acl, ok := subnetACL(cfg, at, &c)
	if !ok {
		return c
	}
	c.ResourceID = acl.ID

	// "Allow -> ALLOW, deny -> DENY, NACLEntry, Rules = [that entry]."
	entries := orderedEntries(acl, dir, pkt)
	e, isDefault := entryAt(entries, firstMatch(entries, dir, pkt), dir, pkt)
	c.Verdict = verdictOf(e.Action)
	c.Rules = []model.RuleRef{entryRef(acl, e, isDefault)}
	c.Reason = model.Reason{Code: model.ReasonNACLEntry}
	return c
}

// returnACLCheck is a network ACL check of the return leg (spec §2 steps
// 5-6). For a TCP/UDP flow without a source port the reply's destination
// port is unknown, and the check is judged over every port of the ephemeral
// range (spec §2, aws §2.4); otherwise it is an ordinary check of the reply.
func returnACLCheck(cfg *model.Config, f *model.Flow, at *endpoint, dir model.Direction, reply packet, ephemeral model.PortRange) model.Check {
	if !model.HasPorts(reply.proto) || f.SourcePort >= 0 {
		return networkACLCheck(cfg, at, model.LegReturn, dir, reply)
	}

	c := model.Check{Layer: model.LayerNetworkACL, Leg: model.LegReturn, Direction: dir}
	acl, ok := subnetACL(cfg, at, &c)
	if !ok {
		return c
	}
	c.ResourceID = acl.ID

	// Judge the reply once per port of the range, the slow and obvious way:
	// which entry decides the port (section 4 "first match wins", the
	// synthesised default included), and whether it allows it.
	entries := orderedEntries(acl, dir, reply)
	decided := make([]bool, len(entries)+1) // decided[i]: entries[i], or the default entry for i == len(entries)
	var allowed []model.PortRange           // the allowed ports, as ascending merged ranges
	allowedCount, total := 0, 0
	for port := int(ephemeral.From); port <= int(ephemeral.To); port++ {
		total++
		pkt := reply
		pkt.dstPort = int32(port)
		i := firstMatch(entries, dir, pkt)
		decided[i] = true
		if e, _ := entryAt(entries, i, dir, pkt); e.Action != model.ActionAllow {
			continue
		}
		allowedCount++
		if n := len(allowed); n > 0 && int(allowed[n-1].To) == port-1 {
			allowed[n-1].To = uint16(port)
		} else {
			allowed = append(allowed, model.PortRange{From: uint16(port), To: uint16(port)})
		}
	}

	// "Rules: every entry that decided some port ... each deciding entry is
	// listed once, in evaluation order (ascending rule number, document
	// order between equal numbers, the synthesised default last)."
	for i, e := range entries {
		if decided[i] {
			c.Rules = append(c.Rules, entryRef(acl, e, false))
		}
	}
	if decided[len(entries)] {
		c.Rules = append(c.Rules, entryRef(acl, defaultEntry(dir, reply), true))
	}

	switch allowedCount {
	case total:
		// "ALLOW when every port of the range is allowed ... Reason
		// NACLPortsAll, Ports = the range"
		c.Verdict = model.VerdictAllow
		c.Reason = model.Reason{Code: model.ReasonNACLPortsAll, Ports: []model.PortRange{ephemeral}}
	case 0:
		// "DENY when none is ... NACLPortsNone, Ports = the range"
		c.Verdict = model.VerdictDeny
		c.Reason = model.Reason{Code: model.ReasonNACLPortsNone, Ports: []model.PortRange{ephemeral}}
	default:
		// "INDETERMINATE otherwise ... NACLPortsPartial, Ports = the
		// allowed sub-ranges, merged, sorted"
		c.Verdict = model.VerdictIndeterminate
		c.Reason = model.Reason{Code: model.ReasonNACLPortsPartial, Ports: allowed}
	}
	return c
}

// subnetACL finds the network ACL of endpoint at's subnet (spec §4). When
// there is none it fills c as the spec says and returns false:
//   - "Unknown subnet (unknown interface, an interface without a SubnetID, or
//     unknown host outside any known subnet): INDETERMINATE, UnknownSubnet,
//     Subject = the interface id or IP, resource = (empty)."
//   - "The subnet's ACL: the ACL whose associations list the subnet; else the
//     default ACL (IsDefault) of the subnet's VPC (aws §2.2: unassociated
//     subnets use the default ACL); else INDETERMINATE, NACLMissing, Subject
//     = the subnet id, resource = the subnet id."
func subnetACL(cfg *model.Config, at *endpoint, c *model.Check) (*model.NetworkACL, bool) {
	if at.subnetID == "" {
		subject := at.id
		if at.kind == kindUnknownHost {
			subject = at.ip.String()
		}
		c.Verdict = model.VerdictIndeterminate
		c.Reason = model.Reason{Code: model.ReasonUnknownSubnet, Subject: subject}
		return nil, false
	}

	// "the ACL whose associations list the subnet" (the first in document
	// order, should a config list several).
	for i := range cfg.NetworkACLs {
		for _, a := range cfg.NetworkACLs[i].Associations {
			if a.SubnetID == at.subnetID {
				return &cfg.NetworkACLs[i], true
			}
		}
	}

	// "else the default ACL (IsDefault) of the subnet's VPC". "The
	// subnet's VPC is the subnet's VPCID; when the subnet is not in the
	// config (or has no VPC id) and the endpoint is an interface, it is the
	// interface's VPCID."
	vpcID := ""
	for _, s := range cfg.Subnets {
		if s.ID == at.subnetID {
			vpcID = s.VPCID
			break
		}
	}
	if vpcID == "" && at.kind == kindInterface {
		vpcID = at.iface.VPCID
	}
	// A firewall subnet is in its firewall's VPC (describe-firewall's
	// SubnetMappings), which the caller put in vpcID.
	if vpcID == "" && at.kind == kindFirewallSubnet {
		vpcID = at.vpcID
	}
	if vpcID != "" {
		for i := range cfg.NetworkACLs {
			if cfg.NetworkACLs[i].IsDefault && cfg.NetworkACLs[i].VPCID == vpcID {
				return &cfg.NetworkACLs[i], true
			}
		}
	}

	c.ResourceID = at.subnetID
	c.Verdict = model.VerdictIndeterminate
	c.Reason = model.Reason{Code: model.ReasonNACLMissing, Subject: at.subnetID}
	return nil, false
}

// orderedEntries returns the entries of acl that a packet of pkt's family
// meets in direction dir, in evaluation order. Spec §4: "entries of the
// check's direction (Egress flag) and of the packet's family (IPv4 entries
// have a CidrBlock, IPv6 an Ipv6CidrBlock), ascending rule number (document
// order between equal numbers)". aws §2.2: "none of the rules for the IPv4
// traffic apply to the IPv6 traffic".
func orderedEntries(acl *model.NetworkACL, dir model.Direction, pkt packet) []model.NACLEntry {
	var entries []model.NACLEntry
	for _, e := range acl.Entries {
		if e.Egress != (dir == model.DirectionEgress) {
			continue
		}
		if !e.CIDR.IsValid() || e.CIDR.Addr().Is4() != pkt.src.Is4() {
			continue
		}
		entries = append(entries, e)
	}
	// A stable sort keeps document order between equal rule numbers.
	slices.SortStableFunc(entries, func(a, b model.NACLEntry) int { return int(a.RuleNumber) - int(b.RuleNumber) })
	return entries
}

// firstMatch returns the index of the first entry that matches pkt (aws
// §2.2: "If the traffic matches a rule, the rule is applied and we do not
// evaluate any additional rules"), or len(entries) when none does: the
// synthesised default entry decides then (see entryAt).
func firstMatch(entries []model.NACLEntry, dir model.Direction, pkt packet) int {
	for i, e := range entries {
		if entryMatches(e, dir, pkt) {
			return i
		}
	}
	return len(entries)
}

// entryAt returns entries[i], or for i == len(entries) the synthesised
// default entry, reported as isDefault. Spec §4: "No entry matches -> DENY
// with a synthesised default entry (rule 32767 for IPv4, 32768 for IPv6,
// description "default deny"): AWS always has it."
func entryAt(entries []model.NACLEntry, i int, dir model.Direction, pkt packet) (e model.NACLEntry, isDefault bool) {
	if i < len(entries) {
		return entries[i], false
	}
	return defaultEntry(dir, pkt), true
}

// entryMatches is spec §4 "An entry matches when" (aws §2.3 naclVerdict).
func entryMatches(e model.NACLEntry, dir model.Direction, pkt packet) bool {
	// "The peer is the packet's destination for egress and its source for
	// ingress." "the CIDR contains the peer"
	peer := pkt.src
	if dir == model.DirectionEgress {
		peer = pkt.dst
	}
	if !e.CIDR.Contains(peer) {
		return false
	}
	// "the protocol is -1 or equal"
	if e.Protocol != model.ProtoAll && e.Protocol != pkt.proto {
		return false
	}
	switch {
	case e.Protocol == model.ProtoTCP || e.Protocol == model.ProtoUDP:
		// "protocol 6/17: From <= port <= To with the packet's destination
		// port (a missing PortRange matches no port [inferred: AWS requires
		// it])" (aws §2.6.2: "PortRange is matched against the destination
		// port only").
		return e.HasPortRange && e.PortFrom <= pkt.dstPort && pkt.dstPort <= e.PortTo
	case e.Protocol == model.ProtoICMP, e.Protocol == model.ProtoICMPv6 && e.CIDR.Addr().Is6():
		// "protocol 1, and 58 with an IPv6 CIDR: Type == -1 or type equal,
		// and (Type == -1 or Code == -1 or code equal) (missing IcmpTypeCode
		// matches all)". With an IPv4 CIDR, protocol 58 falls to the last
		// case: aws §2.1 "If you specify protocol "58" (ICMPv6) and specify
		// an IPv4 CIDR block, traffic for all ICMP types and codes allowed,
		// regardless of any that you specify."
		if !e.HasICMP {
			return true
		}
		return (e.ICMPType == -1 || e.ICMPType == pkt.icmpType) &&
			(e.ICMPType == -1 || e.ICMPCode == -1 || e.ICMPCode == pkt.icmpCode)
	default:
		// "anything else: ports ignored" (aws §2.1: "If you specify "-1" or a
		// protocol number other than "6" (TCP), "17" (UDP), or "1" (ICMP),
		// traffic on all ports is allowed, regardless of any ports or ICMP
		// types or codes that you specify.")
		return true
	}
}

// defaultEntry is the "*" entry AWS adds to every ACL (aws §2.1: rule 32767
// for IPv4, 32768 for IPv6, protocol -1, deny, both directions).
func defaultEntry(dir model.Direction, pkt packet) model.NACLEntry {
	n := int32(model.DefaultRuleNumberIPv6)
	if pkt.src.Is4() {
		n = model.DefaultRuleNumberIPv4
	}
	return model.NACLEntry{RuleNumber: n, Egress: dir == model.DirectionEgress,
		Protocol: model.ProtoAll, ProtocolText: "-1", Action: model.ActionDeny}
}

// entryRef is the attribution of a network ACL entry (spec §4: "RuleRef:
// ResourceID = ACL id, RuleID = the rule number in decimal, RuleNumber = the
// number, Description "" (AWS entries have none)"; the synthesised default
// entry has the description "default deny").
func entryRef(acl *model.NetworkACL, e model.NACLEntry, isDefault bool) model.RuleRef {
	r := model.RuleRef{ResourceID: acl.ID, RuleID: strconv.Itoa(int(e.RuleNumber)), RuleNumber: e.RuleNumber}
	if isDefault {
		r.Description = "default deny"
	}
	return r
}

func verdictOf(a model.RuleAction) model.Verdict {
	if a == model.ActionAllow {
		return model.VerdictAllow
	}
	return model.VerdictDeny
}
