package apiconv

import (
	"fmt"
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/netverdict/netverdict/evaluator/model"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// byteMatch is a rich ByteMatch statement, every field of its kind set.
func byteMatch(path string) *model.WAFStatement {
	return &model.WAFStatement{
		Kind: model.WAFByteMatch, Path: path,
		Field: model.WAFFieldToMatch{Kind: model.WAFFieldHeaders, MatchScope: "KEY", All: true,
			Included: []string{"x-a"}, Excluded: []string{"x-b"}, OversizeHandling: "MATCH"},
		Transformations:         []model.WAFTextTransformation{{Priority: 1, Type: "LOWERCASE"}, {Priority: 0, Type: "URL_DECODE"}},
		PreParseTransformations: []model.WAFTextTransformation{{Priority: 0, Type: "NONE"}},
		SearchString:            []byte("bad\x00bot\xff"),
		PositionalConstraint:    "CONTAINS",
	}
}

// richLayers is a config whose route, Network Firewall and WAF objects set
// every field of every model type (TestRichLayersSetsEveryField checks it),
// in canonical form.
func richLayers() *model.Config {
	return &model.Config{
		RouteTables: []model.RouteTable{{
			ID: "rtb-1", VPCID: "vpc-1", OwnerID: "111122223333",
			Routes: []model.Route{
				{Index: 0, Destination: pfx("10.0.0.0/16"), Target: model.RouteTargetLocal, TargetID: "local", TargetField: "GatewayId", Origin: model.RouteOriginCreateRouteTable},
				{Index: 1, Destination: pfx("2001:db8::/56"), Target: model.RouteTargetVPCEndpoint, TargetID: "vpce-1", TargetField: "VpcEndpointId", Origin: model.RouteOriginCreateRoute},
				{Index: 2, PrefixListID: "pl-1", Target: model.RouteTargetInstance, TargetID: "i-1", TargetField: "InstanceId",
					NetworkInterfaceID: "eni-1", State: model.RouteBlackhole, Origin: model.RouteOriginEnableVgwRoutePropagation},
				{Index: 3, Destination: pfx("0.0.0.0/0"), Target: model.RouteTargetOther, TargetID: "x-1", TargetField: "NewThingId"},
			},
			Associations:        []model.RouteAssociation{{ID: "rtbassoc-1", SubnetID: "subnet-a"}, {ID: "rtbassoc-2", Main: true}},
			GatewayAssociations: []model.GatewayAssociation{{ID: "rtbassoc-3", GatewayID: "igw-1"}},
			PropagatingVGWs:     []string{"vgw-1"},
			Tags:                []model.Tag{{Key: "Name", Value: "main"}, {Key: "empty"}},
		}},
		Firewalls: []model.Firewall{{
			Name: "fw", ARN: "arn:aws:network-firewall:eu-west-1:111122223333:firewall/fw", VPCID: "vpc-1",
			PolicyARN: "arn:aws:network-firewall:eu-west-1:111122223333:firewall-policy/p",
			SubnetIDs: []string{"subnet-fw-a", "subnet-fw-b"},
			Endpoints: []model.FirewallEndpoint{{AvailabilityZone: "eu-west-1a", SubnetID: "subnet-fw-a", EndpointID: "vpce-1"}},
		}},
		FirewallPolicies: []model.FirewallPolicy{
			{
				ARN: "arn:aws:network-firewall:eu-west-1:111122223333:firewall-policy/p", Name: "p",
				StatelessRefs:                   []model.FirewallRuleGroupRef{{ARN: "arn:sl", Priority: 10}},
				StatefulRefs:                    []model.FirewallRuleGroupRef{{ARN: "arn:sf", Priority: 1, Override: "DROP_TO_ALERT"}},
				StatelessDefaultActions:         []string{"aws:forward_to_sfe", "metric"},
				StatelessFragmentDefaultActions: []string{"aws:drop"},
				StatefulDefaultActions:          []string{"aws:drop_strict", "aws:alert_established"},
				RuleOrder:                       "STRICT_ORDER",
				StreamExceptionPolicy:           "REJECT",
				HomeNet:                         []netip.Prefix{pfx("10.0.0.0/8"), pfx("2001:db8::/32")},
			},
			// HOME_NET given but empty differs from not given (nil).
			{ARN: "arn:p2", StatelessDefaultActions: []string{"aws:pass"}, StatelessFragmentDefaultActions: []string{"aws:pass"}, HomeNet: []netip.Prefix{}},
		},
		FirewallRuleGroups: []model.FirewallRuleGroup{
			{
				ARN: "arn:sl", Name: "sl", Type: "STATELESS",
				Stateless: []model.StatelessRule{{
					Priority: 5, Sources: []netip.Prefix{pfx("10.0.0.0/8")}, Destinations: []netip.Prefix{pfx("::/0")},
					SourcePorts: []model.PortRange{{From: 1024, To: 65535}}, DestinationPorts: []model.PortRange{{From: 443, To: 443}},
					Protocols: []uint8{6, 17},
					TCPFlags: []model.TCPFlagMatch{
						{Flags: model.TCPFlagSYN, Masks: model.TCPFlagSYN | model.TCPFlagACK, MasksGiven: true},
						{Flags: model.TCPFlagFIN | model.TCPFlagCWR},
					},
					Action: model.StatelessForwardToSFE, CustomActions: []string{"metric"},
				}},
				CustomActions: []string{"metric"},
			},
			{
				ARN: "arn:sf", Name: "sf", Type: "STATEFUL",
				StatefulRules: []model.StatefulRule{{
					Action: "DROP", Protocol: "TCP", Source: "$HOME_NET", SourcePort: "ANY", Direction: "FORWARD",
					Destination: "ANY", DestinationPort: "[80,443]",
					Options: []model.RuleOption{{Keyword: "sid", Settings: []string{"1"}}, {Keyword: "flow"}},
				}},
				IPSets:          map[string][]string{"WEB": {"10.0.1.0/24"}, "EMPTY": nil},
				PortSets:        map[string][]string{"WEBP": {"80", "443"}},
				IPSetReferences: map[string]string{"BETA": "arn:aws:ec2:eu-west-1:111122223333:prefix-list/pl-1"},
				RuleOrder:       "STRICT_ORDER",
			},
			{ARN: "arn:rs", Type: "STATEFUL", RulesString: "pass tcp any any -> any 443 (sid:1;)"},
			{ARN: "arn:dl", Type: "STATEFUL_DOMAIN", DomainList: &model.DomainList{
				Targets: []string{".example.com"}, TargetTypes: []string{"TLS_SNI", "HTTP_HOST"}, GeneratedRulesType: "ALLOWLIST"}},
		},
		WebACLs: []model.WebACL{{
			Name: "acl", ID: "a1", ARN: "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/acl/a1", Description: "d",
			DefaultAction: model.WAFAction{Kind: model.WAFBlock, ResponseCode: 418},
			Rules: []model.WAFRule{
				{Name: "bytes", Priority: 2, Statement: byteMatch("acl.json: WebACL.Rules[0].Statement.ByteMatchStatement"),
					Action: model.WAFAction{Kind: model.WAFCount}, Labels: []string{"l1", "ns:l2"}, Path: "acl.json: WebACL.Rules[0]"},
				{Name: "logic", Priority: 1, Action: model.WAFAction{Kind: model.WAFCaptcha}, Statement: &model.WAFStatement{
					Kind: model.WAFAnd,
					Statements: []*model.WAFStatement{
						{Kind: model.WAFNot, Statements: []*model.WAFStatement{{Kind: model.WAFRegexMatch, RegexString: "^a+$",
							Field:           model.WAFFieldToMatch{Kind: model.WAFFieldSingleHeader, Name: "User-Agent"},
							Transformations: []model.WAFTextTransformation{{Type: "NONE"}}}}},
						{Kind: model.WAFRegexPatternSetReference, ARN: "arn:rx",
							Field:           model.WAFFieldToMatch{Kind: model.WAFFieldJSONBody, MatchScope: "VALUE", Included: []string{"/a"}, InvalidFallbackBehavior: "EVALUATE_AS_STRING", OversizeHandling: "NO_MATCH"},
							Transformations: []model.WAFTextTransformation{{Type: "NONE"}}},
						{Kind: model.WAFSizeConstraint, ComparisonOperator: "GT", Size: 8192,
							Field: model.WAFFieldToMatch{Kind: model.WAFFieldBody, OversizeHandling: "CONTINUE"}, Transformations: []model.WAFTextTransformation{{Type: "NONE"}}},
						{Kind: model.WAFSqliMatch, SensitivityLevel: "HIGH", Field: model.WAFFieldToMatch{Kind: model.WAFFieldAllQueryArguments},
							Transformations: []model.WAFTextTransformation{{Type: "URL_DECODE"}}},
						{Kind: model.WAFXssMatch, Field: model.WAFFieldToMatch{Kind: model.WAFFieldJA3Fingerprint, FallbackBehavior: "NO_MATCH"},
							Transformations: []model.WAFTextTransformation{{Type: "NONE"}}},
						{Kind: model.WAFIPSetReference, ARN: "arn:ips",
							ForwardedIP: &model.WAFForwardedIPConfig{HeaderName: "X-Forwarded-For", FallbackBehavior: "MATCH", Position: "ANY"}},
						{Kind: model.WAFGeoMatch, CountryCodes: []string{"FR", "DE"},
							ForwardedIP: &model.WAFForwardedIPConfig{HeaderName: "X-Real-IP", FallbackBehavior: "NO_MATCH"}},
						{Kind: model.WAFAsnMatch, ASNs: []int64{64512, 4200000000}},
						{Kind: model.WAFLabelMatch, LabelScope: "NAMESPACE", LabelKey: "awswaf:managed:aws:"},
						{Kind: model.WAFOr, Statements: []*model.WAFStatement{byteMatch("")}},
					},
				}},
				{Name: "rate", Priority: 3, Action: model.WAFAction{Kind: model.WAFChallenge}, Statement: &model.WAFStatement{
					Kind: model.WAFRateBased, RateLimit: 100, EvaluationWindowSec: 60, AggregateKeyType: "CUSTOM_KEYS", CustomKeyCount: 2,
					ScopeDown: byteMatch("scope"),
				}},
				{Name: "managed", Priority: 4, Override: model.WAFOverrideCount, Statement: &model.WAFStatement{
					Kind: model.WAFManagedRuleGroup, VendorName: "AWS", Name: "AWSManagedRulesCommonRuleSet", Version: "Version_1.0",
					ExcludedRules:       []string{"SizeRestrictions_BODY"},
					RuleActionOverrides: []model.WAFRuleActionOverride{{Name: "NoUserAgent_HEADER", Action: model.WAFAction{Kind: model.WAFBlock, ResponseCode: 429}}},
					ScopeDown:           &model.WAFStatement{Kind: model.WAFLabelMatch, LabelScope: "LABEL", LabelKey: "x"},
				}},
			},
			PreProcessRuleGroups: []model.WAFRule{{Name: "fms-pre", Override: model.WAFOverrideNone,
				Statement: &model.WAFStatement{Kind: model.WAFRuleGroupReference, ARN: "arn:wg"}}},
			PostProcessRuleGroups: []model.WAFRule{{Name: "fms-post", Priority: 9, Override: model.WAFOverrideNone,
				Statement: &model.WAFStatement{Kind: model.WAFRuleGroupReference, ARN: "arn:wg"}}},
			LabelNamespace: "awswaf:111122223333:webacl:acl:",
			BodyLimits:     []model.WAFBodyLimit{{ResourceType: "CLOUDFRONT", Bytes: 65536}},
			Path:           "acl.json: WebACL",
		}},
		IPSets: []model.IPSet{
			{Name: "ips", ID: "i1", ARN: "arn:ips", Description: "office", IPAddressVersion: "IPV4", Addresses: []netip.Prefix{pfx("192.0.2.0/24"), pfx("198.51.100.7/32")}},
			{ARN: "arn:ips6", IPAddressVersion: "IPV6", Addresses: []netip.Prefix{pfx("2001:db8::/32")}},
		},
		RegexPatternSets: []model.RegexPatternSet{{Name: "rx", ID: "r1", ARN: "arn:rx", Description: "bots", Patterns: []string{"bot", "^curl/"}}},
		WAFRuleGroups: []model.WAFRuleGroup{{
			Name: "wg", ID: "g1", ARN: "arn:wg", Description: "group", LabelNamespace: "awswaf:111122223333:rulegroup:wg:", Capacity: 50,
			Rules: []model.WAFRule{{Name: "uri", Action: model.WAFAction{Kind: model.WAFAllow}, Statement: &model.WAFStatement{
				Kind: model.WAFByteMatch, SearchString: []byte("/admin"), PositionalConstraint: "STARTS_WITH",
				Field: model.WAFFieldToMatch{Kind: model.WAFFieldURIPath}, Transformations: []model.WAFTextTransformation{{Type: "NORMALIZE_PATH"}}}}},
			Path: "group.json: RuleGroup",
		}},
		WebACLAssociations: []model.WebACLAssociation{
			{WebACLARN: "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/acl/a1", ResourceARN: "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/1"},
		},
	}
}

// TestLayersRoundTrip checks model -> API -> model is exact for the route,
// Network Firewall and WAF objects, in binary and in proto JSON.
func TestLayersRoundTrip(t *testing.T) {
	t.Parallel()
	want := richLayers()
	pc := ModelToNetworkConfig(want)
	got, err := NetworkConfigToModel(pc)
	if err != nil {
		t.Fatalf("NetworkConfigToModel(ModelToNetworkConfig(cfg)): %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the config:\n got %+v\nwant %+v", got, want)
	}
	// The API form is a fixed point too.
	if again := ModelToNetworkConfig(got); !proto.Equal(again, pc) {
		t.Errorf("API round trip changed the config:\n got %v\nwant %v", again, pc)
	}
	js, err := protojson.Marshal(pc)
	if err != nil {
		t.Fatal(err)
	}
	bin, err := proto.Marshal(pc)
	if err != nil {
		t.Fatal(err)
	}
	for name, dec := range map[string]func(m proto.Message) error{
		"JSON":   func(m proto.Message) error { return protojson.Unmarshal(js, m) },
		"binary": func(m proto.Message) error { return proto.Unmarshal(bin, m) },
	} {
		var back netverdictv1.NetworkConfig
		if err := dec(&back); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := NetworkConfigToModel(&back)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s round trip changed the config:\n got %+v\nwant %+v", name, got, want)
		}
	}
}

