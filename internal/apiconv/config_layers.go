package apiconv

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/waf/transform"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// This file converts the route, Network Firewall and WAF parts of a
// NetworkConfig. Validation is per field: required ids and ARNs, CIDRs,
// enum numbers and the AWS enum strings whose set is closed. Checks that
// need several objects (a reference to a missing rule group, a statement
// kind without its field) are the evaluators' compile steps, which name
// the object's path. Every check accepts whatever the AWS importers
// produce, so that an imported config survives the snapshot round trip.

// layers converts nc's route tables, Network Firewall and WAF objects into
// cfg.
func (cv *configConv) layers(nc *netverdictv1.NetworkConfig, cfg *model.Config) {
	cfg.RouteTables = cv.routeTables(nc.GetRouteTables())
	cfg.Firewalls = cv.firewalls(nc.GetFirewalls())
	cfg.FirewallPolicies = cv.firewallPolicies(nc.GetFirewallPolicies())
	cfg.FirewallRuleGroups = cv.firewallRuleGroups(nc.GetFirewallRuleGroups())
	cfg.WebACLs = cv.webACLs(nc.GetWebAcls())
	cfg.IPSets = cv.ipSets(nc.GetIpSets())
	cfg.RegexPatternSets = cv.regexPatternSets(nc.GetRegexPatternSets())
	cfg.WAFRuleGroups = cv.wafRuleGroups(nc.GetWafRuleGroups())
	cfg.WebACLAssociations = cv.webACLAssociations(nc.GetWebAclAssociations())
}

// arn checks an ARN that keys an object: required, and unique among seen
// (ARN to the path of its first use).
func (cv *configConv) arn(path, arn string, seen map[string]string) {
	switch first, dup := seen[arn]; {
	case arn == "":
		cv.c.add(path+".arn", "", "arn is required")
	case dup:
		cv.c.add(path+".arn", arn, "duplicate ARN %q (also %s)", arn, first)
	default:
		seen[arn] = path
	}
}

// required reports an empty string field.
func (cv *configConv) required(path, s, what string) {
	if s == "" {
		cv.c.add(path, "", "%s is required", what)
	}
}

// nonEmpty reports the empty elements of a list of names or ids.
func (cv *configConv) nonEmpty(path string, ss []string, what string) {
	for i, s := range ss {
		if s == "" {
			cv.c.add(fmt.Sprintf("%s[%d]", path, i), "", "%s is empty", what)
		}
	}
}

// oneOf checks an AWS enum string; "" passes when emptyOK.
func (cv *configConv) oneOf(path, s string, emptyOK bool, values ...string) {
	if (s == "" && emptyOK) || slices.Contains(values, s) {
		return
	}
	if s == "" {
		cv.c.add(path, "", "a value is required: %s", strings.Join(values, ", "))
		return
	}
	cv.c.add(path, s, "unknown value %q: want %s", s, strings.Join(values, ", "))
}

// oneOfFold is oneOf ignoring case, for fields the evaluator reads
// case-insensitively.
func (cv *configConv) oneOfFold(path, s string, emptyOK bool, values ...string) {
	if slices.ContainsFunc(values, func(v string) bool { return strings.EqualFold(v, s) }) {
		return
	}
	cv.oneOf(path, s, emptyOK, values...)
}

// ---- route tables ----

// Route origins AWS prints.
var routeOrigins = []string{model.RouteOriginCreateRouteTable, model.RouteOriginCreateRoute, model.RouteOriginEnableVgwRoutePropagation}

// routeTargets maps each model route target to the API's; the API's
// unspecified value stands for RouteTargetUnknown, which the API rejects.
var routeTargets = [...]netverdictv1.RouteTargetType{
	model.RouteTargetUnknown:                   netverdictv1.RouteTargetType_ROUTE_TARGET_TYPE_UNSPECIFIED,
	model.RouteTargetLocal:                     netverdictv1.RouteTargetType_ROUTE_TARGET_TYPE_LOCAL,
	model.RouteTargetInternetGateway:           netverdictv1.RouteTargetType_ROUTE_TARGET_TYPE_INTERNET_GATEWAY,
	model.RouteTargetVirtualPrivateGateway:     netverdictv1.RouteTargetType_ROUTE_TARGET_TYPE_VIRTUAL_PRIVATE_GATEWAY,
	model.RouteTargetVPCEndpoint:               netverdictv1.RouteTargetType_ROUTE_TARGET_TYPE_VPC_ENDPOINT,
	model.RouteTargetNATGateway:                netverdictv1.RouteTargetType_ROUTE_TARGET_TYPE_NAT_GATEWAY,
	model.RouteTargetTransitGateway:            netverdictv1.RouteTargetType_ROUTE_TARGET_TYPE_TRANSIT_GATEWAY,
	model.RouteTargetNetworkInterface:          netverdictv1.RouteTargetType_ROUTE_TARGET_TYPE_NETWORK_INTERFACE,
	model.RouteTargetInstance:                  netverdictv1.RouteTargetType_ROUTE_TARGET_TYPE_INSTANCE,
	model.RouteTargetPeeringConnection:         netverdictv1.RouteTargetType_ROUTE_TARGET_TYPE_VPC_PEERING_CONNECTION,
	model.RouteTargetCarrierGateway:            netverdictv1.RouteTargetType_ROUTE_TARGET_TYPE_CARRIER_GATEWAY,
	model.RouteTargetLocalGateway:              netverdictv1.RouteTargetType_ROUTE_TARGET_TYPE_LOCAL_GATEWAY,
	model.RouteTargetEgressOnlyInternetGateway: netverdictv1.RouteTargetType_ROUTE_TARGET_TYPE_EGRESS_ONLY_INTERNET_GATEWAY,
	model.RouteTargetCoreNetwork:               netverdictv1.RouteTargetType_ROUTE_TARGET_TYPE_CORE_NETWORK,
	model.RouteTargetOther:                     netverdictv1.RouteTargetType_ROUTE_TARGET_TYPE_OTHER,
}

func (cv *configConv) routeTables(in []*netverdictv1.RouteTable) []model.RouteTable {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.RouteTable, len(in))
	seen := make(map[string]string, len(in))
	for i, t := range in {
		path := fmt.Sprintf("route_tables[%d]", i)
		cv.id(path, t.GetId(), seen)
		rt := model.RouteTable{ID: t.GetId(), VPCID: t.GetVpcId(), OwnerID: t.GetOwnerId()}
		if rs := t.GetRoutes(); len(rs) > 0 {
			rt.Routes = make([]model.Route, len(rs))
			for j, r := range rs {
				rt.Routes[j] = cv.route(fmt.Sprintf("%s.routes[%d]", path, j), j, r)
			}
		}
		for j, a := range t.GetAssociations() {
			p := fmt.Sprintf("%s.associations[%d]", path, j)
			switch {
			case a.GetMain() && a.GetSubnetId() != "":
				cv.c.add(p+".subnet_id", a.GetSubnetId(), "the main association names no subnet")
			case !a.GetMain() && a.GetSubnetId() == "":
				cv.c.add(p+".subnet_id", "", "subnet id is required unless main is true")
			}
			rt.Associations = append(rt.Associations, model.RouteAssociation{ID: a.GetId(), SubnetID: a.GetSubnetId(), Main: a.GetMain()})
		}
		for j, a := range t.GetGatewayAssociations() {
			cv.required(fmt.Sprintf("%s.gateway_associations[%d].gateway_id", path, j), a.GetGatewayId(), "gateway id")
			rt.GatewayAssociations = append(rt.GatewayAssociations, model.GatewayAssociation{ID: a.GetId(), GatewayID: a.GetGatewayId()})
		}
		cv.nonEmpty(path+".propagating_vgw_ids", t.GetPropagatingVgwIds(), "gateway id")
		rt.PropagatingVGWs = cloneStrings(t.GetPropagatingVgwIds())
		for j, tg := range t.GetTags() {
			cv.required(fmt.Sprintf("%s.tags[%d].key", path, j), tg.GetKey(), "tag key")
			rt.Tags = append(rt.Tags, model.Tag{Key: tg.GetKey(), Value: tg.GetValue()})
		}
		out[i] = rt
	}
	return out
}

