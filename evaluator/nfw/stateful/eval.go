package stateful

import (
	"strconv"
	"strings"
)

// outcome is what happened to one packet whose flow was still open.
type outcome struct {
	kind okind
	r    *crule // the deciding rule (okPassFlow, okDropFlow)
	// alert is the first alert rule that fired on the packet, if any.
	alert *crule
}

type okind uint8

const (
	okPass        okind = iota // no rule decided and no default dropped it
	okAlert                    // as okPass, and an alert default action logged it
	okDefaultDrop              // dropped by a drop default action (this packet only)
	okBadDefault               // reached an unknown default action
	okPassFlow                 // a pass rule passed it and the rest of the flow
	okDropFlow                 // a drop or reject rule dropped it and the rest of the flow
)

// alt is a rule whose match on packet i is unknown and which, had it
// matched, would have decided the packet before the rule (or default)
// that did.
type alt struct {
	i   int
	r   *crule
	why string
}

// Evaluate returns the stateful verdict for f: it runs the flow's packets
// (see Flow.Established) through the rules in flow context, as Suricata
// in IPS mode with AWS's rule order does (§5.4):
//
//   - a pass rule that matches a packet passes it and every later packet
//     of the flow, both directions;
//   - a drop or reject rule that matches a packet drops it and every later
//     packet of the flow, both directions;
//   - otherwise the packet passes (DEFAULT_ACTION_ORDER: no implicit drop)
//     or the STRICT_ORDER default actions apply to it alone.
//
// A leg's verdict is the fate of its packets: the first of them that is
// dropped, else the rule that passed the flow; a leg whose packets all
// passed is still dropped when a rule later dropped the flow (its next
// packets would be). A default drop of the bare handshake ACK is not a
// leg drop: the client's first data segment carries the same
// acknowledgement.
//
// When a rule's match is unknown, the verdict of each leg is computed both
// ways; a leg whose verdict would differ is Undecidable, naming the rule.
func (p *Policy) Evaluate(f Flow) Result {
	var seq [maxPackets]packet
	n := packets(&f, &seq)
	app := flowApp(&f)
	var out [maxPackets]outcome
	var alts []alt
	var alerts []Hit
	var m match
	for i := 0; i < n; i++ {
		out[i] = p.packet(&seq[i], i, &f, &app, &m, &alts, &alerts)
		if k := out[i].kind; k == okPassFlow || k == okDropFlow {
			break // the flow is decided: later packets follow it
		}
	}
	fwd, rep := fate(seq[:n], out[:n], true), fate(seq[:n], out[:n], false)
	res := Result{Alerts: alerts,
		Forward: p.render(seq[:n], out[:n], fwd, true),
		Reply:   p.render(seq[:n], out[:n], rep, false)}
	if len(alts) > 0 {
		undecided := [2]bool{}
		for _, a := range alts {
			// The path where a matched: a decides packet a.i and the flow.
			var ao [maxPackets]outcome
			copy(ao[:], out[:a.i])
			ao[a.i] = outcome{kind: okPassFlow, r: a.r}
			if a.r.act != Pass {
				ao[a.i].kind = okDropFlow
			}
			for leg, toServer := range [2]bool{true, false} {
				def := fwd
				if !toServer {
					def = rep
				}
				if undecided[leg] || class(fate(seq[:n], ao[:n], toServer).act) == class(def.act) {
					continue
				}
				undecided[leg] = true
				u := LegResult{Action: Undecidable, GroupARN: a.r.g.ARN, SID: a.r.r.SID, Msg: a.r.r.Msg, Unmodelled: a.r.r.Unmodelled,
					Reason: "rule sid " + strconv.FormatUint(uint64(a.r.r.SID), 10) + " (" + a.r.g.ARN + ") may match the " + seq[a.i].name +
						": " + a.why + "; it would " + strings.ToLower(a.r.act.String()) + " the flow, otherwise " + strings.ToLower(def.act.String())}
				if toServer {
					res.Forward = u
				} else {
					res.Reply = u
				}
			}
		}
	}
	return res
}

// packet runs the rules over packet pk (index i) of an open flow (§5.4
// pseudo-code) and records unknown rules before the decision in alts and
// alert rules that fired in alerts.
func (p *Policy) packet(pk *packet, i int, f *Flow, app *appInfo, m *match, alts *[]alt, alerts *[]Hit) outcome {
	var o outcome
	decided := false
	for _, c := range p.order {
		if decided && (p.RuleOrder == StrictOrder || c.act != AlertPass) {
			if p.RuleOrder == StrictOrder {
				break
			}
			continue // action order: alert rules after the decision still log
		}
		c.matches(pk, f, app, m)
		switch {
		case m.t == no:
			continue
		case c.act == AlertPass:
			if m.t == yes {
				if o.alert == nil {
					o.alert = c
				}
				addHit(alerts, c, pk)
			}
			continue
		case m.t == unknown:
			*alts = append(*alts, alt{i: i, r: c, why: strings.Join(m.why, "; ")})
			continue
		}
		o.r, decided = c, true
		o.kind = okDropFlow
		if c.act == Pass {
			// A pass rule wins over everything after it, alerts too.
			o.kind = okPassFlow
			return o
		}
	}
	if decided {
		return o
	}
	d := &p.defaults
	switch {
	case p.RuleOrder != StrictOrder:
	case d.drop.applies(pk):
		o.kind = okDefaultDrop
	case d.unknown != "":
		o.kind = okBadDefault
	case d.alert.applies(pk):
		o.kind = okAlert
	}
	return o
}

