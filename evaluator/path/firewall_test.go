package path

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/model"
)

// fwConfig is the Network Firewall guide's single-zone internet-gateway
// architecture (reference §3.1, §3.3): VPC 10.0.0.0/16, an application
// subnet 10.0.1.0/24 routed to the firewall endpoint (0.0.0.0/0 ->
// vpce-fw), the firewall subnet 10.0.0.0/28 routed to the internet
// gateway, and the gateway's edge route table sending the application
// subnet's traffic back through the endpoint. A second application subnet
// 10.0.2.0/24 reaches the first one by the local route (no firewall) unless
// eastWest adds the more-specific routes. The policy forwards everything
// to the stateful engine, which has a TLS SNI allowlist for .example.com.
func fwConfig(eastWest bool, policy *model.FirewallPolicy) *model.Config {
	allowAll := []model.NACLEntry{
		entry(100, false, model.ProtoAll, true, "0.0.0.0/0", 0, 0),
		entry(100, true, model.ProtoAll, true, "0.0.0.0/0", 0, 0),
	}
	open := []model.SGRule{
		cidrPeer(model.SGRule{Protocol: model.ProtoAll, ProtocolText: "-1"}, "0.0.0.0/0"),
		egress(cidrPeer(model.SGRule{Protocol: model.ProtoAll, ProtocolText: "-1"}, "0.0.0.0/0")),
	}
	appRoutes := []model.Route{
		{Destination: pfx("10.0.0.0/16"), Target: model.RouteTargetLocal, TargetID: "local", TargetField: "GatewayId", Origin: model.RouteOriginCreateRouteTable},
		{Index: 1, Destination: pfx("0.0.0.0/0"), Target: model.RouteTargetVPCEndpoint, TargetID: "vpce-fw", TargetField: "GatewayId"},
	}
	app2Routes := append([]model.Route(nil), appRoutes...)
	if eastWest {
		appRoutes = append(appRoutes, model.Route{Index: 2, Destination: pfx("10.0.2.0/24"), Target: model.RouteTargetVPCEndpoint, TargetID: "vpce-fw", TargetField: "VpcEndpointId"})
		app2Routes = append(app2Routes, model.Route{Index: 2, Destination: pfx("10.0.1.0/24"), Target: model.RouteTargetVPCEndpoint, TargetID: "vpce-fw", TargetField: "VpcEndpointId"})
	}
	if policy == nil {
		policy = &model.FirewallPolicy{ARN: "arn:policy/egress", Name: "egress",
			StatelessDefaultActions: []string{"aws:forward_to_sfe"}, StatelessFragmentDefaultActions: []string{"aws:forward_to_sfe"},
			StatefulRefs: []model.FirewallRuleGroupRef{{ARN: "arn:group/allow-tls"}}, RuleOrder: "DEFAULT_ACTION_ORDER"}
	}
	return &model.Config{
		VPCs: []model.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}},
		Subnets: []model.Subnet{
			{ID: "subnet-fw", VPCID: "vpc-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/28")}},
			{ID: "subnet-app", VPCID: "vpc-1", CIDRs: []netip.Prefix{pfx("10.0.1.0/24")}},
			{ID: "subnet-app2", VPCID: "vpc-1", CIDRs: []netip.Prefix{pfx("10.0.2.0/24")}},
		},
		Interfaces: []model.Interface{
			{ID: "eni-app", SubnetID: "subnet-app", VPCID: "vpc-1", PrivateIPs: []netip.Addr{addr("10.0.1.10")}, SecurityGroupIDs: []string{"sg-open"}},
			{ID: "eni-app2", SubnetID: "subnet-app2", VPCID: "vpc-1", PrivateIPs: []netip.Addr{addr("10.0.2.10")}, SecurityGroupIDs: []string{"sg-open"}},
		},
		SecurityGroups: []model.SecurityGroup{{ID: "sg-open", VPCID: "vpc-1", Rules: open}},
		NetworkACLs: []model.NetworkACL{
			{ID: "acl-default", VPCID: "vpc-1", IsDefault: true, Entries: allowAll},
			{ID: "acl-fw", VPCID: "vpc-1", Associations: []model.NACLAssociation{{ID: "aclassoc-1", SubnetID: "subnet-fw"}}, Entries: allowAll},
		},
		RouteTables: []model.RouteTable{
			{ID: "rtb-app", VPCID: "vpc-1", Routes: appRoutes, Associations: []model.RouteAssociation{{ID: "rtbassoc-app", SubnetID: "subnet-app"}}},
			{ID: "rtb-app2", VPCID: "vpc-1", Routes: app2Routes, Associations: []model.RouteAssociation{{ID: "rtbassoc-app2", SubnetID: "subnet-app2"}}},
			{ID: "rtb-fw", VPCID: "vpc-1", Routes: []model.Route{
				{Destination: pfx("10.0.0.0/16"), Target: model.RouteTargetLocal, TargetID: "local", TargetField: "GatewayId", Origin: model.RouteOriginCreateRouteTable},
				{Index: 1, Destination: pfx("0.0.0.0/0"), Target: model.RouteTargetInternetGateway, TargetID: "igw-1", TargetField: "GatewayId"},
			}, Associations: []model.RouteAssociation{{ID: "rtbassoc-fw", SubnetID: "subnet-fw"}, {ID: "rtbassoc-main", Main: true}}},
			{ID: "rtb-edge", VPCID: "vpc-1", Routes: []model.Route{
				{Destination: pfx("10.0.0.0/16"), Target: model.RouteTargetLocal, TargetID: "local", TargetField: "GatewayId", Origin: model.RouteOriginCreateRouteTable},
				{Index: 1, Destination: pfx("10.0.1.0/24"), Target: model.RouteTargetVPCEndpoint, TargetID: "vpce-fw", TargetField: "GatewayId"},
			}, GatewayAssociations: []model.GatewayAssociation{{ID: "rtbassoc-edge", GatewayID: "igw-1"}}},
		},
		Firewalls: []model.Firewall{{Name: "fw", ARN: "arn:firewall/fw", VPCID: "vpc-1", PolicyARN: policy.ARN,
			SubnetIDs: []string{"subnet-fw"}, Endpoints: []model.FirewallEndpoint{{AvailabilityZone: "us-east-1a", SubnetID: "subnet-fw", EndpointID: "vpce-fw"}}}},
		FirewallPolicies: []model.FirewallPolicy{*policy},
		FirewallRuleGroups: []model.FirewallRuleGroup{
			{ARN: "arn:group/allow-tls", Type: "STATEFUL", DomainList: &model.DomainList{Targets: []string{".example.com"}, TargetTypes: []string{"TLS_SNI"}, GeneratedRulesType: "ALLOWLIST"}},
			{ARN: "arn:group/no-ssh", Type: "STATELESS", Stateless: []model.StatelessRule{
				{Priority: 10, Protocols: []uint8{6}, DestinationPorts: []model.PortRange{{From: 22, To: 22}}, Action: model.StatelessDrop},
				{Priority: 20, Protocols: []uint8{6}, SourcePorts: []model.PortRange{{From: 22, To: 22}}, Action: model.StatelessDrop},
			}},
		},
	}
}

