package corpus

import (
	"fmt"
	"net/netip"

	"github.com/netverdict/netverdict/evaluator/model"
)

// byteSource hands out small choices from fuzz input. When the input is
// used up it goes on with a xorshift generator seeded from the whole input
// (rather than zeros, which would pin every later choice to its first
// option), so short inputs still build varied configs, deterministically.
type byteSource struct {
	data  []byte
	state uint64
}

func newByteSource(data []byte) *byteSource {
	h := uint64(14695981039346656037) // FNV-1a
	for _, c := range data {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return &byteSource{data: data, state: h | 1}
}

func (b *byteSource) next() byte {
	if len(b.data) == 0 {
		b.state ^= b.state << 13
		b.state ^= b.state >> 7
		b.state ^= b.state << 17
		return byte(b.state >> 32)
	}
	c := b.data[0]
	b.data = b.data[1:]
	return c
}

// n returns a choice in [0, k).
func (b *byteSource) n(k int) int { return int(b.next()) % k }

func (b *byteSource) bit() bool { return b.next()&1 == 1 }

// Pools: few values, so rules, addresses and ports collide often.
var (
	fzPrefixes = []netip.Prefix{
		netip.MustParsePrefix("0.0.0.0/0"),
		netip.MustParsePrefix("0.0.0.0/0"),
		netip.MustParsePrefix("::/0"),
		netip.MustParsePrefix("10.0.0.0/16"),
		netip.MustParsePrefix("10.0.1.0/24"),
		netip.MustParsePrefix("10.0.0.10/32"),
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("203.0.113.0/24"),
		netip.MustParsePrefix("198.51.100.0/25"),
		netip.MustParsePrefix("::/0"),
		netip.MustParsePrefix("2001:db8::/56"),
		netip.MustParsePrefix("2001:db8:0:1::/64"),
		netip.MustParsePrefix("2001:db8::a/128"),
		netip.MustParsePrefix("fd00::/8"),
	}
	fzProtocols = []int16{-1, 6, 6, 17, 1, 58, 50, -1}
	fzFlowProto = []uint8{6, 6, 6, 17, 17, 1, 58, 50}
	fzPorts     = []int32{22, 80, 443, 1024, 5000, 0, 65535, -1}
	fzRanges    = [][2]int32{{0, 65535}, {1024, 65535}, {22, 22}, {80, 443}, {1024, 2047}, {3000, 6000}, {-1, -1}, {443, 80}, {0, 65535}, {80, 80}, {-1, 65535}, {32768, 65535}, {1024, 30000}, {40000, 50000}}
	fzACLProto  = []int16{-1, 6, 6, 6, 17, 17, 1, 58, 50}
	fzICMP      = []int32{-1, 0, 3, 4, 8, 128, 129}
	fzRuleNums  = []int32{1, 10, 10, 100, 200, 32767, 32768, 50}
	fzTypes     = []string{"interface", "", "interface", "nat_gateway", "network_load_balancer", "lambda", "interface", "transit_gateway", "interface", "interface", "", "interface"}
	fzExternal4 = []netip.Addr{netip.MustParseAddr("198.51.100.7"), netip.MustParseAddr("8.8.8.8"), netip.MustParseAddr("192.168.5.5"), netip.MustParseAddr("100.64.1.1"),
		netip.MustParseAddr("198.51.100.9"), netip.MustParseAddr("169.254.169.254")}
	fzExternal6 = []netip.Addr{netip.MustParseAddr("2600::1"), netip.MustParseAddr("fd12::5"), netip.MustParseAddr("2001:db8:1::9"), netip.MustParseAddr("fd00:ec2::254")}
)

func fzGroupID(i int) string { return fmt.Sprintf("sg-%d", i) }

// FromBytes builds a small config and one flow from data: up to 4 subnets
// in one or two VPCs, up to 5 interfaces, up to 4 security groups with
// random rules of every protocol, port, ICMP and peer kind (prefix lists
// known, without entries or absent; group references present, missing,
// stale or across a peering), up to 3 network ACLs with random numbered
// entries (duplicates included) and random associations, default ACLs
// sometimes missing, and a flow between random endpoints (interfaces by id
// or address, public addresses, unknown ids, unknown hosts, external
// addresses) with random protocol, ports, ICMP, state and tracking. Every
// input gives a valid config and a flow whose addresses share one family.
func FromBytes(data []byte) (*model.Config, model.Flow) {
	// The flow's choices come from the first bytes and the config's from
	// the rest, so a short input still varies the flow, and a mutation of
	// the config keeps the flow (and the other way round).
	const flowBytes = 24
	fb := newByteSource(data[:min(len(data), flowBytes)])
	b := newByteSource(data[min(len(data), flowBytes):])
	cfg := &model.Config{}
	cfg.VPCs = append(cfg.VPCs, model.VPC{ID: "vpc-a", CIDRs: []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/16"), netip.MustParsePrefix("2001:db8::/56")}})
	if b.bit() {
		cfg.VPCs = append(cfg.VPCs, model.VPC{ID: "vpc-b", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16")}})
	}
	nSub := 1 + b.n(4)
	for s := range nSub {
		sn := model.Subnet{ID: fmt.Sprintf("subnet-%d", s), VPCID: "vpc-a",
			CIDRs: []netip.Prefix{netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, byte(s), 0}), 24)}}
		switch b.n(4) {
		case 0:
			sn.CIDRs = append(sn.CIDRs, netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 0, byte(s)}), 64))
		case 1:
			if s == 3 && len(cfg.VPCs) > 1 {
				sn.VPCID = "vpc-b"
				sn.CIDRs[0] = netip.MustParsePrefix("10.1.0.0/24")
			}
		case 2:
			// A wider block overlapping the others: longest match decides.
			if s == 2 {
				sn.CIDRs[0] = netip.MustParsePrefix("10.0.0.0/22")
			}
			// The same block as subnet-1, as in overlapping VPCs: an
			// unknown host there is ambiguous.
			if s == 3 {
				sn.CIDRs[0] = netip.MustParsePrefix("10.0.1.0/24")
			}
		}
		if b.n(8) == 0 {
			sn.VPCID = ""
		}
		cfg.Subnets = append(cfg.Subnets, sn)
	}

	cfg.PrefixLists = []model.PrefixList{{ID: "pl-a", EntriesKnown: true, Entries: []model.PrefixListEntry{
		{CIDR: netip.MustParsePrefix("10.0.1.0/24")},
		{CIDR: netip.MustParsePrefix("198.51.100.0/25")},
		{CIDR: netip.MustParsePrefix("2001:db8:0:1::/64")}}}}
	if b.bit() {
		cfg.PrefixLists = append(cfg.PrefixLists, model.PrefixList{ID: "pl-b"})
	}
	// pl-big: long enough (both families) for the compiled evaluator's
	// table lookup rather than its scan of short lists.
	big := model.PrefixList{ID: "pl-big", EntriesKnown: true}
	for i := range 40 {
		big.Entries = append(big.Entries,
			model.PrefixListEntry{CIDR: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, byte(i % 4), byte(i * 6)}), 30)},
			model.PrefixListEntry{CIDR: netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 0, byte(i % 4), 15: byte(i * 6)}), 126)})
	}
	big.Entries = append(big.Entries, model.PrefixListEntry{CIDR: netip.MustParsePrefix("198.51.100.0/24")})
	cfg.PrefixLists = append(cfg.PrefixLists, big)

	nGroups := 1 + b.n(4)
	for gi := range nGroups {
		if b.n(6) == 0 {
			continue // attached or referenced somewhere but not in the config
		}
		g := model.SecurityGroup{ID: fzGroupID(gi), VPCID: "vpc-a"}
		perm := [2]int{}
		for j := range 1 + b.n(8) {
			r := model.SGRule{GroupID: g.ID, Egress: b.bit(), Protocol: fzProtocols[b.n(len(fzProtocols))]}
			r.ProtocolText = model.ProtocolName(r.Protocol)
			if b.bit() {
				r.HasPorts = true
				if r.Protocol == model.ProtoICMP || r.Protocol == model.ProtoICMPv6 {
					r.FromPort, r.ToPort = fzICMP[b.n(len(fzICMP))], fzICMP[b.n(len(fzICMP))]
				} else {
					rg := fzRanges[b.n(len(fzRanges))]
					r.FromPort, r.ToPort = rg[0], rg[1]
				}
			}
			switch b.n(9) {
			case 0, 1, 2, 3:
				r.Peer = model.Peer{Kind: model.PeerCIDR, CIDR: fzPrefixes[b.n(len(fzPrefixes))]}
			case 8:
				// Wide rules, so flows get past the groups often.
				r.Peer = model.Peer{Kind: model.PeerCIDR, CIDR: fzPrefixes[b.n(4)]}
				r.Protocol, r.ProtocolText, r.HasPorts, r.FromPort, r.ToPort = model.ProtoAll, "-1", false, 0, 0
			case 4:
				r.Peer = model.Peer{Kind: model.PeerPrefixList, PrefixListID: []string{"pl-a", "pl-b", "pl-c", "pl-big"}[b.n(4)]}
			default:
				r.Peer = model.Peer{Kind: model.PeerGroup, GroupID: fzGroupID(b.n(nGroups + 1))}
				switch b.n(4) {
				case 0:
					r.Peer.PeeringStatus = "deleted"
					r.Peer.VPCPeeringConnectionID = "pcx-1"
				case 1:
					r.Peer.VPCPeeringConnectionID = "pcx-2"
					r.Peer.PeeringStatus = "active"
				}
			}
			dir := "ingress"
			if r.Egress {
				dir = "egress"
			}
			d := 0
			if r.Egress {
				d = 1
			}
			r.ID = fmt.Sprintf("%s/%s/%d/0", g.ID, dir, perm[d])
			perm[d]++
			if b.n(4) == 0 {
				r.ID = fmt.Sprintf("sgr-%d%d", gi, j)
			}
			r.Description = fmt.Sprintf("d%d", j)
			g.Rules = append(g.Rules, r)
		}
		cfg.SecurityGroups = append(cfg.SecurityGroups, g)
	}

	nIf := 1 + b.n(5)
	for i := range nIf {
		it := model.Interface{ID: fmt.Sprintf("eni-%d", i), VPCID: "vpc-a", Type: fzTypes[b.n(len(fzTypes))]}
		s := b.n(nSub + 1)
		if b.n(4) > 0 {
			s %= nSub // mostly a subnet of the config
		}
		switch {
		case s < nSub:
			it.SubnetID = cfg.Subnets[s].ID
		case b.bit():
			it.SubnetID = "subnet-gone" // not in the config
		}
		host := byte(10 + i)
		if b.n(8) == 0 {
			host = 10 // the address of eni-0 in the same subnet: ambiguous
		}
		sub := byte(s % 4)
		if b.n(5) > 0 {
			it.PrivateIPs = append(it.PrivateIPs, netip.AddrFrom4([4]byte{10, 0, sub, host}))
		}
		if b.n(3) > 0 {
			it.PrivateIPs = append(it.PrivateIPs, netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 0, sub, 15: host}))
		}
		if b.n(3) == 0 {
			it.PublicIPs = append(it.PublicIPs, netip.AddrFrom4([4]byte{203, 0, 113, byte(b.n(3))}))
		}
		n := b.n(4)
		if b.n(8) == 0 {
			n = 9 + b.n(3) // more groups than AWS's default limit of 5 (16 at most)
		}
		for range n {
			it.SecurityGroupIDs = append(it.SecurityGroupIDs, fzGroupID(b.n(nGroups+1)))
		}
		cfg.Interfaces = append(cfg.Interfaces, it)
	}

	for a := range 1 + b.n(3) {
		acl := model.NetworkACL{ID: fmt.Sprintf("acl-%d", a), VPCID: []string{"vpc-a", "vpc-a", "vpc-a", "vpc-b", ""}[b.n(5)], IsDefault: b.n(4) > 0}
		for range b.n(3) {
			acl.Associations = append(acl.Associations, model.NACLAssociation{SubnetID: fmt.Sprintf("subnet-%d", b.n(5))})
		}
		for range 2 + b.n(12) {
			e := model.NACLEntry{RuleNumber: fzRuleNums[b.n(len(fzRuleNums))], Egress: b.bit(),
				Protocol: fzACLProto[b.n(len(fzACLProto))], Action: model.ActionAllow}
			e.ProtocolText = model.ProtocolName(e.Protocol)
			if b.n(3) == 0 {
				e.Action = model.ActionDeny
			}
			e.CIDR = fzPrefixes[b.n(len(fzPrefixes))]
			if b.bit() {
				// Wide entries, so packets get past the ACLs often.
				e.CIDR = fzPrefixes[b.n(3)]
				if b.bit() {
					e.Protocol, e.ProtocolText = model.ProtoAll, "-1"
				}
			}
			if b.n(4) > 0 {
				e.HasPortRange = true
				rg := fzRanges[b.n(len(fzRanges))]
				e.PortFrom, e.PortTo = rg[0], rg[1]
			}
			if b.bit() {
				e.HasICMP = true
				e.ICMPType, e.ICMPCode = fzICMP[b.n(len(fzICMP))], fzICMP[b.n(len(fzICMP))]
			}
			acl.Entries = append(acl.Entries, e)
		}
		cfg.NetworkACLs = append(cfg.NetworkACLs, acl)
	}

	f := model.Flow{ID: "fuzz", Protocol: fzFlowProto[fb.n(len(fzFlowProto))],
		SourcePort: model.NoPort, DestinationPort: model.NoPort, ICMPType: model.NoPort, ICMPCode: model.NoPort}
	v6 := fb.n(3) == 2
	f.Source = fzEndpoint(fb, cfg, v6)
	f.Destination = fzEndpoint(fb, cfg, v6)
	switch f.Protocol {
	case 6, 17:
		f.DestinationPort = fzPorts[fb.n(len(fzPorts))]
		if fb.bit() {
			f.SourcePort = []int32{1024, 50000, 80, 0, 65535, 2000}[fb.n(6)]
		}
	case 1, 58:
		f.ICMPType, f.ICMPCode = fzICMP[fb.n(len(fzICMP))], fzICMP[fb.n(len(fzICMP))]
	}
	if fb.n(3) == 2 {
		f.State = model.StateEstablished
		f.EstablishedTracking = model.Tracking(fb.n(4))
		// Per-end tracking, as what-if sets it (mostly unset).
		if fb.n(3) == 0 {
			f.EstablishedTrackingAt = [2]model.Tracking{model.Tracking(fb.n(4)), model.Tracking(fb.n(4))}
		}
	}
	return cfg, f
}

