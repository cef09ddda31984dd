package tfplan

import (
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
	"github.com/netverdict/netverdict/evaluator/model"
)

// securityGroup imports aws_security_group / aws_default_security_group
// with its inline ingress and egress blocks, each block flattened to one
// rule per peer as awsjson flattens an IpPermission.
func (b *builder) securityGroup(r *resource, v val) {
	id := b.ownID(r, v)
	vpc, _ := b.idAttr(r, v.key("vpc_id"), []string{"vpc_id"}, wantVPC, "", "")
	g := model.SecurityGroup{ID: id, Name: v.key("name").opt(), VPCID: vpc, OwnerID: v.key("owner_id").opt()}
	for _, dir := range []string{"ingress", "egress"} {
		x := v.key(dir)
		if x.unknown() {
			if r.configured(dir) {
				b.warn(x.path, "not known until apply: the group's "+dir+" rules are left out")
			}
			continue
		}
		for j, blk := range x.list() {
			g.Rules = b.inlineRule(g.Rules, r, id, blk, j, dir)
		}
	}
	put(b, &b.sgs, "security group", id, r.path, g)
}

// inlineRule appends the rules of one ingress/egress block: one per peer,
// in the order cidr_blocks, ipv6_cidr_blocks, prefix_list_ids,
// security_groups, self, with the id <group>/<ingress|egress>/<block
// index>/<peer index>.
func (b *builder) inlineRule(rules []model.SGRule, r *resource, gid string, blk val, j int, dir string) []model.SGRule {
	if blk.unknown() {
		b.warn(blk.path, "rule not known until apply: left out")
		return rules
	}
	if !blk.obj() {
		if blk.null() {
			b.d.Report(blk.path, "", "expected an object, got null")
		}
		return rules
	}
	base := model.SGRule{GroupID: gid, Egress: dir == "egress"}
	ok := b.ruleBase(blk, &base, "protocol")
	prefix := gid + "/" + dir + "/" + strconv.Itoa(j) + "/"
	desc := blk.key("description").opt()
	peer := 0
	add := func(p model.Peer) {
		if ok {
			nr := base
			nr.ID, nr.Peer, nr.Description = prefix+strconv.Itoa(peer), p, desc
			rules = append(rules, nr)
		}
		peer++
	}
	for _, c := range b.prefixes(blk.key("cidr_blocks"), jsonwalk.IPv4) {
		add(model.Peer{Kind: model.PeerCIDR, CIDR: c})
	}
	for _, c := range b.prefixes(blk.key("ipv6_cidr_blocks"), jsonwalk.IPv6) {
		add(model.Peer{Kind: model.PeerCIDR, CIDR: c})
	}
	for _, pl := range b.idList(r, blk.key("prefix_list_ids"), []string{dir, "prefix_list_ids"}, wantPL, "prefix list ids") {
		add(model.Peer{Kind: model.PeerPrefixList, PrefixListID: pl})
	}
	for _, g := range b.idList(r, blk.key("security_groups"), []string{dir, "security_groups"}, wantSG, "security group ids") {
		add(groupPeer(g))
	}
	if self, _ := blk.key("self").boolean(); self {
		add(model.Peer{Kind: model.PeerGroup, GroupID: gid})
	}
	if peer == 0 && ok {
		b.warn(blk.path, "rule has no peer (cidr_blocks, ipv6_cidr_blocks, prefix_list_ids, security_groups and self are all empty): no rule")
	}
	return rules
}

// groupPeer is a reference to a group, "sg-…" or "<account>/sg-…".
func groupPeer(s string) model.Peer {
	p := model.Peer{Kind: model.PeerGroup, GroupID: s}
	if acct, id, ok := strings.Cut(s, "/"); ok && !strings.HasPrefix(s, "tfplan:") {
		p.UserID, p.GroupID = acct, id
	}
	return p
}

// sgProtocolText is a protocol as AWS prints IpProtocol.
func sgProtocolText(p int16) string {
	switch p {
	case model.ProtoAll:
		return "-1"
	case model.ProtoTCP, model.ProtoUDP, model.ProtoICMP, model.ProtoICMPv6:
		return model.ProtocolName(p)
	}
	return strconv.Itoa(int(p))
}

