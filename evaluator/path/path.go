// Package path is the compiled evaluator's single place for path logic: it
// resolves a flow's endpoints, walks the checks of the forward and return
// legs in the order of docs/semantics.md section 2, and asks the compiled
// security groups (package sg) and network ACLs (package nacl) for each
// check's verdict.
//
// Compile builds an immutable Snapshot with every index a flow needs
// (interface id, private and public IP to interface, subnet to network ACL,
// bart tables for addresses inside known subnets and VPCs), so Evaluate does
// no allocation once the Decision it fills has grown: rule references are
// copied out of the snapshot, and strings are built only for the rare checks
// that must name an address that is not in the config (an unknown host, a
// group membership that cannot be decided).
package path

import (
	"fmt"
	"net/netip"

	"github.com/gaissmai/bart"

	"github.com/netverdict/netverdict/evaluator/geo"
	"github.com/netverdict/netverdict/evaluator/internal/cidr"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/nacl"
	"github.com/netverdict/netverdict/evaluator/sg"
)

// Snapshot is a compiled config. It is immutable and safe for concurrent
// use by any number of goroutines.
type Snapshot struct {
	sg   *sg.Table
	nacl *nacl.Table

	ifaces []iface
	byID   map[string]int32
	// byPrivate / byPublic map an address to its interface, or to
	// ambiguous when several interfaces claim it.
	byPrivate map[netip.Addr]int32
	byPublic  map[netip.Addr]int32

	subnets    []subnet          // interned subnet ids (config and interface-only)
	subnetCIDR bart.Table[int32] // subnet CIDR -> subnet index, longest match
	vpcCIDR    bart.Lite         // every VPC CIDR
	// unfiltered holds the addresses whose traffic AWS never filters
	// (docs/semantics.md section 2, "Traffic AWS does not filter").
	unfiltered bart.Lite
	// unfilteredLow has bit b set when some reserved IPv4 address in
	// unfiltered ends in byte b: a cheap test that spares most flows the
	// table lookup.
	unfilteredLow [4]uint64
	// place puts Network Firewall endpoints on paths; nil without route
	// tables.
	place *placement
	// waf holds the web ACLs; nil without any.
	waf *wafLayer
}

// CompileOptions tune CompileWith.
type CompileOptions struct {
	// Geo resolves WAF GeoMatch and AsnMatch statements and the Network
	// Firewall geoip keyword (an IP-to-country and ASN file the user
	// supplies); nil makes them undecidable.
	Geo *geo.DB
}

// Addresses of the link-local services whose traffic no security group or
// network ACL filters.
var (
	linkLocal     = netip.MustParsePrefix("169.254.0.0/16")
	servicesIPv6  = []string{"fd00:ec2::254", "fd00:ec2::253", "fd00:ec2::123"} // metadata, DNS, Time Sync
	reservedFirst = 4                                                           // reserved addresses at a subnet's start
)

// keep consumes a value so that the reads computing it happen.
//
//go:noinline
func keep(int32) {}

// ambiguous marks an address claimed by several interfaces.
const ambiguous = -1

type iface struct {
	// profile first: the groups and tracking data every check reads.
	profile sg.Profile
	id      string
	vpc     string
	subnet  int32 // index into Snapshot.subnets; -1 when the interface names none
	// acl is the ACL of the interface's subnet (index into cfg.NetworkACLs,
	// -1 when none is known) and aclID its id. It is per interface, not per
	// subnet, because a subnet missing from the config takes its VPC (and
	// so its default ACL) from the interface.
	acl     int32
	aclID   string
	first   [2]netip.Addr // first private address of each family
	private []netip.Addr
	public  []netip.Addr
	// auto: an interface type AWS always tracks connections through.
	auto bool
}

type subnet struct {
	id    string
	vpc   string // from the config's subnet; "" when absent or not given
	assoc int32  // the first ACL associated with the subnet, -1 when none
	// acl / aclID: the ACL an unknown host in the subnet meets (the
	// association, else the default ACL of vpc), -1 when none is known.
	acl   int32
	aclID string
}

