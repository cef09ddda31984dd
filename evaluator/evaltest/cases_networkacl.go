package evaltest

import "github.com/netverdict/netverdict/evaluator/model"

// The network ACL cases send traffic from the internet (203.0.113.9) to
// eni-b, whose group allows everything from 203.0.113.0/24 (a tracked
// rule), and vary acl-b, the ACL of subnet-b.

// anyFromClients lets every protocol in from 203.0.113.0/24 at eni-b.
var anyFromClients = withIngress("sg-b", in("sgr-clients", "-1", cidr("203.0.113.0/24")))

// anyFromClients6 does the same for 2001:db8:ffff::/48.
var anyFromClients6 = withIngress("sg-b", in("sgr-clients6", "-1", cidr("2001:db8:ffff::/48")))

var (
	clientsAllowed  = sgIn("eni-b", allow, tracked, because(model.ReasonSGAllowed), sgr("sg-b", "sgr-clients"))
	clientsAllowed6 = sgIn("eni-b", allow, tracked, because(model.ReasonSGAllowed), sgr("sg-b", "sgr-clients6"))
)

// openOutB keeps acl-b's outbound side open (rules 100 and 101).
var openOutB = []model.NACLEntry{
	nout(100, "allow", "-1", "0.0.0.0/0"),
	nout(101, "allow", "-1", "::/0"),
}

// inboundB sets acl-b's inbound entries and keeps its outbound side open.
func inboundB(es ...model.NACLEntry) mod { return entries("acl-b", append(es, openOutB...)...) }

// naclIn is the expected decision of a flow to eni-b decided by acl-b's
// inbound check c, with the reply allowed by the open outbound side.
func naclIn(v model.Verdict, c model.Check) model.Decision {
	return decision(v, c, clientsAllowed, openRetOut("acl-b", false))
}

