package awsjson

import (
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
	"github.com/netverdict/netverdict/evaluator/model"
)

// securityGroups imports describe-security-groups: SecurityGroups[] with
// IpPermissions (ingress) and IpPermissionsEgress (egress), each permission
// flattened to one rule per peer.
func (d *decoder) securityGroups(_ jsonwalk.Node, raw any) {
	for _, n := range d.Objects(raw, "SecurityGroups") {
		if !n.OK() {
			continue
		}
		id, idOK := n.Req("GroupId")
		g := model.SecurityGroup{
			ID:      id,
			Name:    n.Opt("GroupName"),
			VPCID:   n.Opt("VpcId"),
			OwnerID: n.Opt("OwnerId"),
		}
		// Ingress first, then egress: evaluators filter rules by direction,
		// so the relative order of the two lists does not matter.
		for _, dir := range []struct {
			key    string
			egress bool
		}{{"IpPermissions", false}, {"IpPermissionsEgress", true}} {
			for j, perm := range n.Objects(dir.key) {
				if perm.OK() {
					g.Rules = d.permission(g.Rules, id, perm, j, dir.egress)
				}
			}
		}
		if idOK {
			d.m.putSG(g, d.origin(n.Path))
		}
	}
}

// permission appends the rules of one IpPermission: one per peer, in the
// order IpRanges, Ipv6Ranges, PrefixListIds, UserIdGroupPairs, with the id
// <group>/<ingress|egress>/<permission index>/<peer index>.
func (d *decoder) permission(rules []model.SGRule, groupID string, n jsonwalk.Node, index int, egress bool) []model.SGRule {
	base := model.SGRule{GroupID: groupID, Egress: egress}
	protoOK := d.ruleProtocol(n, &base)
	portsOK := protoOK && d.rulePorts(n, &base)

	dir := "ingress"
	if egress {
		dir = "egress"
	}
	prefix := groupID + "/" + dir + "/" + strconv.Itoa(index) + "/"
	peer := 0
	add := func(item jsonwalk.Node, p model.Peer, ok bool) {
		if ok && portsOK && groupID != "" {
			r := base
			r.ID = prefix + strconv.Itoa(peer)
			r.Peer = p
			r.Description = item.Opt("Description")
			rules = append(rules, r)
		}
		peer++
	}
	for _, it := range n.Objects("IpRanges") {
		c, ok := it.Prefix("CidrIp", jsonwalk.IPv4, it.OK())
		add(it, model.Peer{Kind: model.PeerCIDR, CIDR: c}, ok)
	}
	for _, it := range n.Objects("Ipv6Ranges") {
		c, ok := it.Prefix("CidrIpv6", jsonwalk.IPv6, it.OK())
		add(it, model.Peer{Kind: model.PeerCIDR, CIDR: c}, ok)
	}
	for _, it := range n.Objects("PrefixListIds") {
		var pl string
		ok := it.OK()
		if ok {
			pl, ok = it.Req("PrefixListId")
		}
		add(it, model.Peer{Kind: model.PeerPrefixList, PrefixListID: pl}, ok)
	}
	for _, it := range n.Objects("UserIdGroupPairs") {
		p, ok := model.Peer{Kind: model.PeerGroup}, it.OK()
		if ok {
			p.GroupID, ok = it.Req("GroupId")
			p.UserID = it.Opt("UserId")
			p.VPCID = it.Opt("VpcId")
			p.VPCPeeringConnectionID = it.Opt("VpcPeeringConnectionId")
			p.PeeringStatus = it.Opt("PeeringStatus")
		}
		add(it, p, ok)
	}
	if peer == 0 {
		d.Warn(n.Path, "permission has no peer (IpRanges, Ipv6Ranges, PrefixListIds and UserIdGroupPairs are all empty): no rule")
	}
	return rules
}

