package model

import "net/netip"

// Config is a whole network configuration: everything the evaluators know.
// Slices are in document order; ids are unique within their kind (importers
// merge or reject duplicates). A Config may be incomplete: evaluators report
// what is missing instead of guessing.
type Config struct {
	VPCs           []VPC
	Subnets        []Subnet
	Interfaces     []Interface
	SecurityGroups []SecurityGroup
	NetworkACLs    []NetworkACL
	PrefixLists    []PrefixList
	// RouteTables place Network Firewall endpoints on paths.
	RouteTables []RouteTable
	// Network Firewall: firewalls (where they are deployed), their
	// policies and the rule groups the policies reference.
	Firewalls          []Firewall
	FirewallPolicies   []FirewallPolicy
	FirewallRuleGroups []FirewallRuleGroup
	// AWS WAF: web ACLs, the IP sets, regex pattern sets and rule groups
	// they reference, and which resources each web ACL protects.
	WebACLs            []WebACL
	IPSets             []IPSet
	RegexPatternSets   []RegexPatternSet
	WAFRuleGroups      []WAFRuleGroup
	WebACLAssociations []WebACLAssociation
	// Source names the document(s) the config was imported from (a file
	// name; several joined by ", " after a merge), for messages only.
	// Importers set it; evaluators ignore it.
	Source string
}

// VPC is one VPC with its CIDR blocks (IPv4 and IPv6, host bits masked).
type VPC struct {
	ID      string
	OwnerID string
	CIDRs   []netip.Prefix
}

// Subnet is one subnet. VPCID may be empty when only the subnet id is known.
type Subnet struct {
	ID               string
	VPCID            string
	AvailabilityZone string
	CIDRs            []netip.Prefix // IPv4 block and any IPv6 blocks, masked
}

// Interface is an elastic network interface (ENI).
type Interface struct {
	ID       string
	SubnetID string
	VPCID    string
	// Type is AWS's InterfaceType ("interface", "nat_gateway",
	// "network_load_balancer", "transit_gateway", ...); empty when unknown.
	Type        string
	Description string
	// PrivateIPs lists the private IPv4 addresses (primary first) and then
	// the IPv6 addresses of the interface.
	PrivateIPs []netip.Addr
	// PublicIPs lists public IPv4 addresses associated with the interface
	// (Elastic IPs, auto-assigned public IPs).
	PublicIPs []netip.Addr
	// SecurityGroupIDs is the list of groups attached, in AWS's order.
	SecurityGroupIDs []string
}

// SecurityGroup is a VPC security group with its rules flattened to one
// rule per peer, in document order (ingress and egress interleaved as given).
type SecurityGroup struct {
	ID      string
	Name    string
	VPCID   string
	OwnerID string
	Rules   []SGRule
	// RulesFromSGRules is true when Rules came from
	// describe-security-group-rules (each rule has its sgr- id) rather than
	// from the group's IpPermissions. Importers use it when merging: such
	// rules replace the ones derived from IpPermissions. Evaluators ignore it.
	RulesFromSGRules bool
}

// PeerKind tells which kind of peer a security group rule names.
type PeerKind uint8

// Peer kinds of a security group rule.
const (
	PeerCIDR       PeerKind = iota + 1 // CidrIp / CidrIpv6
	PeerPrefixList                     // PrefixListId
	PeerGroup                          // UserIdGroupPair / ReferencedGroupInfo
)

// SGRule is one security group rule: one peer with protocol and ports, as
// DescribeSecurityGroupRules prints it.
type SGRule struct {
	// ID is the sgr- id when known, otherwise a stable synthetic id
	// "sg-…/ingress|egress/<permission index>/<peer index>".
	ID      string
	GroupID string
	Egress  bool
	// Protocol is the IANA number, or ProtoAll (-1).
	Protocol int16
	// ProtocolText is IpProtocol as written ("tcp", "6", "-1").
	ProtocolText string
	// FromPort and ToPort are as AWS defines them: a TCP/UDP port range, or
	// for ICMP/ICMPv6 the type and the code (-1 = all). HasPorts is false when
	// the document omitted them (all-protocol rules, icmpv6 without ports).
	FromPort, ToPort int32
	HasPorts         bool
	Peer             Peer
	Description      string
}

