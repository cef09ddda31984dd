// Package suricata parses the Suricata-compatible rules that AWS Network
// Firewall takes in a stateful rule group's RulesString, into a typed AST
// an evaluator can match flows against.
//
// Parse reads one rule per line (blank lines and "#" comments skipped; a
// line ending in "\" continues on the next) and returns a RuleSet plus, when
// anything is wrong, an ErrorList of up to MaxErrors errors of the form
// "name:line:col: what is wrong". Good rules are kept beside bad ones.
// (*Rule).String renders a canonical rule text that parses back to an equal
// Rule; FuzzParse checks this on arbitrary input.
//
// # What is modelled
//
// These parse into typed fields that an evaluator is expected to honour:
//
//   - header: actions pass, drop, reject, alert (and Suricata's rejectsrc,
//     rejectdst, rejectboth); protocols ip, tcp, udp, icmp and the
//     app-layer names (http, tls, dns, ssh, ftp, smtp, ...); addresses as
//     any, $VAR, @IPSET_REFERENCE, IP or CIDR (net/netip), lists, nested
//     lists and "!"; ports as any, $VAR, N, N:M, N:, :M, lists and "!";
//     "->" and "<>".
//   - msg, sid, rev, priority; flow; content with nocase, startswith,
//     endswith, depth and offset bound to the content before them; the
//     sticky buffers tls.sni, http.host, http.uri and dns.query and the
//     dotprefix transform (the content options after them inspect that
//     buffer); ssl_state; app-layer-protocol; ip_proto; pcre compiled with
//     Go's RE2 (flags i, s and m mapped to inline flags); geoip (src, dst,
//     both, any; ISO 3166 alpha-2 codes, "!" negation); flowbits (set,
//     unset, toggle, isset, isnotset, noalert; "|" any-of, "&" all-of).
//   - metadata, reference, gid, target, fast_pattern, and the alert/noalert
//     keywords change logging or speed, not verdicts; they are accepted
//     and not reported.
//
// # What is only parsed
//
// Every other keyword still parses into an Option{Keyword, Value}, and is
// named in Rule.Unmodelled so that an evaluator returns INDETERMINATE naming
// it rather than ignoring it. That includes: other sticky buffers
// (http.header_names, ja3.hash, tls.cert_issuer, ssh.software, ...) and the
// content/pcre that inspect them; relative matches (distance, within);
// classtype (it sets a priority from classification.config, which is not
// modelled); pcre patterns RE2 cannot compile (backreferences, look-around,
// ...) or with flags other than i, s, m (PCRE.Unsupported says why); and
// any keyword this package does not know (itype, dsize, xbits, ...).
// A pcre that RE2 compiles can still differ from PCRE in corner cases
// (for example "$" before a final newline); they are treated as equal.
//
// # Validation
//
// Per AWS's documentation: sid required and unique within a rule group;
// known actions and protocols (sctp, enip and cip rejected as unsupported);
// "->" or "<>"; pcre only in a rule that also has content, tls.sni,
// http.host or dns.query; dataset, datarep, iprep, lua, luajit and
// threshold rejected as unsupported; priority 1-255; rule length at most
// 8,192 characters and the rules string at most 2,000,000 bytes.
// Not checked here, because they need the group or policy: that variables
// are defined in the rule group, that priority is not used with
// STRICT_ORDER, and the 8,192-character limit after variable expansion.
//
// # References
//
//   - AWS Network Firewall Developer Guide: "Examples of stateful rules for
//     Network Firewall" (suricata-examples.html), "Stateful domain list rule
//     groups", "Suricata compatible rule limitations and caveats",
//     "Geographic IP filtering", "Quotas".
//   - Suricata 7.0 "Rules Format" (docs.suricata.io), the engine AWS links.
//   - netverdict's shared/reference/aws-semantics.md section 5.6.
//
// The rules in testdata/ named aws_*, domain_* and geoip_* come from those
// AWS pages (each with its source); features.rules is our own.
package suricata
