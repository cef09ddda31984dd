package reference

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/nfw/nfwjson"
	"github.com/netverdict/netverdict/evaluator/nfw/stateful"
	"github.com/netverdict/netverdict/evaluator/nfw/stateless"
	"github.com/netverdict/netverdict/evaluator/nfw/suricata"
)

// This file is spec §5.3 (aws §5.2-5.8): a firewall's verdict on each leg
// of a flow. Each packet goes through stateless.Reference, the stateless
// engine's literal reading; the stateful verdict comes from
// stateful.Reference, the stateful engine's slow oracle. Only the wording
// of a stateful verdict (the stateful package's sentence, which the spec
// leaves to that package) is taken from the compiled stateful engine, and
// only when it reaches the same verdict and rule as the oracle.

// fwLeg is a firewall's verdict on one leg.
type fwLeg struct {
	verdict model.Verdict
	rule    model.RuleRef
	hasRule bool
	reason  string
	// stateful: the stateful engine judged the leg's packets (spec §5.3,
	// asymmetric routing).
	stateful bool
}

// fwVerdicts is a firewall's verdict on both legs of a flow.
type fwVerdicts struct {
	// policyARN is the check's resource: the policy's ARN, or the
	// firewall's PolicyArn when the policy is not in the config.
	policyARN      string
	forward, reply fwLeg
}

// firewallJudge gives the firewalls' verdicts on one flow. It remembers
// nothing: the reference judges a firewall again for each of its checks,
// which is slow and obviously consistent.
type firewallJudge struct {
	// client and server are the flow's source and destination addresses
	// (spec §1.4).
	client, server netip.Addr
	ephemeral      model.PortRange
}

func (c *firewallJudge) of(cfg *model.Config, fi int, f *model.Flow) (fwVerdicts, error) {
	return firewallVerdict(cfg, &cfg.Firewalls[fi], f, c.client, c.server, c.ephemeral)
}

