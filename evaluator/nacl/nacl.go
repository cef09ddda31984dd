// Package nacl compiles network ACLs into first-match lists that judge a
// packet without allocating (docs/semantics.md section 4).
//
// Each ACL's entries are split by direction and address family, sorted by
// rule number (stable, so document order breaks ties, as the semantics say)
// and bucketed by protocol class; every bucket holds the "-1" entries too, so
// the first match in a bucket is the first match of the whole list. CIDRs
// carry precomputed masks, and the port or ICMP test of each entry is
// decided at compile time (a TCP entry without PortRange matches no port,
// protocol 58 with an IPv4 CIDR ignores type and code, ...).
//
// Sweep answers the return leg of a flow whose client port is unknown: it
// walks the entries once over the whole ephemeral range, keeping the ports
// not yet decided as a small set of intervals in stack scratch storage.
package nacl

import (
	"fmt"
	"strconv"

	"github.com/netverdict/netverdict/evaluator/internal/cidr"
	"github.com/netverdict/netverdict/evaluator/model"
)

// Direction indexes.
const (
	Egress  = 0
	Ingress = 1
)

// Protocol classes.
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

// Port tests of a compiled entry, decided at compile time.
const (
	portAny  uint8 = iota // "-1", other protocols, ICMP without IcmpTypeCode, 58 with IPv4
	portNone              // TCP/UDP entry without PortRange
	portRange
	portICMP
)

type entry struct {
	net   cidr.Net
	lo    int32 // port From, or ICMP type
	hi    int32 // port To, or ICMP code
	proto int16
	test  uint8
	allow bool
	ref   int32 // index into Table.refs
}

// ports reports whether the entry's port/ICMP test and protocol accept the
// packet. The protocol test is only needed in the other-protocols bucket;
// the rest hold only entries of their protocol or "-1".
func (e *entry) ports(p *Packet) bool {
	switch e.test {
	case portAny:
		return e.proto == model.ProtoAll || e.proto == p.Proto
	case portRange:
		return e.lo <= p.Port && p.Port <= e.hi
	case portICMP:
		return (e.lo == -1 || e.lo == p.ICMPType) && (e.lo == -1 || e.hi == -1 || e.hi == p.ICMPCode)
	}
	return false
}

type acl struct {
	lists [2][2][numClasses][]entry // [direction][family][class]
	def   [2]int32                  // synthesised default entry ref per family
}

// Table is the compiled network ACLs of a config, indexed like
// cfg.NetworkACLs. It is immutable and safe for concurrent use.
type Table struct {
	acls []acl
	refs []model.RuleRef
}

// Compile builds the table. Errors name the ACL and the entry's index.
func Compile(cfg *model.Config) (*Table, error) {
	t := &Table{acls: make([]acl, len(cfg.NetworkACLs))}
	seen := make(map[string]bool, len(cfg.NetworkACLs))
	numText := map[int32]string{}
	num := func(n int32) string {
		s, ok := numText[n]
		if !ok {
			s = strconv.Itoa(int(n))
			numText[n] = s
		}
		return s
	}
	for i := range cfg.NetworkACLs {
		a := &cfg.NetworkACLs[i]
		if seen[a.ID] {
			return nil, fmt.Errorf("network ACL %s: duplicate id", a.ID)
		}
		seen[a.ID] = true
		c := &t.acls[i]
		for f, n := range [2]int32{model.DefaultRuleNumberIPv4, model.DefaultRuleNumberIPv6} {
			c.def[f] = int32(len(t.refs))
			t.refs = append(t.refs, model.RuleRef{ResourceID: a.ID, RuleID: num(n), RuleNumber: n, Description: "default deny"})
		}
		order := sortedEntries(a.Entries)
		for _, j := range order {
			e := &a.Entries[j]
			if err := t.add(c, a.ID, e, num); err != nil {
				return nil, fmt.Errorf("network ACL %s entry %d: %w", a.ID, j, err)
			}
		}
	}
	return t, nil
}

// sortedEntries returns the entry indexes by ascending rule number, stable.
func sortedEntries(es []model.NACLEntry) []int {
	order := make([]int, len(es))
	for i := range order {
		order[i] = i
	}
	// Insertion sort: stable and ACLs are short (AWS allows 40 per list).
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && es[order[j]].RuleNumber < es[order[j-1]].RuleNumber; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	return order
}

func (t *Table) add(c *acl, id string, e *model.NACLEntry, num func(int32) string) error {
	if !e.CIDR.IsValid() {
		return fmt.Errorf("invalid CIDR")
	}
	if e.Protocol < model.ProtoAll || e.Protocol > 255 {
		return fmt.Errorf("invalid protocol %d", e.Protocol)
	}
	if e.Action != model.ActionAllow && e.Action != model.ActionDeny {
		return fmt.Errorf("invalid action %d", e.Action)
	}
	f := cidr.Fam(e.CIDR.Addr())
	dir := Ingress
	if e.Egress {
		dir = Egress
	}
	ce := entry{
		net:   cidr.FromPrefix(e.CIDR),
		proto: e.Protocol,
		allow: e.Action == model.ActionAllow,
		ref:   int32(len(t.refs)),
	}
	t.refs = append(t.refs, model.RuleRef{ResourceID: id, RuleID: num(e.RuleNumber), RuleNumber: e.RuleNumber})
	switch {
	case e.Protocol == model.ProtoTCP || e.Protocol == model.ProtoUDP:
		ce.test = portNone
		if e.HasPortRange {
			ce.test, ce.lo, ce.hi = portRange, e.PortFrom, e.PortTo
		}
	case e.Protocol == model.ProtoICMP || (e.Protocol == model.ProtoICMPv6 && f == 1):
		ce.test = portAny
		if e.HasICMP {
			ce.test, ce.lo, ce.hi = portICMP, e.ICMPType, e.ICMPCode
		}
	default:
		ce.test = portAny
	}
	for cl := range numClasses {
		if e.Protocol == model.ProtoAll || class(e.Protocol) == cl {
			c.lists[dir][f][cl] = append(c.lists[dir][f][cl], ce)
		}
	}
	return nil
}