// ruleBase reads a rule's protocol (member protoKey) and from_port/to_port
// into r, checking them as AWS does. Ports are kept where AWS prints them
// (TCP, UDP, ICMP, ICMPv6). An unknown value leaves the rule out (false,
// with a warning).
func (b *builder) ruleBase(x val, r *model.SGRule, protoKey string) bool {
	px := x.key(protoKey)
	if px.unknown() {
		b.warn(px.path, "protocol not known until apply: rule left out")
		return false
	}
	s, ok := px.str()
	if !ok {
		if px.null() {
			b.d.Report(px.path, "", "is required")
		}
		return false
	}
	p, err := model.ParseRuleProtocol(s)
	if err != nil {
		b.d.Report(px.path, s, "invalid protocol: want tcp, udp, icmp, icmpv6, -1 (all) or a number 0-255")
		return false
	}
	r.Protocol, r.ProtocolText = p, sgProtocolText(p)
	fx, tx := x.key("from_port"), x.key("to_port")
	if fx.unknown() || tx.unknown() {
		b.warn(x.path, "ports not known until apply: rule left out")
		return false
	}
	lo, hi, fromWhat, toWhat := int64(-1<<31), int64(1<<31-1), "port", "port"
	switch {
	case model.HasPorts(p):
		lo, hi = 0, 65535
		fromWhat, toWhat = model.ProtocolName(p)+" port", model.ProtocolName(p)+" port"
	case model.IsICMP(p):
		lo, hi = -1, 255
		fromWhat, toWhat = "ICMP type", "ICMP code"
	}
	from, okF := fx.integer(lo, hi, fromWhat)
	to, okT := tx.integer(lo, hi, toWhat)
	switch {
	case fx.null() && tx.null():
		if model.HasPorts(p) {
			b.d.Report(x.path, "", model.ProtocolName(p)+" rule needs from_port and to_port")
			return false
		}
		return true
	case fx.null():
		b.d.Report(fx.path, "", "is required when to_port is given")
		return false
	case tx.null():
		b.d.Report(tx.path, "", "is required when from_port is given")
		return false
	case !okF || !okT:
		return false
	}
	switch {
	case model.HasPorts(p) && from > to:
		b.d.Report(x.path, "", "port range "+strconv.FormatInt(from, 10)+"-"+strconv.FormatInt(to, 10)+" is reversed (from_port > to_port)")
		return false
	case model.IsICMP(p) && from == -1 && to != -1:
		b.warn(tx.path, "ICMP code "+strconv.FormatInt(to, 10)+" with ICMP type -1 (all): all codes")
		to = -1
	}
	if model.HasPorts(p) || model.IsICMP(p) {
		r.FromPort, r.ToPort, r.HasPorts = int32(from), int32(to), true
	}
	return true
}

// sgRuleResource reads an aws_security_group_rule or
// aws_vpc_security_group_ingress_rule / _egress_rule: the group id and its
// rules ("" when the rule cannot be placed).
func (b *builder) sgRuleResource(r *resource, v val) (string, []model.SGRule) {
	gx := v.key("security_group_id")
	gid, ok := b.idAttr(r, gx, []string{"security_group_id"}, wantSG, "security_group_id", "the rule is left out")
	if !ok {
		if gx.null() {
			b.d.Report(gx.path, "", "is required")
		}
		return "", nil
	}
	if r.typ == "aws_security_group_rule" {
		return gid, b.classicRule(r, v, gid)
	}
	base := model.SGRule{GroupID: gid, Egress: r.typ == "aws_vpc_security_group_egress_rule", Description: v.key("description").opt()}
	ok = b.ruleBase(v, &base, "ip_protocol")
	rx := v.key("security_group_rule_id")
	if s, _ := rx.v.(string); strings.HasPrefix(s, "sgr-") {
		base.ID = s
	} else {
		base.ID = b.ownID(r, v)
	}
	var peers []string
	for _, k := range []string{"cidr_ipv4", "cidr_ipv6", "prefix_list_id", "referenced_security_group_id"} {
		x := v.key(k)
		if s, _ := x.v.(string); s != "" || x.unknown() {
			peers = append(peers, k)
		}
	}
	if len(peers) != 1 {
		found := "none"
		if len(peers) > 0 {
			found = strings.Join(peers, ", ")
		}
		b.d.Report(v.path, "", "a rule needs exactly one of cidr_ipv4, cidr_ipv6, prefix_list_id, referenced_security_group_id (found "+found+")")
		return "", nil
	}
	x := v.key(peers[0])
	peerOK := false
	switch peers[0] {
	case "cidr_ipv4", "cidr_ipv6":
		fam := jsonwalk.IPv4
		if peers[0] == "cidr_ipv6" {
			fam = jsonwalk.IPv6
		}
		if x.unknown() {
			b.warn(x.path, "not known until apply: rule left out")
			break
		}
		base.Peer.Kind = model.PeerCIDR
		base.Peer.CIDR, peerOK = b.prefix(x, fam)
	case "prefix_list_id":
		base.Peer.Kind = model.PeerPrefixList
		base.Peer.PrefixListID, peerOK = b.idAttr(r, x, []string{peers[0]}, wantPL, peers[0], "rule left out")
	default:
		var g string
		g, peerOK = b.idAttr(r, x, []string{peers[0]}, wantSG, peers[0], "rule left out")
		base.Peer = groupPeer(g)
	}
	if !ok || !peerOK {
		return "", nil
	}
	return gid, []model.SGRule{base}
}

