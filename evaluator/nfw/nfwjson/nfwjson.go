package nfwjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/awsjson"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/nfw/stateless"
)

// Document is one imported document: a firewall (describe-firewall), a
// firewall policy or a rule group.
type Document struct {
	Firewall  *model.Firewall
	Policy    *Policy
	RuleGroup *RuleGroup
}

// The imported types are package model's (a Config holds them); these
// names are kept for the engines' code.
type (
	// Policy is a firewall policy.
	Policy = model.FirewallPolicy
	// Ref is a policy's reference to a rule group.
	Ref = model.FirewallRuleGroupRef
	// RuleGroup is a rule group; exactly one rule source is set.
	RuleGroup = model.FirewallRuleGroup
	// StatefulRule is one 5-tuple stateful rule.
	StatefulRule = model.StatefulRule
	// RuleOption is one Suricata option of a 5-tuple rule.
	RuleOption = model.RuleOption
	// DomainList is a RulesSourceList.
	DomainList = model.DomainList
)

// Decode imports one document.
func Decode(name string, data []byte) (*Document, []awsjson.Warning, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF}), &top); err != nil {
		return nil, nil, &awsjson.Error{Doc: name, Msg: "not a JSON object: " + err.Error()}
	}
	d := &decoder{doc: name}
	switch {
	case top["Firewall"] != nil:
		f := d.firewall(top["Firewall"], top["FirewallStatus"])
		return d.done(&Document{Firewall: f})
	case top["FirewallPolicy"] != nil:
		p := d.policy("FirewallPolicy", top["FirewallPolicy"])
		if resp := top["FirewallPolicyResponse"]; resp != nil {
			var r struct{ FirewallPolicyArn, FirewallPolicyName string }
			d.loose("FirewallPolicyResponse", resp, &r)
			p.ARN, p.Name = r.FirewallPolicyArn, r.FirewallPolicyName
		}
		return d.done(&Document{Policy: p})
	case top["RuleGroup"] != nil:
		g := d.ruleGroup("RuleGroup", top["RuleGroup"])
		if resp := top["RuleGroupResponse"]; resp != nil {
			var r struct{ RuleGroupArn, RuleGroupName, Type string }
			d.loose("RuleGroupResponse", resp, &r)
			g.ARN, g.Name = r.RuleGroupArn, r.RuleGroupName
			if r.Type != "" {
				if g.Type != "" && g.Type != r.Type && !(r.Type == "STATEFUL_DOMAIN" && g.Type == "STATEFUL") {
					d.errorf("RuleGroupResponse.Type", r.Type, "does not match the rule source (%s)", g.Type)
				}
				g.Type = r.Type
			}
		}
		if g.ARN == "" {
			g.ARN = name
		}
		return d.done(&Document{RuleGroup: g})
	case top["StatelessDefaultActions"] != nil || top["StatelessRuleGroupReferences"] != nil:
		p := d.policy("", data)
		p.ARN = name
		return d.done(&Document{Policy: p})
	case top["RulesSource"] != nil:
		g := d.ruleGroup("", data)
		g.ARN = name
		return d.done(&Document{RuleGroup: g})
	}
	return nil, nil, &awsjson.Error{Doc: name, Msg: "not a Network Firewall document: expected Firewall, FirewallPolicy, RuleGroup, or their bare fields (StatelessDefaultActions, RulesSource)"}
}

type decoder struct {
	doc   string
	errs  []error
	warns []awsjson.Warning
}

func (d *decoder) errorf(path, value, format string, args ...any) {
	d.errs = append(d.errs, &awsjson.Error{Doc: d.doc, Path: path, Value: value, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) done(doc *Document) (*Document, []awsjson.Warning, error) {
	if len(d.errs) > 0 {
		return nil, d.warns, errors.Join(d.errs...)
	}
	return doc, d.warns, nil
}

// loose decodes metadata objects (the *Response objects, describe-firewall)
// whose many other fields (ids, capacities, timestamps, tags) never affect
// a verdict: unknown fields are ignored without a warning.
func (d *decoder) loose(path string, raw json.RawMessage, v any) {
	if err := json.Unmarshal(raw, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			d.errorf(join(path, te.Field), te.Value, "expected %s", te.Type)
			return
		}
		d.errorf(path, "", "%v", err)
	}
}

// unmarshal decodes raw into v strictly, turning type errors into path
// errors and unknown fields into warnings.
func (d *decoder) unmarshal(path string, raw json.RawMessage, v any) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		d.errorf(join(path, te.Field), te.Value, "expected %s", te.Type)
		return
	}
	if strings.HasPrefix(err.Error(), "json: unknown field ") {
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		d.warns = append(d.warns, awsjson.Warning{Doc: d.doc, Path: join(path, field), Msg: "field not modelled: ignored"})
		// Decode again without the strictness to keep the rest.
		if err := json.Unmarshal(raw, v); err != nil {
			d.errorf(path, "", "%v", err)
		}
		return
	}
	d.errorf(path, "", "%v", err)
}

