// Package sg compiles the security groups of a config into rule sets that
// judge a flow at one network interface without allocating (docs/semantics.md
// section 3).
//
// Compile once, evaluate many: every group's rules are split by direction
// and address family and bucketed by protocol class (TCP, UDP, ICMP, ICMPv6,
// other), each bucket keeping document order and holding the "-1" rules as
// well, so a flow scans only the rules that can match its protocol and the
// matches still come out in the order the semantics require. CIDRs carry a
// precomputed mask, prefix lists are expanded into per-family sets, unknown
// prefix lists stay as undecidable markers, and group references are
// resolved against interned group ids of the peer interface.
//
// TCP and UDP buckets also carry a port index, so a flow visits only the
// rules whose range holds its port. On large configs the evaluator is bound
// by cache misses rather than arithmetic (a flow touches the rules of ten
// random groups), which shapes the layout: 28-byte rules, one array per
// index, and evaluation in phases whose reads do not depend on each other.
//
// A Profile is the per-interface view: the attached groups in AWS's order
// plus what connection tracking needs (whether the all-open 0.0.0.0/0 or ::/0
// forward and reverse rules exist), computed once at compile time.
//
// Eval allocates nothing, except for an undecidable verdict whose subject
// must name an address or join several missing ids.
package sg

import (
	"fmt"
	"math"
	"net/netip"
	"slices"
	"strings"

	"github.com/gaissmai/bart"

	"github.com/netverdict/netverdict/evaluator/internal/cidr"
	"github.com/netverdict/netverdict/evaluator/model"
)

// Direction indexes of the compiled rule lists.
const (
	Egress  = 0
	Ingress = 1
)

// Protocol classes: each has its own rule bucket.
const (
	classTCP = iota
	classUDP
	classICMP
	classICMPv6
	classOther
	numClasses
)

func class(p int16) int {
	switch p {
	case model.ProtoTCP:
		return classTCP
	case model.ProtoUDP:
		return classUDP
	case model.ProtoICMP:
		return classICMP
	case model.ProtoICMPv6:
		return classICMPv6
	}
	return classOther
}

// PeerKind says what the other endpoint of a flow is, as far as group
// references care.
type PeerKind uint8

// Peer kinds.
const (
	// PeerExternal is an address outside every known VPC and subnet.
	PeerExternal PeerKind = iota
	// PeerInterface is a known interface addressed by id or private IP.
	PeerInterface
	// PeerPublic is a known interface reached through one of its public
	// IPs: group references never match it (they match private IPs only).
	PeerPublic
	// PeerUnknownHost is an address inside a known subnet or VPC with no
	// interface in the config: its group membership cannot be known.
	PeerUnknownHost
	// PeerUnknownInterface is an interface id that is not in the config.
	PeerUnknownInterface
)

// Peer is the other endpoint as a rule sees it.
type Peer struct {
	Kind PeerKind
	// IP is the peer address used for CIDR and prefix-list matching; if it
	// is the zero Addr no CIDR or prefix list matches.
	IP   netip.Addr
	Addr cidr.Addr // IP in the mask-friendly form
	// Groups are the interned ids of the groups attached to a PeerInterface
	// (Profile.GroupIDs of that interface).
	Groups []int32
	// Label names a PeerUnknownInterface (its id) in undecidable
	// membership subjects; other peers are named by IP.
	Label string
}

// Query is one security-group check: the interface's rules in one
// direction against one flow.
type Query struct {
	Dir   int // Egress or Ingress
	Fam   int // 0 IPv4, 1 IPv6 (the flow's family)
	Proto int16
	// Port is the forward destination port (TCP/UDP), used in both
	// directions.
	Port               int32
	ICMPType, ICMPCode int32
	Peer               Peer
	Established        bool
	// EstablishedTracking overrides the computed tracking of an
	// ESTABLISHED flow when not TrackingUnspecified.
	EstablishedTracking model.Tracking
	// Automatic: the other endpoint is an interface type AWS always tracks.
	Automatic bool
}

// Peer kinds of a compiled rule.
const (
	rulePeerCIDR uint8 = iota
	rulePeerPL
	rulePeerPLUnknown
	rulePeerGroup
)