// autoTracked lists the interface types whose connections AWS always
// tracks (semantics section 3, "Tracking").
var autoTracked = map[string]bool{
	"network_load_balancer":          true,
	"gateway_load_balancer":          true,
	"gateway_load_balancer_endpoint": true,
	"nat_gateway":                    true,
	"transit_gateway":                true,
	"global_accelerator_managed":     true,
}

// Compile builds the snapshot of cfg. cfg is only read, and the snapshot
// keeps no reference to it beyond the strings it shares. Errors name the
// resource ("security group sg-1 rule 3: invalid CIDR").
func Compile(cfg *model.Config) (*Snapshot, error) {
	return CompileWith(cfg, CompileOptions{})
}

// CompileWith is Compile with options.
func CompileWith(cfg *model.Config, opts CompileOptions) (*Snapshot, error) {
	s := &Snapshot{
		byID:      make(map[string]int32, len(cfg.Interfaces)),
		byPrivate: make(map[netip.Addr]int32, len(cfg.Interfaces)),
		byPublic:  make(map[netip.Addr]int32),
	}
	var err error
	if s.sg, err = sg.Compile(cfg); err != nil {
		return nil, err
	}
	if s.nacl, err = nacl.Compile(cfg); err != nil {
		return nil, err
	}

	subnetIdx := map[string]int32{}
	internSubnet := func(id string) int32 {
		if i, ok := subnetIdx[id]; ok {
			return i
		}
		i := int32(len(s.subnets))
		subnetIdx[id] = i
		s.subnets = append(s.subnets, subnet{id: id, assoc: -1, acl: -1})
		return i
	}
	for i := range cfg.Subnets {
		sn := &cfg.Subnets[i]
		if _, dup := subnetIdx[sn.ID]; dup {
			return nil, fmt.Errorf("subnet %s: duplicate id", sn.ID)
		}
		si := internSubnet(sn.ID)
		s.subnets[si].vpc = sn.VPCID
		for _, p := range sn.CIDRs {
			if !p.IsValid() {
				return nil, fmt.Errorf("subnet %s: invalid CIDR", sn.ID)
			}
			p = p.Masked()
			// Two subnets with the same CIDR (overlapping VPCs): an
			// address whose longest match is that CIDR is ambiguous.
			if prev, taken := s.subnetCIDR.Get(p); taken && prev != si {
				si := ambiguous
				s.subnetCIDR.Insert(p, int32(si))
				continue
			}
			s.subnetCIDR.Insert(p, si)
		}
	}
	for i := range cfg.VPCs {
		for _, p := range cfg.VPCs[i].CIDRs {
			if !p.IsValid() {
				return nil, fmt.Errorf("VPC %s: invalid CIDR", cfg.VPCs[i].ID)
			}
			s.vpcCIDR.Insert(p.Masked())
		}
	}

	s.compileUnfiltered(cfg)

	s.ifaces = make([]iface, len(cfg.Interfaces))
	for i := range cfg.Interfaces {
		ci := &cfg.Interfaces[i]
		if _, dup := s.byID[ci.ID]; dup {
			return nil, fmt.Errorf("network interface %s: duplicate id", ci.ID)
		}
		s.byID[ci.ID] = int32(i)
		it := &s.ifaces[i]
		it.id = ci.ID
		it.vpc = ci.VPCID
		it.subnet = -1
		if ci.SubnetID != "" {
			it.subnet = internSubnet(ci.SubnetID)
		}
		it.profile = s.sg.Profile(ci.SecurityGroupIDs)
		it.private, it.public = ci.PrivateIPs, ci.PublicIPs
		it.auto = autoTracked[ci.Type]
		for _, a := range ci.PrivateIPs {
			if !a.IsValid() {
				return nil, fmt.Errorf("network interface %s: invalid private IP", ci.ID)
			}
			if f := cidr.Fam(a); !it.first[f].IsValid() {
				it.first[f] = a
			}
			claim(s.byPrivate, a, int32(i))
		}
		for _, a := range ci.PublicIPs {
			if !a.IsValid() {
				return nil, fmt.Errorf("network interface %s: invalid public IP", ci.ID)
			}
			claim(s.byPublic, a, int32(i))
		}
	}

	// A subnet's ACL: the first ACL (document order) whose associations
	// list it, else the first default ACL of the subnet's VPC. The VPC is
	// the config subnet's; for an interface whose subnet is absent (or has
	// no VPC id) it is the interface's.
	defaultACL := map[string]int32{}
	for i := range cfg.NetworkACLs {
		a := &cfg.NetworkACLs[i]
		if _, ok := defaultACL[a.VPCID]; a.IsDefault && a.VPCID != "" && !ok {
			defaultACL[a.VPCID] = int32(i)
		}
	}
	if err := s.compilePlacement(cfg, internSubnet, opts); err != nil {
		return nil, err
	}
	if err := s.compileWAF(cfg, opts); err != nil {
		return nil, err
	}
	for i := range cfg.NetworkACLs {
		for _, as := range cfg.NetworkACLs[i].Associations {
			if si, ok := subnetIdx[as.SubnetID]; ok && s.subnets[si].assoc < 0 {
				s.subnets[si].assoc = int32(i)
			}
		}
	}
	aclOf := func(si int32, vpc string) int32 {
		sn := &s.subnets[si]
		if sn.assoc >= 0 {
			return sn.assoc
		}
		if sn.vpc != "" {
			vpc = sn.vpc
		}
		if ai, ok := defaultACL[vpc]; ok && vpc != "" {
			return ai
		}
		return -1
	}
	aclID := func(ai int32) string {
		if ai < 0 {
			return ""
		}
		return cfg.NetworkACLs[ai].ID
	}
	for si := range s.subnets {
		sn := &s.subnets[si]
		sn.acl = aclOf(int32(si), "")
		sn.aclID = aclID(sn.acl)
	}
	for i := range s.ifaces {
		it := &s.ifaces[i]
		it.acl = -1
		if it.subnet >= 0 {
			it.acl = aclOf(it.subnet, cfg.Interfaces[i].VPCID)
			it.aclID = aclID(it.acl)
		}
	}
	return s, nil
}