// route converts route number index of a table.
func (cv *configConv) route(path string, index int, r *netverdictv1.Route) model.Route {
	out := model.Route{
		Index:              index,
		PrefixListID:       r.GetDestinationPrefixListId(),
		TargetID:           r.GetTargetId(),
		TargetField:        r.GetTargetField(),
		NetworkInterfaceID: r.GetNetworkInterfaceId(),
		Origin:             r.GetOrigin(),
	}
	switch cidr, pl := r.GetDestinationCidr(), r.GetDestinationPrefixListId(); {
	case cidr != "" && pl != "":
		cv.c.add(path+".destination_prefix_list_id", pl, "give destination_cidr or destination_prefix_list_id, not both")
	case cidr != "":
		out.Destination = cv.prefix(path+".destination_cidr", cidr)
	case pl == "":
		cv.c.add(path+".destination_cidr", "", "a destination is required: destination_cidr or destination_prefix_list_id")
	}
	switch tt := r.GetTargetType(); {
	case tt == netverdictv1.RouteTargetType_ROUTE_TARGET_TYPE_UNSPECIFIED:
		cv.c.add(path+".target_type", "", "target type is required")
	default:
		k := slices.Index(routeTargets[:], tt)
		if k < 0 {
			cv.c.add(path+".target_type", tt.String(), "unknown route target type %d", int32(tt))
			break
		}
		out.Target = model.RouteTarget(k)
	}
	cv.required(path+".target_id", r.GetTargetId(), "target id")
	switch st := r.GetState(); st {
	case netverdictv1.RouteState_ROUTE_STATE_UNSPECIFIED, netverdictv1.RouteState_ROUTE_STATE_ACTIVE:
		out.State = model.RouteActive
	case netverdictv1.RouteState_ROUTE_STATE_BLACKHOLE:
		out.State = model.RouteBlackhole
	default:
		cv.c.add(path+".state", st.String(), "unknown route state %d", int32(st))
	}
	cv.oneOf(path+".origin", r.GetOrigin(), true, routeOrigins...)
	return out
}

func routeTableToProto(t *model.RouteTable) *netverdictv1.RouteTable {
	out := &netverdictv1.RouteTable{Id: t.ID, VpcId: t.VPCID, OwnerId: t.OwnerID, PropagatingVgwIds: cloneStrings(t.PropagatingVGWs)}
	for i := range t.Routes {
		r := &t.Routes[i]
		pr := &netverdictv1.Route{
			DestinationPrefixListId: r.PrefixListID,
			TargetId:                r.TargetID,
			TargetField:             r.TargetField,
			NetworkInterfaceId:      r.NetworkInterfaceID,
			State:                   netverdictv1.RouteState_ROUTE_STATE_ACTIVE,
			Origin:                  r.Origin,
		}
		if r.Destination.IsValid() {
			pr.DestinationCidr = r.Destination.String()
		}
		if int(r.Target) < len(routeTargets) {
			pr.TargetType = routeTargets[r.Target]
		}
		if r.State == model.RouteBlackhole {
			pr.State = netverdictv1.RouteState_ROUTE_STATE_BLACKHOLE
		}
		out.Routes = append(out.Routes, pr)
	}
	for _, a := range t.Associations {
		out.Associations = append(out.Associations, &netverdictv1.RouteTableAssociation{Id: a.ID, SubnetId: a.SubnetID, Main: a.Main})
	}
	for _, a := range t.GatewayAssociations {
		out.GatewayAssociations = append(out.GatewayAssociations, &netverdictv1.GatewayRouteTableAssociation{Id: a.ID, GatewayId: a.GatewayID})
	}
	for _, tg := range t.Tags {
		out.Tags = append(out.Tags, &netverdictv1.Tag{Key: tg.Key, Value: tg.Value})
	}
	return out
}

// ---- Network Firewall ----

// Network Firewall enum strings (API reference, semantics §5.1-5.8).
var (
	nfwRuleOrders       = []string{"DEFAULT_ACTION_ORDER", "STRICT_ORDER"}
	nfwStreamExceptions = []string{"DROP", "CONTINUE", "REJECT"}
	nfwGroupTypes       = []string{"STATELESS", "STATEFUL", "STATEFUL_DOMAIN"}
	nfwStatelessActions = []string{"aws:pass", "aws:drop", "aws:forward_to_sfe"}
	nfwStatefulDefaults = []string{"aws:drop_strict", "aws:drop_established", "aws:alert_strict", "aws:alert_established",
		"aws:drop_established_app_layer", "aws:alert_established_app_layer",
		"aws:drop_established_app_layer_to_server", "aws:alert_established_app_layer_to_server"}
	nfwStatefulActions  = []string{"PASS", "DROP", "ALERT", "REJECT"}
	nfwDirections       = []string{"FORWARD", "ANY"}
	nfwGeneratedRules   = []string{"ALLOWLIST", "DENYLIST", "REJECTLIST", "ALERTLIST"}
	nfwDomainTargetKind = []string{"TLS_SNI", "HTTP_HOST"}
)

// tcpFlags maps the API's TCP flags (index: enum number) to the model's
// bits.
var tcpFlags = [...]uint8{
	netverdictv1.TcpFlag_TCP_FLAG_FIN: model.TCPFlagFIN,
	netverdictv1.TcpFlag_TCP_FLAG_SYN: model.TCPFlagSYN,
	netverdictv1.TcpFlag_TCP_FLAG_RST: model.TCPFlagRST,
	netverdictv1.TcpFlag_TCP_FLAG_PSH: model.TCPFlagPSH,
	netverdictv1.TcpFlag_TCP_FLAG_ACK: model.TCPFlagACK,
	netverdictv1.TcpFlag_TCP_FLAG_URG: model.TCPFlagURG,
	netverdictv1.TcpFlag_TCP_FLAG_ECE: model.TCPFlagECE,
	netverdictv1.TcpFlag_TCP_FLAG_CWR: model.TCPFlagCWR,
}

// statelessActions maps model stateless actions to the API's.
var statelessActions = [...]netverdictv1.StatelessAction{
	model.StatelessActionUnspecified: netverdictv1.StatelessAction_STATELESS_ACTION_UNSPECIFIED,
	model.StatelessPass:              netverdictv1.StatelessAction_STATELESS_ACTION_PASS,
	model.StatelessDrop:              netverdictv1.StatelessAction_STATELESS_ACTION_DROP,
	model.StatelessForwardToSFE:      netverdictv1.StatelessAction_STATELESS_ACTION_FORWARD_TO_SFE,
}

func (cv *configConv) firewalls(in []*netverdictv1.Firewall) []model.Firewall {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.Firewall, len(in))
	seen := make(map[string]string, len(in))
	for i, f := range in {
		path := fmt.Sprintf("firewalls[%d]", i)
		cv.arn(path, f.GetArn(), seen)
		cv.nonEmpty(path+".subnet_ids", f.GetSubnetIds(), "subnet id")
		fw := model.Firewall{
			Name: f.GetName(), ARN: f.GetArn(), VPCID: f.GetVpcId(), PolicyARN: f.GetPolicyArn(),
			SubnetIDs: cloneStrings(f.GetSubnetIds()),
		}
		for j, e := range f.GetEndpoints() {
			cv.required(fmt.Sprintf("%s.endpoints[%d].endpoint_id", path, j), e.GetEndpointId(), "endpoint id")
			fw.Endpoints = append(fw.Endpoints, model.FirewallEndpoint{
				AvailabilityZone: e.GetAvailabilityZone(), SubnetID: e.GetSubnetId(), EndpointID: e.GetEndpointId(),
			})
		}
		out[i] = fw
	}
	return out
}

