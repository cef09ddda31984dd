// Package nfwjson imports AWS Network Firewall configurations as the AWS
// CLI prints them: `aws network-firewall describe-firewall-policy`
// ({"FirewallPolicy", "FirewallPolicyResponse"}) and `describe-rule-group`
// ({"RuleGroup", "RuleGroupResponse"}), and the bare FirewallPolicy and
// RuleGroup objects that create-* take and the documentation shows. The
// stateless parts are converted for evaluator/nfw/stateless
// (StatelessPolicy); the stateful parts (5-tuple StatefulRules, domain
// lists, Suricata RulesString, rule variables) are imported as typed data
// for the stateful engine to come.
//
// Errors are *awsjson.Error values naming the document, the JSON path and
// the value; a field the importer does not know is a warning, not a
// silent guess.
package nfwjson
