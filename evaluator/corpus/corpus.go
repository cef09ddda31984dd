// Package corpus generates configs and flows for benchmarks and
// differential tests of the evaluators.
//
// Generate builds a deterministic, realistically shaped network of a given
// size (VPCs with IPv4 and IPv6 blocks, subnets, interfaces with public
// addresses, security groups mixing protocols, CIDR lengths, prefix lists
// and group references, network ACLs with numbered entries) and flows that
// mix allowed and denied traffic, known and unknown client ports.
//
// FromBytes turns arbitrary bytes into a small config and one flow whose
// values come from small pools, so rules and addresses collide often and a
// fuzzer reaches every branch of the semantics: unknown and stale
// references, prefix lists without entries, duplicate rule numbers, missing
// default ACLs, unknown hosts, public addresses, ESTABLISHED flows.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"net/netip"

	"github.com/netverdict/netverdict/evaluator/model"
)

// Size selects the scale of a generated corpus.
type Size int

// Sizes. Large is the benchmark target: 2,000 interfaces, 500 groups of
// 60 rules, 5 groups per interface, 50 network ACLs of 40 entries.
const (
	Small Size = iota
	Medium
	Large
)

// String returns the size's name as benchmarks use it: small, medium,
// large.
func (s Size) String() string {
	switch s {
	case Small:
		return "small"
	case Medium:
		return "medium"
	case Large:
		return "large"
	}
	return fmt.Sprintf("Size(%d)", int(s))
}

type dims struct {
	vpcs, subnetsPerVPC, ifaces, groups, rules, groupsPerIface, acls, entries, flows int
}

var sizes = map[Size]dims{
	Small:  {vpcs: 1, subnetsPerVPC: 4, ifaces: 20, groups: 10, rules: 10, groupsPerIface: 2, acls: 3, entries: 10, flows: 200},
	Medium: {vpcs: 2, subnetsPerVPC: 10, ifaces: 200, groups: 50, rules: 30, groupsPerIface: 3, acls: 10, entries: 20, flows: 2000},
	Large:  {vpcs: 4, subnetsPerVPC: 25, ifaces: 2000, groups: 500, rules: 60, groupsPerIface: 5, acls: 50, entries: 40, flows: 10000},
}

// UnknownPrefixList is the one prefix list the generated configs know only
// by description (EntriesKnown false): rules naming it are undecidable.
const UnknownPrefixList = "pl-0unknown"

// Generate returns a config of the given size and flows over it. The same
// size and seed always give the same result.
func Generate(size Size, seed int64) (*model.Config, []model.Flow) {
	dm, ok := sizes[size]
	if !ok {
		dm = sizes[Small]
	}
	g := &gen{r: rand.New(rand.NewPCG(uint64(seed), 0x6e657476657264)), d: dm}
	cfg := g.config()
	return cfg, g.flows(cfg)
}

type gen struct {
	r     *rand.Rand
	d     dims
	hosts map[[2]int]int // interfaces placed per (VPC, subnet)
}

func (g *gen) pick(n int) int { return g.r.IntN(n) }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// vpc4 / vpc6 are the blocks of VPC v: 10.v.0.0/16 and 2001:db8:v00::/56.
func vpc4(v int) netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(v), 0, 0}), 16)
}

func vpc6(v int) netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, byte(v), 0}), 56)
}

func subnet4(v, s int) netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(v), byte(s), 0}), 24)
}

func subnet6(v, s int) netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, byte(v), byte(s)}), 64)
}

func host4(v, s, h int) netip.Addr { return netip.AddrFrom4([4]byte{10, byte(v), byte(s), byte(h)}) }

func host6(v, s, h int) netip.Addr {
	return netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, byte(v), byte(s), 14: byte(h >> 8), 15: byte(h)})
}

func public4(i int) netip.Addr {
	return netip.AddrFrom4([4]byte{198, 18 + byte(i>>16&1), byte(i >> 8), byte(i)})
}