// Packet is what a network ACL sees of one packet.
type Packet struct {
	Egress bool
	Fam    int // 0 IPv4, 1 IPv6
	Proto  int16
	// Peer is the packet's destination for egress, its source for ingress.
	Peer               cidr.Addr
	HasPeer            bool // false when the peer has no address: no CIDR matches
	Port               int32
	ICMPType, ICMPCode int32
}

// Eval judges packet p against ACL i (an index into cfg.NetworkACLs) and
// fills c's verdict, rule and reason: the first matching entry, or the
// synthesised default deny.
func (t *Table) Eval(i int, p *Packet, c *model.Check) {
	a := &t.acls[i]
	dir := Ingress
	if p.Egress {
		dir = Egress
	}
	c.Reason.Code = model.ReasonNACLEntry
	es := a.lists[dir][p.Fam][class(p.Proto)]
	if p.HasPeer {
		for k := range es {
			e := &es[k]
			if e.net.Contains(p.Peer) && e.ports(p) {
				c.Rules = append(c.Rules, t.refs[e.ref])
				if e.allow {
					c.Verdict = model.VerdictAllow
				} else {
					c.Verdict = model.VerdictDeny
				}
				return
			}
		}
	}
	c.Rules = append(c.Rules, t.refs[a.def[p.Fam]])
	c.Verdict = model.VerdictDeny
}

// scratchIntervals is the stack capacity for undecided port intervals; a
// list of n entries splits the range into at most n+1 intervals, and AWS
// allows 40 entries per list, so sweeps never reach the heap in practice.
const scratchIntervals = 48

// Sweep judges the reply packets of a TCP/UDP flow whose client port is
// unknown, for every destination port in rng, against ACL i (the packet's
// Port is ignored). ALLOW when every port is allowed, DENY when none is,
// INDETERMINATE otherwise with the allowed sub-ranges (merged, sorted) in
// c.Reason.Ports; c.Rules gets every entry that decided some port, in
// rule-number order (the default entry last). c.Rules and c.Reason.Ports
// must be empty; their storage is reused.
func (t *Table) Sweep(i int, p *Packet, rng model.PortRange, c *model.Check) {
	a := &t.acls[i]
	dir := Ingress
	if p.Egress {
		dir = Egress
	}
	var bufA, bufB [scratchIntervals][2]int32
	open := append(bufA[:0], [2]int32{int32(rng.From), int32(rng.To)})
	next := bufB[:0]
	allowed := int32(0)
	es := a.lists[dir][p.Fam][class(p.Proto)]
	if !p.HasPeer {
		es = nil
	}
	for k := range es {
		if len(open) == 0 {
			break
		}
		e := &es[k]
		if !e.net.Contains(p.Peer) {
			continue
		}
		var lo, hi int32
		switch e.test {
		case portAny:
			if e.proto != model.ProtoAll && e.proto != p.Proto {
				continue
			}
			lo, hi = 0, 65535
		case portRange:
			lo, hi = e.lo, e.hi
		default:
			continue
		}
		decided := false
		next = next[:0]
		for _, iv := range open {
			a, b := max(iv[0], lo), min(iv[1], hi)
			if a > b {
				next = append(next, iv)
				continue
			}
			decided = true
			if e.allow {
				allowed += b - a + 1
				c.Reason.Ports = append(c.Reason.Ports, model.PortRange{From: uint16(a), To: uint16(b)})
			}
			if iv[0] < a {
				next = append(next, [2]int32{iv[0], a - 1})
			}
			if b < iv[1] {
				next = append(next, [2]int32{b + 1, iv[1]})
			}
		}
		if decided {
			c.Rules = append(c.Rules, t.refs[e.ref])
			open, next = next, open
		}
	}
	if len(open) > 0 {
		c.Rules = append(c.Rules, t.refs[a.def[p.Fam]])
	}
	total := int32(rng.To) - int32(rng.From) + 1
	switch {
	case allowed == total:
		c.Verdict = model.VerdictAllow
		c.Reason.Code = model.ReasonNACLPortsAll
		c.Reason.Ports = append(c.Reason.Ports[:0], rng)
	case allowed == 0:
		c.Verdict = model.VerdictDeny
		c.Reason.Code = model.ReasonNACLPortsNone
		c.Reason.Ports = append(c.Reason.Ports[:0], rng)
	default:
		c.Verdict = model.VerdictIndeterminate
		c.Reason.Code = model.ReasonNACLPortsPartial
		c.Reason.Ports = mergeRanges(c.Reason.Ports)
	}
}

// mergeRanges sorts port ranges and merges overlapping or adjacent ones, in
// place.
func mergeRanges(rs []model.PortRange) []model.PortRange {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].From < rs[j-1].From; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
	out := rs[:0]
	for _, r := range rs {
		if n := len(out); n > 0 && uint32(r.From) <= uint32(out[n-1].To)+1 {
			out[n-1].To = max(out[n-1].To, r.To)
			continue
		}
		out = append(out, r)
	}
	return out
}