// TestRichLayersSetsEveryField fails when a model type of the new layers
// has a field richLayers leaves zero everywhere: then the round trip test
// would not notice a conversion that forgets it. Add the field to
// richLayers (and to the conversion).
func TestRichLayersSetsEveryField(t *testing.T) {
	t.Parallel()
	set := map[string]bool{} // "Type.Field" seen non-zero
	all := map[string]bool{} // every "Type.Field" reached
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for it := v.MapRange(); it.Next(); {
				walk(it.Value())
			}
		case reflect.Struct:
			if v.Type().PkgPath() != reflect.TypeFor[model.Config]().PkgPath() {
				return // netip.Prefix and friends
			}
			for i := range v.NumField() {
				key := v.Type().Name() + "." + v.Type().Field(i).Name
				all[key] = true
				if !v.Field(i).IsZero() {
					set[key] = true
				}
				walk(v.Field(i))
			}
		}
	}
	cfg := richLayers()
	for _, f := range []any{cfg.RouteTables, cfg.Firewalls, cfg.FirewallPolicies, cfg.FirewallRuleGroups, cfg.WebACLs,
		cfg.IPSets, cfg.RegexPatternSets, cfg.WAFRuleGroups, cfg.WebACLAssociations} {
		walk(reflect.ValueOf(f))
	}
	for key := range all {
		if !set[key] {
			t.Errorf("richLayers never sets %s", key)
		}
	}
	if len(all) < 100 {
		t.Errorf("walk reached only %d fields", len(all))
	}
}

