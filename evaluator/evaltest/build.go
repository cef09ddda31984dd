package evaltest

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/model"
)

// This file builds configs and flows for the cases. Everything panics on
// malformed input: it is test data written by hand.
//
// The base network (base) is one VPC with three subnets:
//
//	vpc-1       10.0.0.0/16, 2001:db8::/56
//	subnet-a    10.0.1.0/24, 2001:db8:0:1::/64   acl-a (open)
//	  eni-a     10.0.1.10, 10.0.1.12, 2001:db8:0:1::10, public 192.0.2.10   sg-a
//	  eni-a2    10.0.1.11, 2001:db8:0:1::11                                  sg-a2
//	subnet-b    10.0.2.0/24, 2001:db8:0:2::/64   acl-b (open)
//	  eni-b     10.0.2.20, 2001:db8:0:2::20                                  sg-b
//	subnet-c    10.0.3.0/24 (no association)     acl-default, the VPC's default ACL (open)
//	  eni-c     10.0.3.30 (IPv4 only)                                        sg-c
//
// "Open" ACLs have the rules of a new VPC's default ACL: rule 100 allows all
// IPv4, rule 101 all IPv6, in both directions (aws §2.2). Every group has
// no inbound rule and the outbound rules of a new group: all protocols to
// 0.0.0.0/0 (id "<group>/egress/0/0") and to ::/0 ("<group>/egress/0/1")
// (aws §1.2). Addresses outside the VPC (198.51.100.0/24, 203.0.113.0/24,
// 2001:db8:ffff::/48) are external.

// mod changes a config while a case builds it.
type mod func(*model.Config)

// base returns a fresh copy of the base network with mods applied in order.
func base(mods ...mod) *model.Config {
	cfg := &model.Config{
		VPCs: []model.VPC{{ID: "vpc-1", OwnerID: "111122223333", CIDRs: prefixes("10.0.0.0/16", "2001:db8::/56")}},
		Subnets: []model.Subnet{
			{ID: "subnet-a", VPCID: "vpc-1", CIDRs: prefixes("10.0.1.0/24", "2001:db8:0:1::/64")},
			{ID: "subnet-b", VPCID: "vpc-1", CIDRs: prefixes("10.0.2.0/24", "2001:db8:0:2::/64")},
			{ID: "subnet-c", VPCID: "vpc-1", CIDRs: prefixes("10.0.3.0/24")},
		},
		Interfaces: []model.Interface{
			{ID: "eni-a", SubnetID: "subnet-a", VPCID: "vpc-1", Type: "interface",
				PrivateIPs: addrs("10.0.1.10", "10.0.1.12", "2001:db8:0:1::10"), PublicIPs: addrs("192.0.2.10"),
				SecurityGroupIDs: []string{"sg-a"}},
			{ID: "eni-a2", SubnetID: "subnet-a", VPCID: "vpc-1", Type: "interface",
				PrivateIPs: addrs("10.0.1.11", "2001:db8:0:1::11"), SecurityGroupIDs: []string{"sg-a2"}},
			{ID: "eni-b", SubnetID: "subnet-b", VPCID: "vpc-1", Type: "interface",
				PrivateIPs: addrs("10.0.2.20", "2001:db8:0:2::20"), SecurityGroupIDs: []string{"sg-b"}},
			{ID: "eni-c", SubnetID: "subnet-c", VPCID: "vpc-1", Type: "interface",
				PrivateIPs: addrs("10.0.3.30"), SecurityGroupIDs: []string{"sg-c"}},
		},
		SecurityGroups: []model.SecurityGroup{
			newGroup("sg-a"), newGroup("sg-a2"), newGroup("sg-b"), newGroup("sg-c"),
		},
		NetworkACLs: []model.NetworkACL{
			{ID: "acl-a", VPCID: "vpc-1", Associations: []model.NACLAssociation{{ID: "aclassoc-a", SubnetID: "subnet-a"}}, Entries: openEntries()},
			{ID: "acl-b", VPCID: "vpc-1", Associations: []model.NACLAssociation{{ID: "aclassoc-b", SubnetID: "subnet-b"}}, Entries: openEntries()},
			{ID: "acl-default", VPCID: "vpc-1", IsDefault: true, Entries: openEntries()},
		},
	}
	for _, m := range mods {
		m(cfg)
	}
	return cfg
}