// priorityText is a Priority field's value for a message ("" when absent).
func priorityText(p *int32) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(int(*p))
}

func join(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "." + b
}

type jsonPolicy struct {
	StatelessRuleGroupReferences []struct {
		ResourceArn string
		Priority    *int32
	}
	StatefulRuleGroupReferences []struct {
		ResourceArn          string
		Priority             *int32
		Override             *struct{ Action string }
		DeepThreatInspection *bool
	}
	StatelessDefaultActions         []string
	StatelessFragmentDefaultActions []string
	StatelessCustomActions          []json.RawMessage
	StatefulDefaultActions          []string
	StatefulEngineOptions           *struct {
		RuleOrder             string
		StreamExceptionPolicy string
		FlowTimeouts          *struct{ TcpIdleTimeoutSeconds int }
	}
	PolicyVariables *struct {
		RuleVariables map[string]struct{ Definition []string }
	}
	TLSInspectionConfigurationArn string
	EnableTLSSessionHolding       *bool
}

func (d *decoder) policy(path string, raw json.RawMessage) *Policy {
	var j jsonPolicy
	d.unmarshal(path, raw, &j)
	p := &Policy{
		StatelessDefaultActions:         j.StatelessDefaultActions,
		StatelessFragmentDefaultActions: j.StatelessFragmentDefaultActions,
		StatefulDefaultActions:          j.StatefulDefaultActions,
		RuleOrder:                       "DEFAULT_ACTION_ORDER",
		StreamExceptionPolicy:           "DROP",
	}
	for i, r := range j.StatelessRuleGroupReferences {
		at := fmt.Sprintf("%s[%d]", join(path, "StatelessRuleGroupReferences"), i)
		if r.ResourceArn == "" {
			d.errorf(at+".ResourceArn", "", "missing")
		}
		if r.Priority == nil || *r.Priority < 1 || *r.Priority > 65535 {
			d.errorf(at+".Priority", priorityText(r.Priority), "a stateless reference needs a priority 1-65535")
			continue
		}
		p.StatelessRefs = append(p.StatelessRefs, Ref{ARN: r.ResourceArn, Priority: *r.Priority})
	}
	for i, r := range j.StatefulRuleGroupReferences {
		at := fmt.Sprintf("%s[%d]", join(path, "StatefulRuleGroupReferences"), i)
		if r.ResourceArn == "" {
			d.errorf(at+".ResourceArn", "", "missing")
		}
		ref := Ref{ARN: r.ResourceArn}
		if r.Priority != nil {
			ref.Priority = *r.Priority
		}
		if r.Override != nil {
			ref.Override = r.Override.Action
		}
		p.StatefulRefs = append(p.StatefulRefs, ref)
	}
	if e := j.StatefulEngineOptions; e != nil {
		if e.RuleOrder != "" {
			p.RuleOrder = e.RuleOrder
		}
		if e.StreamExceptionPolicy != "" {
			p.StreamExceptionPolicy = e.StreamExceptionPolicy
		}
	}
	switch p.RuleOrder {
	case "DEFAULT_ACTION_ORDER", "STRICT_ORDER":
	default:
		d.errorf(join(path, "StatefulEngineOptions.RuleOrder"), p.RuleOrder, "want DEFAULT_ACTION_ORDER or STRICT_ORDER")
	}
	if len(p.StatefulDefaultActions) > 0 && p.RuleOrder != "STRICT_ORDER" {
		d.errorf(join(path, "StatefulDefaultActions"), strings.Join(p.StatefulDefaultActions, ","), "only valid with STRICT_ORDER")
	}
	if v := j.PolicyVariables; v != nil {
		for _, name := range slices.Sorted(maps.Keys(v.RuleVariables)) {
			def := v.RuleVariables[name]
			if name != "HOME_NET" {
				d.warns = append(d.warns, awsjson.Warning{Doc: d.doc, Path: join(path, "PolicyVariables.RuleVariables."+name), Msg: "only HOME_NET is a policy variable: ignored"})
				continue
			}
			for k, c := range def.Definition {
				pf, err := netip.ParsePrefix(c)
				if err != nil {
					d.errorf(fmt.Sprintf("%s.Definition[%d]", join(path, "PolicyVariables.RuleVariables.HOME_NET"), k), c, "not a CIDR")
					continue
				}
				p.HomeNet = append(p.HomeNet, pf.Masked())
			}
		}
	}
	for _, f := range []struct {
		field string
		acts  []string
	}{{"StatelessDefaultActions", p.StatelessDefaultActions}, {"StatelessFragmentDefaultActions", p.StatelessFragmentDefaultActions}} {
		if _, err := standard(f.acts); err != nil {
			d.errorf(join(path, f.field), strings.Join(f.acts, ","), "%v", err)
		}
	}
	return p
}

