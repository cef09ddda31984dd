package model

// Verdict is the answer of a check or of a whole decision.
type Verdict uint8

// Verdicts.
const (
	VerdictUnspecified Verdict = iota
	VerdictAllow
	VerdictDeny
	VerdictIndeterminate
)

func (v Verdict) String() string {
	switch v {
	case VerdictAllow:
		return "ALLOW"
	case VerdictDeny:
		return "DENY"
	case VerdictIndeterminate:
		return "INDETERMINATE"
	}
	return "UNSPECIFIED"
}

// Layer is the AWS layer a check evaluates.
type Layer uint8

// Layers.
const (
	LayerUnspecified Layer = iota
	LayerSecurityGroup
	LayerNetworkACL
	LayerNetworkFirewall
	LayerWAF
)

func (l Layer) String() string {
	switch l {
	case LayerSecurityGroup:
		return "security-group"
	case LayerNetworkACL:
		return "network-acl"
	case LayerNetworkFirewall:
		return "network-firewall"
	case LayerWAF:
		return "waf"
	}
	return "unspecified"
}

// Leg says whether a check sees the request packets or the reply packets.
type Leg uint8

// Legs.
const (
	LegUnspecified Leg = iota
	LegForward
	LegReturn
)

func (l Leg) String() string {
	switch l {
	case LegForward:
		return "forward"
	case LegReturn:
		return "return"
	}
	return "unspecified"
}

// Direction is the direction of a check at its resource.
type Direction uint8

// Directions.
const (
	DirectionUnspecified Direction = iota
	DirectionEgress
	DirectionIngress
)

func (d Direction) String() string {
	switch d {
	case DirectionEgress:
		return "egress"
	case DirectionIngress:
		return "ingress"
	}
	return "unspecified"
}

// Tracking is the connection-tracking status of a flow at an interface.
type Tracking uint8

// Tracking states (EC2 guide, "Security group connection tracking").
const (
	TrackingUnspecified Tracking = iota
	TrackingTracked
	TrackingUntracked
	// TrackingAutomatic: tracked whatever the rules, because the flow
	// passes a service AWS always tracks (NLB, NAT gateway, GWLB, ...).
	TrackingAutomatic
)

func (t Tracking) String() string {
	switch t {
	case TrackingTracked:
		return "tracked"
	case TrackingUntracked:
		return "untracked"
	case TrackingAutomatic:
		return "automatic"
	}
	return "unspecified"
}

// RuleRef names a rule that decided a check. Strings point into the
// snapshot or config, so filling a RuleRef does not allocate.
type RuleRef struct {
	ResourceID  string // sg-…, acl-…
	RuleID      string // sgr-… or synthetic id; NACL rule number as text
	RuleNumber  int32  // NACL rule number
	Description string
}

// Check is one layer's verdict at one point of the path.
type Check struct {
	Layer      Layer
	Leg        Leg
	Direction  Direction
	ResourceID string // interface id (SG), network ACL id (NACL)
	Verdict    Verdict
	// Rules are the deciding rules: every matching rule for a security
	// group allow, the matching entry for a NACL, the undecidable rules for
	// an indeterminate security group check.
	Rules    []RuleRef
	Tracking Tracking // security group checks only
	Reason   Reason
}

// Decision is the verdict on one flow with every check on its path, forward
// leg first, in path order.
type Decision struct {
	FlowID  string
	Verdict Verdict
	Checks  []Check
}

// Reset empties d for reuse, keeping the storage of its checks.
func (d *Decision) Reset(flowID string) {
	d.FlowID = flowID
	d.Verdict = VerdictUnspecified
	d.Checks = d.Checks[:0]
}

// NextCheck appends a zeroed check to d and returns it. It reuses the rule
// and port storage of a check that an earlier Reset dropped, so a Decision
// reused across flows stops allocating once it has grown.
func (d *Decision) NextCheck() *Check {
	if len(d.Checks) < cap(d.Checks) {
		d.Checks = d.Checks[:len(d.Checks)+1]
	} else {
		d.Checks = append(d.Checks, Check{})
	}
	c := &d.Checks[len(d.Checks)-1]
	rules, ports := c.Rules[:0], c.Reason.Ports[:0]
	*c = Check{Rules: rules}
	c.Reason.Ports = ports
	return c
}

// Finish sets the overall verdict from the checks: DENY if any check denies,
// otherwise INDETERMINATE if any is indeterminate, otherwise ALLOW
// (architecture section 2).
func (d *Decision) Finish() {
	v := VerdictAllow
	for i := range d.Checks {
		switch d.Checks[i].Verdict {
		case VerdictDeny:
			d.Verdict = VerdictDeny
			return
		case VerdictIndeterminate:
			v = VerdictIndeterminate
		}
	}
	d.Verdict = v
}
