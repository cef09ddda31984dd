package apiconv

import (
	"fmt"
	"net/netip"

	"github.com/netverdict/netverdict/evaluator/model"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// Network ACL rule numbers: users choose 1-32766; AWS's default "*" entries
// are 32767 (IPv4) and 32768 (IPv6) and appear in describe-network-acls.
const (
	minRuleNumber = 1
	maxRuleNumber = model.DefaultRuleNumberIPv6
)

// NetworkConfigToModel validates a typed configuration and converts it to
// the model. Field paths in errors are relative to the NetworkConfig
// ("security_groups[2].rules[0].cidr: invalid CIDR \"10.0.0.300/24\""); use
// Prefix to place them in a request.
//
// CIDRs are parsed (IPv4 or IPv6, no IPv4-mapped IPv6) and their host bits
// cleared, as AWS does ("10.0.0.18/18" becomes 10.0.0.0/18). Protocols are
// read by model.ParseRuleProtocol. Ids are required and unique within their
// kind. Security group rules without an id get the stable id
// "<group id>/<ingress|egress>/<index>/0", index counting the group's rules
// of the same direction. A prefix list with entries counts as known even
// when entries_known is false. Route tables are keyed by id; firewalls,
// firewall policies and rule groups, web ACLs, IP sets, regex pattern sets
// and WAF rule groups by ARN; web ACL associations by resource ARN (one web
// ACL per resource). A route's Index is its position in its table. AWS
// enum strings are checked against their closed sets (empty passes where
// AWS has a default). A nil config converts to an empty one.
func NetworkConfigToModel(nc *netverdictv1.NetworkConfig) (*model.Config, error) {
	cv := configConv{}
	cfg := &model.Config{
		VPCs:           cv.vpcs(nc.GetVpcs()),
		Subnets:        cv.subnets(nc.GetSubnets()),
		Interfaces:     cv.interfaces(nc.GetNetworkInterfaces()),
		SecurityGroups: cv.securityGroups(nc.GetSecurityGroups()),
		NetworkACLs:    cv.networkACLs(nc.GetNetworkAcls()),
		PrefixLists:    cv.prefixLists(nc.GetPrefixLists()),
	}
	cv.layers(nc, cfg)
	if err := cv.c.err(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// configConv carries the errors of one NetworkConfigToModel call.
type configConv struct {
	c collector
}

// id checks a resource id: required, and unique among seen (which maps ids
// to the path of their first use).
func (cv *configConv) id(path, id string, seen map[string]string) {
	switch first, dup := seen[id]; {
	case id == "":
		cv.c.add(path+".id", "", "id is required")
	case dup:
		cv.c.add(path+".id", id, "duplicate id %q (also %s)", id, first)
	default:
		seen[id] = path
	}
}

// prefix parses a CIDR and clears its host bits.
func (cv *configConv) prefix(path, s string) netip.Prefix {
	if s == "" {
		cv.c.add(path, "", "CIDR is required")
		return netip.Prefix{}
	}
	p, err := netip.ParsePrefix(s)
	switch {
	case err != nil:
		cv.c.add(path, s, "invalid CIDR %q", s)
		return netip.Prefix{}
	case p.Addr().Is4In6():
		cv.c.add(path, s, "IPv4-mapped IPv6 CIDR %q: give the IPv4 CIDR", s)
		return netip.Prefix{}
	}
	return p.Masked()
}

func (cv *configConv) prefixes(path string, ss []string) []netip.Prefix {
	if len(ss) == 0 {
		return nil
	}
	out := make([]netip.Prefix, 0, len(ss))
	for i, s := range ss {
		if p := cv.prefix(fmt.Sprintf("%s[%d]", path, i), s); p.IsValid() {
			out = append(out, p)
		}
	}
	return out
}

func (cv *configConv) addrs(path string, ss []string, only4 bool) []netip.Addr {
	if len(ss) == 0 {
		return nil
	}
	out := make([]netip.Addr, 0, len(ss))
	for i, s := range ss {
		p := fmt.Sprintf("%s[%d]", path, i)
		ip, desc := parseAddr(s)
		switch {
		case desc != "":
			cv.c.add(p, s, "%s", desc)
		case only4 && !ip.Is4():
			cv.c.add(p, s, "%q is not an IPv4 address: public addresses are IPv4", s)
		default:
			out = append(out, ip)
		}
	}
	return out
}

func (cv *configConv) protocol(path, s string) int16 {
	if s == "" {
		cv.c.add(path, "", "protocol is required: tcp, udp, icmp, icmpv6, -1 or a number 0-255")
		return 0
	}
	p, err := model.ParseRuleProtocol(s)
	if err != nil {
		cv.c.add(path, s, "%v", err)
	}
	return p
}

func (cv *configConv) vpcs(in []*netverdictv1.Vpc) []model.VPC {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.VPC, len(in))
	seen := make(map[string]string, len(in))
	for i, v := range in {
		path := fmt.Sprintf("vpcs[%d]", i)
		cv.id(path, v.GetId(), seen)
		out[i] = model.VPC{
			ID:      v.GetId(),
			OwnerID: v.GetOwnerId(),
			CIDRs:   cv.prefixes(path+".cidr_blocks", v.GetCidrBlocks()),
		}
	}
	return out
}

func (cv *configConv) subnets(in []*netverdictv1.Subnet) []model.Subnet {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.Subnet, len(in))
	seen := make(map[string]string, len(in))
	for i, s := range in {
		path := fmt.Sprintf("subnets[%d]", i)
		cv.id(path, s.GetId(), seen)
		out[i] = model.Subnet{
			ID:               s.GetId(),
			VPCID:            s.GetVpcId(),
			AvailabilityZone: s.GetAvailabilityZone(),
			CIDRs:            cv.prefixes(path+".cidr_blocks", s.GetCidrBlocks()),
		}
	}
	return out
}

func (cv *configConv) interfaces(in []*netverdictv1.NetworkInterface) []model.Interface {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.Interface, len(in))
	seen := make(map[string]string, len(in))
	for i, n := range in {
		path := fmt.Sprintf("network_interfaces[%d]", i)
		cv.id(path, n.GetId(), seen)
		for j, g := range n.GetSecurityGroupIds() {
			if g == "" {
				cv.c.add(fmt.Sprintf("%s.security_group_ids[%d]", path, j), "", "security group id is empty")
			}
		}
		out[i] = model.Interface{
			ID:               n.GetId(),
			SubnetID:         n.GetSubnetId(),
			VPCID:            n.GetVpcId(),
			Type:             n.GetInterfaceType(),
			Description:      n.GetDescription(),
			PrivateIPs:       cv.addrs(path+".private_ip_addresses", n.GetPrivateIpAddresses(), false),
			PublicIPs:        cv.addrs(path+".public_ip_addresses", n.GetPublicIpAddresses(), true),
			SecurityGroupIDs: cloneStrings(n.GetSecurityGroupIds()),
		}
	}
	return out
}