// classicRule reads the rules of an aws_security_group_rule: one per peer
// (cidr_blocks, ipv6_cidr_blocks, prefix_list_ids,
// source_security_group_id, self), with the ids <resource id>/<peer index>.
func (b *builder) classicRule(r *resource, v val, gid string) []model.SGRule {
	base := model.SGRule{GroupID: gid, Description: v.key("description").opt()}
	tx := v.key("type")
	switch t, _ := tx.str(); t {
	case "ingress":
	case "egress":
		base.Egress = true
	case "":
		if !tx.unknown() {
			b.d.Report(tx.path, "", "is required")
		}
		return nil
	default:
		b.d.Report(tx.path, t, "invalid rule type: want ingress or egress")
		return nil
	}
	ok := b.ruleBase(v, &base, "protocol")
	id := b.ownID(r, v)
	var rules []model.SGRule
	peer := 0
	add := func(p model.Peer) {
		if ok {
			nr := base
			nr.ID, nr.Peer = id+"/"+strconv.Itoa(peer), p
			rules = append(rules, nr)
		}
		peer++
	}
	for _, c := range b.prefixes(v.key("cidr_blocks"), jsonwalk.IPv4) {
		add(model.Peer{Kind: model.PeerCIDR, CIDR: c})
	}
	for _, c := range b.prefixes(v.key("ipv6_cidr_blocks"), jsonwalk.IPv6) {
		add(model.Peer{Kind: model.PeerCIDR, CIDR: c})
	}
	for _, pl := range b.idList(r, v.key("prefix_list_ids"), []string{"prefix_list_ids"}, wantPL, "prefix list ids") {
		add(model.Peer{Kind: model.PeerPrefixList, PrefixListID: pl})
	}
	sx := v.key("source_security_group_id")
	if g, gok := b.idAttr(r, sx, []string{"source_security_group_id"}, wantSG, "source_security_group_id", "rule left out"); gok {
		add(groupPeer(g))
	}
	if self, _ := v.key("self").boolean(); self {
		add(model.Peer{Kind: model.PeerGroup, GroupID: gid})
	}
	if peer == 0 && ok && !sx.unknown() {
		b.warn(v.path, "rule has no peer (cidr_blocks, ipv6_cidr_blocks, prefix_list_ids, source_security_group_id and self are all empty): no rule")
	}
	return rules
}

// addRules adds the rules of a rule resource to their group. The provider
// lists a group's rules managed by rule resources among the group's own
// ingress/egress too: a rule of the group with the same effect is replaced
// in place rather than doubled. A group that is not in the plan is created
// with these rules only (and a warning).
func (b *builder) addRules(r *resource, gid string, rules []model.SGRule) {
	i := b.find("security group", gid)
	if i < 0 {
		b.warn(r.path, "security group "+gid+" is not in the plan: only the rules of rule resources are known for it (whatif lays them over the exported group)")
		i = put(b, &b.sgs, "security group", gid, r.path, model.SecurityGroup{ID: gid})
		b.sgPartial[gid] = true
	}
	g := &b.sgs[i]
	for _, nr := range rules {
		j := -1
		for k, x := range g.Rules {
			if !b.standalone[gid+"\x00"+x.ID] && sameEffect(x, nr) {
				j = k
				break
			}
		}
		if j >= 0 {
			g.Rules[j] = nr
		} else {
			g.Rules = append(g.Rules, nr)
		}
		b.standalone[gid+"\x00"+nr.ID] = true
	}
}

// removeRules takes out of the group the rules of a rule resource that the
// plan deletes: the group's after values may still list them (the provider
// read them from AWS before the plan).
func (b *builder) removeRules(gid string, rules []model.SGRule) {
	i := b.find("security group", gid)
	if i < 0 {
		return
	}
	g := &b.sgs[i]
	for _, old := range rules {
		for k, x := range g.Rules {
			if sameEffect(x, old) {
				g.Rules = append(g.Rules[:k:k], g.Rules[k+1:]...)
				break
			}
		}
	}
}

// sameEffect reports whether two rules allow the same traffic (ids and
// descriptions aside).
func sameEffect(a, c model.SGRule) bool {
	if a.Egress != c.Egress || a.Protocol != c.Protocol || a.Peer.Kind != c.Peer.Kind ||
		a.Peer.CIDR != c.Peer.CIDR || a.Peer.PrefixListID != c.Peer.PrefixListID || a.Peer.GroupID != c.Peer.GroupID {
		return false
	}
	ports := func(r model.SGRule) (int32, int32) {
		switch {
		case model.HasPorts(r.Protocol):
			return r.FromPort, r.ToPort
		case model.IsICMP(r.Protocol) && r.HasPorts && r.FromPort != -1:
			return r.FromPort, r.ToPort
		case model.IsICMP(r.Protocol):
			return -1, -1
		}
		return 0, 0
	}
	af, at := ports(a)
	cf, ct := ports(c)
	return af == cf && at == ct
}
