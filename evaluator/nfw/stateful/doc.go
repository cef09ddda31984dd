// Package stateful is AWS Network Firewall's stateful engine: the verdict
// of a firewall policy's stateful rule groups for one flow
// (shared/reference/aws-semantics.md sections 5.4-5.8).
//
// Compile turns an nfwjson.Policy and its stateful nfwjson.RuleGroups into
// one rule representation, suricata.Rule: 5-tuple StatefulRules are
// rendered as the Suricata text AWS generates (FiveTupleText) and parsed;
// RulesString is parsed; ALLOWLIST and DENYLIST domain lists for TLS_SNI
// and HTTP_HOST are expanded into the rules AWS documents (DomainListText).
// Variables: $HOME_NET is the policy's HOME_NET, else the inspection VPC
// CIDRs given to Compile; $EXTERNAL_NET is !<policy HOME_NET> unless the
// group sets it (also when the group sets only HOME_NET, §5.7); group IP
// sets and port sets. An undefined variable or an @IP set reference
// (not resolved) makes a rule's match unknown.
//
// Policy.Evaluate judges the flow's client-to-server packets (Flow.Src to
// Flow.Dst). DEFAULT_ACTION_ORDER: pass, drop, reject, alert, then the
// priority keyword (absent = 3, Suricata's default), no implicit drop.
// STRICT_ORDER: groups by reference priority, rules as defined, alert
// continues, then StatefulDefaultActions (none → pass).
//
// Matching is three-valued: a rule whose match depends on an unmodelled
// keyword (Rule.Unmodelled, geoip, flowbits, app-layer-protocol, payload
// content, ssl_state other than client_hello, ...) or on data the flow
// lacks (SNI, Host) is "unknown" unless another of its conditions is false.
// An unknown rule before the deciding one makes the verdict Undecidable,
// naming it, only when it would have given a different outcome; an
// unknown alert rule never changes the outcome.
//
// Not modelled yet: reply (server-to-client) packets, so "->" rules whose
// header only matches replies; IP-only rules being evaluated on the first
// packet per direction; flow:only_stream/no_stream/only_frag/no_frag;
// REJECTLIST/ALERTLIST domain lists; the *_app_layer default actions on
// established flows; StreamExceptionPolicy; reject on non-TCP warnings;
// priority keyword validation under STRICT_ORDER.
package stateful
