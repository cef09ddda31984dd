package model

import (
	"fmt"
	"strconv"
	"strings"
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
	r := &c.Reason
	switch r.Code {
	case ReasonSGAllowed:
		return fmt.Sprintf("%s allowed by %d rule%s of the security groups on %s", trafficText(c, f), len(c.Rules), plural(len(c.Rules)), c.ResourceID)
	case ReasonSGNoRule:
		return fmt.Sprintf("no %s rule of the security groups on %s allows %s", c.Direction, c.ResourceID, trafficText(c, f))
	case ReasonSGEstablishedTracked:
		return fmt.Sprintf("established connection is %s at %s: security group rules apply to new connections only", c.Tracking, c.ResourceID)
	case ReasonSGUntrackedRecheck:
		if c.Verdict == VerdictAllow {
			return fmt.Sprintf("established connection is untracked at %s, so every packet is judged on the current rules; %d rule%s allow it", c.ResourceID, len(c.Rules), plural(len(c.Rules)))
		}
		return fmt.Sprintf("established connection is untracked at %s and no current rule allows it: AWS interrupts untracked flows at once when their rule goes", c.ResourceID)
	case ReasonSGUndecidable:
		return fmt.Sprintf("no rule of the security groups on %s surely allows %s, and %d rule%s cannot be decided: %s", c.ResourceID, trafficText(c, f), len(c.Rules), plural(len(c.Rules)), r.Subject)
	case ReasonSGUnknownGroup:
		return fmt.Sprintf("no known rule on %s allows %s, and security group %s attached to it is not in the config", c.ResourceID, trafficText(c, f), r.Subject)
	case ReasonNACLEntry:
		if len(c.Rules) == 0 {
			return "network ACL entry decided"
		}
		e := c.Rules[0]
		def := ""
		if e.RuleNumber >= DefaultRuleNumberIPv4 {
			def = " (the default * entry)"
		}
		return fmt.Sprintf("%s rule %d%s of %s %s %s", c.Direction, e.RuleNumber, def, c.ResourceID, actionOf(c.Verdict), trafficText(c, f))
	case ReasonNACLPortsAll:
		return fmt.Sprintf("every reply port in %s is allowed by %s %s rules", rangesText(r.Ports), c.ResourceID, c.Direction)
	case ReasonNACLPortsNone:
		return fmt.Sprintf("no reply port in %s is allowed by %s %s rules", rangesText(r.Ports), c.ResourceID, c.Direction)
	case ReasonNACLPortsPartial:
		return fmt.Sprintf("the source port is unknown and only reply ports %s of the ephemeral range are allowed by %s %s rules", rangesText(r.Ports), c.ResourceID, c.Direction)
	case ReasonNACLMissing:
		return fmt.Sprintf("no network ACL is known for %s (no association and no default ACL of its VPC in the config)", r.Subject)
	case ReasonUnknownInterface:
		return fmt.Sprintf("network interface %s is not in the config", r.Subject)
	case ReasonUnknownHost:
		return fmt.Sprintf("%s is inside the configured network but no network interface with that address is in the config", r.Subject)
	case ReasonUnknownSubnet:
		return fmt.Sprintf("the subnet of %s is not in the config", r.Subject)
	}
	return "no reason recorded"
}

func actionOf(v Verdict) string { // third person: "allows", "denies"
	if v == VerdictAllow {
		return "allows"
	}
	return "denies"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// trafficText describes the packets the check saw, e.g.
// "tcp port 22 from 203.0.113.5" or "reply tcp to port 50000 of 10.0.1.5".
func trafficText(c *Check, f *Flow) string {
	if f == nil {
		return "the traffic"
	}
	src, dst := f.Source.IP, f.Destination.IP
	p := int16(f.Protocol)
	var b strings.Builder
	b.WriteString(ProtocolName(p))
	port := f.DestinationPort
	if c.Leg == LegReturn {
		src, dst = dst, src
		port = f.SourcePort
		if p == ProtoICMP || p == ProtoICMPv6 {
			b.WriteString(" reply")
		}
	}
	switch {
	case HasPorts(p) && port >= 0:
		b.WriteString(" port ")
		b.WriteString(strconv.Itoa(int(port)))
	case IsICMP(p) && f.ICMPType >= 0 && c.Leg == LegForward:
		fmt.Fprintf(&b, " type %d code %d", f.ICMPType, max(f.ICMPCode, 0))
	}
	if c.Direction == DirectionIngress {
		if src.IsValid() {
			b.WriteString(" from ")
			b.WriteString(src.String())
		}
	} else if dst.IsValid() {
		b.WriteString(" to ")
		b.WriteString(dst.String())
	}
	return b.String()
}

func rangesText(rs []PortRange) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		if r.From == r.To {
			parts[i] = strconv.Itoa(int(r.From))
		} else {
			parts[i] = fmt.Sprintf("%d-%d", r.From, r.To)
		}
	}
	return strings.Join(parts, ", ")
}
