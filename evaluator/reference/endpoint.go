package reference

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/netverdict/netverdict/evaluator/model"
)

// endpointKind is what an endpoint of a flow turned out to be (spec §1).
type endpointKind uint8

const (
	// kindInterface: a network interface in the config.
	kindInterface endpointKind = iota + 1
	// kindUnknownInterface: an InterfaceID that is not in the config.
	kindUnknownInterface
	// kindUnknownHost: an IP inside a known subnet or VPC that is no
	// interface's address.
	kindUnknownHost
	// kindExternal: an IP outside everything the config knows (internet,
	// on-premises, a peer).
	kindExternal
	// kindFirewallSubnet: the firewall subnet of a Network Firewall
	// endpoint a leg crosses (spec §5.2), only ever the place of a network
	// ACL check; id is the endpoint's vpce- id.
	kindFirewallSubnet
)

// endpoint is one resolved end of a flow.
type endpoint struct {
	// side is "source" or "destination": the flow field errors name.
	side string
	kind endpointKind
	// iface is the interface (kindInterface only).
	iface *model.Interface
	// id is the interface id (kindInterface, kindUnknownInterface).
	id string
	// ip is the address used for matching: the given IP, or the
	// interface's first private IP of the flow's family (spec §1.4).
	ip netip.Addr
	// viaPublicIP is set when the endpoint was addressed by one of the
	// interface's public IPs.
	viaPublicIP bool
	// subnetID is the endpoint's subnet, "" when unknown (spec §2:
	// "Subnet of an endpoint = the interface's subnet / the subnet
	// containing the unknown host / unknown").
	subnetID string
	// vpcID is the VPC the endpoint is known to be in ("" when unknown);
	// used to find a subnet's default ACL when the subnet itself is not in
	// the config (spec §4).
	vpcID string
}

// internal reports whether the endpoint is inside the configured network:
// spec §2, `"Internal" endpoint = interface, unknown interface, or unknown
// host`.
func (e *endpoint) internal() bool { return e.kind != kindExternal }

// resolveEndpoints implements spec §1 for both ends of a flow. It returns a
// *model.FlowError for the flows the spec rejects.
func resolveEndpoints(cfg *model.Config, f *model.Flow) (src, dst endpoint, err error) {
	// Steps 1-3: what each endpoint is, taken on its own.
	if src, err = resolveOne(cfg, "source", f.Source); err != nil {
		return src, dst, err
	}
	if dst, err = resolveOne(cfg, "destination", f.Destination); err != nil {
		return src, dst, err
	}

	// Step 2: "Else if it is a public IP of exactly one interface, the
	// endpoint is that interface only when the other endpoint is external
	// ... If the other endpoint is internal ... and one endpoint is
	// addressed by a public IP (with or without its InterfaceID), the flow
	// is rejected".
	for _, pair := range [][2]*endpoint{{&src, &dst}, {&dst, &src}} {
		e, other := pair[0], pair[1]
		if e.viaPublicIP && other.internal() {
			return src, dst, &model.FlowError{Field: e.side + ".ip", Value: e.ip.String(),
				Msg: fmt.Sprintf("is a public address of %s and the other endpoint is inside the network: "+
					"hairpin through the internet gateway is not modelled; address it by its private IP", e.id)}
		}
	}

	// Step 5: "A flow with no interface, unknown interface, unknown host,
	// or known subnet on either side is rejected: nothing of the config is
	// on its path".
	if !src.internal() && !dst.internal() {
		return src, dst, &model.FlowError{Field: "destination.ip", Value: f.Destination.IP.String(),
			Msg: "neither endpoint is in the config (both are external): nothing of the config is on the path"}
	}

	// Step 4: "An unknown interface given by id only has no known address:
	// error (give its ip)."
	for _, e := range []*endpoint{&src, &dst} {
		if e.kind == kindUnknownInterface && !e.ip.IsValid() {
			return src, dst, &model.FlowError{Field: e.side + ".network_interface_id", Value: e.id,
				Msg: "is not in the config and no ip is given, so its address is unknown: give its ip"}
		}
	}

	// Step 4: "The flow's family comes from whichever endpoint has an IP
	// (both IPs given and of different families: error); if neither has,
	// IPv4 when both interfaces have IPv4, else IPv6."
	var ipv4 bool
	switch {
	case src.ip.IsValid() && dst.ip.IsValid():
		if src.ip.Is4() != dst.ip.Is4() {
			return src, dst, &model.FlowError{Field: "destination.ip", Value: dst.ip.String(),
				Msg: "is not of the same address family as the source"}
		}
		ipv4 = src.ip.Is4()
	case src.ip.IsValid():
		ipv4 = src.ip.Is4()
	case dst.ip.IsValid():
		ipv4 = dst.ip.Is4()
	default:
		ipv4 = hasIPv4(src.iface) && hasIPv4(dst.iface)
	}

	// Step 4: "the given IP, or for an interface given by id only, its
	// first private IP of the flow's family ... An interface without an
	// address of the flow's family: error."
	for _, e := range []*endpoint{&src, &dst} {
		if e.ip.IsValid() {
			continue
		}
		for _, a := range e.iface.PrivateIPs {
			if a.Is4() == ipv4 {
				e.ip = a
				break
			}
		}
		if !e.ip.IsValid() {
			family := "IPv6"
			if ipv4 {
				family = "IPv4"
			}
			return src, dst, &model.FlowError{Field: e.side + ".network_interface_id", Value: e.id,
				Msg: "has no private " + family + " address, the flow's address family"}
		}
	}
	return src, dst, nil
}

