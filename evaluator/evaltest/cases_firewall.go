package evaltest

import (
	"net/netip"

	"github.com/netverdict/netverdict/evaluator/model"
)

// The Network Firewall cases (spec §5, aws §3.1-3.4, §5) add to the base
// network the Network Firewall guide's single-zone internet-gateway
// architecture (withFirewall):
//
//	subnet-fw   10.0.0.0/28   acl-fw (open)   firewall fw, endpoint vpce-fw
//	rtb-a       subnet-a:  10.0.0.0/16 -> local, 0.0.0.0/0 -> vpce-fw
//	rtb-fw      subnet-fw: 10.0.0.0/16 -> local, 0.0.0.0/0 -> igw-1
//	rtb-main    main table (subnet-b, subnet-c): 10.0.0.0/16 -> local, 0.0.0.0/0 -> igw-1
//	rtb-edge    igw-1's edge table: 10.0.0.0/16 -> local, 10.0.1.0/24 -> vpce-fw
//
// The policy (fwPolicy) forwards every packet to the stateful engine,
// whose group fwWeb (DEFAULT_ACTION_ORDER) passes HTTPS out of and into
// HOME_NET (the VPC, 10.0.0.0/16) and drops SSH:
//
//	pass tcp $HOME_NET any -> $EXTERNAL_NET 443 (msg:"https out"; sid:100;)
//	pass tcp $EXTERNAL_NET any -> $HOME_NET 443 (msg:"https in"; sid:101;)
//	drop tcp any any -> any 22 (msg:"no ssh"; sid:200;)

const (
	fwPolicy    = "arn:aws:network-firewall:us-east-1:111122223333:firewall-policy/inspect"
	fwWeb       = "arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/web"
	fwStrict    = "arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/strict"
	fwStateless = "arn:aws:network-firewall:us-east-1:111122223333:stateless-rulegroup/edge"
)

// withFirewall adds the firewall architecture above to the base network.
func withFirewall() mod {
	return func(cfg *model.Config) {
		cfg.Subnets = append(cfg.Subnets, model.Subnet{ID: "subnet-fw", VPCID: "vpc-1", CIDRs: prefixes("10.0.0.0/28")})
		cfg.NetworkACLs = append(cfg.NetworkACLs, model.NetworkACL{ID: "acl-fw", VPCID: "vpc-1",
			Associations: []model.NACLAssociation{{ID: "aclassoc-fw", SubnetID: "subnet-fw"}}, Entries: openEntries()})
		cfg.RouteTables = []model.RouteTable{
			{ID: "rtb-a", VPCID: "vpc-1", Routes: routes("10.0.0.0/16 local", "0.0.0.0/0 vpce-fw"),
				Associations: []model.RouteAssociation{{ID: "rtbassoc-a", SubnetID: "subnet-a"}}},
			{ID: "rtb-fw", VPCID: "vpc-1", Routes: routes("10.0.0.0/16 local", "0.0.0.0/0 igw-1"),
				Associations: []model.RouteAssociation{{ID: "rtbassoc-fw", SubnetID: "subnet-fw"}}},
			{ID: "rtb-main", VPCID: "vpc-1", Routes: routes("10.0.0.0/16 local", "0.0.0.0/0 igw-1"),
				Associations: []model.RouteAssociation{{ID: "rtbassoc-main", Main: true}}},
			{ID: "rtb-edge", VPCID: "vpc-1", Routes: routes("10.0.0.0/16 local", "10.0.1.0/24 vpce-fw"),
				GatewayAssociations: []model.GatewayAssociation{{ID: "rtbassoc-edge", GatewayID: "igw-1"}}},
		}
		cfg.Firewalls = []model.Firewall{{Name: "fw", ARN: "arn:aws:network-firewall:us-east-1:111122223333:firewall/fw",
			VPCID: "vpc-1", PolicyARN: fwPolicy, SubnetIDs: []string{"subnet-fw"},
			Endpoints: []model.FirewallEndpoint{{AvailabilityZone: "us-east-1a", SubnetID: "subnet-fw", EndpointID: "vpce-fw"}}}}
		cfg.FirewallPolicies = []model.FirewallPolicy{{ARN: fwPolicy, Name: "inspect",
			StatelessDefaultActions:         []string{"aws:forward_to_sfe"},
			StatelessFragmentDefaultActions: []string{"aws:forward_to_sfe"},
			StatefulRefs:                    []model.FirewallRuleGroupRef{{ARN: fwWeb}},
			RuleOrder:                       "DEFAULT_ACTION_ORDER"}}
		cfg.FirewallRuleGroups = []model.FirewallRuleGroup{{ARN: fwWeb, Name: "web", Type: "STATEFUL",
			RulesString: `pass tcp $HOME_NET any -> $EXTERNAL_NET 443 (msg:"https out"; sid:100;)
pass tcp $EXTERNAL_NET any -> $HOME_NET 443 (msg:"https in"; sid:101;)
drop tcp any any -> any 22 (msg:"no ssh"; sid:200;)`}}
	}
}

// blockedRef replaces the web group's rules by one drop rule towards the
// IP set reference @BLOCKED, the VPC prefix list pl-blocked.
func blockedRef() mod {
	return func(cfg *model.Config) {
		g := &cfg.FirewallRuleGroups[0]
		g.RulesString = `drop tcp $HOME_NET any -> @BLOCKED any (msg:"blocked"; sid:300;)`
		g.IPSetReferences = map[string]string{"BLOCKED": "arn:aws:ec2:us-east-1:111122223333:prefix-list/pl-blocked"}
	}
}