// firewallVerdict is spec §5.3 for firewall fw and flow f from client to
// server.
func firewallVerdict(cfg *model.Config, fw *model.Firewall, f *model.Flow, client, server netip.Addr, ephemeral model.PortRange) (fwVerdicts, error) {
	out := fwVerdicts{policyARN: fw.PolicyARN}
	undecidable := func(why string) (fwVerdicts, error) {
		out.forward = fwLeg{verdict: model.VerdictIndeterminate, reason: why}
		out.reply = out.forward
		return out, nil
	}

	// "A firewall whose policy, a referenced rule group, or (without a
	// policy HOME_NET) whose VPC is not in the config: every check of it is
	// INDETERMINATE naming the missing piece."
	p := findFirewallPolicy(cfg, fw.PolicyARN)
	if p == nil {
		return undecidable("firewall policy " + fw.PolicyARN + " of firewall " + fw.Name + " is not in the config")
	}
	out.policyARN = p.ARN
	groups := map[string]*model.FirewallRuleGroup{}
	var missing []string
	for _, refs := range [][]model.FirewallRuleGroupRef{p.StatelessRefs, p.StatefulRefs} {
		for _, r := range refs {
			g := findRuleGroup(cfg, r.ARN)
			if g == nil {
				missing = append(missing, r.ARN)
				continue
			}
			groups[r.ARN] = g
		}
	}
	if len(missing) > 0 {
		return undecidable("rule group " + strings.Join(missing, ", ") + " of firewall policy " + p.ARN + " is not in the config")
	}
	// "HOME_NET: the policy's HOME_NET, else the CIDRs of the firewall's
	// VPC."
	var vpcCIDRs []netip.Prefix
	for _, v := range cfg.VPCs {
		if v.ID == fw.VPCID {
			vpcCIDRs = v.CIDRs
			break
		}
	}
	if p.HomeNet == nil && len(vpcCIDRs) == 0 {
		return undecidable("HOME_NET is unknown: the policy does not set it and VPC " + fw.VPCID + " (the inspection VPC) is not in the config")
	}

	sp, err := nfwjson.StatelessPolicy(p, groups)
	if err != nil {
		return out, fmt.Errorf("firewall %s: %w", fw.Name, err)
	}
	sfRules, err := statefulRules(p, groups)
	if err != nil {
		return out, fmt.Errorf("firewall %s: policy %s: %w", fw.Name, p.ARN, err)
	}
	// Spec §5.3: "@NAME IP set references resolve from the config's
	// managed prefix lists whose entries are known".
	opts := stateful.Options{PrefixLists: cfg.KnownPrefixLists()}
	j := &judge{policy: p, groups: groups, vpcCIDRs: vpcCIDRs, opts: opts, stateless: sp, flow: f, client: client, server: server}

	// "A TCP/UDP flow without a source port".
	if !model.HasPorts(f.Proto()) || f.SourcePort >= 0 {
		sport := uint16(0)
		if model.HasPorts(f.Proto()) {
			sport = uint16(f.SourcePort)
		}
		out.forward, out.reply, err = j.legs(sport)
		return out, err
	}
	// "If a stateful rule's client-side port (source port of -> rules,
	// either port of <> rules) is not any, such a flow is INDETERMINATE at
	// once ("give source_port")."
	for _, r := range sfRules {
		if r.SrcPorts.Kind != suricata.PortAny || (r.Direction == suricata.DirBoth && r.DstPorts.Kind != suricata.PortAny) {
			return undecidable("the flow gives no source port and stateful rules of policy " + p.ARN + " restrict the client's port: give source_port")
		}
	}
	// "the stateless rules' port ranges (start, end+1 of every SourcePorts
	// and DestinationPorts range) cut the ephemeral range into segments;
	// each segment is judged with its first port; different outcomes
	// (verdict or rule) make the leg INDETERMINATE listing the segments."
	starts := []int{int(ephemeral.From)}
	for _, cut := range portCuts(sp) {
		if cut > int(ephemeral.From) && cut <= int(ephemeral.To) {
			starts = append(starts, cut)
		}
	}
	var segFwd, segRep []fwLeg
	for _, s := range starts {
		fl, rl, err := j.legs(uint16(s))
		if err != nil {
			return out, err
		}
		segFwd, segRep = append(segFwd, fl), append(segRep, rl)
	}
	out.forward = segmented(segFwd, starts, int(ephemeral.To))
	out.reply = segmented(segRep, starts, int(ephemeral.To))
	return out, nil
}

// portCuts returns the start and the end+1 of every port range of a
// stateless rule, ascending, each once.
func portCuts(sp *stateless.Policy) []int {
	var cuts []int
	for _, g := range sp.Groups {
		for _, r := range g.Rules {
			for _, pr := range slices.Concat(r.SourcePorts, r.DestinationPorts) {
				cuts = append(cuts, int(pr.From), int(pr.To)+1)
			}
		}
	}
	slices.Sort(cuts)
	return slices.Compact(cuts)
}

// segmented combines the verdicts of a leg's segments (spec §5.3).
func segmented(legs []fwLeg, starts []int, last int) fwLeg {
	same := true
	for _, l := range legs[1:] {
		if l.verdict != legs[0].verdict || l.hasRule != legs[0].hasRule || l.rule != legs[0].rule {
			same = false
		}
	}
	if same {
		return legs[0]
	}
	var segs []string
	for k, s := range starts {
		end := last
		if k+1 < len(starts) {
			end = starts[k+1] - 1
		}
		text := strconv.Itoa(s)
		if end != s {
			text += "-" + strconv.Itoa(end)
		}
		segs = append(segs, text+": "+legs[k].verdict.String())
	}
	return fwLeg{verdict: model.VerdictIndeterminate,
		reason: "the flow gives no source port and the firewall's verdict depends on it (client ports " + strings.Join(segs, ", ") + "): give source_port"}
}

// judge judges a flow's packets at one firewall.
type judge struct {
	policy         *model.FirewallPolicy
	groups         map[string]*model.FirewallRuleGroup
	vpcCIDRs       []netip.Prefix
	opts           stateful.Options
	stateless      *stateless.Policy
	flow           *model.Flow
	client, server netip.Addr
}