// newGroup is a group as AWS creates it: no inbound rule, all outbound
// traffic allowed to 0.0.0.0/0 and ::/0.
func newGroup(id string) model.SecurityGroup {
	g := model.SecurityGroup{ID: id, Name: id, VPCID: "vpc-1", OwnerID: "111122223333"}
	g.Rules = []model.SGRule{
		out(id+"/egress/0/0", "-1", cidr("0.0.0.0/0")),
		out(id+"/egress/0/1", "-1", cidr("::/0")),
	}
	for i := range g.Rules {
		g.Rules[i].GroupID = id
	}
	return g
}

// openEntries are the entries of a new default ACL: allow everything, both
// families, both directions (aws §2.2).
func openEntries() []model.NACLEntry {
	return []model.NACLEntry{
		nin(100, "allow", "-1", "0.0.0.0/0"),
		nin(101, "allow", "-1", "::/0"),
		nout(100, "allow", "-1", "0.0.0.0/0"),
		nout(101, "allow", "-1", "::/0"),
	}
}

// --- config changes ---

// rules replaces the rules of group id (adding the group when it is not
// there yet) with rs; their GroupID is set to id.
func rules(id string, rs ...model.SGRule) mod {
	return func(cfg *model.Config) {
		for i := range rs {
			rs[i].GroupID = id
		}
		for i := range cfg.SecurityGroups {
			if cfg.SecurityGroups[i].ID == id {
				cfg.SecurityGroups[i].Rules = rs
				return
			}
		}
		cfg.SecurityGroups = append(cfg.SecurityGroups,
			model.SecurityGroup{ID: id, Name: id, VPCID: "vpc-1", OwnerID: "111122223333", Rules: rs})
	}
}

// withIngress keeps group id's outbound rules and sets its inbound rules to rs.
func withIngress(id string, rs ...model.SGRule) mod {
	return func(cfg *model.Config) {
		g := group(cfg, id)
		var kept []model.SGRule
		for _, r := range g.Rules {
			if r.Egress {
				kept = append(kept, r)
			}
		}
		rules(id, append(rs, kept...)...)(cfg)
	}
}

// attach sets the groups attached to interface eni, in that order.
func attach(eni string, groups ...string) mod {
	return func(cfg *model.Config) { iface(cfg, eni).SecurityGroupIDs = groups }
}

// entries replaces the entries of network ACL id.
func entries(id string, es ...model.NACLEntry) mod {
	return func(cfg *model.Config) { acl(cfg, id).Entries = es }
}

// prefixList adds a managed prefix list whose entries are known.
func prefixList(id string, cidrs ...string) mod {
	return func(cfg *model.Config) {
		pl := model.PrefixList{ID: id, Name: id, AddressFamily: "IPv4", EntriesKnown: true, MaxEntries: 10}
		for _, c := range cidrs {
			pl.Entries = append(pl.Entries, model.PrefixListEntry{CIDR: netip.MustParsePrefix(c)})
		}
		cfg.PrefixLists = append(cfg.PrefixLists, pl)
	}
}

// prefixListWithoutEntries adds a prefix list as describe-managed-prefix-lists
// prints it: no entries known.
func prefixListWithoutEntries(id string) mod {
	return func(cfg *model.Config) {
		cfg.PrefixLists = append(cfg.PrefixLists, model.PrefixList{ID: id, Name: id, AddressFamily: "IPv4", MaxEntries: 10})
	}
}

// addInterface adds an interface in a subnet of vpc-1.
func addInterface(id, subnet, typ string, groups []string, ips ...string) mod {
	return func(cfg *model.Config) {
		cfg.Interfaces = append(cfg.Interfaces, model.Interface{ID: id, SubnetID: subnet, VPCID: "vpc-1",
			Type: typ, PrivateIPs: addrs(ips...), SecurityGroupIDs: groups})
	}
}

// change applies f to the config: for the odd change a case needs once.
func change(f func(*model.Config)) mod { return f }

func group(cfg *model.Config, id string) *model.SecurityGroup {
	for i := range cfg.SecurityGroups {
		if cfg.SecurityGroups[i].ID == id {
			return &cfg.SecurityGroups[i]
		}
	}
	panic("evaltest: no group " + id)
}

func iface(cfg *model.Config, id string) *model.Interface {
	for i := range cfg.Interfaces {
		if cfg.Interfaces[i].ID == id {
			return &cfg.Interfaces[i]
		}
	}
	panic("evaltest: no interface " + id)
}