// TestLayersCoverFields fails when a model struct gains a field that
// config_layers.go (or the flow conversion) does not know: update the
// conversion, richLayers / richFlow, then the count here.
func TestLayersCoverFields(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		v    any
		want int
	}{
		{model.Config{}, 16},
		{model.RouteTable{}, 8},
		{model.Route{}, 9},
		{model.Tag{}, 2},
		{model.RouteAssociation{}, 3},
		{model.GatewayAssociation{}, 2},
		{model.Firewall{}, 6},
		{model.FirewallEndpoint{}, 3},
		{model.FirewallPolicy{}, 10},
		{model.FirewallRuleGroupRef{}, 3},
		{model.FirewallRuleGroup{}, 12},
		{model.StatelessRule{}, 9},
		{model.TCPFlagMatch{}, 3},
		{model.PortRange{}, 2},
		{model.StatefulRule{}, 8},
		{model.RuleOption{}, 2},
		{model.DomainList{}, 3},
		{model.WebACL{}, 11},
		{model.WAFBodyLimit{}, 2},
		{model.WAFAction{}, 2},
		{model.WAFRule{}, 7},
		{model.WAFStatement{}, 28},
		{model.WAFRuleActionOverride{}, 2},
		{model.WAFForwardedIPConfig{}, 3},
		{model.WAFTextTransformation{}, 2},
		{model.WAFFieldToMatch{}, 9},
		{model.IPSet{}, 6},
		{model.RegexPatternSet{}, 5},
		{model.WAFRuleGroup{}, 8},
		{model.WebACLAssociation{}, 2},
		{model.Flow{}, 15},
		{model.HTTPRequest{}, 11},
		{model.HTTPHeader{}, 2},
	} {
		if n := reflect.TypeOf(tt.v).NumField(); n != tt.want {
			t.Errorf("%T has %d fields, apiconv knows %d: update the conversion of this type", tt.v, n, tt.want)
		}
	}
}