func (cv *configConv) securityGroups(in []*netverdictv1.SecurityGroup) []model.SecurityGroup {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.SecurityGroup, len(in))
	seen := make(map[string]string, len(in))
	for i, g := range in {
		path := fmt.Sprintf("security_groups[%d]", i)
		cv.id(path, g.GetId(), seen)
		sg := model.SecurityGroup{
			ID:      g.GetId(),
			Name:    g.GetName(),
			VPCID:   g.GetVpcId(),
			OwnerID: g.GetOwnerId(),
		}
		if rules := g.GetRules(); len(rules) > 0 {
			sg.Rules = make([]model.SGRule, len(rules))
			var nIn, nOut int
			for j, r := range rules {
				n := &nIn
				if r.GetEgress() {
					n = &nOut
				}
				sg.Rules[j] = cv.sgRule(fmt.Sprintf("%s.rules[%d]", path, j), g.GetId(), *n, r)
				*n++
			}
		}
		out[i] = sg
	}
	return out
}

// sgRule converts rule r of group groupID; n is its index among the
// group's rules of its direction.
func (cv *configConv) sgRule(path, groupID string, n int, r *netverdictv1.SecurityGroupRule) model.SGRule {
	out := model.SGRule{
		ID:           r.GetId(),
		GroupID:      groupID,
		Egress:       r.GetEgress(),
		ProtocolText: r.GetIpProtocol(),
		Description:  r.GetDescription(),
	}
	if out.ID == "" {
		dir := "ingress"
		if out.Egress {
			dir = "egress"
		}
		out.ID = fmt.Sprintf("%s/%s/%d/0", groupID, dir, n)
	}
	out.Protocol = cv.protocol(path+".ip_protocol", r.GetIpProtocol())
	cv.sgPorts(path, r, &out)
	switch p := r.GetPeer().(type) {
	case *netverdictv1.SecurityGroupRule_Cidr:
		out.Peer = model.Peer{Kind: model.PeerCIDR, CIDR: cv.prefix(path+".cidr", p.Cidr)}
	case *netverdictv1.SecurityGroupRule_PrefixListId:
		if p.PrefixListId == "" {
			cv.c.add(path+".prefix_list_id", "", "prefix list id is empty")
		}
		out.Peer = model.Peer{Kind: model.PeerPrefixList, PrefixListID: p.PrefixListId}
	case *netverdictv1.SecurityGroupRule_ReferencedGroup:
		ref := p.ReferencedGroup
		if ref.GetGroupId() == "" {
			cv.c.add(path+".referenced_group.group_id", "", "referenced group id is required")
		}
		out.Peer = model.Peer{
			Kind:                   model.PeerGroup,
			GroupID:                ref.GetGroupId(),
			UserID:                 ref.GetUserId(),
			VPCID:                  ref.GetVpcId(),
			VPCPeeringConnectionID: ref.GetVpcPeeringConnectionId(),
			PeeringStatus:          ref.GetPeeringStatus(),
		}
	default:
		cv.c.add(path+".peer", "", "a peer is required: cidr, prefix_list_id or referenced_group")
	}
	return out
}

