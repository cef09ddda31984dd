package reference

import (
	"strconv"

	"github.com/netverdict/netverdict/evaluator/model"
)

// This file is spec §5.1-5.2 (aws §3.1-3.4): where a leg meets AWS Network
// Firewall endpoints, and the checks each endpoint adds to the path. The
// firewall's own verdict (spec §5.3) is in firewallverdict.go.

// maxFirewallHops is spec §5.1 step 4's bound: "at most 3 hops; more is
// reported INDETERMINATE as a loop".
const maxFirewallHops = 3

// fwHop is one firewall endpoint a leg crosses (spec §5.1), or a point
// where the walk cannot tell whether it crosses one (problem set).
type fwHop struct {
	// fw is the index of the firewall in cfg.Firewalls (-1 for a problem
	// hop) and endpoint its endpoint the route names.
	fw       int
	endpoint model.FirewallEndpoint
	// route, tableID and from say how the leg got there: the route, its
	// table, and whose table it is (a subnet id, or "the internet gateway
	// of vpc-…").
	route   model.Route
	tableID string
	from    string
	// problem makes the hop one INDETERMINATE NETWORK_FIREWALL check
	// naming resource (spec §5.2: "An INDETERMINATE hop of 5.1 is one
	// NETWORK_FIREWALL check (resource = the vpce- id, no rule)").
	problem, resource string
}

// firewallHops is spec §5.1 for the leg from a to b: the firewall
// endpoints its packets cross, in order. It is called only for legs that
// leave a subnet and only when the config has route tables.
func firewallHops(cfg *model.Config, a, b *endpoint) []fwHop {
	// "Legs inside one subnet (both endpoints internal, same known subnet)
	// are never routed: no firewall."
	if a.internal() && b.internal() && a.subnetID != "" && a.subnetID == b.subnetID {
		return nil
	}
	// "B's address: the resolved IP of step 1.4; for an interface addressed
	// by its public IP, its first private IPv4 address, since the internet
	// gateway translates before ingress routing".
	dst := b.ip
	if b.viaPublicIP {
		for _, p := range b.iface.PrivateIPs {
			if p.Is4() {
				dst = p
				break
			}
		}
	}

	// Step 1, "First table".
	var (
		table *model.RouteTable
		from  string
		vpc   string // the VPC of the table walked
	)
	switch {
	case a.internal():
		// "A internal with an unknown subnet: nothing."
		if a.subnetID == "" {
			return nil
		}
		vpc = routingVPC(cfg, a)
		from = a.subnetID
		table = subnetRouteTable(cfg, a.subnetID, vpc)
		if table == nil {
			// "When there is none: if some firewall is in that VPC, the
			// leg gets one INDETERMINATE firewall check ("no route table
			// is known for subnet-…"); else nothing."
			if vpc == "" {
				return nil
			}
			for _, fw := range cfg.Firewalls {
				if fw.VPCID == vpc {
					return []fwHop{{fw: -1, from: from, problem: "no route table is known for " + from + " (VPC " + vpc +
						" has firewall " + fw.Name + "): cannot tell whether the traffic passes the firewall"}}
				}
			}
			return nil
		}
	default:
		// "A external: the route table edge-associated with an internet
		// gateway (igw-…) in B's VPC; none: nothing (the local route
		// delivers)."
		vpc = routingVPC(cfg, b)
		table = edgeRouteTable(cfg, vpc)
		if table == nil {
			return nil
		}
		from = "the internet gateway of " + vpc
	}

	var hops []fwHop
	for {
		// Step 2, "Lookup".
		lk := lookupRoute(cfg, table, dst)
		// Step 3: is the route a firewall hop?
		h, isHop := hopOf(cfg, lk, from, vpc)
		if !isHop {
			return hops
		}
		if len(hops) == maxFirewallHops {
			// "at most 3 hops; more is reported INDETERMINATE as a loop".
			return append(hops, fwHop{fw: -1, from: from, problem: "routes send the traffic through more than " +
				strconv.Itoa(maxFirewallHops) + " firewall endpoints (a routing loop?)"})
		}
		hops = append(hops, h)
		if h.problem != "" || h.endpoint.SubnetID == "" {
			return hops
		}
		// Step 4: "After a firewall hop the packets leave the endpoint's
		// firewall subnet by that subnet's own route table: repeat from 2
		// with it".
		from = h.endpoint.SubnetID
		vpc = firewallSubnetVPC(cfg, from)
		table = subnetRouteTable(cfg, from, vpc)
		if table == nil {
			return hops
		}
	}
}

