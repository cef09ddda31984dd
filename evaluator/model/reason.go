package model

import (
	"strconv"
)

// ReasonCode says why a check has its verdict. Evaluators set a code and
// its subject; the sentence is rendered only at the edge (Describe), so the
// hot path builds no strings.
type ReasonCode uint8

// Reason codes. The comment gives the subject each one uses.
const (
	ReasonUnspecified ReasonCode = iota

	// Security groups.
	ReasonSGAllowed            // every matching rule is in Rules
	ReasonSGNoRule             // no rule of the interface's groups matches
	ReasonSGEstablishedTracked // ESTABLISHED and tracked: rules apply to new connections only
	ReasonSGUntrackedRecheck   // ESTABLISHED but untracked: judged on the current rules (Rules as for allowed/denied)
	ReasonSGUndecidable        // no rule surely matches, some cannot be decided; Subject: what is missing
	ReasonSGUnknownGroup       // an attached group is not in the config and no rule matches; Subject: group id

	// Network ACLs.
	ReasonNACLEntry        // the first matching entry decided (Rules[0])
	ReasonNACLPortsAll     // every port of the ephemeral range allowed; Ports: the range
	ReasonNACLPortsNone    // no port of the ephemeral range allowed; Ports: the range
	ReasonNACLPortsPartial // some ports allowed; Ports: the allowed sub-ranges
	ReasonNACLMissing      // no ACL known for the subnet; Subject: subnet id

	// Endpoints.
	ReasonUnknownInterface // Subject: the interface id not in the config
	ReasonUnknownHost      // Subject: an IP inside a known subnet/VPC with no known interface
	ReasonUnknownSubnet    // Subject: the subnet (or IP) whose subnet is not known

	// Network Firewall and WAF checks carry their sentence in Subject:
	// they are rarer than security-group and ACL checks, and their
	// explanations (routes, packets, rules, statements) vary too much for
	// a fixed template.
	ReasonNetworkFirewall // Subject: the sentence
	ReasonWAF             // Subject: the sentence
)

// Reason is the structured cause of a check's verdict.
type Reason struct {
	Code ReasonCode
	// Subject is the id or address the code names (see the codes).
	Subject string
	// Ports carries port ranges for the ephemeral-range NACL codes.
	Ports []PortRange
}

// Describe renders the reason of c, a check of the decision on f, as one
// sentence for people.
func Describe(c *Check, f *Flow) string {
	var buf [256]byte
	return string(AppendDescribe(buf[:0], c, f))
}

