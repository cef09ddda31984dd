package routes

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"

	"github.com/gaissmai/bart"
)

// Outcome is what a route lookup concludes.
type Outcome uint8

// Lookup outcomes.
const (
	// NoTable: the table id is unknown, or the subnet has no explicit
	// association and its VPC no main route table.
	NoTable Outcome = iota
	// Forward: a route matched; traffic goes to its target.
	Forward
	// Blackhole: the matching route is a blackhole route; AWS drops the
	// traffic.
	Blackhole
	// NoRoute: no route matches the destination; AWS drops the traffic.
	NoRoute
	// Undecidable: the answer depends on what this index does not know: the
	// entries of a prefix list (UnknownPrefixList), or which of several
	// prefix-list routes with overlapping entries AWS chose (Candidates).
	Undecidable
)

var outcomeNames = [...]string{NoTable: "no-table", Forward: "forward", Blackhole: "blackhole", NoRoute: "no-route", Undecidable: "undecidable"}

func (o Outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return "outcome(" + strconv.Itoa(int(o)) + ")"
}

// LookupResult tells how a lookup ended. It holds no allocations of its
// own: its strings and slices are the index's, shared and immutable.
type LookupResult struct {
	Outcome Outcome
	// TableID is the route table that was consulted ("" for NoTable).
	TableID string
	// Matched is the destination prefix that matched: the route's CIDR, or
	// for a prefix-list route the list entry that matched.
	Matched netip.Prefix
	// UnknownPrefixList names a prefix list whose entries were not given to
	// Compile and whose route could beat the route found (Undecidable).
	UnknownPrefixList string
	// Candidates are the routes AWS chooses between at random (prefix-list
	// routes whose lists hold the same CIDR, to different targets), when
	// that makes the lookup Undecidable. Read-only.
	Candidates []Route
}

// Dropped reports whether AWS drops the traffic: a blackhole route, or no
// route at all.
func (r LookupResult) Dropped() bool { return r.Outcome == Blackhole || r.Outcome == NoRoute }

// Index answers route lookups for a set of route tables. It is immutable
// once compiled and safe for concurrent use.
type Index struct {
	tables    []table
	byID      map[string]int32
	subnets   map[string]subnetAssoc // subnet id -> explicit association
	mains     map[string]subnetAssoc // VPC id -> main association
	byGateway map[string]int32       // gateway id -> edge-associated table
}

type subnetAssoc struct {
	table int32
	assoc Association
}

// table is one compiled route table.
type table struct {
	id     string
	vpcID  string
	routes []Route
	// trie maps every destination prefix (CIDRs and expanded prefix-list
	// entries, both families) to its slot.
	trie  *bart.Table[int32]
	slots []slot
	// unknownPL is the first prefix list (in route order) whose entries are
	// unknown; "" when all are known.
	unknownPL string
}

// slot is the winner among the routes for one destination prefix.
type slot struct {
	route      int32 // index into table.routes
	prefix     netip.Prefix
	candidates []Route // non-nil when AWS picks at random among them
	// safe: no route to an unknown prefix list can beat this one (see
	// Compile).
	safe bool
}

// Route priority classes for routes to the same destination prefix, best
// first ("Route priority": static routes, then prefix list routes, then
// propagated routes).
const (
	classStatic = iota
	classPrefixList
	classPropagated
)

type candidate struct {
	route int32
	class int
}