// standard returns the one standard action among acts (custom action
// names may sit beside it).
func standard(acts []string) (stateless.Action, error) {
	var found []stateless.Action
	for _, a := range acts {
		switch a {
		case "aws:pass":
			found = append(found, stateless.Pass)
		case "aws:drop":
			found = append(found, stateless.Drop)
		case "aws:forward_to_sfe":
			found = append(found, stateless.ForwardToSFE)
		}
	}
	if len(found) != 1 {
		return 0, fmt.Errorf("want exactly one of aws:pass, aws:drop, aws:forward_to_sfe (and custom action names), got %d", len(found))
	}
	return found[0], nil
}

type jsonRuleGroup struct {
	RulesSource *struct {
		RulesString     *string
		RulesSourceList *struct {
			Targets, TargetTypes []string
			GeneratedRulesType   string
		}
		StatefulRules []struct {
			Action string
			Header struct {
				Protocol, Source, SourcePort, Direction, Destination, DestinationPort string
			}
			RuleOptions []struct {
				Keyword  string
				Settings []string
			}
		}
		StatelessRulesAndCustomActions *struct {
			StatelessRules []struct {
				Priority       *int32
				RuleDefinition struct {
					Actions         []string
					MatchAttributes struct {
						Sources, Destinations []struct{ AddressDefinition string }
						SourcePorts           []struct{ FromPort, ToPort int }
						DestinationPorts      []struct{ FromPort, ToPort int }
						Protocols             []int
						TCPFlags              []struct{ Flags, Masks []string }
					}
				}
			}
			CustomActions []struct {
				ActionName       string
				ActionDefinition json.RawMessage
			}
		}
	}
	RuleVariables *struct {
		IPSets   map[string]struct{ Definition []string }
		PortSets map[string]struct{ Definition []string }
	}
	ReferenceSets *struct {
		IPSetReferences map[string]struct{ ReferenceArn string }
	}
	StatefulRuleOptions *struct{ RuleOrder string }
}

var flagBits = map[string]uint8{"FIN": stateless.FIN, "SYN": stateless.SYN, "RST": stateless.RST, "PSH": stateless.PSH,
	"ACK": stateless.ACK, "URG": stateless.URG, "ECE": stateless.ECE, "CWR": stateless.CWR}

