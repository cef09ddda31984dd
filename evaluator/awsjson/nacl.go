package awsjson

import (
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
	"github.com/netverdict/netverdict/evaluator/model"
)

// networkACLs imports describe-network-acls: NetworkAcls[].
func (d *decoder) networkACLs(_ jsonwalk.Node, raw any) {
	for _, n := range d.Objects(raw, "NetworkAcls") {
		if n.OK() {
			d.acl(n)
		}
	}
}

// networkACL imports create-network-acl output: one NetworkAcl object.
func (d *decoder) networkACL(_ jsonwalk.Node, raw any) {
	if raw == nil {
		return
	}
	if n := d.Object(raw, "NetworkAcl"); n.OK() {
		d.acl(n)
	}
}

// acl imports one network ACL with its associations and entries, entries in
// document order.
func (d *decoder) acl(n jsonwalk.Node) {
	id, idOK := n.Req("NetworkAclId")
	isDefault, _ := n.Boolean("IsDefault")
	a := model.NetworkACL{ID: id, VPCID: n.Opt("VpcId"), IsDefault: isDefault, OwnerID: n.Opt("OwnerId")}
	for _, as := range n.Objects("Associations") {
		if !as.OK() {
			continue
		}
		if sub, ok := as.Req("SubnetId"); ok {
			a.Associations = append(a.Associations, model.NACLAssociation{ID: as.Opt("NetworkAclAssociationId"), SubnetID: sub})
		}
	}
	type slot struct {
		number int32
		egress bool
	}
	seen := map[slot]string{}
	for _, en := range n.Objects("Entries") {
		if !en.OK() {
			continue
		}
		e, ok := d.aclEntry(en)
		if !ok {
			continue
		}
		k := slot{e.RuleNumber, e.Egress}
		if first, dup := seen[k]; dup {
			d.Warn(en.Path, "rule number "+strconv.Itoa(int(e.RuleNumber))+" is used twice in one direction (first at "+first+"); AWS allows one entry per number and direction")
		} else {
			seen[k] = en.Path
		}
		a.Entries = append(a.Entries, e)
	}
	if idOK {
		d.m.putACL(a, d.origin(n.Path))
	}
}

// aclEntry reads one network ACL entry.
func (d *decoder) aclEntry(n jsonwalk.Node) (model.NACLEntry, bool) {
	var e model.NACLEntry
	ok := true
	num, numOK := n.Integer("RuleNumber", 1, model.DefaultRuleNumberIPv6, "rule number (1-32766, or 32767/32768 for the default entries)")
	if !n.Has("RuleNumber") {
		d.Report(n.At("RuleNumber"), "", "is required")
	}
	e.RuleNumber = int32(num)
	ok = ok && numOK

	egress, egressOK := n.Boolean("Egress")
	if !n.Has("Egress") {
		d.Report(n.At("Egress"), "", "is required")
	}
	e.Egress = egress
	ok = ok && egressOK

	protoOK := false
	if s, sOK := n.Req("Protocol"); sOK {
		p, err := model.ParseRuleProtocol(s)
		if err != nil {
			d.Report(n.At("Protocol"), s, "invalid protocol: want a number 0-255, -1, or tcp, udp, icmp, icmpv6")
		} else {
			e.Protocol, e.ProtocolText, protoOK = p, s, true
		}
	}
	ok = ok && protoOK

	if s, sOK := n.Req("RuleAction"); sOK {
		switch strings.ToLower(s) {
		case "allow":
			e.Action = model.ActionAllow
		case "deny":
			e.Action = model.ActionDeny
		default:
			d.Report(n.At("RuleAction"), s, "invalid rule action: want allow or deny")
			ok = false
		}
	} else {
		ok = false
	}

	v4, v6 := n.Has("CidrBlock"), n.Has("Ipv6CidrBlock")
	switch {
	case v4 && v6:
		d.Report(n.Path, "", "an entry has either CidrBlock or Ipv6CidrBlock, not both")
		ok = false
	case v4:
		var cOK bool
		e.CIDR, cOK = n.Prefix("CidrBlock", jsonwalk.IPv4, true)
		ok = ok && cOK
	case v6:
		var cOK bool
		e.CIDR, cOK = n.Prefix("Ipv6CidrBlock", jsonwalk.IPv6, true)
		ok = ok && cOK
	default:
		d.Report(n.Path, "", "an entry needs CidrBlock or Ipv6CidrBlock")
		ok = false
	}

	if pr := n.Object("PortRange"); pr.OK() {
		lo, hi, what := int64(-1<<31), int64(1<<31-1), "port"
		if protoOK && model.HasPorts(e.Protocol) {
			lo, hi, what = 0, 65535, model.ProtocolName(e.Protocol)+" port"
		}
		from, fOK := pr.Integer("From", lo, hi, what)
		to, tOK := pr.Integer("To", lo, hi, what)
		for _, k := range []string{"From", "To"} {
			if !pr.Has(k) {
				d.Report(pr.At(k), "", "is required")
			}
		}
		switch {
		case !fOK || !tOK:
			ok = false
		case protoOK && model.HasPorts(e.Protocol) && from > to:
			d.Report(pr.Path, "", "port range "+strconv.FormatInt(from, 10)+"-"+strconv.FormatInt(to, 10)+" is reversed (From > To)")
			ok = false
		default:
			e.PortFrom, e.PortTo, e.HasPortRange = int32(from), int32(to), true
		}
	} else if protoOK && model.HasPorts(e.Protocol) && n.Map != nil && !n.Has("PortRange") {
		d.Warn(n.Path, model.ProtocolName(e.Protocol)+" entry without PortRange matches no port (AWS requires one)")
	}

	if ic := n.Object("IcmpTypeCode"); ic.OK() {
		// A missing type or code means all, as a missing IcmpTypeCode does.
		e.ICMPType, e.ICMPCode, e.HasICMP = -1, -1, true
		if t, tOK := ic.Integer("Type", -1, 255, "ICMP type"); tOK {
			e.ICMPType = int32(t)
		} else if ic.Has("Type") {
			ok = false
		}
		if c, cOK := ic.Integer("Code", -1, 255, "ICMP code"); cOK {
			e.ICMPCode = int32(c)
		} else if ic.Has("Code") {
			ok = false
		}
	}
	return e, ok
}