// routes reads "DEST TARGET" routes: DEST a CIDR or a pl- id; TARGET
// "local", igw-…, vpce-… (GatewayId, as describe-route-tables prints
// firewall and gateway endpoints), "vpce-…/VpcEndpointId" for the other
// field, or "blackhole:vpce-…".
func routes(specs ...string) []model.Route {
	var out []model.Route
	for i, s := range specs {
		var dest, target string
		for k := range s {
			if s[k] == ' ' {
				dest, target = s[:k], s[k+1:]
				break
			}
		}
		r := model.Route{Index: i, TargetField: "GatewayId", Origin: model.RouteOriginCreateRoute}
		if len(dest) > 3 && dest[:3] == "pl-" {
			r.PrefixListID = dest
		} else {
			r.Destination = netip.MustParsePrefix(dest)
		}
		if len(target) > 10 && target[:10] == "blackhole:" {
			r.State, target = model.RouteBlackhole, target[10:]
		}
		if n := len(target) - len("/VpcEndpointId"); n > 0 && target[n:] == "/VpcEndpointId" {
			r.TargetField, target = "VpcEndpointId", target[:n]
		}
		r.TargetID = target
		switch {
		case target == "local":
			r.Target, r.Origin = model.RouteTargetLocal, model.RouteOriginCreateRouteTable
		case len(target) > 4 && target[:4] == "igw-":
			r.Target = model.RouteTargetInternetGateway
		case len(target) > 5 && target[:5] == "vpce-":
			r.Target = model.RouteTargetVPCEndpoint
		case len(target) > 4 && target[:4] == "nat-":
			r.Target, r.TargetField = model.RouteTargetNATGateway, "NatGatewayId"
		default:
			panic("evaltest: bad route target " + target)
		}
		out = append(out, r)
	}
	return out
}

// routeTable returns the route table id of cfg.
func routeTable(cfg *model.Config, id string) *model.RouteTable {
	for i := range cfg.RouteTables {
		if cfg.RouteTables[i].ID == id {
			return &cfg.RouteTables[i]
		}
	}
	panic("evaltest: no route table " + id)
}

// setRoutes replaces the routes of route table id.
func setRoutes(id string, specs ...string) mod {
	return func(cfg *model.Config) { routeTable(cfg, id).Routes = routes(specs...) }
}

// statelessOnly makes the policy stateless: no stateful group, the given
// default and fragment default actions, and a stateless group fwStateless
// with rules rs.
func statelessOnly(def, frag string, rs ...model.StatelessRule) mod {
	return func(cfg *model.Config) {
		p := &cfg.FirewallPolicies[0]
		p.StatelessDefaultActions, p.StatelessFragmentDefaultActions = []string{def}, []string{frag}
		p.StatefulRefs = nil
		p.StatelessRefs = []model.FirewallRuleGroupRef{{ARN: fwStateless, Priority: 10}}
		cfg.FirewallRuleGroups = append(cfg.FirewallRuleGroups, model.FirewallRuleGroup{ARN: fwStateless, Name: "edge",
			Type: "STATELESS", Stateless: rs})
	}
}

// eastWest routes subnet-a's traffic to subnet-b through the firewall
// (rtb-a 10.0.2.0/24 -> vpce-fw); both: subnet-b's replies too, by its
// own table rtb-b (10.0.1.0/24 -> vpce-fw).
func eastWest(both bool) mod {
	return func(cfg *model.Config) {
		t := routeTable(cfg, "rtb-a")
		t.Routes = routes("10.0.0.0/16 local", "0.0.0.0/0 vpce-fw", "10.0.2.0/24 vpce-fw/VpcEndpointId")
		if both {
			cfg.RouteTables = append(cfg.RouteTables, model.RouteTable{ID: "rtb-b", VPCID: "vpc-1",
				Routes:       routes("10.0.0.0/16 local", "0.0.0.0/0 igw-1", "10.0.1.0/24 vpce-fw/VpcEndpointId"),
				Associations: []model.RouteAssociation{{ID: "rtbassoc-b", SubnetID: "subnet-b"}}})
		}
	}
}

// --- expected firewall checks ---

// fwCheck is a NETWORK_FIREWALL check (no direction).
func fwCheck(leg model.Leg, res string, v model.Verdict, subject string, rules ...model.RuleRef) model.Check {
	return model.Check{Layer: model.LayerNetworkFirewall, Leg: leg, ResourceID: res, Verdict: v,
		Reason: model.Reason{Code: model.ReasonNetworkFirewall, Subject: subject}, Rules: rules}
}

// onPath is the start of a known endpoint's sentence (spec §5.2).
func onPath(route, table, from, why string) string {
	return "firewall fw (endpoint vpce-fw) is on the path by route " + route + " of " + table + " (" + from + "): " + why
}

// The routes that put vpce-fw on the paths of the cases.
const (
	viaA    = "0.0.0.0/0 -> vpce-fw (GatewayId)"
	viaEdge = "10.0.1.0/24 -> vpce-fw (GatewayId)"
	edgeOf  = "the internet gateway of vpc-1"
	toSFE   = "forwarded to the stateful engine by the policy's StatelessDefaultActions (aws:forward_to_sfe); "
	passed  = "passed by the policy's StatelessDefaultActions (aws:pass) (aws:pass: the stateful engine does not see these packets)"
)

// sid attributes a stateful rule of group arn.
func sid(arn string, n int32, msg string) model.RuleRef {
	return model.RuleRef{ResourceID: arn, RuleID: "sid:" + itoa(n), RuleNumber: n, Description: msg}
}

// statelessRule attributes a stateless rule of fwStateless.
func statelessRule(priority int32, action string) model.RuleRef {
	return model.RuleRef{ResourceID: fwStateless, RuleID: itoa(priority), RuleNumber: priority, Description: action}
}

// policyDefault attributes one of the policy's default actions.
func policyDefault(field, desc string) model.RuleRef {
	return model.RuleRef{ResourceID: fwPolicy, RuleID: field, Description: desc}
}

func itoa(n int32) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// fwSubnetIn / fwSubnetOut are the firewall subnet's open ACL checks
// around the firewall on the forward leg; fwSubnetRetIn / fwSubnetRetOut
// on the return leg (spec §5.2 items 1 and 3).
func fwSubnetIn() model.Check     { return openIn("acl-fw", false) }
func fwSubnetOut() model.Check    { return openOut("acl-fw", false) }
func fwSubnetRetIn() model.Check  { return openRetIn("acl-fw", false) }
func fwSubnetRetOut() model.Check { return openRetOut("acl-fw", false) }