// Compile builds an Index over tables. prefixLists gives the CIDRs of
// managed prefix lists by id; a prefix list that is absent from the map has
// unknown entries, and lookups that its route could decide are Undecidable
// (a list present with no entries matches nothing).
//
// Compile rejects what AWS cannot produce: a table id given twice, two main
// route tables for one VPC, a subnet or gateway explicitly associated with
// two tables, two static routes to the same CIDR in one table.
func Compile(tables []RouteTable, prefixLists map[string][]netip.Prefix) (*Index, error) {
	x := &Index{
		byID:      make(map[string]int32, len(tables)),
		subnets:   map[string]subnetAssoc{},
		mains:     map[string]subnetAssoc{},
		byGateway: map[string]int32{},
	}
	var errs []error
	for ti := range tables {
		rt := &tables[ti]
		if _, dup := x.byID[rt.ID]; dup {
			errs = append(errs, fmt.Errorf("route table %s is given twice", rt.ID))
			continue
		}
		i := int32(len(x.tables))
		t, err := compileTable(rt, prefixLists)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		x.byID[rt.ID] = i
		x.tables = append(x.tables, t)
		for _, a := range rt.Associations {
			switch {
			case a.Main:
				if prev, dup := x.mains[rt.VPCID]; dup {
					errs = append(errs, fmt.Errorf("VPC %q has two main route tables: %s and %s", rt.VPCID, x.tables[prev.table].id, rt.ID))
					continue
				}
				x.mains[rt.VPCID] = subnetAssoc{i, a}
			case a.SubnetID != "":
				if prev, dup := x.subnets[a.SubnetID]; dup && prev.table != i {
					errs = append(errs, fmt.Errorf("subnet %s is associated with two route tables: %s and %s", a.SubnetID, x.tables[prev.table].id, rt.ID))
					continue
				}
				x.subnets[a.SubnetID] = subnetAssoc{i, a}
			}
		}
		for _, g := range rt.GatewayAssociations {
			if prev, dup := x.byGateway[g.GatewayID]; dup && prev != i {
				errs = append(errs, fmt.Errorf("gateway %s is associated with two route tables: %s and %s", g.GatewayID, x.tables[prev].id, rt.ID))
				continue
			}
			x.byGateway[g.GatewayID] = i
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return x, nil
}

// compileTable builds one table's trie and slots.
func compileTable(rt *RouteTable, prefixLists map[string][]netip.Prefix) (table, error) {
	t := table{id: rt.ID, vpcID: rt.VPCID, routes: slices.Clone(rt.Routes), trie: new(bart.Table[int32])}
	for i := range t.routes {
		t.routes[i].Index = i
	}
	cands := map[netip.Prefix][]candidate{}
	var order []netip.Prefix // first-seen order, for deterministic slots
	add := func(p netip.Prefix, c candidate) {
		p = p.Masked()
		if _, ok := cands[p]; !ok {
			order = append(order, p)
		}
		cands[p] = append(cands[p], c)
	}
	// The local routes' destinations: a propagated route inside one of them
	// never wins (see below), and no prefix-list route can beat a route
	// inside one.
	var locals []netip.Prefix
	for _, r := range t.routes {
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
	for i, r := range t.routes {
		c := candidate{route: int32(i)}
		switch {
		case r.PrefixListID != "":
			entries, known := prefixLists[r.PrefixListID]
			if !known {
				if t.unknownPL == "" {
					t.unknownPL = r.PrefixListID
				}
				continue
			}
			c.class = classPrefixList
			for _, p := range entries {
				if p.IsValid() {
					add(p, c)
				}
			}
		case !r.Destination.IsValid():
			return table{}, fmt.Errorf("route table %s: route %d has no destination", rt.ID, i)
		case r.Propagated():
			// "If propagated routes from a Site-to-Site VPN connection or
			// AWS Direct Connect connection overlap with the local route for
			// your VPC, the local route is most preferred even if the
			// propagated routes are more specific." (Site-to-Site VPN
			// guide, "Route tables and AWS Site-to-Site VPN route
			// priority", vpn-route-priority.html.)
			if inLocal(r.Destination) {
				continue
			}
			c.class = classPropagated
			add(r.Destination, c)
		default:
			c.class = classStatic
			add(r.Destination, c)
		}
	}
	for _, p := range order {
		cs := cands[p]
		// Stable: document order within a class.
		slices.SortStableFunc(cs, func(a, b candidate) int { return a.class - b.class })
		best := cs[0]
		s := slot{route: best.route, prefix: p}
		var tied []candidate
		for _, c := range cs[1:] {
			if c.class == best.class && !sameTarget(t.routes[c.route], t.routes[best.route]) {
				tied = append(tied, c)
			}
		}
		if len(tied) > 0 {
			switch best.class {
			case classStatic:
				// AWS refuses a second route to the same CIDR
				// (RouteAlreadyExists).
				return table{}, fmt.Errorf("route table %s: routes %d and %d both go to %s", rt.ID, best.route, tied[0].route, p)
			default:
				// "If your route table references multiple prefix lists that
				// have overlapping CIDR blocks to different targets, we
				// randomly choose which route takes priority." (VPC guide,
				// "Route priority and prefix lists".) Propagated routes to
				// one CIDR through different gateways are treated alike.
				s.candidates = append(s.candidates, t.routes[best.route])
				for _, c := range tied {
					s.candidates = append(s.candidates, t.routes[c.route])
				}
			}
		}
		// A route to an unknown prefix list cannot beat this one when it is
		// inside a local route (a route more specific than the local route
		// must go to a subnet's entire CIDR, not a prefix list: VPC guide,
		// "Routes", rules and considerations) or when it is a static host
		// route (nothing is more specific, and a static CIDR route beats a
		// prefix-list route to the same CIDR).
		s.safe = inLocal(p) || (best.class == classStatic && p.Bits() == p.Addr().BitLen())
		t.trie.Insert(p, int32(len(t.slots)))
		t.slots = append(t.slots, s)
	}
	return t, nil
}

// sameTarget reports whether two routes send traffic to the same place.
func sameTarget(a, b Route) bool {
	return a.Target == b.Target && a.TargetID == b.TargetID && a.State == b.State
}

// TableRef is a compiled table's handle: Index.LookupRef with it skips the
// table-id map lookup on a hot path. The zero TableRef refers to no table.
type TableRef struct{ i int32 }

// Ref returns the handle of the table with id tableID.
func (x *Index) Ref(tableID string) (TableRef, bool) {
	i, ok := x.byID[tableID]
	if !ok {
		return TableRef{}, false
	}
	return TableRef{i + 1}, true
}

// TableForSubnet returns the route table that routes traffic leaving the
// subnet: the table explicitly associated with it, else the main route
// table of vpcID ("Each subnet in your VPC must be associated with a route
// table ... Otherwise, the subnet is implicitly associated with the main
// route table": VPC guide, "Subnet route tables"). how is the association
// that decided (Main true for the main table); tableID is "" when neither
// exists.
func (x *Index) TableForSubnet(vpcID, subnetID string) (tableID string, how Association) {
	a, ok := x.assocOf(vpcID, subnetID)
	if !ok {
		return "", Association{}
	}
	return x.tables[a.table].id, a.assoc
}

// assocOf is the association that routes traffic leaving subnetID (in
// vpcID): the explicit one, else the VPC's main route table.
func (x *Index) assocOf(vpcID, subnetID string) (subnetAssoc, bool) {
	if a, ok := x.subnets[subnetID]; ok {
		return a, true
	}
	if vpcID == "" {
		return subnetAssoc{}, false
	}
	a, ok := x.mains[vpcID]
	return a, ok
}

// TableForGateway returns the gateway route table edge-associated with an
// internet gateway or virtual private gateway: it routes traffic entering
// the VPC through that gateway (VPC guide, "Gateway route tables"). ok is
// false when the gateway has none: its traffic then follows the local
// route to the destination subnet.
func (x *Index) TableForGateway(gatewayID string) (tableID string, ok bool) {
	i, ok := x.byGateway[gatewayID]
	if !ok {
		return "", false
	}
	return x.tables[i].id, true
}

// Lookup finds the route of table tableID that AWS uses for traffic to dst
// (see LookupRef).
func (x *Index) Lookup(tableID string, dst netip.Addr) (Route, LookupResult) {
	i, ok := x.byID[tableID]
	if !ok {
		return Route{}, LookupResult{Outcome: NoTable}
	}
	return x.lookup(&x.tables[i], dst)
}

// LookupRef finds the route of the table ref that AWS uses for traffic to
// dst, following the VPC guide's "Route priority":
//
//  1. longest prefix match, IPv4 and IPv6 independently ("Routes to IPv4
//     and IPv6 addresses or CIDR blocks are independent of each other. We
//     use the most specific route that matches"); this is what lets a route
//     more specific than the local route, to a subnet's CIDR, send
//     east-west traffic through a firewall or middlebox endpoint;
//  2. for the same prefix, a static route beats a prefix-list route, which
//     beats a propagated route ("If your route table contains a static route
//     with a destination CIDR block that overlaps a static route with a
//     prefix list, the static route with the CIDR block takes priority";
//     "If your route table contains a propagated route that matches a route
//     that references a prefix list, the route that references the prefix
//     list takes priority"; "If the destination of a propagated route is
//     identical to the destination of a static route, the static route
//     takes priority");
//  3. except that a propagated route inside the local route's range never
//     wins (Site-to-Site VPN guide, "Route tables and AWS Site-to-Site VPN
//     route priority").
//
// A blackhole route that wins drops the traffic (Blackhole); no route at all
// drops it too (NoRoute). An IPv4-mapped IPv6 dst is looked up as IPv4.
// LookupRef does not allocate.
func (x *Index) LookupRef(ref TableRef, dst netip.Addr) (Route, LookupResult) {
	if ref.i <= 0 || int(ref.i) > len(x.tables) {
		return Route{}, LookupResult{Outcome: NoTable}
	}
	return x.lookup(&x.tables[ref.i-1], dst)
}

func (x *Index) lookup(t *table, dst netip.Addr) (Route, LookupResult) {
	res := LookupResult{TableID: t.id}
	dst = dst.Unmap()
	si, ok := t.trie.Lookup(dst)
	if !ok {
		res.Outcome = NoRoute
		if t.unknownPL != "" {
			res.Outcome, res.UnknownPrefixList = Undecidable, t.unknownPL
		}
		return Route{}, res
	}
	s := &t.slots[si]
	r := t.routes[s.route]
	res.Matched = s.prefix
	switch {
	case t.unknownPL != "" && !s.safe:
		res.Outcome, res.UnknownPrefixList = Undecidable, t.unknownPL
	case s.candidates != nil:
		res.Outcome, res.Candidates = Undecidable, s.candidates
	case r.State == StateBlackhole:
		res.Outcome = Blackhole
	default:
		res.Outcome = Forward
	}
	return r, res
}

// NextHop is TableForSubnet then Lookup: the route AWS uses for traffic
// from subnetID (in vpcID) to dst, and the association that chose the
// table.
func (x *Index) NextHop(vpcID, subnetID string, dst netip.Addr) (Route, LookupResult, Association) {
	sa, ok := x.assocOf(vpcID, subnetID)
	if !ok {
		return Route{}, LookupResult{Outcome: NoTable}, Association{}
	}
	r, res := x.lookup(&x.tables[sa.table], dst)
	return r, res, sa.assoc
}

// Routes returns the routes of table tableID in document order (read-only),
// or nil when the table is unknown.
func (x *Index) Routes(tableID string) []Route {
	i, ok := x.byID[tableID]
	if !ok {
		return nil
	}
	return x.tables[i].routes
}