// Flags of a compiled rule.
const (
	flagAnyPort uint8 = 1 << iota // TCP/UDP bucket: a "-1" rule
	flagAnyType                   // ICMP bucket: every type and code
	flagAnyCode                   // ICMP bucket: every code of the type
	flagPeered                    // group reference across a peering
)

// rule is one compiled rule, 28 bytes so that a bucket's rules pack
// densely into cache lines: the flows a snapshot judges touch rules of
// random groups, so the evaluator is bound by memory more than by
// arithmetic. An IPv4 CIDR is stored inline as network and mask; an IPv6
// one, rarer, in Table.nets6 (net is then its index). The RuleRef lives
// apart in Table.refs and is read only when the rule decides.
type rule struct {
	net   uint32 // IPv4 network, or index into Table.nets6
	mask  uint32 // IPv4 mask
	lo    int32  // TCP/UDP: FromPort; ICMP: type
	hi    int32  // TCP/UDP: ToPort; ICMP: code
	proto int16
	peer  uint8
	flags uint8
	// aux: prefix list index (rulePeerPL), subject string index
	// (rulePeerPLUnknown) or interned referenced group id (rulePeerGroup).
	aux int32
	ref int32 // index into Table.refs
}

// bucket is the rules of one group, direction, family and protocol class,
// in document order. TCP and UDP buckets also carry a port index: the port
// line is cut into elementary intervals at every rule's bounds, and each
// interval lists (ascending, so document order is kept) the rules whose
// range covers it. A flow then visits only the rules that match its port,
// instead of testing the range of every TCP rule of the group.
//
// The index is one array, so a lookup touches one or two cache lines:
// index[0] = n, the number of intervals; index[1:1+n] their starts
// (ascending, the first MinInt32); index[1+n:2+2n] the offsets of their
// rule lists (relative to 2+2n, the last one the end); then the lists.
type bucket struct {
	rules []rule
	index []int32
}

// portSet returns the indexes of the rules whose port range holds port,
// from a bucket's index x.
func portSet(x []int32, port int32) []int32 {
	n := int(x[0])
	cuts := x[1 : 1+n]
	// The interval is the last start <= port; the first is MinInt32, so
	// there is always one. Groups have few distinct port bounds, and
	// counting the starts <= port compiles to branch-free code that beats a
	// binary search (whose branches mispredict) up to a few dozen.
	lo := -1
	if n <= 48 {
		for _, c := range cuts {
			if c <= port {
				lo++
			}
		}
	} else {
		l, h := 0, n
		for h-l > 1 {
			m := int(uint(l+h) >> 1)
			if cuts[m] <= port {
				l = m
			} else {
				h = m
			}
		}
		lo = l
	}
	lists := x[2+2*n:]
	return lists[x[1+n+lo]:x[2+n+lo]]
}