// fd00ec2 is the upper half of fd00:ec2::/64, where the IPv6 addresses of
// the link-local services live.
const fd00ec2 = 0xfd00_0ec2_0000_0000

// isUnfiltered reports whether e's address is one AWS never filters. Cheap
// tests on the address bits settle almost every flow before the table
// lookup: 169.254/16 directly, other IPv4 addresses by their last byte,
// IPv6 by the fd00:ec2::/64 prefix.
func (s *Snapshot) isUnfiltered(e *endpoint) bool {
	if e.ip.Is4() {
		v := uint32(e.addr.Lo)
		if v>>16 == 0xa9fe { // 169.254.0.0/16
			return true
		}
		b := v & 0xff
		if s.unfilteredLow[b>>6]&(1<<(b&63)) == 0 {
			return false
		}
	} else if e.addr.Hi != fd00ec2 {
		return false
	}
	return s.unfiltered.Contains(e.ip)
}

// compileUnfiltered fills s.unfiltered: 169.254.0.0/16, the IPv6
// addresses of the same services, the first four addresses of every known
// subnet's IPv4 CIDR (network, VPC router, Amazon DNS, reserved) and the
// base of every known VPC's IPv4 CIDR plus two (Amazon DNS).
func (s *Snapshot) compileUnfiltered(cfg *model.Config) {
	s.unfiltered.Insert(linkLocal)
	for _, a := range servicesIPv6 {
		s.unfiltered.Insert(netip.PrefixFrom(netip.MustParseAddr(a), 128))
	}
	host := func(a netip.Addr) {
		if a.IsValid() {
			s.unfiltered.Insert(netip.PrefixFrom(a, a.BitLen()))
			b := a.As4()[3]
			s.unfilteredLow[b>>6] |= 1 << (b & 63)
		}
	}
	for i := range cfg.Subnets {
		for _, p := range cfg.Subnets[i].CIDRs {
			if p.Addr().Is4() {
				a := p.Masked().Addr()
				for range reservedFirst {
					host(a)
					a = a.Next()
				}
			}
		}
	}
	for i := range cfg.VPCs {
		for _, p := range cfg.VPCs[i].CIDRs {
			if p.Addr().Is4() {
				host(p.Masked().Addr().Next().Next())
			}
		}
	}
}

