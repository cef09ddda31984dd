// Package model holds netverdict's plain data: the network configuration as
// imported from AWS documents (interfaces, subnets, VPCs, security groups,
// network ACLs, prefix lists), the flow to judge, and the decision that comes
// back. It has no behaviour beyond small helpers and the rendering of reasons:
// importers fill it, evaluators read it.
//
// Every value here is immutable once built by an importer; evaluators must not
// change a Config they are given.
package model