// buildIndex builds the port index of a TCP or UDP bucket.
func (b *bucket) buildIndex() {
	cuts := []int32{math.MinInt32}
	for i := range b.rules {
		r := &b.rules[i]
		if r.flags&flagAnyPort != 0 || r.lo > r.hi {
			continue
		}
		cuts = append(cuts, r.lo)
		if r.hi < math.MaxInt32 {
			cuts = append(cuts, r.hi+1)
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	n := len(cuts)
	var lists []int32
	x := make([]int32, 0, 2+2*n)
	x = append(x, int32(n))
	x = append(x, cuts...)
	for _, c := range cuts {
		x = append(x, int32(len(lists)))
		for i := range b.rules {
			r := &b.rules[i]
			if r.flags&flagAnyPort != 0 || (r.lo <= c && c <= r.hi) {
				lists = append(lists, int32(i))
			}
		}
	}
	x = append(x, int32(len(lists)))
	b.index = append(x, lists...)
}

// group is one compiled security group; absent groups (attached or
// referenced but not in the config) have present == false.
type group struct {
	present bool
	lists   [2][2][numClasses]bucket // [direction][family][class]
	// allOpen: rules with CIDR 0.0.0.0/0 (family 0) or ::/0 (family 1),
	// per direction, for connection tracking.
	allOpen [2][2][]rule
}

// prefixList is a managed prefix list expanded per family. Lists with many
// entries go into a bart.Lite; short ones are scanned.
type prefixList struct {
	nets [2][]cidr.Net
	lite [2]*bart.Lite
}

// liteThreshold is the entry count above which a prefix list family is
// looked up in a bart.Lite rather than scanned.
const liteThreshold = 24

func (pl *prefixList) contains(fam int, ip netip.Addr, a cidr.Addr) bool {
	if l := pl.lite[fam]; l != nil {
		return l.Contains(ip)
	}
	for i := range pl.nets[fam] {
		if pl.nets[fam][i].Contains(a) {
			return true
		}
	}
	return false
}

// Table is the compiled security groups of a config. It is immutable and
// safe for concurrent use.
type Table struct {
	nets6  []cidr.Net       // IPv6 rule CIDRs (rule.net indexes them)
	ids    []string         // interned group ids
	idx    map[string]int32 // group id -> interned id
	groups []group          // parallel to ids
	pls    []prefixList
	strs   []string // subject strings (unknown prefix list ids)
	refs   []model.RuleRef
}

// Compile builds the table for every group of cfg, interning every group
// id the config mentions (attached to an interface or referenced by a
// rule) so membership tests compare integers. Errors name the group and the
// rule's index in its document order.
func Compile(cfg *model.Config) (*Table, error) {
	t := &Table{idx: make(map[string]int32)}
	plIdx := make(map[string]int32, len(cfg.PrefixLists))
	for i := range cfg.PrefixLists {
		pl := &cfg.PrefixLists[i]
		if _, dup := plIdx[pl.ID]; dup {
			return nil, fmt.Errorf("prefix list %s: duplicate id", pl.ID)
		}
		if !pl.EntriesKnown {
			plIdx[pl.ID] = -1
			continue
		}
		var c prefixList
		for j, e := range pl.Entries {
			if !e.CIDR.IsValid() {
				return nil, fmt.Errorf("prefix list %s entry %d: invalid CIDR", pl.ID, j)
			}
			f := cidr.Fam(e.CIDR.Addr())
			c.nets[f] = append(c.nets[f], cidr.FromPrefix(e.CIDR))
		}
		for f := range 2 {
			if len(c.nets[f]) > liteThreshold {
				c.lite[f] = new(bart.Lite)
				for _, e := range pl.Entries {
					if cidr.Fam(e.CIDR.Addr()) == f {
						c.lite[f].Insert(e.CIDR.Masked())
					}
				}
			}
		}
		plIdx[pl.ID] = int32(len(t.pls))
		t.pls = append(t.pls, c)
	}
	for i := range cfg.SecurityGroups {
		g := &cfg.SecurityGroups[i]
		if id, ok := t.idx[g.ID]; ok && t.groups[id].present {
			return nil, fmt.Errorf("security group %s: duplicate id", g.ID)
		}
		t.groups[t.intern(g.ID)].present = true
	}
	for i := range cfg.Interfaces {
		for _, id := range cfg.Interfaces[i].SecurityGroupIDs {
			t.intern(id)
		}
	}
	plSubject := map[string]int32{}
	for i := range cfg.SecurityGroups {
		g := &cfg.SecurityGroups[i]
		gi := t.idx[g.ID]
		for j := range g.Rules {
			r := &g.Rules[j]
			if err := t.addRule(gi, r, plIdx, plSubject); err != nil {
				return nil, fmt.Errorf("security group %s rule %d: %w", g.ID, j, err)
			}
		}
		for dir := range 2 {
			for f := range 2 {
				for _, c := range [2]int{classTCP, classUDP} {
					t.groups[gi].lists[dir][f][c].buildIndex()
				}
			}
		}
	}
	return t, nil
}

func (t *Table) intern(id string) int32 {
	if i, ok := t.idx[id]; ok {
		return i
	}
	i := int32(len(t.ids))
	t.ids = append(t.ids, id)
	t.idx[id] = i
	t.groups = append(t.groups, group{})
	return i
}

// addRule compiles one rule into the buckets of every family and class it
// can match.
func (t *Table) addRule(gi int32, r *model.SGRule, plIdx map[string]int32, plSubject map[string]int32) error {
	if r.Protocol < model.ProtoAll || r.Protocol > 255 {
		return fmt.Errorf("invalid protocol %d", r.Protocol)
	}
	dir := Ingress
	if r.Egress {
		dir = Egress
	}
	base := rule{proto: r.Protocol, ref: int32(len(t.refs))}
	fams := [2]bool{true, true}
	switch r.Peer.Kind {
	case model.PeerCIDR:
		if !r.Peer.CIDR.IsValid() {
			return fmt.Errorf("invalid CIDR")
		}
		base.peer = rulePeerCIDR
		n := cidr.FromPrefix(r.Peer.CIDR)
		f := cidr.Fam(r.Peer.CIDR.Addr())
		fams[1-f] = false
		if f == 0 {
			base.net, base.mask = uint32(n.Lo), uint32(n.MLo)
		} else {
			base.net = uint32(len(t.nets6))
			t.nets6 = append(t.nets6, n)
		}
	case model.PeerPrefixList:
		if r.Peer.PrefixListID == "" {
			return fmt.Errorf("prefix list rule without a prefix list id")
		}
		pi, known := plIdx[r.Peer.PrefixListID]
		if !known || pi < 0 {
			base.peer = rulePeerPLUnknown
			si, ok := plSubject[r.Peer.PrefixListID]
			if !ok {
				si = int32(len(t.strs))
				t.strs = append(t.strs, r.Peer.PrefixListID)
				plSubject[r.Peer.PrefixListID] = si
			}
			base.aux = si
		} else {
			base.peer = rulePeerPL
			base.aux = pi
			// A known list without entries of a family can never match
			// that family's addresses.
			for f := range 2 {
				fams[f] = len(t.pls[pi].nets[f]) > 0
			}
		}
	case model.PeerGroup:
		if r.Peer.GroupID == "" {
			return fmt.Errorf("group reference without a group id")
		}
		if r.Peer.Stale() {
			// Stale references match nothing and are never undecidable.
			fams = [2]bool{}
			break
		}
		base.peer = rulePeerGroup
		base.aux = t.intern(r.Peer.GroupID)
		if r.Peer.VPCPeeringConnectionID != "" {
			base.flags |= flagPeered
		}
	default:
		return fmt.Errorf("unknown peer kind %d", r.Peer.Kind)
	}
	// ResourceID is the id of the group the rule sits in (not the rule's
	// own GroupID copy, which importers may leave empty).
	t.refs = append(t.refs, model.RuleRef{ResourceID: t.ids[gi], RuleID: r.ID, Description: r.Description})
	g := &t.groups[gi]
	for f := range 2 {
		if !fams[f] {
			continue
		}
		for c := range numClasses {
			cr, ok := bucketRule(base, r, c)
			if ok {
				g.lists[dir][f][c].rules = append(g.lists[dir][f][c].rules, cr)
			}
		}
		if base.peer == rulePeerCIDR && (r.Peer.CIDR == allIPv4 || r.Peer.CIDR == allIPv6) {
			g.allOpen[dir][f] = append(g.allOpen[dir][f], bucketTracking(base, r))
		}
	}
	return nil
}

// bucketRule specialises a rule for protocol class c, or reports that it
// can never match a flow of that class.
func bucketRule(base rule, r *model.SGRule, c int) (rule, bool) {
	if r.Protocol != model.ProtoAll && class(r.Protocol) != c {
		return rule{}, false
	}
	switch c {
	case classTCP, classUDP:
		if r.Protocol == model.ProtoAll {
			base.flags |= flagAnyPort
		} else {
			base.lo, base.hi = r.FromPort, r.ToPort
		}
	case classICMP, classICMPv6:
		switch {
		case r.Protocol == model.ProtoAll, !r.HasPorts, r.FromPort == -1:
			base.flags |= flagAnyType
		default:
			base.lo, base.hi = r.FromPort, r.ToPort
			if r.ToPort == -1 {
				base.flags |= flagAnyCode
			}
		}
	}
	return base, true
}

// bucketTracking keeps the fields tracking needs: protocol and port range
// (a "-1" rule covers every port).
func bucketTracking(base rule, r *model.SGRule) rule {
	base.lo, base.hi = r.FromPort, r.ToPort
	if r.Protocol == model.ProtoAll {
		base.flags |= flagAnyPort
	}
	return base
}

// inlineGroups is how many attached groups a Profile holds inline: AWS
// allows 5 per interface by default (16 at most), and keeping them in the
// Profile saves a dependent memory read per check.
const inlineGroups = 8

// Profile is the compiled view of one interface's attached groups. It is
// a value meant to be embedded in the caller's per-interface record, so
// that the interface, its groups and its tracking data share cache lines.
type Profile struct {
	n      int32               // number of attached groups
	inline [inlineGroups]int32 // their interned ids when n <= inlineGroups
	more   []int32             // all of them when n > inlineGroups
	// rev and fwdAll are bit sets indexed by trackBit(dir, fam, tcp/udp):
	// rev: an all-open rule with the protocol (or -1) covering every port
	// exists in that direction; fwdAll: an all-open "-1" rule exists.
	rev, fwdAll uint8
	// fwd are the all-open rules with a port range, for the forward
	// condition when fwdAll does not settle it.
	fwd []openRange
	// Missing is the first attached group id that is not in the config.
	Missing string
}

// openRange is the port range of an all-open TCP or UDP rule.
type openRange struct {
	bit    uint8 // trackBit of its direction, family and protocol
	lo, hi int32
}

func trackBit(dir, fam, pi int) uint8 { return 1 << (dir<<2 | fam<<1 | pi) }

// GroupIDs returns the interned ids of the attached groups, in AWS's
// order (duplicates kept: the semantics take the list as given).
func (p *Profile) GroupIDs() []int32 {
	if p.n <= inlineGroups {
		return p.inline[:p.n]
	}
	return p.more
}

// Profile compiles the view of an interface with the given attached
// groups. The ids were interned by Compile.
func (t *Table) Profile(groupIDs []string) Profile {
	var p Profile
	var all []int32
	for _, id := range groupIDs {
		gi := t.idx[id]
		all = append(all, gi)
		g := &t.groups[gi]
		if !g.present {
			if p.Missing == "" {
				p.Missing = id
			}
			continue
		}
		for dir := range 2 {
			for f := range 2 {
				for _, r := range g.allOpen[dir][f] {
					for pi, proto := range [2]int16{model.ProtoTCP, model.ProtoUDP} {
						if r.proto != proto && r.proto != model.ProtoAll {
							continue
						}
						bit := trackBit(dir, f, pi)
						if r.flags&flagAnyPort != 0 {
							p.fwdAll |= bit
							p.rev |= bit
							continue
						}
						p.fwd = append(p.fwd, openRange{bit: bit, lo: r.lo, hi: r.hi})
						if r.lo == -1 || (r.lo <= 0 && r.hi >= 65535) {
							p.rev |= bit
						}
					}
				}
			}
		}
	}
	p.n = int32(len(all))
	if len(all) <= inlineGroups {
		copy(p.inline[:], all)
	} else {
		p.more = all
	}
	return p
}

// Tracking returns the connection-tracking status the current rules give
// a flow at the interface (semantics section 3, "Tracking").
func (p *Profile) Tracking(q *Query) model.Tracking {
	if q.Automatic {
		return model.TrackingAutomatic
	}
	pi := 0
	switch q.Proto {
	case model.ProtoTCP:
	case model.ProtoUDP:
		pi = 1
	default:
		return model.TrackingTracked
	}
	if p.rev&trackBit(1-q.Dir, q.Fam, pi) == 0 {
		return model.TrackingTracked
	}
	bit := trackBit(q.Dir, q.Fam, pi)
	if p.fwdAll&bit != 0 {
		return model.TrackingUntracked
	}
	for _, r := range p.fwd {
		if r.bit == bit && r.lo <= q.Port && q.Port <= r.hi {
			return model.TrackingUntracked
		}
	}
	return model.TrackingTracked
}

// matchResult of one rule against a query.
const (
	noMatch = iota
	match
	undecidable
)

// ports reports whether rule r of bucket cls matches the query's ports,
// ICMP type and code, or (for the other-protocols bucket) protocol.
func (r *rule) ports(cls int, q *Query) bool {
	switch cls {
	case classTCP, classUDP:
		return r.flags&flagAnyPort != 0 || (r.lo <= q.Port && q.Port <= r.hi)
	case classICMP, classICMPv6:
		return r.flags&flagAnyType != 0 ||
			(r.lo == q.ICMPType && (r.flags&flagAnyCode != 0 || r.hi == q.ICMPCode))
	}
	return r.proto == model.ProtoAll || r.proto == q.Proto
}

// peerMatch tests the rule's peer against the query's peer.
func (t *Table) peerMatch(r *rule, q *Query) int {
	switch r.peer {
	case rulePeerCIDR:
		if !q.Peer.IP.IsValid() {
			return noMatch
		}
		if q.Fam == 0 {
			if uint32(q.Peer.Addr.Lo)&r.mask == r.net {
				return match
			}
		} else if t.nets6[r.net].Contains(q.Peer.Addr) {
			return match
		}
	case rulePeerPL:
		if q.Peer.IP.IsValid() && t.pls[r.aux].contains(q.Fam, q.Peer.IP, q.Peer.Addr) {
			return match
		}
	case rulePeerPLUnknown:
		return undecidable
	case rulePeerGroup:
		switch q.Peer.Kind {
		case PeerInterface:
			if slices.Contains(q.Peer.Groups, r.aux) {
				return match
			}
		case PeerUnknownHost, PeerUnknownInterface:
			return undecidable
		case PeerExternal:
			if r.flags&flagPeered != 0 && isPrivate(q.Peer.IP) {
				return undecidable
			}
		}
	}
	return noMatch
}

// The all-addresses CIDRs, the only peers that count for tracking.
var (
	allIPv4 = netip.MustParsePrefix("0.0.0.0/0")
	allIPv6 = netip.MustParsePrefix("::/0")
)

var privateNets = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("fc00::/7"),
}

// isPrivate: RFC 1918, shared address space 100.64/10 and IPv6 ULA, the
// ranges a peered VPC can use.
func isPrivate(ip netip.Addr) bool {
	for _, p := range privateNets {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// Touch reads the first cache line of every bucket a query on profile p
// will scan and returns a value derived from them (callers keep it so the
// reads are not dropped). The reads are independent of each other, so the
// processor overlaps their cache misses; issuing them for both interfaces
// of a flow before evaluating either turns a chain of dependent misses
// (group, index, rules) into a few overlapped ones.
func (t *Table) Touch(p *Profile, dir, fam int, proto int16) int32 {
	cls := class(proto)
	var sum int32
	for _, gi := range p.GroupIDs() {
		b := &t.groups[gi].lists[dir][fam][cls]
		if len(b.index) > 0 {
			sum += b.index[0]
		}
		if len(b.rules) > 0 {
			sum += b.rules[0].lo
		}
	}
	return sum
}

// Eval judges the query at the interface with profile p and fills c's
// verdict, rules, tracking and reason (the caller sets layer, leg,
// direction and resource). c.Rules must be empty; its storage is reused.
// Only an undecidable verdict that names an address builds a string.
func (t *Table) Eval(p *Profile, q *Query, c *model.Check) {
	tr := p.Tracking(q)
	if q.Established && q.EstablishedTracking != model.TrackingUnspecified {
		tr = q.EstablishedTracking
	}
	c.Tracking = tr
	cls := class(q.Proto)
	undec := 0
	// v4 with a valid address: the inline IPv4 CIDR test applies (a zero
	// address matches no CIDR, so it takes the general path).
	v4 := q.Fam == 0 && q.Peer.IP.IsValid()
	a4 := uint32(q.Peer.Addr.Lo)
	gids := p.GroupIDs()
	if (cls == classTCP || cls == classUDP) && len(gids) <= inlineGroups {
		// TCP and UDP, the common case, in phases: first every group's
		// bucket, then every group's candidate list, then the candidates.
		// The reads of one phase are independent of each other, so their
		// cache misses overlap instead of forming one chain per group.
		var idx [inlineGroups][]int32
		var sets [inlineGroups][]int32
		for k, gi := range gids {
			idx[k] = t.groups[gi].lists[q.Dir][q.Fam][cls].index
		}
		for k := range gids {
			if idx[k] != nil {
				sets[k] = portSet(idx[k], q.Port)
			}
		}
		for k, gi := range gids {
			rules := t.groups[gi].lists[q.Dir][q.Fam][cls].rules
			for _, ri := range sets[k] {
				r := &rules[ri]
				// The common case inline: an IPv4 CIDR rule.
				if r.peer == rulePeerCIDR && v4 {
					if a4&r.mask == r.net {
						c.Rules = append(c.Rules, t.refs[r.ref])
					}
					continue
				}
				switch t.peerMatch(r, q) {
				case match:
					c.Rules = append(c.Rules, t.refs[r.ref])
				case undecidable:
					undec++
				}
			}
		}
	} else {
		for _, gi := range gids {
			b := &t.groups[gi].lists[q.Dir][q.Fam][cls]
			for i := range b.rules {
				r := &b.rules[i]
				if !r.ports(cls, q) {
					continue
				}
				switch t.peerMatch(r, q) {
				case match:
					c.Rules = append(c.Rules, t.refs[r.ref])
				case undecidable:
					undec++
				}
			}
		}
	}
	if q.Established && tr != model.TrackingUntracked {
		c.Verdict = model.VerdictAllow
		c.Reason.Code = model.ReasonSGEstablishedTracked
		return
	}
	switch {
	case len(c.Rules) > 0:
		c.Verdict = model.VerdictAllow
		c.Reason.Code = model.ReasonSGAllowed
	case undec > 0:
		c.Verdict = model.VerdictIndeterminate
		c.Reason.Code = model.ReasonSGUndecidable
		c.Reason.Subject = t.undecidable(p, q, c)
	case p.Missing != "":
		c.Verdict = model.VerdictIndeterminate
		c.Reason.Code = model.ReasonSGUnknownGroup
		c.Reason.Subject = p.Missing
	default:
		c.Verdict = model.VerdictDeny
		c.Reason.Code = model.ReasonSGNoRule
	}
	// An untracked ESTABLISHED flow is re-judged on the current rules; an
	// INDETERMINATE outcome keeps its NEW reason so the missing piece stays
	// named.
	if q.Established && c.Verdict != model.VerdictIndeterminate {
		c.Reason.Code = model.ReasonSGUntrackedRecheck
	}
}

// undecidable appends every undecidable rule to c.Rules and returns the
// missing ids, comma-separated in first-seen order. It is the slow path:
// one id is returned as is (no allocation); several, or a membership
// subject naming an address, build a string.
func (t *Table) undecidable(p *Profile, q *Query, c *model.Check) string {
	cls := class(q.Proto)
	var seen [8]string
	ids := seen[:0]
	var memberIP string
	for _, gi := range p.GroupIDs() {
		rules := t.groups[gi].lists[q.Dir][q.Fam][cls].rules
		for i := range rules {
			r := &rules[i]
			if !r.ports(cls, q) || t.peerMatch(r, q) != undecidable {
				continue
			}
			c.Rules = append(c.Rules, t.refs[r.ref])
			var id string
			if r.peer == rulePeerPLUnknown {
				id = t.strs[r.aux]
			} else {
				if memberIP == "" {
					// An unknown interface is named by its id, other
					// peers by their address.
					memberIP = q.Peer.Label
					if q.Peer.Kind != PeerUnknownInterface {
						memberIP = q.Peer.IP.String()
					}
				}
				id = "membership of " + memberIP + " in " + t.ids[r.aux]
			}
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 1 {
		return ids[0]
	}
	return strings.Join(ids, ", ")
}
