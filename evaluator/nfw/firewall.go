package nfw

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/geo"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/nfw/nfwjson"
	"github.com/netverdict/netverdict/evaluator/nfw/stateful"
	"github.com/netverdict/netverdict/evaluator/nfw/stateless"
	"github.com/netverdict/netverdict/evaluator/nfw/suricata"
)

// Table is every firewall of a config, compiled. It is immutable and safe
// for concurrent use.
type Table struct {
	fws        []firewall
	byEndpoint map[string]Endpoint
	warnings   []string
}

// Warnings returns what compiling found suspicious but legal (reject on
// non-TCP rules, priority keywords under strict order, ...), one line
// each naming the firewall.
func (t *Table) Warnings() []string { return slices.Clone(t.warnings) }

// Endpoint is a firewall endpoint as routes name it.
type Endpoint struct {
	Firewall         int32 // index for Table.Inspect
	ID               string
	SubnetID         string
	AvailabilityZone string
}

type firewall struct {
	name, arn, vpc string
	policyARN      string
	// problem, when set, makes every check of the firewall INDETERMINATE:
	// the policy or a rule group is not in the config.
	problem string
	sl      *stateless.Engine
	sf      *stateful.Policy
	// cuts are the port boundaries of the stateless rules (starts of port
	// ranges and ends+1), for flows without a source port.
	cuts []int32
	// clientPorts: some stateful rule restricts a port that may be the
	// client's, so a flow without a source port cannot be judged.
	clientPorts bool
}

// Compile compiles every firewall of cfg with its policy and rule groups.
// HOME_NET defaults to the CIDRs of the firewall's VPC. Errors are
// configuration errors that no flow can get past (a rule group that does
// not parse, duplicate priorities); a policy or group missing from the
// config is not an error (see the package documentation).
func Compile(cfg *model.Config) (*Table, error) {
	return CompileWith(cfg, Options{})
}

// Options tune CompileWith.
type Options struct {
	// Geo resolves the stateful rules' geoip keyword (the user's
	// IP-to-country file); nil leaves geoip undecidable.
	Geo *geo.DB
	// PrefixLists are cfg.KnownPrefixLists() when the caller has them
	// already; nil means CompileWith computes them.
	PrefixLists map[string][]netip.Prefix
}