// TestLayerEnumTables checks that each table mapping a model enum to an
// API enum pairs values of the same name and covers both enums once.
func TestLayerEnumTables(t *testing.T) {
	t.Parallel()
	norm := func(s string) string {
		s = strings.TrimPrefix(s, "aws:")
		s = strings.TrimSuffix(s, "Statement")
		return strings.ToUpper(strings.NewReplacer("_", "", "-", "").Replace(s))
	}
	check := func(name string, n int, modelName func(i int) string, api func(i int) protoreflect.Enum, prefix string) {
		t.Helper()
		seen := map[protoreflect.EnumNumber]bool{}
		var ed protoreflect.EnumDescriptor
		for i := range n {
			e := api(i)
			ed = e.Descriptor()
			seen[e.Number()] = true
			apiName := strings.TrimPrefix(string(ed.Values().ByNumber(e.Number()).Name()), prefix)
			mn := modelName(i)
			if i == 0 {
				mn = "UNSPECIFIED" // each model's zero value is "none"/"unknown"
			}
			if norm(apiName) != norm(mn) {
				t.Errorf("%s: model %q maps to %s%s", name, mn, prefix, apiName)
			}
		}
		if len(seen) != n || ed.Values().Len() != n {
			t.Errorf("%s: %d model values, %d distinct API values, API enum has %d", name, n, len(seen), ed.Values().Len())
		}
	}
	check("route targets", len(routeTargets), func(i int) string { return model.RouteTarget(i).String() },
		func(i int) protoreflect.Enum { return routeTargets[i] }, "ROUTE_TARGET_TYPE_")
	check("stateless actions", len(statelessActions), func(i int) string { return model.StatelessAction(i).String() },
		func(i int) protoreflect.Enum { return statelessActions[i] }, "STATELESS_ACTION_")
	check("WAF actions", len(wafActionKinds), func(i int) string { return model.WAFActionKind(i).String() },
		func(i int) protoreflect.Enum { return wafActionKinds[i] }, "WAF_ACTION_KIND_")
	check("WAF overrides", len(wafOverrideKinds), func(i int) string { return model.WAFOverrideKind(i).String() },
		func(i int) protoreflect.Enum { return wafOverrideKinds[i] }, "WAF_OVERRIDE_ACTION_")
	check("WAF statements", len(wafStatementKinds), func(i int) string { return model.WAFStatementKind(i).String() },
		func(i int) protoreflect.Enum { return wafStatementKinds[i] }, "WAF_STATEMENT_KIND_")
	check("WAF fields", len(wafFieldKinds), func(i int) string { return model.WAFFieldKind(i).String() },
		func(i int) protoreflect.Enum { return wafFieldKinds[i] }, "WAF_FIELD_KIND_")
	// The model enums end where the tables do.
	for name, s := range map[string]string{
		"route target":   model.RouteTarget(len(routeTargets)).String(),
		"WAF action":     model.WAFActionKind(len(wafActionKinds)).String(),
		"WAF override":   model.WAFOverrideKind(len(wafOverrideKinds)).String(),
		"WAF statement":  model.WAFStatementKind(len(wafStatementKinds)).String(),
		"WAF field":      model.WAFFieldKind(len(wafFieldKinds)).String(),
		"stateless act.": model.StatelessAction(len(statelessActions)).String(),
	} {
		if s != "unknown" && s != "unspecified" && !strings.Contains(s, "(") {
			t.Errorf("%s enum has a value past the table: %s", name, s)
		}
	}
	// TCP flags: semantics §5.3 lists them in wire order, FIN = bit 0.
	names := []string{"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"}
	for i, n := range names {
		f := netverdictv1.TcpFlag(i + 1)
		if f.String() != "TCP_FLAG_"+n || tcpFlags[f] != 1<<i {
			t.Errorf("TCP flag %s: API %s, bit %#x", n, f, tcpFlags[f])
		}
	}
}

// configJSON parses a NetworkConfig in the proto JSON mapping.
func configJSON(t testing.TB, js string) *netverdictv1.NetworkConfig {
	t.Helper()
	var nc netverdictv1.NetworkConfig
	if err := protojson.Unmarshal([]byte(js), &nc); err != nil {
		t.Fatalf("protojson.Unmarshal(%s): %v", js, err)
	}
	return &nc
}

func TestLayersFromJSON(t *testing.T) {
	t.Parallel()
	// A hand-written config in the proto JSON mapping, as users write it.
	nc := configJSON(t, `{
	  "routeTables": [{"id": "rtb-1", "routes": [
	    {"destinationCidr": "10.0.0.5/16", "targetType": "ROUTE_TARGET_TYPE_LOCAL", "targetId": "local"},
	    {"destinationPrefixListId": "pl-1", "targetType": "ROUTE_TARGET_TYPE_VPC_ENDPOINT", "targetId": "vpce-1", "state": "ROUTE_STATE_BLACKHOLE"}],
	    "associations": [{"main": true}]}],
	  "firewallPolicies": [{"arn": "arn:p", "statelessDefaultActions": ["aws:forward_to_sfe"], "statelessFragmentDefaultActions": ["aws:drop"], "homeNet": {}}],
	  "firewallRuleGroups": [{"arn": "arn:g", "ipSets": {"A": {"definition": ["10.0.0.0/8"]}},
	    "statelessRules": [{"priority": 1, "action": "STATELESS_ACTION_PASS", "tcpFlags": [{"flags": ["TCP_FLAG_SYN"]}]}]}],
	  "webAcls": [{"arn": "arn:acl", "defaultAction": {"kind": "WAF_ACTION_KIND_ALLOW"}, "rules": [
	    {"name": "r", "action": {"kind": "WAF_ACTION_KIND_BLOCK"}, "statement": {"kind": "WAF_STATEMENT_KIND_BYTE_MATCH",
	      "searchString": "L2FkbWlu", "positionalConstraint": "STARTS_WITH", "fieldToMatch": {"kind": "WAF_FIELD_KIND_URI_PATH"},
	      "textTransformations": [{"type": "NONE"}]}}]}],
	  "webAclAssociations": [{"webAclArn": "arn:acl", "resourceArn": "arn:alb"}]
	}`)
	cfg, err := NetworkConfigToModel(nc)
	if err != nil {
		t.Fatal(err)
	}
	rt := cfg.RouteTables[0]
	if r := rt.Routes[0]; r.Destination != pfx("10.0.0.0/16") || r.Index != 0 || r.Target != model.RouteTargetLocal || r.State != model.RouteActive {
		t.Errorf("route 0 = %+v (want masked CIDR, local, active)", r)
	}
	if r := rt.Routes[1]; r.Index != 1 || r.PrefixListID != "pl-1" || r.Destination.IsValid() || r.State != model.RouteBlackhole {
		t.Errorf("route 1 = %+v", r)
	}
	if h := cfg.FirewallPolicies[0].HomeNet; h == nil || len(h) != 0 {
		t.Errorf("homeNet {} = %#v, want empty and non-nil (given, semantics §5.7)", h)
	}
	if m := cfg.FirewallRuleGroups[0].Stateless[0].TCPFlags[0]; m != (model.TCPFlagMatch{Flags: model.TCPFlagSYN}) {
		t.Errorf("TCP flags = %+v, want SYN with all eight masked (semantics §5.3)", m)
	}
	if s := cfg.WebACLs[0].Rules[0].Statement; string(s.SearchString) != "/admin" {
		t.Errorf("search string = %q: JSON bytes are base64, decoded once", s.SearchString)
	}
	if a := cfg.WebACLAssociations[0]; a.WebACLARN != "arn:acl" || a.ResourceARN != "arn:alb" {
		t.Errorf("association = %+v", a)
	}
}

func TestLayersInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		js   string
		want []string
	}{
		{
			name: "route tables",
			js: `{"routeTables": [{"id": "rtb-1", "routes": [
			  {"destinationCidr": "10.0.0.300/24", "targetType": "ROUTE_TARGET_TYPE_LOCAL", "targetId": "local"},
			  {"targetType": 99, "targetId": "x"},
			  {"destinationCidr": "0.0.0.0/0", "destinationPrefixListId": "pl-1", "state": 7, "origin": "Magic"}],
			  "associations": [{"subnetId": "subnet-1", "main": true}, {}],
			  "gatewayAssociations": [{"id": "rtbassoc-1"}], "propagatingVgwIds": [""], "tags": [{"value": "v"}]},
			  {"id": "rtb-1"}, {}]}`,
			want: []string{
				`route_tables[0].routes[0].destination_cidr: invalid CIDR "10.0.0.300/24"`,
				"route_tables[0].routes[1].destination_cidr: a destination is required: destination_cidr or destination_prefix_list_id",
				"route_tables[0].routes[1].target_type: unknown route target type 99",
				`route_tables[0].routes[2].destination_prefix_list_id: give destination_cidr or destination_prefix_list_id, not both`,
				"route_tables[0].routes[2].target_type: target type is required",
				"route_tables[0].routes[2].target_id: target id is required",
				"route_tables[0].routes[2].state: unknown route state 7",
				`route_tables[0].routes[2].origin: unknown value "Magic": want CreateRouteTable, CreateRoute, EnableVgwRoutePropagation`,
				"route_tables[0].associations[0].subnet_id: the main association names no subnet",
				"route_tables[0].associations[1].subnet_id: subnet id is required unless main is true",
				"route_tables[0].gateway_associations[0].gateway_id: gateway id is required",
				"route_tables[0].propagating_vgw_ids[0]: gateway id is empty",
				"route_tables[0].tags[0].key: tag key is required",
				`route_tables[1].id: duplicate id "rtb-1" (also route_tables[0])`,
				"route_tables[2].id: id is required",
			},
		},
		{
			name: "firewalls and policies",
			js: `{"firewalls": [{"arn": "arn:fw", "subnetIds": [""], "endpoints": [{"subnetId": "subnet-1"}]}, {"arn": "arn:fw"}],
			  "firewallPolicies": [{"arn": "arn:p",
			    "statelessRuleGroupReferences": [{"priority": 0}],
			    "statefulRuleGroupReferences": [{"resourceArn": "arn:g", "priority": 70000, "overrideAction": "ALERT"}],
			    "statelessDefaultActions": ["aws:pass", "aws:drop"], "statelessFragmentDefaultActions": ["aws:bogus", ""],
			    "statefulDefaultActions": ["aws:drop_all"], "ruleOrder": "RANDOM", "streamExceptionPolicy": "IGNORE",
			    "homeNet": {"definition": ["10.0.0.0/8", "bad"]}}, {}]}`,
			want: []string{
				"firewalls[0].subnet_ids[0]: subnet id is empty",
				"firewalls[0].endpoints[0].endpoint_id: endpoint id is required",
				`firewalls[1].arn: duplicate ARN "arn:fw" (also firewalls[0])`,
				"firewall_policies[0].stateless_rule_group_references[0].resource_arn: resource ARN is required",
				"firewall_policies[0].stateless_rule_group_references[0].priority: priority 0 out of range 1-65535",
				"firewall_policies[0].stateful_rule_group_references[0].priority: priority 70000 out of range 0-65535",
				`firewall_policies[0].stateful_rule_group_references[0].override_action: unknown value "ALERT": want DROP_TO_ALERT`,
				"firewall_policies[0].stateless_default_actions: want exactly one of aws:pass, aws:drop, aws:forward_to_sfe; got 2",
				`firewall_policies[0].stateless_fragment_default_actions[0]: unknown value "aws:bogus": want aws:pass, aws:drop, aws:forward_to_sfe`,
				"firewall_policies[0].stateless_fragment_default_actions[1]: action is empty",
				`firewall_policies[0].stateful_default_actions[0]: unknown value "aws:drop_all": want aws:drop_strict, aws:drop_established, aws:alert_strict, aws:alert_established, aws:drop_established_app_layer, aws:alert_established_app_layer, aws:drop_established_app_layer_to_server, aws:alert_established_app_layer_to_server`,
				`firewall_policies[0].rule_order: unknown value "RANDOM": want DEFAULT_ACTION_ORDER, STRICT_ORDER`,
				"firewall_policies[0].stateful_default_actions: stateful default actions need rule_order STRICT_ORDER",
				`firewall_policies[0].stream_exception_policy: unknown value "IGNORE": want DROP, CONTINUE, REJECT`,
				`firewall_policies[0].home_net.definition[1]: invalid CIDR "bad"`,
				"firewall_policies[1].arn: arn is required",
				"firewall_policies[1].stateless_default_actions: want exactly one of aws:pass, aws:drop, aws:forward_to_sfe; got 0",
				"firewall_policies[1].stateless_fragment_default_actions: want exactly one of aws:pass, aws:drop, aws:forward_to_sfe; got 0",
			},
		},
		{
			name: "firewall rule groups",
			js: `{"firewallRuleGroups": [{"arn": "arn:g", "type": "STATELESSISH", "ruleOrder": "x", "rulesString": "pass ip any any -> any any (sid:1;)",
			    "statelessRules": [{"priority": 0, "sources": ["10.0.0.0/33"], "destinationPorts": [{"fromPort": 443, "toPort": 80}, {"fromPort": 70000, "toPort": 70000}],
			      "protocols": [6, 256], "tcpFlags": [{"flags": ["TCP_FLAG_SYN", 12], "masks": [0]}], "customActions": [""]}],
			    "ipSetReferences": {"R": ""}},
			  {"arn": "arn:h", "statefulRules": [{"action": "ACCEPT", "direction": "BOTH", "options": [{"settings": ["1"]}]}],
			    "domainList": {"targets": [""], "targetTypes": ["DNS"], "generatedRulesType": "BLOCKLIST"}}]}`,
			want: []string{
				`firewall_rule_groups[0].type: unknown value "STATELESSISH": want STATELESS, STATEFUL, STATEFUL_DOMAIN`,
				`firewall_rule_groups[0].rule_order: unknown value "x": want DEFAULT_ACTION_ORDER, STRICT_ORDER`,
				"firewall_rule_groups[0]: a rule group has one rule source; got stateless_rules, rules_string",
				"firewall_rule_groups[0].ip_set_references[R]: reference ARN is required",
				`firewall_rule_groups[0].stateless_rules[0].sources[0]: invalid CIDR "10.0.0.0/33"`,
				"firewall_rule_groups[0].stateless_rules[0].destination_ports[0].to_port: to_port 80 is below from_port 443",
				"firewall_rule_groups[0].stateless_rules[0].destination_ports[1].from_port: port 70000 out of range 0-65535",
				"firewall_rule_groups[0].stateless_rules[0].priority: priority 0 out of range 1-65535",
				"firewall_rule_groups[0].stateless_rules[0].protocols[1]: protocol 256 out of range 0-255",
				"firewall_rule_groups[0].stateless_rules[0].tcp_flags[0].flags[1]: unknown TCP flag 12",
				"firewall_rule_groups[0].stateless_rules[0].tcp_flags[0].masks[0]: unknown TCP flag 0",
				"firewall_rule_groups[0].stateless_rules[0].action: action is required: STATELESS_ACTION_PASS, STATELESS_ACTION_DROP or STATELESS_ACTION_FORWARD_TO_SFE",
				"firewall_rule_groups[0].stateless_rules[0].custom_actions[0]: custom action name is empty",
				"firewall_rule_groups[1]: a rule group has one rule source; got stateful_rules, domain_list",
				`firewall_rule_groups[1].stateful_rules[0].action: unknown value "ACCEPT": want PASS, DROP, ALERT, REJECT`,
				`firewall_rule_groups[1].stateful_rules[0].direction: unknown value "BOTH": want FORWARD, ANY`,
				"firewall_rule_groups[1].stateful_rules[0].options[0].keyword: keyword is required",
				`firewall_rule_groups[1].domain_list.generated_rules_type: unknown value "BLOCKLIST": want ALLOWLIST, DENYLIST, REJECTLIST, ALERTLIST`,
				`firewall_rule_groups[1].domain_list.target_types[0]: unknown value "DNS": want TLS_SNI, HTTP_HOST`,
				"firewall_rule_groups[1].domain_list.targets[0]: target is empty",
			},
		},
		{
			name: "web ACL",
			js: `{"webAcls": [{"arn": "arn:acl", "defaultAction": {"kind": "WAF_ACTION_KIND_COUNT", "responseCode": 700},
			    "bodyLimits": [{"bytes": 0}],
			    "rules": [
			      {"name": "a", "priority": -1, "action": {"kind": 40}, "overrideAction": "WAF_OVERRIDE_ACTION_COUNT", "labels": [""]},
			      {"name": "b"},
			      {"name": "c", "action": {"kind": "WAF_ACTION_KIND_BLOCK"}, "statement": {"kind": "WAF_STATEMENT_KIND_AND", "statements": [
			        {"kind": "WAF_STATEMENT_KIND_BYTE_MATCH", "positionalConstraint": "CONTAINZ", "fieldToMatch": {"matchScope": "SOME", "oversizeHandling": "DROP",
			          "invalidFallbackBehavior": "X", "fallbackBehavior": "Y"}, "textTransformations": [{"priority": -1, "type": "ROT13"}]},
			        {"kind": 77, "comparisonOperator": "GTE", "size": -1, "sensitivityLevel": "MEDIUM", "labelScope": "ALL", "aggregateKeyType": "COOKIE",
			          "rateLimit": -5, "evaluationWindowSec": -60, "customKeyCount": -1, "forwardedIpConfig": {"fallbackBehavior": "MAYBE", "position": "MIDDLE"}},
			        {"scopeDownStatement": {"kind": "WAF_STATEMENT_KIND_XSS_MATCH", "fieldToMatch": {"kind": 99}},
			         "excludedRules": [""], "ruleActionOverrides": [{"action": {}}]}]}}]},
			  {"arn": "arn:acl"}]}`,
			want: []string{
				`web_acls[0].default_action.response_code: response code 700 out of range 200-599`,
				"web_acls[0].rules[0].action.kind: unknown WAF action 40",
				"web_acls[0].rules[0].priority: priority -1 is negative",
				"web_acls[0].rules[0].labels[0]: label is empty",
				"web_acls[0].rules[0].statement: statement is required",
				"web_acls[0].rules[1].action: a rule needs an action or an override action",
				"web_acls[0].rules[1].statement: statement is required",
				`web_acls[0].rules[2].statement.statements[0].field_to_match.kind: field kind is required`,
				`web_acls[0].rules[2].statement.statements[0].field_to_match.match_scope: unknown value "SOME": want ALL, KEY, VALUE`,
				`web_acls[0].rules[2].statement.statements[0].field_to_match.oversize_handling: unknown value "DROP": want CONTINUE, MATCH, NO_MATCH`,
				`web_acls[0].rules[2].statement.statements[0].field_to_match.invalid_fallback_behavior: unknown value "X": want MATCH, NO_MATCH, EVALUATE_AS_STRING`,
				`web_acls[0].rules[2].statement.statements[0].field_to_match.fallback_behavior: unknown value "Y": want MATCH, NO_MATCH`,
				`web_acls[0].rules[2].statement.statements[0].text_transformations[0].type: unknown text transformation type "ROT13"`,
				"web_acls[0].rules[2].statement.statements[0].text_transformations[0].priority: priority -1 is negative",
				`web_acls[0].rules[2].statement.statements[0].positional_constraint: unknown value "CONTAINZ": want EXACTLY, STARTS_WITH, ENDS_WITH, CONTAINS, CONTAINS_WORD`,
				"web_acls[0].rules[2].statement.statements[1].kind: unknown statement kind 77",
				`web_acls[0].rules[2].statement.statements[1].comparison_operator: unknown value "GTE": want EQ, NE, LE, LT, GE, GT`,
				`web_acls[0].rules[2].statement.statements[1].sensitivity_level: unknown value "MEDIUM": want LOW, HIGH`,
				`web_acls[0].rules[2].statement.statements[1].label_scope: unknown value "ALL": want LABEL, NAMESPACE`,
				`web_acls[0].rules[2].statement.statements[1].aggregate_key_type: unknown value "COOKIE": want IP, FORWARDED_IP, CUSTOM_KEYS, CONSTANT`,
				"web_acls[0].rules[2].statement.statements[1].size: size -1 is negative",
				"web_acls[0].rules[2].statement.statements[1].rate_limit: rate limit -5 is negative",
				"web_acls[0].rules[2].statement.statements[1].evaluation_window_sec: evaluation window -60 is negative",
				"web_acls[0].rules[2].statement.statements[1].custom_key_count: custom key count -1 is negative",
				"web_acls[0].rules[2].statement.statements[1].forwarded_ip_config.header_name: header name is required",
				`web_acls[0].rules[2].statement.statements[1].forwarded_ip_config.fallback_behavior: unknown value "MAYBE": want MATCH, NO_MATCH`,
				`web_acls[0].rules[2].statement.statements[1].forwarded_ip_config.position: unknown value "MIDDLE": want FIRST, LAST, ANY`,
				"web_acls[0].rules[2].statement.statements[2].kind: statement kind is required",
				"web_acls[0].rules[2].statement.statements[2].scope_down_statement.field_to_match.kind: unknown field kind 99",
				"web_acls[0].rules[2].statement.statements[2].excluded_rules[0]: rule name is empty",
				"web_acls[0].rules[2].statement.statements[2].rule_action_overrides[0].name: rule name is required",
				"web_acls[0].rules[2].statement.statements[2].rule_action_overrides[0].action.kind: action is required",
				"web_acls[0].default_action.kind: the default action is WAF_ACTION_KIND_ALLOW or WAF_ACTION_KIND_BLOCK",
				"web_acls[0].body_limits[0].resource_type: resource type is required",
				"web_acls[0].body_limits[0].bytes: body limit 0 is not positive",
				`web_acls[1].arn: duplicate ARN "arn:acl" (also web_acls[0])`,
				"web_acls[1].default_action.kind: the default action is WAF_ACTION_KIND_ALLOW or WAF_ACTION_KIND_BLOCK",
			},
		},
		{
			name: "WAF sets, groups and associations",
			js: `{"ipSets": [{"arn": "arn:i", "ipAddressVersion": "IPV4", "addresses": ["10.0.0.0/8", "2001:db8::/32", "0.0.0.0/0", "x"]}, {"arn": "arn:j"}],
			  "regexPatternSets": [{}, {"arn": "arn:r"}, {"arn": "arn:r"}],
			  "wafRuleGroups": [{"arn": "arn:g", "capacity": -1, "rules": [{"name": "r", "action": {"kind": "WAF_ACTION_KIND_ALLOW"}, "statement": {}}]}],
			  "webAclAssociations": [{"webAclArn": "arn:a", "resourceArn": "arn:alb"}, {"resourceArn": "arn:alb"}, {"webAclArn": "arn:a"}]}`,
			want: []string{
				`ip_sets[0].addresses[1]: address family does not match ip_address_version IPV4`,
				`ip_sets[0].addresses[2]: /0 is not allowed in an IP set`,
				`ip_sets[0].addresses[3]: invalid CIDR "x"`,
				"ip_sets[1].ip_address_version: a value is required: IPV4, IPV6",
				"regex_pattern_sets[0].arn: arn is required",
				`regex_pattern_sets[2].arn: duplicate ARN "arn:r" (also regex_pattern_sets[1])`,
				"waf_rule_groups[0].capacity: capacity -1 is negative",
				"waf_rule_groups[0].rules[0].statement.kind: statement kind is required",
				"web_acl_associations[1].web_acl_arn: web ACL ARN is required",
				`web_acl_associations[1].resource_arn: resource "arn:alb" already has a web ACL (web_acl_associations[0]): a resource has at most one`,
				"web_acl_associations[2].resource_arn: resource ARN is required",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := NetworkConfigToModel(configJSON(t, tt.js))
			if err == nil {
				t.Fatalf("no error; config %+v", cfg)
			}
			if cfg != nil {
				t.Errorf("config returned with an error")
			}
			var got []string
			for _, v := range Violations(err) {
				got = append(got, v.Error())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("violations:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tt.want, "\n     "))
			}
		})
	}
}