// Peer is the other side of a security group rule.
type Peer struct {
	Kind         PeerKind
	CIDR         netip.Prefix // PeerCIDR, masked
	PrefixListID string       // PeerPrefixList
	// Group fields (PeerGroup).
	GroupID                string
	UserID                 string
	VPCID                  string
	VPCPeeringConnectionID string
	// PeeringStatus is "active", "deleted", ...; a deleted peering makes the
	// rule stale and it matches nothing.
	PeeringStatus string
}

// Stale reports whether a group-reference rule is stale: its peering
// connection was deleted, so AWS no longer matches it.
func (p Peer) Stale() bool {
	return p.Kind == PeerGroup && p.PeeringStatus == "deleted"
}

// NetworkACL is a network ACL with its entries in document order.
type NetworkACL struct {
	ID           string
	VPCID        string
	IsDefault    bool
	OwnerID      string
	Associations []NACLAssociation
	Entries      []NACLEntry
}

// NACLAssociation binds a subnet to a network ACL.
type NACLAssociation struct {
	ID       string
	SubnetID string
}

// RuleAction is a network ACL entry's action.
type RuleAction uint8

// Network ACL actions.
const (
	ActionAllow RuleAction = iota + 1
	ActionDeny
)

func (a RuleAction) String() string {
	switch a {
	case ActionAllow:
		return "allow"
	case ActionDeny:
		return "deny"
	}
	return "unknown"
}

// NACLEntry is one numbered network ACL rule.
type NACLEntry struct {
	RuleNumber int32
	Egress     bool
	// Protocol is the IANA number or ProtoAll (-1); ProtocolText as written.
	Protocol     int16
	ProtocolText string
	Action       RuleAction
	CIDR         netip.Prefix // CidrBlock or Ipv6CidrBlock, masked
	// PortFrom/PortTo are PortRange.From/To; HasPortRange is false when absent.
	PortFrom, PortTo int32
	HasPortRange     bool
	// ICMPType/ICMPCode are IcmpTypeCode.Type/Code (-1 = all); HasICMP is
	// false when absent.
	ICMPType, ICMPCode int32
	HasICMP            bool
}

// Default network ACL rule numbers: the "*" entries AWS adds to every ACL.
const (
	DefaultRuleNumberIPv4 = 32767
	DefaultRuleNumberIPv6 = 32768
)

// PrefixList is a managed prefix list. EntriesKnown is false when only the
// list's description was imported (describe-managed-prefix-lists prints no
// entries): rules that name it then cannot be decided.
type PrefixList struct {
	ID            string
	Name          string
	AddressFamily string
	OwnerID       string
	MaxEntries    int32
	Entries       []PrefixListEntry
	EntriesKnown  bool
}

// KnownPrefixLists maps the id of each prefix list whose entries are
// known to its CIDRs: what route lookups and Network Firewall @NAME
// references resolve against.
func (c *Config) KnownPrefixLists() map[string][]netip.Prefix {
	m := make(map[string][]netip.Prefix, len(c.PrefixLists))
	for _, pl := range c.PrefixLists {
		if !pl.EntriesKnown {
			continue
		}
		cidrs := make([]netip.Prefix, 0, len(pl.Entries))
		for _, e := range pl.Entries {
			cidrs = append(cidrs, e.CIDR)
		}
		m[pl.ID] = cidrs
	}
	return m
}

// PrefixListEntry is one CIDR of a prefix list.
type PrefixListEntry struct {
	CIDR        netip.Prefix
	Description string
}