func (cv *configConv) firewallPolicies(in []*netverdictv1.FirewallPolicy) []model.FirewallPolicy {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.FirewallPolicy, len(in))
	seen := make(map[string]string, len(in))
	for i, p := range in {
		path := fmt.Sprintf("firewall_policies[%d]", i)
		cv.arn(path, p.GetArn(), seen)
		fp := model.FirewallPolicy{
			ARN: p.GetArn(), Name: p.GetName(),
			StatelessRefs:                   cv.groupRefs(path+".stateless_rule_group_references", p.GetStatelessRuleGroupReferences(), 1),
			StatefulRefs:                    cv.groupRefs(path+".stateful_rule_group_references", p.GetStatefulRuleGroupReferences(), 0),
			StatelessDefaultActions:         cv.statelessDefaults(path+".stateless_default_actions", p.GetStatelessDefaultActions()),
			StatelessFragmentDefaultActions: cv.statelessDefaults(path+".stateless_fragment_default_actions", p.GetStatelessFragmentDefaultActions()),
			StatefulDefaultActions:          cloneStrings(p.GetStatefulDefaultActions()),
			RuleOrder:                       p.GetRuleOrder(),
			StreamExceptionPolicy:           p.GetStreamExceptionPolicy(),
		}
		for j, a := range p.GetStatefulDefaultActions() {
			cv.oneOf(fmt.Sprintf("%s.stateful_default_actions[%d]", path, j), a, false, nfwStatefulDefaults...)
		}
		cv.oneOf(path+".rule_order", p.GetRuleOrder(), true, nfwRuleOrders...)
		if len(p.GetStatefulDefaultActions()) > 0 && p.GetRuleOrder() != "STRICT_ORDER" {
			cv.c.add(path+".stateful_default_actions", strings.Join(p.GetStatefulDefaultActions(), ","),
				"stateful default actions need rule_order STRICT_ORDER")
		}
		cv.oneOf(path+".stream_exception_policy", p.GetStreamExceptionPolicy(), true, nfwStreamExceptions...)
		if h := p.GetHomeNet(); h != nil {
			// Present but empty stays non-nil: nil means "not given".
			fp.HomeNet = cv.prefixes(path+".home_net.definition", h.GetDefinition())
			if fp.HomeNet == nil {
				fp.HomeNet = []netip.Prefix{}
			}
		}
		out[i] = fp
	}
	return out
}

// groupRefs converts rule group references; minPriority is 1 for
// stateless references (priority required) and 0 for stateful ones.
func (cv *configConv) groupRefs(path string, in []*netverdictv1.FirewallRuleGroupReference, minPriority int32) []model.FirewallRuleGroupRef {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.FirewallRuleGroupRef, len(in))
	for j, r := range in {
		p := fmt.Sprintf("%s[%d]", path, j)
		cv.required(p+".resource_arn", r.GetResourceArn(), "resource ARN")
		if n := r.GetPriority(); n < minPriority || n > 65535 {
			cv.c.add(p+".priority", itoa(n), "priority %d out of range %d-65535", n, minPriority)
		}
		cv.oneOf(p+".override_action", r.GetOverrideAction(), true, "DROP_TO_ALERT")
		out[j] = model.FirewallRuleGroupRef{ARN: r.GetResourceArn(), Priority: r.GetPriority(), Override: r.GetOverrideAction()}
	}
	return out
}

// statelessDefaults checks a stateless default action list: exactly one
// standard action, the rest custom action names.
func (cv *configConv) statelessDefaults(path string, acts []string) []string {
	n := 0
	for j, a := range acts {
		switch {
		case a == "":
			cv.c.add(fmt.Sprintf("%s[%d]", path, j), "", "action is empty")
		case strings.HasPrefix(a, "aws:"):
			cv.oneOf(fmt.Sprintf("%s[%d]", path, j), a, false, nfwStatelessActions...)
			n++
		}
	}
	if n != 1 {
		cv.c.add(path, strings.Join(acts, ","), "want exactly one of aws:pass, aws:drop, aws:forward_to_sfe; got %d", n)
	}
	return cloneStrings(acts)
}

func (cv *configConv) firewallRuleGroups(in []*netverdictv1.FirewallRuleGroup) []model.FirewallRuleGroup {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.FirewallRuleGroup, len(in))
	seen := make(map[string]string, len(in))
	for i, g := range in {
		path := fmt.Sprintf("firewall_rule_groups[%d]", i)
		cv.arn(path, g.GetArn(), seen)
		cv.oneOf(path+".type", g.GetType(), true, nfwGroupTypes...)
		cv.oneOf(path+".rule_order", g.GetRuleOrder(), true, nfwRuleOrders...)
		var sources []string
		if len(g.GetStatelessRules()) > 0 || len(g.GetCustomActions()) > 0 {
			sources = append(sources, "stateless_rules")
		}
		if g.GetRulesString() != "" {
			sources = append(sources, "rules_string")
		}
		if len(g.GetStatefulRules()) > 0 {
			sources = append(sources, "stateful_rules")
		}
		if g.GetDomainList() != nil {
			sources = append(sources, "domain_list")
		}
		if len(sources) > 1 {
			cv.c.add(path, strings.Join(sources, ", "), "a rule group has one rule source; got %s", strings.Join(sources, ", "))
		}
		cv.nonEmpty(path+".custom_actions", g.GetCustomActions(), "custom action name")
		fg := model.FirewallRuleGroup{
			ARN: g.GetArn(), Name: g.GetName(), Type: g.GetType(),
			CustomActions:   cloneStrings(g.GetCustomActions()),
			RulesString:     g.GetRulesString(),
			IPSets:          ruleVariables(g.GetIpSets()),
			PortSets:        ruleVariables(g.GetPortSets()),
			IPSetReferences: cloneMap(g.GetIpSetReferences()),
			RuleOrder:       g.GetRuleOrder(),
		}
		for name := range g.GetIpSetReferences() {
			cv.required(path+".ip_set_references["+name+"]", g.GetIpSetReferences()[name], "reference ARN")
		}
		for j, r := range g.GetStatelessRules() {
			fg.Stateless = append(fg.Stateless, cv.statelessRule(fmt.Sprintf("%s.stateless_rules[%d]", path, j), r))
		}
		for j, r := range g.GetStatefulRules() {
			p := fmt.Sprintf("%s.stateful_rules[%d]", path, j)
			cv.oneOfFold(p+".action", r.GetAction(), false, nfwStatefulActions...)
			cv.oneOfFold(p+".direction", r.GetDirection(), true, nfwDirections...)
			sr := model.StatefulRule{
				Action: r.GetAction(), Protocol: r.GetProtocol(),
				Source: r.GetSource(), SourcePort: r.GetSourcePort(), Direction: r.GetDirection(),
				Destination: r.GetDestination(), DestinationPort: r.GetDestinationPort(),
			}
			for k, o := range r.GetOptions() {
				cv.required(fmt.Sprintf("%s.options[%d].keyword", p, k), o.GetKeyword(), "keyword")
				sr.Options = append(sr.Options, model.RuleOption{Keyword: o.GetKeyword(), Settings: cloneStrings(o.GetSettings())})
			}
			fg.StatefulRules = append(fg.StatefulRules, sr)
		}
		if d := g.GetDomainList(); d != nil {
			p := path + ".domain_list"
			cv.oneOf(p+".generated_rules_type", d.GetGeneratedRulesType(), false, nfwGeneratedRules...)
			for k, t := range d.GetTargetTypes() {
				cv.oneOf(fmt.Sprintf("%s.target_types[%d]", p, k), t, false, nfwDomainTargetKind...)
			}
			cv.nonEmpty(p+".targets", d.GetTargets(), "target")
			fg.DomainList = &model.DomainList{
				Targets: cloneStrings(d.GetTargets()), TargetTypes: cloneStrings(d.GetTargetTypes()),
				GeneratedRulesType: d.GetGeneratedRulesType(),
			}
		}
		out[i] = fg
	}
	return out
}

