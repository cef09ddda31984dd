package awsjson

import (
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/model"
)

// networkACLs imports describe-network-acls: NetworkAcls[].
func (d *decoder) networkACLs(_ node, raw any) {
	for _, n := range d.objects(raw, "NetworkAcls") {
		if n.ok() {
			d.acl(n)
		}
	}
}

// networkACL imports create-network-acl output: one NetworkAcl object.
func (d *decoder) networkACL(_ node, raw any) {
	if raw == nil {
		return
	}
	if n := d.object(raw, "NetworkAcl"); n.ok() {
		d.acl(n)
	}
}

// acl imports one network ACL with its associations and entries, entries in
// document order.
func (d *decoder) acl(n node) {
	id, idOK := n.req("NetworkAclId")
	isDefault, _ := n.boolean("IsDefault")
	a := model.NetworkACL{ID: id, VPCID: n.opt("VpcId"), IsDefault: isDefault, OwnerID: n.opt("OwnerId")}
	for _, as := range n.objects("Associations") {
		if !as.ok() {
			continue
		}
		if sub, ok := as.req("SubnetId"); ok {
			a.Associations = append(a.Associations, model.NACLAssociation{ID: as.opt("NetworkAclAssociationId"), SubnetID: sub})
		}
	}
	type slot struct {
		number int32
		egress bool
	}
	seen := map[slot]string{}
	for _, en := range n.objects("Entries") {
		if !en.ok() {
			continue
		}
		e, ok := d.aclEntry(en)
		if !ok {
			continue
		}
		k := slot{e.RuleNumber, e.Egress}
		if first, dup := seen[k]; dup {
			d.warn(en.path, "rule number "+strconv.Itoa(int(e.RuleNumber))+" is used twice in one direction (first at "+first+"); AWS allows one entry per number and direction")
		} else {
			seen[k] = en.path
		}
		a.Entries = append(a.Entries, e)
	}
	if idOK {
		d.m.putACL(a, d.origin(n.path))
	}
}

// aclEntry reads one network ACL entry.
func (d *decoder) aclEntry(n node) (model.NACLEntry, bool) {
	var e model.NACLEntry
	ok := true
	num, numOK := n.integer("RuleNumber", 1, model.DefaultRuleNumberIPv6, "rule number (1-32766, or 32767/32768 for the default entries)")
	if !n.has("RuleNumber") {
		d.errorf(n.at("RuleNumber"), "", "is required")
	}
	e.RuleNumber = int32(num)
	ok = ok && numOK

	egress, egressOK := n.boolean("Egress")
	if !n.has("Egress") {
		d.errorf(n.at("Egress"), "", "is required")
	}
	e.Egress = egress
	ok = ok && egressOK

	protoOK := false
	if s, sOK := n.req("Protocol"); sOK {
		p, err := model.ParseRuleProtocol(s)
		if err != nil {
			d.errorf(n.at("Protocol"), s, "invalid protocol: want a number 0-255, -1, or tcp, udp, icmp, icmpv6")
		} else {
			e.Protocol, e.ProtocolText, protoOK = p, s, true
		}
	}
	ok = ok && protoOK

	if s, sOK := n.req("RuleAction"); sOK {
		switch strings.ToLower(s) {
		case "allow":
			e.Action = model.ActionAllow
		case "deny":
			e.Action = model.ActionDeny
		default:
			d.errorf(n.at("RuleAction"), s, "invalid rule action: want allow or deny")
			ok = false
		}
	} else {
		ok = false
	}

	v4, v6 := n.has("CidrBlock"), n.has("Ipv6CidrBlock")
	switch {
	case v4 && v6:
		d.errorf(n.path, "", "an entry has either CidrBlock or Ipv6CidrBlock, not both")
		ok = false
	case v4:
		var cOK bool
		e.CIDR, cOK = n.prefix("CidrBlock", ipv4, true)
		ok = ok && cOK
	case v6:
		var cOK bool
		e.CIDR, cOK = n.prefix("Ipv6CidrBlock", ipv6, true)
		ok = ok && cOK
	default:
		d.errorf(n.path, "", "an entry needs CidrBlock or Ipv6CidrBlock")
		ok = false
	}

	if pr := n.object("PortRange"); pr.ok() {
		lo, hi, what := int64(-1<<31), int64(1<<31-1), "port"
		if protoOK && model.HasPorts(e.Protocol) {
			lo, hi, what = 0, 65535, model.ProtocolName(e.Protocol)+" port"
		}
		from, fOK := pr.integer("From", lo, hi, what)
		to, tOK := pr.integer("To", lo, hi, what)
		for _, k := range []string{"From", "To"} {
			if !pr.has(k) {
				d.errorf(pr.at(k), "", "is required")
			}
		}
		switch {
		case !fOK || !tOK:
			ok = false
		case protoOK && model.HasPorts(e.Protocol) && from > to:
			d.errorf(pr.path, "", "port range "+strconv.FormatInt(from, 10)+"-"+strconv.FormatInt(to, 10)+" is reversed (From > To)")
			ok = false
		default:
			e.PortFrom, e.PortTo, e.HasPortRange = int32(from), int32(to), true
		}
	} else if protoOK && model.HasPorts(e.Protocol) && n.m != nil && !n.has("PortRange") {
		d.warn(n.path, model.ProtocolName(e.Protocol)+" entry without PortRange matches no port (AWS requires one)")
	}

	if ic := n.object("IcmpTypeCode"); ic.ok() {
		// A missing type or code means all, as a missing IcmpTypeCode does.
		e.ICMPType, e.ICMPCode, e.HasICMP = -1, -1, true
		if t, tOK := ic.integer("Type", -1, 255, "ICMP type"); tOK {
			e.ICMPType = int32(t)
		} else if ic.has("Type") {
			ok = false
		}
		if c, cOK := ic.integer("Code", -1, 255, "ICMP code"); cOK {
			e.ICMPCode = int32(c)
		} else if ic.has("Code") {
			ok = false
		}
	}
	return e, ok
}