// checkLine renders a check as "layer leg direction resource verdict rule".
func checkLine(c *model.Check) string {
	s := c.Layer.String() + " " + c.Leg.String() + " " + c.Direction.String() + " " + c.ResourceID + " " + c.Verdict.String()
	if len(c.Rules) > 0 {
		s += " " + c.Rules[0].ResourceID + "#" + c.Rules[0].RuleID
	}
	return s
}

// TestFirewallPlacement checks where routes put the firewall on each leg
// and the firewall's verdicts (reference §3.1-3.3, §5.2, §5.8).
func TestFirewallPlacement(t *testing.T) {
	sni := func(f model.Flow, name string) model.Flow { f.TLSServerName = name; return f }
	out := model.Flow{ID: "out", Source: model.Endpoint{InterfaceID: "eni-app"}, Destination: model.Endpoint{IP: addr("93.184.216.34")},
		Protocol: 6, SourcePort: 50000, DestinationPort: 443, ICMPType: -1, ICMPCode: -1}
	in := model.Flow{ID: "in", Source: model.Endpoint{IP: addr("198.51.100.7")}, Destination: model.Endpoint{InterfaceID: "eni-app"},
		Protocol: 6, SourcePort: 50000, DestinationPort: 22, ICMPType: -1, ICMPCode: -1}
	east := model.Flow{ID: "east", Source: model.Endpoint{InterfaceID: "eni-app"}, Destination: model.Endpoint{InterfaceID: "eni-app2"},
		Protocol: 6, SourcePort: 50000, DestinationPort: 22, ICMPType: -1, ICMPCode: -1}
	strict := &model.FirewallPolicy{ARN: "arn:policy/strict", StatelessDefaultActions: []string{"aws:forward_to_sfe"},
		StatelessFragmentDefaultActions: []string{"aws:forward_to_sfe"}, RuleOrder: "STRICT_ORDER",
		StatelessRefs: []model.FirewallRuleGroupRef{{ARN: "arn:group/no-ssh", Priority: 1}},
		StatefulRefs:  []model.FirewallRuleGroupRef{{ARN: "arn:group/allow-tls", Priority: 1}}}
	tests := []struct {
		name     string
		eastWest bool
		policy   *model.FirewallPolicy
		flow     model.Flow
		verdict  model.Verdict
		checks   []string
		reason   string // in the forward firewall check's reason
	}{
		{name: "egress to an allowed name passes the allowlist (§5.8)", flow: sni(out, "www.example.com"), verdict: model.VerdictAllow,
			checks: []string{
				"security-group forward egress eni-app ALLOW sg-open#",
				"network-acl forward egress acl-default ALLOW acl-default#100",
				"network-acl forward ingress acl-fw ALLOW acl-fw#100",
				"network-firewall forward unspecified arn:policy/egress ALLOW arn:group/allow-tls#sid:1",
				"network-acl forward egress acl-fw ALLOW acl-fw#100",
				"network-acl return ingress acl-fw ALLOW acl-fw#100",
				"network-firewall return unspecified arn:policy/egress ALLOW arn:group/allow-tls#sid:1",
				"network-acl return egress acl-fw ALLOW acl-fw#100",
				"network-acl return ingress acl-default ALLOW acl-default#100",
			},
			reason: "by route 0.0.0.0/0 -> vpce-fw (GatewayId) of rtb-app (subnet-app)"},
		{name: "egress to another name is dropped by the allowlist's generated drop rule (§5.8)", flow: sni(out, "evil.test"), verdict: model.VerdictDeny,
			reason: "sid:"},
		{name: "egress without SNI cannot be decided (§5.8: the allowlist judges the ClientHello)", flow: out, verdict: model.VerdictIndeterminate},
		{name: "inbound traffic passes the endpoint by the edge route table (§3.3)", flow: in, verdict: model.VerdictAllow,
			reason: "by route 10.0.1.0/24 -> vpce-fw (GatewayId) of rtb-edge (the internet gateway of vpc-1)"},
		{name: "east-west traffic follows the local route: no firewall (§3.1)", flow: east, verdict: model.VerdictAllow,
			checks: []string{
				"security-group forward egress eni-app ALLOW sg-open#",
				"network-acl forward egress acl-default ALLOW acl-default#100",
				"network-acl forward ingress acl-default ALLOW acl-default#100",
				"security-group forward ingress eni-app2 ALLOW sg-open#",
				"network-acl return egress acl-default ALLOW acl-default#100",
				"network-acl return ingress acl-default ALLOW acl-default#100",
			}},
		{name: "east-west traffic with more-specific routes crosses the firewall (§3.1)", eastWest: true, policy: strict, flow: east, verdict: model.VerdictDeny,
			reason: "dropped by stateless rule priority 10 of arn:group/no-ssh"},
		{name: "a stateless rule on the reply's source port drops the return leg (§5.11 item 10)", eastWest: true, policy: strict,
			flow: func() model.Flow { f := east; f.DestinationPort = 22; f.SourcePort = 40000; return f }(), verdict: model.VerdictDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Compile(fwConfig(tt.eastWest, tt.policy))
			if err != nil {
				t.Fatal(err)
			}
			var d model.Decision
			f := tt.flow
			if err := s.Evaluate(&f, model.Options{}, &d); err != nil {
				t.Fatal(err)
			}
			var lines []string
			var fwReason string
			for i := range d.Checks {
				c := &d.Checks[i]
				lines = append(lines, checkLine(c))
				if c.Layer == model.LayerNetworkFirewall && c.Leg == model.LegForward && fwReason == "" {
					fwReason = model.Describe(c, &f)
				}
			}
			if d.Verdict != tt.verdict {
				t.Errorf("verdict %s, want %s\n%s\nfirewall: %s", d.Verdict, tt.verdict, strings.Join(lines, "\n"), fwReason)
			}
			if tt.checks != nil && strings.Join(lines, "\n") != strings.Join(tt.checks, "\n") {
				t.Errorf("checks:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(tt.checks, "\n"))
			}
			if !strings.Contains(fwReason, tt.reason) {
				t.Errorf("firewall reason %q does not contain %q", fwReason, tt.reason)
			}
		})
	}
}
