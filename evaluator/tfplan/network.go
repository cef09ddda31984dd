package tfplan

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
	"github.com/netverdict/netverdict/evaluator/model"
)

// vpc imports aws_vpc / aws_default_vpc: id, owner_id, cidr_block,
// ipv6_cidr_block.
func (b *builder) vpc(r *resource, v val) {
	out := model.VPC{ID: b.ownID(r, v), OwnerID: v.key("owner_id").opt()}
	out.CIDRs = b.cidrs(v, out.CIDRs)
	put(b, &b.vpcs, "VPC", out.ID, r.path, out)
}

// cidrs appends cidr_block and ipv6_cidr_block of v.
func (b *builder) cidrs(v val, to []netip.Prefix) []netip.Prefix {
	for _, k := range []struct {
		key string
		fam jsonwalk.Family
	}{{"cidr_block", jsonwalk.IPv4}, {"ipv6_cidr_block", jsonwalk.IPv6}} {
		x := v.key(k.key)
		if x.unknown() {
			b.warn(x.path, "not known until apply: left out")
			continue
		}
		if p, ok := b.prefix(x, k.fam); ok {
			to = append(to, p)
		}
	}
	return to
}

// subnet imports aws_subnet / aws_default_subnet: id, vpc_id,
// availability_zone, cidr_block, ipv6_cidr_block.
func (b *builder) subnet(r *resource, v val) {
	vpc, _ := b.idAttr(r, v.key("vpc_id"), []string{"vpc_id"}, wantVPC, "", "")
	s := model.Subnet{ID: b.ownID(r, v), VPCID: vpc, AvailabilityZone: v.key("availability_zone").opt()}
	s.CIDRs = b.cidrs(v, s.CIDRs)
	put(b, &b.subnets, "subnet", s.ID, r.path, s)
}

// prefixList imports aws_ec2_managed_prefix_list with its entry blocks.
func (b *builder) prefixList(r *resource, v val) {
	pl := model.PrefixList{
		ID:            b.ownID(r, v),
		Name:          v.key("name").opt(),
		AddressFamily: v.key("address_family").opt(),
		OwnerID:       v.key("owner_id").opt(),
		EntriesKnown:  true,
		Entries:       []model.PrefixListEntry{},
	}
	if m, ok := v.key("max_entries").integer(0, 1<<31-1, "max_entries"); ok {
		pl.MaxEntries = int32(m)
	}
	fam := jsonwalk.IPv4
	if strings.EqualFold(pl.AddressFamily, "ipv6") {
		fam = jsonwalk.IPv6
	}
	ex := v.key("entry")
	if ex.unknown() {
		b.warn(ex.path, "not known until apply: the list's entries are unknown")
		pl.EntriesKnown, pl.Entries = false, nil
	}
	for _, e := range ex.list() {
		if e.unknown() || e.key("cidr").unknown() {
			b.warn(e.path, "entry not known until apply: the list's entries are unknown")
			pl.EntriesKnown, pl.Entries = false, nil
			break
		}
		if !e.obj() {
			continue
		}
		if c, ok := b.prefix(e.key("cidr"), fam); ok {
			pl.Entries = append(pl.Entries, model.PrefixListEntry{CIDR: c, Description: e.key("description").opt()})
		}
	}
	put(b, &b.pls, "prefix list", pl.ID, r.path, pl)
}

// networkACL imports aws_network_acl / aws_default_network_acl: id,
// vpc_id, subnet_ids (associations), inline ingress and egress blocks.
func (b *builder) networkACL(r *resource, v val) {
	a := model.NetworkACL{ID: b.ownID(r, v), OwnerID: v.key("owner_id").opt(), IsDefault: r.typ == "aws_default_network_acl"}
	a.VPCID, _ = b.idAttr(r, v.key("vpc_id"), []string{"vpc_id"}, wantVPC, "", "")
	for _, s := range b.idList(r, v.key("subnet_ids"), []string{"subnet_ids"}, wantSubnet, "subnet ids") {
		a.Associations = append(a.Associations, model.NACLAssociation{SubnetID: s})
	}
	for _, dir := range []string{"egress", "ingress"} {
		x := v.key(dir)
		if x.unknown() {
			if r.configured(dir) {
				b.warn(x.path, "not known until apply: the ACL's "+dir+" entries are left out")
			}
			continue
		}
		for _, blk := range x.list() {
			if blk.unknown() {
				b.warn(blk.path, "entry not known until apply: left out")
				continue
			}
			if !blk.obj() {
				if blk.null() {
					b.d.Report(blk.path, "", "expected an object, got null")
				}
				continue
			}
			if e, ok := b.aclEntry(blk, "rule_no", "action", dir == "egress"); ok {
				a.Entries = setEntry(a.Entries, e, func() {
					b.warn(blk.path, "rule number "+strconv.Itoa(int(e.RuleNumber))+" is used twice in one direction; the later entry wins")
				})
			}
		}
	}
	put(b, &b.acls, "network ACL", a.ID, r.path, a)
}