// egressHTTPS is eni-a's outbound HTTPS to the internet (sgr on sg-a's
// new-group rule, tracked automatically through the firewall).
func egressHTTPS() model.Flow { return tcpFrom("eni-a", "198.51.100.7", 50000, 443) }

// firewallEgress is the expected decision of a flow from eni-a to the
// internet that crosses vpce-fw both ways, with firewall checks fwd and
// ret.
func firewallEgress(v model.Verdict, fwd, ret model.Check) model.Decision {
	return decision(v,
		newGroupOut("eni-a", "sg-a", false, automatic),
		openOut("acl-a", false),
		fwSubnetIn(), fwd, fwSubnetOut(),
		fwSubnetRetIn(), ret, fwSubnetRetOut(),
		openRetIn("acl-a", false))
}

// firewallEgressEstablished is firewallEgress for an ESTABLISHED flow: the
// security group check allows it as a tracked connection (spec §3).
func firewallEgressEstablished(v model.Verdict, fwd, ret model.Check) model.Decision {
	d := firewallEgress(v, fwd, ret)
	d.Checks[0] = sgOut("eni-a", allow, automatic, because(model.ReasonSGEstablishedTracked), sgr("sg-a", "sg-a/egress/0/0"))
	return d
}

func firewallCases() []Case {
	fwd, ret := model.LegForward, model.LegReturn
	allowed := because(model.ReasonSGAllowed)
	httpsIn := withIngress("sg-a", in("sgr-https", "tcp 443", cidr("0.0.0.0/0")))
	sshFromA := withIngress("sg-b", in("sgr-ssh", "tcp 22", cidr("10.0.1.0/24")))
	httpsFromA := withIngress("sg-b", in("sgr-https", "tcp 443", cidr("10.0.1.0/24")))
	sshDrop := "drop by stateful rule sid:200 of " + fwWeb + ` ("no ssh"): `
	return []Case{
		{
			Name: "firewall/igw-egress-architecture",
			Section: "spec §5.1-5.2, aws §3.1 single-zone IGW architecture: the app subnet's 0.0.0.0/0 -> vpce and the " +
				"edge table's app CIDR -> vpce put the firewall on both legs, between the subnet ACL checks",
			Config: base(withFirewall()),
			Flow:   egressHTTPS(),
			Want: firewallEgress(allow,
				fwCheck(fwd, fwPolicy, allow, onPath(viaA, "rtb-a", "subnet-a", toSFE+"stateful rule sid:100 of "+fwWeb+
					` ("https out") passes it: pass rule sid 100 matched the client SYN and passes the whole flow`), sid(fwWeb, 100, "https out")),
				fwCheck(ret, fwPolicy, allow, onPath(viaEdge, "rtb-edge", edgeOf, toSFE+"stateful rule sid:100 of "+fwWeb+
					` ("https out") passes it: pass rule sid 100 matched the client SYN and passes the whole flow`), sid(fwWeb, 100, "https out"))),
		},
		{
			Name: "firewall/inbound-through-edge-table",
			Section: "spec §5.1 step 1 (external source: the internet gateway's edge route table), aws §3.3 ingress routing; " +
				"spec §5.2 the security group is tracked automatically (without the firewall this rule pair is untracked)",
			Config: base(withFirewall(), httpsIn),
			Flow:   tcpFrom("198.51.100.7", "eni-a", 50000, 443),
			Want: decision(allow,
				fwSubnetIn(),
				fwCheck(fwd, fwPolicy, allow, onPath(viaEdge, "rtb-edge", edgeOf, toSFE+"stateful rule sid:101 of "+fwWeb+
					` ("https in") passes it: pass rule sid 101 matched the client SYN and passes the whole flow`), sid(fwWeb, 101, "https in")),
				fwSubnetOut(),
				openIn("acl-a", false),
				sgIn("eni-a", allow, automatic, allowed, sgr("sg-a", "sgr-https")),
				openRetOut("acl-a", false),
				fwSubnetRetIn(),
				fwCheck(ret, fwPolicy, allow, onPath(viaA, "rtb-a", "subnet-a", toSFE+"stateful rule sid:101 of "+fwWeb+
					` ("https in") passes it: pass rule sid 101 matched the client SYN and passes the whole flow`), sid(fwWeb, 101, "https in")),
				fwSubnetRetOut()),
		},
		{
			Name:    "firewall/east-west-local-route",
			Section: "spec §5.1 step 3, aws §3.1: east-west traffic follows the local route, which is no firewall hop",
			Config:  base(withFirewall(), sshFromA),
			Flow:    tcpFrom("eni-a", "eni-b", 40000, 22),
			Want: decision(allow,
				newGroupOut("eni-a", "sg-a", false, tracked),
				openOut("acl-a", false),
				openIn("acl-b", false),
				sgIn("eni-b", allow, tracked, allowed, sgr("sg-b", "sgr-ssh")),
				openRetOut("acl-b", false),
				openRetIn("acl-a", false)),
		},
		{
			Name: "firewall/east-west-more-specific-routes",
			Section: "spec §5.1 step 2 (longest prefix: a subnet route more specific than the local route), aws §3.1; " +
				"spec §5.3 a stateful drop rule denies both legs, attributed to its sid",
			Config: base(withFirewall(), eastWest(true), sshFromA),
			Flow:   tcpFrom("eni-a", "eni-b", 40000, 22),
			Want: decision(deny,
				newGroupOut("eni-a", "sg-a", false, automatic),
				openOut("acl-a", false),
				fwSubnetIn(),
				fwCheck(fwd, fwPolicy, deny, onPath("10.0.2.0/24 -> vpce-fw (VpcEndpointId)", "rtb-a", "subnet-a",
					toSFE+sshDrop+"matched drop rule sid 200 on the client SYN; the flow is dropped"), sid(fwWeb, 200, "no ssh")),
				fwSubnetOut(),
				openIn("acl-b", false),
				sgIn("eni-b", allow, automatic, allowed, sgr("sg-b", "sgr-ssh")),
				openRetOut("acl-b", false),
				fwSubnetRetIn(),
				fwCheck(ret, fwPolicy, deny, onPath("10.0.1.0/24 -> vpce-fw (VpcEndpointId)", "rtb-b", "subnet-b",
					toSFE+sshDrop+"the flow was dropped by drop rule sid 200 on the client SYN"), sid(fwWeb, 200, "no ssh")),
				fwSubnetRetOut(),
				openRetIn("acl-a", false)),
		},
		{
			Name: "firewall/asymmetric-routing",
			Section: "spec §5.3 asymmetric routing: only the forward leg crosses the firewall, whose stateful engine " +
				"sees one direction: INDETERMINATE (aws §3.4 symmetric routing is required)",
			Config: base(withFirewall(), eastWest(false), sshFromA),
			Flow:   tcpFrom("eni-a", "eni-b", 40000, 22),
			Want: decision(indet,
				newGroupOut("eni-a", "sg-a", false, automatic),
				openOut("acl-a", false),
				fwSubnetIn(),
				fwCheck(fwd, fwPolicy, indet, onPath("10.0.2.0/24 -> vpce-fw (VpcEndpointId)", "rtb-a", "subnet-a",
					"asymmetric routing: the other leg does not pass this firewall, so its stateful engine sees only one "+
						"direction of the connection (AWS requires symmetric routing through a firewall); "+
						toSFE+sshDrop+"matched drop rule sid 200 on the client SYN; the flow is dropped"), sid(fwWeb, 200, "no ssh")),
				fwSubnetOut(),
				openIn("acl-b", false),
				sgIn("eni-b", allow, automatic, allowed, sgr("sg-b", "sgr-ssh")),
				openRetOut("acl-b", false),
				openRetIn("acl-a", false)),
		},
		{
			Name:    "firewall/stateful-drop-egress",
			Section: "spec §5.3 stateful drop -> DENY on both legs with the rule group ARN, sid:N and msg (aws §5.4)",
			Config:  base(withFirewall()),
			Flow:    tcpFrom("eni-a", "198.51.100.7", 50000, 22),
			Want: firewallEgress(deny,
				fwCheck(fwd, fwPolicy, deny, onPath(viaA, "rtb-a", "subnet-a",
					toSFE+sshDrop+"matched drop rule sid 200 on the client SYN; the flow is dropped"), sid(fwWeb, 200, "no ssh")),
				fwCheck(ret, fwPolicy, deny, onPath(viaEdge, "rtb-edge", edgeOf,
					toSFE+sshDrop+"the flow was dropped by drop rule sid 200 on the client SYN"), sid(fwWeb, 200, "no ssh"))),
		},
		{
			Name: "firewall/action-order-no-match",
			Section: "spec §5.3 nothing matched in default action order: ALLOW with no rule (aws §5.4: no implicit drop " +
				"in action order)",
			Config: base(withFirewall(), httpsFromA, eastWest(true)),
			Flow:   tcpFrom("eni-a", "eni-b", 40000, 443),
			Want: decision(allow,
				newGroupOut("eni-a", "sg-a", false, automatic),
				openOut("acl-a", false),
				fwSubnetIn(),
				fwCheck(fwd, fwPolicy, allow, onPath("10.0.2.0/24 -> vpce-fw (VpcEndpointId)", "rtb-a", "subnet-a",
					toSFE+"no stateful rule matched (no implicit drop in action order)")),
				fwSubnetOut(),
				openIn("acl-b", false),
				sgIn("eni-b", allow, automatic, allowed, sgr("sg-b", "sgr-https")),
				openRetOut("acl-b", false),
				fwSubnetRetIn(),
				fwCheck(ret, fwPolicy, allow, onPath("10.0.1.0/24 -> vpce-fw (VpcEndpointId)", "rtb-b", "subnet-b",
					toSFE+"no stateful rule matched (no implicit drop in action order)")),
				fwSubnetRetOut(),
				openRetIn("acl-a", false)),
		},
		{
			Name: "firewall/unknown-vpce-target",
			Section: "spec §5.1 step 3: a vpce- target that is no firewall endpoint in the config (a Gateway Load Balancer " +
				"endpoint, a firewall not given) is an INDETERMINATE check naming the route and the endpoint",
			Config: base(withFirewall(), setRoutes("rtb-a", "10.0.0.0/16 local", "0.0.0.0/0 vpce-gwlb"),
				setRoutes("rtb-edge", "10.0.0.0/16 local", "10.0.1.0/24 vpce-gwlb")),
			Flow: egressHTTPS(),
			Want: decision(indet,
				newGroupOut("eni-a", "sg-a", false, tracked),
				openOut("acl-a", false),
				fwCheck(fwd, "vpce-gwlb", indet, "route 0.0.0.0/0 -> vpce-gwlb (GatewayId) of rtb-a (subnet-a) sends the traffic to "+
					"vpce-gwlb, which is not a firewall endpoint in the config (give describe-firewall output; Gateway Load Balancer appliances are not modelled)"),
				fwCheck(ret, "vpce-gwlb", indet, "route 10.0.1.0/24 -> vpce-gwlb (GatewayId) of rtb-edge (the internet gateway of vpc-1) sends the traffic to "+
					"vpce-gwlb, which is not a firewall endpoint in the config (give describe-firewall output; Gateway Load Balancer appliances are not modelled)"),
				openRetIn("acl-a", false)),
		},
		{
			Name: "firewall/nat-gateway-middlebox",
			Section: "spec §5.1 step 3: a route to a NAT gateway in a VPC with a firewall (the NFW guide's architecture with a NAT " +
				"gateway in front of the firewall) is an INDETERMINATE check naming the route: netverdict does not follow the " +
				"NAT gateway's own routing, and saying nothing would be a silent guess",
			Config: base(withFirewall(), setRoutes("rtb-a", "10.0.0.0/16 local", "0.0.0.0/0 nat-0abc")),
			Flow:   egressHTTPS(),
			Want: decision(indet,
				// Spec §5.2: the return leg crosses the endpoint, so the
				// connection is tracked automatically; spec §5.3: the
				// forward leg does not cross it (as far as netverdict
				// follows), hence asymmetric routing.
				newGroupOut("eni-a", "sg-a", false, automatic),
				openOut("acl-a", false),
				fwCheck(fwd, "nat-0abc", indet, "route 0.0.0.0/0 -> nat-0abc (NatGatewayId) of rtb-a (subnet-a) sends the traffic to "+
					"nat-0abc (nat-gateway); netverdict does not follow traffic through NAT gateways, transit gateways or appliances, so whether firewall fw is further on the path is not known"),
				fwSubnetRetIn(),
				fwCheck(ret, fwPolicy, indet, "firewall fw (endpoint vpce-fw) is on the path by route "+viaEdge+" of rtb-edge ("+edgeOf+"): "+
					"asymmetric routing: the other leg does not pass this firewall, so its stateful engine sees only one direction of the connection (AWS requires symmetric routing through a firewall); "+
					toSFE+"stateful rule sid:100 of "+fwWeb+` ("https out") passes it: pass rule sid 100 matched the client SYN and passes the whole flow`, sid(fwWeb, 100, "https out")),
				fwSubnetRetOut(),
				openRetIn("acl-a", false)),
		},
		{
			Name: "firewall/ip-set-reference-resolved",
			Section: "spec §5.3, aws §5.6: an @NAME IP set reference to a VPC prefix list resolves from the config's " +
				"prefix list entries; the drop rule then decides, attributed to its sid",
			Config: base(withFirewall(), prefixList("pl-blocked", "198.51.100.0/24"), blockedRef()),
			Flow:   egressHTTPS(),
			Want: firewallEgress(deny,
				fwCheck(fwd, fwPolicy, deny, onPath(viaA, "rtb-a", "subnet-a", toSFE+"drop by stateful rule sid:300 of "+fwWeb+
					` ("blocked"): matched drop rule sid 300 on the client SYN; the flow is dropped`), sid(fwWeb, 300, "blocked")),
				fwCheck(ret, fwPolicy, deny, onPath(viaEdge, "rtb-edge", edgeOf, toSFE+"drop by stateful rule sid:300 of "+fwWeb+
					` ("blocked"): the flow was dropped by drop rule sid 300 on the client SYN`), sid(fwWeb, 300, "blocked"))),
		},
		{
			Name: "firewall/prefix-list-route-is-gateway-endpoint",
			Section: "spec §5.1 step 3: a prefix-list route to a vpce- (an S3 gateway endpoint) wins by longest prefix " +
				"but is no firewall hop; without an edge table the reply follows the local route",
			Config: base(withFirewall(), prefixList("pl-s3", "52.216.0.0/15"),
				setRoutes("rtb-a", "10.0.0.0/16 local", "0.0.0.0/0 vpce-fw", "pl-s3 vpce-s3"),
				change(func(cfg *model.Config) { routeTable(cfg, "rtb-edge").GatewayAssociations = nil })),
			Flow: tcpFrom("eni-a", "52.216.8.1", 50000, 443),
			Want: decision(allow,
				newGroupOut("eni-a", "sg-a", false, tracked),
				openOut("acl-a", false),
				openRetIn("acl-a", false)),
		},
		{
			Name: "firewall/no-route-table",
			Section: "spec §5.1 step 1: a subnet with neither an associated nor a main route table, in a VPC with a " +
				"firewall, cannot be placed: one INDETERMINATE firewall check",
			Config: base(withFirewall(), change(func(cfg *model.Config) { routeTable(cfg, "rtb-main").Associations = nil })),
			Flow:   tcpFrom("eni-b", "198.51.100.7", 50000, 443),
			Want: decision(indet,
				newGroupOut("eni-b", "sg-b", false, tracked),
				openOut("acl-b", false),
				fwCheck(fwd, "", indet, "no route table is known for subnet-b (VPC vpc-1 has firewall fw): cannot tell whether the traffic passes the firewall"),
				openRetIn("acl-b", false)),
		},
		{
			Name:    "firewall/policy-missing",
			Section: "spec §5.3: a firewall whose policy is not in the config: every check of it is INDETERMINATE naming the policy",
			Config:  base(withFirewall(), change(func(cfg *model.Config) { cfg.FirewallPolicies = nil })),
			Flow:    egressHTTPS(),
			Want: firewallEgress(indet,
				fwCheck(fwd, fwPolicy, indet, onPath(viaA, "rtb-a", "subnet-a", "firewall policy "+fwPolicy+" of firewall fw is not in the config")),
				fwCheck(ret, fwPolicy, indet, onPath(viaEdge, "rtb-edge", edgeOf, "firewall policy "+fwPolicy+" of firewall fw is not in the config"))),
		},
		{
			Name: "firewall/stateless-drops-syn-only",
			Section: "spec §5.3 packets: a TCPFlags rule (SYN set, ACK clear) drops the forward SYN; the first dropped " +
				"packet decides (aws §5.3 TCPFlags with Masks), and the return leg has no reply to judge",
			Config: base(withFirewall(), statelessOnly("aws:pass", "aws:pass", model.StatelessRule{Priority: 1, Protocols: []uint8{6},
				TCPFlags: []model.TCPFlagMatch{{Flags: model.TCPFlagSYN, Masks: model.TCPFlagSYN | model.TCPFlagACK, MasksGiven: true}},
				Action:   model.StatelessDrop})),
			Flow: egressHTTPS(),
			Want: firewallEgress(deny,
				fwCheck(fwd, fwPolicy, deny, onPath(viaA, "rtb-a", "subnet-a", "the SYN is dropped by stateless rule priority 1 of "+fwStateless+" (aws:drop)"),
					statelessRule(1, "aws:drop")),
				fwCheck(ret, fwPolicy, deny, onPath(viaEdge, "rtb-edge", edgeOf, "no reply: the forward packets are dropped (the SYN is dropped by stateless rule priority 1 of "+fwStateless+" (aws:drop))"),
					statelessRule(1, "aws:drop"))),
		},
		{
			Name: "firewall/stateless-syn-rule-spares-established",
			Section: "spec §5.3 packets: an ESTABLISHED flow has no SYN, so the SYN rule does not drop it; the security " +
				"groups are tracked automatically (spec §5.2)",
			Config: base(withFirewall(), statelessOnly("aws:pass", "aws:pass", model.StatelessRule{Priority: 1, Protocols: []uint8{6},
				TCPFlags: []model.TCPFlagMatch{{Flags: model.TCPFlagSYN, Masks: model.TCPFlagSYN | model.TCPFlagACK, MasksGiven: true}},
				Action:   model.StatelessDrop})),
			Flow: established(egressHTTPS(), model.TrackingUnspecified),
			Want: firewallEgressEstablished(allow,
				fwCheck(fwd, fwPolicy, allow, onPath(viaA, "rtb-a", "subnet-a", passed), policyDefault("StatelessDefaultActions", "aws:pass")),
				fwCheck(ret, fwPolicy, allow, onPath(viaEdge, "rtb-edge", edgeOf, passed), policyDefault("StatelessDefaultActions", "aws:pass"))),
		},
		{
			Name: "firewall/stateless-drops-reply-syn-ack",
			Section: "spec §5.3 packets: the return leg's SYN|ACK (source port 443) is dropped by a rule the forward " +
				"packets never match (aws §5.11 item 10: stateless rules are not symmetric)",
			Config: base(withFirewall(), statelessOnly("aws:pass", "aws:pass", model.StatelessRule{Priority: 5, Protocols: []uint8{6},
				SourcePorts: []model.PortRange{{From: 443, To: 443}},
				TCPFlags:    []model.TCPFlagMatch{{Flags: model.TCPFlagSYN | model.TCPFlagACK, Masks: model.TCPFlagSYN | model.TCPFlagACK, MasksGiven: true}},
				Action:      model.StatelessDrop})),
			Flow: egressHTTPS(),
			Want: firewallEgress(deny,
				fwCheck(fwd, fwPolicy, allow, onPath(viaA, "rtb-a", "subnet-a", passed), policyDefault("StatelessDefaultActions", "aws:pass")),
				fwCheck(ret, fwPolicy, deny, onPath(viaEdge, "rtb-edge", edgeOf, "the SYN|ACK is dropped by stateless rule priority 5 of "+fwStateless+" (aws:drop)"),
					statelessRule(5, "aws:drop"))),
		},
		{
			Name: "firewall/udp-fragment-default",
			Section: "spec §5.3 fragments: a UDP non-first fragment takes StatelessFragmentDefaultActions (aws §5.2 " +
				"\"only applies the fragment action setting to UDP packet fragments\")",
			Config: base(withFirewall(), statelessOnly("aws:pass", "aws:drop")),
			Flow:   fragmented(udpFrom("eni-a", "198.51.100.7", 50000, 53)),
			Want: firewallEgress(deny,
				fwCheck(fwd, fwPolicy, deny, onPath(viaA, "rtb-a", "subnet-a", "the non-first fragment is dropped by the policy's StatelessFragmentDefaultActions (aws:drop)"),
					policyDefault("StatelessFragmentDefaultActions", "aws:drop")),
				fwCheck(ret, fwPolicy, deny, onPath(viaEdge, "rtb-edge", edgeOf, "no reply: the forward packets are dropped (the non-first fragment is dropped by the policy's StatelessFragmentDefaultActions (aws:drop))"),
					policyDefault("StatelessFragmentDefaultActions", "aws:drop"))),
		},
		{
			Name: "firewall/tcp-fragment-silent-drop",
			Section: "spec §5.3 fragments: non-first fragments of other protocols are dropped silently, whatever the " +
				"fragment default (aws §5.2 \"silently drops packet fragments for other protocols\"): no rule",
			Config: base(withFirewall(), statelessOnly("aws:pass", "aws:pass")),
			Flow:   fragmented(egressHTTPS()),
			Want: firewallEgress(deny,
				fwCheck(fwd, fwPolicy, deny, onPath(viaA, "rtb-a", "subnet-a", "the non-first fragment is dropped: Network Firewall drops fragments of protocols other than UDP silently")),
				fwCheck(ret, fwPolicy, deny, onPath(viaEdge, "rtb-edge", edgeOf, "no reply: the forward packets are dropped (the non-first fragment is dropped: Network Firewall drops fragments of protocols other than UDP silently)"))),
		},
		{
			Name: "firewall/no-source-port-segments",
			Section: "spec §5.3 a TCP flow without a source port: the stateless rules' port ranges cut the ephemeral " +
				"range into segments whose outcomes differ: INDETERMINATE listing them (spec §2 ephemeral sweep for the ACLs)",
			Config: base(withFirewall(), statelessOnly("aws:drop", "aws:drop",
				model.StatelessRule{Priority: 10, Protocols: []uint8{6}, SourcePorts: []model.PortRange{{From: 1024, To: 32767}}, Action: model.StatelessPass},
				model.StatelessRule{Priority: 20, Protocols: []uint8{6}, DestinationPorts: []model.PortRange{{From: 1024, To: 32767}}, Action: model.StatelessPass})),
			Flow: tcp("eni-a", "198.51.100.7", 443),
			Want: decision(indet,
				newGroupOut("eni-a", "sg-a", false, automatic),
				openOut("acl-a", false),
				fwSubnetIn(),
				fwCheck(fwd, fwPolicy, indet, onPath(viaA, "rtb-a", "subnet-a",
					"the flow gives no source port and the firewall's verdict depends on it (client ports 1024-32767: ALLOW, 32768-65535: DENY): give source_port")),
				fwSubnetOut(),
				retIn("acl-fw", allow, over(model.ReasonNACLPortsAll, ports(1024, 65535)), entry("acl-fw", 100)),
				fwCheck(ret, fwPolicy, indet, onPath(viaEdge, "rtb-edge", edgeOf,
					"the flow gives no source port and the firewall's verdict depends on it (client ports 1024-32767: ALLOW, 32768-65535: DENY): give source_port")),
				retOut("acl-fw", allow, over(model.ReasonNACLPortsAll, ports(1024, 65535)), entry("acl-fw", 100)),
				retIn("acl-a", allow, over(model.ReasonNACLPortsAll, ports(1024, 65535)), entry("acl-a", 100))),
		},
		{
			Name: "firewall/strict-order-drop-established",
			Section: "spec §5.3 strict order: no rule passes an ESTABLISHED flow to port 80, so aws:drop_established " +
				"drops its data (aws §5.4), attributed to StatefulDefaultActions",
			Config: base(withFirewall(), strictOrder()),
			Flow:   established(tcpFrom("eni-a", "198.51.100.7", 50000, 80), model.TrackingUnspecified),
			Want: firewallEgressEstablished(deny,
				fwCheck(fwd, fwPolicy, deny, onPath(viaA, "rtb-a", "subnet-a",
					toSFE+"no rule passed the client data; default action aws:drop_established drops it"),
					policyDefault("StatefulDefaultActions", "no rule passed the client data; default action aws:drop_established drops it")),
				fwCheck(ret, fwPolicy, deny, onPath(viaEdge, "rtb-edge", edgeOf,
					toSFE+"no rule passed the server data; default action aws:drop_established drops it"),
					policyDefault("StatefulDefaultActions", "no rule passed the server data; default action aws:drop_established drops it"))),
		},
		{
			Name:    "firewall/strict-order-pass-rule",
			Section: "spec §5.3 strict order: the group's pass rule decides before the default action (aws §5.4)",
			Config:  base(withFirewall(), strictOrder()),
			Flow:    established(egressHTTPS(), model.TrackingUnspecified),
			Want: firewallEgressEstablished(allow,
				fwCheck(fwd, fwPolicy, allow, onPath(viaA, "rtb-a", "subnet-a", toSFE+"stateful rule sid:300 of "+fwStrict+
					` ("https out") passes it: pass rule sid 300 matched the client SYN and passes the whole flow`), sid(fwStrict, 300, "https out")),
				fwCheck(ret, fwPolicy, allow, onPath(viaEdge, "rtb-edge", edgeOf, toSFE+"stateful rule sid:300 of "+fwStrict+
					` ("https out") passes it: pass rule sid 300 matched the client SYN and passes the whole flow`), sid(fwStrict, 300, "https out"))),
		},
		{
			Name:    "firewall/firewall-subnet-acl-denies",
			Section: "spec §5.2 item 1: the firewall subnet's network ACL is checked as the packets enter it (aws §3.1, §2)",
			Config: base(withFirewall(), entries("acl-fw",
				nin(90, "deny", "tcp 443", "0.0.0.0/0"), nin(100, "allow", "-1", "0.0.0.0/0"), nout(100, "allow", "-1", "0.0.0.0/0"))),
			Flow: egressHTTPS(),
			Want: decision(deny,
				newGroupOut("eni-a", "sg-a", false, automatic),
				openOut("acl-a", false),
				aclIn("acl-fw", deny, because(model.ReasonNACLEntry), entry("acl-fw", 90)),
				fwCheck(fwd, fwPolicy, allow, onPath(viaA, "rtb-a", "subnet-a", toSFE+"stateful rule sid:100 of "+fwWeb+
					` ("https out") passes it: pass rule sid 100 matched the client SYN and passes the whole flow`), sid(fwWeb, 100, "https out")),
				fwSubnetOut(),
				fwSubnetRetIn(),
				fwCheck(ret, fwPolicy, allow, onPath(viaEdge, "rtb-edge", edgeOf, toSFE+"stateful rule sid:100 of "+fwWeb+
					` ("https out") passes it: pass rule sid 100 matched the client SYN and passes the whole flow`), sid(fwWeb, 100, "https out")),
				fwSubnetRetOut(),
				openRetIn("acl-a", false)),
		},
	}
}

