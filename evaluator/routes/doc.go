// Package routes imports VPC route tables as `aws ec2 describe-route-tables`
// prints them and answers the route lookups a flow's path needs: which
// table routes traffic leaving a subnet or entering through a gateway, and
// which route of that table carries traffic to a destination. The Network
// Firewall layer uses it to place firewall endpoints (routes whose target
// is a vpce-… endpoint) on a flow's legs.
//
// # Input
//
// Decode reads describe-route-tables output ({"RouteTables": [...]}) or
// create-route-table output ({"RouteTable": {...}}) unchanged. Errors are
// *awsjson.Error values with the JSON path of the offending value (for
// example RouteTables[2].Routes[0].DestinationCidrBlock); warnings are
// awsjson.Warning. CIDRs with host bits set are masked, as EC2 stores them,
// with a warning. A route's target comes from GatewayId ("local", igw-,
// vgw-, vpce-), VpcEndpointId (accepted beside or instead of GatewayId for
// Gateway Load Balancer and Network Firewall endpoints), NatGatewayId,
// TransitGatewayId, NetworkInterfaceId, InstanceId (with its
// NetworkInterfaceId), VpcPeeringConnectionId, CarrierGatewayId,
// LocalGatewayId, EgressOnlyInternetGatewayId or CoreNetworkArn; any other
// member ending in Id or Arn is kept as a TargetOther target with its field
// name, so targets AWS adds later are not lost. Associations whose
// AssociationState is disassociating, disassociated or failed are ignored
// with a warning; associating ones count, with a warning.
//
// The types RouteTable, Route, Association and GatewayAssociation move to
// package model when the layer is integrated.
//
// # What is modelled
//
// Sources: Amazon VPC User Guide, "Configure route tables"
// (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html:
// subnet route tables, main route table, gateway route tables, route
// priority), "How route priority works" (route-tables-priority.html), the
// Site-to-Site VPN User Guide "Route tables and AWS Site-to-Site VPN route
// priority" (vpn-route-priority.html), and the Network Firewall Developer
// Guide "VPC route table configuration" (vpc-config-route-tables.html).
//
//   - Subnet route tables: a subnet uses its explicitly associated table,
//     else its VPC's main route table (Index.TableForSubnet).
//   - Gateway route tables: a table edge-associated with an internet gateway
//     or virtual private gateway routes the traffic entering the VPC through
//     it (ingress routing, Index.TableForGateway); this is how an internet
//     gateway sends traffic for a public subnet to a firewall endpoint.
//   - Longest prefix match, IPv4 and IPv6 independently, with a
//     github.com/gaissmai/bart table per route table; routes more specific
//     than the local route (a subnet's CIDR to a NAT gateway, network
//     interface or Gateway Load Balancer / firewall endpoint) win, which is
//     what sends east-west traffic through a firewall.
//   - Route priority for the same prefix: static CIDR route, then
//     prefix-list route, then propagated route; a propagated route inside
//     the local route's range never wins.
//   - Prefix-list destinations expand to the lists' CIDRs (given to
//     Compile). A route to a list whose entries are unknown makes a lookup
//     Undecidable unless the route found cannot be beaten by it (inside a
//     local route, or a static host route). Prefix lists with the same CIDR
//     to different targets are Undecidable too: AWS "randomly chooses" one.
//   - Blackhole routes and destinations with no route drop the traffic
//     (LookupResult.Dropped).
//
// # What is not modelled
//
//   - Routing beyond the VPC: transit gateway route tables, peering and the
//     peer VPC's tables, Cloud WAN, VPN and Direct Connect route selection
//     between several propagated routes (Direct Connect BGP, VPN static, VPN
//     BGP: describe-route-tables does not say which is which; several
//     propagated routes to one CIDR through different gateways are
//     Undecidable), local gateway and carrier gateway routing.
//   - Whether a vpce- target is a Network Firewall endpoint, a Gateway Load
//     Balancer endpoint or a gateway endpoint: the caller matches the id
//     against describe-firewall's FirewallStatus.SyncStates.
//   - The drops AWS applies to gateway route tables it would not accept (for
//     example a virtual private gateway's table routing to a Gateway Load
//     Balancer endpoint, whose traffic AWS drops), symmetric-routing
//     requirements, reserved ranges (169.254.168.0/22, fd00:ec2::/32) and
//     same-subnet traffic (layer 2, no route table): the path layer decides
//     when to consult a table.
//   - Route tables as Terraform plans or netverdict JSON carry them
//     (integration into awsjson, model and path comes later).
//
// # Performance
//
// An Index is immutable and safe for concurrent use. Lookup and NextHop
// make one map lookup for the table or subnet; LookupRef with a TableRef
// makes none. None of them allocates.
package routes
