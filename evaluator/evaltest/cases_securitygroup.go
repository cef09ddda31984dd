package evaltest

import "github.com/netverdict/netverdict/evaluator/model"

// The security group cases send traffic from eni-a (10.0.1.10) to eni-a2
// (10.0.1.11) in the same subnet, so only the two security group checks are
// on the path (aws §1.6.5, §2.2), and judge the rules of eni-a2's groups.

// egressA is eni-a's egress check for IPv4 flows under its new group.
var egressA = newGroupOut("eni-a", "sg-a", false, tracked)

// egressA6 is the same for IPv6 flows.
var egressA6 = newGroupOut("eni-a", "sg-a", true, tracked)

func securityGroupCases() []Case {
	allowed := because(model.ReasonSGAllowed)
	noRule := because(model.ReasonSGNoRule)
	return []Case{
		{
			Name:    "sg/union-across-groups",
			Section: "§1.2 the rules of every attached group are aggregated into one set",
			Config: base(attach("eni-a2", "sg-a2", "sg-web"),
				withIngress("sg-a2", in("sgr-ssh", "tcp 22", cidr("10.0.1.10/32"))),
				rules("sg-web", in("sgr-web", "tcp 443", cidr("10.0.0.0/16")))),
			Flow: tcpFrom("eni-a", "eni-a2", 40000, 443),
			Want: decision(allow, egressA,
				sgIn("eni-a2", allow, tracked, allowed, sgr("sg-web", "sgr-web"))),
		},
		{
			Name:    "sg/every-matching-rule-attributed",
			Section: "§1.3 every matching rule is reported, groups in attachment order, rules in document order",
			Config: base(attach("eni-a2", "sg-a2", "sg-web"),
				rules("sg-a2",
					in("sgr-1", "tcp 22", cidr("10.0.1.10/32")),
					out("sgr-out", "tcp 22", cidr("10.0.1.10/32")), // egress: not for an ingress check
					in("sgr-2", "tcp 80", cidr("10.0.1.10/32")),    // another port
					in("sgr-3", "tcp 0-65535", cidr("10.0.0.0/8"))),
				rules("sg-web", in("sgr-4", "-1", cidr("10.0.1.0/24")))),
			Flow: tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want: decision(allow, egressA,
				sgIn("eni-a2", allow, tracked, allowed,
					sgr("sg-a2", "sgr-1"), sgr("sg-a2", "sgr-3"), sgr("sg-web", "sgr-4"))),
		},
		{
			Name:    "sg/no-deny-rules",
			Section: "§1.2 allow rules only: a narrower group cannot take away what another group allows",
			Config: base(attach("eni-a2", "sg-narrow", "sg-wide"),
				rules("sg-narrow", in("sgr-narrow", "tcp 22", cidr("198.51.100.7/32"))),
				rules("sg-wide", in("sgr-wide", "tcp 22", cidr("10.0.0.0/16")))),
			Flow: tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want: decision(allow, egressA,
				sgIn("eni-a2", allow, tracked, allowed, sgr("sg-wide", "sgr-wide"))),
		},
		{
			Name:    "sg/empty-egress-no-outbound",
			Section: "§1.2 if your security group has no outbound rules, no outbound traffic is allowed",
			Config: base(rules("sg-a"),
				withIngress("sg-a2", in("sgr-ssh", "tcp 22", cidr("10.0.1.0/24")))),
			Flow: tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want: decision(deny,
				sgOut("eni-a", deny, tracked, noRule),
				sgIn("eni-a2", allow, tracked, allowed, sgr("sg-a2", "sgr-ssh"))),
		},
		{
			Name:    "sg/new-group-no-inbound",
			Section: "§1.2 a new security group has no inbound rules",
			Config:  base(),
			Flow:    tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want: decision(deny, egressA,
				sgIn("eni-a2", deny, tracked, noRule)),
		},
		{
			Name:    "sg/no-groups-attached",
			Section: "spec §3 an interface with no groups attached denies everything",
			Config:  base(attach("eni-a2")),
			Flow:    tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want: decision(deny, egressA,
				sgIn("eni-a2", deny, tracked, noRule)),
		},
		{
			Name:    "sg/unknown-attached-group",
			Section: "spec §3 an attached group missing from the config makes a no-match INDETERMINATE",
			Config:  base(attach("eni-a2", "sg-a2", "sg-gone", "sg-gone2")),
			Flow:    tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want: decision(indet, egressA,
				sgIn("eni-a2", indet, tracked, about(model.ReasonSGUnknownGroup, "sg-gone"))),
		},
		{
			Name:    "sg/unknown-attached-group-with-match",
			Section: "spec §3 a matching rule allows even when another attached group is unknown",
			Config: base(attach("eni-a2", "sg-gone", "sg-a2"),
				withIngress("sg-a2", in("sgr-ssh", "tcp 22", cidr("10.0.1.10/32")))),
			Flow: tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want: decision(allow, egressA,
				sgIn("eni-a2", allow, tracked, allowed, sgr("sg-a2", "sgr-ssh"))),
		},
		{
			Name:    "sg/unknown-group-and-undecidable-rule",
			Section: "spec §3 an undecidable rule is reported before an unknown group",
			Config: base(attach("eni-a2", "sg-a2", "sg-gone"),
				withIngress("sg-a2", in("sgr-pl", "tcp 22", pl("pl-missing")))),
			Flow: tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want: decision(indet, egressA,
				sgIn("eni-a2", indet, tracked, about(model.ReasonSGUndecidable, "pl-missing"), sgr("sg-a2", "sgr-pl"))),
		},
	}
}

