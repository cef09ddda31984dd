package snapshots

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/netverdict/netverdict/evaluator/model"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
)

// Canonical returns the canonical encoding of cfg and its digest (the
// lower-case hex SHA-256 of the encoding): the deterministic protobuf
// encoding (proto.MarshalOptions{Deterministic: true}) of
// apiconv.ModelToNetworkConfig(cfg) after ordering every list whose order
// has no meaning to the evaluator:
//
//   - VPCs, subnets, network interfaces, security groups and prefix lists by
//     id; network ACLs by id too, except when the config associates one
//     subnet with several ACLs or marks several ACLs of one VPC as default
//     (AWS never does): the evaluator then uses the first in document order,
//     so their order is kept;
//   - CIDR blocks of VPCs and subnets, public IPs of an interface, prefix
//     list entries (by CIDR, then description) and ACL associations (by
//     subnet, then id), all of which are sets to the evaluator;
//   - an interface's private IPs: the first IPv4 and the first IPv6 address
//     are the ones a flow naming the interface by id uses, so the order
//     becomes: first IPv4, the other IPv4 sorted, first IPv6, the other IPv6
//     sorted;
//   - security group rules: ingress rules first, then egress, each
//     direction in document order (stable), because the rules of a check
//     are reported in document order and the synthetic rule ids
//     ("sg-1/ingress/3/0") count rules per direction;
//   - network ACL entries by (egress, address family, rule number), stable:
//     the evaluator reads each direction and family by ascending rule
//     number with document order between equal numbers.
//
// Route tables, Network Firewall and WAF objects:
//
//   - route tables by id, with their subnet and main associations (by main,
//     subnet, id), gateway associations (by gateway, id), propagating
//     gateways and tags (by key, value) sorted: the route index rejects
//     duplicates whatever their order;
//   - firewalls, firewall policies, firewall rule groups, web ACLs, IP
//     sets, regex pattern sets and WAF rule groups by ARN; a firewall's
//     subnets and endpoints (by zone, endpoint id, subnet), a policy's
//     HOME_NET CIDRs and an IP set's addresses, which are sets;
//   - web ACL associations by resource ARN (then web ACL ARN);
//   - rule variables and IP set references are proto maps, which the
//     deterministic encoding orders by name.
//
// Kept as given, because the evaluator reports them in order: the security
// group ids of an interface (the order of the rules in a check and the
// first missing group) and the rules of a group within one direction; the
// routes of a table (a route's index is its position and decisions cite
// it); the rules of web ACLs and WAF rule groups, their statements and
// transformations (messages cite their paths); stateless and stateful
// firewall rules, a policy's rule group references and default actions,
// and regex patterns (the first match is the one reported).
//
// cfg is not modified. Config.Source and SecurityGroup.RulesFromSGRules are
// not part of the content (apiconv does not carry them). The digest is
// stable for a given protobuf library version; a stored snapshot keeps the
// name it was created with whatever later versions would compute.
func Canonical(cfg *model.Config) (content []byte, digest string, err error) {
	_, content, digest, err = canonical(cfg)
	return content, digest, err
}

// canonical is Canonical that also returns the ordered NetworkConfig
// the content encodes: decoding the content gives an equal message (Marshal
// refuses what would not round-trip, such as invalid UTF-8), so the store
// compiles it directly instead of decoding the bytes it just encoded.
func canonical(cfg *model.Config) (*netverdictv1.NetworkConfig, []byte, string, error) {
	nc := apiconv.ModelToNetworkConfig(cfg)
	canonicalize(nc)
	content, err := proto.MarshalOptions{Deterministic: true}.Marshal(nc)
	if err != nil {
		return nil, nil, "", fmt.Errorf("snapshots: encoding the configuration: %w", err)
	}
	sum := sha256.Sum256(content)
	return nc, content, hex.EncodeToString(sum[:]), nil
}