// hopOf is spec §5.1 step 3 for the lookup lk in the table of from.
func hopOf(cfg *model.Config, lk routeLookup, from, vpc string) (fwHop, bool) {
	h := fwHop{fw: -1, route: lk.route, tableID: lk.tableID, from: from}
	switch lk.outcome {
	case routeForward:
	case routeUndecidable:
		// "A lookup that cannot be decided (a prefix list with unknown
		// entries that could win; prefix-list routes AWS picks among at
		// random) gives an INDETERMINATE check when a vpce- target is
		// involved, else nothing."
		for _, c := range lk.candidates {
			if c.Target == model.RouteTargetVPCEndpoint {
				h.resource = c.TargetID
				h.problem = "route table " + lk.tableID + " of " + from + " may send the traffic to " + c.TargetID +
					" (AWS picks among prefix-list routes with the same CIDR)"
				return h, true
			}
		}
		if lk.unknownPL != "" && lk.route.Target == model.RouteTargetVPCEndpoint {
			h.resource = lk.route.TargetID
			h.problem = "route table " + lk.tableID + " of " + from + ": the route depends on prefix list " + lk.unknownPL +
				", whose entries are not in the config"
			return h, true
		}
		return h, false
	default:
		// "Blackhole routes and missing routes end the walk without a
		// check (routing is not a layer here)."
		return h, false
	}
	// "The route is a firewall hop when it forwards (not blackhole) to a
	// vpce-… target and its destination is a CIDR (a prefix-list route to a
	// vpce- is a gateway endpoint such as S3: no hop)." "Anything that is
	// not a hop (local, igw, nat, ...) ends the walk."
	r := lk.route
	if r.Target != model.RouteTargetVPCEndpoint || r.PrefixListID != "" {
		// "A route that forwards to a NAT gateway, a transit gateway, a
		// network interface or an instance while some firewall is in the
		// VPC of the walk: an INDETERMINATE check naming the route".
		switch r.Target {
		case model.RouteTargetNATGateway, model.RouteTargetTransitGateway, model.RouteTargetNetworkInterface, model.RouteTargetInstance:
			if vpc == "" {
				return h, false
			}
			for _, fw := range cfg.Firewalls {
				if fw.VPCID == vpc {
					h.resource = r.TargetID
					h.problem = "route " + r.String() + " of " + lk.tableID + " (" + from + ") sends the traffic to " + r.TargetID +
						" (" + r.Target.String() + "); netverdict does not follow traffic through NAT gateways, transit gateways or appliances, so whether firewall " +
						fw.Name + " is further on the path is not known"
					return h, true
				}
			}
		}
		return h, false
	}
	// "A vpce- target that is the endpoint of a firewall in the config
	// (describe-firewall's FirewallStatus.SyncStates) is that firewall; any
	// other vpce- CIDR target gives an INDETERMINATE check naming the route
	// and the endpoint".
	for fi := range cfg.Firewalls {
		for _, e := range cfg.Firewalls[fi].Endpoints {
			if e.EndpointID == r.TargetID {
				h.fw, h.endpoint = fi, e
				return h, true
			}
		}
	}
	h.resource = r.TargetID
	h.problem = "route " + r.String() + " of " + lk.tableID + " (" + from + ") sends the traffic to " + r.TargetID +
		", which is not a firewall endpoint in the config (give describe-firewall output; Gateway Load Balancer appliances are not modelled)"
	return h, true
}

// routingVPC is the VPC whose route tables an internal endpoint uses:
// "the VPC as in section 4", the subnet's VPCID, else (subnet absent or
// without a VPC id) the interface's.
func routingVPC(cfg *model.Config, e *endpoint) string {
	if e.subnetID != "" {
		for _, s := range cfg.Subnets {
			if s.ID == e.subnetID && s.VPCID != "" {
				return s.VPCID
			}
		}
	}
	if e.kind == kindInterface {
		return e.iface.VPCID
	}
	return ""
}

// firewallSubnetVPC is the VPC of a firewall subnet: the subnet's VPCID,
// else [inferred] the VPC of the firewalls that have an endpoint in it
// (the first that names one, in config order): describe-firewall's
// SubnetMappings place a firewall's subnets in its VPC.
func firewallSubnetVPC(cfg *model.Config, subnetID string) string {
	for _, s := range cfg.Subnets {
		if s.ID == subnetID && s.VPCID != "" {
			return s.VPCID
		}
	}
	for _, fw := range cfg.Firewalls {
		for _, e := range fw.Endpoints {
			if e.SubnetID == subnetID && fw.VPCID != "" {
				return fw.VPCID
			}
		}
	}
	return ""
}

