// Package stateless is AWS Network Firewall's stateless engine: every
// packet, in each direction on its own, is checked against the policy's
// stateless rule groups — groups in policy priority order, rules in rule
// priority order, lowest first — until a rule matches; its standard action
// (aws:pass, aws:drop, aws:forward_to_sfe) decides. A packet that matches
// no rule takes the policy's stateless default action, or, for a UDP
// fragment, the fragment default action; fragments of other protocols are
// dropped silently (AWS Network Firewall Developer Guide, "How AWS Network
// Firewall filters network traffic"; API reference, MatchAttributes,
// RuleDefinition, FirewallPolicy). Custom actions only publish metrics and
// never change the verdict.
//
// MatchAttributes: every attribute given must match (AND), any element of
// a list may (OR); a missing attribute matches anything. Ports are only
// used for TCP (6) and UDP (17); TCP flags only for TCP: for the flags in
// Masks (all eight when Masks is empty), the flags in Flags must be set
// and the others clear; several TCPFlags entries are alternatives.
//
// Reference is the slow evaluator, written as the documentation reads;
// Engine is the compiled one, fuzzed against it. The types here are this
// package's until the Network Firewall layer is wired into the model.
package stateless
