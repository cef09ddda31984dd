package reference

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/netverdict/netverdict/evaluator/model"
)

// Evaluate judges flow f against cfg and writes the decision into d: it
// resets d to f.ID, appends one check per point of the path in path order
// (spec §2) and sets the overall verdict. Traffic to or from an address AWS
// never filters (instance metadata, Amazon DNS, ...) is ALLOW with no
// checks.
//
// Flows the spec rejects (spec §1: an IP that is not the named interface's,
// an ambiguous address, a public address used inside the network, a flow
// that touches nothing in the config, ...) return a *model.FlowError; d is
// then left reset, without checks. Options with an empty ephemeral range
// (From > To) return a plain error. Evaluate never changes cfg or f.
func Evaluate(cfg *model.Config, f *model.Flow, opts model.Options, d *model.Decision) error {
	d.Reset(f.ID)

	// Spec §6: "A destination given only by resource_arn (no ip, no
	// interface) gets the WAF check alone".
	if f.Destination.ResourceARN != "" && !f.Destination.IP.IsValid() && f.Destination.InterfaceID == "" {
		return resourceOnly(cfg, f, d)
	}

	src, dst, err := resolveEndpoints(cfg, f)
	if err != nil {
		return err
	}
	ephemeral := opts.EphemeralRange()
	if ephemeral.From > ephemeral.To {
		return fmt.Errorf("options: ephemeral port range %d-%d is empty", ephemeral.From, ephemeral.To)
	}

	// Spec §2, "Traffic AWS does not filter": no check is on the path, the
	// decision is ALLOW with no checks.
	if notFiltered(cfg, src.ip) || notFiltered(cfg, dst.ip) {
		d.Finish()
		return nil
	}

	// Spec §2: the NACL checks apply when "destination is external, or the
	// subnets differ, or either subnet is unknown" (an external endpoint's
	// subnet is unknown). "Same subnet on both sides: no NACL check at all
	// (aws §2.2 'not as it is routed within a subnet')."
	crossesSubnets := src.subnetID == "" || dst.subnetID == "" || src.subnetID != dst.subnetID

	// The request packets, as the forward leg sees them.
	forward := packet{
		src: src.ip, dst: dst.ip, proto: f.Proto(),
		dstPort: f.DestinationPort, icmpType: f.ICMPType, icmpCode: f.ICMPCode,
	}

	// Spec §5: Network Firewall endpoints on each leg, "Only when the
	// config has route tables; without them no firewall check is ever
	// listed." Legs that stay in one subnet are never routed (spec §5.1).
	// The return leg is the way a reply would take, whether or not the
	// protocol has one.
	var fwdHops, repHops []fwHop
	if len(cfg.RouteTables) > 0 && crossesSubnets {
		fwdHops = firewallHops(cfg, &src, &dst)
		repHops = firewallHops(cfg, &dst, &src)
	}
	// Spec §5.2: "A flow that crosses a known firewall endpoint on either
	// leg is tracked automatically by the security groups at both ends
	// (§1.4: "connections through ... Network Firewall are always
	// tracked")".
	viaFirewall := crossesFirewall(fwdHops, -1) || crossesFirewall(repHops, -1)
	verdicts := &firewallJudge{client: src.ip, server: dst.ip, ephemeral: ephemeral}

	// Forward leg, spec §2 steps 1-4 (aws §3.1: "outbound: ENI → SG(out) →
	// NACL(out) → route"; "inbound: route → NACL(in) → SG(in) → ENI"), with
	// the firewall hops "between the source subnet's egress ACL check and
	// the destination subnet's ingress ACL check" (spec §5.2).
	if src.internal() {
		add(d, securityGroupCheck(cfg, f, &src, model.DirectionEgress, &dst, viaFirewall))
	}
	if src.internal() && crossesSubnets {
		add(d, networkACLCheck(cfg, &src, model.LegForward, model.DirectionEgress, forward))
	}
	if err := firewallChecks(cfg, d, f, model.LegForward, fwdHops, repHops, forward, ephemeral, verdicts); err != nil {
		d.Reset(f.ID)
		return err
	}
	if dst.internal() && crossesSubnets {
		add(d, networkACLCheck(cfg, &dst, model.LegForward, model.DirectionIngress, forward))
	}
	if dst.internal() {
		add(d, securityGroupCheck(cfg, f, &dst, model.DirectionIngress, &src, viaFirewall))
	}
	// Spec §6: the WAF check follows the destination's security groups.
	if resource, acl, ok := protectedResource(cfg, f, &dst); ok {
		add(d, wafCheck(cfg, f, resource, acl, src.ip))
	}

	// Return leg, spec §2 steps 5-6: network ACLs only. "Security groups
	// never block the reply of an allowed connection (aws §1.4, §3.4)."
	if reply, ok := replyOf(f, forward); ok {
		if dst.internal() && crossesSubnets {
			add(d, returnACLCheck(cfg, f, &dst, model.DirectionEgress, reply, ephemeral))
		}
		if err := firewallChecks(cfg, d, f, model.LegReturn, repHops, fwdHops, reply, ephemeral, verdicts); err != nil {
			d.Reset(f.ID)
			return err
		}
		if src.internal() && crossesSubnets {
			add(d, returnACLCheck(cfg, f, &src, model.DirectionIngress, reply, ephemeral))
		}
	}

	// Spec §2: "Overall verdict: DENY if any check denies; else
	// INDETERMINATE if any is; else ALLOW."
	d.Finish()
	return nil
}