// sgPorts checks from_port/to_port against the rule's protocol.
func (cv *configConv) sgPorts(path string, r *netverdictv1.SecurityGroupRule, out *model.SGRule) {
	hasFrom, hasTo := r.FromPort != nil, r.ToPort != nil
	from, to := r.GetFromPort(), r.GetToPort()
	switch {
	case hasFrom && !hasTo:
		cv.c.add(path+".to_port", "", "to_port is required when from_port is set")
		return
	case hasTo && !hasFrom:
		cv.c.add(path+".from_port", "", "from_port is required when to_port is set")
		return
	}
	out.FromPort, out.ToPort, out.HasPorts = from, to, hasFrom
	switch p := out.Protocol; {
	case model.HasPorts(p):
		if !hasFrom {
			cv.c.add(path+".from_port", "", "from_port and to_port are required for %s rules", model.ProtocolName(p))
			return
		}
		if from < 0 || from > maxPort {
			cv.c.add(path+".from_port", itoa(from), "port %d out of range 0-65535", from)
		}
		if to < 0 || to > maxPort {
			cv.c.add(path+".to_port", itoa(to), "port %d out of range 0-65535", to)
		} else if from <= maxPort && from > to {
			cv.c.add(path+".to_port", itoa(to), "to_port %d is below from_port %d", to, from)
		}
	case model.IsICMP(p) && hasFrom:
		if from < -1 || from > maxICMPType {
			cv.c.add(path+".from_port", itoa(from), "ICMP type %d out of range: -1 (all) or 0-255", from)
		}
		if to < -1 || to > maxICMPType {
			cv.c.add(path+".to_port", itoa(to), "ICMP code %d out of range: -1 (all) or 0-255", to)
		}
	}
}