func protocolCases() []Case {
	allowed := because(model.ReasonSGAllowed)
	noRule := because(model.ReasonSGNoRule)
	sgIn2 := func(rs ...model.SGRule) mod { return withIngress("sg-a2", rs...) }
	return []Case{
		{
			Name:    "protocol/number-string-is-tcp",
			Section: "§0.1 a protocol given as its IANA number (\"6\") is the same protocol as its name",
			Config:  base(sgIn2(in("sgr-6", "6 22", cidr("10.0.1.10/32")))),
			Flow:    tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want:    decision(allow, egressA, sgIn("eni-a2", allow, tracked, allowed, sgr("sg-a2", "sgr-6"))),
		},
		{
			Name:    "protocol/all-matches-udp",
			Section: "§0.1 protocol -1 matches every protocol",
			Config:  base(sgIn2(in("sgr-all", "-1", cidr("10.0.1.10/32")))),
			Flow:    udpFrom("eni-a", "eni-a2", 40000, 53),
			Want:    decision(allow, egressA, sgIn("eni-a2", allow, tracked, allowed, sgr("sg-a2", "sgr-all"))),
		},
		{
			Name:    "protocol/all-matches-esp",
			Section: "§0.1 protocol -1 matches every protocol, ESP (50) included",
			Config:  base(sgIn2(in("sgr-all", "-1", cidr("10.0.1.10/32")))),
			Flow:    ipProto("eni-a", "eni-a2", 50),
			Want:    decision(allow, egressA, sgIn("eni-a2", allow, tracked, allowed, sgr("sg-a2", "sgr-all"))),
		},
		{
			Name:    "protocol/all-ignores-ports",
			Section: "§1.1 specifying -1 allows traffic on all ports, regardless of any port range",
			Config:  base(sgIn2(in("sgr-all-22", "-1 22", cidr("10.0.1.10/32")))),
			Flow:    tcpFrom("eni-a", "eni-a2", 40000, 8080),
			Want:    decision(allow, egressA, sgIn("eni-a2", allow, tracked, allowed, sgr("sg-a2", "sgr-all-22"))),
		},
		{
			Name:    "protocol/other-number-ignores-ports",
			Section: "§1.6.2 a protocol number other than 6/17/1/58 ignores any port range",
			Config: base(sgIn2(
				in("sgr-gre", "47", cidr("10.0.1.10/32")),
				in("sgr-esp", "50 500", cidr("10.0.1.10/32")))),
			Flow: ipProto("eni-a", "eni-a2", 50),
			Want: decision(allow, egressA, sgIn("eni-a2", allow, tracked, allowed, sgr("sg-a2", "sgr-esp"))),
		},
		{
			Name:    "protocol/tcp-range-inclusive",
			Section: "§0.2 port ranges are inclusive on both ends",
			Config:  base(sgIn2(in("sgr-range", "tcp 1000-2000", cidr("10.0.1.10/32")))),
			Flow:    tcpFrom("eni-a", "eni-a2", 40000, 2000),
			Want:    decision(allow, egressA, sgIn("eni-a2", allow, tracked, allowed, sgr("sg-a2", "sgr-range"))),
		},
		{
			Name:    "protocol/tcp-range-excludes-next-port",
			Section: "§1.3 TCP matches FromPort <= destination port <= ToPort",
			Config:  base(sgIn2(in("sgr-range", "tcp 1000-2000", cidr("10.0.1.10/32")))),
			Flow:    tcpFrom("eni-a", "eni-a2", 40000, 2001),
			Want:    decision(deny, egressA, sgIn("eni-a2", deny, tracked, noRule)),
		},
		{
			Name:    "protocol/source-port-not-matched",
			Section: "§0.2 security group port ranges constrain the destination port, not the source port",
			Config:  base(sgIn2(in("sgr-ssh", "tcp 22", cidr("10.0.1.10/32")))),
			Flow:    tcpFrom("eni-a", "eni-a2", 22, 8080),
			Want:    decision(deny, egressA, sgIn("eni-a2", deny, tracked, noRule)),
		},
		{
			Name:    "protocol/udp-rule-not-tcp",
			Section: "§1.3 a rule matches only its protocol: UDP 53 does not allow TCP 53",
			Config:  base(sgIn2(in("sgr-dns", "udp 53", cidr("10.0.1.10/32")))),
			Flow:    tcpFrom("eni-a", "eni-a2", 40000, 53),
			Want:    decision(deny, egressA, sgIn("eni-a2", deny, tracked, noRule)),
		},
		{
			Name:    "protocol/icmp-type-3-code-4",
			Section: "§1.1 ICMP FromPort/ToPort are type and code: icmp 3/4 allows fragmentation-needed",
			Config:  base(sgIn2(in("sgr-pmtu", "icmp 3 4", cidr("10.0.1.0/24")))),
			Flow:    icmp("eni-a", "eni-a2", 3, 4),
			Want:    decision(allow, egressA, sgIn("eni-a2", allow, tracked, allowed, sgr("sg-a2", "sgr-pmtu"))),
		},
		{
			Name:    "protocol/icmp-type-code-not-a-range",
			Section: "§1.3 ICMP type/code is not a range: icmp 3/4 does not allow type 3 code 3",
			Config:  base(sgIn2(in("sgr-pmtu", "icmp 3 4", cidr("10.0.1.0/24")))),
			Flow:    icmp("eni-a", "eni-a2", 3, 3),
			Want:    decision(deny, egressA, sgIn("eni-a2", deny, tracked, noRule)),
		},
		{
			Name:    "protocol/icmp-type-code-not-a-type-range",
			Section: "§1.6.1 FromPort/ToPort are never a range of ICMP types: icmp 3/4 does not allow type 4",
			Config:  base(sgIn2(in("sgr-pmtu", "icmp 3 4", cidr("10.0.1.0/24")))),
			Flow:    icmp("eni-a", "eni-a2", 4, 4),
			Want:    decision(deny, egressA, sgIn("eni-a2", deny, tracked, noRule)),
		},
		{
			Name:    "protocol/icmp-all-codes-of-type",
			Section: "§1.1 ICMP ToPort -1 is every code of the type",
			Config:  base(sgIn2(in("sgr-unreach", "icmp 3 -1", cidr("10.0.1.0/24")))),
			Flow:    icmp("eni-a", "eni-a2", 3, 1),
			Want:    decision(allow, egressA, sgIn("eni-a2", allow, tracked, allowed, sgr("sg-a2", "sgr-unreach"))),
		},
		{
			Name:    "protocol/icmp-all-types",
			Section: "§1.1 ICMP FromPort -1 is every type",
			Config:  base(sgIn2(in("sgr-icmp", "icmp -1 -1", cidr("10.0.1.0/24")))),
			Flow:    icmp("eni-a", "eni-a2", 8, 0),
			Want:    decision(allow, egressA, sgIn("eni-a2", allow, tracked, allowed, sgr("sg-a2", "sgr-icmp"))),
		},
		{
			Name:    "protocol/icmpv6-without-ports",
			Section: "§1.1 icmpv6 without a port range allows all types and codes",
			Config:  base(sgIn2(in("sgr-icmp6", "icmpv6", cidr("2001:db8:0:1::/64")))),
			Flow:    icmp6("eni-a", "2001:db8:0:1::11", 135, 0),
			Want:    decision(allow, egressA6, sgIn("eni-a2", allow, tracked, allowed, sgr("sg-a2", "sgr-icmp6"))),
		},
		{
			Name:    "protocol/icmp-rule-not-icmpv6",
			Section: "§0.1 icmp (1) and icmpv6 (58) are different protocols",
			Config:  base(sgIn2(in("sgr-icmp", "icmp -1 -1", cidr("::/0")))),
			Flow:    icmp6("eni-a", "2001:db8:0:1::11", 128, 0),
			Want:    decision(deny, egressA6, sgIn("eni-a2", deny, tracked, noRule)),
		},
		{
			Name:    "protocol/ipv4-rule-never-matches-ipv6",
			Section: "§1.6.3 IPv4 CIDR rules never match IPv6 traffic",
			Config:  base(sgIn2(in("sgr-any4", "tcp 22", cidr("0.0.0.0/0")))),
			Flow:    tcpFrom("2001:db8:0:1::10", "2001:db8:0:1::11", 40000, 22),
			Want:    decision(deny, egressA6, sgIn("eni-a2", deny, tracked, noRule)),
		},
		{
			Name:    "protocol/ipv6-rule-never-matches-ipv4",
			Section: "§1.6.3 IPv6 CIDR rules never match IPv4 traffic",
			Config:  base(sgIn2(in("sgr-any6", "tcp 22", cidr("::/0")))),
			Flow:    tcpFrom("10.0.1.10", "10.0.1.11", 40000, 22),
			Want:    decision(deny, egressA, sgIn("eni-a2", deny, tracked, noRule)),
		},
		{
			Name:    "protocol/egress-rule-port-is-remote-port",
			Section: "§0.2 outbound rules constrain the destination (remote) port",
			Config: base(rules("sg-a", out("sgr-pg", "tcp 5432", cidr("10.0.1.0/24"))),
				sgIn2(in("sgr-pg-in", "tcp 5432", cidr("10.0.1.0/24")))),
			Flow: tcpFrom("eni-a", "eni-a2", 5432, 5433),
			Want: decision(deny,
				sgOut("eni-a", deny, tracked, noRule),
				sgIn("eni-a2", deny, tracked, noRule)),
		},
	}
}

