package evaltest

import "github.com/netverdict/netverdict/evaluator/model"

// The tracking cases send traffic from the internet (203.0.113.1) to eni-b
// (10.0.2.20) with a known source port, so the path is: acl-b in, eni-b's
// security groups in, acl-b out for the reply, and judge the tracking status
// of the security group check (aws §1.4, spec §3 Tracking).

// inboundToB is the expected decision of such a flow when the security group
// check c decides it.
func inboundToB(v model.Verdict, c model.Check) model.Decision {
	return decision(v, openIn("acl-b", false), c, openRetOut("acl-b", false))
}

// inboundToB6 is inboundToB for IPv6 flows.
func inboundToB6(v model.Verdict, c model.Check) model.Decision {
	return decision(v, openIn("acl-b", true), c, openRetOut("acl-b", true))
}

// nlb adds eni-nlb, a network load balancer's interface in subnet-a with a
// new group sg-nlb.
func nlb() mod {
	return func(cfg *model.Config) {
		addInterface("eni-nlb", "subnet-a", "network_load_balancer", []string{"sg-nlb"}, "10.0.1.50")(cfg)
		cfg.SecurityGroups = append(cfg.SecurityGroups, newGroup("sg-nlb"))
	}
}

func trackingCases() []Case {
	allowed := because(model.ReasonSGAllowed)
	http4 := in("sgr-http4", "tcp 80", cidr("0.0.0.0/0"))
	http6 := in("sgr-http6", "tcp 80", cidr("::/0"))
	return []Case{
		{
			Name:    "tracking/ssh-from-one-address-tracked",
			Section: "§1.4 example row 1: TCP 22 from 203.0.113.1/32 in, all/all out: SSH is tracked",
			Config:  base(withIngress("sg-b", in("sgr-ssh", "tcp 22", cidr("203.0.113.1/32")))),
			Flow:    tcpFrom("203.0.113.1", "10.0.2.20", 50000, 22),
			Want:    inboundToB(allow, sgIn("eni-b", allow, tracked, allowed, sgr("sg-b", "sgr-ssh"))),
		},
		{
			Name:    "tracking/http-from-anywhere-untracked",
			Section: "§1.4 example row 2: TCP 80 from 0.0.0.0/0 and ::/0 in, all/all out: HTTP is not tracked",
			Config:  base(withIngress("sg-b", http4, http6)),
			Flow:    tcpFrom("203.0.113.1", "10.0.2.20", 50000, 80),
			Want:    inboundToB(allow, sgIn("eni-b", allow, untracked, allowed, sgr("sg-b", "sgr-http4"))),
		},
		{
			Name:    "tracking/http-from-anywhere-untracked-ipv6",
			Section: "§1.4 example row 2 over IPv6: ::/0 both ways, not tracked",
			Config:  base(withIngress("sg-b", http4, http6)),
			Flow:    tcp("2001:db8:ffff::7", "2001:db8:0:2::20", 80),
			Want: decision(allow,
				openIn("acl-b", true),
				sgIn("eni-b", allow, untracked, allowed, sgr("sg-b", "sgr-http6")),
				retOut("acl-b", allow, over(model.ReasonNACLPortsAll, ports(1024, 65535)), entry("acl-b", 101))),
		},
		{
			Name:    "tracking/icmp-always-tracked",
			Section: "§1.4 example row 3: ICMP traffic is always tracked, regardless of rules",
			Config:  base(withIngress("sg-b", in("sgr-icmp", "icmp -1 -1", cidr("0.0.0.0/0")))),
			Flow:    icmp("203.0.113.1", "10.0.2.20", 8, 0),
			Want:    inboundToB(allow, sgIn("eni-b", allow, tracked, allowed, sgr("sg-b", "sgr-icmp"))),
		},
		{
			Name:    "tracking/no-outbound-all-tracked",
			Section: "§1.4 example row 4: without the outbound all/all rule all traffic is tracked, port 80 included",
			Config:  base(rules("sg-b", http4, http6)),
			Flow:    tcpFrom("203.0.113.1", "10.0.2.20", 50000, 80),
			Want:    inboundToB(allow, sgIn("eni-b", allow, tracked, allowed, sgr("sg-b", "sgr-http4"))),
		},
		{
			Name:    "tracking/reverse-rule-must-cover-all-ports",
			Section: "§1.4 the rule in the other direction must allow all ports (0-65535)",
			Config:  base(rules("sg-b", http4, out("sgr-eph", "tcp 1024-65535", cidr("0.0.0.0/0")))),
			Flow:    tcpFrom("203.0.113.1", "10.0.2.20", 50000, 80),
			Want:    inboundToB(allow, sgIn("eni-b", allow, tracked, allowed, sgr("sg-b", "sgr-http4"))),
		},
		{
			Name:    "tracking/reverse-tcp-all-ports-untracked",
			Section: "§1.4 a TCP 0-65535 rule to 0.0.0.0/0 in the other direction is enough",
			Config:  base(rules("sg-b", http4, out("sgr-tcp-all", "tcp 0-65535", cidr("0.0.0.0/0")))),
			Flow:    tcpFrom("203.0.113.1", "10.0.2.20", 50000, 80),
			Want:    inboundToB(allow, sgIn("eni-b", allow, untracked, allowed, sgr("sg-b", "sgr-http4"))),
		},
		{
			Name:    "tracking/reverse-rule-other-protocol",
			Section: "§1.4 the rule in the other direction must be for the flow's protocol (or all)",
			Config:  base(rules("sg-b", http4, out("sgr-udp-all", "udp 0-65535", cidr("0.0.0.0/0")))),
			Flow:    tcpFrom("203.0.113.1", "10.0.2.20", 50000, 80),
			Want:    inboundToB(allow, sgIn("eni-b", allow, tracked, allowed, sgr("sg-b", "sgr-http4"))),
		},
		{
			Name:    "tracking/reverse-rule-other-family",
			Section: "§1.4 an IPv4 flow needs 0.0.0.0/0 in the other direction; ::/0 does not count",
			Config:  base(rules("sg-b", http4, out("sgr-all6", "-1", cidr("::/0")))),
			Flow:    tcpFrom("203.0.113.1", "10.0.2.20", 50000, 80),
			Want:    inboundToB(allow, sgIn("eni-b", allow, tracked, allowed, sgr("sg-b", "sgr-http4"))),
		},
		{
			Name:    "tracking/narrow-cidr-tracked",
			Section: "§1.4 only 0.0.0.0/0 or ::/0 makes a flow untracked, not a narrower CIDR that covers the peer",
			Config:  base(withIngress("sg-b", in("sgr-half", "tcp 80", cidr("128.0.0.0/1")))),
			Flow:    tcpFrom("203.0.113.1", "10.0.2.20", 50000, 80),
			Want:    inboundToB(allow, sgIn("eni-b", allow, tracked, allowed, sgr("sg-b", "sgr-half"))),
		},
		{
			Name:    "tracking/prefix-list-never-counts",
			Section: "§1.4 [inferred] a prefix list covering everything does not make a flow untracked",
			Config:  base(prefixList("pl-all", "0.0.0.0/0"), withIngress("sg-b", in("sgr-pl", "tcp 80", pl("pl-all")))),
			Flow:    tcpFrom("203.0.113.1", "10.0.2.20", 50000, 80),
			Want:    inboundToB(allow, sgIn("eni-b", allow, tracked, allowed, sgr("sg-b", "sgr-pl"))),
		},
		{
			Name:    "tracking/udp-untracked",
			Section: "§1.4 UDP flows are untracked under the same all-open rules",
			Config:  base(withIngress("sg-b", in("sgr-dns", "udp 53", cidr("0.0.0.0/0")))),
			Flow:    udpFrom("203.0.113.1", "10.0.2.20", 5353, 53),
			Want:    inboundToB(allow, sgIn("eni-b", allow, untracked, allowed, sgr("sg-b", "sgr-dns"))),
		},
		{
			Name:    "tracking/rules-in-different-groups",
			Section: "§1.4 [inferred] the two all-open rules may come from different attached groups",
			Config: base(attach("eni-b", "sg-b", "sg-http"),
				rules("sg-http", http4)),
			Flow: tcpFrom("203.0.113.1", "10.0.2.20", 50000, 80),
			Want: inboundToB(allow, sgIn("eni-b", allow, untracked, allowed, sgr("sg-http", "sgr-http4"))),
		},
		{
			Name:    "tracking/egress-check-untracked",
			Section: "§1.4 an outbound flow is untracked when all-open rules exist out and back in",
			Config:  base(withIngress("sg-b", in("sgr-in-all", "-1", cidr("0.0.0.0/0")))),
			Flow:    tcpFrom("10.0.2.20", "203.0.113.9", 50000, 443),
			Want: decision(allow,
				newGroupOut("eni-b", "sg-b", false, untracked),
				openOut("acl-b", false),
				openRetIn("acl-b", false)),
		},
		{
			Name:    "tracking/automatic-via-nlb",
			Section: "§1.4 connections through a network load balancer are automatically tracked",
			Config:  base(nlb(), withIngress("sg-b", http4)),
			Flow:    tcpFrom("eni-nlb", "eni-b", 40000, 80),
			Want: decision(allow,
				newGroupOut("eni-nlb", "sg-nlb", false, tracked),
				openOut("acl-a", false),
				openIn("acl-b", false),
				sgIn("eni-b", allow, automatic, allowed, sgr("sg-b", "sgr-http4")),
				openRetOut("acl-b", false),
				openRetIn("acl-a", false)),
		},
		{
			Name:    "tracking/automatic-via-nat-gateway-deny",
			Section: "§1.4 automatic tracking is reported on a denied check too",
			Config:  base(addInterface("eni-nat", "subnet-a", "nat_gateway", nil, "10.0.1.60")),
			Flow:    tcpFrom("10.0.2.20", "10.0.1.60", 40000, 443),
			Want: decision(deny,
				sgOut("eni-b", allow, automatic, allowed, sgr("sg-b", "sg-b/egress/0/0")),
				openOut("acl-b", false),
				openIn("acl-a", false),
				sgIn("eni-nat", deny, tracked, because(model.ReasonSGNoRule)),
				openRetOut("acl-a", false),
				openRetIn("acl-b", false)),
		},
	}
}