func (cv *configConv) networkACLs(in []*netverdictv1.NetworkAcl) []model.NetworkACL {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.NetworkACL, len(in))
	seen := make(map[string]string, len(in))
	for i, a := range in {
		path := fmt.Sprintf("network_acls[%d]", i)
		cv.id(path, a.GetId(), seen)
		acl := model.NetworkACL{
			ID:        a.GetId(),
			VPCID:     a.GetVpcId(),
			IsDefault: a.GetIsDefault(),
			OwnerID:   a.GetOwnerId(),
		}
		if as := a.GetAssociations(); len(as) > 0 {
			acl.Associations = make([]model.NACLAssociation, len(as))
			for j, as := range as {
				if as.GetSubnetId() == "" {
					cv.c.add(fmt.Sprintf("%s.associations[%d].subnet_id", path, j), "", "subnet id is required")
				}
				acl.Associations[j] = model.NACLAssociation{ID: as.GetId(), SubnetID: as.GetSubnetId()}
			}
		}
		if es := a.GetEntries(); len(es) > 0 {
			acl.Entries = make([]model.NACLEntry, len(es))
			for j, e := range es {
				acl.Entries[j] = cv.naclEntry(fmt.Sprintf("%s.entries[%d]", path, j), e)
			}
		}
		out[i] = acl
	}
	return out
}

func (cv *configConv) naclEntry(path string, e *netverdictv1.NetworkAclEntry) model.NACLEntry {
	out := model.NACLEntry{
		RuleNumber:   e.GetRuleNumber(),
		Egress:       e.GetEgress(),
		ProtocolText: e.GetProtocol(),
	}
	if n := e.GetRuleNumber(); n < minRuleNumber || n > maxRuleNumber {
		cv.c.add(path+".rule_number", itoa(n), "rule number %d out of range 1-32766 (32767 and 32768 for the default entries)", n)
	}
	out.Protocol = cv.protocol(path+".protocol", e.GetProtocol())
	switch act := e.GetRuleAction(); act {
	case netverdictv1.RuleAction_RULE_ACTION_ALLOW:
		out.Action = model.ActionAllow
	case netverdictv1.RuleAction_RULE_ACTION_DENY:
		out.Action = model.ActionDeny
	case netverdictv1.RuleAction_RULE_ACTION_UNSPECIFIED:
		cv.c.add(path+".rule_action", "", "rule action is required: RULE_ACTION_ALLOW or RULE_ACTION_DENY")
	default:
		cv.c.add(path+".rule_action", act.String(), "unknown rule action %d", int32(act))
	}
	out.CIDR = cv.prefix(path+".cidr", e.GetCidr())
	if r := e.GetPortRange(); r != nil {
		cv.portRange(path+".port_range", r)
		from, to := r.GetFromPort(), r.GetToPort()
		out.PortFrom, out.PortTo, out.HasPortRange = int32(min(from, maxPort)), int32(min(to, maxPort)), true
	}
	if tc := e.GetIcmpTypeCode(); tc != nil {
		t, c := tc.GetType(), tc.GetCode()
		if t < -1 || t > maxICMPType {
			cv.c.add(path+".icmp_type_code.type", itoa(t), "ICMP type %d out of range: -1 (all) or 0-255", t)
		}
		if c < -1 || c > maxICMPType {
			cv.c.add(path+".icmp_type_code.code", itoa(c), "ICMP code %d out of range: -1 (all) or 0-255", c)
		}
		out.ICMPType, out.ICMPCode, out.HasICMP = t, c, true
	}
	return out
}

