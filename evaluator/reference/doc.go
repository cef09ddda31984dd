// Package reference is netverdict's slow reference evaluator, the oracle the
// compiled evaluator (evaluator/path) is held to.
//
// It is a literal transcription of docs/semantics.md, which in turn
// transcribes AWS's documentation (the design reference aws-semantics.md,
// sections 0-3 and 5, cited here as "aws §N"; the spec is cited as "spec §N").
// Every function says which paragraph it implements, and reads in the same
// order as the paragraph: endpoint resolution (spec §1), the checks of the
// path (spec §2), security groups (spec §3, aws §1) and network ACLs
// (spec §4, aws §2), and AWS Network Firewall on the path (spec §5, aws
// §3.1-3.4, §5): which firewall endpoints the route tables put on each leg,
// the firewall subnet's ACL checks around them, and the firewall's verdict
// from the stateless engine's literal reading (stateless.Reference) and
// the stateful engine's oracle (stateful.Reference). The one compiled
// piece it uses is the stateful engine's sentence for a verdict, taken only
// when that engine agrees with the oracle (the spec leaves the wording to
// package stateful).
//
// Readability beats speed here, deliberately: there are no indexes, no
// precomputation, no compile step. Every lookup is a linear scan of the
// config, every security group rule is examined for every flow, and a return
// leg over an ephemeral port range is judged one port at a time. A
// disagreement between this package and the fast evaluator is a bug in one
// of them; this one is meant to be the easy one to check by reading.
package reference