// fzEndpoint draws an endpoint of the given family (or one given by
// interface id only, which takes the flow's family).
func fzEndpoint(b *byteSource, cfg *model.Config, v6 bool) model.Endpoint {
	fam := func(a netip.Addr) bool { return a.Is6() == v6 }
	var it *model.Interface
	if len(cfg.Interfaces) > 0 {
		it = &cfg.Interfaces[b.n(len(cfg.Interfaces))]
	}
	ownIP := func(list []netip.Addr) (netip.Addr, bool) {
		for _, a := range list {
			if fam(a) {
				return a, true
			}
		}
		return netip.Addr{}, false
	}
	switch k := b.n(14); {
	case k < 2 && it != nil: // by id
		return model.Endpoint{InterfaceID: it.ID}
	case k < 4 && it != nil: // by id and address (private, public or wrong)
		e := model.Endpoint{InterfaceID: it.ID}
		if a, ok := ownIP(it.PrivateIPs); ok && b.n(4) > 0 {
			e.IP = a
		} else if a, ok := ownIP(it.PublicIPs); ok && b.bit() {
			e.IP = a
		} else if !v6 && b.n(4) == 0 {
			e.IP = netip.MustParseAddr("10.0.0.99") // not its address: rejected
		}
		return e
	case k < 8 && it != nil: // by private address
		if a, ok := ownIP(it.PrivateIPs); ok {
			return model.Endpoint{IP: a}
		}
		if a, ok := ownIP(it.PublicIPs); ok {
			return model.Endpoint{IP: a}
		}
	case k < 9 && it != nil: // by public address
		if a, ok := ownIP(it.PublicIPs); ok {
			return model.Endpoint{IP: a}
		}
	case k < 10:
		e := model.Endpoint{InterfaceID: "eni-unknown"}
		if b.n(4) > 0 {
			if v6 {
				e.IP = netip.MustParseAddr("2001:db8::77")
			} else {
				e.IP = netip.MustParseAddr("10.0.0.77")
			}
		}
		return e
	case k < 12: // unknown host in a subnet, or in a VPC outside subnets
		if v6 {
			return model.Endpoint{IP: []netip.Addr{netip.MustParseAddr("2001:db8:0:1::99"), netip.MustParseAddr("2001:db8:0:ff::1"), netip.MustParseAddr("2001:db8::a")}[b.n(3)]}
		}
		// 10.0.0.2 is the VPC's Amazon DNS and 10.0.1.1 a subnet's router:
		// addresses AWS does not filter.
		return model.Endpoint{IP: []netip.Addr{netip.MustParseAddr("10.0.1.99"), netip.MustParseAddr("10.0.200.5"), netip.MustParseAddr("10.1.0.9"), netip.MustParseAddr("10.0.0.10"),
			netip.MustParseAddr("10.0.1.99"), netip.MustParseAddr("10.0.2.50"), netip.MustParseAddr("10.0.0.2"), netip.MustParseAddr("10.0.1.1")}[b.n(8)]}
	}
	if v6 {
		return model.Endpoint{IP: fzExternal6[b.n(len(fzExternal6))]}
	}
	return model.Endpoint{IP: fzExternal4[b.n(len(fzExternal4))]}
}