// claim records that address a belongs to interface i, or marks it
// ambiguous when another interface already claimed it.
func claim(m map[netip.Addr]int32, a netip.Addr, i int32) {
	if j, ok := m[a]; ok && j != i {
		m[a] = ambiguous
		return
	}
	m[a] = i
}

// Endpoint kinds after resolution.
type kind uint8

const (
	kindExternal     kind = iota
	kindIface             // known interface, by id or private IP
	kindPublic            // known interface reached through a public IP
	kindUnknownIface      // interface id not in the config
	kindUnknownHost       // address inside a known subnet or VPC, no interface
)

// endpoint is a resolved flow endpoint.
type endpoint struct {
	kind   kind
	iface  int32
	subnet int32 // -1 when unknown
	acl    int32 // the subnet's ACL, -1 when none is known
	aclID  string
	ip     netip.Addr // the address rules match (step 1.4)
	addr   cidr.Addr
	// label names the endpoint in checks: the interface id, or for an
	// unknown host its address, rendered only when a check needs it.
	label string
}

func (e *endpoint) internal() bool { return e.kind != kindExternal }

func (e *endpoint) setIface(k kind, i int32, it *iface) {
	e.kind, e.iface, e.subnet, e.acl, e.aclID, e.label = k, i, it.subnet, it.acl, it.aclID, it.id
}

// name returns the id or address that names the endpoint in a check.
func (e *endpoint) name() string {
	if e.label == "" && e.ip.IsValid() {
		e.label = e.ip.String()
	}
	return e.label
}

// Evaluate judges flow f and fills d (reset first; its storage is reused,
// so a Decision reused across flows stops allocating). It returns a
// *model.FlowError when the flow contradicts the config, and a plain error
// for an empty ephemeral range in opts; d is then incomplete and must not be
// used.
func (s *Snapshot) Evaluate(f *model.Flow, opts model.Options, d *model.Decision) error {
	d.Reset(f.ID)
	if f.Destination.ResourceARN != "" && !f.Destination.IP.IsValid() && f.Destination.InterfaceID == "" {
		return s.evaluateResource(f, d)
	}
	if s.place != nil {
		// The firewall state is a few KiB: only flows of a config with
		// route tables pay for zeroing it.
		var fs fwState
		return s.evaluate(f, opts, d, &fs)
	}
	return s.evaluate(f, opts, d, nil)
}

// fwState is one evaluation's firewall scratch: the hops of each leg
// (fixed-size buffers: a leg never has more than maxHops+1) and the
// verdicts of the firewalls met.
type fwState struct {
	fb, rb [maxHops + 1]hop
	fv     fwVerdicts
}