// TestWAFStatementDepth checks a hostile nesting depth is an error, not a
// stack overflow.
func TestWAFStatementDepth(t *testing.T) {
	t.Parallel()
	st := &netverdictv1.WafStatement{Kind: netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_LABEL_MATCH}
	for range maxStatementDepth + 5 {
		st = &netverdictv1.WafStatement{Kind: netverdictv1.WafStatementKind_WAF_STATEMENT_KIND_NOT, Statements: []*netverdictv1.WafStatement{st}}
	}
	nc := &netverdictv1.NetworkConfig{WebAcls: []*netverdictv1.WebAcl{{
		Arn: "arn:a", DefaultAction: &netverdictv1.WafAction{Kind: netverdictv1.WafActionKind_WAF_ACTION_KIND_ALLOW},
		Rules: []*netverdictv1.WafRule{{Name: "deep", Action: &netverdictv1.WafAction{Kind: netverdictv1.WafActionKind_WAF_ACTION_KIND_BLOCK}, Statement: st}},
	}}}
	_, err := NetworkConfigToModel(nc)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("statements nest deeper than %d levels", maxStatementDepth)) {
		t.Errorf("err = %v", err)
	}
}

// richFlow sets every field FlowToProto writes.
func richFlow() model.Flow {
	f := baseFlow()
	f.ID = "f1"
	f.Source.IP, f.Destination.IP = addr("198.51.100.7"), addr("10.0.1.5")
	f.Destination.ResourceARN = "arn:alb"
	f.Protocol, f.SourcePort, f.DestinationPort = 6, 50000, 443
	f.State, f.EstablishedTracking = model.StateEstablished, model.TrackingTracked
	f.TLSServerName = "example.com"
	f.Fragmented = true
	f.AppProtocol = "tls"
	f.HTTP = &model.HTTPRequest{
		Method: "POST", URIPath: "/login", QueryString: "a=1&b=2", URIFragment: "top",
		Headers:        []model.HTTPHeader{{Name: "Host", Value: "example.com"}, {Name: "X-Empty"}},
		Body:           []byte(`{"user":"x"}`),
		JA3Fingerprint: "769,47-53,0-10,23,0", JA4Fingerprint: "t13d1516h2_8daaf6152771_b186095e22b6",
		CaptchaTokenValid: true, ChallengeTokenValid: true,
		RateLimitedRules: []string{"rate", "*"},
	}
	return f
}

