package stateful

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"

	"github.com/netverdict/netverdict/evaluator/geo"
	"github.com/netverdict/netverdict/evaluator/nfw/nfwjson"
	"github.com/netverdict/netverdict/evaluator/nfw/suricata"
)

// Reference judges f as the documentation reads, slowly and literally: it
// parses the rule groups again, plays the flow's packets one by one (the
// same packets as Evaluate: see Flow.Established), runs the §5.4
// pseudo-code over the rules for each packet (sorting them again every
// time) while it tracks whether the flow is open, passed or dropped, and,
// where a rule's match is unknown, plays every possible continuation. A
// leg's verdict is Undecidable when the continuations disagree on it.
//
// It reads the flow's application protocol on its own (refAppOf: the
// declared Flow.AppProto, checked against the rule grammar, else the SNI
// or Host), shares no compiled state with Compile/Evaluate and is the
// oracle the differential tests hold Evaluate to.
func Reference(p *nfwjson.Policy, groups map[string]*nfwjson.RuleGroup, vpcCIDRs []netip.Prefix, f Flow) (Result, error) {
	return ReferenceWith(p, groups, vpcCIDRs, f, Options{})
}

// ReferenceWith is Reference with options: opts.Geo decides the geoip
// keyword and opts.PrefixLists resolve IP set references (§5.6), as for
// CompileWith.
func ReferenceWith(p *nfwjson.Policy, groups map[string]*nfwjson.RuleGroup, vpcCIDRs []netip.Prefix, f Flow, opts Options) (Result, error) {
	rules, err := refRules(p, groups, vpcCIDRs, opts)
	strict := p.RuleOrder == StrictOrder
	pkts := refPackets(f)
	// Every path: which possibility each packet took while the flow was open.
	var paths [][]refPoss
	var walk func(i int, open bool, path []refPoss)
	walk = func(i int, open bool, path []refPoss) {
		if i == len(pkts) || !open {
			paths = append(paths, slices.Clone(path))
			return
		}
		for _, ps := range refPacket(rules, strict, p.StatefulDefaultActions, pkts[i], f) {
			open := ps.effect != effPass && ps.effect != effDrop && ps.effect != effReject
			walk(i+1, open, append(path, ps))
		}
	}
	walk(0, true, nil)
	var res Result
	var definite []refPoss
	for _, path := range paths {
		if !slices.ContainsFunc(path, func(ps refPoss) bool { return ps.unknown }) {
			definite = path
		}
	}
	for _, ps := range definite {
		for _, a := range ps.alerts {
			if !slices.ContainsFunc(res.Alerts, func(h Hit) bool { return h.GroupARN == a.GroupARN && h.SID == a.SID }) {
				res.Alerts = append(res.Alerts, a)
			}
		}
	}
	for _, toServer := range []bool{true, false} {
		leg := refLeg(pkts, definite, toServer)
		for _, path := range paths {
			other := refLeg(pkts, path, toServer)
			if class(other.Action) != class(leg.Action) {
				var u *refPoss
				for k := range path {
					if path[k].unknown {
						u = &path[k]
					}
				}
				leg = LegResult{Action: Undecidable, GroupARN: u.arn, SID: u.rule.SID, Msg: u.rule.Msg, Unmodelled: u.rule.Unmodelled,
					Reason: fmt.Sprintf("rule sid %d (%s) may match: %s", u.rule.SID, u.arn, u.why)}
				break
			}
		}
		if toServer {
			res.Forward = leg
		} else {
			res.Reply = leg
		}
	}
	return res, err
}

// refRule is one rule with its group's context.
type refRule struct {
	arn      string
	gprio    int32
	gi, ri   int
	override string
	rule     *suricata.Rule
	vars     map[string]any // "$NAME"/"@NAME" → suricata.AddressSpec, suricata.PortSpec, refPrefixList or a problem string
	geo      *geo.DB        // for geoip; nil when no geo file was given
}

