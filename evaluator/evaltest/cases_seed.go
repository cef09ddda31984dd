package evaltest

import "github.com/netverdict/netverdict/evaluator/model"

// seedNetwork is the product's seed scenario: one instance (eni-web, public
// IP 34.240.1.15) in a subnet whose network ACL allows SSH in and the
// ephemeral ports out, with a security group that allows SSH from "my IP"
// 198.51.100.7 — or, after the change (withRule false), no longer does.
func seedNetwork(withRule bool) *model.Config {
	var inbound []model.SGRule
	if withRule {
		inbound = append(inbound, described(in("sgr-ssh", "tcp 22", cidr("198.51.100.7/32")), "my IP"))
	}
	sg := model.SecurityGroup{ID: "sg-ssh", Name: "ssh-from-home", VPCID: "vpc-seed", OwnerID: "111122223333",
		Rules: append(inbound, out("sgr-all-out", "-1", cidr("0.0.0.0/0")))}
	for i := range sg.Rules {
		sg.Rules[i].GroupID = sg.ID
	}
	return &model.Config{
		VPCs:    []model.VPC{{ID: "vpc-seed", CIDRs: prefixes("172.31.0.0/16")}},
		Subnets: []model.Subnet{{ID: "subnet-web", VPCID: "vpc-seed", CIDRs: prefixes("172.31.16.0/20")}},
		Interfaces: []model.Interface{{ID: "eni-web", SubnetID: "subnet-web", VPCID: "vpc-seed", Type: "interface",
			PrivateIPs: addrs("172.31.20.15"), PublicIPs: addrs("34.240.1.15"), SecurityGroupIDs: []string{"sg-ssh"}}},
		SecurityGroups: []model.SecurityGroup{sg},
		NetworkACLs: []model.NetworkACL{{ID: "acl-web", VPCID: "vpc-seed",
			Associations: []model.NACLAssociation{{ID: "aclassoc-web", SubnetID: "subnet-web"}},
			Entries: []model.NACLEntry{
				nin(100, "allow", "tcp 22", "0.0.0.0/0"),
				nout(100, "allow", "tcp 1024-65535", "0.0.0.0/0"),
			}}},
	}
}

func seedCases() []Case {
	sshIn := aclIn("acl-web", allow, because(model.ReasonNACLEntry), entry("acl-web", 100))
	replyOut := retOut("acl-web", allow, because(model.ReasonNACLEntry), entry("acl-web", 100))
	myRule := sgrDesc("sg-ssh", "sgr-ssh", "my IP")
	return []Case{
		{
			Name:    "seed/a-ssh-from-my-ip",
			Section: "§1.3 a rule whose CIDR contains the source allows; §1.4 SSH from a /32 is tracked",
			Config:  seedNetwork(true),
			Flow:    tcpFrom("198.51.100.7", "34.240.1.15", 50022, 22),
			Want: decision(allow,
				sshIn,
				sgIn("eni-web", allow, tracked, because(model.ReasonSGAllowed), myRule),
				replyOut),
		},
		{
			Name:    "seed/a-ssh-from-my-ip-no-source-port",
			Section: "§2.4 the reply goes to the client's ephemeral port: all of 1024-65535 allowed",
			Config:  seedNetwork(true),
			Flow:    tcp("198.51.100.7", "34.240.1.15", 22),
			Want: decision(allow,
				sshIn,
				sgIn("eni-web", allow, tracked, because(model.ReasonSGAllowed), myRule),
				retOut("acl-web", allow, over(model.ReasonNACLPortsAll, ports(1024, 65535)), entry("acl-web", 100))),
		},
		{
			Name:    "seed/b-ssh-from-elsewhere",
			Section: "§1.2 security groups allow only what a rule allows",
			Config:  seedNetwork(true),
			Flow:    tcpFrom("203.0.113.9", "34.240.1.15", 50022, 22),
			Want: decision(deny,
				sshIn,
				sgIn("eni-web", deny, tracked, because(model.ReasonSGNoRule)),
				replyOut),
		},
		{
			Name:    "seed/c-established-before-change",
			Section: "§1.4 an established tracked connection is allowed; the matching rule is named",
			Config:  seedNetwork(true),
			Flow:    established(tcpFrom("198.51.100.7", "34.240.1.15", 50022, 22), model.TrackingUnspecified),
			Want: decision(allow,
				sshIn,
				sgIn("eni-web", allow, tracked, because(model.ReasonSGEstablishedTracked), myRule),
				replyOut),
		},
		{
			Name:    "seed/c-established-after-rule-removed",
			Section: "§1.4 removing a rule does not interrupt tracked connections",
			Config:  seedNetwork(false),
			Flow:    established(tcpFrom("198.51.100.7", "34.240.1.15", 50022, 22), model.TrackingUnspecified),
			Want: decision(allow,
				sshIn,
				sgIn("eni-web", allow, tracked, because(model.ReasonSGEstablishedTracked)),
				replyOut),
		},
		{
			Name:    "seed/c-established-recorded-tracked-after-rule-removed",
			Section: "§1.4 removing a rule does not interrupt tracked connections (tracking given by the caller)",
			Config:  seedNetwork(false),
			Flow:    established(tcpFrom("198.51.100.7", "34.240.1.15", 50022, 22), model.TrackingTracked),
			Want: decision(allow,
				sshIn,
				sgIn("eni-web", allow, tracked, because(model.ReasonSGEstablishedTracked)),
				replyOut),
		},
		{
			Name:    "seed/d-reconnect-after-rule-removed",
			Section: "§1.4 rules apply to new connections: a reconnect after the change is denied",
			Config:  seedNetwork(false),
			Flow:    tcpFrom("198.51.100.7", "34.240.1.15", 50023, 22),
			Want: decision(deny,
				sshIn,
				sgIn("eni-web", deny, tracked, because(model.ReasonSGNoRule)),
				replyOut),
		},
	}
}
