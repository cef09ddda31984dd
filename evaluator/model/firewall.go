package model

import "net/netip"

// Firewall is an AWS Network Firewall firewall (describe-firewall): where
// it is deployed and which policy it enforces.
type Firewall struct {
	Name, ARN string
	VPCID     string
	PolicyARN string
	// SubnetIDs are the firewall subnets (SubnetMappings), one per zone.
	SubnetIDs []string
	// Endpoints are the firewall endpoints from FirewallStatus.SyncStates:
	// the vpce- id routes name, with its zone and subnet.
	Endpoints []FirewallEndpoint
}

// FirewallEndpoint is one firewall endpoint (one per firewall subnet).
type FirewallEndpoint struct {
	AvailabilityZone string
	SubnetID         string
	EndpointID       string // vpce-…
}

// FirewallPolicy is a Network Firewall policy (describe-firewall-policy).
type FirewallPolicy struct {
	ARN, Name string
	// StatelessRefs and StatefulRefs are the referenced rule groups.
	StatelessRefs []FirewallRuleGroupRef
	StatefulRefs  []FirewallRuleGroupRef
	// Actions as written ("aws:forward_to_sfe", custom action names).
	StatelessDefaultActions, StatelessFragmentDefaultActions, StatefulDefaultActions []string
	// RuleOrder is DEFAULT_ACTION_ORDER (the default) or STRICT_ORDER.
	RuleOrder string
	// StreamExceptionPolicy is DROP (the default), CONTINUE or REJECT.
	StreamExceptionPolicy string
	// HomeNet is PolicyVariables.RuleVariables.HOME_NET, nil when not set
	// (then the inspection VPC's CIDRs).
	HomeNet []netip.Prefix
}

// FirewallRuleGroupRef is a policy's reference to a rule group.
type FirewallRuleGroupRef struct {
	ARN      string
	Priority int32 // 0 when not given (stateful groups in default order)
	// Override is a stateful reference's Override.Action (DROP_TO_ALERT).
	Override string
}

// FirewallRuleGroup is a Network Firewall rule group; exactly one rule
// source is set.
type FirewallRuleGroup struct {
	ARN, Name string
	// Type is STATELESS, STATEFUL or STATEFUL_DOMAIN when the document says
	// (describe output), else inferred from the rule source.
	Type string
	// Stateless rules and the custom action names.
	Stateless     []StatelessRule
	CustomActions []string
	// Stateful sources, as imported.
	RulesString   string
	StatefulRules []StatefulRule
	DomainList    *DomainList
	// Rule variables: IP sets and port sets by name; IP set references
	// (prefix lists, resource groups) by name.
	IPSets          map[string][]string
	PortSets        map[string][]string
	IPSetReferences map[string]string
	// RuleOrder is StatefulRuleOptions.RuleOrder, "" when not given.
	RuleOrder string
}

// StatefulRule is one 5-tuple stateful rule (StatefulRules).
type StatefulRule struct {
	Action                       string // PASS, DROP, ALERT, REJECT
	Protocol                     string
	Source, SourcePort           string
	Direction                    string // FORWARD or ANY
	Destination, DestinationPort string
	Options                      []RuleOption
}

// RuleOption is one Suricata option of a 5-tuple rule (sid, msg, ...).
type RuleOption struct {
	Keyword  string
	Settings []string
}

// DomainList is a RulesSourceList.
type DomainList struct {
	Targets            []string
	TargetTypes        []string // TLS_SNI, HTTP_HOST
	GeneratedRulesType string   // ALLOWLIST, DENYLIST, REJECTLIST, ALERTLIST
}

// StatelessAction is a stateless rule's standard action.
type StatelessAction uint8

// Standard stateless actions.
const (
	StatelessActionUnspecified StatelessAction = iota
	// StatelessPass: "Discontinues all inspection of the packet and permits
	// it"; the stateful engine never sees it.
	StatelessPass
	// StatelessDrop discards the packet.
	StatelessDrop
	// StatelessForwardToSFE hands the packet to the stateful engine.
	StatelessForwardToSFE
)

func (a StatelessAction) String() string {
	switch a {
	case StatelessPass:
		return "aws:pass"
	case StatelessDrop:
		return "aws:drop"
	case StatelessForwardToSFE:
		return "aws:forward_to_sfe"
	}
	return "unspecified"
}

// TCP flag bits of stateless TCPFlags matches, in wire order.
const (
	TCPFlagFIN uint8 = 1 << iota
	TCPFlagSYN
	TCPFlagRST
	TCPFlagPSH
	TCPFlagACK
	TCPFlagURG
	TCPFlagECE
	TCPFlagCWR
)

// TCPFlagMatch is one TCPFlags entry: for the flags in Masks (all eight when
// MasksGiven is false), the flags in Flags must be set and the others clear.
type TCPFlagMatch struct {
	Flags, Masks uint8
	MasksGiven   bool
}

// StatelessRule is one stateless rule with its MatchAttributes.
type StatelessRule struct {
	Priority                      int32
	Sources, Destinations         []netip.Prefix
	SourcePorts, DestinationPorts []PortRange
	Protocols                     []uint8
	TCPFlags                      []TCPFlagMatch
	Action                        StatelessAction
	CustomActions                 []string
}