// evaluate is Evaluate past the resource-only case; fs is nil when the
// config has no route tables.
func (s *Snapshot) evaluate(f *model.Flow, opts model.Options, d *model.Decision, fs *fwState) error {
	var src, dst endpoint
	if err := s.resolve(f, &src, &dst); err != nil {
		return err
	}
	if r := opts.EphemeralRange(); r.From > r.To {
		return fmt.Errorf("options: ephemeral port range %d-%d is empty", r.From, r.To)
	}
	// Traffic to or from an address AWS never filters: ALLOW, no checks.
	if s.isUnfiltered(&src) || s.isUnfiltered(&dst) {
		d.Finish()
		return nil
	}
	fam := 0
	if src.ip.Is6() || dst.ip.Is6() {
		fam = 1
	}
	proto := f.Proto()
	// Start the memory reads of both security-group checks at once (see
	// sg.Table.Touch); keep only stops the compiler dropping them.
	var touched int32
	if src.kind == kindIface {
		touched += s.sg.Touch(&s.ifaces[src.iface].profile, sg.Egress, fam, proto)
	}
	if dst.kind == kindIface {
		touched += s.sg.Touch(&s.ifaces[dst.iface].profile, sg.Ingress, fam, proto)
	}
	keep(touched)
	crossing := !src.internal() || !dst.internal() || src.subnet < 0 || dst.subnet < 0 || src.subnet != dst.subnet

	// Firewall endpoints on each leg, from the route tables.
	var fwdHops, repHops []hop
	if fs != nil && crossing {
		// Locals, not fields of *fs: a slice of fs stored in fs would
		// move fs to the heap.
		fwdHops = s.hops(&src, &dst, fs.fb[:0])
		repHops = s.hops(&dst, &src, fs.rb[:0])
	}
	// "Connections through a Network Firewall endpoint are always tracked"
	// by the security groups at both ends (§1.4, §3.1).
	viaFW := throughFirewall(fwdHops) || throughFirewall(repHops)

	// Forward leg.
	pkt := nacl.Packet{Fam: fam, Proto: proto, Port: f.DestinationPort, ICMPType: f.ICMPType, ICMPCode: f.ICMPCode}
	if src.internal() {
		s.sgCheck(d, f, &src, &dst, sg.Egress, fam, viaFW)
		if crossing {
			pkt.Egress = true
			pkt.Peer, pkt.HasPeer = dst.addr, dst.ip.IsValid()
			s.naclCheck(d, model.LegForward, &src, &pkt, false, opts)
		}
	}
	if len(fwdHops) > 0 {
		s.fwLeg(d, f, model.LegForward, fwdHops, repHops, &src, &dst, &pkt, false, opts, &fs.fv)
	}
	if dst.internal() {
		if crossing {
			pkt.Egress = false
			pkt.Peer, pkt.HasPeer = src.addr, src.ip.IsValid()
			s.naclCheck(d, model.LegForward, &dst, &pkt, false, opts)
		}
		s.sgCheck(d, f, &dst, &src, sg.Ingress, fam, viaFW)
	}
	if arn, acl, ok := s.protected(f, &dst); ok {
		s.wafCheck(d, f, arn, acl, src.ip)
	}

	// Return leg: network ACLs only, reversed directions, reply packet.
	if crossing {
		sweep := false
		switch proto {
		case model.ProtoTCP, model.ProtoUDP:
			pkt.Port = f.SourcePort
			sweep = f.SourcePort < 0
		case model.ProtoICMP, model.ProtoICMPv6:
			switch {
			case proto == model.ProtoICMP && f.ICMPType == 8:
				pkt.ICMPType, pkt.ICMPCode = 0, 0
			case proto == model.ProtoICMPv6 && f.ICMPType == 128:
				pkt.ICMPType, pkt.ICMPCode = 129, 0
			default:
				d.Finish()
				return nil
			}
		}
		if dst.internal() {
			pkt.Egress = true
			pkt.Peer, pkt.HasPeer = src.addr, src.ip.IsValid()
			s.naclCheck(d, model.LegReturn, &dst, &pkt, sweep, opts)
		}
		if len(repHops) > 0 {
			s.fwLeg(d, f, model.LegReturn, repHops, fwdHops, &dst, &src, &pkt, sweep, opts, &fs.fv)
		}
		if src.internal() {
			pkt.Egress = false
			pkt.Peer, pkt.HasPeer = dst.addr, dst.ip.IsValid()
			s.naclCheck(d, model.LegReturn, &src, &pkt, sweep, opts)
		}
	}
	d.Finish()
	return nil
}