func prefixListCases() []Case {
	allowed := because(model.ReasonSGAllowed)
	sshFromList := func(id string) mod { return withIngress("sg-a2", in("sgr-pl", "tcp 22", pl(id))) }
	return []Case{
		{
			Name:    "prefixlist/entry-contains-peer",
			Section: "§1.3 a prefix list rule matches when an entry of the list contains the peer",
			Config:  base(prefixList("pl-corp", "192.168.0.0/16", "10.0.1.0/24"), sshFromList("pl-corp")),
			Flow:    tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want:    decision(allow, egressA, sgIn("eni-a2", allow, tracked, allowed, sgr("sg-a2", "sgr-pl"))),
		},
		{
			Name:    "prefixlist/no-entry-contains-peer",
			Section: "§1.3 a prefix list rule does not match a peer outside its entries",
			Config:  base(prefixList("pl-corp", "192.168.0.0/16"), sshFromList("pl-corp")),
			Flow:    tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want:    decision(deny, egressA, sgIn("eni-a2", deny, tracked, because(model.ReasonSGNoRule))),
		},
		{
			Name:    "prefixlist/unknown-list",
			Section: "spec §3 a prefix list that is not in the config is undecidable: INDETERMINATE naming it",
			Config:  base(sshFromList("pl-missing")),
			Flow:    tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want: decision(indet, egressA,
				sgIn("eni-a2", indet, tracked, about(model.ReasonSGUndecidable, "pl-missing"), sgr("sg-a2", "sgr-pl"))),
		},
		{
			Name:    "prefixlist/entries-unknown",
			Section: "spec §3 a prefix list whose entries are unknown is undecidable",
			Config:  base(prefixListWithoutEntries("pl-desc"), sshFromList("pl-desc")),
			Flow:    tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want: decision(indet, egressA,
				sgIn("eni-a2", indet, tracked, about(model.ReasonSGUndecidable, "pl-desc"), sgr("sg-a2", "sgr-pl"))),
		},
		{
			Name:    "prefixlist/match-beats-undecidable",
			Section: "spec §3 some rule matches: ALLOW, and only the matching rules are named",
			Config: base(withIngress("sg-a2",
				in("sgr-pl", "tcp 22", pl("pl-missing")),
				in("sgr-ip", "tcp 22", cidr("10.0.1.10/32")))),
			Flow: tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want: decision(allow, egressA, sgIn("eni-a2", allow, tracked, allowed, sgr("sg-a2", "sgr-ip"))),
		},
		{
			Name:    "prefixlist/undecidable-rule-of-other-port-ignored",
			Section: "spec §3 an unknown prefix list on a rule for another port does not matter",
			Config:  base(withIngress("sg-a2", in("sgr-pl", "tcp 443", pl("pl-missing")))),
			Flow:    tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want:    decision(deny, egressA, sgIn("eni-a2", deny, tracked, because(model.ReasonSGNoRule))),
		},
		{
			Name:    "prefixlist/several-undecidable-named-once",
			Section: "spec §3 every undecidable rule is named; the missing pieces once each, in first-seen order",
			Config: base(withIngress("sg-a2",
				in("sgr-1", "tcp 22", pl("pl-x")),
				in("sgr-2", "tcp 22", ref("sg-a")),
				in("sgr-3", "tcp 22", pl("pl-x")),
				in("sgr-4", "tcp 22", pl("pl-y")))),
			Flow: tcpFrom("10.0.1.99", "10.0.1.11", 40000, 22),
			Want: decision(indet,
				sgOut("10.0.1.99", indet, tracked, about(model.ReasonUnknownHost, "10.0.1.99")),
				sgIn("eni-a2", indet, tracked,
					about(model.ReasonSGUndecidable, "pl-x, membership of 10.0.1.99 in sg-a, pl-y"),
					sgr("sg-a2", "sgr-1"), sgr("sg-a2", "sgr-2"), sgr("sg-a2", "sgr-3"), sgr("sg-a2", "sgr-4"))),
		},
	}
}

