package reference

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/netverdict/netverdict/evaluator/model"
)

// This file is the routing that spec §5.1 needs to place firewall
// endpoints: which route table a subnet or an internet gateway uses, and
// which route of a table carries traffic to an address. It reads the route
// tables as the routes package documents them (VPC guide, "Configure route
// tables", "Route priority"), one linear scan per question.

// routeOutcome is how a route lookup ends.
type routeOutcome uint8

const (
	// routeNone: no route matches the address (AWS drops the traffic).
	routeNone routeOutcome = iota
	// routeForward: a route matched and forwards to its target.
	routeForward
	// routeBlackhole: the matching route is a blackhole route.
	routeBlackhole
	// routeUndecidable: the winner depends on a prefix list whose entries
	// are unknown (unknownPL), or AWS picks at random among several routes
	// (candidates).
	routeUndecidable
)

// routeLookup is the result of looking an address up in one table.
type routeLookup struct {
	outcome routeOutcome
	tableID string
	// route is the route that won (the zero Route when none matched).
	route model.Route
	// unknownPL is the first prefix list (route order) with unknown entries
	// whose route could beat the winner.
	unknownPL string
	// candidates are the routes AWS picks among at random (the winner
	// first).
	candidates []model.Route
}

// subnetRouteTable is spec §5.1 step 1: "the subnet's route table (the
// table explicitly associated with the subnet, else the main route table of
// the subnet's VPC...)". nil when there is none.
func subnetRouteTable(cfg *model.Config, subnetID, vpcID string) *model.RouteTable {
	for i := range cfg.RouteTables {
		for _, a := range cfg.RouteTables[i].Associations {
			if !a.Main && a.SubnetID == subnetID {
				return &cfg.RouteTables[i]
			}
		}
	}
	if vpcID == "" {
		return nil
	}
	for i := range cfg.RouteTables {
		t := &cfg.RouteTables[i]
		if t.VPCID != vpcID {
			continue
		}
		for _, a := range t.Associations {
			if a.Main {
				return t
			}
		}
	}
	return nil
}

// edgeRouteTable is spec §5.1 step 1 for an external source: "the route
// table edge-associated with an internet gateway (igw-…) in B's VPC". nil
// when there is none (the first in document order should a config list
// several, which AWS cannot produce).
func edgeRouteTable(cfg *model.Config, vpcID string) *model.RouteTable {
	if vpcID == "" {
		return nil
	}
	for i := range cfg.RouteTables {
		t := &cfg.RouteTables[i]
		if t.VPCID != vpcID {
			continue
		}
		for _, g := range t.GatewayAssociations {
			if strings.HasPrefix(g.GatewayID, "igw-") {
				return t
			}
		}
	}
	return nil
}

// Route priority classes for routes to the same destination, best first
// ("static routes, then prefix list routes, then propagated routes").
const (
	classStatic = iota
	classPrefixList
	classPropagated
)

// routeCandidate is a route whose destination (a CIDR, or one entry of its
// prefix list) contains the address being looked up.
type routeCandidate struct {
	route  model.Route
	prefix netip.Prefix
	class  int
}

// lookupRoute is spec §5.1 step 2: "the route for B's address in that
// table (routes.Index rules: longest prefix, static over prefix-list over
// propagated, propagated never inside the local range)", with the routes
// package's reading of what cannot be decided: a route to a prefix list
// whose entries are unknown could win unless the winner is inside a local
// route or is a static host route; prefix-list (or propagated) routes with
// the same destination to different targets are a random pick.
func lookupRoute(cfg *model.Config, t *model.RouteTable, dst netip.Addr) routeLookup {
	res := routeLookup{tableID: t.ID}
	dst = dst.Unmap()

	// The local routes: "a propagated route inside the local route's range
	// never wins" (Site-to-Site VPN guide, route priority).
	var locals []netip.Prefix
	for _, r := range t.Routes {
		if r.IsLocal() && r.Destination.IsValid() {
			locals = append(locals, r.Destination)
		}
	}
	inLocal := func(p netip.Prefix) bool {
		for _, l := range locals {
			if l.Bits() <= p.Bits() && l.Contains(p.Addr()) {
				return true
			}
		}
		return false
	}

	var cands []routeCandidate
	for i, r := range t.Routes {
		r.Index = i
		switch {
		case r.PrefixListID != "":
			pl := findPrefixList(cfg, r.PrefixListID)
			if pl == nil || !pl.EntriesKnown {
				if res.unknownPL == "" {
					res.unknownPL = r.PrefixListID
				}
				continue
			}
			for _, e := range pl.Entries {
				if e.CIDR.IsValid() && e.CIDR.Masked().Contains(dst) {
					cands = append(cands, routeCandidate{route: r, prefix: e.CIDR.Masked(), class: classPrefixList})
				}
			}
		case !r.Destination.IsValid():
			// Not a route AWS prints; it carries nothing.
		case r.Propagated():
			if !inLocal(r.Destination.Masked()) && r.Destination.Masked().Contains(dst) {
				cands = append(cands, routeCandidate{route: r, prefix: r.Destination.Masked(), class: classPropagated})
			}
		default:
			if r.Destination.Masked().Contains(dst) {
				cands = append(cands, routeCandidate{route: r, prefix: r.Destination.Masked(), class: classStatic})
			}
		}
	}
	if len(cands) == 0 {
		if res.unknownPL != "" {
			res.outcome = routeUndecidable
		}
		return res
	}

	// Longest prefix first, then the priority class; document order
	// within a class (a stable sort).
	slices.SortStableFunc(cands, func(a, b routeCandidate) int {
		if a.prefix.Bits() != b.prefix.Bits() {
			return b.prefix.Bits() - a.prefix.Bits()
		}
		return a.class - b.class
	})
	best := cands[0]
	res.route = best.route
	for _, c := range cands[1:] {
		if c.prefix == best.prefix && c.class == best.class && !sameTarget(c.route, best.route) {
			if res.candidates == nil {
				res.candidates = []model.Route{best.route}
			}
			res.candidates = append(res.candidates, c.route)
		}
	}
	safe := inLocal(best.prefix) || (best.class == classStatic && best.prefix.Bits() == best.prefix.Addr().BitLen())
	switch {
	case res.unknownPL != "" && !safe:
		res.outcome = routeUndecidable
		res.candidates = nil
	case res.candidates != nil:
		res.unknownPL = ""
		res.outcome = routeUndecidable
	case best.route.State == model.RouteBlackhole:
		res.unknownPL = ""
		res.outcome = routeBlackhole
	default:
		res.unknownPL = ""
		res.outcome = routeForward
	}
	return res
}

// sameTarget reports whether two routes send traffic to the same place.
func sameTarget(a, b model.Route) bool {
	return a.Target == b.Target && a.TargetID == b.TargetID && a.State == b.State
}