func (cv *configConv) statelessRule(path string, r *netverdictv1.StatelessRule) model.StatelessRule {
	out := model.StatelessRule{
		Priority:         r.GetPriority(),
		Sources:          cv.prefixes(path+".sources", r.GetSources()),
		Destinations:     cv.prefixes(path+".destinations", r.GetDestinations()),
		SourcePorts:      cv.portRanges(path+".source_ports", r.GetSourcePorts()),
		DestinationPorts: cv.portRanges(path+".destination_ports", r.GetDestinationPorts()),
		CustomActions:    cloneStrings(r.GetCustomActions()),
	}
	if n := r.GetPriority(); n < 1 || n > 65535 {
		cv.c.add(path+".priority", itoa(n), "priority %d out of range 1-65535", n)
	}
	for k, p := range r.GetProtocols() {
		if p > 255 {
			cv.c.add(fmt.Sprintf("%s.protocols[%d]", path, k), fmt.Sprint(p), "protocol %d out of range 0-255", p)
			continue
		}
		out.Protocols = append(out.Protocols, uint8(p))
	}
	for k, f := range r.GetTcpFlags() {
		p := fmt.Sprintf("%s.tcp_flags[%d]", path, k)
		m := model.TCPFlagMatch{
			Flags:      cv.flagBits(p+".flags", f.GetFlags()),
			Masks:      cv.flagBits(p+".masks", f.GetMasks()),
			MasksGiven: len(f.GetMasks()) > 0,
		}
		out.TCPFlags = append(out.TCPFlags, m)
	}
	switch a := r.GetAction(); {
	case a == netverdictv1.StatelessAction_STATELESS_ACTION_UNSPECIFIED:
		cv.c.add(path+".action", "", "action is required: STATELESS_ACTION_PASS, STATELESS_ACTION_DROP or STATELESS_ACTION_FORWARD_TO_SFE")
	default:
		k := slices.Index(statelessActions[:], a)
		if k < 0 {
			cv.c.add(path+".action", a.String(), "unknown stateless action %d", int32(a))
			break
		}
		out.Action = model.StatelessAction(k)
	}
	cv.nonEmpty(path+".custom_actions", r.GetCustomActions(), "custom action name")
	return out
}

func (cv *configConv) flagBits(path string, flags []netverdictv1.TcpFlag) uint8 {
	var bits uint8
	for k, f := range flags {
		if f <= 0 || int(f) >= len(tcpFlags) {
			cv.c.add(fmt.Sprintf("%s[%d]", path, k), f.String(), "unknown TCP flag %d", int32(f))
			continue
		}
		bits |= tcpFlags[f]
	}
	return bits
}

func (cv *configConv) portRanges(path string, in []*netverdictv1.PortRange) []model.PortRange {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.PortRange, 0, len(in))
	for k, r := range in {
		if cv.portRange(fmt.Sprintf("%s[%d]", path, k), r) {
			out = append(out, model.PortRange{From: uint16(r.GetFromPort()), To: uint16(r.GetToPort())})
		}
	}
	return out
}

// portRange reports the first problem of a port range (a port above 65535,
// or to_port below from_port) and returns whether it has none.
func (cv *configConv) portRange(path string, r *netverdictv1.PortRange) bool {
	from, to := r.GetFromPort(), r.GetToPort()
	switch {
	case from > maxPort:
		cv.c.add(path+".from_port", fmt.Sprint(from), "port %d out of range 0-65535", from)
	case to > maxPort:
		cv.c.add(path+".to_port", fmt.Sprint(to), "port %d out of range 0-65535", to)
	case from > to:
		cv.c.add(path+".to_port", fmt.Sprint(to), "to_port %d is below from_port %d", to, from)
	default:
		return true
	}
	return false
}

// ruleVariables converts rule variables; an empty map is nil.
func ruleVariables(in map[string]*netverdictv1.RuleVariable) map[string][]string {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string][]string, len(in))
	for k, v := range in {
		out[k] = cloneStrings(v.GetDefinition())
	}
	return out
}

func ruleVariablesToProto(in map[string][]string) map[string]*netverdictv1.RuleVariable {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]*netverdictv1.RuleVariable, len(in))
	for k, v := range in {
		out[k] = &netverdictv1.RuleVariable{Definition: cloneStrings(v)}
	}
	return out
}

func cloneMap(in map[string]string) map[string]string {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]string, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

func firewallToProto(f *model.Firewall) *netverdictv1.Firewall {
	out := &netverdictv1.Firewall{Name: f.Name, Arn: f.ARN, VpcId: f.VPCID, PolicyArn: f.PolicyARN, SubnetIds: cloneStrings(f.SubnetIDs)}
	for _, e := range f.Endpoints {
		out.Endpoints = append(out.Endpoints, &netverdictv1.FirewallEndpoint{AvailabilityZone: e.AvailabilityZone, SubnetId: e.SubnetID, EndpointId: e.EndpointID})
	}
	return out
}

func firewallPolicyToProto(p *model.FirewallPolicy) *netverdictv1.FirewallPolicy {
	out := &netverdictv1.FirewallPolicy{
		Arn: p.ARN, Name: p.Name,
		StatelessRuleGroupReferences:    groupRefsToProto(p.StatelessRefs),
		StatefulRuleGroupReferences:     groupRefsToProto(p.StatefulRefs),
		StatelessDefaultActions:         cloneStrings(p.StatelessDefaultActions),
		StatelessFragmentDefaultActions: cloneStrings(p.StatelessFragmentDefaultActions),
		StatefulDefaultActions:          cloneStrings(p.StatefulDefaultActions),
		RuleOrder:                       p.RuleOrder,
		StreamExceptionPolicy:           p.StreamExceptionPolicy,
	}
	if p.HomeNet != nil {
		out.HomeNet = &netverdictv1.RuleVariable{Definition: prefixStrings(p.HomeNet)}
	}
	return out
}

func groupRefsToProto(in []model.FirewallRuleGroupRef) []*netverdictv1.FirewallRuleGroupReference {
	var out []*netverdictv1.FirewallRuleGroupReference
	for _, r := range in {
		out = append(out, &netverdictv1.FirewallRuleGroupReference{ResourceArn: r.ARN, Priority: r.Priority, OverrideAction: r.Override})
	}
	return out
}

func firewallRuleGroupToProto(g *model.FirewallRuleGroup) *netverdictv1.FirewallRuleGroup {
	out := &netverdictv1.FirewallRuleGroup{
		Arn: g.ARN, Name: g.Name, Type: g.Type,
		CustomActions:   cloneStrings(g.CustomActions),
		RulesString:     g.RulesString,
		IpSets:          ruleVariablesToProto(g.IPSets),
		PortSets:        ruleVariablesToProto(g.PortSets),
		IpSetReferences: cloneMap(g.IPSetReferences),
		RuleOrder:       g.RuleOrder,
	}
	for i := range g.Stateless {
		r := &g.Stateless[i]
		pr := &netverdictv1.StatelessRule{
			Priority:         r.Priority,
			Sources:          prefixStrings(r.Sources),
			Destinations:     prefixStrings(r.Destinations),
			SourcePorts:      portRangesToProto(r.SourcePorts),
			DestinationPorts: portRangesToProto(r.DestinationPorts),
			CustomActions:    cloneStrings(r.CustomActions),
		}
		for _, p := range r.Protocols {
			pr.Protocols = append(pr.Protocols, uint32(p))
		}
		for _, f := range r.TCPFlags {
			m := &netverdictv1.TcpFlagMatch{Flags: flagsToProto(f.Flags)}
			if f.MasksGiven {
				m.Masks = flagsToProto(f.Masks)
			}
			pr.TcpFlags = append(pr.TcpFlags, m)
		}
		if int(r.Action) < len(statelessActions) {
			pr.Action = statelessActions[r.Action]
		}
		out.StatelessRules = append(out.StatelessRules, pr)
	}
	for i := range g.StatefulRules {
		r := &g.StatefulRules[i]
		pr := &netverdictv1.StatefulRule{
			Action: r.Action, Protocol: r.Protocol, Source: r.Source, SourcePort: r.SourcePort,
			Direction: r.Direction, Destination: r.Destination, DestinationPort: r.DestinationPort,
		}
		for _, o := range r.Options {
			pr.Options = append(pr.Options, &netverdictv1.StatefulRuleOption{Keyword: o.Keyword, Settings: cloneStrings(o.Settings)})
		}
		out.StatefulRules = append(out.StatefulRules, pr)
	}
	if d := g.DomainList; d != nil {
		out.DomainList = &netverdictv1.DomainList{
			Targets: cloneStrings(d.Targets), TargetTypes: cloneStrings(d.TargetTypes), GeneratedRulesType: d.GeneratedRulesType,
		}
	}
	return out
}

