// Package nfw is the AWS Network Firewall layer as a path sees it: a
// firewall (describe-firewall) with its endpoints, the policy it enforces
// and that policy's rule groups, compiled into one Table that judges a
// flow's packets at a firewall endpoint in each direction.
//
// A leg's packets first meet the stateless engine (package stateless),
// each on its own (§5.2): a TCP connection's forward leg is its SYN, the
// handshake's ACK, data (PSH|ACK) and FIN|ACK packets (without the SYN for
// an ESTABLISHED flow), the return leg its SYN|ACK, ACK, PSH|ACK and
// FIN|ACK; other protocols have one packet per leg, plus a non-first
// fragment when the flow says it is fragmented (UDP fragments take the
// fragment default action, other fragments are dropped silently). The
// first packet that is dropped decides the leg (DENY, naming the rule or
// the default action and the packet). When every packet is passed by
// aws:pass the stateful engine never sees the flow (ALLOW, naming the
// pass rule). When some are forwarded to the stateful engine
// (aws:forward_to_sfe), the stateful engine's verdict on that leg
// decides (package stateful): pass → ALLOW, drop and reject → DENY,
// undecidable → INDETERMINATE, attributed to the stateful rule (sid:N, its
// group, its msg) or to the policy's default.
//
// A flow without a source port is judged for every client port of the
// ephemeral range: the stateless rules' port ranges cut it into segments
// judged one by one, and differing outcomes make the leg INDETERMINATE
// naming the ports. Stateful rules whose client-side port is not "any"
// make such a flow INDETERMINATE too.
//
// HOME_NET is the policy's, else the CIDRs of the firewall's VPC (the
// inspection VPC, §5.7). A firewall whose policy or rule groups are not in
// the config is kept: its checks are INDETERMINATE naming what is missing.
// Where the firewall sits on a path is package path's business (route
// tables); this package never looks at routes.
package nfw