// legPacket is one packet of a leg (spec §5.3 "Packets").
type legPacket struct {
	name     string
	flags    uint8
	fragment bool
}

// legs judges both legs with client port sport (spec §5.3).
func (j *judge) legs(sport uint16) (fwd, rep fwLeg, err error) {
	f := j.flow
	// "Packets: TCP NEW: forward SYN, ACK, PSH|ACK, FIN|ACK; return
	// SYN|ACK, ACK, PSH|ACK, FIN|ACK; ESTABLISHED: the same without the
	// SYN / SYN|ACK. Other protocols: one packet per leg. A flow that says
	// Fragmented adds a non-first fragment to each leg."
	var fwdPkts, repPkts []legPacket
	if f.Proto() == model.ProtoTCP {
		if f.State != model.StateEstablished {
			fwdPkts = append(fwdPkts, legPacket{name: "SYN", flags: model.TCPFlagSYN})
			repPkts = append(repPkts, legPacket{name: "SYN|ACK", flags: model.TCPFlagSYN | model.TCPFlagACK})
		}
		for _, p := range []legPacket{
			{name: "ACK", flags: model.TCPFlagACK},
			{name: "data (PSH|ACK)", flags: model.TCPFlagPSH | model.TCPFlagACK},
			{name: "FIN|ACK", flags: model.TCPFlagFIN | model.TCPFlagACK},
		} {
			fwdPkts, repPkts = append(fwdPkts, p), append(repPkts, p)
		}
	} else {
		fwdPkts, repPkts = []legPacket{{name: "packet"}}, []legPacket{{name: "packet"}}
	}
	if f.Fragmented {
		frag := legPacket{name: "non-first fragment", fragment: true}
		fwdPkts, repPkts = append(fwdPkts, frag), append(repPkts, frag)
	}
	dport := uint16(0)
	if model.HasPorts(f.Proto()) && f.DestinationPort >= 0 {
		dport = uint16(f.DestinationPort)
	}

	fwd, fwdSFE, fwdVia := j.statelessLeg(stateless.Packet{Src: j.client, Dst: j.server, Proto: f.Protocol, SrcPort: sport, DstPort: dport}, fwdPkts)
	if fwd.verdict == model.VerdictDeny {
		// "When the forward leg is dropped this way, the return leg is the
		// same DENY ("no reply: the forward packets are dropped ...")
		// without judging reply packets."
		rep = fwd
		rep.reason = "no reply: the forward packets are dropped (" + fwd.reason + ")"
		return fwd, rep, nil
	}
	rep, repSFE, repVia := j.statelessLeg(stateless.Packet{Src: j.server, Dst: j.client, Proto: f.Protocol, SrcPort: dport, DstPort: sport}, repPkts)
	if !fwdSFE && !repSFE {
		return fwd, rep, nil
	}

	// "Some forwarded (aws:forward_to_sfe): the stateful engine's verdict
	// for that leg (package stateful: Forward for the forward leg, Reply
	// for the return leg)".
	sf := stateful.Flow{Src: j.client, Dst: j.server, Proto: f.Protocol, SrcPort: sport, DstPort: dport,
		TLSSNI: f.TLSServerName, HTTPHost: f.HTTP.Host(),
		// The stateful engine sees what the stateless engine forwards:
		// "TCP NEW: forward SYN, ACK, PSH|ACK, FIN|ACK" carries data, so
		// the flow is judged past its setup whether it is NEW or
		// ESTABLISHED (an ESTABLISHED flow's setup was seen when it
		// opened, and is judged on the current rules).
		Established: true}
	want, err := stateful.ReferenceWith(j.policy, j.groups, j.vpcCIDRs, sf, j.opts)
	if err != nil {
		return fwd, rep, fmt.Errorf("policy %s: %w", j.policy.ARN, err)
	}
	// The stateful package's sentences: from its compiled engine when it
	// agrees with the oracle.
	var worded stateful.Result
	if cp, err := stateful.CompileWith(j.policy, j.groups, j.vpcCIDRs, j.opts); err == nil {
		worded = cp.Evaluate(sf)
	}
	if fwdSFE {
		fwd = j.statefulLeg(want.Forward, worded.Forward, fwdVia)
	}
	if repSFE {
		rep = j.statefulLeg(want.Reply, worded.Reply, repVia)
	}
	return fwd, rep, nil
}