// TestFlowHTTPRoundTrip checks FlowFromProto(FlowToProto(f)) == f with
// every HTTP, TLS and fragment field set, and without http.
func TestFlowHTTPRoundTrip(t *testing.T) {
	t.Parallel()
	plain := richFlow()
	plain.HTTP = nil
	for _, want := range []model.Flow{richFlow(), plain} {
		pf := FlowToProto(&want)
		got, err := FlowFromProto(pf, 0)
		if err != nil {
			t.Fatalf("FlowFromProto(FlowToProto(f)): %v", err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("round trip:\n got %+v %+v\nwant %+v %+v", got, got.HTTP, want, want.HTTP)
		}
	}
	if pf := FlowToProto(&plain); pf.Http != nil || pf.Ja3Fingerprint != "" {
		t.Errorf("flow without HTTP wrote %v", pf)
	}
}

func TestFlowHTTPInvalid(t *testing.T) {
	t.Parallel()
	base := `"source":{"ip":"198.51.100.7"},"destination":{"ip":"10.0.1.5"},"protocol":"tcp","destinationPort":443`
	tests := []struct {
		name string
		js   string
		want []string
	}{
		{
			name: "fingerprints without http",
			js:   `{` + base + `,"ja3Fingerprint":"769,47","ja4Fingerprint":"t13d"}`,
			want: []string{
				`flows[3].ja3_fingerprint: ja3_fingerprint needs http: fingerprints are part of the WAF request`,
				`flows[3].ja4_fingerprint: ja4_fingerprint needs http: fingerprints are part of the WAF request`,
			},
		},
		{
			name: "request fields",
			js: `{` + base + `,"http":{"method":"GE T","uriPath":"login","rateLimitedRules":[""],
			  "headers":[{"name":"Host","value":"x"},{"name":"X:Y"},{"value":"v"},{"name":"a\u0001"},{"name":":authority"}]}}`,
			want: []string{
				`flows[3].http.method: method "GE T" is not an HTTP token`,
				`flows[3].http.uri_path: uri_path "login" must start with "/"`,
				`flows[3].http.headers[1].name: header name "X:Y" is not an HTTP token (no ':', spaces or control characters)`,
				"flows[3].http.headers[2].name: header name is required",
				"flows[3].http.headers[3].name: header name \"a\\x01\" is not an HTTP token (no ':', spaces or control characters)",
				`flows[3].http.headers[4].name: header name ":authority" is not an HTTP token (no ':', spaces or control characters)`,
				"flows[3].http.rate_limited_rules[0]: rule name is empty",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := FlowFromProto(flowJSON(t, tt.js), 3)
			var got []string
			for _, v := range Violations(err) {
				got = append(got, v.Error())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("violations:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tt.want, "\n     "))
			}
		})
	}
	// The body limit: at the limit is fine, one byte more is not.
	pf := flowJSON(t, `{`+base+`,"http":{"method":"POST"}}`)
	pf.Http.Body = make([]byte, MaxHTTPBodyBytes)
	if _, err := FlowFromProto(pf, 0); err != nil {
		t.Errorf("body at the limit: %v", err)
	}
	pf.Http.Body = append(pf.Http.Body, 'x')
	_, err := FlowFromProto(pf, 0)
	if vs := Violations(err); len(vs) != 1 || vs[0].Field != "flows[0].http.body" {
		t.Errorf("body over the limit: %v", err)
	}
}

// FuzzNetworkConfigLayers feeds arbitrary bytes, as proto JSON and wire
// format, through NetworkConfigToModel: it must not panic, errors must be
// field errors, and an accepted config must survive the round trip
// through ModelToNetworkConfig exactly (the server stores snapshots that
// way).
func FuzzNetworkConfigLayers(f *testing.F) {
	if js, err := protojson.Marshal(ModelToNetworkConfig(richLayers())); err == nil {
		f.Add(js)
	}
	if bin, err := proto.Marshal(ModelToNetworkConfig(richLayers())); err == nil {
		f.Add(bin)
	}
	f.Add([]byte(`{"routeTables":[{"id":"r","routes":[{"destinationCidr":"10.0.0.0/8","targetType":1,"targetId":"local"}]}]}`))
	f.Add([]byte(`{"firewallPolicies":[{"arn":"a","statelessDefaultActions":["aws:pass"],"statelessFragmentDefaultActions":["aws:pass"],"homeNet":{}}]}`))
	f.Add([]byte(`{"webAcls":[{"arn":"a","defaultAction":{"kind":1},"rules":[{"action":{"kind":2},"statement":{"kind":13,"statements":[{"kind":10}]}}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var nc netverdictv1.NetworkConfig
		if protojson.Unmarshal(data, &nc) == nil {
			checkConfigRoundTrip(t, &nc)
		}
		nc.Reset()
		if proto.Unmarshal(data, &nc) == nil {
			checkConfigRoundTrip(t, &nc)
		}
	})
}

func checkConfigRoundTrip(t *testing.T, nc *netverdictv1.NetworkConfig) {
	cfg, err := NetworkConfigToModel(nc)
	if err != nil {
		vs := Violations(err)
		if len(vs) == 0 {
			t.Fatalf("error without field errors: %v", err)
		}
		for _, v := range vs {
			if v.Description == "" {
				t.Fatalf("field error without description: %+v", v)
			}
		}
		return
	}
	back, err := NetworkConfigToModel(ModelToNetworkConfig(cfg))
	if err != nil {
		t.Fatalf("accepted config fails after ModelToNetworkConfig: %v", err)
	}
	if !reflect.DeepEqual(back, cfg) {
		t.Fatalf("round trip changed the config:\n got %+v\nwant %+v", back, cfg)
	}
}

// FuzzFlowHTTPRoundTrip feeds arbitrary flows (proto JSON and wire format)
// through FlowFromProto; every accepted flow must come back unchanged from
// FlowToProto, HTTP request and fingerprints included.
func FuzzFlowHTTPRoundTrip(f *testing.F) {
	rf := richFlow()
	if js, err := protojson.Marshal(FlowToProto(&rf)); err == nil {
		f.Add(js)
	}
	f.Add([]byte(`{"source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.0.2"},"protocol":"tcp","destinationPort":80,"http":{},"ja4Fingerprint":"x"}`))
	f.Add([]byte(`{"source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.0.2"},"protocol":"udp","destinationPort":53,"fragmented":true,"tlsServerName":"a"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var pf netverdictv1.Flow
		for _, dec := range []func() error{
			func() error { return protojson.Unmarshal(data, &pf) },
			func() error { return proto.Unmarshal(data, &pf) },
		} {
			pf.Reset()
			if dec() != nil {
				continue
			}
			fl, err := FlowFromProto(&pf, 0)
			if err != nil {
				continue
			}
			back, err := FlowFromProto(FlowToProto(&fl), 0)
			if err != nil {
				t.Fatalf("accepted flow fails after FlowToProto: %v", err)
			}
			if !reflect.DeepEqual(back, fl) {
				t.Fatalf("round trip changed the flow:\n got %+v %+v\nwant %+v %+v", back, back.HTTP, fl, fl.HTTP)
			}
		}
	})
}

// BenchmarkLayersToModel measures converting the rich route, Network
// Firewall and WAF config from the API (done once per snapshot compile).
func BenchmarkLayersToModel(b *testing.B) {
	pc := ModelToNetworkConfig(richLayers())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NetworkConfigToModel(pc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLayersToProto measures the reverse (done once per snapshot
// store).
func BenchmarkLayersToProto(b *testing.B) {
	cfg := richLayers()
	b.ReportAllocs()
	for b.Loop() {
		ModelToNetworkConfig(cfg)
	}
}
