package stateful

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/nfw/nfwjson"
	"github.com/netverdict/netverdict/evaluator/nfw/suricata"
)

// Rule orders (StatefulEngineOptions.RuleOrder).
const (
	DefaultActionOrder = "DEFAULT_ACTION_ORDER"
	StrictOrder        = "STRICT_ORDER"
)

// Policy is a compiled stateful policy: every referenced stateful rule
// group as Suricata rules, with its variables resolved.
type Policy struct {
	RuleOrder      string
	DefaultActions []string // StatefulDefaultActions, strict order only
	Groups         []*Group // in reference order; sorted by priority for STRICT_ORDER
}

// Group is one compiled stateful rule group.
type Group struct {
	ARN      string
	Priority int32
	Override string // DROP_TO_ALERT or ""
	Rules    []*suricata.Rule
	// addrVars and portVars map "$NAME"/"@NAME" to their values; a value
	// whose definition could not be read maps to a nil spec with a problem.
	addrVars map[string]varAddr
	portVars map[string]varPort
}

type varAddr struct {
	spec    suricata.AddressSpec
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
func Compile(p *nfwjson.Policy, groups map[string]*nfwjson.RuleGroup, vpcCIDRs []netip.Prefix) (*Policy, error) {
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
		cg, err := compileGroup(g, homeSpec)
		if err != nil {
			errs = append(errs, fmt.Errorf("stateful rule group %s: %w", ref.ARN, err))
		}
		if cg == nil {
			continue
		}
		cg.ARN, cg.Priority, cg.Override = ref.ARN, ref.Priority, ref.Override
		out.Groups = append(out.Groups, cg)
	}
	if out.RuleOrder == StrictOrder {
		slices.SortStableFunc(out.Groups, func(a, b *Group) int { return int(a.Priority) - int(b.Priority) })
	}
	return out, errors.Join(errs...)
}

func prefixesSpec(ps []netip.Prefix) suricata.AddressSpec {
	s := suricata.AddressSpec{Kind: suricata.AddrList}
	for _, p := range ps {
		s.List = append(s.List, suricata.AddressSpec{Kind: suricata.AddrPrefix, Prefix: p})
	}
	return s
}

// compileGroup converts g's rule source into Suricata rules and resolves
// its variables against the policy's HOME_NET (homeSpec).
func compileGroup(g *nfwjson.RuleGroup, homeSpec suricata.AddressSpec) (*Group, error) {
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
		cg.addrVars["@"+name] = varAddr{problem: fmt.Sprintf("IP set reference @%s (%s) is not resolved", name, arn)}
	}
	for name, defs := range g.PortSets {
		spec, err := parsePortSet(defs)
		if err != nil {
			cg.portVars["$"+name] = varPort{problem: fmt.Sprintf("port set $%s: %v", name, err)}
			continue
		}
		cg.portVars["$"+name] = varPort{spec: spec}
	}

	var text string
	switch {
	case g.RulesString != "":
		text = g.RulesString
	case len(g.StatefulRules) > 0:
		lines := make([]string, 0, len(g.StatefulRules))
		for _, r := range g.StatefulRules {
			lines = append(lines, FiveTupleText(r))
		}
		text = strings.Join(lines, "\n")
	case g.DomainList != nil:
		var err error
		text, err = DomainListText(g.DomainList)
		if err != nil {
			return cg, err
		}
	default:
		return cg, nil
	}
	rs, err := suricata.Parse(g.ARN, text)
	if rs != nil {
		cg.Rules = rs.Rules
	}
	return cg, err
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

// DomainListText renders a domain list as the rules AWS generates (§5.8).
// ALLOWLIST and DENYLIST are implemented; REJECTLIST and ALERTLIST are not.
func DomainListText(d *nfwjson.DomainList) (string, error) {
	var verb string
	switch d.GeneratedRulesType {
	case "ALLOWLIST":
		verb = "pass"
	case "DENYLIST":
		verb = "drop"
	default:
		return "", fmt.Errorf("domain list GeneratedRulesType %q is not modelled", d.GeneratedRulesType)
	}
	allow := verb == "pass"
	word := map[bool]string{true: "allowlisted", false: "denylisted"}[allow]
	var lines []string
	sid := 0
	add := func(s string) {
		sid++
		lines = append(lines, s+" sid:"+strconv.Itoa(sid)+"; rev:1;)")
	}
	const hdr = " $HOME_NET any -> $EXTERNAL_NET any ("
	const tail = `priority:1; flow:to_server, established;`
	for _, tt := range d.TargetTypes {
		switch tt {
		case "TLS_SNI":
			for _, t := range d.Targets {
				m := `content:"` + t + `"; startswith; nocase; endswith;`
				if strings.HasPrefix(t, ".") {
					m = `dotprefix; content:"` + t + `"; nocase; endswith;`
				}
				add(verb + " tls" + hdr + `ssl_state:client_hello; tls.sni; ` + m + ` msg:"matching TLS ` + word + ` FQDNs"; ` + tail)
			}
			if allow {
				add(`drop tls` + hdr + `msg:"not matching any TLS allowlisted FQDNs"; priority:1; ssl_state:client_hello; flow:to_server, established;`)
			}
		case "HTTP_HOST":
			for _, t := range d.Targets {
				m := `content:"` + t + `"; startswith; endswith;`
				if strings.HasPrefix(t, ".") {
					m = `dotprefix; content:"` + t + `"; endswith;`
				}
				add(verb + " http" + hdr + `http.host; ` + m + ` msg:"matching HTTP ` + word + ` FQDNs"; ` + tail)
			}
			if allow {
				add(`drop http` + hdr + `http.header_names; content:"|0d 0a|"; startswith; msg:"not matching any HTTP allowlisted FQDNs"; ` + tail)
			}
		default:
			return "", fmt.Errorf("domain list TargetType %q is not modelled", tt)
		}
	}
	return strings.Join(lines, "\n"), nil
}
