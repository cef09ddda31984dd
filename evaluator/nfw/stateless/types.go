package stateless

import "net/netip"

// Action is a stateless standard action.
type Action uint8

// Standard actions.
const (
	ActionUnspecified Action = iota
	// Pass: "Discontinues all inspection of the packet and permits it"; the
	// stateful engine never sees it.
	Pass
	// Drop discards the packet.
	Drop
	// ForwardToSFE hands the packet to the stateful engine.
	ForwardToSFE
)

func (a Action) String() string {
	switch a {
	case Pass:
		return "aws:pass"
	case Drop:
		return "aws:drop"
	case ForwardToSFE:
		return "aws:forward_to_sfe"
	}
	return "unspecified"
}

// TCP flag bits, in the wire order.
const (
	FIN uint8 = 1 << iota
	SYN
	RST
	PSH
	ACK
	URG
	ECE
	CWR
)

// PortRange is an inclusive port range.
type PortRange struct{ From, To uint16 }

// FlagMatch is one TCPFlags entry: for the flags in Masks (all eight when
// MasksGiven is false), the flags in Flags must be set and the others
// clear.
type FlagMatch struct {
	Flags, Masks uint8
	MasksGiven   bool
}

// Rule is one stateless rule.
type Rule struct {
	Priority                      int32
	Sources, Destinations         []netip.Prefix
	SourcePorts, DestinationPorts []PortRange
	Protocols                     []uint8
	TCPFlags                      []FlagMatch
	Action                        Action
	CustomActions                 []string
}

// Group is a stateless rule group as a policy references it.
type Group struct {
	ARN      string
	Priority int32 // the policy's StatelessRuleGroupReferences priority
	Rules    []Rule
}

// Policy is the stateless part of a firewall policy.
type Policy struct {
	Groups []Group
	// DefaultAction is StatelessDefaultActions' standard action;
	// FragmentDefaultAction StatelessFragmentDefaultActions'.
	DefaultAction, FragmentDefaultAction Action
}

// Packet is one packet as the stateless engine sees it.
type Packet struct {
	Src, Dst         netip.Addr
	Proto            uint8
	SrcPort, DstPort uint16
	TCPFlags         uint8
	// Fragment marks a non-first IP fragment.
	Fragment bool
}

// Result is the stateless verdict on a packet and what decided it.
type Result struct {
	Action Action
	// GroupARN and RulePriority name the matching rule; empty and 0 when a
	// default action decided.
	GroupARN     string
	RulePriority int32
	// Default is set when no rule matched: the default action decided
	// (FragmentDefault for a UDP fragment).
	Default, FragmentDefault bool
	// SilentDrop is set for a fragment of a protocol other than UDP, which
	// AWS drops without consulting any rule or default.
	SilentDrop bool
}