func (g *gen) config() *model.Config {
	d := g.d
	cfg := &model.Config{}
	for v := range d.vpcs {
		cfg.VPCs = append(cfg.VPCs, model.VPC{ID: fmt.Sprintf("vpc-%04d", v), OwnerID: "111122223333",
			CIDRs: []netip.Prefix{vpc4(v), vpc6(v)}})
		for s := range d.subnetsPerVPC {
			cfg.Subnets = append(cfg.Subnets, model.Subnet{ID: fmt.Sprintf("subnet-%02d%02d", v, s),
				VPCID: cfg.VPCs[v].ID, AvailabilityZone: "us-east-1a",
				CIDRs: []netip.Prefix{subnet4(v, s), subnet6(v, s)}})
		}
	}
	// Prefix lists: a few known ones, and one without entries.
	for p := range 6 {
		pl := model.PrefixList{ID: fmt.Sprintf("pl-%04d", p), Name: fmt.Sprintf("list-%d", p),
			AddressFamily: "IPv4", MaxEntries: 40, EntriesKnown: true}
		n := 3 + g.pick(20)
		for range n {
			pl.Entries = append(pl.Entries, model.PrefixListEntry{CIDR: g.cidr4(true)})
		}
		if p%3 == 2 {
			pl.AddressFamily = "IPv6"
			pl.Entries = pl.Entries[:0]
			for range n {
				pl.Entries = append(pl.Entries, model.PrefixListEntry{CIDR: g.cidr6()})
			}
		}
		cfg.PrefixLists = append(cfg.PrefixLists, pl)
	}
	cfg.PrefixLists = append(cfg.PrefixLists, model.PrefixList{ID: UnknownPrefixList, Name: "com.amazonaws.us-east-1.s3", AddressFamily: "IPv4"})

	for i := range d.groups {
		cfg.SecurityGroups = append(cfg.SecurityGroups, g.group(i, cfg))
	}
	for i := range d.ifaces {
		cfg.Interfaces = append(cfg.Interfaces, g.iface(i, cfg))
	}
	g.acls(cfg)
	return cfg
}

// cidr4 draws an IPv4 CIDR of varied length, mostly inside the VPCs
// (inVPC) or on the internet.
func (g *gen) cidr4(inVPC bool) netip.Prefix {
	if inVPC && g.chance(0.35) {
		// Broad blocks most rules use: the whole private range, a VPC, a subnet.
		v := g.pick(g.d.vpcs)
		switch g.pick(3) {
		case 0:
			return netip.MustParsePrefix("10.0.0.0/8")
		case 1:
			return vpc4(v)
		default:
			return subnet4(v, g.pick(g.d.subnetsPerVPC))
		}
	}
	var a netip.Addr
	if inVPC && g.chance(0.5) {
		a = host4(g.pick(g.d.vpcs), g.pick(g.d.subnetsPerVPC), g.pick(256))
	} else {
		a = netip.AddrFrom4([4]byte{byte(1 + g.pick(223)), byte(g.pick(256)), byte(g.pick(256)), byte(g.pick(256))})
		if g.chance(0.3) {
			a = public4(g.pick(g.d.ifaces))
		}
	}
	bits := []int{8, 12, 16, 20, 22, 24, 24, 26, 28, 32, 32}[g.pick(11)]
	return netip.PrefixFrom(a, bits).Masked()
}

func (g *gen) cidr6() netip.Prefix {
	a := host6(g.pick(g.d.vpcs), g.pick(g.d.subnetsPerVPC), g.pick(256))
	bits := []int{48, 56, 60, 64, 64, 96, 128}[g.pick(7)]
	return netip.PrefixFrom(a, bits).Masked()
}

var commonPorts = []int32{22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9200, 53, 123, 25, 3389, 11211}