func establishedCases() []Case {
	http4 := in("sgr-http4", "tcp 80", cidr("0.0.0.0/0"))
	return []Case{
		{
			Name:    "established/recorded-untracked-rule-removed",
			Section: "§1.4 an untracked flow is interrupted at once when the rule that enables it is removed",
			Config:  base(),
			Flow:    established(tcpFrom("203.0.113.1", "10.0.2.20", 50000, 80), model.TrackingUntracked),
			Want:    inboundToB(deny, sgIn("eni-b", deny, untracked, because(model.ReasonSGUntrackedRecheck))),
		},
		{
			Name:    "established/untracked-rule-still-there",
			Section: "spec §3 an untracked established flow is judged on the current rules",
			Config:  base(withIngress("sg-b", http4)),
			Flow:    established(tcpFrom("203.0.113.1", "10.0.2.20", 50000, 80), model.TrackingUnspecified),
			Want: inboundToB(allow,
				sgIn("eni-b", allow, untracked, because(model.ReasonSGUntrackedRecheck), sgr("sg-b", "sgr-http4"))),
		},
		{
			Name:    "established/recorded-tracked-wins-over-current-rules",
			Section: "spec §3 the tracking given with an established flow wins over what the rules would say",
			Config:  base(withIngress("sg-b", http4)),
			Flow:    established(tcpFrom("203.0.113.1", "10.0.2.20", 50000, 80), model.TrackingTracked),
			Want: inboundToB(allow,
				sgIn("eni-b", allow, tracked, because(model.ReasonSGEstablishedTracked), sgr("sg-b", "sgr-http4"))),
		},
		{
			Name:    "established/untracked-recheck-undecidable",
			Section: "spec §3 an untracked re-check that cannot be decided keeps naming what is missing",
			Config:  base(withIngress("sg-b", in("sgr-pl", "tcp 80", pl("pl-missing")))),
			Flow:    established(tcpFrom("203.0.113.1", "10.0.2.20", 50000, 80), model.TrackingUntracked),
			Want: inboundToB(indet,
				sgIn("eni-b", indet, untracked, about(model.ReasonSGUndecidable, "pl-missing"), sgr("sg-b", "sgr-pl"))),
		},
		{
			Name:    "established/automatic-after-rule-removed",
			Section: "§1.4 an automatically tracked connection survives the removal of its rule",
			Config:  base(nlb()),
			Flow:    established(tcpFrom("eni-nlb", "eni-b", 40000, 80), model.TrackingUnspecified),
			Want: decision(allow,
				sgOut("eni-nlb", allow, tracked, because(model.ReasonSGEstablishedTracked), sgr("sg-nlb", "sg-nlb/egress/0/0")),
				openOut("acl-a", false),
				openIn("acl-b", false),
				sgIn("eni-b", allow, automatic, because(model.ReasonSGEstablishedTracked)),
				openRetOut("acl-b", false),
				openRetIn("acl-a", false)),
		},
		{
			Name:    "established/nacl-still-applies",
			Section: "§2.6.6 network ACLs are stateless: removing the return rule breaks an established connection",
			Config: base(withIngress("sg-b", in("sgr-ssh", "tcp 22", cidr("203.0.113.1/32"))),
				entries("acl-b", nin(100, "allow", "tcp 22", "0.0.0.0/0"))),
			Flow: established(tcpFrom("203.0.113.1", "10.0.2.20", 50000, 22), model.TrackingUnspecified),
			Want: decision(deny,
				aclIn("acl-b", allow, because(model.ReasonNACLEntry), entry("acl-b", 100)),
				sgIn("eni-b", allow, tracked, because(model.ReasonSGEstablishedTracked), sgr("sg-b", "sgr-ssh")),
				retOut("acl-b", deny, because(model.ReasonNACLEntry), defaultEntry("acl-b", 32767))),
		},
	}
}
