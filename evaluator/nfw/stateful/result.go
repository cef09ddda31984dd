package stateful

// Action is the stateful engine's verdict on one leg of a flow.
type Action uint8

// Verdicts.
const (
	// Undecidable: the verdict depends on something this evaluator does
	// not model (a keyword, a variable, data the Flow lacks); Reason and
	// Unmodelled say what.
	Undecidable Action = iota
	// Pass: the packets go through.
	Pass
	// Drop: the packets are dropped.
	Drop
	// Reject: the packets are dropped and a TCP reset is sent.
	Reject
	// AlertPass: the packets go through and an alert rule (or an alert
	// default action) logged them; no pass rule decided.
	AlertPass
)

// String returns the action's name in upper case.
func (a Action) String() string {
	if int(a) < len(actionNames) {
		return actionNames[a]
	}
	return "INVALID"
}

var actionNames = [...]string{"UNDECIDABLE", "PASS", "DROP", "REJECT", "ALERT_PASS"}

// class folds AlertPass into Pass: logging never changes whether packets
// go through.
func class(a Action) Action {
	if a == AlertPass {
		return Pass
	}
	return a
}

// Result is the stateful verdict on a flow: one per direction, because a
// rule can match only the reply packets (§3.4, §5.4).
type Result struct {
	// Forward is the verdict on the client-to-server packets, Reply on the
	// server-to-client packets.
	Forward, Reply LegResult
	// Alerts are the alert rules that fired on the flow's packets (either
	// direction), once each, in the order they first fired. Rules whose
	// match is unknown are not listed.
	Alerts []Hit
}

// LegResult is the verdict on one direction of a flow and the rule (or
// default action) that decided it.
type LegResult struct {
	Action   Action
	GroupARN string
	SID      uint32
	Msg      string
	// Default is set when no rule decided: a STRICT_ORDER default action
	// applied, or nothing matched (no implicit drop).
	Default bool
	Reason  string
	// Unmodelled lists the keywords of the rule that made the leg
	// Undecidable, when that is why.
	Unmodelled []string
}

// Hit is an alert rule that fired.
type Hit struct {
	GroupARN string
	SID      uint32
	Msg      string
	// Packet names the first packet it fired on ("client SYN", ...).
	Packet string
}