// canonicalize orders nc's lists in place (see Canonical). nc is freshly
// built by ModelToNetworkConfig, so nothing else shares its slices.
func canonicalize(nc *netverdictv1.NetworkConfig) {
	slices.SortStableFunc(nc.Vpcs, func(a, b *netverdictv1.Vpc) int { return strings.Compare(a.Id, b.Id) })
	for _, v := range nc.Vpcs {
		slices.Sort(v.CidrBlocks)
	}
	slices.SortStableFunc(nc.Subnets, func(a, b *netverdictv1.Subnet) int { return strings.Compare(a.Id, b.Id) })
	for _, s := range nc.Subnets {
		slices.Sort(s.CidrBlocks)
	}
	slices.SortStableFunc(nc.NetworkInterfaces, func(a, b *netverdictv1.NetworkInterface) int {
		return strings.Compare(a.Id, b.Id)
	})
	for _, n := range nc.NetworkInterfaces {
		n.PrivateIpAddresses = canonicalPrivateIPs(n.PrivateIpAddresses)
		slices.Sort(n.PublicIpAddresses)
		// SecurityGroupIds: order kept (see Canonical).
	}
	slices.SortStableFunc(nc.SecurityGroups, func(a, b *netverdictv1.SecurityGroup) int {
		return strings.Compare(a.Id, b.Id)
	})
	for _, g := range nc.SecurityGroups {
		// Ingress (false) before egress, document order within each.
		slices.SortStableFunc(g.Rules, func(a, b *netverdictv1.SecurityGroupRule) int {
			return cmpBool(a.Egress, b.Egress)
		})
	}
	if !aclOrderMatters(nc.NetworkAcls) {
		slices.SortStableFunc(nc.NetworkAcls, func(a, b *netverdictv1.NetworkAcl) int {
			return strings.Compare(a.Id, b.Id)
		})
	}
	for _, a := range nc.NetworkAcls {
		slices.SortStableFunc(a.Associations, func(x, y *netverdictv1.NetworkAclAssociation) int {
			return cmp.Or(strings.Compare(x.SubnetId, y.SubnetId), strings.Compare(x.Id, y.Id))
		})
		slices.SortStableFunc(a.Entries, func(x, y *netverdictv1.NetworkAclEntry) int {
			return cmp.Or(cmpBool(x.Egress, y.Egress), cmp.Compare(cidrFamily(x.Cidr), cidrFamily(y.Cidr)),
				cmp.Compare(x.RuleNumber, y.RuleNumber))
		})
	}
	slices.SortStableFunc(nc.PrefixLists, func(a, b *netverdictv1.PrefixList) int { return strings.Compare(a.Id, b.Id) })
	for _, l := range nc.PrefixLists {
		slices.SortStableFunc(l.Entries, func(x, y *netverdictv1.PrefixListEntry) int {
			return cmp.Or(strings.Compare(x.Cidr, y.Cidr), strings.Compare(x.Description, y.Description))
		})
	}
	canonicalizeLayers(nc)
}