// fragmented marks a flow as carrying non-first fragments.
func fragmented(f model.Flow) model.Flow { f.Fragmented = true; return f }

// strictOrder makes the policy STRICT_ORDER with aws:drop_established and
// one group fwStrict passing HTTPS out of HOME_NET.
func strictOrder() mod {
	return func(cfg *model.Config) {
		p := &cfg.FirewallPolicies[0]
		p.RuleOrder = "STRICT_ORDER"
		p.StatefulDefaultActions = []string{"aws:drop_established"}
		p.StatefulRefs = []model.FirewallRuleGroupRef{{ARN: fwStrict, Priority: 1}}
		cfg.FirewallRuleGroups = append(cfg.FirewallRuleGroups, model.FirewallRuleGroup{ARN: fwStrict, Name: "strict",
			Type: "STATEFUL", RuleOrder: "STRICT_ORDER",
			RulesString: `pass tcp $HOME_NET any -> $EXTERNAL_NET 443 (msg:"https out"; sid:300;)`})
	}
}

// chain adds firewall endpoints vpce-fw2 (subnet-fw2, 10.0.0.16/28) and
// vpce-fw3 (subnet-fw3, 10.0.0.32/28) to firewall fw, and routes the
// firewall subnets' traffic to the internet through all three endpoints
// in turn: rtb-fw 0.0.0.0/0 -> vpce-fw2, rtb-fw2 -> vpce-fw3, rtb-fw3 ->
// igw-1. The new subnets use the VPC's default ACL.
func chain() mod {
	return func(cfg *model.Config) {
		cfg.Subnets = append(cfg.Subnets,
			model.Subnet{ID: "subnet-fw2", VPCID: "vpc-1", CIDRs: prefixes("10.0.0.16/28")},
			model.Subnet{ID: "subnet-fw3", VPCID: "vpc-1", CIDRs: prefixes("10.0.0.32/28")})
		fw := &cfg.Firewalls[0]
		fw.SubnetIDs = append(fw.SubnetIDs, "subnet-fw2", "subnet-fw3")
		fw.Endpoints = append(fw.Endpoints,
			model.FirewallEndpoint{AvailabilityZone: "us-east-1b", SubnetID: "subnet-fw2", EndpointID: "vpce-fw2"},
			model.FirewallEndpoint{AvailabilityZone: "us-east-1c", SubnetID: "subnet-fw3", EndpointID: "vpce-fw3"})
		routeTable(cfg, "rtb-fw").Routes = routes("10.0.0.0/16 local", "0.0.0.0/0 vpce-fw2")
		cfg.RouteTables = append(cfg.RouteTables,
			model.RouteTable{ID: "rtb-fw2", VPCID: "vpc-1", Routes: routes("10.0.0.0/16 local", "0.0.0.0/0 vpce-fw3"),
				Associations: []model.RouteAssociation{{ID: "rtbassoc-fw2", SubnetID: "subnet-fw2"}}},
			model.RouteTable{ID: "rtb-fw3", VPCID: "vpc-1", Routes: routes("10.0.0.0/16 local", "0.0.0.0/0 igw-1"),
				Associations: []model.RouteAssociation{{ID: "rtbassoc-fw3", SubnetID: "subnet-fw3"}}})
	}
}