func naclCases() []Case {
	byEntry := because(model.ReasonNACLEntry)
	ssh := tcpFrom("203.0.113.9", "10.0.2.20", 50000, 22)
	return []Case{
		{
			Name:    "nacl/deny-before-allow",
			Section: "§2.3 first match wins: deny 100 before allow 200 denies",
			Config: base(anyFromClients, inboundB(
				nin(100, "deny", "tcp 22", "0.0.0.0/0"),
				nin(200, "allow", "tcp 22", "0.0.0.0/0"))),
			Flow: ssh,
			Want: naclIn(deny, aclIn("acl-b", deny, byEntry, entry("acl-b", 100))),
		},
		{
			Name:    "nacl/allow-before-deny",
			Section: "§2.6.1 first match wins: a deny numbered after an allow of the same traffic is dead",
			Config: base(anyFromClients, inboundB(
				nin(100, "allow", "tcp 22", "0.0.0.0/0"),
				nin(200, "deny", "tcp 22", "0.0.0.0/0"))),
			Flow: ssh,
			Want: naclIn(allow, aclIn("acl-b", allow, byEntry, entry("acl-b", 100))),
		},
		{
			Name:    "nacl/rule-number-order-not-document-order",
			Section: "§2.1 entries are processed in ascending order by rule number, whatever the document order",
			Config: base(anyFromClients, inboundB(
				nin(200, "deny", "tcp 22", "0.0.0.0/0"),
				nin(100, "allow", "tcp 22", "0.0.0.0/0"))),
			Flow: ssh,
			Want: naclIn(allow, aclIn("acl-b", allow, byEntry, entry("acl-b", 100))),
		},
		{
			Name:    "nacl/equal-numbers-document-order",
			Section: "spec §4 between equal rule numbers the document order decides",
			Config: base(anyFromClients, inboundB(
				nin(100, "deny", "tcp 22", "0.0.0.0/0"),
				nin(100, "allow", "tcp 22", "0.0.0.0/0"))),
			Flow: ssh,
			Want: naclIn(deny, aclIn("acl-b", deny, byEntry, entry("acl-b", 100))),
		},
		{
			Name:    "nacl/cidr-must-contain-source",
			Section: "§2.1 an inbound entry's CIDR is the source range",
			Config: base(anyFromClients, inboundB(
				nin(100, "allow", "tcp 22", "198.51.100.0/24"),
				nin(200, "deny", "-1", "203.0.113.0/24"))),
			Flow: ssh,
			Want: naclIn(deny, aclIn("acl-b", deny, byEntry, entry("acl-b", 200))),
		},
		{
			Name:    "nacl/default-deny-ipv4",
			Section: "§2.1 no entry matches: the default rule 32767 denies IPv4",
			Config:  base(anyFromClients, inboundB(nin(100, "allow", "tcp 80", "0.0.0.0/0"))),
			Flow:    ssh,
			Want:    naclIn(deny, aclIn("acl-b", deny, byEntry, defaultEntry("acl-b", 32767))),
		},
		{
			Name:    "nacl/default-deny-ipv6",
			Section: "§2.1 no entry matches: the default rule 32768 denies IPv6; IPv4 entries do not apply to it",
			Config:  base(anyFromClients6, inboundB(nin(100, "allow", "tcp 22", "0.0.0.0/0"))),
			Flow:    tcpFrom("2001:db8:ffff::7", "2001:db8:0:2::20", 50000, 22),
			Want: decision(deny,
				aclIn("acl-b", deny, byEntry, defaultEntry("acl-b", 32768)),
				clientsAllowed6,
				openRetOut("acl-b", true)),
		},
		{
			Name:    "nacl/ipv6-entries-not-for-ipv4",
			Section: "§2.2 IPv4 and IPv6 rules are separate lists: an IPv6 allow-all does not admit IPv4",
			Config:  base(anyFromClients, inboundB(nin(100, "allow", "-1", "::/0"))),
			Flow:    ssh,
			Want:    naclIn(deny, aclIn("acl-b", deny, byEntry, defaultEntry("acl-b", 32767))),
		},
		{
			Name:    "nacl/explicit-default-entries",
			Section: "§2.1 the default deny entries as AWS prints them (32767, 32768) decide like any entry",
			Config: base(anyFromClients, inboundB(
				nin(100, "allow", "tcp 80", "0.0.0.0/0"),
				nin(32767, "deny", "-1", "0.0.0.0/0"),
				nin(32768, "deny", "-1", "::/0"))),
			Flow: ssh,
			Want: naclIn(deny, aclIn("acl-b", deny, byEntry, entry("acl-b", 32767))),
		},
		{
			Name:    "nacl/icmp-type-code",
			Section: "§2.3 an ICMP entry matches its type and code",
			Config:  base(anyFromClients, inboundB(nin(100, "allow", "icmp 3 4", "0.0.0.0/0"))),
			Flow:    icmp("203.0.113.9", "10.0.2.20", 3, 4),
			Want: decision(allow,
				aclIn("acl-b", allow, byEntry, entry("acl-b", 100)),
				clientsAllowed),
		},
		{
			Name:    "nacl/icmp-other-code",
			Section: "§2.3 an ICMP entry for type 3 code 4 does not match type 3 code 3",
			Config:  base(anyFromClients, inboundB(nin(100, "allow", "icmp 3 4", "0.0.0.0/0"))),
			Flow:    icmp("203.0.113.9", "10.0.2.20", 3, 3),
			Want: decision(deny,
				aclIn("acl-b", deny, byEntry, defaultEntry("acl-b", 32767)),
				clientsAllowed),
		},
		{
			Name:    "nacl/icmp-all-codes",
			Section: "§2.1 IcmpTypeCode Code -1 is every code of the type",
			Config:  base(anyFromClients, inboundB(nin(100, "allow", "icmp 3 -1", "0.0.0.0/0"))),
			Flow:    icmp("203.0.113.9", "10.0.2.20", 3, 13),
			Want: decision(allow,
				aclIn("acl-b", allow, byEntry, entry("acl-b", 100)),
				clientsAllowed),
		},
		{
			Name:    "nacl/icmp-all-types",
			Section: "§2.1 IcmpTypeCode Type -1 is every type and code",
			Config:  base(anyFromClients, inboundB(nin(100, "allow", "icmp -1 -1", "0.0.0.0/0"))),
			Flow:    icmp("203.0.113.9", "10.0.2.20", 11, 1),
			Want: decision(allow,
				aclIn("acl-b", allow, byEntry, entry("acl-b", 100)),
				clientsAllowed),
		},
		{
			Name:    "nacl/icmp-without-type-code",
			Section: "spec §4 an ICMP entry without IcmpTypeCode matches every type and code",
			Config:  base(anyFromClients, inboundB(nin(100, "allow", "icmp", "0.0.0.0/0"))),
			Flow:    icmp("203.0.113.9", "10.0.2.20", 11, 0),
			Want: decision(allow,
				aclIn("acl-b", allow, byEntry, entry("acl-b", 100)),
				clientsAllowed),
		},
		{
			Name:    "nacl/protocol-58-ipv4-cidr-ignores-type",
			Section: "§2.6.4 protocol 58 with an IPv4 CIDR allows all ICMP types and codes, whatever is specified",
			Config:  base(anyFromClients, inboundB(nin(100, "allow", "58 128 0", "0.0.0.0/0"))),
			Flow:    icmp6("203.0.113.9", "10.0.2.20", 1, 4),
			Want: decision(allow,
				aclIn("acl-b", allow, byEntry, entry("acl-b", 100)),
				clientsAllowed),
		},
		{
			Name:    "nacl/protocol-58-ipv6-cidr-uses-type",
			Section: "§2.1 protocol 58 with an IPv6 CIDR matches only the given ICMPv6 type and code",
			Config:  base(anyFromClients6, inboundB(nin(100, "allow", "58 128 0", "::/0"))),
			Flow:    icmp6("2001:db8:ffff::7", "2001:db8:0:2::20", 1, 4),
			Want: decision(deny,
				aclIn("acl-b", deny, byEntry, defaultEntry("acl-b", 32768)),
				clientsAllowed6),
		},
		{
			Name:    "nacl/port-range-is-destination-port",
			Section: "§2.6.2 PortRange is matched against the destination port only",
			Config:  base(anyFromClients, inboundB(nin(100, "allow", "tcp 22", "0.0.0.0/0"))),
			Flow:    tcpFrom("203.0.113.9", "10.0.2.20", 22, 8080),
			Want: decision(deny,
				aclIn("acl-b", deny, byEntry, defaultEntry("acl-b", 32767)),
				clientsAllowed,
				openRetOut("acl-b", false)),
		},
		{
			Name:    "nacl/tcp-without-port-range",
			Section: "spec §4 [inferred] a TCP entry without PortRange matches no port",
			Config:  base(anyFromClients, inboundB(nin(100, "allow", "tcp", "0.0.0.0/0"))),
			Flow:    ssh,
			Want:    naclIn(deny, aclIn("acl-b", deny, byEntry, defaultEntry("acl-b", 32767))),
		},
		{
			Name:    "nacl/all-protocols-ignore-port-range",
			Section: "§2.6.3 protocol -1 ignores the ports given with it",
			Config:  base(anyFromClients, inboundB(nin(100, "allow", "-1 22", "0.0.0.0/0"))),
			Flow:    tcpFrom("203.0.113.9", "10.0.2.20", 50000, 8080),
			Want:    naclIn(allow, aclIn("acl-b", allow, byEntry, entry("acl-b", 100))),
		},
		{
			Name:    "nacl/other-protocol-ignores-port-range",
			Section: "§2.1 a protocol number other than 6, 17, 1 ignores ports and ICMP types",
			Config:  base(anyFromClients, inboundB(nin(100, "allow", "50 22", "0.0.0.0/0"))),
			Flow:    ipProto("203.0.113.9", "10.0.2.20", 50),
			Want:    naclIn(allow, aclIn("acl-b", allow, byEntry, entry("acl-b", 100))),
		},
		{
			Name:    "nacl/udp-entry-not-tcp",
			Section: "§2.3 an entry matches only its protocol (or -1)",
			Config:  base(anyFromClients, inboundB(nin(100, "allow", "udp 22", "0.0.0.0/0"))),
			Flow:    ssh,
			Want:    naclIn(deny, aclIn("acl-b", deny, byEntry, defaultEntry("acl-b", 32767))),
		},
		{
			Name:    "nacl/return-leg-needs-ephemeral-rule",
			Section: "§2.4 stateless: the reply needs its own outbound rule for the client's port",
			Config: base(anyFromClients, entries("acl-b",
				nin(100, "allow", "tcp 22", "0.0.0.0/0"),
				nout(100, "allow", "tcp 80", "0.0.0.0/0"))),
			Flow: ssh,
			Want: decision(deny,
				aclIn("acl-b", allow, byEntry, entry("acl-b", 100)),
				clientsAllowed,
				retOut("acl-b", deny, byEntry, defaultEntry("acl-b", 32767))),
		},
		{
			Name:    "nacl/return-leg-known-source-port",
			Section: "§3.2 the reply's destination port is the client's source port",
			Config: base(anyFromClients, entries("acl-b",
				nin(100, "allow", "tcp 22", "0.0.0.0/0"),
				nout(100, "allow", "tcp 1024-65535", "0.0.0.0/0"))),
			Flow: ssh,
			Want: decision(allow,
				aclIn("acl-b", allow, byEntry, entry("acl-b", 100)),
				clientsAllowed,
				retOut("acl-b", allow, byEntry, entry("acl-b", 100))),
		},
		{
			Name:    "nacl/return-leg-source-port-outside-rule",
			Section: "§2.4 a client port outside the ephemeral rule's range is denied on the way back",
			Config: base(anyFromClients, entries("acl-b",
				nin(100, "allow", "tcp 22", "0.0.0.0/0"),
				nout(100, "allow", "tcp 1024-65535", "0.0.0.0/0"))),
			Flow: tcpFrom("203.0.113.9", "10.0.2.20", 1000, 22),
			Want: decision(deny,
				aclIn("acl-b", allow, byEntry, entry("acl-b", 100)),
				clientsAllowed,
				retOut("acl-b", deny, byEntry, defaultEntry("acl-b", 32767))),
		},
		{
			Name:    "nacl/return-leg-cidr-is-client",
			Section: "§2.1 an outbound entry's CIDR is the destination range: for the reply, the client",
			Config: base(anyFromClients, entries("acl-b",
				nin(100, "allow", "tcp 22", "0.0.0.0/0"),
				nout(100, "allow", "tcp 1024-65535", "10.0.2.0/24"))),
			Flow: ssh,
			Want: decision(deny,
				aclIn("acl-b", allow, byEntry, entry("acl-b", 100)),
				clientsAllowed,
				retOut("acl-b", deny, byEntry, defaultEntry("acl-b", 32767))),
		},
		{
			Name:    "nacl/default-acl-for-unassociated-subnet",
			Section: "§2.2 a subnet without an association uses the VPC's default network ACL",
			Config: base(
				withIngress("sg-c", in("sgr-ssh", "tcp 22", cidr("203.0.113.0/24"))),
				entries("acl-default",
					nin(100, "allow", "tcp 22", "0.0.0.0/0"),
					nout(100, "allow", "tcp 1024-65535", "0.0.0.0/0"))),
			Flow: tcpFrom("203.0.113.9", "10.0.3.30", 50000, 22),
			Want: decision(allow,
				aclIn("acl-default", allow, byEntry, entry("acl-default", 100)),
				sgIn("eni-c", allow, tracked, because(model.ReasonSGAllowed), sgr("sg-c", "sgr-ssh")),
				retOut("acl-default", allow, byEntry, entry("acl-default", 100))),
		},
		{
			Name:    "nacl/subnet-not-in-config-uses-interface-vpc",
			Section: "spec §4 a subnet missing from the config is in its interface's VPC: that VPC's default ACL",
			Config: base(
				withIngress("sg-c", in("sgr-ssh", "tcp 22", cidr("203.0.113.0/24"))),
				change(func(cfg *model.Config) { cfg.Subnets = cfg.Subnets[:2] })), // drops subnet-c
			Flow: tcpFrom("203.0.113.9", "10.0.3.30", 50000, 22),
			Want: decision(allow,
				openIn("acl-default", false),
				sgIn("eni-c", allow, tracked, because(model.ReasonSGAllowed), sgr("sg-c", "sgr-ssh")),
				openRetOut("acl-default", false)),
		},
		{
			Name:    "nacl/missing-acl",
			Section: "spec §4 no association and no default ACL for the VPC: INDETERMINATE naming the subnet",
			Config: base(
				withIngress("sg-c", in("sgr-ssh", "tcp 22", cidr("203.0.113.0/24"))),
				change(func(cfg *model.Config) { acl(cfg, "acl-default").IsDefault = false })),
			Flow: tcp("203.0.113.9", "10.0.3.30", 22),
			Want: decision(indet,
				aclIn("subnet-c", indet, about(model.ReasonNACLMissing, "subnet-c")),
				sgIn("eni-c", allow, tracked, because(model.ReasonSGAllowed), sgr("sg-c", "sgr-ssh")),
				retOut("subnet-c", indet, about(model.ReasonNACLMissing, "subnet-c"))),
		},
		{
			Name:    "nacl/interface-without-subnet",
			Section: "spec §4 an interface without a subnet id has an unknown subnet",
			Config: base(
				withIngress("sg-c", in("sgr-ssh", "tcp 22", cidr("203.0.113.0/24"))),
				change(func(cfg *model.Config) { iface(cfg, "eni-c").SubnetID = "" })),
			Flow: tcpFrom("203.0.113.9", "10.0.3.30", 50000, 22),
			Want: decision(indet,
				aclIn("", indet, about(model.ReasonUnknownSubnet, "eni-c")),
				sgIn("eni-c", allow, tracked, because(model.ReasonSGAllowed), sgr("sg-c", "sgr-ssh")),
				retOut("", indet, about(model.ReasonUnknownSubnet, "eni-c"))),
		},
	}
}
