package model

import "net/netip"

// RouteTable is one VPC route table as describe-route-tables prints it.
// Routes and associations are in document order.
type RouteTable struct {
	ID      string // RouteTableId
	VPCID   string // VpcId
	OwnerID string // OwnerId
	Routes  []Route
	// Associations are the subnet associations and the main association
	// (Main true, no subnet) that are in force.
	Associations []RouteAssociation
	// GatewayAssociations are the edge associations (an internet gateway or
	// a virtual private gateway) that are in force.
	GatewayAssociations []GatewayAssociation
	// PropagatingVGWs lists the virtual private gateways whose routes are
	// propagated into the table (PropagatingVgws[].GatewayId).
	PropagatingVGWs []string
	Tags            []Tag
}

// Tag is one resource tag.
type Tag struct{ Key, Value string }

// RouteTarget says what a route sends traffic to.
type RouteTarget uint8

// Route targets, one per target field of describe-route-tables (GatewayId is
// split by the id's prefix).
const (
	RouteTargetUnknown                   RouteTarget = iota
	RouteTargetLocal                                 // GatewayId "local"
	RouteTargetInternetGateway                       // GatewayId igw-…
	RouteTargetVirtualPrivateGateway                 // GatewayId vgw-…
	RouteTargetVPCEndpoint                           // GatewayId or VpcEndpointId vpce-…: Gateway Load Balancer / Network Firewall endpoint, or a gateway endpoint
	RouteTargetNATGateway                            // NatGatewayId
	RouteTargetTransitGateway                        // TransitGatewayId
	RouteTargetNetworkInterface                      // NetworkInterfaceId (without InstanceId)
	RouteTargetInstance                              // InstanceId (NetworkInterfaceId alongside)
	RouteTargetPeeringConnection                     // VpcPeeringConnectionId
	RouteTargetCarrierGateway                        // CarrierGatewayId
	RouteTargetLocalGateway                          // LocalGatewayId
	RouteTargetEgressOnlyInternetGateway             // EgressOnlyInternetGatewayId
	RouteTargetCoreNetwork                           // CoreNetworkArn
	RouteTargetOther                                 // any other …Id / …Arn field, or a GatewayId of an unknown kind; see Route.TargetField
)

var targetNames = [...]string{
	RouteTargetUnknown:                   "unknown",
	RouteTargetLocal:                     "local",
	RouteTargetInternetGateway:           "internet-gateway",
	RouteTargetVirtualPrivateGateway:     "virtual-private-gateway",
	RouteTargetVPCEndpoint:               "vpc-endpoint",
	RouteTargetNATGateway:                "nat-gateway",
	RouteTargetTransitGateway:            "transit-gateway",
	RouteTargetNetworkInterface:          "network-interface",
	RouteTargetInstance:                  "instance",
	RouteTargetPeeringConnection:         "vpc-peering-connection",
	RouteTargetCarrierGateway:            "carrier-gateway",
	RouteTargetLocalGateway:              "local-gateway",
	RouteTargetEgressOnlyInternetGateway: "egress-only-internet-gateway",
	RouteTargetCoreNetwork:               "core-network",
	RouteTargetOther:                     "other",
}

func (k RouteTarget) String() string {
	if int(k) < len(targetNames) {
		return targetNames[k]
	}
	return "unknown"
}

// RouteState is a route's State.
type RouteState uint8

// Route states. A blackhole route's target is gone (a deleted NAT gateway,
// a detached interface, ...): traffic it matches is dropped.
const (
	RouteActive RouteState = iota
	RouteBlackhole
)

func (s RouteState) String() string {
	if s == RouteBlackhole {
		return "blackhole"
	}
	return "active"
}

// Route origins as AWS prints them.
const (
	RouteOriginCreateRouteTable          = "CreateRouteTable"          // the local route
	RouteOriginCreateRoute               = "CreateRoute"               // a static route
	RouteOriginEnableVgwRoutePropagation = "EnableVgwRoutePropagation" // a propagated route
)

// Route is one route of a route table.
type Route struct {
	// Index is the route's position in RouteTable.Routes (and in the
	// document's Routes array).
	Index int
	// Destination is DestinationCidrBlock or DestinationIpv6CidrBlock (host
	// bits masked); the zero Prefix when PrefixListID is set.
	Destination  netip.Prefix
	PrefixListID string // DestinationPrefixListId
	Target       RouteTarget
	// TargetID is the target's id ("local", "igw-…", "vpce-…", an ARN for
	// CoreNetworkArn, ...).
	TargetID string
	// TargetField is the JSON field the target came from ("GatewayId",
	// "VpcEndpointId", "NatGatewayId", ...; for RouteTargetOther the unknown
	// field's name as written).
	TargetField string
	// NetworkInterfaceID is NetworkInterfaceId when given (it accompanies
	// InstanceId for routes to an instance).
	NetworkInterfaceID string
	State              RouteState
	// Origin is CreateRouteTable, CreateRoute or EnableVgwRoutePropagation
	// ("" when the document leaves it out: treated as CreateRoute).
	Origin string
}

// Propagated reports whether the route was propagated from a virtual
// private gateway (Origin EnableVgwRoutePropagation).
func (r Route) Propagated() bool { return r.Origin == RouteOriginEnableVgwRoutePropagation }

// IsLocal reports whether r is one of the table's local routes: target
// "local", or a local route whose target was replaced (Origin
// CreateRouteTable).
func (r Route) IsLocal() bool {
	return r.Target == RouteTargetLocal || r.Origin == RouteOriginCreateRouteTable
}

// DestinationText is the destination as AWS prints it: the CIDR or the
// prefix list id.
func (r Route) DestinationText() string {
	if r.PrefixListID != "" {
		return r.PrefixListID
	}
	if !r.Destination.IsValid() {
		return ""
	}
	return r.Destination.String()
}

// String renders the route as "destination -> target", e.g.
// "0.0.0.0/0 -> vpce-0abc (GatewayId)", with " (blackhole)" or
// " (propagated)" appended when that applies.
func (r Route) String() string {
	s := r.DestinationText() + " -> " + r.TargetID
	if r.Target != RouteTargetLocal && r.TargetField != "" {
		s += " (" + r.TargetField + ")"
	}
	if r.State == RouteBlackhole {
		s += " (blackhole)"
	}
	if r.Propagated() {
		s += " (propagated)"
	}
	return s
}

// RouteAssociation is a subnet association (SubnetId) or the main association
// (Main true) of a route table.
type RouteAssociation struct {
	ID       string // RouteTableAssociationId
	SubnetID string // empty for the main association
	Main     bool
}

// GatewayAssociation is an edge association: the route table routes traffic
// that enters the VPC through the gateway (an internet gateway or a virtual
// private gateway).
type GatewayAssociation struct {
	ID        string // RouteTableAssociationId
	GatewayID string
}
