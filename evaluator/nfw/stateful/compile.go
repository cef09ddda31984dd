package stateful

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/gaissmai/bart"
	"github.com/netverdict/netverdict/evaluator/geo"
	"github.com/netverdict/netverdict/evaluator/nfw/nfwjson"
	"github.com/netverdict/netverdict/evaluator/nfw/suricata"
)

// Rule orders (StatefulEngineOptions.RuleOrder).
const (
	DefaultActionOrder = "DEFAULT_ACTION_ORDER"
	StrictOrder        = "STRICT_ORDER"
)

// Options are what Compile needs besides the policy and its rule groups.
type Options struct {
	// Geo maps addresses to countries for the geoip keyword (§5.6); nil
	// leaves every geoip match unknown ("no geo file given").
	Geo *geo.DB
	// PrefixLists are the config's managed prefix lists by id
	// ("pl-0123..."), their CIDRs (aws ec2 get-managed-prefix-list-entries).
	// They resolve the IP set references (@NAME, ReferenceSets, §5.1,
	// §5.6) whose ReferenceArn is
	// arn:aws:ec2:<region>:<account>:prefix-list/<id>: @NAME matches an
	// address iff one of the CIDRs contains it. An id present with no
	// CIDRs is a known empty list (matches no address); an id absent is
	// unknown, and so are resource-group references: rules using them
	// are undecidable, naming the reference and why.
	PrefixLists map[string][]netip.Prefix
}

// Policy is a compiled stateful policy: every referenced stateful rule
// group as Suricata rules, with its variables resolved, and the rules in
// the order the engine evaluates them. It is immutable after Compile and
// safe for concurrent use.
type Policy struct {
	RuleOrder      string
	DefaultActions []string // StatefulDefaultActions, strict order only
	Groups         []*Group // in reference order; sorted by priority for STRICT_ORDER

	order    []*crule // evaluation order (see Compile)
	defaults defaults
	warnings []string
}

// Group is one compiled stateful rule group.
type Group struct {
	ARN      string
	Priority int32
	Override string // DROP_TO_ALERT or ""
	Rules    []*suricata.Rule
	// addrVars and portVars map "$NAME"/"@NAME" to their values; a value
	// whose definition could not be read maps to a problem.
	addrVars map[string]varAddr
	portVars map[string]varPort
}

type varAddr struct {
	spec    suricata.AddressSpec
	set     *bart.Lite // a resolved IP set reference (@NAME) instead of spec
	problem string
}

type varPort struct {
	spec    suricata.PortSpec
	problem string
}

// Compile builds the stateful policy from p and its rule groups (by ARN).
// vpcCIDRs are the inspection VPC's CIDRs, HOME_NET when the policy does
// not set it (§5.7). Rule groups that are missing or do not parse are
// errors; good groups are still compiled.
//
// The evaluation order is computed here (§5.4): STRICT_ORDER takes the
// groups by reference priority and their rules as defined;
// DEFAULT_ACTION_ORDER takes pass, drop, reject, alert rules, each by the
// priority keyword (absent = 3, Suricata's default), ties in reference and
// rule order.
func Compile(p *nfwjson.Policy, groups map[string]*nfwjson.RuleGroup, vpcCIDRs []netip.Prefix) (*Policy, error) {
	return CompileWith(p, groups, vpcCIDRs, Options{})
}

// CompileWith is Compile with options: opts.Geo decides the geoip keyword
// and opts.PrefixLists resolve IP set references (§5.6, see Options).
func CompileWith(p *nfwjson.Policy, groups map[string]*nfwjson.RuleGroup, vpcCIDRs []netip.Prefix, opts Options) (*Policy, error) {
	out := &Policy{RuleOrder: p.RuleOrder, DefaultActions: p.StatefulDefaultActions}
	if out.RuleOrder == "" {
		out.RuleOrder = DefaultActionOrder
	}
	home := p.HomeNet
	if home == nil {
		home = vpcCIDRs
	}
	homeSpec := prefixesSpec(home)
	var errs []error
	for _, ref := range p.StatefulRefs {
		g := groups[ref.ARN]
		if g == nil {
			errs = append(errs, fmt.Errorf("stateful rule group %s: not given", ref.ARN))
			continue
		}
		cg, err := compileGroup(g, homeSpec, opts.PrefixLists)
		if err != nil {
			errs = append(errs, fmt.Errorf("stateful rule group %s: %w", ref.ARN, err))
		}
		if cg == nil {
			continue
		}
		cg.ARN, cg.Priority, cg.Override = ref.ARN, ref.Priority, ref.Override
		out.Groups = append(out.Groups, cg)
		out.warnings = append(out.warnings, groupWarnings(out.RuleOrder, g, cg)...)
	}
	if out.RuleOrder == StrictOrder {
		slices.SortStableFunc(out.Groups, func(a, b *Group) int { return int(a.Priority) - int(b.Priority) })
	}
	for _, g := range out.Groups {
		for _, r := range g.Rules {
			out.order = append(out.order, compileRule(g, r, opts.Geo))
		}
	}
	if out.RuleOrder != StrictOrder {
		slices.SortStableFunc(out.order, func(a, b *crule) int {
			if d := actionRank(a.r.Action) - actionRank(b.r.Action); d != 0 {
				return d
			}
			return rulePriority(a.r) - rulePriority(b.r)
		})
	}
	out.defaults = parseDefaults(out.DefaultActions)
	out.warnings = append(out.warnings, policyWarnings(p, out)...)
	return out, errors.Join(errs...)
}