func acl(cfg *model.Config, id string) *model.NetworkACL {
	for i := range cfg.NetworkACLs {
		if cfg.NetworkACLs[i].ID == id {
			return &cfg.NetworkACLs[i]
		}
	}
	panic("evaltest: no network ACL " + id)
}

// --- security group rules ---

// in is an inbound rule: id, protocol and ports as the console reads
// ("tcp 22", "tcp 1024-65535", "icmp 3 4" for type 3 code 4, "icmpv6" or
// "-1" without ports, "50"), and the peer.
func in(id, spec string, peer model.Peer) model.SGRule { return sgRule(id, false, spec, peer) }

// out is an outbound rule, as in.
func out(id, spec string, peer model.Peer) model.SGRule { return sgRule(id, true, spec, peer) }

func sgRule(id string, egress bool, spec string, peer model.Peer) model.SGRule {
	text, proto, nums := parseSpec(spec)
	r := model.SGRule{ID: id, Egress: egress, Protocol: proto, ProtocolText: text, Peer: peer}
	switch len(nums) {
	case 0:
	case 1: // "tcp 22" or "tcp 1024-65535"
		r.FromPort, r.ToPort, r.HasPorts = nums[0][0], nums[0][1], true
	case 2: // "icmp 3 4": type 3, code 4
		r.FromPort, r.ToPort, r.HasPorts = nums[0][0], nums[1][0], true
	default:
		panic("evaltest: bad rule spec " + spec)
	}
	return r
}

// described sets the description of a rule's peer.
func described(r model.SGRule, desc string) model.SGRule {
	r.Description = desc
	return r
}

// cidr is a CIDR peer (CidrIp / CidrIpv6).
func cidr(s string) model.Peer {
	return model.Peer{Kind: model.PeerCIDR, CIDR: netip.MustParsePrefix(s)}
}

// pl is a prefix list peer.
func pl(id string) model.Peer { return model.Peer{Kind: model.PeerPrefixList, PrefixListID: id} }

// ref is a reference to a group of the same VPC.
func ref(groupID string) model.Peer {
	return model.Peer{Kind: model.PeerGroup, GroupID: groupID, UserID: "111122223333", VPCID: "vpc-1"}
}

// peered is a reference to a group across an active VPC peering.
func peered(groupID, pcx string) model.Peer {
	return model.Peer{Kind: model.PeerGroup, GroupID: groupID, UserID: "444455556666", VPCID: "vpc-peer",
		VPCPeeringConnectionID: pcx, PeeringStatus: "active"}
}

// stale is a reference across a peering that was deleted.
func stale(groupID, pcx string) model.Peer {
	p := peered(groupID, pcx)
	p.PeeringStatus = "deleted"
	return p
}

// --- network ACL entries ---

// nin is an inbound network ACL entry: rule number, "allow" or "deny",
// protocol and ports ("tcp 22", "tcp 1024-65535", "tcp" without PortRange,
// "icmp 3 4" for IcmpTypeCode type 3 code 4, "icmp" without IcmpTypeCode,
// "58 128 0", "-1", "50"), and the CIDR.
func nin(n int32, action, spec, cidr string) model.NACLEntry {
	return naclEntry(n, false, action, spec, cidr)
}

// nout is an outbound network ACL entry, as nin.
func nout(n int32, action, spec, cidr string) model.NACLEntry {
	return naclEntry(n, true, action, spec, cidr)
}

func naclEntry(n int32, egress bool, action, spec, c string) model.NACLEntry {
	text, proto, nums := parseSpec(spec)
	e := model.NACLEntry{RuleNumber: n, Egress: egress, Protocol: proto, ProtocolText: text,
		CIDR: netip.MustParsePrefix(c)}
	switch action {
	case "allow":
		e.Action = model.ActionAllow
	case "deny":
		e.Action = model.ActionDeny
	default:
		panic("evaltest: bad action " + action)
	}
	switch {
	case len(nums) == 0:
	case len(nums) == 2 && model.IsICMP(proto):
		e.ICMPType, e.ICMPCode, e.HasICMP = nums[0][0], nums[1][0], true
	case len(nums) == 1 && !model.IsICMP(proto):
		e.PortFrom, e.PortTo, e.HasPortRange = nums[0][0], nums[0][1], true
	default:
		panic("evaltest: bad entry spec " + spec)
	}
	return e
}