// flagsToProto lists the flags of bits in wire order (FIN first).
func flagsToProto(bits uint8) []netverdictv1.TcpFlag {
	var out []netverdictv1.TcpFlag
	for f, b := range tcpFlags {
		if b != 0 && bits&b != 0 {
			out = append(out, netverdictv1.TcpFlag(f))
		}
	}
	return out
}

func portRangesToProto(in []model.PortRange) []*netverdictv1.PortRange {
	var out []*netverdictv1.PortRange
	for _, r := range in {
		out = append(out, &netverdictv1.PortRange{FromPort: uint32(r.From), ToPort: uint32(r.To)})
	}
	return out
}

// ---- AWS WAF ----

// WAF enum strings (botocore wafv2 service-2.json; semantics §4.3-4.8).
var (
	wafPositional  = []string{"EXACTLY", "STARTS_WITH", "ENDS_WITH", "CONTAINS", "CONTAINS_WORD"}
	wafComparison  = []string{"EQ", "NE", "LE", "LT", "GE", "GT"}
	wafSensitivity = []string{"LOW", "HIGH"}
	wafLabelScopes = []string{"LABEL", "NAMESPACE"}
	wafAggregate   = []string{"IP", "FORWARDED_IP", "CUSTOM_KEYS", "CONSTANT"}
	wafMatchScopes = []string{"ALL", "KEY", "VALUE"}
	wafOversize    = []string{"CONTINUE", "MATCH", "NO_MATCH"}
	wafFallback    = []string{"MATCH", "NO_MATCH"}
	wafInvalidJSON = []string{"MATCH", "NO_MATCH", "EVALUATE_AS_STRING"}
	wafPositions   = []string{"FIRST", "LAST", "ANY"}
	wafIPVersions  = []string{"IPV4", "IPV6"}
)

// The WAF enum tables map model values (index) to the API's.
var (
	wafActionKinds = [...]netverdictv1.WafActionKind{
		model.WAFActionUnspecified: netverdictv1.WafActionKind_WAF_ACTION_KIND_UNSPECIFIED,
		model.WAFAllow:             netverdictv1.WafActionKind_WAF_ACTION_KIND_ALLOW,
		model.WAFBlock:             netverdictv1.WafActionKind_WAF_ACTION_KIND_BLOCK,
		model.WAFCount:             netverdictv1.WafActionKind_WAF_ACTION_KIND_COUNT,
		model.WAFCaptcha:           netverdictv1.WafActionKind_WAF_ACTION_KIND_CAPTCHA,
		model.WAFChallenge:         netverdictv1.WafActionKind_WAF_ACTION_KIND_CHALLENGE,
		model.WAFMonetize:          netverdictv1.WafActionKind_WAF_ACTION_KIND_MONETIZE,
	}
	wafOverrideKinds = [...]netverdictv1.WafOverrideAction{
		model.WAFOverrideUnspecified: netverdictv1.WafOverrideAction_WAF_OVERRIDE_ACTION_UNSPECIFIED,
		model.WAFOverrideNone:        netverdictv1.WafOverrideAction_WAF_OVERRIDE_ACTION_NONE,
		model.WAFOverrideCount:       netverdictv1.WafOverrideAction_WAF_OVERRIDE_ACTION_COUNT,
	}
	wafStatementKinds = [...]netverdictv1.WafStatementKind{
		model.WAFStatementUnspecified:     netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_UNSPECIFIED,
		model.WAFByteMatch:                netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_BYTE_MATCH,
		model.WAFRegexMatch:               netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_REGEX_MATCH,
		model.WAFRegexPatternSetReference: netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_REGEX_PATTERN_SET_REFERENCE,
		model.WAFSizeConstraint:           netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_SIZE_CONSTRAINT,
		model.WAFSqliMatch:                netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_SQLI_MATCH,
		model.WAFXssMatch:                 netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_XSS_MATCH,
		model.WAFIPSetReference:           netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_IP_SET_REFERENCE,
		model.WAFGeoMatch:                 netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_GEO_MATCH,
		model.WAFAsnMatch:                 netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_ASN_MATCH,
		model.WAFLabelMatch:               netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_LABEL_MATCH,
		model.WAFAnd:                      netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_AND,
		model.WAFOr:                       netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_OR,
		model.WAFNot:                      netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_NOT,
		model.WAFRateBased:                netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_RATE_BASED,
		model.WAFManagedRuleGroup:         netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_MANAGED_RULE_GROUP,
		model.WAFRuleGroupReference:       netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_RULE_GROUP_REFERENCE,
	}
	wafFieldKinds = [...]netverdictv1.WafFieldKind{
		model.WAFFieldUnspecified:         netverdictv1.WafFieldKind_WAF_FIELD_KIND_UNSPECIFIED,
		model.WAFFieldURIPath:             netverdictv1.WafFieldKind_WAF_FIELD_KIND_URI_PATH,
		model.WAFFieldQueryString:         netverdictv1.WafFieldKind_WAF_FIELD_KIND_QUERY_STRING,
		model.WAFFieldSingleQueryArgument: netverdictv1.WafFieldKind_WAF_FIELD_KIND_SINGLE_QUERY_ARGUMENT,
		model.WAFFieldAllQueryArguments:   netverdictv1.WafFieldKind_WAF_FIELD_KIND_ALL_QUERY_ARGUMENTS,
		model.WAFFieldSingleHeader:        netverdictv1.WafFieldKind_WAF_FIELD_KIND_SINGLE_HEADER,
		model.WAFFieldHeaders:             netverdictv1.WafFieldKind_WAF_FIELD_KIND_HEADERS,
		model.WAFFieldCookies:             netverdictv1.WafFieldKind_WAF_FIELD_KIND_COOKIES,
		model.WAFFieldBody:                netverdictv1.WafFieldKind_WAF_FIELD_KIND_BODY,
		model.WAFFieldJSONBody:            netverdictv1.WafFieldKind_WAF_FIELD_KIND_JSON_BODY,
		model.WAFFieldMethod:              netverdictv1.WafFieldKind_WAF_FIELD_KIND_METHOD,
		model.WAFFieldHeaderOrder:         netverdictv1.WafFieldKind_WAF_FIELD_KIND_HEADER_ORDER,
		model.WAFFieldJA3Fingerprint:      netverdictv1.WafFieldKind_WAF_FIELD_KIND_JA3_FINGERPRINT,
		model.WAFFieldJA4Fingerprint:      netverdictv1.WafFieldKind_WAF_FIELD_KIND_JA4_FINGERPRINT,
		model.WAFFieldURIFragment:         netverdictv1.WafFieldKind_WAF_FIELD_KIND_URI_FRAGMENT,
	}
)

// maxStatementDepth bounds statement nesting. AWS allows a handful of
// levels; the bound only keeps a hostile config from exhausting the stack.
const maxStatementDepth = 100

