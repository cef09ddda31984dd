package path

import (
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/nacl"
	"github.com/netverdict/netverdict/evaluator/nfw"
	"github.com/netverdict/netverdict/evaluator/routes"
)

// placement is what the snapshot needs to put Network Firewall endpoints
// on a flow's legs from the route tables (docs/semantics.md section 5).
type placement struct {
	rt *routes.Index
	fw *nfw.Table
	// edge maps a VPC to its internet gateway's edge route table (ingress
	// routing), when one is associated.
	edge map[string]string
	// fwVPCs are the VPCs with a firewall: a subnet there without a known
	// route table cannot be placed.
	fwVPCs map[string]string
	// epSubnet maps a firewall endpoint id to the interned index of its
	// firewall subnet (for that subnet's network ACL checks).
	epSubnet map[string]int32
}

// maxHops bounds the firewall endpoints one leg may cross: routes that
// send traffic from a firewall subnet to another endpoint again are
// followed this far.
const maxHops = 3

// hop is one firewall endpoint a leg crosses.
type hop struct {
	ep    nfw.Endpoint
	route model.Route
	table string
	// from names the subnet or gateway whose table routed the traffic.
	from string
	// problem makes the hop an INDETERMINATE firewall check naming it (a
	// vpce- target that is not a known firewall endpoint, a route table
	// that cannot be found, a lookup that cannot be decided).
	problem string
}

// compilePlacement builds the placement of cfg, or nil when cfg has no
// route tables (firewalls are then never on a path).
func (s *Snapshot) compilePlacement(cfg *model.Config, internSubnet func(string) int32, opts CompileOptions) error {
	if len(cfg.RouteTables) == 0 {
		return nil
	}
	pls := cfg.KnownPrefixLists()
	rt, err := routes.Compile(cfg.RouteTables, pls)
	if err != nil {
		return err
	}
	fw, err := nfw.CompileWith(cfg, nfw.Options{Geo: opts.Geo, PrefixLists: pls})
	if err != nil {
		return err
	}
	p := &placement{rt: rt, fw: fw, edge: map[string]string{}, fwVPCs: map[string]string{}, epSubnet: map[string]int32{}}
	for _, t := range cfg.RouteTables {
		for _, g := range t.GatewayAssociations {
			// The first such table, as the reference reads it (AWS
			// allows one per gateway).
			if _, ok := p.edge[t.VPCID]; !ok && strings.HasPrefix(g.GatewayID, "igw-") {
				p.edge[t.VPCID] = t.ID
			}
		}
	}
	for _, f := range cfg.Firewalls {
		if f.VPCID != "" {
			if _, ok := p.fwVPCs[f.VPCID]; !ok {
				p.fwVPCs[f.VPCID] = f.Name
			}
		}
		for _, e := range f.Endpoints {
			if e.SubnetID == "" {
				continue
			}
			si := internSubnet(e.SubnetID)
			if s.subnets[si].vpc == "" {
				s.subnets[si].vpc = f.VPCID
			}
			p.epSubnet[e.EndpointID] = si
		}
	}
	s.place = p
	return nil
}

// vpcOf returns the VPC of endpoint e for routing ("" when unknown).
func (s *Snapshot) vpcOf(e *endpoint) string {
	if e.subnet >= 0 && s.subnets[e.subnet].vpc != "" {
		return s.subnets[e.subnet].vpc
	}
	if e.kind == kindIface || e.kind == kindPublic {
		return s.ifaces[e.iface].vpc
	}
	return ""
}

