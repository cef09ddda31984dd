package evaltest

import "github.com/netverdict/netverdict/evaluator/model"

// overlappingVPC adds vpc-2, which reuses vpc-1's 10.0.0.0/16 (not peered),
// with subnet-x (10.0.1.0/24, like subnet-a) and eni-x at 10.0.1.10, the
// address of eni-a.
func overlappingVPC() mod {
	return func(cfg *model.Config) {
		cfg.VPCs = append(cfg.VPCs, model.VPC{ID: "vpc-2", CIDRs: prefixes("10.0.0.0/16")})
		cfg.Subnets = append(cfg.Subnets, model.Subnet{ID: "subnet-x", VPCID: "vpc-2", CIDRs: prefixes("10.0.1.0/24")})
		cfg.Interfaces = append(cfg.Interfaces, model.Interface{ID: "eni-x", SubnetID: "subnet-x", VPCID: "vpc-2",
			PrivateIPs: addrs("10.0.1.10"), SecurityGroupIDs: []string{"sg-x"}})
		cfg.SecurityGroups = append(cfg.SecurityGroups, newGroup("sg-x"))
	}
}

func endpointCases() []Case {
	// sg-a2 allows SSH from one address; the flows below come from eni-a
	// in the same subnet (no network ACL checks, spec §2).
	sshFrom := func(peer string) mod {
		return withIngress("sg-a2", in("sgr-ssh", "tcp 22", cidr(peer)))
	}
	// sg-b allows SSH from the whole VPC.
	sshFromVPC := withIngress("sg-b", in("sgr-vpc", "tcp 22", cidr("10.0.0.0/16")))
	vpcRule := sgr("sg-b", "sgr-vpc")
	entryAllowed := because(model.ReasonNACLEntry)
	return []Case{
		{
			Name:    "endpoint/private-ip-is-the-interface",
			Section: "spec §1.2 a private IP of exactly one interface is that interface",
			Config:  base(sshFrom("10.0.1.10/32")),
			Flow:    tcpFrom("10.0.1.10", "10.0.1.11", 40000, 22),
			Want: decision(allow,
				newGroupOut("eni-a", "sg-a", false, tracked),
				sgIn("eni-a2", allow, tracked, because(model.ReasonSGAllowed), sgr("sg-a2", "sgr-ssh"))),
		},
		{
			Name:    "endpoint/id-only-uses-first-private-ip",
			Section: "spec §1.4 an interface given by id only is matched by its first private IP of the flow's family",
			Config:  base(sshFrom("10.0.1.10/32")),
			Flow:    tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want: decision(allow,
				newGroupOut("eni-a", "sg-a", false, tracked),
				sgIn("eni-a2", allow, tracked, because(model.ReasonSGAllowed), sgr("sg-a2", "sgr-ssh"))),
		},
		{
			Name:    "endpoint/id-only-ignores-secondary-ip",
			Section: "spec §1.4 an interface given by id only is matched by its first private IP, not a secondary one",
			Config:  base(sshFrom("10.0.1.12/32")),
			Flow:    tcpFrom("eni-a", "eni-a2", 40000, 22),
			Want: decision(deny,
				newGroupOut("eni-a", "sg-a", false, tracked),
				sgIn("eni-a2", deny, tracked, because(model.ReasonSGNoRule))),
		},
		{
			Name:    "endpoint/id-and-secondary-ip",
			Section: "spec §1.1 an interface given with one of its IPs is matched by that IP",
			Config:  base(sshFrom("10.0.1.12/32")),
			Flow:    tcpFrom("eni-a 10.0.1.12", "eni-a2", 40000, 22),
			Want: decision(allow,
				newGroupOut("eni-a", "sg-a", false, tracked),
				sgIn("eni-a2", allow, tracked, because(model.ReasonSGAllowed), sgr("sg-a2", "sgr-ssh"))),
		},
		{
			Name:    "endpoint/id-only-takes-family-from-other-ip",
			Section: "spec §1.4 the flow's family comes from the endpoint that has an IP",
			Config:  base(sshFrom("2001:db8:0:1::10/128")),
			Flow:    tcpFrom("eni-a", "2001:db8:0:1::11", 40000, 22),
			Want: decision(allow,
				newGroupOut("eni-a", "sg-a", true, tracked),
				sgIn("eni-a2", allow, tracked, because(model.ReasonSGAllowed), sgr("sg-a2", "sgr-ssh"))),
		},
		{
			Name:    "endpoint/both-ids-ipv6-when-one-lacks-ipv4",
			Section: "spec §1.4 both endpoints by id: IPv4 only when both interfaces have IPv4, else IPv6",
			Config: base(
				addInterface("eni-v6", "subnet-a", "interface", []string{"sg-v6"}, "2001:db8:0:1::66"),
				rules("sg-v6", in("sgr-v6", "tcp 22", cidr("2001:db8:0:1::10/128")))),
			Flow: tcpFrom("eni-a", "eni-v6", 40000, 22),
			Want: decision(allow,
				newGroupOut("eni-a", "sg-a", true, tracked),
				sgIn("eni-v6", allow, tracked, because(model.ReasonSGAllowed), sgr("sg-v6", "sgr-v6"))),
		},
		{
			Name:    "endpoint/interface-without-address-of-family",
			Section: "spec §1.4 an interface without an address of the flow's family is an error",
			Config:  base(),
			Flow:    tcp("eni-c", "2001:db8:0:2::20", 22),
			WantErr: `source.network_interface_id "eni-c"`,
		},
		{
			Name:    "endpoint/ip-not-of-named-interface",
			Section: "spec §1.1 an IP that is not an address of the named interface is an error",
			Config:  base(),
			Flow:    tcp("eni-a 10.0.2.20", "203.0.113.9", 443),
			WantErr: `source.ip "10.0.2.20"`,
		},
		{
			Name:    "endpoint/ambiguous-private-ip",
			Section: "spec §1.2 a private IP of several interfaces (overlapping VPCs) is an error",
			Config:  base(overlappingVPC()),
			Flow:    tcp("10.0.1.10", "203.0.113.9", 443),
			WantErr: `source.ip "10.0.1.10"`,
		},
		{
			Name:    "endpoint/ambiguous-private-ip-resolved-by-id",
			Section: "spec §1.1 naming the interface resolves an address shared by overlapping VPCs",
			Config:  base(overlappingVPC()),
			Flow:    tcpFrom("eni-a 10.0.1.10", "203.0.113.9", 50000, 443),
			Want: decision(allow,
				newGroupOut("eni-a", "sg-a", false, tracked),
				openOut("acl-a", false),
				openRetIn("acl-a", false)),
		},
		{
			Name:    "endpoint/ambiguous-unknown-host-subnet",
			Section: "spec §1.3 an unknown host in equally long subnets of overlapping VPCs is an error",
			Config:  base(overlappingVPC()),
			Flow:    tcp("10.0.1.99", "203.0.113.9", 443),
			WantErr: `source.ip "10.0.1.99"`,
		},
		{
			Name:    "endpoint/ambiguous-public-ip",
			Section: "spec §1.2 a public IP of several interfaces is an error",
			Config:  base(change(func(cfg *model.Config) { iface(cfg, "eni-b").PublicIPs = addrs("192.0.2.10") })),
			Flow:    tcp("203.0.113.9", "192.0.2.10", 443),
			WantErr: `destination.ip "192.0.2.10"`,
		},
		{
			Name:    "endpoint/public-ip-from-internet",
			Section: "spec §1.2 traffic from the internet to an instance's public IP reaches that interface",
			Config:  base(withIngress("sg-a", in("sgr-https", "tcp 443", cidr("0.0.0.0/0")))),
			Flow:    tcpFrom("203.0.113.9", "192.0.2.10", 50000, 443),
			Want: decision(allow,
				openIn("acl-a", false),
				sgIn("eni-a", allow, untracked, because(model.ReasonSGAllowed), sgr("sg-a", "sgr-https")),
				openRetOut("acl-a", false)),
		},
		{
			Name:    "endpoint/id-and-public-ip-to-internet",
			Section: "spec §1.1 an interface may be given with its public IP when the other end is external",
			Config:  base(),
			Flow:    tcpFrom("eni-a 192.0.2.10", "203.0.113.9", 50000, 443),
			Want: decision(allow,
				newGroupOut("eni-a", "sg-a", false, tracked),
				openOut("acl-a", false),
				openRetIn("acl-a", false)),
		},
		{
			Name:    "endpoint/public-ip-from-interface-is-hairpin",
			Section: "spec §1.2 a public IP between two interfaces (hairpin) is an error",
			Config:  base(),
			Flow:    tcp("10.0.2.20", "192.0.2.10", 443),
			WantErr: `destination.ip "192.0.2.10"`,
		},
		{
			Name:    "endpoint/public-ip-from-unknown-host-is-hairpin",
			Section: "spec §1.2 a public IP with an unknown host of the VPC on the other end is an error",
			Config:  base(),
			Flow:    tcp("10.0.2.99", "192.0.2.10", 443),
			WantErr: `destination.ip "192.0.2.10"`,
		},
		{
			Name:    "endpoint/id-and-public-ip-to-interface-is-hairpin",
			Section: "spec §1.2 an interface given with its public IP towards an interface is an error",
			Config:  base(),
			Flow:    tcp("eni-a 192.0.2.10", "eni-b", 443),
			WantErr: `source.ip "192.0.2.10"`,
		},
		{
			Name:    "endpoint/unknown-interface",
			Section: "spec §3 an unknown interface is INDETERMINATE and its subnet is unknown",
			Config:  base(sshFromVPC),
			Flow:    tcpFrom("eni-zzz 10.0.1.50", "10.0.2.20", 40000, 22),
			Want: decision(indet,
				sgOut("eni-zzz", indet, tracked, about(model.ReasonUnknownInterface, "eni-zzz")),
				aclOut("", indet, about(model.ReasonUnknownSubnet, "eni-zzz")),
				openIn("acl-b", false),
				sgIn("eni-b", allow, tracked, because(model.ReasonSGAllowed), vpcRule),
				openRetOut("acl-b", false),
				retIn("", indet, about(model.ReasonUnknownSubnet, "eni-zzz"))),
		},
		{
			Name:    "endpoint/unknown-interface-without-ip",
			Section: "spec §1.4 an unknown interface given by id only has no known address: error",
			Config:  base(),
			Flow:    tcp("eni-zzz", "10.0.2.20", 22),
			WantErr: `source.network_interface_id "eni-zzz"`,
		},
		{
			Name:    "endpoint/unknown-host-in-known-subnet",
			Section: "spec §1.3 an IP in a known subnet without an interface is an unknown host of that subnet",
			Config:  base(sshFromVPC),
			Flow:    tcpFrom("10.0.1.99", "10.0.2.20", 40000, 22),
			Want: decision(indet,
				sgOut("10.0.1.99", indet, tracked, about(model.ReasonUnknownHost, "10.0.1.99")),
				openOut("acl-a", false),
				openIn("acl-b", false),
				sgIn("eni-b", allow, tracked, because(model.ReasonSGAllowed), vpcRule),
				openRetOut("acl-b", false),
				openRetIn("acl-a", false)),
		},
		{
			Name:    "endpoint/unknown-host-outside-subnets",
			Section: "spec §1.3 an IP in a known VPC but no known subnet is an unknown host with an unknown subnet",
			Config:  base(sshFromVPC),
			Flow:    tcpFrom("10.0.200.5", "10.0.2.20", 40000, 22),
			Want: decision(indet,
				sgOut("10.0.200.5", indet, tracked, about(model.ReasonUnknownHost, "10.0.200.5")),
				aclOut("", indet, about(model.ReasonUnknownSubnet, "10.0.200.5")),
				openIn("acl-b", false),
				sgIn("eni-b", allow, tracked, because(model.ReasonSGAllowed), vpcRule),
				openRetOut("acl-b", false),
				retIn("", indet, about(model.ReasonUnknownSubnet, "10.0.200.5"))),
		},
		{
			Name:    "endpoint/unknown-host-same-subnet",
			Section: "§2.2 an unknown host in the destination's subnet: no network ACL on the way",
			Config:  base(sshFromVPC),
			Flow:    tcpFrom("10.0.2.99", "10.0.2.20", 40000, 22),
			Want: decision(indet,
				sgOut("10.0.2.99", indet, tracked, about(model.ReasonUnknownHost, "10.0.2.99")),
				sgIn("eni-b", allow, tracked, because(model.ReasonSGAllowed), vpcRule)),
		},
		{
			Name:    "endpoint/longest-subnet-match",
			Section: "spec §1.3 an unknown host belongs to the longest matching subnet CIDR",
			Config: base(sshFromVPC, change(func(cfg *model.Config) {
				// vpc-big (10.0.0.0/8) overlaps vpc-1; its subnet-big
				// (10.0.0.0/12) contains subnet-a and denies everything.
				cfg.VPCs = append(cfg.VPCs, model.VPC{ID: "vpc-big", CIDRs: prefixes("10.0.0.0/8")})
				cfg.Subnets = append(cfg.Subnets, model.Subnet{ID: "subnet-big", VPCID: "vpc-big", CIDRs: prefixes("10.0.0.0/12")})
				cfg.NetworkACLs = append(cfg.NetworkACLs, model.NetworkACL{ID: "acl-big", VPCID: "vpc-big",
					Associations: []model.NACLAssociation{{ID: "aclassoc-big", SubnetID: "subnet-big"}}})
			})),
			Flow: tcpFrom("10.0.1.99", "10.0.2.20", 40000, 22),
			Want: decision(indet,
				sgOut("10.0.1.99", indet, tracked, about(model.ReasonUnknownHost, "10.0.1.99")),
				aclOut("acl-a", allow, entryAllowed, entry("acl-a", 100)),
				openIn("acl-b", false),
				sgIn("eni-b", allow, tracked, because(model.ReasonSGAllowed), vpcRule),
				openRetOut("acl-b", false),
				openRetIn("acl-a", false)),
		},
		{
			Name:    "endpoint/both-external",
			Section: "spec §1.5 a flow that touches nothing in the config is an error",
			Config:  base(),
			Flow:    tcp("198.51.100.7", "203.0.113.9", 443),
			WantErr: `destination.ip "203.0.113.9"`,
		},
	}
}
