package evaltest

import "github.com/netverdict/netverdict/evaluator/model"

func pathCases() []Case {
	denyAll := entries("acl-a",
		nin(100, "deny", "-1", "0.0.0.0/0"), nin(101, "deny", "-1", "::/0"),
		nout(100, "deny", "-1", "0.0.0.0/0"), nout(101, "deny", "-1", "::/0"))
	return []Case{
		{
			Name:    "path/between-subnets-in-order",
			Section: "§3.2 instance to instance in another subnet: SG out, NACL out, NACL in, SG in, then the reply's NACLs",
			Config:  base(withIngress("sg-b", in("sgr-https", "tcp 443", cidr("10.0.1.10/32")))),
			Flow:    tcpFrom("10.0.1.10", "10.0.2.20", 40000, 443),
			Want: decision(allow,
				newGroupOut("eni-a", "sg-a", false, tracked),
				openOut("acl-a", false),
				openIn("acl-b", false),
				sgIn("eni-b", allow, tracked, because(model.ReasonSGAllowed), sgr("sg-b", "sgr-https")),
				openRetOut("acl-b", false),
				openRetIn("acl-a", false)),
		},
		{
			Name:    "path/between-subnets-ipv6",
			Section: "§3.2 the same path over IPv6 uses the IPv6 rules and entries",
			Config:  base(withIngress("sg-b", in("sgr-https6", "tcp 443", cidr("2001:db8:0:1::/64")))),
			Flow:    tcpFrom("2001:db8:0:1::10", "2001:db8:0:2::20", 40000, 443),
			Want: decision(allow,
				newGroupOut("eni-a", "sg-a", true, tracked),
				openOut("acl-a", true),
				openIn("acl-b", true),
				sgIn("eni-b", allow, tracked, because(model.ReasonSGAllowed), sgr("sg-b", "sgr-https6")),
				openRetOut("acl-b", true),
				openRetIn("acl-a", true)),
		},
		{
			Name:    "path/same-subnet-skips-nacl",
			Section: "§2.2 network ACLs are not evaluated within a subnet, even one that denies everything",
			Config:  base(denyAll, withIngress("sg-a2", in("sgr-sub", "tcp 22", cidr("10.0.1.0/24")))),
			Flow:    tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want: decision(allow,
				newGroupOut("eni-a", "sg-a", false, tracked),
				sgIn("eni-a2", allow, tracked, because(model.ReasonSGAllowed), sgr("sg-a2", "sgr-sub"))),
		},
		{
			Name:    "path/external-source",
			Section: "§3.1 inbound from outside: NACL in, SG in; the reply leaves through the NACL out",
			Config:  base(withIngress("sg-b", in("sgr-onprem", "tcp 22", cidr("203.0.113.0/24")))),
			Flow:    tcpFrom("203.0.113.9", "10.0.2.20", 50000, 22),
			Want: decision(allow,
				openIn("acl-b", false),
				sgIn("eni-b", allow, tracked, because(model.ReasonSGAllowed), sgr("sg-b", "sgr-onprem")),
				openRetOut("acl-b", false)),
		},
		{
			Name:    "path/external-destination",
			Section: "§3.1 outbound to outside: SG out, NACL out; the reply enters through the NACL in",
			Config:  base(),
			Flow:    tcpFrom("10.0.2.20", "203.0.113.9", 50000, 443),
			Want: decision(allow,
				newGroupOut("eni-b", "sg-b", false, tracked),
				openOut("acl-b", false),
				openRetIn("acl-b", false)),
		},
		{
			Name:    "path/external-source-no-reply",
			Section: "spec §2 ICMP other than echo has no return leg: only NACL in and SG in",
			Config: base(
				withIngress("sg-b", in("sgr-pmtu", "icmp 3 4", cidr("0.0.0.0/0"))),
				// The outbound side denies everything: it is never consulted.
				entries("acl-b", nin(100, "allow", "-1", "0.0.0.0/0"))),
			Flow: icmp("203.0.113.9", "10.0.2.20", 3, 4),
			Want: decision(allow,
				openIn("acl-b", false),
				sgIn("eni-b", allow, tracked, because(model.ReasonSGAllowed), sgr("sg-b", "sgr-pmtu"))),
		},
	}
}

// unfilteredCases pin spec §2 "Traffic AWS does not filter" (aws §1.2).
func unfilteredCases() []Case {
	// eni-b's group has no rule at all and acl-b denies everything: only
	// traffic that no layer filters gets through.
	lockedB := []mod{
		rules("sg-b"),
		entries("acl-b",
			nin(100, "deny", "-1", "0.0.0.0/0"), nout(100, "deny", "-1", "0.0.0.0/0")),
	}
	return []Case{
		{
			Name:    "unfiltered/instance-metadata",
			Section: "§1.2 security groups and network ACLs don't filter traffic to link-local addresses (169.254.169.254)",
			Config:  base(lockedB...),
			Flow:    tcp("eni-b", "169.254.169.254", 80),
			Want:    decision(allow),
		},
		{
			Name:    "unfiltered/amazon-dns",
			Section: "§1.2 ... nor to the Amazon DNS server (VPC base plus two)",
			Config:  base(lockedB...),
			Flow:    udp("10.0.2.20", "10.0.0.2", 53),
			Want:    decision(allow),
		},
		{
			Name:    "unfiltered/subnet-router",
			Section: "§1.2 ... nor to the first four IPv4 addresses of a subnet (here the VPC router, subnet base plus one)",
			Config:  base(lockedB...),
			Flow:    icmp("10.0.2.20", "10.0.2.1", 8, 0),
			Want:    decision(allow),
		},
		{
			Name:    "unfiltered/fifth-address-is-filtered",
			Section: "§1.2 the fifth address of a subnet is an ordinary (unknown) host",
			Config:  base(),
			Flow:    tcp("10.0.2.20", "10.0.2.4", 443),
			Want: decision(indet,
				newGroupOut("eni-b", "sg-b", false, tracked),
				sgIn("10.0.2.4", indet, tracked, about(model.ReasonUnknownHost, "10.0.2.4"))),
		},
		{
			Name:    "unfiltered/ipv6-instance-metadata",
			Section: "spec §2 [inferred] the IPv6 address of instance metadata (fd00:ec2::254) is not filtered either",
			Config:  base(lockedB...),
			Flow:    tcp("eni-b", "fd00:ec2::254", 80),
			Want:    decision(allow),
		},
		{
			Name:    "unfiltered/other-ipv6-filtered",
			Section: "spec §2 other addresses of fd00:ec2::/32 are judged like any external address",
			Config:  base(lockedB...),
			Flow:    tcp("eni-b", "fd00:ec2::1", 80),
			Want: decision(deny,
				sgOut("eni-b", deny, tracked, because(model.ReasonSGNoRule)),
				aclOut("acl-b", deny, because(model.ReasonNACLEntry), defaultEntry("acl-b", 32768)),
				retIn("acl-b", deny, over(model.ReasonNACLPortsNone, ports(1024, 65535)), defaultEntry("acl-b", 32768))),
		},
	}
}