func (g *gen) group(i int, cfg *model.Config) model.SecurityGroup {
	sg := model.SecurityGroup{ID: fmt.Sprintf("sg-%08x", i), Name: fmt.Sprintf("group-%d", i),
		VPCID: cfg.VPCs[i%len(cfg.VPCs)].ID, OwnerID: "111122223333"}
	fromRules := i%2 == 0 // half the groups came from describe-security-group-rules
	perm := [2]int{}
	for j := range g.d.rules {
		r := model.SGRule{GroupID: sg.ID, Egress: g.chance(0.35)}
		switch k := g.pick(20); {
		case k < 11:
			r.Protocol, r.ProtocolText = model.ProtoTCP, "tcp"
		case k < 14:
			r.Protocol, r.ProtocolText = model.ProtoUDP, "udp"
		case k < 16:
			r.Protocol, r.ProtocolText = model.ProtoICMP, "icmp"
		case k < 17:
			r.Protocol, r.ProtocolText = model.ProtoICMPv6, "icmpv6"
		case k < 18:
			r.Protocol, r.ProtocolText = 50, "50"
		default:
			r.Protocol, r.ProtocolText = model.ProtoAll, "-1"
		}
		switch r.Protocol {
		case model.ProtoTCP, model.ProtoUDP:
			r.HasPorts = true
			switch k := g.pick(10); {
			case k < 6:
				p := commonPorts[g.pick(len(commonPorts))]
				r.FromPort, r.ToPort = p, p
			case k < 8:
				r.FromPort, r.ToPort = 1024, 65535
			case k < 9:
				r.FromPort, r.ToPort = 0, 65535
			default:
				p := int32(1000 + g.pick(20000))
				r.FromPort, r.ToPort = p, p+int32(g.pick(2000))
			}
		case model.ProtoICMP, model.ProtoICMPv6:
			r.HasPorts = true
			r.FromPort, r.ToPort = -1, -1
			if g.chance(0.5) {
				r.FromPort, r.ToPort = []int32{8, 0, 3, 128, 129}[g.pick(5)], []int32{-1, 0, 4}[g.pick(3)]
			}
		}
		switch k := g.pick(20); {
		case k < 3:
			r.Peer = model.Peer{Kind: model.PeerCIDR, CIDR: netip.MustParsePrefix("0.0.0.0/0")}
			if g.chance(0.4) {
				r.Peer.CIDR = netip.MustParsePrefix("::/0")
			}
		case k < 11:
			r.Peer = model.Peer{Kind: model.PeerCIDR, CIDR: g.cidr4(true)}
		case k < 13:
			r.Peer = model.Peer{Kind: model.PeerCIDR, CIDR: g.cidr6()}
		case k < 15:
			r.Peer = model.Peer{Kind: model.PeerPrefixList, PrefixListID: cfg.PrefixLists[g.pick(len(cfg.PrefixLists)-1)].ID}
			if g.chance(0.1) {
				r.Peer.PrefixListID = UnknownPrefixList
			}
		default:
			r.Peer = model.Peer{Kind: model.PeerGroup, GroupID: fmt.Sprintf("sg-%08x", g.pick(g.d.groups)), UserID: "111122223333"}
		}
		r.Description = fmt.Sprintf("rule %d", j)
		dir := 0
		if r.Egress {
			dir = 1
		}
		if fromRules {
			r.ID = fmt.Sprintf("sgr-%08x%04x", i, j)
		} else {
			dirText := "ingress"
			if r.Egress {
				dirText = "egress"
			}
			r.ID = fmt.Sprintf("%s/%s/%d/0", sg.ID, dirText, perm[dir])
			perm[dir]++
		}
		sg.Rules = append(sg.Rules, r)
	}
	return sg
}

var ifaceTypes = []string{"interface", "interface", "interface", "interface", "interface", "interface",
	"interface", "network_load_balancer", "nat_gateway", "vpc_endpoint", ""}

