package awsjson

import (
	"net/netip"
	"slices"

	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
	"github.com/netverdict/netverdict/evaluator/model"
)

// vpcs imports describe-vpcs: Vpcs[].{VpcId, OwnerId, CidrBlock,
// CidrBlockAssociationSet, Ipv6CidrBlockAssociationSet}.
func (d *decoder) vpcs(_ jsonwalk.Node, raw any) {
	for _, n := range d.Objects(raw, "Vpcs") {
		if !n.OK() {
			continue
		}
		id, idOK := n.Req("VpcId")
		v := model.VPC{ID: id, OwnerID: n.Opt("OwnerId")}
		if p, ok := n.Prefix("CidrBlock", jsonwalk.IPv4, false); ok {
			v.CIDRs = append(v.CIDRs, p)
		}
		v.CIDRs = d.cidrAssociations(n, v.CIDRs, "CidrBlockAssociationSet", "CidrBlock", "CidrBlockState", jsonwalk.IPv4)
		v.CIDRs = d.cidrAssociations(n, v.CIDRs, "Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock", "Ipv6CidrBlockState", jsonwalk.IPv6)
		if idOK {
			d.m.putVPC(v, d.origin(n.Path))
		}
	}
}

// subnets imports describe-subnets: Subnets[].{SubnetId, VpcId, CidrBlock,
// Ipv6CidrBlockAssociationSet, AvailabilityZone}.
func (d *decoder) subnets(_ jsonwalk.Node, raw any) {
	for _, n := range d.Objects(raw, "Subnets") {
		if !n.OK() {
			continue
		}
		id, idOK := n.Req("SubnetId")
		s := model.Subnet{ID: id, VPCID: n.Opt("VpcId"), AvailabilityZone: n.Opt("AvailabilityZone")}
		if p, ok := n.Prefix("CidrBlock", jsonwalk.IPv4, false); ok {
			s.CIDRs = append(s.CIDRs, p)
		}
		s.CIDRs = d.cidrAssociations(n, s.CIDRs, "Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock", "Ipv6CidrBlockState", jsonwalk.IPv6)
		if idOK {
			d.m.putSubnet(s, d.origin(n.Path))
		}
	}
}

// cidrAssociations appends the blocks of an association set (VPC or subnet)
// that are in force: associations that are disassociated, or that failed,
// no longer (or never) hold their block. Duplicates are dropped.
func (d *decoder) cidrAssociations(n jsonwalk.Node, cidrs []netip.Prefix, setKey, cidrKey, stateKey string, fam jsonwalk.Family) []netip.Prefix {
	for _, a := range n.Objects(setKey) {
		if !a.OK() {
			continue
		}
		p, ok := a.Prefix(cidrKey, fam, true)
		state := a.Object(stateKey)
		if state.OK() {
			switch s := state.Opt("State"); s {
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
func (d *decoder) networkInterfaces(_ jsonwalk.Node, raw any) {
	for _, n := range d.Objects(raw, "NetworkInterfaces") {
		if !n.OK() {
			continue
		}
		id, idOK := n.Req("NetworkInterfaceId")
		eni := model.Interface{
			ID:          id,
			SubnetID:    n.Opt("SubnetId"),
			VPCID:       n.Opt("VpcId"),
			Type:        interfaceType(n.Opt("InterfaceType")),
			Description: n.Opt("Description"),
		}

		// Private IPv4: the primary first, then the secondaries in order.
		top, hasTop := n.Address("PrivateIpAddress", jsonwalk.IPv4, false)
		var primary netip.Addr
		var secondary, public []netip.Addr
		if assoc := n.Object("Association"); assoc.OK() {
			if a, ok := assoc.Address("PublicIp", jsonwalk.IPv4, false); ok {
				public = append(public, a)
			}
		}
		for _, pa := range n.Objects("PrivateIpAddresses") {
			if !pa.OK() {
				continue
			}
			a, ok := pa.Address("PrivateIpAddress", jsonwalk.IPv4, true)
			isPrimary, _ := pa.Boolean("Primary")
			if assoc := pa.Object("Association"); assoc.OK() {
				if p, ok := assoc.Address("PublicIp", jsonwalk.IPv4, false); ok && !slices.Contains(public, p) {
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
		for _, v6 := range n.Objects("Ipv6Addresses") {
			if !v6.OK() {
				continue
			}
			if a, ok := v6.Address("Ipv6Address", jsonwalk.IPv6, true); ok && !slices.Contains(eni.PrivateIPs, a) {
				eni.PrivateIPs = append(eni.PrivateIPs, a)
			}
		}
		eni.PublicIPs = public
		for _, key := range []string{"Ipv4Prefixes", "Ipv6Prefixes"} {
			if r, ok := n.Raw(key); ok && len(d.Array(r, n.At(key))) > 0 {
				d.Warn(n.At(key), "prefixes delegated to the interface are not supported yet, ignored: their addresses are not known as this interface's")
			}
		}
		for _, g := range n.Objects("Groups") {
			if !g.OK() {
				continue
			}
			if gid, ok := g.Req("GroupId"); ok {
				eni.SecurityGroupIDs = append(eni.SecurityGroupIDs, gid)
			}
		}
		if idOK {
			d.m.putInterface(eni, d.origin(n.Path))
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