// setEntry puts e in its slot (rule number and direction), over an entry
// already there (calling dup then).
func setEntry(es []model.NACLEntry, e model.NACLEntry, dup func()) []model.NACLEntry {
	for i, x := range es {
		if x.Egress == e.Egress && x.RuleNumber == e.RuleNumber {
			if dup != nil {
				dup()
			}
			es[i] = e
			return es
		}
	}
	return append(es, e)
}

// aclEntry reads one network ACL entry: an inline block (rule_no, action)
// or an aws_network_acl_rule (rule_number, rule_action). Unknown values
// leave it out with a warning.
func (b *builder) aclEntry(x val, numKey, actionKey string, egress bool) (model.NACLEntry, bool) {
	e := model.NACLEntry{Egress: egress}
	for _, k := range []string{numKey, actionKey, "protocol", "cidr_block", "ipv6_cidr_block", "from_port", "to_port", "icmp_type", "icmp_code"} {
		if x.key(k).unknown() {
			b.warn(x.key(k).path, "not known until apply: the entry is left out")
			return e, false
		}
	}
	ok := true
	nx := x.key(numKey)
	if n, nOK := nx.integer(1, 32766, "rule number"); nOK {
		e.RuleNumber = int32(n)
	} else {
		if nx.null() {
			b.d.Report(nx.path, "", "is required")
		}
		ok = false
	}
	ax := x.key(actionKey)
	switch s, _ := ax.str(); strings.ToLower(s) {
	case "allow":
		e.Action = model.ActionAllow
	case "deny":
		e.Action = model.ActionDeny
	case "":
		if ax.null() {
			b.d.Report(ax.path, "", "is required")
		}
		ok = false
	default:
		b.d.Report(ax.path, s, "invalid rule action: want allow or deny")
		ok = false
	}
	px := x.key("protocol")
	protoOK := false
	if s, sOK := px.str(); sOK {
		if p, err := model.ParseRuleProtocol(s); err != nil {
			b.d.Report(px.path, s, "invalid protocol: want a number 0-255, -1 (all), or tcp, udp, icmp, icmpv6")
		} else {
			// AWS prints a network ACL entry's protocol as a number.
			e.Protocol, e.ProtocolText, protoOK = p, strconv.Itoa(int(p)), true
		}
	} else if px.null() {
		b.d.Report(px.path, "", "is required")
	}
	ok = ok && protoOK

	v4, v4OK := b.prefix(x.key("cidr_block"), jsonwalk.IPv4)
	v6, v6OK := b.prefix(x.key("ipv6_cidr_block"), jsonwalk.IPv6)
	switch {
	case v4OK && v6OK:
		b.d.Report(x.path, "", "an entry has either cidr_block or ipv6_cidr_block, not both")
		ok = false
	case v4OK:
		e.CIDR = v4
	case v6OK:
		e.CIDR = v6
	default:
		s4, _ := x.key("cidr_block").v.(string)
		s6, _ := x.key("ipv6_cidr_block").v.(string)
		if s4 == "" && s6 == "" {
			b.d.Report(x.path, "", "an entry needs cidr_block or ipv6_cidr_block")
		}
		ok = false
	}

	lo, hi, what := int64(-1<<31), int64(1<<31-1), "port"
	if protoOK && model.HasPorts(e.Protocol) {
		lo, hi, what = 0, 65535, model.ProtocolName(e.Protocol)+" port"
	}
	from, fOK := x.key("from_port").integer(lo, hi, what)
	to, tOK := x.key("to_port").integer(lo, hi, what)
	if protoOK && model.HasPorts(e.Protocol) {
		switch {
		case fOK && tOK && from > to:
			b.d.Report(x.path, "", "port range "+strconv.FormatInt(from, 10)+"-"+strconv.FormatInt(to, 10)+" is reversed (from_port > to_port)")
			ok = false
		case fOK && tOK:
			e.PortFrom, e.PortTo, e.HasPortRange = int32(from), int32(to), true
		case x.key("from_port").null() || x.key("to_port").null():
			b.d.Report(x.path, "", model.ProtocolName(e.Protocol)+" entry needs from_port and to_port")
			ok = false
		default:
			ok = false
		}
	}
	if protoOK && model.IsICMP(e.Protocol) {
		// A missing type or code means all, as a missing IcmpTypeCode does.
		e.ICMPType, e.ICMPCode, e.HasICMP = -1, -1, true
		if t, tOK := x.key("icmp_type").integer(-1, 255, "ICMP type"); tOK {
			e.ICMPType = int32(t)
		} else if !x.key("icmp_type").null() {
			ok = false
		}
		if c, cOK := x.key("icmp_code").integer(-1, 255, "ICMP code"); cOK {
			e.ICMPCode = int32(c)
		} else if !x.key("icmp_code").null() {
			ok = false
		}
	}
	return e, ok
}