func (cv *configConv) webACLs(in []*netverdictv1.WebAcl) []model.WebACL {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.WebACL, len(in))
	seen := make(map[string]string, len(in))
	for i, a := range in {
		path := fmt.Sprintf("web_acls[%d]", i)
		cv.arn(path, a.GetArn(), seen)
		acl := model.WebACL{
			Name: a.GetName(), ID: a.GetId(), ARN: a.GetArn(), Description: a.GetDescription(),
			DefaultAction:         cv.wafAction(path+".default_action", a.GetDefaultAction()),
			Rules:                 cv.wafRules(path+".rules", a.GetRules()),
			PreProcessRuleGroups:  cv.wafRules(path+".pre_process_rule_groups", a.GetPreProcessRuleGroups()),
			PostProcessRuleGroups: cv.wafRules(path+".post_process_rule_groups", a.GetPostProcessRuleGroups()),
			LabelNamespace:        a.GetLabelNamespace(),
			Path:                  a.GetSourcePath(),
		}
		if k := acl.DefaultAction.Kind; k != model.WAFAllow && k != model.WAFBlock {
			cv.c.add(path+".default_action.kind", a.GetDefaultAction().GetKind().String(),
				"the default action is WAF_ACTION_KIND_ALLOW or WAF_ACTION_KIND_BLOCK")
		}
		for j, l := range a.GetBodyLimits() {
			p := fmt.Sprintf("%s.body_limits[%d]", path, j)
			cv.required(p+".resource_type", l.GetResourceType(), "resource type")
			if l.GetBytes() <= 0 {
				cv.c.add(p+".bytes", fmt.Sprint(l.GetBytes()), "body limit %d is not positive", l.GetBytes())
			}
			acl.BodyLimits = append(acl.BodyLimits, model.WAFBodyLimit{ResourceType: l.GetResourceType(), Bytes: l.GetBytes()})
		}
		out[i] = acl
	}
	return out
}

// wafAction converts an action; unset is the zero action.
func (cv *configConv) wafAction(path string, a *netverdictv1.WafAction) model.WAFAction {
	var out model.WAFAction
	if a == nil {
		return out
	}
	if k := slices.Index(wafActionKinds[:], a.GetKind()); k >= 0 {
		out.Kind = model.WAFActionKind(k)
	} else {
		cv.c.add(path+".kind", a.GetKind().String(), "unknown WAF action %d", int32(a.GetKind()))
	}
	if c := a.GetResponseCode(); c != 0 && (c < 200 || c > 599) {
		cv.c.add(path+".response_code", itoa(c), "response code %d out of range 200-599", c)
	}
	out.ResponseCode = a.GetResponseCode()
	return out
}

func wafActionToProto(a model.WAFAction) *netverdictv1.WafAction {
	if a == (model.WAFAction{}) {
		return nil
	}
	out := &netverdictv1.WafAction{ResponseCode: a.ResponseCode}
	if int(a.Kind) < len(wafActionKinds) {
		out.Kind = wafActionKinds[a.Kind]
	}
	return out
}

func (cv *configConv) wafRules(path string, in []*netverdictv1.WafRule) []model.WAFRule {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.WAFRule, len(in))
	for j, r := range in {
		p := fmt.Sprintf("%s[%d]", path, j)
		rule := model.WAFRule{
			Name: r.GetName(), Priority: r.GetPriority(),
			Action: cv.wafAction(p+".action", r.GetAction()),
			Labels: cloneStrings(r.GetLabels()),
			Path:   r.GetSourcePath(),
		}
		if r.GetPriority() < 0 {
			cv.c.add(p+".priority", itoa(r.GetPriority()), "priority %d is negative", r.GetPriority())
		}
		if k := slices.Index(wafOverrideKinds[:], r.GetOverrideAction()); k >= 0 {
			rule.Override = model.WAFOverrideKind(k)
		} else {
			cv.c.add(p+".override_action", r.GetOverrideAction().String(), "unknown override action %d", int32(r.GetOverrideAction()))
		}
		switch hasAction, hasOverride := rule.Action.Kind != model.WAFActionUnspecified, rule.Override != model.WAFOverrideUnspecified; {
		case hasAction && hasOverride:
			cv.c.add(p+".override_action", r.GetOverrideAction().String(), "a rule has an action or an override action, not both")
		case !hasAction && !hasOverride:
			cv.c.add(p+".action", "", "a rule needs an action or an override action")
		}
		cv.nonEmpty(p+".labels", r.GetLabels(), "label")
		if r.GetStatement() == nil {
			cv.c.add(p+".statement", "", "statement is required")
		} else {
			rule.Statement = cv.wafStatement(p+".statement", r.GetStatement(), 0)
		}
		out[j] = rule
	}
	return out
}

func (cv *configConv) wafStatement(path string, s *netverdictv1.WafStatement, depth int) *model.WAFStatement {
	if depth > maxStatementDepth {
		cv.c.add(path, "", "statements nest deeper than %d levels", maxStatementDepth)
		return &model.WAFStatement{}
	}
	out := &model.WAFStatement{
		Path:                    s.GetSourcePath(),
		Field:                   cv.wafField(path+".field_to_match", s.GetFieldToMatch()),
		Transformations:         cv.wafTransformations(path+".text_transformations", s.GetTextTransformations()),
		PreParseTransformations: cv.wafTransformations(path+".pre_parse_text_transformations", s.GetPreParseTextTransformations()),
		PositionalConstraint:    s.GetPositionalConstraint(),
		RegexString:             s.GetRegexString(),
		ARN:                     s.GetArn(),
		ComparisonOperator:      s.GetComparisonOperator(),
		Size:                    s.GetSize(),
		SensitivityLevel:        s.GetSensitivityLevel(),
		CountryCodes:            cloneStrings(s.GetCountryCodes()),
		LabelScope:              s.GetLabelScope(),
		LabelKey:                s.GetLabelKey(),
		RateLimit:               s.GetRateLimit(),
		EvaluationWindowSec:     s.GetEvaluationWindowSec(),
		AggregateKeyType:        s.GetAggregateKeyType(),
		VendorName:              s.GetVendorName(),
		Name:                    s.GetName(),
		Version:                 s.GetVersion(),
		ExcludedRules:           cloneStrings(s.GetExcludedRules()),
		CustomKeyCount:          int(s.GetCustomKeyCount()),
	}
	switch k := s.GetKind(); {
	case k == netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_UNSPECIFIED:
		cv.c.add(path+".kind", "", "statement kind is required")
	default:
		n := slices.Index(wafStatementKinds[:], k)
		if n < 0 {
			cv.c.add(path+".kind", k.String(), "unknown statement kind %d", int32(k))
			break
		}
		out.Kind = model.WAFStatementKind(n)
	}
	if len(s.GetSearchString()) > 0 {
		out.SearchString = slices.Clone(s.GetSearchString())
	}
	if len(s.GetAsns()) > 0 {
		out.ASNs = slices.Clone(s.GetAsns())
	}
	cv.oneOf(path+".positional_constraint", s.GetPositionalConstraint(), true, wafPositional...)
	cv.oneOf(path+".comparison_operator", s.GetComparisonOperator(), true, wafComparison...)
	cv.oneOf(path+".sensitivity_level", s.GetSensitivityLevel(), true, wafSensitivity...)
	cv.oneOf(path+".label_scope", s.GetLabelScope(), true, wafLabelScopes...)
	cv.oneOf(path+".aggregate_key_type", s.GetAggregateKeyType(), true, wafAggregate...)
	if s.GetSize() < 0 {
		cv.c.add(path+".size", fmt.Sprint(s.GetSize()), "size %d is negative", s.GetSize())
	}
	if s.GetRateLimit() < 0 {
		cv.c.add(path+".rate_limit", fmt.Sprint(s.GetRateLimit()), "rate limit %d is negative", s.GetRateLimit())
	}
	if s.GetEvaluationWindowSec() < 0 {
		cv.c.add(path+".evaluation_window_sec", fmt.Sprint(s.GetEvaluationWindowSec()), "evaluation window %d is negative", s.GetEvaluationWindowSec())
	}
	if s.GetCustomKeyCount() < 0 {
		cv.c.add(path+".custom_key_count", itoa(s.GetCustomKeyCount()), "custom key count %d is negative", s.GetCustomKeyCount())
	}
	if f := s.GetForwardedIpConfig(); f != nil {
		p := path + ".forwarded_ip_config"
		cv.required(p+".header_name", f.GetHeaderName(), "header name")
		cv.oneOf(p+".fallback_behavior", f.GetFallbackBehavior(), true, wafFallback...)
		cv.oneOf(p+".position", f.GetPosition(), true, wafPositions...)
		out.ForwardedIP = &model.WAFForwardedIPConfig{HeaderName: f.GetHeaderName(), FallbackBehavior: f.GetFallbackBehavior(), Position: f.GetPosition()}
	}
	for j, st := range s.GetStatements() {
		p := fmt.Sprintf("%s.statements[%d]", path, j)
		if st == nil {
			cv.c.add(p, "", "statement is missing")
			continue
		}
		out.Statements = append(out.Statements, cv.wafStatement(p, st, depth+1))
	}
	if sd := s.GetScopeDownStatement(); sd != nil {
		out.ScopeDown = cv.wafStatement(path+".scope_down_statement", sd, depth+1)
	}
	cv.nonEmpty(path+".excluded_rules", s.GetExcludedRules(), "rule name")
	for j, o := range s.GetRuleActionOverrides() {
		p := fmt.Sprintf("%s.rule_action_overrides[%d]", path, j)
		cv.required(p+".name", o.GetName(), "rule name")
		if o.GetAction().GetKind() == netverdictv1.WafActionKind_WAF_ACTION_KIND_UNSPECIFIED {
			cv.c.add(p+".action.kind", "", "action is required")
		}
		out.RuleActionOverrides = append(out.RuleActionOverrides, model.WAFRuleActionOverride{
			Name: o.GetName(), Action: cv.wafAction(p+".action", o.GetAction()),
		})
	}
	return out
}