// parseSpec reads "proto [a[-b]] [c]" into the protocol text, its number
// and the numbers that follow, each as a [from, to] pair.
func parseSpec(spec string) (string, int16, [][2]int32) {
	f := strings.Fields(spec)
	proto, err := model.ParseRuleProtocol(f[0])
	if err != nil {
		panic("evaltest: " + err.Error())
	}
	var nums [][2]int32
	for _, s := range f[1:] {
		lo, hi, isRange := strings.Cut(s, "-")
		if lo == "" { // a negative number such as "-1"
			lo, hi, isRange = s, "", false
		}
		a := atoi(lo)
		b := a
		if isRange {
			b = atoi(hi)
		}
		nums = append(nums, [2]int32{a, b})
	}
	return f[0], proto, nums
}

func atoi(s string) int32 {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic("evaltest: bad number " + s)
	}
	return int32(n)
}

func prefixes(ss ...string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range ss {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}

func addrs(ss ...string) []netip.Addr {
	var out []netip.Addr
	for _, s := range ss {
		out = append(out, netip.MustParseAddr(s))
	}
	return out
}

// --- flows ---

// endpoint reads "eni-a", "10.0.1.10" or "eni-a 10.0.1.10" (both).
func endpoint(s string) model.Endpoint {
	var e model.Endpoint
	for _, f := range strings.Fields(s) {
		if strings.HasPrefix(f, "eni-") {
			e.InterfaceID = f
		} else {
			e.IP = netip.MustParseAddr(f)
		}
	}
	return e
}

func flowOf(src, dst string, proto uint8) model.Flow {
	return model.Flow{Source: endpoint(src), Destination: endpoint(dst), Protocol: proto,
		SourcePort: model.NoPort, DestinationPort: model.NoPort, ICMPType: model.NoPort, ICMPCode: model.NoPort}
}

// tcp is a NEW TCP flow to port dport from an unknown source port.
func tcp(src, dst string, dport int32) model.Flow {
	f := flowOf(src, dst, uint8(model.ProtoTCP))
	f.DestinationPort = dport
	return f
}

// tcpFrom is a NEW TCP flow from source port sport to dport.
func tcpFrom(src, dst string, sport, dport int32) model.Flow {
	f := tcp(src, dst, dport)
	f.SourcePort = sport
	return f
}

// udp is a NEW UDP flow to port dport from an unknown source port.
func udp(src, dst string, dport int32) model.Flow {
	f := flowOf(src, dst, uint8(model.ProtoUDP))
	f.DestinationPort = dport
	return f
}

// udpFrom is a NEW UDP flow from source port sport to dport.
func udpFrom(src, dst string, sport, dport int32) model.Flow {
	f := udp(src, dst, dport)
	f.SourcePort = sport
	return f
}

// icmp is an ICMP (protocol 1) flow of the type and code.
func icmp(src, dst string, typ, code int32) model.Flow {
	f := flowOf(src, dst, uint8(model.ProtoICMP))
	f.ICMPType, f.ICMPCode = typ, code
	return f
}

// icmp6 is an ICMPv6 (protocol 58) flow of the type and code.
func icmp6(src, dst string, typ, code int32) model.Flow {
	f := flowOf(src, dst, uint8(model.ProtoICMPv6))
	f.ICMPType, f.ICMPCode = typ, code
	return f
}

// ipProto is a flow of another IP protocol (50 ESP, 47 GRE, ...).
func ipProto(src, dst string, proto uint8) model.Flow { return flowOf(src, dst, proto) }

// established marks a flow ESTABLISHED, set up under the given tracking
// (TrackingUnspecified: as the current rules track it).
func established(f model.Flow, t model.Tracking) model.Flow {
	f.State, f.EstablishedTracking = model.StateEstablished, t
	return f
}

// --- expected decisions ---

var (
	allow = model.VerdictAllow
	deny  = model.VerdictDeny
	indet = model.VerdictIndeterminate

	tracked   = model.TrackingTracked
	untracked = model.TrackingUntracked
	automatic = model.TrackingAutomatic
)

// decision is the expected decision: overall verdict and checks in path order.
func decision(v model.Verdict, checks ...model.Check) model.Decision {
	return model.Decision{Verdict: v, Checks: checks}
}

// sgOut and sgIn are security group checks (forward leg) of an interface
// (or unknown interface id, or unknown host IP).
func sgOut(res string, v model.Verdict, t model.Tracking, r model.Reason, rules ...model.RuleRef) model.Check {
	return model.Check{Layer: model.LayerSecurityGroup, Leg: model.LegForward, Direction: model.DirectionEgress,
		ResourceID: res, Verdict: v, Tracking: t, Reason: r, Rules: rules}
}

func sgIn(res string, v model.Verdict, t model.Tracking, r model.Reason, rules ...model.RuleRef) model.Check {
	c := sgOut(res, v, t, r, rules...)
	c.Direction = model.DirectionIngress
	return c
}

// aclOut and aclIn are network ACL checks of the forward leg; retOut and
// retIn of the return leg.
func aclOut(res string, v model.Verdict, r model.Reason, rules ...model.RuleRef) model.Check {
	return model.Check{Layer: model.LayerNetworkACL, Leg: model.LegForward, Direction: model.DirectionEgress,
		ResourceID: res, Verdict: v, Reason: r, Rules: rules}
}

func aclIn(res string, v model.Verdict, r model.Reason, rules ...model.RuleRef) model.Check {
	c := aclOut(res, v, r, rules...)
	c.Direction = model.DirectionIngress
	return c
}

func retOut(res string, v model.Verdict, r model.Reason, rules ...model.RuleRef) model.Check {
	c := aclOut(res, v, r, rules...)
	c.Leg = model.LegReturn
	return c
}

func retIn(res string, v model.Verdict, r model.Reason, rules ...model.RuleRef) model.Check {
	c := aclIn(res, v, r, rules...)
	c.Leg = model.LegReturn
	return c
}

// because is a reason without subject; about one with a subject; over one
// with port ranges.
func because(c model.ReasonCode) model.Reason { return model.Reason{Code: c} }

func about(c model.ReasonCode, subject string) model.Reason {
	return model.Reason{Code: c, Subject: subject}
}

func over(c model.ReasonCode, ports ...model.PortRange) model.Reason {
	return model.Reason{Code: c, Ports: ports}
}

// ports is an inclusive port range.
func ports(from, to uint16) model.PortRange { return model.PortRange{From: from, To: to} }

// sgr attributes a security group rule; sgrDesc one with a peer description.
func sgr(groupID, ruleID string) model.RuleRef {
	return model.RuleRef{ResourceID: groupID, RuleID: ruleID}
}

func sgrDesc(groupID, ruleID, desc string) model.RuleRef {
	return model.RuleRef{ResourceID: groupID, RuleID: ruleID, Description: desc}
}

// entry attributes a network ACL entry; defaultEntry the synthesised
// "*" entry (32767 IPv4, 32768 IPv6).
func entry(aclID string, n int32) model.RuleRef {
	return model.RuleRef{ResourceID: aclID, RuleID: strconv.Itoa(int(n)), RuleNumber: n}
}

func defaultEntry(aclID string, n int32) model.RuleRef {
	r := entry(aclID, n)
	r.Description = "default deny"
	return r
}

// Shorthands for the checks of the open base ACLs and the new groups'
// outbound rules, which many cases pass through unchanged.

// openOut is acl's forward egress check allowed by its open rule (100 for
// IPv4, 101 for IPv6); openIn, openRetOut and openRetIn likewise.
func openOut(aclID string, v6 bool) model.Check {
	return aclOut(aclID, allow, because(model.ReasonNACLEntry), entry(aclID, openRule(v6)))
}

func openIn(aclID string, v6 bool) model.Check {
	return aclIn(aclID, allow, because(model.ReasonNACLEntry), entry(aclID, openRule(v6)))
}

func openRetOut(aclID string, v6 bool) model.Check {
	return retOut(aclID, allow, because(model.ReasonNACLEntry), entry(aclID, openRule(v6)))
}

func openRetIn(aclID string, v6 bool) model.Check {
	return retIn(aclID, allow, because(model.ReasonNACLEntry), entry(aclID, openRule(v6)))
}

func openRule(v6 bool) int32 {
	if v6 {
		return 101
	}
	return 100
}

// newGroupOut is the egress check of an interface whose only group is a new
// one (groupID), for a flow its all-traffic rule allows; tracking as given.
func newGroupOut(eni, groupID string, v6 bool, t model.Tracking) model.Check {
	id := groupID + "/egress/0/0"
	if v6 {
		id = groupID + "/egress/0/1"
	}
	return sgOut(eni, allow, t, because(model.ReasonSGAllowed), sgr(groupID, id))
}