// canonicalizeLayers orders the route table, Network Firewall and WAF
// lists of nc (see Canonical).
func canonicalizeLayers(nc *netverdictv1.NetworkConfig) {
	slices.SortStableFunc(nc.RouteTables, func(a, b *netverdictv1.RouteTable) int { return strings.Compare(a.Id, b.Id) })
	for _, t := range nc.RouteTables {
		// Routes: order kept (see Canonical).
		slices.SortStableFunc(t.Associations, func(x, y *netverdictv1.RouteTableAssociation) int {
			return cmp.Or(-cmpBool(x.Main, y.Main), strings.Compare(x.SubnetId, y.SubnetId), strings.Compare(x.Id, y.Id))
		})
		slices.SortStableFunc(t.GatewayAssociations, func(x, y *netverdictv1.GatewayRouteTableAssociation) int {
			return cmp.Or(strings.Compare(x.GatewayId, y.GatewayId), strings.Compare(x.Id, y.Id))
		})
		slices.Sort(t.PropagatingVgwIds)
		slices.SortStableFunc(t.Tags, func(x, y *netverdictv1.Tag) int {
			return cmp.Or(strings.Compare(x.Key, y.Key), strings.Compare(x.Value, y.Value))
		})
	}
	slices.SortStableFunc(nc.Firewalls, func(a, b *netverdictv1.Firewall) int { return strings.Compare(a.Arn, b.Arn) })
	for _, f := range nc.Firewalls {
		slices.Sort(f.SubnetIds)
		slices.SortStableFunc(f.Endpoints, func(x, y *netverdictv1.FirewallEndpoint) int {
			return cmp.Or(strings.Compare(x.AvailabilityZone, y.AvailabilityZone), strings.Compare(x.EndpointId, y.EndpointId),
				strings.Compare(x.SubnetId, y.SubnetId))
		})
	}
	slices.SortStableFunc(nc.FirewallPolicies, func(a, b *netverdictv1.FirewallPolicy) int { return strings.Compare(a.Arn, b.Arn) })
	for _, p := range nc.FirewallPolicies {
		if p.HomeNet != nil {
			slices.Sort(p.HomeNet.Definition)
		}
	}
	slices.SortStableFunc(nc.FirewallRuleGroups, func(a, b *netverdictv1.FirewallRuleGroup) int { return strings.Compare(a.Arn, b.Arn) })
	slices.SortStableFunc(nc.WebAcls, func(a, b *netverdictv1.WebAcl) int { return strings.Compare(a.Arn, b.Arn) })
	slices.SortStableFunc(nc.IpSets, func(a, b *netverdictv1.IpSet) int { return strings.Compare(a.Arn, b.Arn) })
	for _, s := range nc.IpSets {
		slices.Sort(s.Addresses)
	}
	slices.SortStableFunc(nc.RegexPatternSets, func(a, b *netverdictv1.RegexPatternSet) int { return strings.Compare(a.Arn, b.Arn) })
	slices.SortStableFunc(nc.WafRuleGroups, func(a, b *netverdictv1.WafRuleGroup) int { return strings.Compare(a.Arn, b.Arn) })
	slices.SortStableFunc(nc.WebAclAssociations, func(a, b *netverdictv1.WebAclAssociation) int {
		return cmp.Or(strings.Compare(a.ResourceArn, b.ResourceArn), strings.Compare(a.WebAclArn, b.WebAclArn))
	})
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// cidrFamily is 1 for an IPv6 CIDR, 0 otherwise (as the evaluator files
// an entry by the family of its CIDR).
func cidrFamily(s string) int {
	if strings.Contains(s, ":") {
		return 1
	}
	return 0
}

// aclOrderMatters reports whether the evaluator's "first in document
// order" rules for network ACLs apply: some subnet is associated with
// several ACLs, or some VPC has several default ACLs.
func aclOrderMatters(acls []*netverdictv1.NetworkAcl) bool {
	assoc := map[string]int{} // subnet -> index of the first ACL naming it
	defaults := map[string]bool{}
	for i, a := range acls {
		if a.IsDefault && a.VpcId != "" {
			if defaults[a.VpcId] {
				return true
			}
			defaults[a.VpcId] = true
		}
		for _, as := range a.Associations {
			if j, ok := assoc[as.SubnetId]; ok && j != i {
				return true
			}
			assoc[as.SubnetId] = i
		}
	}
	return false
}

// canonicalPrivateIPs keeps the first address of each family in front of
// the rest of its family and sorts the rest: first IPv4, other IPv4, first
// IPv6, other IPv6. An address that does not parse (cannot come from a
// model) leaves the list as given.
func canonicalPrivateIPs(ips []string) []string {
	if len(ips) < 2 {
		return ips
	}
	var fam [2][]string
	for _, s := range ips {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return ips
		}
		f := 0
		if !a.Is4() {
			f = 1
		}
		fam[f] = append(fam[f], s)
	}
	out := ips[:0]
	for _, l := range fam {
		if len(l) > 0 {
			slices.Sort(l[1:])
			out = append(out, l...)
		}
	}
	return out
}

// countsOf counts cfg's resources.
func countsOf(cfg *model.Config) Counts {
	c := Counts{
		VPCs:              len(cfg.VPCs),
		Subnets:           len(cfg.Subnets),
		NetworkInterfaces: len(cfg.Interfaces),
		SecurityGroups:    len(cfg.SecurityGroups),
		NetworkACLs:       len(cfg.NetworkACLs),
		PrefixLists:       len(cfg.PrefixLists),

		RouteTables:        len(cfg.RouteTables),
		Firewalls:          len(cfg.Firewalls),
		FirewallPolicies:   len(cfg.FirewallPolicies),
		FirewallRuleGroups: len(cfg.FirewallRuleGroups),
		WebACLs:            len(cfg.WebACLs),
		IPSets:             len(cfg.IPSets),
		RegexPatternSets:   len(cfg.RegexPatternSets),
		WAFRuleGroups:      len(cfg.WAFRuleGroups),
	}
	for i := range cfg.SecurityGroups {
		c.SecurityGroupRules += len(cfg.SecurityGroups[i].Rules)
	}
	for i := range cfg.NetworkACLs {
		c.NetworkACLEntries += len(cfg.NetworkACLs[i].Entries)
	}
	return c
}