// add appends check c to d, reusing the storage NextCheck kept.
func add(d *model.Decision, c model.Check) {
	n := d.NextCheck()
	rules, ports := n.Rules, n.Reason.Ports
	*n = c
	n.Rules = append(rules, c.Rules...)
	n.Reason.Ports = append(ports, c.Reason.Ports...)
}

// packet is one packet of the flow as a layer sees it: addresses, protocol,
// destination port (TCP/UDP) and ICMP type and code.
type packet struct {
	src, dst           netip.Addr
	proto              int16
	dstPort            int32
	icmpType, icmpCode int32
}

// replyOf returns the reply packets of a flow, or false when the protocol
// has no reply (spec §2, "Reply packets"):
//   - TCP/UDP: "addresses and ports swapped (the reply's destination port is
//     the client's source port)"; a missing source port stays missing
//     (NoPort) and the return checks then cover the ephemeral range.
//   - "ICMP (protocol 1) echo request (type 8) -> echo reply type 0 code 0;
//     ICMPv6 (protocol 58) echo request (128) -> echo reply 129 code 0; any
//     other ICMP/ICMPv6 type: no return leg."
//   - "Other protocols: same protocol, addresses swapped (ports do not
//     matter for them)."
func replyOf(f *model.Flow, forward packet) (packet, bool) {
	reply := packet{src: forward.dst, dst: forward.src, proto: forward.proto,
		dstPort: model.NoPort, icmpType: model.NoPort, icmpCode: model.NoPort}
	switch {
	case model.HasPorts(forward.proto):
		reply.dstPort = f.SourcePort
		return reply, true
	case forward.proto == model.ProtoICMP:
		if f.ICMPType != 8 {
			return packet{}, false
		}
		reply.icmpType, reply.icmpCode = 0, 0
		return reply, true
	case forward.proto == model.ProtoICMPv6:
		if f.ICMPType != 128 {
			return packet{}, false
		}
		reply.icmpType, reply.icmpCode = 129, 0
		return reply, true
	}
	return reply, true
}

// linkLocal is 169.254.0.0/16, the IPv4 link-local range.
var linkLocal = netip.MustParsePrefix("169.254.0.0/16")

// ipv6ServiceAddrs are the IPv6 addresses of the link-local services on
// Nitro instances: instance metadata, DNS, Time Sync.
var ipv6ServiceAddrs = []netip.Addr{
	netip.MustParseAddr("fd00:ec2::254"),
	netip.MustParseAddr("fd00:ec2::253"),
	netip.MustParseAddr("fd00:ec2::123"),
}

// notFiltered reports whether ip is an address whose traffic neither
// security groups nor network ACLs filter (spec §2, "Traffic AWS does not
// filter"; aws §1.2): "Amazon security groups and network ACLs don't filter
// traffic to or from link-local addresses (169.254.0.0/16) or AWS reserved
// IPv4 addresses (these are the first four IPv4 addresses of the subnet,
// including the Amazon DNS server address for the VPC)".
func notFiltered(cfg *model.Config, ip netip.Addr) bool {
	// "one of the IPv6 addresses of the same services, fd00:ec2::254
	// (instance metadata), fd00:ec2::253 (DNS), fd00:ec2::123 (Time Sync)
	// [inferred]"
	if slices.Contains(ipv6ServiceAddrs, ip) {
		return true
	}
	if !ip.Is4() {
		return false
	}
	if linkLocal.Contains(ip) {
		return true
	}
	// "the first four addresses of a known subnet's IPv4 CIDR (network
	// address, VPC router, Amazon DNS, reserved)"
	for _, s := range cfg.Subnets {
		for _, p := range s.CIDRs {
			if p.Addr().Is4() && isAmong(ip, p.Masked().Addr(), 4) {
				return true
			}
		}
	}
	// "the base of a known VPC's IPv4 CIDR plus two (the Amazon DNS server)"
	for _, v := range cfg.VPCs {
		for _, p := range v.CIDRs {
			if p.Addr().Is4() && ip == p.Masked().Addr().Next().Next() {
				return true
			}
		}
	}
	return false
}

// isAmong reports whether ip is one of the n addresses starting at first.
func isAmong(ip, first netip.Addr, n int) bool {
	a := first
	for range n {
		if ip == a {
			return true
		}
		a = a.Next()
	}
	return false
}
