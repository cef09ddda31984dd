// Package awsjson imports the JSON that the AWS CLI and API print, unchanged,
// into netverdict's plain model (evaluator/model).
//
// Decode reads one document (one file). It recognises a document by its
// top-level keys, and a file may hold several outputs merged with
// `jq -s add`:
//
//	SecurityGroups      aws ec2 describe-security-groups
//	SecurityGroupRules  aws ec2 describe-security-group-rules, and the output
//	                    of authorize-security-group-ingress/-egress
//	NetworkAcls         aws ec2 describe-network-acls
//	NetworkAcl          aws ec2 create-network-acl (one ACL)
//	NetworkInterfaces   aws ec2 describe-network-interfaces
//	Subnets             aws ec2 describe-subnets
//	Vpcs                aws ec2 describe-vpcs
//	PrefixLists         aws ec2 describe-managed-prefix-lists (an item may
//	                    carry an "Entries" array too)
//	PrefixListId+Entries  aws ec2 get-managed-prefix-list-entries, with the
//	                    list id added: jq '{PrefixListId:"pl-…"} + .'
//
// Keys of layers netverdict does not import yet (RouteTables, WebACL, IPSet,
// RuleGroup, FirewallPolicy, ...) give a Warning; NextToken and Return are
// ignored; any other unknown field anywhere is ignored, because AWS adds
// fields over time. A document with none of these keys is not AWS output:
// Decode then returns an error wrapping ErrNotAWS, so a caller can try
// netverdict's own JSON format instead.
//
// Every problem is reported as an *Error that names the document, the JSON
// path and the offending value, e.g.
//
//	sg.json: SecurityGroups[3].IpPermissions[0].IpRanges[1].CidrIp: invalid CIDR "10.0.0.300/24"
//
// and Decode reports every problem of a file (up to MaxErrors) at once.
//
// The import follows AWS's own rules (see docs/semantics.md and the design
// reference, sections 1 and 2): CIDRs have their host bits masked as EC2
// stores them; security group permissions are flattened to one rule per peer
// with the synthetic id <group>/<ingress|egress>/<permission>/<peer>;
// describe-security-group-rules rules keep their sgr- ids.
//
// Merge combines the configs of several files. Objects with the same id are
// merged: identical copies are fine, different ones are resolved in favour
// of the later file with a Warning. Rules from describe-security-group-rules
// replace the rules derived from the same group's IpPermissions, whatever
// the order of the files.
package awsjson