func (g *gen) iface(i int, cfg *model.Config) model.Interface {
	v, s := g.pick(g.d.vpcs), g.pick(g.d.subnetsPerVPC)
	it := model.Interface{
		ID:       fmt.Sprintf("eni-%08x", i),
		SubnetID: fmt.Sprintf("subnet-%02d%02d", v, s),
		VPCID:    cfg.VPCs[v].ID,
		Type:     ifaceTypes[g.pick(len(ifaceTypes))],
	}
	// Unique private addresses: a per-subnet counter gives the host part.
	if g.hosts == nil {
		g.hosts = map[[2]int]int{}
	}
	h := g.hosts[[2]int{v, s}]
	g.hosts[[2]int{v, s}] = h + 1
	it.PrivateIPs = []netip.Addr{host4(v, s, 4+h%250)}
	if g.chance(0.5) {
		it.PrivateIPs = append(it.PrivateIPs, host6(v, s, 0x100+h))
	}
	if g.chance(0.2) {
		it.PublicIPs = []netip.Addr{public4(i)}
	}
	n := g.d.groupsPerIface
	seen := map[int]bool{}
	for len(it.SecurityGroupIDs) < n {
		k := g.pick(g.d.groups)
		if seen[k] {
			continue
		}
		seen[k] = true
		it.SecurityGroupIDs = append(it.SecurityGroupIDs, fmt.Sprintf("sg-%08x", k))
	}
	return it
}

func (g *gen) acls(cfg *model.Config) {
	d := g.d
	for a := range d.acls {
		v := a % d.vpcs
		acl := model.NetworkACL{ID: fmt.Sprintf("acl-%08x", a), VPCID: cfg.VPCs[v].ID,
			IsDefault: a < d.vpcs, OwnerID: "111122223333"}
		// Half the entries each way; numbers ascend in steps of 10 with a
		// few ties (same number, document order decides).
		for k := range d.entries {
			e := model.NACLEntry{RuleNumber: int32(10 * (k/2 + 1)), Egress: k%2 == 1}
			if g.chance(0.05) {
				e.RuleNumber += 5
			}
			switch k := g.pick(10); {
			case k < 5:
				e.Protocol, e.ProtocolText = model.ProtoTCP, "6"
			case k < 7:
				e.Protocol, e.ProtocolText = model.ProtoUDP, "17"
			case k < 8:
				e.Protocol, e.ProtocolText = model.ProtoICMP, "1"
			default:
				e.Protocol, e.ProtocolText = model.ProtoAll, "-1"
			}
			e.Action = model.ActionAllow
			if g.chance(0.2) {
				e.Action = model.ActionDeny
			}
			if g.chance(0.25) {
				e.CIDR = g.cidr6()
				if g.chance(0.5) {
					e.CIDR = netip.MustParsePrefix("::/0")
				}
				if e.Protocol == model.ProtoICMP {
					e.Protocol, e.ProtocolText = model.ProtoICMPv6, "58"
				}
			} else {
				e.CIDR = g.cidr4(true)
				if g.chance(0.4) {
					e.CIDR = netip.MustParsePrefix("0.0.0.0/0")
				}
			}
			switch e.Protocol {
			case model.ProtoTCP, model.ProtoUDP:
				e.HasPortRange = true
				switch k := g.pick(6); {
				case k < 2:
					e.PortFrom, e.PortTo = 1024, 65535
				case k < 3:
					e.PortFrom, e.PortTo = 32768, 65535
				default:
					p := commonPorts[g.pick(len(commonPorts))]
					e.PortFrom, e.PortTo = p, p
				}
			case model.ProtoICMP, model.ProtoICMPv6:
				e.HasICMP = true
				e.ICMPType, e.ICMPCode = -1, -1
				if g.chance(0.5) {
					e.ICMPType, e.ICMPCode = []int32{8, 0, 128, 129}[g.pick(4)], -1
				}
			}
			acl.Entries = append(acl.Entries, e)
		}
		// The "*" entries as AWS prints them.
		for _, eg := range []bool{false, true} {
			acl.Entries = append(acl.Entries,
				model.NACLEntry{RuleNumber: model.DefaultRuleNumberIPv4, Egress: eg, Protocol: model.ProtoAll, ProtocolText: "-1", Action: model.ActionDeny, CIDR: netip.MustParsePrefix("0.0.0.0/0")},
				model.NACLEntry{RuleNumber: model.DefaultRuleNumberIPv6, Egress: eg, Protocol: model.ProtoAll, ProtocolText: "-1", Action: model.ActionDeny, CIDR: netip.MustParsePrefix("::/0")})
		}
		cfg.NetworkACLs = append(cfg.NetworkACLs, acl)
	}
	// Associations: most subnets explicitly, the rest use their VPC's default.
	for i, sn := range cfg.Subnets {
		if g.chance(0.2) {
			continue
		}
		v := i / d.subnetsPerVPC
		// An ACL of the subnet's VPC.
		a := v + d.vpcs*g.pick(max(1, (d.acls-v+d.vpcs-1)/d.vpcs))
		if a >= d.acls {
			a = v
		}
		acl := &cfg.NetworkACLs[a]
		acl.Associations = append(acl.Associations, model.NACLAssociation{ID: fmt.Sprintf("aclassoc-%04d", i), SubnetID: sn.ID})
	}
}