// sgCheck appends the security-group check at internal endpoint e, whose
// peer is the other endpoint o. viaFW: the flow passes a firewall
// endpoint, so its connection is tracked automatically.
func (s *Snapshot) sgCheck(d *model.Decision, f *model.Flow, e, o *endpoint, dir int, fam int, viaFW bool) {
	c := d.NextCheck()
	c.Layer = model.LayerSecurityGroup
	c.Leg = model.LegForward
	c.Direction = model.DirectionIngress
	if dir == sg.Egress {
		c.Direction = model.DirectionEgress
	}
	switch e.kind {
	case kindUnknownIface:
		c.ResourceID = e.label
		c.Verdict = model.VerdictIndeterminate
		c.Tracking = model.TrackingTracked
		c.Reason.Code = model.ReasonUnknownInterface
		c.Reason.Subject = e.label
		return
	case kindUnknownHost:
		c.ResourceID = e.name()
		c.Verdict = model.VerdictIndeterminate
		c.Tracking = model.TrackingTracked
		c.Reason.Code = model.ReasonUnknownHost
		c.Reason.Subject = c.ResourceID
		return
	}
	it := &s.ifaces[e.iface]
	c.ResourceID = it.id
	q := sg.Query{
		Dir:                 dir,
		Fam:                 fam,
		Proto:               f.Proto(),
		Port:                f.DestinationPort,
		ICMPType:            f.ICMPType,
		ICMPCode:            f.ICMPCode,
		Established:         f.State == model.StateEstablished,
		EstablishedTracking: f.TrackingAt(dir == sg.Ingress),
	}
	q.Peer.IP, q.Peer.Addr = o.ip, o.addr
	q.Automatic = viaFW
	switch o.kind {
	case kindIface:
		q.Peer.Kind = sg.PeerInterface
		q.Peer.Groups = s.ifaces[o.iface].profile.GroupIDs()
		q.Automatic = q.Automatic || s.ifaces[o.iface].auto
	case kindPublic:
		q.Peer.Kind = sg.PeerPublic
		q.Automatic = q.Automatic || s.ifaces[o.iface].auto
	case kindUnknownHost:
		q.Peer.Kind = sg.PeerUnknownHost
	case kindUnknownIface:
		q.Peer.Kind = sg.PeerUnknownInterface
		q.Peer.Label = o.label
	default:
		q.Peer.Kind = sg.PeerExternal
	}
	s.sg.Eval(&it.profile, &q, c)
}

// naclCheck appends the network-ACL check of endpoint e's subnet for
// packet p (sweep: over the ephemeral range instead of p.Port).
func (s *Snapshot) naclCheck(d *model.Decision, leg model.Leg, e *endpoint, p *nacl.Packet, sweep bool, opts model.Options) {
	c := d.NextCheck()
	c.Layer = model.LayerNetworkACL
	c.Leg = leg
	c.Direction = model.DirectionIngress
	if p.Egress {
		c.Direction = model.DirectionEgress
	}
	if e.subnet < 0 {
		c.Verdict = model.VerdictIndeterminate
		c.Reason.Code = model.ReasonUnknownSubnet
		c.Reason.Subject = e.name()
		return
	}
	if e.acl < 0 {
		id := s.subnets[e.subnet].id
		c.ResourceID = id
		c.Verdict = model.VerdictIndeterminate
		c.Reason.Code = model.ReasonNACLMissing
		c.Reason.Subject = id
		return
	}
	c.ResourceID = e.aclID
	if sweep {
		s.nacl.Sweep(int(e.acl), p, opts.EphemeralRange(), c)
		return
	}
	s.nacl.Eval(int(e.acl), p, c)
}

// resolve resolves both endpoints (semantics section 1).
func (s *Snapshot) resolve(f *model.Flow, src, dst *endpoint) error {
	if err := s.classify(&f.Source, "source", src); err != nil {
		return err
	}
	if err := s.classify(&f.Destination, "destination", dst); err != nil {
		return err
	}
	// A public address names its interface only for traffic with the
	// internet: from inside, the packets would leave through the internet
	// or NAT gateway and come back with a translated source (hairpin, not
	// modelled).
	if src.kind == kindPublic && dst.internal() {
		return hairpin("source", f.Source.IP)
	}
	if dst.kind == kindPublic && src.internal() {
		return hairpin("destination", f.Destination.IP)
	}
	if !src.internal() && !dst.internal() {
		return &model.FlowError{Field: "destination.ip", Value: f.Destination.IP.String(),
			Msg: "neither endpoint is in the config: nothing of the config is on this flow's path"}
	}
	// The flow's family: from the given addresses, else IPv4 when every
	// known interface has an IPv4 address.
	var fam int
	switch {
	case src.ip.IsValid():
		fam = cidr.Fam(src.ip)
		if dst.ip.IsValid() && cidr.Fam(dst.ip) != fam {
			return &model.FlowError{Field: "destination.ip", Value: dst.ip.String(),
				Msg: "address family differs from the source's"}
		}
	case dst.ip.IsValid():
		fam = cidr.Fam(dst.ip)
	default:
		for _, e := range [2]*endpoint{src, dst} {
			if e.kind == kindIface && !s.ifaces[e.iface].first[0].IsValid() {
				fam = 1
			}
		}
	}
	for _, side := range [2]struct {
		e     *endpoint
		field string
	}{{src, "source"}, {dst, "destination"}} {
		e := side.e
		if e.kind == kindIface && !e.ip.IsValid() {
			it := &s.ifaces[e.iface]
			e.ip = it.first[fam]
			if !e.ip.IsValid() {
				v := "IPv4"
				if fam == 1 {
					v = "IPv6"
				}
				return &model.FlowError{Field: side.field + ".network_interface_id", Value: it.id,
					Msg: "the interface has no " + v + " address, the flow's family"}
			}
		}
		if e.ip.IsValid() {
			e.addr = cidr.FromAddr(e.ip)
		}
	}
	return nil
}