func addHit(alerts *[]Hit, c *crule, pk *packet) {
	for _, h := range *alerts {
		if h.SID == c.r.SID && h.GroupARN == c.g.ARN {
			return
		}
	}
	*alerts = append(*alerts, Hit{GroupARN: c.g.ARN, SID: c.r.SID, Msg: c.r.Msg, Packet: pk.name})
}

// legFate is how a leg's verdict came about.
type legFate struct {
	act Action
	how fateHow
	at  int // the packet whose outcome decided, -1 for none
}

type fateHow uint8

const (
	fNoMatch      fateHow = iota // no packet of the leg was dropped and no rule decided the flow
	fRule                        // a rule dropped a packet of this leg (and the flow)
	fFlow                        // a rule passed or dropped the flow (at another packet or earlier)
	fDefaultDrop                 // a default action dropped a packet of this leg
	fBadDefault                  // a packet of this leg reached an unknown default action
	fAlertRule                   // passed, an alert rule fired
	fAlertDefault                // passed, an alert default action logged
)

// fate computes the verdict of the leg toServer from the packets' outcomes
// (outcomes after the one that decided the flow are ignored).
func fate(seq []packet, out []outcome, toServer bool) legFate {
	j := len(seq)
	for i := range seq {
		if k := out[i].kind; k == okPassFlow || k == okDropFlow {
			j = i
			break
		}
	}
	for i := 0; i < len(seq) && i <= j; i++ {
		if seq[i].toServer != toServer {
			continue
		}
		switch out[i].kind {
		case okDropFlow:
			return legFate{act: out[i].r.act, how: fRule, at: i}
		case okDefaultDrop:
			if !seq[i].pureACK {
				return legFate{act: Drop, how: fDefaultDrop, at: i}
			}
		case okBadDefault:
			if !seq[i].pureACK {
				return legFate{act: Undecidable, how: fBadDefault, at: i}
			}
		}
	}
	if j < len(seq) {
		return legFate{act: out[j].r.act, how: fFlow, at: j}
	}
	for i := range seq {
		if seq[i].toServer == toServer && out[i].alert != nil {
			return legFate{act: AlertPass, how: fAlertRule, at: i}
		}
	}
	for i := range seq {
		if seq[i].toServer == toServer && out[i].kind == okAlert {
			return legFate{act: AlertPass, how: fAlertDefault, at: i}
		}
	}
	return legFate{act: Pass, how: fNoMatch, at: -1}
}

// render turns a leg's fate into its LegResult, with the reason.
func (p *Policy) render(seq []packet, out []outcome, lf legFate, toServer bool) LegResult {
	res := LegResult{Action: lf.act}
	ruleRes := func(c *crule) {
		res.GroupARN, res.SID, res.Msg = c.g.ARN, c.r.SID, c.r.Msg
	}
	d := &p.defaults
	switch lf.how {
	case fRule:
		c := out[lf.at].r
		ruleRes(c)
		res.Reason = "matched " + c.r.Action.String() + " rule sid " + sid(c) + " on the " + seq[lf.at].name + "; the flow is " + flowVerb(c.act)
	case fFlow:
		c := out[lf.at].r
		ruleRes(c)
		if c.act == Pass {
			res.Reason = "pass rule sid " + sid(c) + " matched the " + seq[lf.at].name + " and passes the whole flow"
		} else {
			res.Reason = "the flow was " + flowVerb(c.act) + " by " + c.r.Action.String() + " rule sid " + sid(c) + " on the " + seq[lf.at].name
		}
	case fDefaultDrop:
		res.Default = true
		res.Reason = "no rule passed the " + seq[lf.at].name + "; default action " + d.drop.name + " drops it"
	case fBadDefault:
		res.Default = true
		res.Reason = "no rule decided the " + seq[lf.at].name + " and the stateful default action " + d.unknown + " is not known"
	case fAlertRule:
		c := out[lf.at].alert
		ruleRes(c)
		res.Reason = "only alert rules matched; alert rule sid " + sid(c) + " fired on the " + seq[lf.at].name
	case fAlertDefault:
		res.Default = true
		res.Reason = "no rule matched; default action " + d.alert.name + " logs the " + seq[lf.at].name + " and passes it"
	default:
		res.Default = true
		switch {
		case p.RuleOrder != StrictOrder:
			res.Reason = "no stateful rule matched (no implicit drop in action order)"
		case d.drop.name == "":
			res.Reason = "no rule matched and no stateful default action drops"
		default:
			res.Reason = "no rule matched; default action " + d.drop.name + " does not apply to these packets"
			if d.drop.established && !anyEstablished(seq, toServer) {
				res.Reason = "no rule matched; default action " + d.drop.name + " lets the connection-establishment packets through"
			}
		}
	}
	return res
}

func anyEstablished(seq []packet, toServer bool) bool {
	for i := range seq {
		if seq[i].toServer == toServer && seq[i].established && !seq[i].pureACK {
			return true
		}
	}
	return false
}

func sid(c *crule) string { return strconv.FormatUint(uint64(c.r.SID), 10) }

func flowVerb(a Action) string {
	switch a {
	case Pass:
		return "passed"
	case Reject:
		return "rejected (TCP reset)"
	}
	return "dropped"
}
