package awsjson

import (
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/model"
)

// securityGroups imports describe-security-groups: SecurityGroups[] with
// IpPermissions (ingress) and IpPermissionsEgress (egress), each permission
// flattened to one rule per peer.
func (d *decoder) securityGroups(_ node, raw any) {
	for _, n := range d.objects(raw, "SecurityGroups") {
		if !n.ok() {
			continue
		}
		id, idOK := n.req("GroupId")
		g := model.SecurityGroup{
			ID:      id,
			Name:    n.opt("GroupName"),
			VPCID:   n.opt("VpcId"),
			OwnerID: n.opt("OwnerId"),
		}
		// Ingress first, then egress: evaluators filter rules by direction,
		// so the relative order of the two lists does not matter.
		for _, dir := range []struct {
			key    string
			egress bool
		}{{"IpPermissions", false}, {"IpPermissionsEgress", true}} {
			for j, perm := range n.objects(dir.key) {
				if perm.ok() {
					g.Rules = d.permission(g.Rules, id, perm, j, dir.egress)
				}
			}
		}
		if idOK {
			d.m.putSG(g, d.origin(n.path))
		}
	}
}

// permission appends the rules of one IpPermission: one per peer, in the
// order IpRanges, Ipv6Ranges, PrefixListIds, UserIdGroupPairs, with the id
// <group>/<ingress|egress>/<permission index>/<peer index>.
func (d *decoder) permission(rules []model.SGRule, groupID string, n node, index int, egress bool) []model.SGRule {
	base := model.SGRule{GroupID: groupID, Egress: egress}
	protoOK := d.ruleProtocol(n, &base)
	portsOK := protoOK && d.rulePorts(n, &base)

	dir := "ingress"
	if egress {
		dir = "egress"
	}
	prefix := groupID + "/" + dir + "/" + strconv.Itoa(index) + "/"
	peer := 0
	add := func(item node, p model.Peer, ok bool) {
		if ok && portsOK && groupID != "" {
			r := base
			r.ID = prefix + strconv.Itoa(peer)
			r.Peer = p
			r.Description = item.opt("Description")
			rules = append(rules, r)
		}
		peer++
	}
	for _, it := range n.objects("IpRanges") {
		c, ok := it.prefix("CidrIp", ipv4, it.ok())
		add(it, model.Peer{Kind: model.PeerCIDR, CIDR: c}, ok)
	}
	for _, it := range n.objects("Ipv6Ranges") {
		c, ok := it.prefix("CidrIpv6", ipv6, it.ok())
		add(it, model.Peer{Kind: model.PeerCIDR, CIDR: c}, ok)
	}
	for _, it := range n.objects("PrefixListIds") {
		var pl string
		ok := it.ok()
		if ok {
			pl, ok = it.req("PrefixListId")
		}
		add(it, model.Peer{Kind: model.PeerPrefixList, PrefixListID: pl}, ok)
	}
	for _, it := range n.objects("UserIdGroupPairs") {
		p, ok := model.Peer{Kind: model.PeerGroup}, it.ok()
		if ok {
			p.GroupID, ok = it.req("GroupId")
			p.UserID = it.opt("UserId")
			p.VPCID = it.opt("VpcId")
			p.VPCPeeringConnectionID = it.opt("VpcPeeringConnectionId")
			p.PeeringStatus = it.opt("PeeringStatus")
		}
		add(it, p, ok)
	}
	if peer == 0 {
		d.warn(n.path, "permission has no peer (IpRanges, Ipv6Ranges, PrefixListIds and UserIdGroupPairs are all empty): no rule")
	}
	return rules
}

