package evaltest

import "github.com/netverdict/netverdict/evaluator/model"

func replyCases() []Case {
	byEntry := because(model.ReasonNACLEntry)
	allowed := because(model.ReasonSGAllowed)
	// Echo requests from eni-a to eni-b; acl-a lets requests out and
	// replies in, acl-b requests in and (by default) replies out.
	pingACLs := func(bOut string) []mod {
		return []mod{
			entries("acl-a",
				nout(100, "allow", "icmp 8 0", "0.0.0.0/0"),
				nin(100, "allow", "icmp 0 0", "0.0.0.0/0")),
			entries("acl-b",
				nin(100, "allow", "icmp 8 0", "0.0.0.0/0"),
				nout(100, "allow", bOut, "0.0.0.0/0")),
			withIngress("sg-b", in("sgr-ping", "icmp 8 -1", cidr("10.0.0.0/16"))),
		}
	}
	return []Case{
		{
			Name:    "reply/icmp-echo-reply",
			Section: "spec §2 an ICMP echo request (8) is answered by an echo reply (0): the return leg checks type 0",
			Config:  base(pingACLs("icmp 0 0")...),
			Flow:    icmp("10.0.1.10", "10.0.2.20", 8, 0),
			Want: decision(allow,
				egressA,
				aclOut("acl-a", allow, byEntry, entry("acl-a", 100)),
				aclIn("acl-b", allow, byEntry, entry("acl-b", 100)),
				sgIn("eni-b", allow, tracked, allowed, sgr("sg-b", "sgr-ping")),
				retOut("acl-b", allow, byEntry, entry("acl-b", 100)),
				retIn("acl-a", allow, byEntry, entry("acl-a", 100))),
		},
		{
			Name:    "reply/icmp-echo-reply-denied",
			Section: "§2.2 stateless: an ACL that lets echo requests out but not echo replies breaks ping",
			Config:  base(pingACLs("icmp 8 0")...),
			Flow:    icmp("10.0.1.10", "10.0.2.20", 8, 0),
			Want: decision(deny,
				egressA,
				aclOut("acl-a", allow, byEntry, entry("acl-a", 100)),
				aclIn("acl-b", allow, byEntry, entry("acl-b", 100)),
				sgIn("eni-b", allow, tracked, allowed, sgr("sg-b", "sgr-ping")),
				retOut("acl-b", deny, byEntry, defaultEntry("acl-b", 32767)),
				retIn("acl-a", allow, byEntry, entry("acl-a", 100))),
		},
		{
			Name:    "reply/icmpv6-echo-reply",
			Section: "spec §2 an ICMPv6 echo request (128) is answered by an echo reply (129)",
			Config: base(
				withIngress("sg-b", in("sgr-ping6", "icmpv6", cidr("::/0"))),
				entries("acl-b",
					nin(100, "allow", "58 128 0", "::/0"),
					nout(100, "allow", "58 129 0", "::/0"))),
			Flow: icmp6("2001:db8:ffff::7", "2001:db8:0:2::20", 128, 0),
			Want: decision(allow,
				aclIn("acl-b", allow, byEntry, entry("acl-b", 100)),
				sgIn("eni-b", allow, tracked, allowed, sgr("sg-b", "sgr-ping6")),
				retOut("acl-b", allow, byEntry, entry("acl-b", 100))),
		},
		{
			Name:    "reply/icmp-non-echo-no-return-leg",
			Section: "spec §2 ICMP types other than echo have no return leg",
			// Nothing lets a reply out of subnet-b or into subnet-a, and
			// nothing needs to.
			Config: base(
				entries("acl-a", nout(100, "allow", "icmp 3 4", "0.0.0.0/0")),
				entries("acl-b", nin(100, "allow", "icmp 3 4", "0.0.0.0/0")),
				withIngress("sg-b", in("sgr-pmtu", "icmp 3 4", cidr("10.0.0.0/16")))),
			Flow: icmp("10.0.1.10", "10.0.2.20", 3, 4),
			Want: decision(allow,
				egressA,
				aclOut("acl-a", allow, byEntry, entry("acl-a", 100)),
				aclIn("acl-b", allow, byEntry, entry("acl-b", 100)),
				sgIn("eni-b", allow, tracked, allowed, sgr("sg-b", "sgr-pmtu"))),
		},
		{
			Name:    "reply/other-protocol-swaps-addresses",
			Section: "spec §2 other protocols (ESP, 50) reply with the same protocol, addresses swapped",
			Config: base(entries("acl-b",
				nout(100, "allow", "50", "203.0.113.0/24"),
				nin(100, "allow", "50", "203.0.113.0/24"))),
			Flow: ipProto("10.0.2.20", "203.0.113.9", 50),
			Want: decision(allow,
				newGroupOut("eni-b", "sg-b", false, tracked),
				aclOut("acl-b", allow, byEntry, entry("acl-b", 100)),
				retIn("acl-b", allow, byEntry, entry("acl-b", 100))),
		},
		{
			Name:    "reply/other-protocol-reply-denied",
			Section: "spec §2 the reply of another protocol is judged with the peer as source",
			Config: base(entries("acl-b",
				nout(100, "allow", "50", "203.0.113.0/24"),
				nin(100, "allow", "50", "10.0.0.0/8"))),
			Flow: ipProto("10.0.2.20", "203.0.113.9", 50),
			Want: decision(deny,
				newGroupOut("eni-b", "sg-b", false, tracked),
				aclOut("acl-b", allow, byEntry, entry("acl-b", 100)),
				retIn("acl-b", deny, byEntry, defaultEntry("acl-b", 32767))),
		},
	}
}

func verdictCases() []Case {
	return []Case{
		{
			Name:    "verdict/deny-beats-indeterminate",
			Section: "spec §2 overall verdict: DENY if any check denies, even with INDETERMINATE checks",
			Config:  base(),
			Flow:    tcpFrom("10.0.1.99", "10.0.2.20", 40000, 22),
			Want: decision(deny,
				sgOut("10.0.1.99", indet, tracked, about(model.ReasonUnknownHost, "10.0.1.99")),
				openOut("acl-a", false),
				openIn("acl-b", false),
				sgIn("eni-b", deny, tracked, because(model.ReasonSGNoRule)),
				openRetOut("acl-b", false),
				openRetIn("acl-a", false)),
		},
		{
			Name:    "verdict/indeterminate-beats-allow",
			Section: "spec §2 overall verdict: INDETERMINATE if any check is and none denies",
			Config:  base(withIngress("sg-b", in("sgr-pl", "tcp 22", pl("pl-missing")))),
			Flow:    tcpFrom("10.0.1.10", "10.0.2.20", 40000, 22),
			Want: decision(indet,
				egressA,
				openOut("acl-a", false),
				openIn("acl-b", false),
				sgIn("eni-b", indet, tracked, about(model.ReasonSGUndecidable, "pl-missing"), sgr("sg-b", "sgr-pl")),
				openRetOut("acl-b", false),
				openRetIn("acl-a", false)),
		},
		{
			Name:    "verdict/return-leg-deny-decides",
			Section: "spec §2 overall verdict: a denied return leg denies the flow",
			Config:  base(entries("acl-a", nout(100, "allow", "-1", "0.0.0.0/0"))),
			Flow:    tcpFrom("10.0.1.10", "203.0.113.9", 40000, 443),
			Want: decision(deny,
				egressA,
				openOut("acl-a", false),
				retIn("acl-a", deny, because(model.ReasonNACLEntry), defaultEntry("acl-a", 32767))),
		},
	}
}