// hops returns the firewall endpoints the packets from a to b cross,
// following the route tables: a's subnet table (or, for traffic from
// outside, the internet gateway's edge table of b's VPC), then the
// firewall subnet's table after each endpoint. The caller calls it only
// for legs that leave a subnet (same-subnet traffic is never routed).
func (s *Snapshot) hops(a, b *endpoint, out []hop) []hop {
	p := s.place
	out = out[:0]
	if p == nil || !b.ip.IsValid() {
		return out
	}
	dst := b.ip
	if b.kind == kindPublic {
		// The internet gateway translates an instance's public address
		// to its private one before routing (ingress routing matches
		// private CIDRs).
		if a := s.ifaces[b.iface].first[0]; a.IsValid() {
			dst = a
		}
	}
	var (
		r    model.Route
		res  routes.LookupResult
		from string
		vpc  string
	)
	switch {
	case a.internal():
		if a.subnet < 0 {
			return out
		}
		vpc = s.vpcOf(a)
		from = s.subnets[a.subnet].id
		r, res, _ = p.rt.NextHop(vpc, from, dst)
		if res.Outcome == routes.NoTable {
			if name, ok := p.fwVPCs[vpc]; ok && vpc != "" {
				return append(out, hop{from: from, problem: "no route table is known for " + from + " (VPC " + vpc + " has firewall " + name + "): cannot tell whether the traffic passes the firewall"})
			}
			return out
		}
	default:
		vpc = s.vpcOf(b)
		tid, ok := p.edge[vpc]
		if !ok || vpc == "" {
			return out
		}
		from = "the internet gateway of " + vpc
		r, res = p.rt.Lookup(tid, dst)
	}
	for {
		h, next, ok := s.hopOf(r, res, from, vpc)
		if !ok {
			return out
		}
		if len(out) == maxHops {
			return append(out, hop{from: from, problem: "routes send the traffic through more than " + strconv.Itoa(maxHops) + " firewall endpoints (a routing loop?)"})
		}
		out = append(out, h)
		if h.problem != "" || next < 0 {
			return out
		}
		// After the endpoint the packets leave the firewall subnet by its
		// own route table.
		from, vpc = s.subnets[next].id, s.subnets[next].vpc
		r, res, _ = p.rt.NextHop(vpc, from, dst)
		if res.Outcome == routes.NoTable {
			return out
		}
	}
}

// hopOf turns a route lookup into a hop when it sends the traffic to a
// firewall endpoint (or might). next is the endpoint's firewall subnet
// (-1 when unknown).
func (s *Snapshot) hopOf(r model.Route, res routes.LookupResult, from, vpc string) (h hop, next int32, ok bool) {
	p := s.place
	h = hop{route: r, table: res.TableID, from: from}
	switch res.Outcome {
	case routes.Forward:
	case routes.Undecidable:
		for _, c := range res.Candidates {
			if c.Target == routes.TargetVPCEndpoint {
				h.route = c // the check names the endpoint AWS may pick
				h.problem = "route table " + res.TableID + " of " + from + " may send the traffic to " + c.TargetID + " (AWS picks among prefix-list routes with the same CIDR)"
				return h, -1, true
			}
		}
		if res.UnknownPrefixList != "" && r.Target == routes.TargetVPCEndpoint {
			h.problem = "route table " + res.TableID + " of " + from + ": the route depends on prefix list " + res.UnknownPrefixList + ", whose entries are not in the config"
			return h, -1, true
		}
		return h, -1, false
	default:
		return h, -1, false
	}
	if r.Target != routes.TargetVPCEndpoint || r.PrefixListID != "" {
		// A prefix-list route to a vpce- is a gateway endpoint (S3,
		// DynamoDB), not a firewall. A middlebox sends the traffic on by
		// routes netverdict does not follow: with a firewall in the VPC,
		// whether it is further on the path is unknown.
		if name, fwHere := p.fwVPCs[vpc]; fwHere && vpc != "" && middlebox(r.Target) {
			h.problem = "route " + r.String() + " of " + res.TableID + " (" + from + ") sends the traffic to " + r.TargetID +
				" (" + r.Target.String() + "); netverdict does not follow traffic through NAT gateways, transit gateways or appliances, so whether firewall " +
				name + " is further on the path is not known"
			return h, -1, true
		}
		return h, -1, false
	}
	ep, known := p.fw.Endpoint(r.TargetID)
	if !known {
		h.problem = "route " + r.String() + " of " + res.TableID + " (" + from + ") sends the traffic to " + r.TargetID + ", which is not a firewall endpoint in the config (give describe-firewall output; Gateway Load Balancer appliances are not modelled)"
		return h, -1, true
	}
	h.ep = ep
	next = -1
	if si, ok := p.epSubnet[ep.ID]; ok {
		next = si
	}
	return h, next, true
}