// actionRank is the DEFAULT_ACTION_ORDER precedence: pass, drop, reject, alert (§5.4).
func actionRank(a suricata.Action) int {
	switch a {
	case suricata.Pass:
		return 0
	case suricata.Drop:
		return 1
	case suricata.Alert:
		return 3
	}
	return 2 // reject and its variants
}

// rulePriority is the priority keyword, 3 when absent (Suricata's default).
func rulePriority(r *suricata.Rule) int {
	if r.Priority == 0 {
		return 3
	}
	return r.Priority
}

// Warnings returns the configuration problems Compile found that do not
// stop evaluation (§5.4, §5.6, §5.9, §5.11 items 7-8), one sentence each.
func (p *Policy) Warnings() []string { return slices.Clone(p.warnings) }

func prefixesSpec(ps []netip.Prefix) suricata.AddressSpec {
	s := suricata.AddressSpec{Kind: suricata.AddrList}
	for _, p := range ps {
		s.List = append(s.List, suricata.AddressSpec{Kind: suricata.AddrPrefix, Prefix: p})
	}
	return s
}

// compileGroup converts g's rule source into Suricata rules and resolves
// its variables against the policy's HOME_NET (homeSpec) and its IP set
// references against the config's prefix lists.
func compileGroup(g *nfwjson.RuleGroup, homeSpec suricata.AddressSpec, lists map[string][]netip.Prefix) (*Group, error) {
	cg := &Group{ARN: g.ARN, addrVars: map[string]varAddr{}, portVars: map[string]varPort{}}
	// §5.7: EXTERNAL_NET is !<policy HOME_NET> unless the group sets it,
	// even when the group sets HOME_NET.
	ext := homeSpec
	ext.Negated = true
	cg.addrVars["$HOME_NET"] = varAddr{spec: homeSpec}
	cg.addrVars["$EXTERNAL_NET"] = varAddr{spec: ext}
	for name, defs := range g.IPSets {
		spec, err := parseAddrSet(defs)
		if err != nil {
			cg.addrVars["$"+name] = varAddr{problem: fmt.Sprintf("IP set $%s: %v", name, err)}
			continue
		}
		cg.addrVars["$"+name] = varAddr{spec: spec}
	}
	for name, arn := range g.IPSetReferences {
		cg.addrVars["@"+name] = resolveIPSetRef(name, arn, lists)
	}
	for name, defs := range g.PortSets {
		spec, err := parsePortSet(defs)
		if err != nil {
			cg.portVars["$"+name] = varPort{problem: fmt.Sprintf("port set $%s: %v", name, err)}
			continue
		}
		cg.portVars["$"+name] = varPort{spec: spec}
	}
	text, err := groupText(g)
	if err != nil || text == "" {
		return cg, err
	}
	rs, err := suricata.Parse(g.ARN, text)
	if rs != nil {
		cg.Rules = rs.Rules
	}
	return cg, err
}

// groupText is the Suricata text of g's rule source: RulesString as
// written, 5-tuple rules rendered (FiveTupleText), a domain list expanded
// (DomainListText); "" for a group without stateful rules.
func groupText(g *nfwjson.RuleGroup) (string, error) {
	switch {
	case g.RulesString != "":
		return g.RulesString, nil
	case len(g.StatefulRules) > 0:
		lines := make([]string, 0, len(g.StatefulRules))
		for _, r := range g.StatefulRules {
			lines = append(lines, FiveTupleText(r))
		}
		return strings.Join(lines, "\n"), nil
	case g.DomainList != nil:
		return DomainListText(g.DomainList)
	}
	return "", nil
}

// parseAddrSet reads an IP set's definitions through the Suricata parser,
// as the list "[d1,d2,...]".
func parseAddrSet(defs []string) (suricata.AddressSpec, error) {
	rs, err := suricata.Parse("ipset", "pass ip ["+strings.Join(defs, ",")+"] any -> any any (sid:1;)")
	if err != nil {
		return suricata.AddressSpec{}, err
	}
	return rs.Rules[0].Src, nil
}

func parsePortSet(defs []string) (suricata.PortSpec, error) {
	rs, err := suricata.Parse("portset", "pass tcp any ["+strings.Join(defs, ",")+"] -> any any (sid:1;)")
	if err != nil {
		return suricata.PortSpec{}, err
	}
	return rs.Rules[0].SrcPorts, nil
}

// FiveTupleText renders a standard stateful rule as the Suricata rule AWS
// generates for it (§5.5): ACTION PROTO SRC SRCPORT DIR DST DSTPORT (opts;).
func FiveTupleText(r nfwjson.StatefulRule) string {
	dir := "->"
	if strings.EqualFold(r.Direction, "ANY") {
		dir = "<>"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s %s %s %s %s (", strings.ToLower(r.Action), strings.ToLower(r.Protocol),
		r.Source, r.SourcePort, dir, r.Destination, r.DestinationPort)
	for i, o := range r.Options {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(o.Keyword)
		if len(o.Settings) > 0 {
			b.WriteString(":" + strings.Join(o.Settings, ","))
		}
		b.WriteByte(';')
	}
	b.WriteByte(')')
	return b.String()
}