// crossesFirewall reports whether a leg crosses a known endpoint of
// firewall fw; fw < 0: of any firewall.
func crossesFirewall(hops []fwHop, fw int) bool {
	for _, h := range hops {
		if h.problem == "" && (fw < 0 || h.fw == fw) {
			return true
		}
	}
	return false
}

// firewallChecks appends the checks of a leg's hops (spec §5.2), between
// the source subnet's egress ACL check and the destination subnet's
// ingress ACL check. pkt is the leg's packet (the request on the forward
// leg, the reply on the return leg), other the other leg's hops, and
// verdicts the firewalls' verdicts on the flow.
func firewallChecks(cfg *model.Config, d *model.Decision, f *model.Flow, leg model.Leg, hops, other []fwHop,
	pkt packet, ephemeral model.PortRange, verdicts *firewallJudge) error {
	for _, h := range hops {
		if h.problem != "" {
			add(d, model.Check{Layer: model.LayerNetworkFirewall, Leg: leg, ResourceID: h.resource,
				Verdict: model.VerdictIndeterminate, Reason: model.Reason{Code: model.ReasonNetworkFirewall, Subject: h.problem}})
			continue
		}
		fw := &cfg.Firewalls[h.fw]
		// The firewall subnet as a place on the path: its ACL is found as
		// any subnet's (spec §4), in the firewall's VPC.
		sub := endpoint{kind: kindFirewallSubnet, id: h.endpoint.EndpointID, subnetID: h.endpoint.SubnetID,
			vpcID: firewallSubnetVPC(cfg, h.endpoint.SubnetID)}

		// 1. "NETWORK_ACL INGRESS of the firewall subnet's ACL (the packet
		// enters it; peer = the leg's packet source), as section 4
		// (ephemeral sweep on the return leg when the source port is
		// unknown)".
		add(d, aclCheckOfLeg(cfg, f, &sub, leg, model.DirectionIngress, pkt, ephemeral))

		// 2. "NETWORK_FIREWALL, leg as the leg, no direction, resource =
		// the firewall policy ARN, verdict as 5.3, Rules = [the deciding
		// rule] when there is one".
		vs, err := verdicts.of(cfg, h.fw, f)
		if err != nil {
			return err
		}
		l := vs.forward
		if leg == model.LegReturn {
			l = vs.reply
		}
		c := model.Check{Layer: model.LayerNetworkFirewall, Leg: leg, ResourceID: vs.policyARN, Verdict: l.verdict}
		if l.hasRule {
			c.Rules = []model.RuleRef{l.rule}
		}
		why := l.reason
		// "Asymmetric routing: when a leg crosses a firewall whose stateful
		// engine judged it and the other leg does not cross that firewall,
		// the check is INDETERMINATE".
		if l.stateful && !crossesFirewall(other, h.fw) {
			c.Verdict = model.VerdictIndeterminate
			why = "asymmetric routing: the other leg does not pass this firewall, so its stateful engine sees only one " +
				"direction of the connection (AWS requires symmetric routing through a firewall); " + why
		}
		c.Reason = model.Reason{Code: model.ReasonNetworkFirewall, Subject: "firewall " + fw.Name + " (endpoint " +
			h.endpoint.EndpointID + ") is on the path by route " + h.route.String() + " of " + h.tableID + " (" + h.from + "): " + why}
		add(d, c)

		// 3. "NETWORK_ACL EGRESS of the firewall subnet's ACL (peer = the
		// leg's packet destination)."
		add(d, aclCheckOfLeg(cfg, f, &sub, leg, model.DirectionEgress, pkt, ephemeral))
	}
	return nil
}

// aclCheckOfLeg is a network ACL check of a leg: an ordinary one on the
// forward leg, the return-leg check (with its ephemeral sweep) on the
// return leg.
func aclCheckOfLeg(cfg *model.Config, f *model.Flow, at *endpoint, leg model.Leg, dir model.Direction, pkt packet, ephemeral model.PortRange) model.Check {
	if leg == model.LegReturn {
		return returnACLCheck(cfg, f, at, dir, pkt, ephemeral)
	}
	return networkACLCheck(cfg, at, leg, dir, pkt)
}
