// Package waf evaluates AWS WAF v2 web ACLs: would this HTTP request be
// allowed or blocked, and by which rule (shared/reference/aws-semantics.md
// §3.3 and §4).
//
// Compile turns the web ACLs of a model.Config, with the IP sets, regex
// pattern sets, rule groups and associations they use, into an immutable
// Set; ACL.Evaluate judges one Request with a reusable Scratch. Reference
// is a slow evaluator that reads like §4.2's pseudo-code and must agree
// with Evaluate; the tests and FuzzEvaluate hold them to it.
//
// # Evaluation (§4.2)
//
// Firewall Manager pre-process groups, then Rules, then post-process
// groups, each by ascending Priority; a referenced group's rules run in
// their own priority order at the referencing rule's position, after its
// scope-down statement. Allow and Block terminate; Count continues;
// CAPTCHA and Challenge continue like Count when the request says it
// carries a valid token and otherwise terminate as a block (HTTP 405 /
// 202); Monetize terminates and is treated as a block (the request is held
// for payment; the reason says so). No terminating rule: the default
// action. Group references apply ExcludedRules (Count) and
// RuleActionOverrides; OverrideAction Count turns a group's terminating
// match into a Count and continues the web ACL. Override names that a
// customer group does not have are Compile errors; a managed group
// ignores them (§4.2).
//
// # Labels (§4.6)
//
// A matching rule's labels are added after it, so only later rules see
// them; they are qualified with the web ACL's LabelNamespace, the rule
// group's, or awswaf:managed:<vendor>:<name>: for a managed group (unless
// the supplied stand-in group carries its real awswaf:managed: namespace).
// A LabelMatchStatement key that does not start with "awswaf:" only sees
// labels added in the same web ACL or group. GeoMatch adds
// awswaf:clientip:geo:country:CC (and region) labels to every request a
// rule inspects, match or not (forwardedip with a ForwardedIPConfig);
// netverdict adds them for every geo statement of an evaluated rule, even
// one an And did not need [inferred]. Scope-down geo labels are added after
// the scope-down statement. Labels on a rule group reference rule itself
// are not modelled. A managed group that is not supplied may have added
// any awswaf:managed: label (AWS's namespaces, such as
// awswaf:managed:aws:bot-control:, are not the group names), so a later
// match on one is unknown; give a supplied stand-in group its real
// LabelNamespace.
//
// # Requests and components (§4.5, §4.8)
//
// A component the request lacks does not match (so Not matches). An
// empty query string is inspected as "" (size 0); an empty body, path or
// method is missing. Query arguments are split on '&' and '=' without
// URL decoding (transformations decode). Cookies come from every Cookie
// header. HeaderOrder joins the names as the request gives them, case
// kept [inferred]. A JA3/JA4 fingerprint the request does not give is
// unknown: FallbackBehavior is for fingerprints AWS cannot compute, which
// netverdict cannot tell apart from ones the caller did not state. Bodies are inspected up to the resource type's limit (ALB,
// AppSync 8 KB; CloudFront, API Gateway, Cognito, App Runner, Verified
// Access, Amplify 16 KB or the web ACL's AssociationConfig); headers and
// cookies up to 8 KB and 200 entries; OversizeHandling decides beyond. A
// body over 8 KB for an unknown resource type is undecidable. A
// forwarded-IP header that is absent skips the whole rule, even under
// Not; an unparsable one applies FallbackBehavior.
//
// # Three-valued matching
//
// A statement that cannot be decided is unknown: GeoMatch/AsnMatch without
// a geo.DB, a JA3/JA4 fingerprint the request does not give, an IP set,
// regex pattern set or rule group missing from the configuration, a
// managed group not supplied, a label added by an undecidable rule. And,
// Or and Not combine as Kleene logic. An undecidable rule only makes the
// verdict Indeterminate when it would have given the other verdict (an
// unknown Block rule before the rule that allows); the Reason names it and
// what is unknown. Rate-based rules match when Request.RateLimited names
// them (netverdict keeps no counters) and their scope-down matches.
//
// # Regex
//
// RegexMatch and regex pattern sets are compiled with Go's regexp (RE2).
// WAF documents a PCRE subset (§4.9). Differences that matter:
// lookarounds ((?=, (?!, (?<=, (?<!), backreferences, atomic groups,
// possessive quantifiers and \K are rejected by RE2, so such a pattern
// is a Compile error naming the statement path and the pattern (WAF also
// rejects most of these); RE2 matches in linear time (no catastrophic
// backtracking) and its leftmost-first semantics give the same yes/no
// answer as PCRE for patterns both accept; \Z, \A and \z are anchors in
// both; Unicode classes (\p{..}) follow Go's tables; inline flags are
// (?i) (?m) (?s) (?U) only.
//
// # Performance
//
// Compile puts each IP set in a bart table and gives every distinct
// (component, transformation chain) pair of a web ACL an index; Scratch
// caches the transformed values per request by that index with a
// generation counter, so each pair is computed at most once per request
// and Evaluate allocates only for reason texts.
package waf
