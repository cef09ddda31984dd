package routes

import "github.com/netverdict/netverdict/evaluator/model"

// The route table types are package model's (a Config holds them); these
// names keep this package's code short.
type (
	// RouteTable is one VPC route table as describe-route-tables prints it.
	RouteTable = model.RouteTable
	// Tag is one resource tag.
	Tag = model.Tag
	// TargetKind says what a route sends traffic to.
	TargetKind = model.RouteTarget
	// RouteState is a route's State.
	RouteState = model.RouteState
	// Route is one route of a route table.
	Route = model.Route
	// Association is a subnet or main association of a route table.
	Association = model.RouteAssociation
	// GatewayAssociation is an edge association of a route table.
	GatewayAssociation = model.GatewayAssociation
)

// Route targets.
const (
	TargetUnknown                   = model.RouteTargetUnknown
	TargetLocal                     = model.RouteTargetLocal
	TargetInternetGateway           = model.RouteTargetInternetGateway
	TargetVirtualPrivateGateway     = model.RouteTargetVirtualPrivateGateway
	TargetVPCEndpoint               = model.RouteTargetVPCEndpoint
	TargetNATGateway                = model.RouteTargetNATGateway
	TargetTransitGateway            = model.RouteTargetTransitGateway
	TargetNetworkInterface          = model.RouteTargetNetworkInterface
	TargetInstance                  = model.RouteTargetInstance
	TargetPeeringConnection         = model.RouteTargetPeeringConnection
	TargetCarrierGateway            = model.RouteTargetCarrierGateway
	TargetLocalGateway              = model.RouteTargetLocalGateway
	TargetEgressOnlyInternetGateway = model.RouteTargetEgressOnlyInternetGateway
	TargetCoreNetwork               = model.RouteTargetCoreNetwork
	TargetOther                     = model.RouteTargetOther
)

// Route states.
const (
	StateActive    = model.RouteActive
	StateBlackhole = model.RouteBlackhole
)

// Route origins as AWS prints them.
const (
	OriginCreateRouteTable          = model.RouteOriginCreateRouteTable
	OriginCreateRoute               = model.RouteOriginCreateRoute
	OriginEnableVgwRoutePropagation = model.RouteOriginEnableVgwRoutePropagation
)