// securityGroupRules imports describe-security-group-rules (and the output
// of authorize-security-group-ingress/-egress): one rule per entry, with its
// sgr- id, grouped by GroupId.
func (d *decoder) securityGroupRules(_ jsonwalk.Node, raw any) {
	for _, n := range d.Objects(raw, "SecurityGroupRules") {
		if !n.OK() {
			continue
		}
		id, idOK := n.Req("SecurityGroupRuleId")
		gid, gidOK := n.Req("GroupId")
		egress, egressOK := n.Boolean("IsEgress")
		if !n.Has("IsEgress") {
			d.Report(n.At("IsEgress"), "", "is required")
		}
		r := model.SGRule{ID: id, GroupID: gid, Egress: egress, Description: n.Opt("Description")}
		ok := d.ruleProtocol(n, &r)
		ok = ok && d.rulePorts(n, &r)

		var kinds []string
		for _, k := range []string{"CidrIpv4", "CidrIpv6", "PrefixListId", "ReferencedGroupInfo"} {
			if n.Has(k) {
				kinds = append(kinds, k)
			}
		}
		peerOK := false
		switch {
		case len(kinds) != 1:
			found := "none"
			if len(kinds) > 0 {
				found = strings.Join(kinds, ", ")
			}
			d.Report(n.Path, "", "a rule needs exactly one of CidrIpv4, CidrIpv6, PrefixListId, ReferencedGroupInfo (found "+found+")")
		case kinds[0] == "CidrIpv4":
			r.Peer.Kind = model.PeerCIDR
			r.Peer.CIDR, peerOK = n.Prefix("CidrIpv4", jsonwalk.IPv4, true)
		case kinds[0] == "CidrIpv6":
			r.Peer.Kind = model.PeerCIDR
			r.Peer.CIDR, peerOK = n.Prefix("CidrIpv6", jsonwalk.IPv6, true)
		case kinds[0] == "PrefixListId":
			r.Peer.Kind = model.PeerPrefixList
			r.Peer.PrefixListID, peerOK = n.Req("PrefixListId")
		default:
			ref := n.Object("ReferencedGroupInfo")
			if ref.OK() {
				r.Peer.Kind = model.PeerGroup
				r.Peer.GroupID, peerOK = ref.Req("GroupId")
				r.Peer.UserID = ref.Opt("UserId")
				r.Peer.VPCID = ref.Opt("VpcId")
				r.Peer.VPCPeeringConnectionID = ref.Opt("VpcPeeringConnectionId")
				r.Peer.PeeringStatus = ref.Opt("PeeringStatus")
			}
		}
		if idOK && gidOK && egressOK && ok && peerOK {
			g := model.SecurityGroup{ID: gid, OwnerID: n.Opt("GroupOwnerId"), Rules: []model.SGRule{r}, RulesFromSGRules: true}
			d.m.putSG(g, d.origin(n.Path))
		}
	}
}

// ruleProtocol reads IpProtocol into r.
func (d *decoder) ruleProtocol(n jsonwalk.Node, r *model.SGRule) bool {
	s, ok := n.Req("IpProtocol")
	if !ok {
		return false
	}
	p, err := model.ParseRuleProtocol(s)
	if err != nil {
		d.Report(n.At("IpProtocol"), s, "invalid protocol: want tcp, udp, icmp, icmpv6, -1 or a number 0-255")
		return false
	}
	r.Protocol, r.ProtocolText = p, s
	return true
}

// rulePorts reads FromPort/ToPort into r, whose protocol is set, and checks
// them as AWS does: a TCP/UDP port range 0-65535; for ICMP/ICMPv6 the type
// and the code, -1 meaning all (all types needs all codes); any values for
// other protocols, whose rules ignore ports. Both may be absent (all-protocol
// rules, ICMP without ports: all types); TCP and UDP need them.
func (d *decoder) rulePorts(n jsonwalk.Node, r *model.SGRule) bool {
	hasFrom, hasTo := n.Has("FromPort"), n.Has("ToPort")
	switch {
	case !hasFrom && !hasTo:
		if model.HasPorts(r.Protocol) {
			d.Report(n.Path, "", model.ProtocolName(r.Protocol)+" rule needs FromPort and ToPort")
			return false
		}
		return true
	case !hasFrom:
		d.Report(n.At("FromPort"), "", "is required when ToPort is given")
		return false
	case !hasTo:
		d.Report(n.At("ToPort"), "", "is required when FromPort is given")
		return false
	}
	lo, hi, fromWhat, toWhat := int64(-1<<31), int64(1<<31-1), "port", "port"
	switch {
	case model.HasPorts(r.Protocol):
		lo, hi = 0, 65535
		fromWhat, toWhat = model.ProtocolName(r.Protocol)+" port", model.ProtocolName(r.Protocol)+" port"
	case model.IsICMP(r.Protocol):
		lo, hi = -1, 255
		fromWhat, toWhat = "ICMP type", "ICMP code"
	}
	from, okF := n.Integer("FromPort", lo, hi, fromWhat)
	to, okT := n.Integer("ToPort", lo, hi, toWhat)
	if !okF || !okT {
		return false
	}
	switch {
	case model.HasPorts(r.Protocol) && from > to:
		d.Report(n.Path, "", "port range "+strconv.FormatInt(from, 10)+"-"+strconv.FormatInt(to, 10)+" is reversed (FromPort > ToPort)")
		return false
	case model.IsICMP(r.Protocol) && from == -1 && to != -1:
		d.Report(n.At("ToPort"), strconv.FormatInt(to, 10), "ICMP code must be -1 when FromPort (the ICMP type) is -1")
		return false
	}
	r.FromPort, r.ToPort, r.HasPorts = int32(from), int32(to), true
	return true
}