func refRules(p *nfwjson.Policy, groups map[string]*nfwjson.RuleGroup, vpcCIDRs []netip.Prefix, opts Options) ([]refRule, error) {
	home := p.HomeNet
	if home == nil {
		home = vpcCIDRs
	}
	homeList := suricata.AddressSpec{Kind: suricata.AddrList}
	for _, h := range home {
		homeList.List = append(homeList.List, suricata.AddressSpec{Kind: suricata.AddrPrefix, Prefix: h})
	}
	var out []refRule
	var errs []error
	for gi, ref := range p.StatefulRefs {
		g, ok := groups[ref.ARN]
		if !ok || g == nil {
			errs = append(errs, fmt.Errorf("stateful rule group %s: not given", ref.ARN))
			continue
		}
		vars := map[string]any{"$HOME_NET": homeList}
		ext := homeList
		ext.Negated = true
		vars["$EXTERNAL_NET"] = ext
		for name, defs := range g.IPSets {
			rs, err := suricata.Parse("ipset", "alert ip ["+strings.Join(defs, ",")+"] any -> any any (sid:1;)")
			if err != nil {
				vars["$"+name] = "IP set $" + name + ": " + err.Error()
			} else {
				vars["$"+name] = rs.Rules[0].Src
			}
		}
		for name, arn := range g.IPSetReferences {
			vars["@"+name] = refIPSetRef(name, arn, opts.PrefixLists)
		}
		for name, defs := range g.PortSets {
			rs, err := suricata.Parse("portset", "alert tcp any any -> any ["+strings.Join(defs, ",")+"] (sid:1;)")
			if err != nil {
				vars["$"+name] = "port set $" + name + ": " + err.Error()
			} else {
				vars["$"+name] = rs.Rules[0].DstPorts
			}
		}
		text, err := groupText(g)
		if err != nil {
			errs = append(errs, fmt.Errorf("stateful rule group %s: %w", ref.ARN, err))
			continue
		}
		if text == "" {
			continue
		}
		rs, err := suricata.Parse(ref.ARN, text)
		if err != nil {
			errs = append(errs, fmt.Errorf("stateful rule group %s: %w", ref.ARN, err))
		}
		for ri, r := range rs.Rules {
			out = append(out, refRule{arn: ref.ARN, gprio: ref.Priority, gi: gi, ri: ri, override: ref.Override, rule: r, vars: vars, geo: opts.Geo})
		}
	}
	return out, errors.Join(errs...)
}

// refPkt is one packet of the flow as the reference plays it.
type refPkt struct {
	name                     string
	fromClient               bool
	established, firstOfSide bool
	hasPayload, hasAppData   bool
	handshakeACK             bool
}

func refPackets(f Flow) []refPkt {
	var ps []refPkt
	if f.Proto == 6 {
		ps = append(ps,
			refPkt{name: "client SYN", fromClient: true, firstOfSide: true},
			refPkt{name: "server SYN-ACK", firstOfSide: true})
		if f.Established {
			ps = append(ps,
				refPkt{name: "client handshake ACK", fromClient: true, established: true, handshakeACK: true},
				refPkt{name: "client data", fromClient: true, established: true, hasPayload: true, hasAppData: true},
				refPkt{name: "server data", established: true, hasPayload: true, hasAppData: true})
		}
		return ps
	}
	ps = append(ps,
		refPkt{name: "client's first packet", fromClient: true, firstOfSide: true, hasPayload: true, hasAppData: true},
		refPkt{name: "server's first packet", established: true, firstOfSide: true, hasPayload: true, hasAppData: true})
	if f.Established {
		ps = append(ps,
			refPkt{name: "client packet on the established flow", fromClient: true, established: true, hasPayload: true, hasAppData: true},
			refPkt{name: "server packet on the established flow", established: true, hasPayload: true, hasAppData: true})
	}
	return ps
}

// refEffect is what a possibility does to the packet and the flow.
type refEffect uint8

const (
	effNoDecision   refEffect = iota // passes the packet, flow stays open
	effPass                          // pass rule: packet and flow pass
	effDrop                          // drop rule: packet and flow dropped
	effReject                        // reject rule: packet and flow rejected
	effDefaultDrop                   // default action drops the packet
	effDefaultAlert                  // default action logs the packet
	effBadDefault                    // unknown default action
)

// refPoss is one way a packet can be decided.
type refPoss struct {
	effect  refEffect
	unknown bool // taken only if an unknown rule matches
	arn     string
	rule    *suricata.Rule
	why     string
	alerts  []Hit // alert rules that fired (definite possibility only)
}

// refPacket runs the §5.4 pseudo-code for one packet of an open flow and
// returns its possibilities: one per unknown rule that would decide
// before the definite decision, then the definite one (last).
func refPacket(rules []refRule, strict bool, defaults []string, pk refPkt, f Flow) []refPoss {
	ordered := slices.Clone(rules)
	if strict {
		sort.SliceStable(ordered, func(i, j int) bool {
			if ordered[i].gprio != ordered[j].gprio {
				return ordered[i].gprio < ordered[j].gprio
			}
			if ordered[i].gi != ordered[j].gi {
				return ordered[i].gi < ordered[j].gi
			}
			return ordered[i].ri < ordered[j].ri
		})
	} else {
		rank := map[suricata.Action]int{suricata.Pass: 0, suricata.Drop: 1, suricata.Reject: 2,
			suricata.RejectSrc: 2, suricata.RejectDst: 2, suricata.RejectBoth: 2, suricata.Alert: 3}
		prio := func(r *suricata.Rule) int {
			if r.Priority > 0 {
				return r.Priority
			}
			return 3
		}
		sort.SliceStable(ordered, func(i, j int) bool {
			a, b := ordered[i], ordered[j]
			if rank[a.rule.Action] != rank[b.rule.Action] {
				return rank[a.rule.Action] < rank[b.rule.Action]
			}
			if prio(a.rule) != prio(b.rule) {
				return prio(a.rule) < prio(b.rule)
			}
			if a.gi != b.gi {
				return a.gi < b.gi
			}
			return a.ri < b.ri
		})
	}
	effectOf := func(rr refRule) refEffect {
		switch rr.rule.Action {
		case suricata.Pass:
			return effPass
		case suricata.Alert:
			return effNoDecision
		case suricata.Drop:
			if rr.override == "DROP_TO_ALERT" {
				return effNoDecision
			}
			return effDrop
		}
		return effReject
	}
	var poss []refPoss
	var alerts []Hit
	logAlert := func(rr refRule) {
		alerts = append(alerts, Hit{GroupARN: rr.arn, SID: rr.rule.SID, Msg: rr.rule.Msg, Packet: pk.name})
	}
	var decision *refPoss
	for _, rr := range ordered {
		eff := effectOf(rr)
		if decision != nil {
			// Strict order stops at the decision; action order still logs
			// the alert rules after a drop (§5.4 "each match logs an alert").
			if strict || eff != effNoDecision {
				continue
			}
		}
		t, why := refMatch(rr, pk, f)
		if t == no {
			continue
		}
		if eff == effNoDecision {
			if t == yes {
				logAlert(rr)
			}
			continue
		}
		if t == unknown {
			poss = append(poss, refPoss{effect: eff, unknown: true, arn: rr.arn, rule: rr.rule, why: why})
			continue
		}
		decision = &refPoss{effect: eff, arn: rr.arn, rule: rr.rule}
		if eff == effPass {
			break // pass: nothing else is looked at
		}
	}
	if decision == nil {
		decision = &refPoss{effect: effNoDecision}
		if strict {
			decision.effect = refDefault(defaults, pk)
		}
	}
	decision.alerts = alerts
	return append(poss, *decision)
}