// fwLeg appends the checks of a leg's firewall hops: the firewall
// subnet's ACL on the way in, the firewall, the ACL on the way out. src
// and dst are the leg's packet source and destination.
func (s *Snapshot) fwLeg(d *model.Decision, f *model.Flow, leg model.Leg, hs []hop, other []hop, src, dst *endpoint, pkt *nacl.Packet, sweep bool, opts model.Options, v *fwVerdicts) {
	for i := range hs {
		h := &hs[i]
		if h.problem != "" {
			c := d.NextCheck()
			c.Layer, c.Leg = model.LayerNetworkFirewall, leg
			c.ResourceID = h.route.TargetID
			c.Verdict = model.VerdictIndeterminate
			c.Reason = model.Reason{Code: model.ReasonNetworkFirewall, Subject: h.problem}
			continue
		}
		var fe endpoint
		if si, ok := s.place.epSubnet[h.ep.ID]; ok {
			sn := &s.subnets[si]
			fe = endpoint{kind: kindUnknownHost, subnet: si, acl: sn.acl, aclID: sn.aclID, label: sn.id}
		} else {
			fe = endpoint{kind: kindUnknownHost, subnet: -1, acl: -1, label: h.ep.ID}
		}
		pkt.Egress = false
		pkt.Peer, pkt.HasPeer = src.addr, src.ip.IsValid()
		s.naclCheck(d, leg, &fe, pkt, sweep, opts)

		vs := v.of(s, h.ep.Firewall, f, src, dst, leg, opts)
		l := vs.Forward
		if leg == model.LegReturn {
			l = vs.Return
		}
		info := s.place.fw.Info(h.ep.Firewall)
		c := d.NextCheck()
		c.Layer, c.Leg = model.LayerNetworkFirewall, leg
		c.ResourceID = info.PolicyARN
		c.Verdict = l.Verdict
		if l.HasRule {
			c.Rules = append(c.Rules, l.Rule)
		}
		why := l.Reason
		if l.Stateful && !crosses(other, h.ep.Firewall) {
			c.Verdict = model.VerdictIndeterminate
			why = "asymmetric routing: the other leg does not pass this firewall, so its stateful engine sees only one direction of the connection (AWS requires symmetric routing through a firewall); " + why
		}
		c.Reason = model.Reason{Code: model.ReasonNetworkFirewall, Subject: "firewall " + info.Name + " (endpoint " + h.ep.ID + ") is on the path by route " + h.route.String() + " of " + h.table + " (" + h.from + "): " + why}

		pkt.Egress = true
		pkt.Peer, pkt.HasPeer = dst.addr, dst.ip.IsValid()
		s.naclCheck(d, leg, &fe, pkt, sweep, opts)
	}
}

// middlebox reports whether a route target forwards traffic on by routes
// of its own: a NAT gateway, a transit gateway, a network interface or an
// instance (an appliance).
func middlebox(t model.RouteTarget) bool {
	switch t {
	case routes.TargetNATGateway, routes.TargetTransitGateway, routes.TargetNetworkInterface, routes.TargetInstance:
		return true
	}
	return false
}

// throughFirewall reports whether a leg crosses a known firewall
// endpoint.
func throughFirewall(hs []hop) bool {
	for i := range hs {
		if hs[i].problem == "" {
			return true
		}
	}
	return false
}

func crosses(hs []hop, fw int32) bool {
	for i := range hs {
		if hs[i].problem == "" && hs[i].ep.Firewall == fw {
			return true
		}
	}
	return false
}

// fwVerdicts caches a flow's firewall verdicts: a firewall on both legs
// is inspected once.
type fwVerdicts struct {
	n   int
	fws [maxHops * 2]int32
	vs  [maxHops * 2]nfw.Verdicts
}

// of returns firewall i's verdicts on f. src and dst are the packet ends
// of leg; the flow's client and server are recovered from them.
func (v *fwVerdicts) of(s *Snapshot, i int32, f *model.Flow, src, dst *endpoint, leg model.Leg, opts model.Options) nfw.Verdicts {
	for k := 0; k < v.n; k++ {
		if v.fws[k] == i {
			return v.vs[k]
		}
	}
	client, server := src.ip, dst.ip
	if leg == model.LegReturn {
		client, server = server, client
	}
	vs := s.place.fw.Inspect(i, f, client, server, opts)
	if v.n < len(v.fws) {
		v.fws[v.n], v.vs[v.n] = i, vs
		v.n++
	}
	return vs
}

// Warnings returns what compiling found suspicious but legal in the
// config's firewalls (see nfw.Table.Warnings).
func (s *Snapshot) Warnings() []string {
	if s.place == nil {
		return nil
	}
	return s.place.fw.Warnings()
}
