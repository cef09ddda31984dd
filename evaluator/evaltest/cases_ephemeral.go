package evaltest

import "github.com/netverdict/netverdict/evaluator/model"

// The ephemeral range cases send SSH from the internet (203.0.113.9) to
// eni-b without a source port: the reply's destination port is one of the
// client's ephemeral ports, so acl-b's outbound entries are judged over the
// whole range (aws §2.4, spec §2).

// sshInB lets SSH in through acl-b and sets acl-b's outbound entries.
func sshInB(outbound ...model.NACLEntry) mod {
	return entries("acl-b", append([]model.NACLEntry{nin(100, "allow", "tcp 22", "0.0.0.0/0")}, outbound...)...)
}

// replyOverRange is the expected decision of such a flow when the return
// check c decides it.
func replyOverRange(v model.Verdict, c model.Check) model.Decision {
	return decision(v,
		aclIn("acl-b", allow, because(model.ReasonNACLEntry), entry("acl-b", 100)),
		clientsAllowed,
		c)
}

func ephemeralCases() []Case {
	ssh := tcp("203.0.113.9", "10.0.2.20", 22)
	return []Case{
		{
			Name:    "ephemeral/all-allowed",
			Section: "§2.4 every port of the ephemeral range allowed: ALLOW, the range and the entry named",
			Config:  base(anyFromClients, sshInB(nout(100, "allow", "tcp 1024-65535", "0.0.0.0/0"))),
			Flow:    ssh,
			Want: replyOverRange(allow,
				retOut("acl-b", allow, over(model.ReasonNACLPortsAll, ports(1024, 65535)), entry("acl-b", 100))),
		},
		{
			Name:    "ephemeral/all-allowed-by-two-entries",
			Section: "spec §2 ALLOW over the range names every entry that decided some port, in rule-number order",
			Config: base(anyFromClients, sshInB(
				nout(110, "allow", "tcp 30001-65535", "0.0.0.0/0"),
				nout(100, "allow", "tcp 1024-30000", "0.0.0.0/0"))),
			Flow: ssh,
			Want: replyOverRange(allow,
				retOut("acl-b", allow, over(model.ReasonNACLPortsAll, ports(1024, 65535)),
					entry("acl-b", 100), entry("acl-b", 110))),
		},
		{
			Name:    "ephemeral/none-allowed-default",
			Section: "§2.4 no port of the ephemeral range allowed: DENY, the default entry named",
			Config:  base(anyFromClients, sshInB(nout(100, "allow", "tcp 80", "0.0.0.0/0"))),
			Flow:    ssh,
			Want: replyOverRange(deny,
				retOut("acl-b", deny, over(model.ReasonNACLPortsNone, ports(1024, 65535)), defaultEntry("acl-b", 32767))),
		},
		{
			Name:    "ephemeral/none-allowed-explicit-deny",
			Section: "spec §2 DENY over the range names the entries that decided it",
			Config: base(anyFromClients, sshInB(
				nout(90, "deny", "tcp 0-65535", "0.0.0.0/0"),
				nout(100, "allow", "-1", "0.0.0.0/0"))),
			Flow: ssh,
			Want: replyOverRange(deny,
				retOut("acl-b", deny, over(model.ReasonNACLPortsNone, ports(1024, 65535)), entry("acl-b", 90))),
		},
		{
			Name:    "ephemeral/partial-deny-before-wide-allow",
			Section: "§2.4 a deny for one port before the wide allow: INDETERMINATE with the allowed sub-ranges",
			Config: base(anyFromClients, sshInB(
				nout(100, "deny", "tcp 2049", "0.0.0.0/0"),
				nout(110, "allow", "tcp 1024-65535", "0.0.0.0/0"))),
			Flow: ssh,
			Want: replyOverRange(indet,
				retOut("acl-b", indet, over(model.ReasonNACLPortsPartial, ports(1024, 2048), ports(2050, 65535)),
					entry("acl-b", 100), entry("acl-b", 110))),
		},
		{
			Name:    "ephemeral/partial-merged-and-sorted",
			Section: "spec §2 the allowed sub-ranges are merged across entries and sorted; every deciding entry once, default last",
			Config: base(anyFromClients, sshInB(
				nout(100, "allow", "tcp 40000-65535", "0.0.0.0/0"),
				nout(200, "allow", "tcp 1024-2000", "0.0.0.0/0"),
				nout(300, "allow", "tcp 2001-3000", "0.0.0.0/0"),
				nout(400, "allow", "tcp 50000-60000", "0.0.0.0/0"))), // shadowed by 100: decides no port
			Flow: ssh,
			Want: replyOverRange(indet,
				retOut("acl-b", indet, over(model.ReasonNACLPortsPartial, ports(1024, 3000), ports(40000, 65535)),
					entry("acl-b", 100), entry("acl-b", 200), entry("acl-b", 300), defaultEntry("acl-b", 32767))),
		},
		{
			Name:    "ephemeral/entry-below-range-not-named",
			Section: "spec §2 an entry that decides no port of the range is not named",
			Config: base(anyFromClients, sshInB(
				nout(50, "deny", "tcp 0-1023", "0.0.0.0/0"),
				nout(100, "allow", "tcp 0-65535", "0.0.0.0/0"))),
			Flow: ssh,
			Want: replyOverRange(allow,
				retOut("acl-b", allow, over(model.ReasonNACLPortsAll, ports(1024, 65535)), entry("acl-b", 100))),
		},
		{
			Name:    "ephemeral/custom-range-all",
			Section: "spec §2 the ephemeral range is settable: Linux clients use 32768-61000",
			Config:  base(anyFromClients, sshInB(nout(100, "allow", "tcp 32768-65535", "0.0.0.0/0"))),
			Flow:    ssh,
			Opts:    model.Options{Ephemeral: model.PortRange{From: 32768, To: 61000}},
			Want: replyOverRange(allow,
				retOut("acl-b", allow, over(model.ReasonNACLPortsAll, ports(32768, 61000)), entry("acl-b", 100))),
		},
		{
			Name:    "ephemeral/default-range-partial",
			Section: "§2.4 a 32768-65535 rule covers only part of the default 1024-65535 range",
			Config:  base(anyFromClients, sshInB(nout(100, "allow", "tcp 32768-65535", "0.0.0.0/0"))),
			Flow:    ssh,
			Want: replyOverRange(indet,
				retOut("acl-b", indet, over(model.ReasonNACLPortsPartial, ports(32768, 65535)),
					entry("acl-b", 100), defaultEntry("acl-b", 32767))),
		},
		{
			Name:    "ephemeral/source-side-return",
			Section: "§3.2 the reply enters the client's subnet through its inbound entries, over the ephemeral range",
			Config: base(entries("acl-b",
				nout(100, "allow", "-1", "0.0.0.0/0"),
				nin(100, "allow", "tcp 32768-65535", "0.0.0.0/0"))),
			Flow: tcp("10.0.2.20", "203.0.113.9", 443),
			Want: decision(indet,
				newGroupOut("eni-b", "sg-b", false, tracked),
				aclOut("acl-b", allow, because(model.ReasonNACLEntry), entry("acl-b", 100)),
				retIn("acl-b", indet, over(model.ReasonNACLPortsPartial, ports(32768, 65535)),
					entry("acl-b", 100), defaultEntry("acl-b", 32767))),
		},
		{
			Name:    "ephemeral/udp",
			Section: "§2.4 UDP replies need the ephemeral ports too",
			Config: base(anyFromClients, entries("acl-b",
				nin(100, "allow", "udp 53", "0.0.0.0/0"),
				nout(100, "allow", "udp 1024-65535", "0.0.0.0/0"))),
			Flow: udp("203.0.113.9", "10.0.2.20", 53),
			Want: replyOverRange(allow,
				retOut("acl-b", allow, over(model.ReasonNACLPortsAll, ports(1024, 65535)), entry("acl-b", 100))),
		},
		{
			Name:    "ephemeral/tcp-entry-does-not-cover-udp",
			Section: "§2.3 an ephemeral rule for TCP does not let UDP replies out",
			Config: base(anyFromClients, entries("acl-b",
				nin(100, "allow", "udp 53", "0.0.0.0/0"),
				nout(100, "allow", "tcp 1024-65535", "0.0.0.0/0"))),
			Flow: udp("203.0.113.9", "10.0.2.20", 53),
			Want: replyOverRange(deny,
				retOut("acl-b", deny, over(model.ReasonNACLPortsNone, ports(1024, 65535)), defaultEntry("acl-b", 32767))),
		},
	}
}