// securityGroupRules imports describe-security-group-rules (and the output
// of authorize-security-group-ingress/-egress): one rule per entry, with its
// sgr- id, grouped by GroupId.
func (d *decoder) securityGroupRules(_ node, raw any) {
	for _, n := range d.objects(raw, "SecurityGroupRules") {
		if !n.ok() {
			continue
		}
		id, idOK := n.req("SecurityGroupRuleId")
		gid, gidOK := n.req("GroupId")
		egress, egressOK := n.boolean("IsEgress")
		if !n.has("IsEgress") {
			d.errorf(n.at("IsEgress"), "", "is required")
		}
		r := model.SGRule{ID: id, GroupID: gid, Egress: egress, Description: n.opt("Description")}
		ok := d.ruleProtocol(n, &r)
		ok = ok && d.rulePorts(n, &r)

		var kinds []string
		for _, k := range []string{"CidrIpv4", "CidrIpv6", "PrefixListId", "ReferencedGroupInfo"} {
			if n.has(k) {
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
			d.errorf(n.path, "", "a rule needs exactly one of CidrIpv4, CidrIpv6, PrefixListId, ReferencedGroupInfo (found "+found+")")
		case kinds[0] == "CidrIpv4":
			r.Peer.Kind = model.PeerCIDR
			r.Peer.CIDR, peerOK = n.prefix("CidrIpv4", ipv4, true)
		case kinds[0] == "CidrIpv6":
			r.Peer.Kind = model.PeerCIDR
			r.Peer.CIDR, peerOK = n.prefix("CidrIpv6", ipv6, true)
		case kinds[0] == "PrefixListId":
			r.Peer.Kind = model.PeerPrefixList
			r.Peer.PrefixListID, peerOK = n.req("PrefixListId")
		default:
			ref := n.object("ReferencedGroupInfo")
			if ref.ok() {
				r.Peer.Kind = model.PeerGroup
				r.Peer.GroupID, peerOK = ref.req("GroupId")
				r.Peer.UserID = ref.opt("UserId")
				r.Peer.VPCID = ref.opt("VpcId")
				r.Peer.VPCPeeringConnectionID = ref.opt("VpcPeeringConnectionId")
				r.Peer.PeeringStatus = ref.opt("PeeringStatus")
			}
		}
		if idOK && gidOK && egressOK && ok && peerOK {
			g := model.SecurityGroup{ID: gid, OwnerID: n.opt("GroupOwnerId"), Rules: []model.SGRule{r}, RulesFromSGRules: true}
			d.m.putSG(g, d.origin(n.path))
		}
	}
}

// ruleProtocol reads IpProtocol into r.
func (d *decoder) ruleProtocol(n node, r *model.SGRule) bool {
	s, ok := n.req("IpProtocol")
	if !ok {
		return false
	}
	p, err := model.ParseRuleProtocol(s)
	if err != nil {
		d.errorf(n.at("IpProtocol"), s, "invalid protocol: want tcp, udp, icmp, icmpv6, -1 or a number 0-255")
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
func (d *decoder) rulePorts(n node, r *model.SGRule) bool {
	hasFrom, hasTo := n.has("FromPort"), n.has("ToPort")
	switch {
	case !hasFrom && !hasTo:
		if model.HasPorts(r.Protocol) {
			d.errorf(n.path, "", model.ProtocolName(r.Protocol)+" rule needs FromPort and ToPort")
			return false
		}
		return true
	case !hasFrom:
		d.errorf(n.at("FromPort"), "", "is required when ToPort is given")
		return false
	case !hasTo:
		d.errorf(n.at("ToPort"), "", "is required when FromPort is given")
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
	from, okF := n.integer("FromPort", lo, hi, fromWhat)
	to, okT := n.integer("ToPort", lo, hi, toWhat)
	if !okF || !okT {
		return false
	}
	switch {
	case model.HasPorts(r.Protocol) && from > to:
		d.errorf(n.path, "", "port range "+strconv.FormatInt(from, 10)+"-"+strconv.FormatInt(to, 10)+" is reversed (FromPort > ToPort)")
		return false
	case model.IsICMP(r.Protocol) && from == -1 && to != -1:
		d.errorf(n.at("ToPort"), strconv.FormatInt(to, 10), "ICMP code must be -1 when FromPort (the ICMP type) is -1")
		return false
	}
	r.FromPort, r.ToPort, r.HasPorts = int32(from), int32(to), true
	return true
}