// aclRule reads an aws_network_acl_rule: the ACL id and the entry.
func (b *builder) aclRule(r *resource, v val) (string, model.NACLEntry, bool) {
	ax := v.key("network_acl_id")
	aid, ok := b.idAttr(r, ax, []string{"network_acl_id"}, wantACL, "network_acl_id", "the entry is left out")
	if !ok && ax.null() {
		b.d.Report(ax.path, "", "is required")
	}
	egress, _ := v.key("egress").boolean()
	e, eOK := b.aclEntry(v, "rule_number", "rule_action", egress)
	return aid, e, ok && eOK
}

// addEntry puts an aws_network_acl_rule's entry in its ACL, over the entry
// in the same slot (the provider lists an ACL's rule resources among its
// own ingress/egress too). An ACL that is not in the plan is created with
// these entries only (and a warning).
func (b *builder) addEntry(r *resource, aid string, e model.NACLEntry) {
	i := b.find("network ACL", aid)
	if i < 0 {
		b.warn(r.path, "network ACL "+aid+" is not in the plan: only the entries of aws_network_acl_rule resources are known for it (whatif lays them over the exported ACL)")
		i = put(b, &b.acls, "network ACL", aid, r.path, model.NetworkACL{ID: aid})
		b.aclPartial[aid] = true
	}
	b.acls[i].Entries = setEntry(b.acls[i].Entries, e, nil)
}

// association reads an aws_network_acl_association: ACL id, subnet id,
// association id ("" until apply).
func (b *builder) association(r *resource, v val) (acl, subnet, id string, ok bool) {
	acl, ok = b.idAttr(r, v.key("network_acl_id"), []string{"network_acl_id"}, wantACL, "network_acl_id", "the association is left out")
	if !ok && v.key("network_acl_id").null() {
		b.d.Report(v.key("network_acl_id").path, "", "is required")
	}
	subnet, sOK := b.idAttr(r, v.key("subnet_id"), []string{"subnet_id"}, wantSubnet, "subnet_id", "the association is left out")
	if !sOK && v.key("subnet_id").null() {
		b.d.Report(v.key("subnet_id").path, "", "is required")
	}
	id, _ = v.key("id").v.(string)
	return acl, subnet, id, ok && sOK
}

// associate moves subnet to the ACL aid: a subnet has one ACL.
func (b *builder) associate(r *resource, aid, subnet, id string) {
	for i := range b.acls {
		b.acls[i].Associations = slices.DeleteFunc(b.acls[i].Associations, func(a model.NACLAssociation) bool { return a.SubnetID == subnet })
	}
	i := b.find("network ACL", aid)
	if i < 0 {
		b.warn(r.path, "network ACL "+aid+" is not in the plan: the association of "+subnet+" is left out")
		return
	}
	b.acls[i].Associations = append(b.acls[i].Associations, model.NACLAssociation{ID: id, SubnetID: subnet})
}

// subnetVPC is the VPC of a subnet of the plan, "" when unknown.
func (b *builder) subnetVPC(subnet string) string {
	if i := b.find("subnet", subnet); i >= 0 {
		return b.subnets[i].VPCID
	}
	return ""
}