// firewallEdgeCases are the cases where the compiled evaluator once
// departed from docs/semantics.md (found by the differential fuzzer and
// the reference transcription): three hops that end at a gateway, a
// random pick among prefix-list routes naming the endpoint, port segments
// listed when one of them is undecidable.
func firewallEdgeCases() []Case {
	fwd, ret := model.LegForward, model.LegReturn
	passedVia := func(route, table, from, ep string) model.Check {
		return fwCheck(fwd, fwPolicy, allow, "firewall fw (endpoint "+ep+") is on the path by route "+route+" of "+table+" ("+from+"): "+passed,
			policyDefault("StatelessDefaultActions", "aws:pass"))
	}
	return []Case{
		{
			Name: "firewall/three-hops-are-not-a-loop",
			Section: "spec §5.1 step 4 \"at most 3 hops; more is reported INDETERMINATE as a loop\": three endpoints in a " +
				"row, then the internet gateway, is no loop (the compiled evaluator reported one after any third hop)",
			Config: base(withFirewall(), statelessOnly("aws:pass", "aws:pass"), chain()),
			Flow:   egressHTTPS(),
			Want: decision(allow,
				newGroupOut("eni-a", "sg-a", false, automatic),
				openOut("acl-a", false),
				fwSubnetIn(), passedVia(viaA, "rtb-a", "subnet-a", "vpce-fw"), fwSubnetOut(),
				openIn("acl-default", false), passedVia("0.0.0.0/0 -> vpce-fw2 (GatewayId)", "rtb-fw", "subnet-fw", "vpce-fw2"), openOut("acl-default", false),
				openIn("acl-default", false), passedVia("0.0.0.0/0 -> vpce-fw3 (GatewayId)", "rtb-fw2", "subnet-fw2", "vpce-fw3"), openOut("acl-default", false),
				fwSubnetRetIn(),
				fwCheck(ret, fwPolicy, allow, onPath(viaEdge, "rtb-edge", edgeOf, passed), policyDefault("StatelessDefaultActions", "aws:pass")),
				fwSubnetRetOut(),
				openRetIn("acl-a", false)),
		},
		{
			Name: "firewall/random-pick-names-the-vpce",
			Section: "spec §5.1 step 3 and §5.2 \"An INDETERMINATE hop of 5.1 is one NETWORK_FIREWALL check (resource = the " +
				"vpce- id)\": prefix lists with the same CIDR to igw-1 and to vpce-fw are a random pick (the compiled evaluator " +
				"named the winning route's target, igw-1)",
			Config: base(withFirewall(), prefixList("pl-web", "198.51.100.0/24"), prefixList("pl-web2", "198.51.100.0/24"),
				setRoutes("rtb-a", "10.0.0.0/16 local", "pl-web igw-1", "pl-web2 vpce-fw"),
				change(func(cfg *model.Config) { routeTable(cfg, "rtb-edge").GatewayAssociations = nil })),
			Flow: egressHTTPS(),
			Want: decision(indet,
				newGroupOut("eni-a", "sg-a", false, tracked),
				openOut("acl-a", false),
				fwCheck(fwd, "vpce-fw", indet, "route table rtb-a of subnet-a may send the traffic to vpce-fw (AWS picks among prefix-list routes with the same CIDR)"),
				openRetIn("acl-a", false)),
		},
		{
			Name: "firewall/segments-listed-when-one-is-undecidable",
			Section: "spec §5.3 \"different outcomes (verdict or rule) make the leg INDETERMINATE listing the segments\", " +
				"also when the first segment is the undecidable one (the compiled evaluator kept that segment's reason)",
			Config: base(withFirewall(), statelessOnly("aws:drop", "aws:drop",
				model.StatelessRule{Priority: 10, Protocols: []uint8{6}, SourcePorts: []model.PortRange{{From: 1024, To: 32767}}, Action: model.StatelessForwardToSFE}),
				change(func(cfg *model.Config) {
					cfg.FirewallPolicies[0].StatefulRefs = []model.FirewallRuleGroupRef{{ARN: fwWeb}}
					g := &cfg.FirewallRuleGroups[0]
					g.IPSetReferences = map[string]string{"PEERS": "arn:aws:ec2:us-east-1:111122223333:prefix-list/pl-peers"}
					g.RulesString = `drop tcp any any -> @PEERS any (msg:"peers"; sid:1;)`
				})),
			Flow: tcp("eni-a", "198.51.100.7", 443),
			Want: decision(deny,
				newGroupOut("eni-a", "sg-a", false, automatic),
				openOut("acl-a", false),
				fwSubnetIn(),
				fwCheck(fwd, fwPolicy, indet, onPath(viaA, "rtb-a", "subnet-a",
					"the flow gives no source port and the firewall's verdict depends on it (client ports 1024-32767: INDETERMINATE, 32768-65535: DENY): give source_port")),
				fwSubnetOut(),
				retIn("acl-fw", allow, over(model.ReasonNACLPortsAll, ports(1024, 65535)), entry("acl-fw", 100)),
				fwCheck(ret, fwPolicy, deny, onPath(viaEdge, "rtb-edge", edgeOf, "the SYN|ACK is dropped by the policy's StatelessDefaultActions (aws:drop)"),
					policyDefault("StatelessDefaultActions", "aws:drop")),
				retOut("acl-fw", allow, over(model.ReasonNACLPortsAll, ports(1024, 65535)), entry("acl-fw", 100)),
				retIn("acl-a", allow, over(model.ReasonNACLPortsAll, ports(1024, 65535)), entry("acl-a", 100))),
		},
	}
}