// wafField converts a FieldToMatch; unset is the zero field.
func (cv *configConv) wafField(path string, f *netverdictv1.WafFieldToMatch) model.WAFFieldToMatch {
	var out model.WAFFieldToMatch
	if f == nil {
		return out
	}
	out = model.WAFFieldToMatch{
		Name: f.GetName(), MatchScope: f.GetMatchScope(), All: f.GetAll(),
		Included: cloneStrings(f.GetIncluded()), Excluded: cloneStrings(f.GetExcluded()),
		OversizeHandling: f.GetOversizeHandling(), InvalidFallbackBehavior: f.GetInvalidFallbackBehavior(),
		FallbackBehavior: f.GetFallbackBehavior(),
	}
	if k := slices.Index(wafFieldKinds[:], f.GetKind()); k > 0 {
		out.Kind = model.WAFFieldKind(k)
	} else if k == 0 {
		cv.c.add(path+".kind", "", "field kind is required")
	} else {
		cv.c.add(path+".kind", f.GetKind().String(), "unknown field kind %d", int32(f.GetKind()))
	}
	cv.oneOf(path+".match_scope", f.GetMatchScope(), true, wafMatchScopes...)
	cv.oneOf(path+".oversize_handling", f.GetOversizeHandling(), true, wafOversize...)
	cv.oneOf(path+".invalid_fallback_behavior", f.GetInvalidFallbackBehavior(), true, wafInvalidJSON...)
	cv.oneOf(path+".fallback_behavior", f.GetFallbackBehavior(), true, wafFallback...)
	return out
}

func (cv *configConv) wafTransformations(path string, in []*netverdictv1.WafTextTransformation) []model.WAFTextTransformation {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.WAFTextTransformation, len(in))
	for j, t := range in {
		if _, err := transform.ParseKind(t.GetType()); err != nil {
			cv.c.add(fmt.Sprintf("%s[%d].type", path, j), t.GetType(), "unknown text transformation type %q", t.GetType())
		}
		if t.GetPriority() < 0 {
			cv.c.add(fmt.Sprintf("%s[%d].priority", path, j), itoa(t.GetPriority()), "priority %d is negative", t.GetPriority())
		}
		out[j] = model.WAFTextTransformation{Priority: t.GetPriority(), Type: t.GetType()}
	}
	return out
}

func (cv *configConv) ipSets(in []*netverdictv1.IpSet) []model.IPSet {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.IPSet, len(in))
	seen := make(map[string]string, len(in))
	for i, s := range in {
		path := fmt.Sprintf("ip_sets[%d]", i)
		cv.arn(path, s.GetArn(), seen)
		version := s.GetIpAddressVersion()
		cv.oneOf(path+".ip_address_version", version, false, wafIPVersions...)
		set := model.IPSet{Name: s.GetName(), ID: s.GetId(), ARN: s.GetArn(), Description: s.GetDescription(), IPAddressVersion: version}
		for j, a := range s.GetAddresses() {
			p := fmt.Sprintf("%s.addresses[%d]", path, j)
			pf := cv.prefix(p, a)
			switch {
			case !pf.IsValid():
				continue
			case pf.Bits() == 0:
				cv.c.add(p, a, "/0 is not allowed in an IP set")
			case (version == "IPV4" && !pf.Addr().Is4()) || (version == "IPV6" && pf.Addr().Is4()):
				cv.c.add(p, a, "address family does not match ip_address_version %s", version)
			}
			set.Addresses = append(set.Addresses, pf)
		}
		out[i] = set
	}
	return out
}

func (cv *configConv) regexPatternSets(in []*netverdictv1.RegexPatternSet) []model.RegexPatternSet {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.RegexPatternSet, len(in))
	seen := make(map[string]string, len(in))
	for i, s := range in {
		path := fmt.Sprintf("regex_pattern_sets[%d]", i)
		cv.arn(path, s.GetArn(), seen)
		out[i] = model.RegexPatternSet{
			Name: s.GetName(), ID: s.GetId(), ARN: s.GetArn(), Description: s.GetDescription(),
			Patterns: cloneStrings(s.GetRegexStrings()),
		}
	}
	return out
}

func (cv *configConv) wafRuleGroups(in []*netverdictv1.WafRuleGroup) []model.WAFRuleGroup {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.WAFRuleGroup, len(in))
	seen := make(map[string]string, len(in))
	for i, g := range in {
		path := fmt.Sprintf("waf_rule_groups[%d]", i)
		cv.arn(path, g.GetArn(), seen)
		if g.GetCapacity() < 0 {
			cv.c.add(path+".capacity", fmt.Sprint(g.GetCapacity()), "capacity %d is negative", g.GetCapacity())
		}
		out[i] = model.WAFRuleGroup{
			Name: g.GetName(), ID: g.GetId(), ARN: g.GetArn(), Description: g.GetDescription(),
			LabelNamespace: g.GetLabelNamespace(), Capacity: g.GetCapacity(),
			Rules: cv.wafRules(path+".rules", g.GetRules()),
			Path:  g.GetSourcePath(),
		}
	}
	return out
}

func (cv *configConv) webACLAssociations(in []*netverdictv1.WebAclAssociation) []model.WebACLAssociation {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.WebACLAssociation, len(in))
	seen := make(map[string]string, len(in))
	for i, a := range in {
		path := fmt.Sprintf("web_acl_associations[%d]", i)
		cv.required(path+".web_acl_arn", a.GetWebAclArn(), "web ACL ARN")
		switch r := a.GetResourceArn(); {
		case r == "":
			cv.c.add(path+".resource_arn", "", "resource ARN is required")
		case seen[r] != "":
			cv.c.add(path+".resource_arn", r, "resource %q already has a web ACL (%s): a resource has at most one", r, seen[r])
		default:
			seen[r] = path
		}
		out[i] = model.WebACLAssociation{WebACLARN: a.GetWebAclArn(), ResourceARN: a.GetResourceArn()}
	}
	return out
}