// refDefault applies StatefulDefaultActions to a packet no rule decided.
func refDefault(defaults []string, pk refPkt) refEffect {
	applies := func(a string) (bool, bool) { // applies, known
		var scope string
		switch {
		case strings.HasPrefix(a, "aws:drop_"):
			scope = a[len("aws:drop_"):]
		case strings.HasPrefix(a, "aws:alert_"):
			scope = a[len("aws:alert_"):]
		default:
			return false, false
		}
		switch scope {
		case "strict":
			return true, true
		case "established":
			return pk.established, true
		case "established_app_layer":
			return pk.established && pk.hasAppData, true
		case "established_app_layer_to_server":
			return pk.established && pk.hasAppData && pk.fromClient, true
		}
		return false, false
	}
	eff := effNoDecision
	for _, a := range defaults {
		ok, known := applies(a)
		if !known {
			if eff != effDefaultDrop {
				eff = effBadDefault
			}
			continue
		}
		if !ok {
			continue
		}
		if strings.HasPrefix(a, "aws:drop_") {
			eff = effDefaultDrop
		} else if eff == effNoDecision {
			eff = effDefaultAlert
		}
	}
	return eff
}

// refLeg plays one path and returns the verdict on the packets of one side.
func refLeg(pkts []refPkt, path []refPoss, fromClient bool) LegResult {
	var leg *LegResult
	var flow *refPoss // the rule that passed or dropped the flow
	var firstAlert *Hit
	defaultAlert := false
	for i, pk := range pkts {
		mine := pk.fromClient == fromClient
		if flow != nil {
			if mine && leg == nil && flow.effect != effPass {
				leg = &LegResult{Action: refAction(flow.effect), GroupARN: flow.arn, SID: flow.rule.SID, Msg: flow.rule.Msg, Reason: "the flow was dropped"}
			}
			continue
		}
		ps := path[i]
		switch ps.effect {
		case effPass:
			flow = &path[i]
		case effDrop, effReject:
			flow = &path[i]
			if mine && leg == nil {
				leg = &LegResult{Action: refAction(ps.effect), GroupARN: ps.arn, SID: ps.rule.SID, Msg: ps.rule.Msg, Reason: "dropped by rule"}
			}
		case effDefaultDrop:
			if mine && leg == nil && !pk.handshakeACK {
				leg = &LegResult{Action: Drop, Default: true, Reason: "dropped by default"}
			}
		case effBadDefault:
			if mine && leg == nil && !pk.handshakeACK {
				leg = &LegResult{Action: Undecidable, Default: true, Reason: "unknown default action"}
			}
		case effDefaultAlert:
			defaultAlert = defaultAlert || mine
		}
		if mine && firstAlert == nil && len(ps.alerts) > 0 {
			firstAlert = &ps.alerts[0]
		}
	}
	switch {
	case leg != nil:
		return *leg
	case flow != nil:
		return LegResult{Action: refAction(flow.effect), GroupARN: flow.arn, SID: flow.rule.SID, Msg: flow.rule.Msg, Reason: "decided the flow"}
	case firstAlert != nil:
		return LegResult{Action: AlertPass, GroupARN: firstAlert.GroupARN, SID: firstAlert.SID, Msg: firstAlert.Msg, Reason: "alert rule"}
	case defaultAlert:
		return LegResult{Action: AlertPass, Default: true, Reason: "default alert"}
	}
	return LegResult{Action: Pass, Default: true, Reason: "nothing dropped"}
}

func refAction(e refEffect) Action {
	switch e {
	case effPass:
		return Pass
	case effDrop:
		return Drop
	case effReject:
		return Reject
	}
	return Undecidable
}