// resolveOne implements spec §1 steps 1-3 for one endpoint.
func resolveOne(cfg *model.Config, side string, ep model.Endpoint) (endpoint, error) {
	e := endpoint{side: side, ip: ep.IP}

	// Step 1: "InterfaceID given: the interface must be in the config,
	// else the endpoint is unknown interface. If IP is given too, it must
	// be one of the interface's private or public IPs, else the flow is
	// rejected".
	if ep.InterfaceID != "" {
		e.id = ep.InterfaceID
		iface := findInterface(cfg, ep.InterfaceID)
		if iface == nil {
			// Spec §2: an unknown interface's subnet is unknown.
			e.kind = kindUnknownInterface
			return e, nil
		}
		e.kind, e.iface, e.subnetID, e.vpcID = kindInterface, iface, iface.SubnetID, iface.VPCID
		if ep.IP.IsValid() {
			switch {
			case slices.Contains(iface.PrivateIPs, ep.IP):
			case slices.Contains(iface.PublicIPs, ep.IP):
				e.viaPublicIP = true
			default:
				return e, &model.FlowError{Field: side + ".ip", Value: ep.IP.String(),
					Msg: "is not an address of " + iface.ID}
			}
		}
		return e, nil
	}

	if !ep.IP.IsValid() {
		return e, &model.FlowError{Field: side + ".ip", Msg: "required: give ip or network_interface_id"}
	}

	// Step 2: "if it is a private IP of exactly one interface, the endpoint
	// is that interface. If it is a private IP of several interfaces
	// (overlapping VPCs) the flow is rejected".
	if owners := interfacesWith(cfg, ep.IP, func(i *model.Interface) []netip.Addr { return i.PrivateIPs }); len(owners) > 0 {
		if len(owners) > 1 {
			return e, ambiguousInterfaces(side, ep.IP, "private", owners)
		}
		iface := owners[0]
		e.kind, e.iface, e.id, e.subnetID, e.vpcID = kindInterface, iface, iface.ID, iface.SubnetID, iface.VPCID
		return e, nil
	}

	// Step 2: "Else if it is a public IP of exactly one interface, the
	// endpoint is that interface" (whether the other endpoint allows it is
	// decided once both are resolved). "A public IP of several interfaces
	// is rejected as ambiguous too."
	if owners := interfacesWith(cfg, ep.IP, func(i *model.Interface) []netip.Addr { return i.PublicIPs }); len(owners) > 0 {
		if len(owners) > 1 {
			return e, ambiguousInterfaces(side, ep.IP, "public", owners)
		}
		iface := owners[0]
		e.kind, e.iface, e.id, e.subnetID, e.vpcID = kindInterface, iface, iface.ID, iface.SubnetID, iface.VPCID
		e.viaPublicIP = true
		return e, nil
	}

	// Step 3: "if it lies inside a known subnet CIDR (longest match), it is
	// an unknown host in that subnet ... If the longest matching subnet
	// CIDRs belong to several subnets (overlapping VPCs) the flow is
	// rejected as ambiguous".
	var longest []*model.Subnet
	bestBits := -1
	for i := range cfg.Subnets {
		s := &cfg.Subnets[i]
		for _, p := range s.CIDRs {
			if !p.Contains(ep.IP) {
				continue
			}
			switch {
			case p.Bits() > bestBits:
				bestBits, longest = p.Bits(), []*model.Subnet{s}
			case p.Bits() == bestBits && !slices.Contains(longest, s):
				longest = append(longest, s)
			}
		}
	}
	if len(longest) > 1 {
		ids := make([]string, len(longest))
		for i, s := range longest {
			ids[i] = s.ID
		}
		return e, &model.FlowError{Field: side + ".ip", Value: ep.IP.String(),
			Msg: "lies in several subnets of overlapping VPCs (" + strings.Join(ids, ", ") + "): ambiguous"}
	}
	if len(longest) == 1 {
		e.kind, e.subnetID, e.vpcID = kindUnknownHost, longest[0].ID, longest[0].VPCID
		return e, nil
	}

	// Step 3: "else if it lies inside a known VPC CIDR it is an unknown host
	// with an unknown subnet".
	for _, v := range cfg.VPCs {
		for _, p := range v.CIDRs {
			if p.Contains(ep.IP) {
				e.kind = kindUnknownHost
				return e, nil
			}
		}
	}

	// Step 3: "else it is external (internet, on-premises, peer)".
	e.kind = kindExternal
	return e, nil
}

// findInterface returns the interface with the id, or nil.
func findInterface(cfg *model.Config, id string) *model.Interface {
	for i := range cfg.Interfaces {
		if cfg.Interfaces[i].ID == id {
			return &cfg.Interfaces[i]
		}
	}
	return nil
}

// interfacesWith returns every interface whose addresses (as picked by
// addrs) include ip, each once, in config order.
func interfacesWith(cfg *model.Config, ip netip.Addr, addrs func(*model.Interface) []netip.Addr) []*model.Interface {
	var out []*model.Interface
	for i := range cfg.Interfaces {
		if slices.Contains(addrs(&cfg.Interfaces[i]), ip) {
			out = append(out, &cfg.Interfaces[i])
		}
	}
	return out
}

func ambiguousInterfaces(side string, ip netip.Addr, kind string, owners []*model.Interface) error {
	ids := make([]string, len(owners))
	for i, o := range owners {
		ids[i] = o.ID
	}
	return &model.FlowError{Field: side + ".ip", Value: ip.String(),
		Msg: "is a " + kind + " address of several network interfaces (" + strings.Join(ids, ", ") +
			"): ambiguous, give network_interface_id"}
}

// hasIPv4 reports whether a (known) interface has a private IPv4 address.
// An unknown interface (nil) has none that we know of.
func hasIPv4(iface *model.Interface) bool {
	if iface == nil {
		return false
	}
	return slices.ContainsFunc(iface.PrivateIPs, netip.Addr.Is4)
}