func referenceCases() []Case {
	allowed := because(model.ReasonSGAllowed)
	noRule := because(model.ReasonSGNoRule)
	sshFromRef := func(p model.Peer) mod { return withIngress("sg-a2", in("sgr-ref", "tcp 22", p)) }
	return []Case{
		{
			Name:    "reference/member-matches",
			Section: "§1.3 a group reference matches the private IP of an interface that has the group",
			Config:  base(sshFromRef(ref("sg-a"))),
			Flow:    tcpFrom("10.0.1.10", "10.0.1.11", 40000, 22),
			Want:    decision(allow, egressA, sgIn("eni-a2", allow, tracked, allowed, sgr("sg-a2", "sgr-ref"))),
		},
		{
			Name:    "reference/member-by-secondary-ip",
			Section: "§1.3 a group reference matches every private IP of a member interface",
			Config:  base(sshFromRef(ref("sg-a"))),
			Flow:    tcpFrom("10.0.1.12", "10.0.1.11", 40000, 22),
			Want:    decision(allow, egressA, sgIn("eni-a2", allow, tracked, allowed, sgr("sg-a2", "sgr-ref"))),
		},
		{
			Name:    "reference/non-member-does-not-match",
			Section: "§1.3 a group reference does not match an interface without the group",
			Config:  base(withIngress("sg-a", in("sgr-ref", "tcp 22", ref("sg-b")))),
			Flow:    tcpFrom("eni-a2", "eni-a", 40000, 22),
			Want: decision(deny,
				newGroupOut("eni-a2", "sg-a2", false, tracked),
				sgIn("eni-a", deny, tracked, noRule)),
		},
		{
			Name:    "reference/stale-matches-nothing",
			Section: "§1.3 a stale reference (peering deleted) matches nothing, not even a member",
			Config:  base(sshFromRef(stale("sg-a", "pcx-1"))),
			Flow:    tcpFrom("10.0.1.10", "10.0.1.11", 40000, 22),
			Want:    decision(deny, egressA, sgIn("eni-a2", deny, tracked, noRule)),
		},
		{
			Name:    "reference/unknown-host-undecidable",
			Section: "spec §3 a group reference with an unknown host as peer is undecidable",
			Config:  base(sshFromRef(ref("sg-a"))),
			Flow:    tcpFrom("10.0.1.99", "10.0.1.11", 40000, 22),
			Want: decision(indet,
				sgOut("10.0.1.99", indet, tracked, about(model.ReasonUnknownHost, "10.0.1.99")),
				sgIn("eni-a2", indet, tracked, about(model.ReasonSGUndecidable, "membership of 10.0.1.99 in sg-a"),
					sgr("sg-a2", "sgr-ref"))),
		},
		{
			Name:    "reference/unknown-interface-undecidable",
			Section: "spec §3 a group reference with an unknown interface as peer is undecidable",
			Config:  base(sshFromRef(ref("sg-a"))),
			Flow:    tcpFrom("eni-zzz 10.0.1.50", "10.0.1.11", 40000, 22),
			Want: decision(indet,
				sgOut("eni-zzz", indet, tracked, about(model.ReasonUnknownInterface, "eni-zzz")),
				aclOut("", indet, about(model.ReasonUnknownSubnet, "eni-zzz")),
				openIn("acl-a", false),
				sgIn("eni-a2", indet, tracked, about(model.ReasonSGUndecidable, "membership of eni-zzz in sg-a"),
					sgr("sg-a2", "sgr-ref")),
				openRetOut("acl-a", false),
				retIn("", indet, about(model.ReasonUnknownSubnet, "eni-zzz"))),
		},
		{
			Name:    "reference/public-ip-never-matches",
			Section: "§1.3 references match private IPs only: an external public address never matches, peering or not",
			Config: base(withIngress("sg-b",
				in("sgr-ref", "tcp 22", ref("sg-a")),
				in("sgr-peer", "tcp 22", peered("sg-peer", "pcx-1")))),
			Flow: tcpFrom("203.0.113.9", "10.0.2.20", 50000, 22),
			Want: decision(deny,
				openIn("acl-b", false),
				sgIn("eni-b", deny, tracked, noRule),
				openRetOut("acl-b", false)),
		},
		{
			Name:    "reference/peered-private-ip-undecidable",
			Section: "spec §3 a reference across a peering with an external private IP is undecidable",
			Config:  base(withIngress("sg-b", in("sgr-peer", "tcp 22", peered("sg-peer", "pcx-1")))),
			Flow:    tcpFrom("172.16.5.5", "10.0.2.20", 50000, 22),
			Want: decision(indet,
				openIn("acl-b", false),
				sgIn("eni-b", indet, tracked, about(model.ReasonSGUndecidable, "membership of 172.16.5.5 in sg-peer"),
					sgr("sg-b", "sgr-peer")),
				openRetOut("acl-b", false)),
		},
		{
			Name:    "reference/same-vpc-external-private-ip",
			Section: "spec §3 a same-VPC reference never matches an external address, private or not",
			Config:  base(withIngress("sg-b", in("sgr-ref", "tcp 22", ref("sg-a")))),
			Flow:    tcpFrom("172.16.5.5", "10.0.2.20", 50000, 22),
			Want: decision(deny,
				openIn("acl-b", false),
				sgIn("eni-b", deny, tracked, noRule),
				openRetOut("acl-b", false)),
		},
		{
			Name:    "reference/egress-to-member",
			Section: "§1.3 an outbound reference matches the destination interface's groups",
			Config: base(rules("sg-a", out("sgr-to-a2", "tcp 22", ref("sg-a2"))),
				withIngress("sg-a2", in("sgr-ssh", "tcp 22", cidr("10.0.1.0/24")))),
			Flow: tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want: decision(allow,
				sgOut("eni-a", allow, tracked, allowed, sgr("sg-a", "sgr-to-a2")),
				sgIn("eni-a2", allow, tracked, allowed, sgr("sg-a2", "sgr-ssh"))),
		},
	}
}