func webACLToProto(a *model.WebACL) *netverdictv1.WebAcl {
	out := &netverdictv1.WebAcl{
		Name: a.Name, Id: a.ID, Arn: a.ARN, Description: a.Description,
		DefaultAction:         wafActionToProto(a.DefaultAction),
		Rules:                 wafRulesToProto(a.Rules),
		PreProcessRuleGroups:  wafRulesToProto(a.PreProcessRuleGroups),
		PostProcessRuleGroups: wafRulesToProto(a.PostProcessRuleGroups),
		LabelNamespace:        a.LabelNamespace,
		SourcePath:            a.Path,
	}
	for _, l := range a.BodyLimits {
		out.BodyLimits = append(out.BodyLimits, &netverdictv1.WafBodyLimit{ResourceType: l.ResourceType, Bytes: l.Bytes})
	}
	return out
}

func wafRulesToProto(in []model.WAFRule) []*netverdictv1.WafRule {
	var out []*netverdictv1.WafRule
	for i := range in {
		r := &in[i]
		pr := &netverdictv1.WafRule{
			Name: r.Name, Priority: r.Priority,
			Statement:  wafStatementToProto(r.Statement),
			Action:     wafActionToProto(r.Action),
			Labels:     cloneStrings(r.Labels),
			SourcePath: r.Path,
		}
		if int(r.Override) < len(wafOverrideKinds) {
			pr.OverrideAction = wafOverrideKinds[r.Override]
		}
		out = append(out, pr)
	}
	return out
}

func wafStatementToProto(s *model.WAFStatement) *netverdictv1.WafStatement {
	if s == nil {
		return nil
	}
	out := &netverdictv1.WafStatement{
		SourcePath:                  s.Path,
		FieldToMatch:                wafFieldToProto(&s.Field),
		TextTransformations:         wafTransformationsToProto(s.Transformations),
		PreParseTextTransformations: wafTransformationsToProto(s.PreParseTransformations),
		SearchString:                slices.Clone(s.SearchString),
		PositionalConstraint:        s.PositionalConstraint,
		RegexString:                 s.RegexString,
		Arn:                         s.ARN,
		ComparisonOperator:          s.ComparisonOperator,
		Size:                        s.Size,
		SensitivityLevel:            s.SensitivityLevel,
		CountryCodes:                cloneStrings(s.CountryCodes),
		Asns:                        slices.Clone(s.ASNs),
		LabelScope:                  s.LabelScope,
		LabelKey:                    s.LabelKey,
		RateLimit:                   s.RateLimit,
		EvaluationWindowSec:         s.EvaluationWindowSec,
		AggregateKeyType:            s.AggregateKeyType,
		ScopeDownStatement:          wafStatementToProto(s.ScopeDown),
		VendorName:                  s.VendorName,
		Name:                        s.Name,
		Version:                     s.Version,
		ExcludedRules:               cloneStrings(s.ExcludedRules),
		CustomKeyCount:              int32(min(max(s.CustomKeyCount, 0), 1<<31-1)),
	}
	if int(s.Kind) < len(wafStatementKinds) {
		out.Kind = wafStatementKinds[s.Kind]
	}
	if f := s.ForwardedIP; f != nil {
		out.ForwardedIpConfig = &netverdictv1.WafForwardedIpConfig{HeaderName: f.HeaderName, FallbackBehavior: f.FallbackBehavior, Position: f.Position}
	}
	for _, st := range s.Statements {
		if st != nil {
			out.Statements = append(out.Statements, wafStatementToProto(st))
		}
	}
	for _, o := range s.RuleActionOverrides {
		out.RuleActionOverrides = append(out.RuleActionOverrides, &netverdictv1.WafRuleActionOverride{Name: o.Name, Action: wafActionToProto(o.Action)})
	}
	return out
}

// wafFieldToProto returns nil for the zero field (statements without one).
func wafFieldToProto(f *model.WAFFieldToMatch) *netverdictv1.WafFieldToMatch {
	if f.Kind == model.WAFFieldUnspecified && f.Name == "" && f.MatchScope == "" && !f.All && len(f.Included) == 0 &&
		len(f.Excluded) == 0 && f.OversizeHandling == "" && f.InvalidFallbackBehavior == "" && f.FallbackBehavior == "" {
		return nil
	}
	out := &netverdictv1.WafFieldToMatch{
		Name: f.Name, MatchScope: f.MatchScope, All: f.All,
		Included: cloneStrings(f.Included), Excluded: cloneStrings(f.Excluded),
		OversizeHandling: f.OversizeHandling, InvalidFallbackBehavior: f.InvalidFallbackBehavior, FallbackBehavior: f.FallbackBehavior,
	}
	if int(f.Kind) < len(wafFieldKinds) {
		out.Kind = wafFieldKinds[f.Kind]
	}
	return out
}

func wafTransformationsToProto(in []model.WAFTextTransformation) []*netverdictv1.WafTextTransformation {
	var out []*netverdictv1.WafTextTransformation
	for _, t := range in {
		out = append(out, &netverdictv1.WafTextTransformation{Priority: t.Priority, Type: t.Type})
	}
	return out
}

// layersToProto writes cfg's route tables, Network Firewall and WAF
// objects into out (see ModelToNetworkConfig).
func layersToProto(cfg *model.Config, out *netverdictv1.NetworkConfig) {
	for i := range cfg.RouteTables {
		out.RouteTables = append(out.RouteTables, routeTableToProto(&cfg.RouteTables[i]))
	}
	for i := range cfg.Firewalls {
		out.Firewalls = append(out.Firewalls, firewallToProto(&cfg.Firewalls[i]))
	}
	for i := range cfg.FirewallPolicies {
		out.FirewallPolicies = append(out.FirewallPolicies, firewallPolicyToProto(&cfg.FirewallPolicies[i]))
	}
	for i := range cfg.FirewallRuleGroups {
		out.FirewallRuleGroups = append(out.FirewallRuleGroups, firewallRuleGroupToProto(&cfg.FirewallRuleGroups[i]))
	}
	for i := range cfg.WebACLs {
		out.WebAcls = append(out.WebAcls, webACLToProto(&cfg.WebACLs[i]))
	}
	for i := range cfg.IPSets {
		s := &cfg.IPSets[i]
		out.IpSets = append(out.IpSets, &netverdictv1.IpSet{
			Name: s.Name, Id: s.ID, Arn: s.ARN, Description: s.Description,
			IpAddressVersion: s.IPAddressVersion, Addresses: prefixStrings(s.Addresses),
		})
	}
	for i := range cfg.RegexPatternSets {
		s := &cfg.RegexPatternSets[i]
		out.RegexPatternSets = append(out.RegexPatternSets, &netverdictv1.RegexPatternSet{
			Name: s.Name, Id: s.ID, Arn: s.ARN, Description: s.Description, RegexStrings: cloneStrings(s.Patterns),
		})
	}
	for i := range cfg.WAFRuleGroups {
		g := &cfg.WAFRuleGroups[i]
		out.WafRuleGroups = append(out.WafRuleGroups, &netverdictv1.WafRuleGroup{
			Name: g.Name, Id: g.ID, Arn: g.ARN, Description: g.Description,
			LabelNamespace: g.LabelNamespace, Capacity: g.Capacity,
			Rules: wafRulesToProto(g.Rules), SourcePath: g.Path,
		})
	}
	for _, a := range cfg.WebACLAssociations {
		out.WebAclAssociations = append(out.WebAclAssociations, &netverdictv1.WebAclAssociation{WebAclArn: a.WebACLARN, ResourceArn: a.ResourceARN})
	}
}