// CompileWith is Compile with options.
func CompileWith(cfg *model.Config, opts Options) (*Table, error) {
	t := &Table{byEndpoint: map[string]Endpoint{}}
	policies := map[string]*model.FirewallPolicy{}
	for i := range cfg.FirewallPolicies {
		p := &cfg.FirewallPolicies[i]
		policies[p.ARN] = p
		if p.Name != "" {
			if _, dup := policies[p.Name]; !dup {
				policies[p.Name] = p
			}
		}
	}
	groups := map[string]*model.FirewallRuleGroup{}
	for i := range cfg.FirewallRuleGroups {
		g := &cfg.FirewallRuleGroups[i]
		groups[g.ARN] = g
	}
	// @NAME IP set references resolve from the managed prefix lists whose
	// entries are known.
	pls := opts.PrefixLists
	if pls == nil {
		pls = cfg.KnownPrefixLists()
	}
	sopts := stateful.Options{Geo: opts.Geo, PrefixLists: pls}
	vpcCIDRs := map[string][]netip.Prefix{}
	for _, v := range cfg.VPCs {
		vpcCIDRs[v.ID] = v.CIDRs
	}
	var errs []error
	for i := range cfg.Firewalls {
		f := &cfg.Firewalls[i]
		fw := firewall{name: f.Name, arn: f.ARN, vpc: f.VPCID, policyARN: f.PolicyARN}
		if err := fw.compile(policies[f.PolicyARN], groups, vpcCIDRs[f.VPCID], sopts); err != nil {
			errs = append(errs, fmt.Errorf("firewall %s: %w", label(f), err))
		}
		idx := int32(len(t.fws))
		if fw.sf != nil {
			for _, w := range fw.sf.Warnings() {
				t.warnings = append(t.warnings, "firewall "+label(f)+": "+w)
			}
		}
		t.fws = append(t.fws, fw)
		for _, e := range f.Endpoints {
			if prev, dup := t.byEndpoint[e.EndpointID]; dup && prev.Firewall != idx {
				errs = append(errs, fmt.Errorf("firewall %s: endpoint %s also belongs to firewall %s", label(f), e.EndpointID, t.fws[prev.Firewall].arn))
				continue
			}
			t.byEndpoint[e.EndpointID] = Endpoint{Firewall: idx, ID: e.EndpointID, SubnetID: e.SubnetID, AvailabilityZone: e.AvailabilityZone}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return t, nil
}

func label(f *model.Firewall) string {
	if f.Name != "" {
		return f.Name
	}
	return f.ARN
}

// compile fills fw from its policy. Missing pieces set fw.problem.
func (fw *firewall) compile(p *model.FirewallPolicy, groups map[string]*model.FirewallRuleGroup, vpcCIDRs []netip.Prefix, opts stateful.Options) error {
	if p == nil {
		fw.problem = "firewall policy " + fw.policyARN + " of firewall " + fw.name + " is not in the config"
		return nil
	}
	fw.policyARN = p.ARN
	var missing []string
	for _, r := range slices.Concat(p.StatelessRefs, p.StatefulRefs) {
		if groups[r.ARN] == nil {
			missing = append(missing, r.ARN)
		}
	}
	if len(missing) > 0 {
		fw.problem = "rule group " + strings.Join(missing, ", ") + " of firewall policy " + p.ARN + " is not in the config"
		return nil
	}
	if p.HomeNet == nil && len(vpcCIDRs) == 0 {
		fw.problem = "HOME_NET is unknown: the policy does not set it and VPC " + fw.vpc + " (the inspection VPC) is not in the config"
		return nil
	}
	sp, err := nfwjson.StatelessPolicy(p, groups)
	if err != nil {
		return err
	}
	if fw.sl, err = stateless.Compile(sp); err != nil {
		return fmt.Errorf("policy %s: %w", p.ARN, err)
	}
	if fw.sf, err = stateful.CompileWith(p, groups, vpcCIDRs, opts); err != nil {
		return fmt.Errorf("policy %s: %w", p.ARN, err)
	}
	cuts := map[int32]bool{}
	for _, g := range sp.Groups {
		for _, r := range g.Rules {
			for _, pr := range slices.Concat(r.SourcePorts, r.DestinationPorts) {
				cuts[int32(pr.From)], cuts[int32(pr.To)+1] = true, true
			}
		}
	}
	for c := range cuts {
		fw.cuts = append(fw.cuts, c)
	}
	slices.Sort(fw.cuts)
	for _, g := range fw.sf.Groups {
		for _, r := range g.Rules {
			if r.SrcPorts.Kind != suricata.PortAny || r.Direction == suricata.DirBoth && r.DstPorts.Kind != suricata.PortAny {
				fw.clientPorts = true
			}
		}
	}
	return nil
}

// Endpoint returns the firewall endpoint with id (vpce-…).
func (t *Table) Endpoint(id string) (Endpoint, bool) {
	e, ok := t.byEndpoint[id]
	return e, ok
}

// Info names a firewall for checks and reasons.
type Info struct {
	Name, ARN, VPCID, PolicyARN string
}

// Info returns the names of firewall i.
func (t *Table) Info(i int32) Info {
	f := &t.fws[i]
	return Info{Name: f.name, ARN: f.arn, VPCID: f.vpc, PolicyARN: f.policyARN}
}

// Len is the number of firewalls.
func (t *Table) Len() int { return len(t.fws) }

// Leg is the firewall's verdict on one leg's packets.
type Leg struct {
	Verdict model.Verdict
	// Rule is what decided: a stateless rule (group ARN, priority), a
	// stateful rule (group ARN, sid:N, msg) or a default action (the
	// policy ARN and the action).
	Rule    model.RuleRef
	HasRule bool
	Reason  string
	// Stateful is set when the stateful engine judged the leg's packets.
	Stateful bool
}

// Verdicts is a firewall's verdict on both legs of a flow.
type Verdicts struct {
	Forward, Return Leg
}

// Inspect judges flow f, whose endpoints have the addresses src and dst
// (the flow's family), at firewall i, on both legs.
func (t *Table) Inspect(i int32, f *model.Flow, src, dst netip.Addr, opts model.Options) Verdicts {
	fw := &t.fws[i]
	if fw.problem != "" {
		l := Leg{Verdict: model.VerdictIndeterminate, Reason: fw.problem}
		return Verdicts{l, l}
	}
	ports := f.Proto() == model.ProtoTCP || f.Proto() == model.ProtoUDP
	if !ports || f.SourcePort >= 0 {
		sp := uint16(0)
		if ports {
			sp = uint16(f.SourcePort)
		}
		return fw.inspect(f, src, dst, sp)
	}
	// No source port: judge each segment of the ephemeral range that the
	// stateless rules' port boundaries cut out.
	eph := opts.EphemeralRange()
	if fw.clientPorts {
		l := Leg{Verdict: model.VerdictIndeterminate, Reason: "the flow gives no source port and stateful rules of policy " + fw.policyARN + " restrict the client's port: give source_port"}
		return Verdicts{l, l}
	}
	starts := []int32{int32(eph.From)}
	for _, c := range fw.cuts {
		if c > int32(eph.From) && c <= int32(eph.To) {
			starts = append(starts, c)
		}
	}
	var out Verdicts
	var seg [2][]string
	var differs [2]bool
	for k, s := range starts {
		end := int32(eph.To)
		if k+1 < len(starts) {
			end = starts[k+1] - 1
		}
		v := fw.inspect(f, src, dst, uint16(s))
		if k == 0 {
			out = v
		}
		for li, pair := range [2][2]*Leg{{&out.Forward, &v.Forward}, {&out.Return, &v.Return}} {
			seg[li] = append(seg[li], portText(s, end)+": "+pair[1].Verdict.String())
			if pair[0].Verdict != pair[1].Verdict || pair[0].Rule != pair[1].Rule {
				differs[li] = true
			}
		}
	}
	// Segments with different outcomes: the leg depends on the port.
	for li, l := range [2]*Leg{&out.Forward, &out.Return} {
		if differs[li] {
			*l = Leg{Verdict: model.VerdictIndeterminate,
				Reason: "the flow gives no source port and the firewall's verdict depends on it (client ports " + strings.Join(seg[li], ", ") + "): give source_port"}
		}
	}
	return out
}

func portText(from, to int32) string {
	if from == to {
		return strconv.Itoa(int(from))
	}
	return strconv.Itoa(int(from)) + "-" + strconv.Itoa(int(to))
}

// packet is one packet kind of a leg.
type packet struct {
	flags    uint8
	fragment bool
	name     string
}

var (
	tcpNew     = []packet{{flags: model.TCPFlagSYN, name: "SYN"}, {flags: model.TCPFlagACK, name: "ACK"}, {flags: model.TCPFlagPSH | model.TCPFlagACK, name: "data (PSH|ACK)"}, {flags: model.TCPFlagFIN | model.TCPFlagACK, name: "FIN|ACK"}}
	tcpEst     = tcpNew[1:]
	tcpReply   = []packet{{flags: model.TCPFlagSYN | model.TCPFlagACK, name: "SYN|ACK"}, {flags: model.TCPFlagACK, name: "ACK"}, {flags: model.TCPFlagPSH | model.TCPFlagACK, name: "data (PSH|ACK)"}, {flags: model.TCPFlagFIN | model.TCPFlagACK, name: "FIN|ACK"}}
	tcpReplyEs = tcpReply[1:]
	single     = []packet{{name: "packet"}}
)

// inspect judges both legs with client port sport.
func (fw *firewall) inspect(f *model.Flow, src, dst netip.Addr, sport uint16) Verdicts {
	fwdPkts, repPkts := single, single
	switch {
	case f.Proto() == model.ProtoTCP && f.State == model.StateEstablished:
		fwdPkts, repPkts = tcpEst, tcpReplyEs
	case f.Proto() == model.ProtoTCP:
		fwdPkts, repPkts = tcpNew, tcpReply
	}
	if f.Fragmented {
		fwdPkts = append(slices.Clip(fwdPkts), packet{fragment: true, name: "non-first fragment"})
		repPkts = append(slices.Clip(repPkts), packet{fragment: true, name: "non-first fragment"})
	}
	dport := uint16(0)
	if f.DestinationPort >= 0 && (f.Proto() == model.ProtoTCP || f.Proto() == model.ProtoUDP) {
		dport = uint16(f.DestinationPort)
	}
	fwd := fw.stateless(stateless.Packet{Src: src, Dst: dst, Proto: f.Protocol, SrcPort: sport, DstPort: dport}, fwdPkts)
	if fwd.leg.Verdict == model.VerdictDeny {
		// The request never gets through: there is no reply to judge.
		rep := fwd.leg
		rep.Reason = "no reply: the forward packets are dropped (" + fwd.leg.Reason + ")"
		return Verdicts{fwd.leg, rep}
	}
	rep := fw.stateless(stateless.Packet{Src: dst, Dst: src, Proto: f.Protocol, SrcPort: dport, DstPort: sport}, repPkts)
	if !fwd.toSFE && !rep.toSFE {
		return Verdicts{fwd.leg, rep.leg}
	}
	sf := stateful.Flow{Src: src, Dst: dst, Proto: f.Protocol, SrcPort: sport, DstPort: dport,
		TLSSNI: f.TLSServerName, HTTPHost: f.HTTP.Host(), AppProto: f.AppProtocol,
		// A flow is a connection that carries data, NEW or not: the
		// stateful engine judges its setup and its first data each way.
		// For an ESTABLISHED flow that includes the setup the engine saw
		// when the connection opened, judged on the current rules.
		Established: true}
	sfr := fw.sf.Evaluate(sf)
	if fwd.toSFE {
		fwd.leg = fw.statefulLeg(sfr.Forward, fwd)
	}
	if rep.toSFE {
		rep.leg = fw.statefulLeg(sfr.Reply, rep)
	}
	return Verdicts{fwd.leg, rep.leg}
}

// slResult is the stateless outcome of a leg's packets.
type slResult struct {
	leg   Leg
	toSFE bool
	// via names the stateless rule or default that forwarded the packets.
	via string
}

// stateless judges a leg's packets, each with its flags; the first drop
// decides, else pass when none is forwarded.
func (fw *firewall) stateless(base stateless.Packet, pkts []packet) slResult {
	var out slResult
	var first Leg
	for _, pk := range pkts {
		p := base
		p.TCPFlags, p.Fragment = pk.flags, pk.fragment
		r := fw.sl.Evaluate(&p)
		// The rule's name is built only for the packet that decides: a
		// leg's other packets (per flow, both legs) cost no strings.
		switch r.Action {
		case stateless.Drop:
			if r.SilentDrop {
				// No rule and no default action decides a silent drop.
				return slResult{leg: Leg{Verdict: model.VerdictDeny,
					Reason: "the " + pk.name + " is dropped: Network Firewall drops fragments of protocols other than UDP silently"}}
			}
			ref, what := fw.statelessRef(r)
			return slResult{leg: Leg{Verdict: model.VerdictDeny, Rule: ref, HasRule: true, Reason: "the " + pk.name + " is dropped by " + what}}
		case stateless.ForwardToSFE:
			if !out.toSFE {
				_, out.via = fw.statelessRef(r)
				out.toSFE = true
			}
		case stateless.Pass:
			// Once a packet is forwarded the stateful engine decides
			// the leg and the pass rule is never named.
			if first.Verdict == model.VerdictUnspecified && !out.toSFE {
				ref, what := fw.statelessRef(r)
				first = Leg{Verdict: model.VerdictAllow, Rule: ref, HasRule: true, Reason: "passed by " + what + " (aws:pass: the stateful engine does not see these packets)"}
			}
		}
	}
	if !out.toSFE {
		out.leg = first
	}
	return out
}

// statelessRef names the stateless rule or default action of r.
func (fw *firewall) statelessRef(r stateless.Result) (model.RuleRef, string) {
	if r.Default {
		field := "StatelessDefaultActions"
		if r.FragmentDefault {
			field = "StatelessFragmentDefaultActions"
		}
		return model.RuleRef{ResourceID: fw.policyARN, RuleID: field, Description: r.Action.String()},
			"the policy's " + field + " (" + r.Action.String() + ")"
	}
	id := strconv.Itoa(int(r.RulePriority))
	return model.RuleRef{ResourceID: r.GroupARN, RuleID: id, RuleNumber: r.RulePriority, Description: r.Action.String()},
		"stateless rule priority " + id + " of " + r.GroupARN + " (" + r.Action.String() + ")"
}

// statefulLeg turns the stateful engine's outcome for a leg into a Leg.
func (fw *firewall) statefulLeg(o stateful.LegResult, sl slResult) Leg {
	l := Leg{HasRule: true, Stateful: true}
	switch o.Action {
	case stateful.Pass, stateful.AlertPass:
		l.Verdict = model.VerdictAllow
	case stateful.Drop, stateful.Reject:
		l.Verdict = model.VerdictDeny
	default:
		l.Verdict = model.VerdictIndeterminate
	}
	if o.SID != 0 {
		sid := strconv.FormatUint(uint64(o.SID), 10)
		l.Rule = model.RuleRef{ResourceID: o.GroupARN, RuleID: "sid:" + sid, RuleNumber: int32(min(o.SID, 1<<31-1)), Description: o.Msg}
		what := "stateful rule sid:" + sid + " of " + o.GroupARN
		if o.Msg != "" {
			what += " (\"" + o.Msg + "\")"
		}
		switch l.Verdict {
		case model.VerdictAllow:
			l.Reason = "forwarded to the stateful engine by " + sl.via + "; " + what + " passes it: " + o.Reason
		case model.VerdictDeny:
			l.Reason = "forwarded to the stateful engine by " + sl.via + "; " + strings.ToLower(o.Action.String()) + " by " + what + ": " + o.Reason
		default:
			l.Reason = "forwarded to the stateful engine by " + sl.via + "; cannot be decided: " + o.Reason
		}
		return l
	}
	// A strict-order default action decided; in default action order
	// nothing matched and no rule or action is there to name.
	if o.Default && fw.sf.RuleOrder == stateful.StrictOrder {
		l.Rule = model.RuleRef{ResourceID: fw.policyARN, RuleID: "StatefulDefaultActions", Description: o.Reason}
	} else {
		l.HasRule = false
	}
	l.Reason = "forwarded to the stateful engine by " + sl.via + "; " + o.Reason
	return l
}