func hairpin(side string, ip netip.Addr) error {
	return &model.FlowError{Field: side + ".ip", Value: ip.String(),
		Msg: "is a public IP of an interface and the other endpoint is inside the network: hairpin through the internet gateway is not modelled; address it by private IP"}
}

// classify resolves one endpoint on its own; resolve settles what depends
// on the other side.
func (s *Snapshot) classify(ep *model.Endpoint, side string, e *endpoint) error {
	e.subnet, e.acl = -1, -1
	e.ip = ep.IP
	if ep.InterfaceID != "" {
		i, ok := s.byID[ep.InterfaceID]
		if !ok {
			if !ep.IP.IsValid() {
				return &model.FlowError{Field: side + ".network_interface_id", Value: ep.InterfaceID,
					Msg: "is not in the config and no ip is given: give its ip"}
			}
			e.kind = kindUnknownIface
			e.label = ep.InterfaceID
			return nil
		}
		it := &s.ifaces[i]
		e.setIface(kindIface, i, it)
		if !ep.IP.IsValid() {
			return nil
		}
		if contains(it.private, ep.IP) {
			return nil
		}
		if contains(it.public, ep.IP) {
			e.kind = kindPublic
			return nil
		}
		return &model.FlowError{Field: side + ".ip", Value: ep.IP.String(), Msg: "is not an address of " + it.id}
	}
	if !ep.IP.IsValid() {
		return &model.FlowError{Field: side + ".ip", Msg: "required: give ip or network_interface_id"}
	}
	if i, ok := s.byPrivate[ep.IP]; ok {
		if i == ambiguous {
			return &model.FlowError{Field: side + ".ip", Value: ep.IP.String(),
				Msg: "is a private IP of several interfaces (overlapping VPCs): give network_interface_id"}
		}
		e.setIface(kindIface, i, &s.ifaces[i])
		return nil
	}
	if i, ok := s.byPublic[ep.IP]; ok {
		if i == ambiguous {
			return &model.FlowError{Field: side + ".ip", Value: ep.IP.String(),
				Msg: "is a public IP of several interfaces: give network_interface_id"}
		}
		e.setIface(kindPublic, i, &s.ifaces[i])
		return nil
	}
	if si, ok := s.subnetCIDR.Lookup(ep.IP); ok {
		if si == ambiguous {
			return &model.FlowError{Field: side + ".ip", Value: ep.IP.String(),
				Msg: "lies in subnets of several VPCs with the same CIDR: give network_interface_id"}
		}
		sn := &s.subnets[si]
		e.kind, e.subnet, e.acl, e.aclID = kindUnknownHost, si, sn.acl, sn.aclID
		return nil
	}
	if s.vpcCIDR.Contains(ep.IP) {
		e.kind = kindUnknownHost
		return nil
	}
	e.kind = kindExternal
	return nil
}

func contains(as []netip.Addr, a netip.Addr) bool {
	for _, b := range as {
		if a == b {
			return true
		}
	}
	return false
}
