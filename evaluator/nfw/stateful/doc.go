// Package stateful is AWS Network Firewall's stateful engine: the verdict
// of a firewall policy's stateful rule groups on both directions of one
// flow (shared/reference/aws-semantics.md §3.4, §5.4-§5.9, §5.11).
//
// # Compiling
//
// Compile turns an nfwjson.Policy and its stateful nfwjson.RuleGroups into
// one rule representation, suricata.Rule: 5-tuple StatefulRules are
// rendered as the Suricata text AWS generates (FiveTupleText) and parsed;
// RulesString is parsed; domain lists (ALLOWLIST, DENYLIST, and [inferred]
// REJECTLIST, ALERTLIST) for TLS_SNI and HTTP_HOST are expanded into the
// rules AWS documents (DomainListText). Variables are substituted once:
// $HOME_NET is the policy's HOME_NET, else the inspection VPC CIDRs given
// to Compile; $EXTERNAL_NET is !<policy HOME_NET> unless the group sets it
// (also when the group sets only HOME_NET, §5.7); group IP sets and port
// sets. An undefined variable makes a rule's match unknown. CompileWith
// takes Options: Geo, the caller's IP-to-country file (package geo) for
// the geoip keyword, and PrefixLists, the config's managed prefix lists
// by id, for IP set references. The evaluation order is fixed here:
// DEFAULT_ACTION_ORDER: pass, drop, reject, alert, then the priority
// keyword (absent = 3, Suricata's default); STRICT_ORDER: groups by
// reference priority, rules as defined. (*Policy).Warnings reports
// configuration problems: reject on non-TCP protocols, the priority
// keyword under STRICT_ORDER, a group rule order that differs from the
// policy's, StreamExceptionPolicy CONTINUE with rules that need stream
// context, aws:drop_strict with application-layer pass rules, and
// incompatible or unknown default actions, and more than five IP set
// references in a group.
//
// # Evaluating
//
// Policy.Evaluate plays the flow's packets (TCP: SYN, SYN-ACK, and for an
// established flow the handshake ACK, the client's first data segment,
// which identifies TLS by its SNI or HTTP by its Host, and the server's
// first data segment; other protocols: the first packet each way, plus one
// more each way when established) through the rules in flow context, as
// Suricata in IPS mode does: a pass rule passes the packet and the rest of
// the flow (both directions); a drop or reject rule drops the packet and
// the rest of the flow; otherwise the packet passes (action order has no
// implicit drop) or the STRICT_ORDER default actions apply to that packet
// alone (aws:drop_strict: every packet; aws:drop_established: packets of
// established connections, a UDP flow being established once both sides
// were seen; the *_app_layer variants [inferred]: established packets
// carrying application data, the *_to_server ones from the client only;
// the alert_* variants log and pass). Flow keywords to_server/from_client,
// to_client/from_server, established, not_established and stateless are
// judged per packet; "<>" rules match either way round; IP-only rules (an
// L3/L4 protocol and no flow, payload, app-layer or geoip keyword) only
// on the first packet each way (§5.6); application-layer rules (tls, http, ...)
// and their buffers only once the protocol is identified, request buffers
// (tls.sni, http.host, http.uri, dns.query, ssl_state:client_hello) on the
// client's packets only.
//
// # Application protocol
//
// The flow's application protocol is the one the caller declares
// (Flow.AppProto, Suricata's names), else TLS for a TCP flow with an SNI,
// HTTP for one with a Host, else unknown. The declaration wins over the
// SNI and the Host. On a flow of a known protocol, a rule for an
// application protocol (header or app-layer-protocol:[!]NAME) matches by
// name: equal names, and Suricata's aliases http1 and http-any for HTTP
// (http-any for HTTP/2 too); tls.sni and ssl_state exist on TLS flows
// only, http.host/http.uri/the allowlist's http.header_names on HTTP ones,
// dns.query (unknown: not modelled) on DNS ones. So an SSH flow passes a
// TLS domain allowlist untouched. Pairs whose relation Suricata versions
// treat differently are unknown, naming why: http/http1 rules on HTTP/2,
// DNS over HTTP/2 (doh2) with http/http2/dns, WebSocket with http, dcerpc
// with SMB, ike with ikev2, and HTTP buffers on HTTP/2, doh2 and WebSocket
// flows, tls.sni on QUIC. app-layer-protocol:NAME does not match before
// the protocol is identified (the TCP handshake, or flows without an
// application layer); a negated one is unknown there (Suricata 8
// documents that it does not match the "unknown" state, older versions
// differ), as are app-layer-protocol:failed and :unknown.
//
// The Result has a verdict per direction: a leg's verdict is the first of
// its packets that is dropped (by a rule or a default action), else the
// rule that passed the flow; a leg is also dropped when a rule dropped
// the flow on the other direction's packets. A default drop of the bare
// handshake ACK does not count: the client's first data segment carries
// the same acknowledgement. Alerts lists the alert rules that fired.
//
// # Geographic IP
//
// geoip:<direction>,<codes> (§5.6) looks the packet's own addresses up in
// Options.Geo (on reply packets the source is the server): src and dst
// one address, both needs both to match, any either. As in Suricata's
// detect-geoip.c, a "!" before any code negates the whole list, so AWS's
// sample "src,!US,UK" matches a source in neither US nor UK, and
// "UK,!US" means the same. IPv6 addresses are looked up too (AWS extends
// Suricata there). An address the file has no country for makes the match
// unknown, naming it: Suricata's geoip never matches such an address, but
// AWS does not document its own build's behaviour. Without a file every
// geoip match is unknown ("no geo file given"). Warnings flags the code
// UK, which MaxMind (AWS's source) never reports: the United Kingdom is GB.
//
// # IP set references
//
// @NAME (and !@NAME, and inside address lists, as for $ variables) is an
// IP set reference, ReferenceSets.IPSetReferences[NAME].ReferenceArn
// (§5.1, §5.6). A VPC prefix list's ARN,
// arn:<partition>:ec2:<region>:<account>:prefix-list/<id>, is resolved
// once per group from Options.PrefixLists[id]: @NAME matches an address
// iff one of its CIDRs contains it (netip semantics: an IPv4-mapped IPv6
// address does not match an IPv4 CIDR). A list present with no entries
// matches no address ([inferred]: AWS does not document an empty list).
// The match is unknown, naming the reference and why, for a prefix list
// the config does not have ("give aws ec2 get-managed-prefix-list-entries"),
// an entry that is not a valid CIDR, a resource group (not modelled: its
// addresses are those of the tagged resources at the time) and an ARN of
// another kind. Warnings flags more than five references in a group
// (AWS's quota). AWS's firewall-wide cap of 1,000,000 referenced CIDRs
// is not modelled.
//
// Matching is three-valued: a rule whose match depends on an unmodelled
// keyword (Rule.Unmodelled, flowbits, payload content, ssl_state
// other than client_hello, ...) or on data the flow lacks (SNI, Host, the
// application protocol, an address's country) is "unknown" unless another of its conditions is
// false. Each leg is judged with every unknown rule that could decide a
// packet before the deciding rule (or default) taken as matching too; a
// leg whose verdict would differ is Undecidable, naming the rule. Unknown
// alert rules never change a verdict and are not listed.
//
// Reference (ReferenceWith, with Options) is a slow, literal second
// formulation (it re-parses the groups, reads the reference ARNs on its
// own and explores every possibility packet by packet); the differential
// tests and FuzzDifferential, which draws geoip rules, a random geo file,
// IP set references and random prefix lists too, hold Evaluate to it.
//
// # Not modelled
//
// flow:only_stream/no_stream/only_frag/no_frag (unknown); the
// StreamExceptionPolicy at run time (flows picked up midstream, reported
// as a warning only); TLS inspection (decrypted traffic); packets beyond
// the first data segment each way (rules on later requests, dsize,
// byte_test, ...: unknown); application protocols other than TLS and
// HTTP beyond their name (their buffers, ssh.software, ...: unknown), and
// any application protocol the caller neither declares nor implies by an
// SNI or Host (unknown); protocol changes (STARTTLS, HTTP upgrades) other
// than as noted above; an address list
// element that is a variable with a negated value is taken as a unit
// (Suricata expands it textually); Override DROP_TO_ALERT leaves reject
// rules as they are.
package stateful