// AppendDescribe appends Describe's sentence to b. It builds the sentence
// with appends only (no fmt), since servers render one per check of every
// decision they return.
func AppendDescribe(b []byte, c *Check, f *Flow) []byte {
	r := &c.Reason
	n := len(c.Rules)
	switch r.Code {
	case ReasonSGAllowed:
		b = appendTraffic(b, c, f)
		b = append(b, " allowed by "...)
		b = appendRuleCount(b, n)
		b = append(b, " of the security groups on "...)
		return append(b, c.ResourceID...)
	case ReasonSGNoRule:
		b = append(b, "no "...)
		b = append(b, c.Direction.String()...)
		b = append(b, " rule of the security groups on "...)
		b = append(b, c.ResourceID...)
		b = append(b, " allows "...)
		return appendTraffic(b, c, f)
	case ReasonSGEstablishedTracked:
		b = append(b, "established connection is "...)
		b = append(b, c.Tracking.String()...)
		b = append(b, " at "...)
		b = append(b, c.ResourceID...)
		return append(b, ": security group rules apply to new connections only"...)
	case ReasonSGUntrackedRecheck:
		b = append(b, "established connection is untracked at "...)
		b = append(b, c.ResourceID...)
		if c.Verdict == VerdictAllow {
			b = append(b, ", so every packet is judged on the current rules; "...)
			b = appendRuleCount(b, n)
			return append(b, " allow it"...)
		}
		return append(b, " and no current rule allows it: AWS interrupts untracked flows at once when their rule goes"...)
	case ReasonSGUndecidable:
		b = append(b, "no rule of the security groups on "...)
		b = append(b, c.ResourceID...)
		b = append(b, " surely allows "...)
		b = appendTraffic(b, c, f)
		b = append(b, ", and "...)
		b = appendRuleCount(b, n)
		b = append(b, " cannot be decided: "...)
		return append(b, r.Subject...)
	case ReasonSGUnknownGroup:
		b = append(b, "no known rule on "...)
		b = append(b, c.ResourceID...)
		b = append(b, " allows "...)
		b = appendTraffic(b, c, f)
		b = append(b, ", and security group "...)
		b = append(b, r.Subject...)
		return append(b, " attached to it is not in the config"...)
	case ReasonNACLEntry:
		if n == 0 {
			return append(b, "network ACL entry decided"...)
		}
		e := c.Rules[0]
		b = append(b, c.Direction.String()...)
		b = append(b, " rule "...)
		b = strconv.AppendInt(b, int64(e.RuleNumber), 10)
		if e.RuleNumber >= DefaultRuleNumberIPv4 {
			b = append(b, " (the default * entry)"...)
		}
		b = append(b, " of "...)
		b = append(b, c.ResourceID...)
		b = append(b, ' ')
		b = append(b, actionOf(c.Verdict)...)
		b = append(b, ' ')
		return appendTraffic(b, c, f)
	case ReasonNACLPortsAll, ReasonNACLPortsNone:
		if r.Code == ReasonNACLPortsAll {
			b = append(b, "every reply port in "...)
		} else {
			b = append(b, "no reply port in "...)
		}
		b = appendRanges(b, r.Ports)
		b = append(b, " is allowed by "...)
		return appendACLRules(b, c)
	case ReasonNACLPortsPartial:
		b = append(b, "the source port is unknown and only reply ports "...)
		b = appendRanges(b, r.Ports)
		b = append(b, " of the ephemeral range are allowed by "...)
		return appendACLRules(b, c)
	case ReasonNACLMissing:
		b = append(b, "no network ACL is known for "...)
		b = append(b, r.Subject...)
		return append(b, " (no association and no default ACL of its VPC in the config)"...)
	case ReasonUnknownInterface:
		b = append(b, "network interface "...)
		b = append(b, r.Subject...)
		return append(b, " is not in the config"...)
	case ReasonUnknownHost:
		b = append(b, r.Subject...)
		return append(b, " is inside the configured network but no network interface with that address is in the config"...)
	case ReasonNetworkFirewall, ReasonWAF:
		return append(b, r.Subject...)
	case ReasonUnknownSubnet:
		b = append(b, "the subnet of "...)
		b = append(b, r.Subject...)
		return append(b, " is not in the config"...)
	}
	return append(b, "no reason recorded"...)
}

// appendRuleCount appends "1 rule" or "n rules".
func appendRuleCount(b []byte, n int) []byte {
	b = strconv.AppendInt(b, int64(n), 10)
	if n == 1 {
		return append(b, " rule"...)
	}
	return append(b, " rules"...)
}

// appendACLRules appends "acl-… egress rules".
func appendACLRules(b []byte, c *Check) []byte {
	b = append(b, c.ResourceID...)
	b = append(b, ' ')
	b = append(b, c.Direction.String()...)
	return append(b, " rules"...)
}

func actionOf(v Verdict) string { // third person: "allows", "denies"
	if v == VerdictAllow {
		return "allows"
	}
	return "denies"
}

// appendTraffic describes the packets the check saw, e.g.
// "tcp port 22 from 203.0.113.5" or "reply tcp to port 50000 of 10.0.1.5".
func appendTraffic(b []byte, c *Check, f *Flow) []byte {
	if f == nil {
		return append(b, "the traffic"...)
	}
	src, dst := f.Source.IP, f.Destination.IP
	p := int16(f.Protocol)
	b = append(b, ProtocolName(p)...)
	port := f.DestinationPort
	if c.Leg == LegReturn {
		src, dst = dst, src
		port = f.SourcePort
		if p == ProtoICMP || p == ProtoICMPv6 {
			b = append(b, " reply"...)
		}
	}
	switch {
	case HasPorts(p) && port >= 0:
		b = append(b, " port "...)
		b = strconv.AppendInt(b, int64(port), 10)
	case IsICMP(p) && f.ICMPType >= 0 && c.Leg == LegForward:
		b = append(b, " type "...)
		b = strconv.AppendInt(b, int64(f.ICMPType), 10)
		b = append(b, " code "...)
		b = strconv.AppendInt(b, int64(max(f.ICMPCode, 0)), 10)
	}
	if c.Direction == DirectionIngress {
		if src.IsValid() {
			b = append(b, " from "...)
			b = src.AppendTo(b)
		}
	} else if dst.IsValid() {
		b = append(b, " to "...)
		b = dst.AppendTo(b)
	}
	return b
}

// appendRanges appends port ranges as "1024-2047, 3000".
func appendRanges(b []byte, rs []PortRange) []byte {
	for i, r := range rs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendUint(b, uint64(r.From), 10)
		if r.From != r.To {
			b = append(b, '-')
			b = strconv.AppendUint(b, uint64(r.To), 10)
		}
	}
	return b
}
