// Package whatif compares a flow's decisions under a base and a proposed
// configuration: the question a change-approval bot asks ("what does this
// change open or close?") and batch analysis replays over millions of
// flows.
//
// Existing connections are judged as AWS would after the change (AWS VPC
// guide, "Security group connection tracking"): an ESTABLISHED flow keeps,
// at each interface, the tracking it had under the base configuration —
// security group rules apply to new connections only, so a tracked
// connection survives the removal of the rule that let it in, while an
// untracked one is judged on the proposed rules and cut at once if they do
// not allow it. Network ACLs are stateless: their changes apply to every
// packet at once.
package whatif
