// Package tfplan imports a Terraform plan, as `terraform show -json
// PLANFILE` prints it (format_version "1.x"), into netverdict's plain model
// (evaluator/model), on either side of the plan: Before (the change.before
// values of resource_changes, the base) or After (change.after, the
// proposal). Comparing the two answers "what does this plan change for
// this flow?".
//
// # Resources
//
// Managed resources of these types are imported (data sources are not),
// with the attributes the Terraform AWS provider documents:
//
//	aws_vpc, aws_default_vpc             VPC (cidr_block, ipv6_cidr_block)
//	aws_subnet, aws_default_subnet       subnet
//	aws_security_group,                  group with inline ingress/egress blocks
//	aws_default_security_group
//	aws_security_group_rule              rules added to their group
//	aws_vpc_security_group_ingress_rule, one rule (id = security_group_rule_id, sgr-…)
//	aws_vpc_security_group_egress_rule
//	aws_network_acl,                     ACL with inline ingress/egress, subnet_ids
//	aws_default_network_acl
//	aws_network_acl_rule                 entry added to its ACL
//	aws_network_acl_association          moves a subnet to the ACL
//	aws_network_interface                interface
//	aws_network_interface_sg_attachment  group added to an interface
//	aws_instance                         its primary interface
//	aws_ec2_managed_prefix_list          prefix list with its entries
//
// WAF (aws_wafv2_*, aws_waf_*, aws_wafregional_*) and Network Firewall
// (aws_networkfirewall_*) resources give a warning "not modelled yet"; any
// other type is ignored silently.
//
// The config has the shape awsjson gives, so that awsjson.Merge combines it
// with AWS CLI exports: the same ids (sg-…, acl-…, eni-…), CIDRs masked
// (with a warning), one model.SGRule per peer with the synthetic id
// <group>/<ingress|egress>/<block index>/<peer index> for inline blocks
// (peers in the order cidr_blocks, ipv6_cidr_blocks, prefix_list_ids,
// security_groups, self), protocols printed as AWS prints them ("tcp",
// "-1"; network ACL protocols as numbers), network ACL entries ordered as
// describe-network-acls orders them (egress first, by rule number) and
// ending with AWS's "*" deny entries (32767, and 32768 when the ACL has
// IPv6 entries or its VPC in the plan has an IPv6 block). An
// aws_security_group_rule gives the ids <resource id>/<peer index>
// ("sgrule-…/0"); an aws_vpc_security_group_*_rule its sgr- id.
//
// Rule resources and their group: the provider lists the rules that
// aws_security_group_rule and aws_vpc_security_group_*_rule resources manage
// among the group's own ingress/egress too (it reads them from AWS). A rule
// resource's rule therefore replaces the group's rule of the same effect
// instead of doubling it, and on the After side the rules of rule resources
// the plan deletes are taken out of the group. Network ACL entries
// (aws_network_acl_rule, by rule number and direction), associations and
// aws_network_interface_sg_attachment are treated alike. A group or ACL
// that is not in the plan but has rule resources is created with those
// rules only, with a warning; a group whose rules then all have sgr- ids is
// marked RulesFromSGRules, so that awsjson.Merge merges them by id into the
// group describe-security-group-rules gives.
//
// # Unknown values and placeholders
//
// Values unknown until apply (marked in after_unknown) cannot be read from
// the plan. An id that is unknown gets a stable placeholder derived from
// the resource's address:
//
//	tfplan:<address>                the resource's own id, e.g.
//	                                tfplan:aws_security_group.web,
//	                                tfplan:module.net.aws_subnet.a["x"]
//	tfplan:<address>.<attribute>    another id-valued attribute, e.g.
//	                                tfplan:aws_instance.web.primary_network_interface_id
//
// Each placeholder is reported once per side as a warning. An attribute
// holding another resource's id (security_group_id, source_security_group_id,
// referenced_security_group_id, security_groups, vpc_security_group_ids,
// subnet_id, subnet_ids, network_acl_id, network_interface_id, vpc_id,
// prefix_list_id(s)) that is unknown is resolved through the plan's
// configuration: configuration.root_module (and module_calls) gives the
// attribute's expression with its references, e.g. ["aws_security_group.web.id",
// "aws_security_group.web"], and the referenced resource of the plan (same
// module instance, same count/for_each key when the reference names one)
// gives its id on the same side, or its placeholder. So a group created by
// the plan and a rule, an interface and another group's rule that reference
// it all use the same id. Each resolution is reported as a warning.
//
// Limits: a reference resolves only to a resource of the plan, by its "id"
// (or an instance's primary_network_interface_id); references through
// variables, locals, module outputs, data sources or functions that compute
// an id do not resolve, and the value is then left out with a warning. In a
// list with some unknown elements, the references fill them only when
// exactly as many referenced ids are missing from the known elements.
// Unknown CIDRs, ports, protocols and addresses cannot be resolved: the
// rule, entry or address is left out, with a warning (an interface created
// without fixed addresses has no private IP). A replaced resource (delete,
// create) has its old id on the Before side and usually a placeholder on
// the After side. A resource the plan forgets (removed from the state, not
// destroyed) stays on the After side with its before values. A VPC's
// default network ACL and default security group are only known when the
// plan has aws_default_network_acl / aws_default_security_group (or an AWS
// CLI export gives them). Groups are referenced by id, not by name (an
// aws_instance's security_groups names give a warning). Rule ids of inline
// blocks follow Terraform's order of the blocks, which need not be the
// order of AWS's IpPermissions, so they may differ from the ids awsjson
// gives the same rules.
//
// # Errors
//
// Decode reads both sides every time, so a plan decodes on both sides or
// on neither. Every problem is an *awsjson.Error naming the document and
// the JSON path of the value, e.g.
//
//	plan.json: resource_changes[0].change.after.ingress[0].from_port: expected a number, got a string "abc"
//
// and Decode reports every problem (up to awsjson.MaxErrors) at once.
package tfplan