// statelessLeg runs a leg's packets through the stateless engine: "The
// first dropped packet decides: DENY ... No packet dropped and none
// forwarded: ALLOW, Rules = the first packet's pass rule or default." It
// also reports whether some packet was forwarded to the stateful engine,
// and by what.
func (j *judge) statelessLeg(base stateless.Packet, pkts []legPacket) (leg fwLeg, forwarded bool, via string) {
	var passed *fwLeg
	for _, pk := range pkts {
		p := base
		p.TCPFlags, p.Fragment = pk.flags, pk.fragment
		r := stateless.Reference(j.stateless, &p)
		ref, what := j.statelessRule(r)
		switch r.Action {
		case stateless.Drop:
			if r.SilentDrop {
				// "a silent fragment drop has no rule".
				return fwLeg{verdict: model.VerdictDeny,
					reason: "the " + pk.name + " is dropped: Network Firewall drops fragments of protocols other than UDP silently"}, false, ""
			}
			return fwLeg{verdict: model.VerdictDeny, rule: ref, hasRule: true, reason: "the " + pk.name + " is dropped by " + what}, false, ""
		case stateless.ForwardToSFE:
			if !forwarded {
				forwarded, via = true, what
			}
		case stateless.Pass:
			if passed == nil {
				passed = &fwLeg{verdict: model.VerdictAllow, rule: ref, hasRule: true,
					reason: "passed by " + what + " (aws:pass: the stateful engine does not see these packets)"}
			}
		}
	}
	if forwarded || passed == nil {
		return fwLeg{}, forwarded, via
	}
	return *passed, false, ""
}

// statelessRule is the attribution of a stateless result: "[stateless
// rule: ResourceID group ARN, RuleID the priority, RuleNumber the priority,
// Description the action] or [default: ResourceID the policy ARN, RuleID
// StatelessDefaultActions / StatelessFragmentDefaultActions, Description
// the action]", and its name in sentences.
func (j *judge) statelessRule(r stateless.Result) (model.RuleRef, string) {
	if r.Default {
		field := "StatelessDefaultActions"
		if r.FragmentDefault {
			field = "StatelessFragmentDefaultActions"
		}
		return model.RuleRef{ResourceID: j.policy.ARN, RuleID: field, Description: r.Action.String()},
			"the policy's " + field + " (" + r.Action.String() + ")"
	}
	id := strconv.Itoa(int(r.RulePriority))
	return model.RuleRef{ResourceID: r.GroupARN, RuleID: id, RuleNumber: r.RulePriority, Description: r.Action.String()},
		"stateless rule priority " + id + " of " + r.GroupARN + " (" + r.Action.String() + ")"
}

