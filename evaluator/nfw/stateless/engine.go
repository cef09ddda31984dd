package stateless

import (
	"fmt"
	"net/netip"
	"slices"
)

// Engine is a compiled stateless policy: the rules of every group
// flattened in evaluation order, each with its protocols as a bit set and
// its IPv4 CIDRs as network/mask pairs, so a packet is judged by one
// forward scan with no allocation. Safe for concurrent use.
type Engine struct {
	rules        []crule
	cold         []cold // parallel to rules
	arns         []string
	def, fragDef Action
	v4nets       []uint64 // all rules' IPv4 CIDRs: network<<32 | mask
	v6nets       []netip.Prefix
	ranges       []PortRange
	flags        []FlagMatch
	protoSets    [][4]uint64 // protocol bit sets of rules with several
}

// span is a rule's slice of one of the Engine's shared arrays; n < 0
// means the attribute is absent (matches anything).
type span struct{ off, n int32 }

func (s span) any() bool { return s.n < 0 }

// crule is one compiled rule. The common shapes are inline, so that most
// rules are judged from their own 64 bytes: one protocol, one IPv4 CIDR
// per side, one port range per side. The general forms (lists, IPv6) are
// spans into the Engine's shared arrays.
type crule struct {
	// Inline IPv4 CIDRs (network, mask), used when the side's kind is
	// kindOne4.
	dstNet, dstMask, srcNet, srcMask uint32
	dportLo, dportHi                 uint16 // when dportKind == kindOne
	sportLo, sportHi                 uint16
	proto                            uint8 // when protoKind == kindOne
	protoKind, dstKind, srcKind      uint8
	dportKind, sportKind             uint8
	action                           Action
	hasFlags                         bool
	group                            int32
	priority                         int32
}

// cold is the general forms of a rule (lists, IPv6, flags), kept apart
// from crule so that the scan reads 40 bytes per rule.
type cold struct {
	protoIdx     int32 // into protoSets
	src4, dst4   span  // into v4nets
	src6, dst6   span  // into v6nets
	sport, dport span  // into ranges
	flag         span  // into flags
}

// Attribute kinds of a compiled rule.
const (
	kindAny  uint8 = iota // absent: matches anything
	kindOne               // one value, inline (for addresses: one IPv4 CIDR)
	kindList              // the general form, in the shared arrays
)

// Compile validates p and compiles it. Priorities must be unique: groups
// within the policy, rules within their group (AWS refuses duplicates).
func Compile(p *Policy) (*Engine, error) {
	if p.DefaultAction == ActionUnspecified || p.FragmentDefaultAction == ActionUnspecified {
		return nil, fmt.Errorf("stateless policy: the default and the fragment default actions are required")
	}
	e := &Engine{def: p.DefaultAction, fragDef: p.FragmentDefaultAction}
	groups := slices.Clone(p.Groups)
	slices.SortStableFunc(groups, func(a, b Group) int { return int(a.Priority) - int(b.Priority) })
	for gi, g := range groups {
		if gi > 0 && groups[gi-1].Priority == g.Priority {
			return nil, fmt.Errorf("stateless rule groups %s and %s: same priority %d", groups[gi-1].ARN, g.ARN, g.Priority)
		}
		e.arns = append(e.arns, g.ARN)
		rules := slices.Clone(g.Rules)
		slices.SortStableFunc(rules, func(a, b Rule) int { return int(a.Priority) - int(b.Priority) })
		for ri, r := range rules {
			if ri > 0 && rules[ri-1].Priority == r.Priority {
				return nil, fmt.Errorf("stateless rule group %s: two rules with priority %d", g.ARN, r.Priority)
			}
			if r.Action == ActionUnspecified {
				return nil, fmt.Errorf("stateless rule group %s rule %d: no standard action", g.ARN, r.Priority)
			}
			c := crule{action: r.Action, group: int32(gi), priority: r.Priority}
			var k cold
			switch len(r.Protocols) {
			case 0:
				c.protoKind = kindAny
			case 1:
				c.protoKind, c.proto = kindOne, r.Protocols[0]
			default:
				var set [4]uint64
				for _, pr := range r.Protocols {
					set[pr>>6] |= 1 << (pr & 63)
				}
				c.protoKind, k.protoIdx = kindList, int32(len(e.protoSets))
				e.protoSets = append(e.protoSets, set)
			}
			k.src4, k.src6 = e.addrs(r.Sources)
			k.dst4, k.dst6 = e.addrs(r.Destinations)
			c.srcKind, c.srcNet, c.srcMask = addrKind(r.Sources)
			c.dstKind, c.dstNet, c.dstMask = addrKind(r.Destinations)
			k.sport, k.dport = e.portSpan(r.SourcePorts), e.portSpan(r.DestinationPorts)
			c.sportKind, c.sportLo, c.sportHi = portKind(r.SourcePorts)
			c.dportKind, c.dportLo, c.dportHi = portKind(r.DestinationPorts)
			k.flag = span{int32(len(e.flags)), -1}
			if len(r.TCPFlags) > 0 {
				c.hasFlags = true
				k.flag.n = int32(len(r.TCPFlags))
				for _, f := range r.TCPFlags {
					if !f.MasksGiven {
						f.Masks, f.MasksGiven = 0xff, true
					}
					f.Flags &= f.Masks
					e.flags = append(e.flags, f)
				}
			}
			e.rules = append(e.rules, c)
			e.cold = append(e.cold, k)
		}
	}
	return e, nil
}

