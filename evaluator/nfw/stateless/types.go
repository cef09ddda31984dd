package stateless

import (
	"net/netip"

	"github.com/netverdict/netverdict/evaluator/model"
)

// The rule data types live in package model, where a Config holds them;
// these names keep the engine's code short.
type (
	// Action is a stateless standard action.
	Action = model.StatelessAction
	// PortRange is an inclusive port range.
	PortRange = model.PortRange
	// FlagMatch is one TCPFlags entry.
	FlagMatch = model.TCPFlagMatch
	// Rule is one stateless rule.
	Rule = model.StatelessRule
)

// Standard actions.
const (
	ActionUnspecified = model.StatelessActionUnspecified
	Pass              = model.StatelessPass
	Drop              = model.StatelessDrop
	ForwardToSFE      = model.StatelessForwardToSFE
)

// TCP flag bits, in the wire order.
const (
	FIN = model.TCPFlagFIN
	SYN = model.TCPFlagSYN
	RST = model.TCPFlagRST
	PSH = model.TCPFlagPSH
	ACK = model.TCPFlagACK
	URG = model.TCPFlagURG
	ECE = model.TCPFlagECE
	CWR = model.TCPFlagCWR
)

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