// statefulLeg turns the stateful oracle's verdict o on a leg into the
// leg's verdict: "pass / alert-pass -> ALLOW, drop / reject -> DENY,
// undecidable -> INDETERMINATE; Rules = [ResourceID the rule group ARN,
// RuleID sid:N, RuleNumber N, Description the rule's msg], or for a strict
// default action [ResourceID the policy ARN, RuleID StatefulDefaultActions,
// Description the reason]; none when nothing matched in default action
// order." worded is the compiled engine's verdict, whose sentence is used
// when it agrees with o. via names what forwarded the packets.
func (j *judge) statefulLeg(o, worded stateful.LegResult, via string) fwLeg {
	if sameStatefulLeg(o, worded) {
		o.Reason = worded.Reason
	}
	l := fwLeg{stateful: true}
	switch o.Action {
	case stateful.Pass, stateful.AlertPass:
		l.verdict = model.VerdictAllow
	case stateful.Drop, stateful.Reject:
		l.verdict = model.VerdictDeny
	default:
		l.verdict = model.VerdictIndeterminate
	}
	prefix := "forwarded to the stateful engine by " + via + "; "
	if o.SID == 0 {
		l.hasRule = o.Default && j.policy.RuleOrder == stateful.StrictOrder
		if l.hasRule {
			l.rule = model.RuleRef{ResourceID: j.policy.ARN, RuleID: "StatefulDefaultActions", Description: o.Reason}
		}
		l.reason = prefix + o.Reason
		return l
	}
	sid := strconv.FormatUint(uint64(o.SID), 10)
	l.hasRule = true
	l.rule = model.RuleRef{ResourceID: o.GroupARN, RuleID: "sid:" + sid, RuleNumber: int32(min(o.SID, 1<<31-1)), Description: o.Msg}
	what := "stateful rule sid:" + sid + " of " + o.GroupARN
	if o.Msg != "" {
		what += " (\"" + o.Msg + "\")"
	}
	switch l.verdict {
	case model.VerdictAllow:
		l.reason = prefix + what + " passes it: " + o.Reason
	case model.VerdictDeny:
		l.reason = prefix + strings.ToLower(o.Action.String()) + " by " + what + ": " + o.Reason
	default:
		l.reason = prefix + "cannot be decided: " + o.Reason
	}
	return l
}

// sameStatefulLeg reports whether two stateful verdicts on a leg agree:
// the same action and, unless undecidable, the same deciding rule or
// default.
func sameStatefulLeg(a, b stateful.LegResult) bool {
	if a.Action != b.Action {
		return false
	}
	return a.Action == stateful.Undecidable || (a.SID == b.SID && a.GroupARN == b.GroupARN && a.Default == b.Default)
}

// statefulRules parses the rules of every stateful rule group of policy p
// (groups by ARN), as AWS generates them from the group's source.
func statefulRules(p *model.FirewallPolicy, groups map[string]*model.FirewallRuleGroup) ([]*suricata.Rule, error) {
	var out []*suricata.Rule
	for _, ref := range p.StatefulRefs {
		g := groups[ref.ARN]
		var text string
		switch {
		case g.RulesString != "":
			text = g.RulesString
		case len(g.StatefulRules) > 0:
			lines := make([]string, 0, len(g.StatefulRules))
			for _, r := range g.StatefulRules {
				lines = append(lines, stateful.FiveTupleText(r))
			}
			text = strings.Join(lines, "\n")
		case g.DomainList != nil:
			var err error
			if text, err = stateful.DomainListText(g.DomainList); err != nil {
				return nil, fmt.Errorf("stateful rule group %s: %w", ref.ARN, err)
			}
		}
		if text == "" {
			continue
		}
		rs, err := suricata.Parse(ref.ARN, text)
		if err != nil {
			return nil, fmt.Errorf("stateful rule group %s: %w", ref.ARN, err)
		}
		out = append(out, rs.Rules...)
	}
	return out, nil
}

// findFirewallPolicy returns the policy a firewall names: the one with
// that ARN, else (a policy given by name) the one with that name.
func findFirewallPolicy(cfg *model.Config, arn string) *model.FirewallPolicy {
	for i := range cfg.FirewallPolicies {
		if cfg.FirewallPolicies[i].ARN == arn {
			return &cfg.FirewallPolicies[i]
		}
	}
	for i := range cfg.FirewallPolicies {
		if arn != "" && cfg.FirewallPolicies[i].Name == arn {
			return &cfg.FirewallPolicies[i]
		}
	}
	return nil
}

func findRuleGroup(cfg *model.Config, arn string) *model.FirewallRuleGroup {
	for i := range cfg.FirewallRuleGroups {
		if cfg.FirewallRuleGroups[i].ARN == arn {
			return &cfg.FirewallRuleGroups[i]
		}
	}
	return nil
}