// addrKind picks the inline form of an address list: absent, one IPv4
// CIDR (returned as network and mask), or the general form.
func addrKind(ps []netip.Prefix) (uint8, uint32, uint32) {
	switch {
	case len(ps) == 0:
		return kindAny, 0, 0
	case len(ps) == 1 && ps[0].Addr().Is4():
		n, mask := v4net(ps[0])
		return kindOne, n, mask
	}
	return kindList, 0, 0
}

// v4net returns an IPv4 prefix as network and mask.
func v4net(p netip.Prefix) (n, mask uint32) {
	p = p.Masked()
	if p.Bits() > 0 {
		mask = 0xffffffff << (32 - p.Bits())
	}
	return u32(p.Addr().As4()), mask
}

// u32 returns an IPv4 address (As4) as a number.
func u32(b [4]byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// portKind picks the inline form of a port list.
func portKind(rs []PortRange) (uint8, uint16, uint16) {
	switch len(rs) {
	case 0:
		return kindAny, 0, 0
	case 1:
		return kindOne, rs[0].From, rs[0].To
	}
	return kindList, 0, 0
}

// addrs stores an address list; an absent list matches any address of
// either family, a present one only its own prefixes.
func (e *Engine) addrs(ps []netip.Prefix) (v4, v6 span) {
	if len(ps) == 0 {
		return span{0, -1}, span{0, -1}
	}
	v4 = span{int32(len(e.v4nets)), 0}
	v6 = span{int32(len(e.v6nets)), 0}
	for _, p := range ps {
		if p.Addr().Is4() {
			n, mask := v4net(p)
			e.v4nets = append(e.v4nets, uint64(n)<<32|uint64(mask))
			v4.n++
		} else {
			e.v6nets = append(e.v6nets, p.Masked())
			v6.n++
		}
	}
	return v4, v6
}

func (e *Engine) portSpan(rs []PortRange) span {
	if len(rs) == 0 {
		return span{0, -1}
	}
	s := span{int32(len(e.ranges)), int32(len(rs))}
	e.ranges = append(e.ranges, rs...)
	return s
}

// Evaluate judges one packet. Source and destination are of one family.
func (e *Engine) Evaluate(pkt *Packet) Result {
	if pkt.Fragment && pkt.Proto != 17 {
		return Result{Action: Drop, SilentDrop: true}
	}
	v4 := pkt.Src.Is4() && pkt.Dst.Is4()
	var src4, dst4 uint32
	if v4 {
		src4, dst4 = u32(pkt.Src.As4()), u32(pkt.Dst.As4())
	}
	ports := pkt.Proto == 6 || pkt.Proto == 17
	pw, pb := pkt.Proto>>6, uint64(1)<<(pkt.Proto&63)
	for i := range e.rules {
		r := &e.rules[i]
		switch r.protoKind {
		case kindOne:
			if r.proto != pkt.Proto {
				continue
			}
		case kindList:
			if e.protoSets[e.cold[i].protoIdx][pw]&pb == 0 {
				continue
			}
		}
		if v4 {
			// The inline IPv4 test first: it settles most rules.
			if r.dstKind == kindOne && dst4&r.dstMask != r.dstNet || r.srcKind == kindOne && src4&r.srcMask != r.srcNet {
				continue
			}
			if r.dstKind == kindList && !e.list4(e.cold[i].dst4, dst4) || r.srcKind == kindList && !e.list4(e.cold[i].src4, src4) {
				continue
			}
		} else if !e.match6(r.dstKind, e.cold[i].dst6, pkt.Dst) || !e.match6(r.srcKind, e.cold[i].src6, pkt.Src) {
			continue
		}
		if ports && (!e.matchPort(r.dportKind, r.dportLo, r.dportHi, e.cold[i].dport, pkt.DstPort) ||
			!e.matchPort(r.sportKind, r.sportLo, r.sportHi, e.cold[i].sport, pkt.SrcPort)) {
			continue
		}
		if pkt.Proto == 6 && r.hasFlags && !e.flagsMatch(e.cold[i].flag, pkt.TCPFlags) {
			continue
		}
		return Result{Action: r.action, GroupARN: e.arns[r.group], RulePriority: r.priority}
	}
	if pkt.Fragment {
		return Result{Action: e.fragDef, Default: true, FragmentDefault: true}
	}
	return Result{Action: e.def, Default: true}
}

// list4 tests an IPv4 address against a rule's CIDR list.
func (e *Engine) list4(s4 span, a uint32) bool {
	for _, nm := range e.v4nets[s4.off : s4.off+s4.n] {
		if uint64(a)&(nm&0xffffffff) == nm>>32 {
			return true
		}
	}
	return false
}

func (e *Engine) match6(kind uint8, s6 span, a netip.Addr) bool {
	switch kind {
	case kindAny:
		return true
	case kindOne: // one IPv4 CIDR: no IPv6 address is in it
		return false
	}
	for _, p := range e.v6nets[s6.off : s6.off+s6.n] {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func (e *Engine) matchPort(kind uint8, lo, hi uint16, s span, port uint16) bool {
	switch kind {
	case kindAny:
		return true
	case kindOne:
		return lo <= port && port <= hi
	}
	for _, r := range e.ranges[s.off : s.off+s.n] {
		if r.From <= port && port <= r.To {
			return true
		}
	}
	return false
}

func (e *Engine) flagsMatch(s span, flags uint8) bool {
	for _, f := range e.flags[s.off : s.off+s.n] {
		if flags&f.Masks == f.Flags {
			return true
		}
	}
	return false
}