func (d *decoder) ruleGroup(path string, raw json.RawMessage) *RuleGroup {
	var j jsonRuleGroup
	d.unmarshal(path, raw, &j)
	g := &RuleGroup{}
	src := j.RulesSource
	if src == nil {
		d.errorf(join(path, "RulesSource"), "", "missing")
		return g
	}
	n := 0
	if src.RulesString != nil {
		n++
		g.Type, g.RulesString = "STATEFUL", *src.RulesString
	}
	if src.RulesSourceList != nil {
		n++
		g.Type = "STATEFUL"
		g.DomainList = &DomainList{Targets: src.RulesSourceList.Targets, TargetTypes: src.RulesSourceList.TargetTypes, GeneratedRulesType: src.RulesSourceList.GeneratedRulesType}
	}
	if len(src.StatefulRules) > 0 {
		n++
		g.Type = "STATEFUL"
		for _, r := range src.StatefulRules {
			sr := StatefulRule{Action: r.Action, Protocol: r.Header.Protocol, Source: r.Header.Source, SourcePort: r.Header.SourcePort,
				Direction: r.Header.Direction, Destination: r.Header.Destination, DestinationPort: r.Header.DestinationPort}
			for _, o := range r.RuleOptions {
				sr.Options = append(sr.Options, RuleOption{Keyword: o.Keyword, Settings: o.Settings})
			}
			g.StatefulRules = append(g.StatefulRules, sr)
		}
	}
	if sl := src.StatelessRulesAndCustomActions; sl != nil {
		n++
		g.Type = "STATELESS"
		base := join(path, "RulesSource.StatelessRulesAndCustomActions")
		for _, ca := range sl.CustomActions {
			g.CustomActions = append(g.CustomActions, ca.ActionName)
		}
		for i, r := range sl.StatelessRules {
			at := fmt.Sprintf("%s.StatelessRules[%d]", base, i)
			rule := stateless.Rule{}
			if r.Priority == nil || *r.Priority < 1 || *r.Priority > 65535 {
				d.errorf(at+".Priority", priorityText(r.Priority), "want a priority 1-65535")
				continue
			}
			rule.Priority = *r.Priority
			act, err := standard(r.RuleDefinition.Actions)
			if err != nil {
				d.errorf(at+".RuleDefinition.Actions", strings.Join(r.RuleDefinition.Actions, ","), "%v", err)
				continue
			}
			rule.Action = act
			for _, a := range r.RuleDefinition.Actions {
				if !strings.HasPrefix(a, "aws:") {
					rule.CustomActions = append(rule.CustomActions, a)
				}
			}
			m := r.RuleDefinition.MatchAttributes
			prefixes := func(field string, list []struct{ AddressDefinition string }) []netip.Prefix {
				var out []netip.Prefix
				for k, a := range list {
					p, err := netip.ParsePrefix(a.AddressDefinition)
					if err != nil {
						d.errorf(fmt.Sprintf("%s.RuleDefinition.MatchAttributes.%s[%d].AddressDefinition", at, field, k), a.AddressDefinition, "not a CIDR")
						continue
					}
					out = append(out, p.Masked())
				}
				return out
			}
			ports := func(field string, list []struct{ FromPort, ToPort int }) []stateless.PortRange {
				var out []stateless.PortRange
				for k, pr := range list {
					if pr.FromPort < 0 || pr.ToPort > 65535 || pr.FromPort > pr.ToPort {
						d.errorf(fmt.Sprintf("%s.RuleDefinition.MatchAttributes.%s[%d]", at, field, k), fmt.Sprintf("%d-%d", pr.FromPort, pr.ToPort), "want 0 <= FromPort <= ToPort <= 65535")
						continue
					}
					out = append(out, stateless.PortRange{From: uint16(pr.FromPort), To: uint16(pr.ToPort)})
				}
				return out
			}
			rule.Sources, rule.Destinations = prefixes("Sources", m.Sources), prefixes("Destinations", m.Destinations)
			rule.SourcePorts, rule.DestinationPorts = ports("SourcePorts", m.SourcePorts), ports("DestinationPorts", m.DestinationPorts)
			for k, pr := range m.Protocols {
				if pr < 0 || pr > 255 {
					d.errorf(fmt.Sprintf("%s.RuleDefinition.MatchAttributes.Protocols[%d]", at, k), fmt.Sprint(pr), "want 0-255")
					continue
				}
				rule.Protocols = append(rule.Protocols, uint8(pr))
			}
			for k, tf := range m.TCPFlags {
				f := stateless.FlagMatch{MasksGiven: len(tf.Masks) > 0}
				for _, pair := range []struct {
					names []string
					bits  *uint8
					field string
				}{{tf.Flags, &f.Flags, "Flags"}, {tf.Masks, &f.Masks, "Masks"}} {
					for q, nm := range pair.names {
						b, ok := flagBits[nm]
						if !ok {
							d.errorf(fmt.Sprintf("%s.RuleDefinition.MatchAttributes.TCPFlags[%d].%s[%d]", at, k, pair.field, q), nm, "not a TCP flag (FIN SYN RST PSH ACK URG ECE CWR)")
						}
						*pair.bits |= b
					}
				}
				rule.TCPFlags = append(rule.TCPFlags, f)
			}
			g.Stateless = append(g.Stateless, rule)
		}
	}
	if n != 1 {
		d.errorf(join(path, "RulesSource"), "", "want exactly one of RulesString, RulesSourceList, StatefulRules, StatelessRulesAndCustomActions; got %d", n)
	}
	if v := j.RuleVariables; v != nil {
		g.IPSets, g.PortSets = map[string][]string{}, map[string][]string{}
		for k, s := range v.IPSets {
			g.IPSets[k] = s.Definition
		}
		for k, s := range v.PortSets {
			g.PortSets[k] = s.Definition
		}
	}
	if r := j.ReferenceSets; r != nil {
		g.IPSetReferences = map[string]string{}
		for k, s := range r.IPSetReferences {
			g.IPSetReferences[k] = s.ReferenceArn
		}
	}
	if o := j.StatefulRuleOptions; o != nil {
		g.RuleOrder = o.RuleOrder
	}
	return g
}