// networkInterface imports aws_network_interface: id, subnet_id,
// private_ip / private_ip_list / private_ips, ipv6_addresses /
// ipv6_address_list, security_groups, interface_type, description.
func (b *builder) networkInterface(r *resource, v val) {
	e := model.Interface{ID: b.ownID(r, v), Type: v.key("interface_type").opt(), Description: v.key("description").opt()}
	if e.Type == "" {
		e.Type = "interface"
	}
	e.SubnetID, _ = b.idAttr(r, v.key("subnet_id"), []string{"subnet_id"}, wantSubnet, "subnet_id", "the interface has no subnet")
	e.VPCID = b.subnetVPC(e.SubnetID)
	e.PrivateIPs = b.addrs(e.PrivateIPs, v, jsonwalk.IPv4, "private_ip", "private_ip_list", "private_ips")
	if len(e.PrivateIPs) == 0 && (v.key("private_ips").unknown() || v.key("private_ip").unknown()) {
		b.warn(v.key("private_ips").path, "private IPs not known until apply: the interface has none")
	}
	e.PrivateIPs = b.addrs(e.PrivateIPs, v, jsonwalk.IPv6, "ipv6_address_list", "ipv6_addresses")
	e.SecurityGroupIDs = b.idList(r, v.key("security_groups"), []string{"security_groups"}, wantSG, "security group ids")
	put(b, &b.enis, "network interface", e.ID, r.path, e)
}

// addrs appends the known addresses of family fam found in the members
// keys of v (a string or a list of strings each), without duplicates.
func (b *builder) addrs(to []netip.Addr, v val, fam jsonwalk.Family, keys ...string) []netip.Addr {
	for _, k := range keys {
		x := v.key(k)
		items := []val{x}
		if _, isList := x.v.([]any); isList {
			items = x.list()
		}
		for _, it := range items {
			if a, ok := b.addr(it, fam); ok && !slices.Contains(to, a) {
				to = append(to, a)
			}
		}
	}
	return to
}

// instance imports aws_instance as its primary network interface:
// primary_network_interface_id, subnet_id, private_ip,
// secondary_private_ips, ipv6_addresses, vpc_security_group_ids, public_ip.
func (b *builder) instance(r *resource, v val) {
	id := b.idAttrOf(r, v, "primary_network_interface_id")
	if b.find("network interface", id) >= 0 {
		return // an aws_network_interface of the plan
	}
	e := model.Interface{ID: id, Type: "interface"}
	e.SubnetID, _ = b.idAttr(r, v.key("subnet_id"), []string{"subnet_id"}, wantSubnet, "subnet_id", "the instance's interface has no subnet")
	e.VPCID = b.subnetVPC(e.SubnetID)
	e.PrivateIPs = b.addrs(e.PrivateIPs, v, jsonwalk.IPv4, "private_ip", "secondary_private_ips")
	if v.key("private_ip").unknown() {
		b.warn(v.key("private_ip").path, "not known until apply: the instance's interface has no private IPv4 address")
	}
	e.PrivateIPs = b.addrs(e.PrivateIPs, v, jsonwalk.IPv6, "ipv6_addresses")
	e.PublicIPs = b.addrs(e.PublicIPs, v, jsonwalk.IPv4, "public_ip")
	if px := v.key("public_ip"); px.unknown() {
		if assoc, _ := v.key("associate_public_ip_address").v.(bool); assoc || v.key("associate_public_ip_address").unknown() {
			b.warn(px.path, "not known until apply: the instance's interface has no public IP")
		}
	}
	e.SecurityGroupIDs = b.idList(r, v.key("vpc_security_group_ids"), []string{"vpc_security_group_ids"}, wantSG, "security group ids")
	if names := v.key("security_groups"); len(e.SecurityGroupIDs) == 0 && len(names.list()) > 0 {
		b.warn(names.path, "security_groups names groups by name, which is not supported: give vpc_security_group_ids")
	}
	put(b, &b.enis, "network interface", e.ID, r.path, e)
}

// sgAttachment reads an aws_network_interface_sg_attachment: group and
// interface ids.
func (b *builder) sgAttachment(r *resource, v val) (gid, eni string, ok bool) {
	gid, ok = b.idAttr(r, v.key("security_group_id"), []string{"security_group_id"}, wantSG, "security_group_id", "the attachment is left out")
	if !ok && v.key("security_group_id").null() {
		b.d.Report(v.key("security_group_id").path, "", "is required")
	}
	eni, eOK := b.idAttr(r, v.key("network_interface_id"), []string{"network_interface_id"}, wantENI, "network_interface_id", "the attachment is left out")
	if !eOK && v.key("network_interface_id").null() {
		b.d.Report(v.key("network_interface_id").path, "", "is required")
	}
	return gid, eni, ok && eOK
}
