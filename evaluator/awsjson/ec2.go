package awsjson

import (
	"net/netip"
	"slices"

	"github.com/netverdict/netverdict/evaluator/model"
)

// vpcs imports describe-vpcs: Vpcs[].{VpcId, OwnerId, CidrBlock,
// CidrBlockAssociationSet, Ipv6CidrBlockAssociationSet}.
func (d *decoder) vpcs(_ node, raw any) {
	for _, n := range d.objects(raw, "Vpcs") {
		if !n.ok() {
			continue
		}
		id, idOK := n.req("VpcId")
		v := model.VPC{ID: id, OwnerID: n.opt("OwnerId")}
		if p, ok := n.prefix("CidrBlock", ipv4, false); ok {
			v.CIDRs = append(v.CIDRs, p)
		}
		v.CIDRs = d.cidrAssociations(n, v.CIDRs, "CidrBlockAssociationSet", "CidrBlock", "CidrBlockState", ipv4)
		v.CIDRs = d.cidrAssociations(n, v.CIDRs, "Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock", "Ipv6CidrBlockState", ipv6)
		if idOK {
			d.m.putVPC(v, d.origin(n.path))
		}
	}
}

// subnets imports describe-subnets: Subnets[].{SubnetId, VpcId, CidrBlock,
// Ipv6CidrBlockAssociationSet, AvailabilityZone}.
func (d *decoder) subnets(_ node, raw any) {
	for _, n := range d.objects(raw, "Subnets") {
		if !n.ok() {
			continue
		}
		id, idOK := n.req("SubnetId")
		s := model.Subnet{ID: id, VPCID: n.opt("VpcId"), AvailabilityZone: n.opt("AvailabilityZone")}
		if p, ok := n.prefix("CidrBlock", ipv4, false); ok {
			s.CIDRs = append(s.CIDRs, p)
		}
		s.CIDRs = d.cidrAssociations(n, s.CIDRs, "Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock", "Ipv6CidrBlockState", ipv6)
		if idOK {
			d.m.putSubnet(s, d.origin(n.path))
		}
	}
}

// cidrAssociations appends the blocks of an association set (VPC or subnet)
// that are in force: associations that are disassociated, or that failed,
// no longer (or never) hold their block. Duplicates are dropped.
func (d *decoder) cidrAssociations(n node, cidrs []netip.Prefix, setKey, cidrKey, stateKey string, fam family) []netip.Prefix {
	for _, a := range n.objects(setKey) {
		if !a.ok() {
			continue
		}
		p, ok := a.prefix(cidrKey, fam, true)
		state := a.object(stateKey)
		if state.ok() {
			switch s := state.opt("State"); s {
			case "disassociated", "failed", "failing":
				continue
			}
		}
		if ok && !slices.Contains(cidrs, p) {
			cidrs = append(cidrs, p)
		}
	}
	return cidrs
}

// networkInterfaces imports describe-network-interfaces:
// NetworkInterfaces[].{NetworkInterfaceId, SubnetId, VpcId, InterfaceType,
// Description, PrivateIpAddress, PrivateIpAddresses, Ipv6Addresses,
// Association, Groups}.
func (d *decoder) networkInterfaces(_ node, raw any) {
	for _, n := range d.objects(raw, "NetworkInterfaces") {
		if !n.ok() {
			continue
		}
		id, idOK := n.req("NetworkInterfaceId")
		eni := model.Interface{
			ID:          id,
			SubnetID:    n.opt("SubnetId"),
			VPCID:       n.opt("VpcId"),
			Type:        interfaceType(n.opt("InterfaceType")),
			Description: n.opt("Description"),
		}

		// Private IPv4: the primary first, then the secondaries in order.
		top, hasTop := n.address("PrivateIpAddress", ipv4, false)
		var primary netip.Addr
		var secondary, public []netip.Addr
		if assoc := n.object("Association"); assoc.ok() {
			if a, ok := assoc.address("PublicIp", ipv4, false); ok {
				public = append(public, a)
			}
		}
		for _, pa := range n.objects("PrivateIpAddresses") {
			if !pa.ok() {
				continue
			}
			a, ok := pa.address("PrivateIpAddress", ipv4, true)
			isPrimary, _ := pa.boolean("Primary")
			if assoc := pa.object("Association"); assoc.ok() {
				if p, ok := assoc.address("PublicIp", ipv4, false); ok && !slices.Contains(public, p) {
					public = append(public, p)
				}
			}
			switch {
			case !ok:
			case isPrimary && !primary.IsValid():
				primary = a
			default:
				secondary = append(secondary, a)
			}
		}
		if !primary.IsValid() && hasTop {
			primary = top
		}
		if primary.IsValid() {
			eni.PrivateIPs = append(eni.PrivateIPs, primary)
		}
		if hasTop && top != primary {
			secondary = append([]netip.Addr{top}, secondary...)
		}
		for _, a := range secondary {
			if !slices.Contains(eni.PrivateIPs, a) {
				eni.PrivateIPs = append(eni.PrivateIPs, a)
			}
		}
		for _, v6 := range n.objects("Ipv6Addresses") {
			if !v6.ok() {
				continue
			}
			if a, ok := v6.address("Ipv6Address", ipv6, true); ok && !slices.Contains(eni.PrivateIPs, a) {
				eni.PrivateIPs = append(eni.PrivateIPs, a)
			}
		}
		eni.PublicIPs = public
		for _, key := range []string{"Ipv4Prefixes", "Ipv6Prefixes"} {
			if r, ok := n.raw(key); ok && len(d.array(r, n.at(key))) > 0 {
				d.warn(n.at(key), "prefixes delegated to the interface are not supported yet, ignored: their addresses are not known as this interface's")
			}
		}
		for _, g := range n.objects("Groups") {
			if !g.ok() {
				continue
			}
			if gid, ok := g.req("GroupId"); ok {
				eni.SecurityGroupIDs = append(eni.SecurityGroupIDs, gid)
			}
		}
		if idOK {
			d.m.putInterface(eni, d.origin(n.path))
		}
	}
}

// interfaceType normalises InterfaceType: the EC2 API model spells the NAT
// gateway's type "natGateway" while describe-network-interfaces prints
// "nat_gateway"; evaluators match the printed form (automatic tracking).
func interfaceType(t string) string {
	if t == "natGateway" {
		return "nat_gateway"
	}
	return t
}