func (cv *configConv) prefixLists(in []*netverdictv1.PrefixList) []model.PrefixList {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.PrefixList, len(in))
	seen := make(map[string]string, len(in))
	for i, l := range in {
		path := fmt.Sprintf("prefix_lists[%d]", i)
		cv.id(path, l.GetId(), seen)
		if l.GetMaxEntries() < 0 {
			cv.c.add(path+".max_entries", itoa(l.GetMaxEntries()), "max_entries %d is negative", l.GetMaxEntries())
		}
		pl := model.PrefixList{
			ID:            l.GetId(),
			Name:          l.GetName(),
			AddressFamily: l.GetAddressFamily(),
			OwnerID:       l.GetOwnerId(),
			MaxEntries:    l.GetMaxEntries(),
			EntriesKnown:  l.GetEntriesKnown() || len(l.GetEntries()) > 0,
		}
		if es := l.GetEntries(); len(es) > 0 {
			pl.Entries = make([]model.PrefixListEntry, len(es))
			for j, e := range es {
				pl.Entries[j] = model.PrefixListEntry{
					CIDR:        cv.prefix(fmt.Sprintf("%s.entries[%d].cidr", path, j), e.GetCidr()),
					Description: e.GetDescription(),
				}
			}
		}
		out[i] = pl
	}
	return out
}

func cloneStrings(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	return append([]string(nil), ss...)
}

// ModelToNetworkConfig converts a model configuration to the API, the
// reverse of NetworkConfigToModel: converting the result back gives an
// equal config. Protocols keep the text they were imported with; CIDRs and
// addresses print in canonical form. Importer bookkeeping is not carried:
// Config.Source and SecurityGroup.RulesFromSGRules come back empty. The
// document paths of WAF objects (WebACL.Path, WAFRule.Path, ...) are
// carried as source_path, because messages cite them. Two model states
// that no importer makes have no API form: a Route.Index other than the
// route's position (it comes back as the position) and a TCPFlagMatch with
// MasksGiven but no mask bits (AWS's empty Masks means all eight). A nil
// config converts to an empty one.
func ModelToNetworkConfig(cfg *model.Config) *netverdictv1.NetworkConfig {
	out := &netverdictv1.NetworkConfig{}
	if cfg == nil {
		return out
	}
	for i := range cfg.VPCs {
		v := &cfg.VPCs[i]
		out.Vpcs = append(out.Vpcs, &netverdictv1.Vpc{
			Id:         v.ID,
			OwnerId:    v.OwnerID,
			CidrBlocks: prefixStrings(v.CIDRs),
		})
	}
	for i := range cfg.Subnets {
		s := &cfg.Subnets[i]
		out.Subnets = append(out.Subnets, &netverdictv1.Subnet{
			Id:               s.ID,
			VpcId:            s.VPCID,
			AvailabilityZone: s.AvailabilityZone,
			CidrBlocks:       prefixStrings(s.CIDRs),
		})
	}
	for i := range cfg.Interfaces {
		n := &cfg.Interfaces[i]
		out.NetworkInterfaces = append(out.NetworkInterfaces, &netverdictv1.NetworkInterface{
			Id:                 n.ID,
			SubnetId:           n.SubnetID,
			VpcId:              n.VPCID,
			InterfaceType:      n.Type,
			Description:        n.Description,
			PrivateIpAddresses: addrStrings(n.PrivateIPs),
			PublicIpAddresses:  addrStrings(n.PublicIPs),
			SecurityGroupIds:   cloneStrings(n.SecurityGroupIDs),
		})
	}
	for i := range cfg.SecurityGroups {
		out.SecurityGroups = append(out.SecurityGroups, securityGroupToProto(&cfg.SecurityGroups[i]))
	}
	for i := range cfg.NetworkACLs {
		out.NetworkAcls = append(out.NetworkAcls, networkACLToProto(&cfg.NetworkACLs[i]))
	}
	for i := range cfg.PrefixLists {
		l := &cfg.PrefixLists[i]
		pl := &netverdictv1.PrefixList{
			Id:            l.ID,
			Name:          l.Name,
			AddressFamily: l.AddressFamily,
			OwnerId:       l.OwnerID,
			MaxEntries:    l.MaxEntries,
			EntriesKnown:  l.EntriesKnown,
		}
		for _, e := range l.Entries {
			pl.Entries = append(pl.Entries, &netverdictv1.PrefixListEntry{Cidr: e.CIDR.String(), Description: e.Description})
		}
		out.PrefixLists = append(out.PrefixLists, pl)
	}
	layersToProto(cfg, out)
	return out
}