// flows draws flows between interfaces and the internet: interface to
// interface (by id, by private address), internet to public address or to
// an interface's private address, interface to internet.
func (g *gen) flows(cfg *model.Config) []model.Flow {
	out := make([]model.Flow, 0, g.d.flows)
	// Internet addresses: first octet 11-99, outside the VPCs' 10/8, so
	// the large corpus has no unknown hosts (whose checks must render
	// the address into a string).
	external4 := func() netip.Addr {
		return netip.AddrFrom4([4]byte{byte(11 + g.pick(89)), byte(g.pick(256)), byte(g.pick(256)), byte(1 + g.pick(254))})
	}
	for n := range g.d.flows {
		f := model.Flow{ID: fmt.Sprintf("flow-%d", n), SourcePort: model.NoPort, DestinationPort: model.NoPort,
			ICMPType: model.NoPort, ICMPCode: model.NoPort}
		a := &cfg.Interfaces[g.pick(len(cfg.Interfaces))]
		b := &cfg.Interfaces[g.pick(len(cfg.Interfaces))]
		v6 := g.chance(0.15) && len(a.PrivateIPs) > 1 && len(b.PrivateIPs) > 1
		addr := func(it *model.Interface) netip.Addr {
			if v6 {
				return it.PrivateIPs[1]
			}
			return it.PrivateIPs[0]
		}
		switch k := g.pick(10); {
		case k < 3: // interface to interface by id
			f.Source.InterfaceID, f.Destination.InterfaceID = a.ID, b.ID
			if v6 {
				f.Source.IP = addr(a)
			}
		case k < 6: // by private address
			f.Source.IP, f.Destination.IP = addr(a), addr(b)
		case k < 8: // from the internet
			if len(b.PublicIPs) > 0 && g.chance(0.7) {
				f.Source.IP, f.Destination.IP = external4(), b.PublicIPs[0]
				v6 = false // public IPs are IPv4: so is the flow (no icmpv6)
			} else {
				f.Source.IP = external4()
				f.Destination.InterfaceID = b.ID
				if v6 {
					f.Source.IP = netip.AddrFrom16([16]byte{0x26, 0x00, 15: byte(n)})
				}
			}
		default: // to the internet
			f.Source.InterfaceID = a.ID
			f.Destination.IP = external4()
			if v6 {
				f.Destination.IP = netip.AddrFrom16([16]byte{0x26, 0x00, 15: byte(n)})
			}
		}
		switch k := g.pick(20); {
		case k < 13:
			f.Protocol = 6
			f.DestinationPort = commonPorts[g.pick(len(commonPorts))]
		case k < 17:
			f.Protocol = 17
			f.DestinationPort = []int32{53, 123, 161, 514, 4789}[g.pick(5)]
		case k < 19:
			f.Protocol = 1
			if v6 {
				f.Protocol = 58
				f.ICMPType, f.ICMPCode = 128, 0
			} else {
				f.ICMPType, f.ICMPCode = []int32{8, 8, 3}[g.pick(3)], 0
			}
		default:
			f.Protocol = 50
		}
		if (f.Protocol == 6 || f.Protocol == 17) && g.chance(0.6) {
			f.SourcePort = int32(32768 + g.pick(28232))
		}
		if g.chance(0.1) {
			f.State = model.StateEstablished
		}
		out = append(out, f)
	}
	return out
}