// StatelessPolicy assembles the stateless part of a policy from its rule
// groups (by ARN). A referenced group that is missing, or not stateless,
// is an error naming it.
func StatelessPolicy(p *Policy, groups map[string]*RuleGroup) (*stateless.Policy, error) {
	def, err := standard(p.StatelessDefaultActions)
	if err != nil {
		return nil, fmt.Errorf("policy %s: StatelessDefaultActions: %w", p.ARN, err)
	}
	frag, err := standard(p.StatelessFragmentDefaultActions)
	if err != nil {
		return nil, fmt.Errorf("policy %s: StatelessFragmentDefaultActions: %w", p.ARN, err)
	}
	out := &stateless.Policy{DefaultAction: def, FragmentDefaultAction: frag}
	for _, ref := range p.StatelessRefs {
		g, ok := groups[ref.ARN]
		if !ok {
			return nil, fmt.Errorf("policy %s: stateless rule group %s is not in the configuration", p.ARN, ref.ARN)
		}
		if g.Type != "STATELESS" {
			return nil, fmt.Errorf("policy %s: rule group %s is %s, not STATELESS", p.ARN, ref.ARN, g.Type)
		}
		out.Groups = append(out.Groups, stateless.Group{ARN: ref.ARN, Priority: ref.Priority, Rules: slices.Clone(g.Stateless)})
	}
	return out, nil
}

type jsonFirewall struct {
	FirewallName, FirewallArn, FirewallPolicyArn, VpcId, TransitGatewayId string
	SubnetMappings                                                        []struct{ SubnetId, IPAddressType string }
}

type jsonSyncState struct {
	Attachment *struct{ SubnetId, EndpointId, Status, StatusMessage string }
}

// firewall reads describe-firewall output: the firewall and, from
// FirewallStatus.SyncStates, its endpoints (the vpce- ids routes name).
func (d *decoder) firewall(raw, status json.RawMessage) *model.Firewall {
	// Loose decoding: describe-firewall prints many fields (protection
	// flags, tags, encryption, capacity) that do not affect a verdict.
	var j jsonFirewall
	if err := json.Unmarshal(raw, &j); err != nil {
		d.errorf("Firewall", "", "%v", err)
		return &model.Firewall{}
	}
	if j.TransitGatewayId != "" {
		d.warns = append(d.warns, awsjson.Warning{Doc: d.doc, Path: "Firewall.TransitGatewayId", Msg: "transit-gateway-attached firewalls are not placed on paths (only VPC endpoints named by route tables are)"})
	}
	f := &model.Firewall{Name: j.FirewallName, ARN: j.FirewallArn, VPCID: j.VpcId, PolicyARN: j.FirewallPolicyArn}
	if f.ARN == "" {
		d.errorf("Firewall.FirewallArn", "", "missing")
	}
	if f.VPCID == "" {
		d.errorf("Firewall.VpcId", "", "missing")
	}
	if f.PolicyARN == "" {
		d.errorf("Firewall.FirewallPolicyArn", "", "missing")
	}
	for i, m := range j.SubnetMappings {
		if !strings.HasPrefix(m.SubnetId, "subnet-") {
			d.errorf(fmt.Sprintf("Firewall.SubnetMappings[%d].SubnetId", i), m.SubnetId, "want a subnet id (subnet-…)")
			continue
		}
		f.SubnetIDs = append(f.SubnetIDs, m.SubnetId)
	}
	if status == nil || string(status) == "null" {
		d.warns = append(d.warns, awsjson.Warning{Doc: d.doc, Path: "FirewallStatus", Msg: "missing: the firewall's endpoints are unknown, so routes to them cannot be placed (give describe-firewall output unchanged)"})
		return f
	}
	var st struct{ SyncStates map[string]jsonSyncState }
	if err := json.Unmarshal(status, &st); err != nil {
		d.errorf("FirewallStatus", "", "%v", err)
		return f
	}
	zones := make([]string, 0, len(st.SyncStates))
	for z := range st.SyncStates {
		zones = append(zones, z)
	}
	slices.Sort(zones)
	for _, z := range zones {
		at := "FirewallStatus.SyncStates." + z + ".Attachment"
		a := st.SyncStates[z].Attachment
		if a == nil || a.EndpointId == "" {
			d.warns = append(d.warns, awsjson.Warning{Doc: d.doc, Path: at, Msg: "no EndpointId (endpoint not created yet): ignored"})
			continue
		}
		if !strings.HasPrefix(a.EndpointId, "vpce-") {
			d.errorf(at+".EndpointId", a.EndpointId, "want a VPC endpoint id (vpce-…)")
			continue
		}
		f.Endpoints = append(f.Endpoints, model.FirewallEndpoint{AvailabilityZone: z, SubnetID: a.SubnetId, EndpointID: a.EndpointId})
	}
	return f
}