func securityGroupToProto(g *model.SecurityGroup) *netverdictv1.SecurityGroup {
	out := &netverdictv1.SecurityGroup{Id: g.ID, Name: g.Name, VpcId: g.VPCID, OwnerId: g.OwnerID}
	for i := range g.Rules {
		r := &g.Rules[i]
		pr := &netverdictv1.SecurityGroupRule{
			Id:          r.ID,
			Egress:      r.Egress,
			IpProtocol:  protocolText(r.ProtocolText, r.Protocol),
			Description: r.Description,
		}
		if r.HasPorts {
			from, to := r.FromPort, r.ToPort
			pr.FromPort, pr.ToPort = &from, &to
		}
		switch r.Peer.Kind {
		case model.PeerCIDR:
			pr.Peer = &netverdictv1.SecurityGroupRule_Cidr{Cidr: r.Peer.CIDR.String()}
		case model.PeerPrefixList:
			pr.Peer = &netverdictv1.SecurityGroupRule_PrefixListId{PrefixListId: r.Peer.PrefixListID}
		case model.PeerGroup:
			pr.Peer = &netverdictv1.SecurityGroupRule_ReferencedGroup{ReferencedGroup: &netverdictv1.ReferencedGroup{
				GroupId:                r.Peer.GroupID,
				UserId:                 r.Peer.UserID,
				VpcId:                  r.Peer.VPCID,
				VpcPeeringConnectionId: r.Peer.VPCPeeringConnectionID,
				PeeringStatus:          r.Peer.PeeringStatus,
			}}
		}
		out.Rules = append(out.Rules, pr)
	}
	return out
}

func networkACLToProto(a *model.NetworkACL) *netverdictv1.NetworkAcl {
	out := &netverdictv1.NetworkAcl{Id: a.ID, VpcId: a.VPCID, IsDefault: a.IsDefault, OwnerId: a.OwnerID}
	for _, as := range a.Associations {
		out.Associations = append(out.Associations, &netverdictv1.NetworkAclAssociation{Id: as.ID, SubnetId: as.SubnetID})
	}
	for i := range a.Entries {
		e := &a.Entries[i]
		pe := &netverdictv1.NetworkAclEntry{
			RuleNumber: e.RuleNumber,
			Egress:     e.Egress,
			Protocol:   protocolText(e.ProtocolText, e.Protocol),
			Cidr:       e.CIDR.String(),
		}
		switch e.Action {
		case model.ActionAllow:
			pe.RuleAction = netverdictv1.RuleAction_RULE_ACTION_ALLOW
		case model.ActionDeny:
			pe.RuleAction = netverdictv1.RuleAction_RULE_ACTION_DENY
		}
		if e.HasPortRange {
			pe.PortRange = &netverdictv1.PortRange{FromPort: uint32(max(e.PortFrom, 0)), ToPort: uint32(max(e.PortTo, 0))}
		}
		if e.HasICMP {
			pe.IcmpTypeCode = &netverdictv1.IcmpTypeCode{Type: e.ICMPType, Code: e.ICMPCode}
		}
		out.Entries = append(out.Entries, pe)
	}
	return out
}

// protocolText is the protocol as imported, or the number's canonical text.
func protocolText(text string, p int16) string {
	if text != "" {
		return text
	}
	if p == model.ProtoAll {
		return "-1"
	}
	return model.ProtocolName(p)
}

func prefixStrings(ps []netip.Prefix) []string {
	if len(ps) == 0 {
		return nil
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

func addrStrings(as []netip.Addr) []string {
	if len(as) == 0 {
		return nil
	}
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.String()
	}
	return out
}
