package stateful

import (
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/nfw/nfwjson"
)

// samples are the reference samples, kept in the importer's testdata.
const samples = "../nfwjson/testdata"

var vpc = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}

// sample decodes a reference sample rule group.
func sample(t *testing.T, file string) *nfwjson.RuleGroup {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(samples, file))
	if err != nil {
		t.Fatalf("reference sample: %v", err)
	}
	doc, _, err := nfwjson.Decode(file, data)
	if err != nil || doc.RuleGroup == nil {
		t.Fatalf("decode %s: %v", file, err)
	}
	return doc.RuleGroup
}

func rules(s string) *nfwjson.RuleGroup { return &nfwjson.RuleGroup{RulesString: s} }

type grp struct {
	g        *nfwjson.RuleGroup
	prio     int32
	override string
}

// fixture is a policy as imported and as compiled, so that a case can be
// run through both Evaluate and Reference.
type fixture struct {
	np     *nfwjson.Policy
	groups map[string]*nfwjson.RuleGroup
	cp     *Policy
}

func compile(t *testing.T, order string, defaults []string, home []netip.Prefix, gs ...grp) *fixture {
	t.Helper()
	p := &nfwjson.Policy{RuleOrder: order, StatefulDefaultActions: defaults, HomeNet: home}
	m := map[string]*nfwjson.RuleGroup{}
	for i, g := range gs {
		arn := "arn:group/" + string(rune('a'+i))
		if g.g.ARN != "" && !strings.Contains(g.g.ARN, ".json") {
			arn = g.g.ARN
		}
		m[arn] = g.g
		p.StatefulRefs = append(p.StatefulRefs, nfwjson.Ref{ARN: arn, Priority: g.prio, Override: g.override})
	}
	cp, err := Compile(p, m, vpc)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return &fixture{np: p, groups: m, cp: cp}
}

// leg is an expected LegResult: action, deciding sid, default flag and a
// substring of the reason ("" = any).
type leg struct {
	act    Action
	sid    uint32
	dflt   bool
	reason string
}

func (l leg) check(t *testing.T, what string, got LegResult) {
	t.Helper()
	if got.Action != l.act || got.SID != l.sid || got.Default != l.dflt || !strings.Contains(got.Reason, l.reason) {
		t.Errorf("%s: got %+v (%s), want %s sid %d default %v reason ~%q", what, got, got.Action, l.act, l.sid, l.dflt, l.reason)
	}
}

// sameLeg says whether the engine and the reference agree on a leg: the
// action, and unless undecidable the deciding sid, group and default flag.
func sameLeg(a, b LegResult) bool {
	if a.Action != b.Action {
		return false
	}
	return a.Action == Undecidable || (a.SID == b.SID && a.GroupARN == b.GroupARN && a.Default == b.Default)
}

// agree runs Reference on the fixture and fails when it differs from got.
func agree(t *testing.T, fx *fixture, f Flow, got Result) {
	t.Helper()
	want, err := Reference(fx.np, fx.groups, vpc, f)
	if err != nil {
		t.Fatalf("reference: %v", err)
	}
	if !sameLeg(got.Forward, want.Forward) || !sameLeg(got.Reply, want.Reply) || !sameHits(got.Alerts, want.Alerts) {
		t.Errorf("engine and reference differ:\nengine    %+v\nreference %+v", got, want)
	}
}

func sameHits(a, b []Hit) bool {
	return slices.EqualFunc(a, b, func(x, y Hit) bool { return x.GroupARN == y.GroupARN && x.SID == y.SID })
}

func tcp(src, dst string, dport uint16) Flow {
	return Flow{Src: netip.MustParseAddr(src), Dst: netip.MustParseAddr(dst), Proto: 6, SrcPort: 40000, DstPort: dport, Established: true}
}

func udp(src, dst string, dport uint16) Flow {
	f := tcp(src, dst, dport)
	f.Proto = 17
	return f
}

func withSNI(f Flow, sni string) Flow { f.TLSSNI = sni; return f }
func withHost(f Flow, h string) Flow  { f.HTTPHost = h; return f }
func newFlow(f Flow) Flow             { f.Established = false; return f }
func proto(f Flow, p uint8) Flow      { f.Proto = p; return f }
func ports(f Flow, s, d uint16) Flow  { f.SrcPort, f.DstPort = s, d; return f }
func swap(f Flow) Flow {
	f.Src, f.Dst, f.SrcPort, f.DstPort = f.Dst, f.Src, f.DstPort, f.SrcPort
	return f
}
func prefixes(ps ...string) (out []netip.Prefix) {
	for _, p := range ps {
		out = append(out, netip.MustParsePrefix(p))
	}
	return out
}

const (
	in  = "10.0.1.5"
	out = "203.0.113.7"
)

func TestVerdicts(t *testing.T) {
	allowTLS := func(t *testing.T) *fixture {
		return compile(t, StrictOrder, []string{"aws:drop_established"}, nil, grp{g: sample(t, "network-firewall-rule-group-domain-allowlist-tls.json"), prio: 1})
	}
	allowHTTP := func(t *testing.T) *fixture {
		return compile(t, "", nil, nil, grp{g: sample(t, "network-firewall-rule-group-domain-allowlist-http.json"), prio: 0})
	}
	deny := func(t *testing.T) *fixture {
		return compile(t, "", nil, nil, grp{g: sample(t, "network-firewall-rule-group-domain-denylist.json"), prio: 0})
	}
	domains := func(kind string) func(t *testing.T) *fixture {
		return func(t *testing.T) *fixture {
			g := &nfwjson.RuleGroup{DomainList: &nfwjson.DomainList{Targets: []string{"evil.com"}, TargetTypes: []string{"TLS_SNI", "HTTP_HOST"}, GeneratedRulesType: kind}}
			return compile(t, "", nil, nil, grp{g: g})
		}
	}
	reject, alertList := domains("REJECTLIST"), domains("ALERTLIST")
	tests := []struct {
		name   string
		policy func(t *testing.T) *fixture
		flow   Flow
		want   Action
		sid    uint32
		dflt   bool
		reason string // substring of Forward.Reason, when set
		reply  *leg   // the expected Reply leg, when checked
	}{
		// §5.4 DEFAULT_ACTION_ORDER
		{"§5.4 action order: pass before drop", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tcp any any -> any any (sid:1;)\npass tcp any any -> any 443 (sid:2;)"), prio: 0})
		}, tcp(in, out, 443), Pass, 2, false, "", nil},
		{"§5.4 action order: pass rule in a later group still wins", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tcp any any -> any any (sid:1;)"), prio: 0}, grp{g: rules("pass tcp any any -> any any (sid:9;)"), prio: 0})
		}, tcp(in, out, 22), Pass, 9, false, "", nil},
		{"§5.4 action order: drop before reject", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("reject tcp any any -> any any (sid:1;)\ndrop tcp any any -> any any (sid:2;)"), prio: 0})
		}, tcp(in, out, 80), Drop, 2, false, "", nil},
		{"§5.4 action order: reject before alert", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("alert tcp any any -> any any (sid:1;)\nreject tcp any any -> any any (sid:2;)"), prio: 0})
		}, tcp(in, out, 80), Reject, 2, false, "", nil},
		{"§5.4 action order: within an action, lower priority keyword first", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tcp any any -> any any (sid:1; priority:5;)\ndrop tcp any any -> any any (sid:2; priority:1;)"), prio: 0})
		}, tcp(in, out, 80), Drop, 2, false, "", nil},
		{"§5.4 action order: alert only logs, flow passes", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("alert tcp any any -> any any (sid:1;)"), prio: 0})
		}, tcp(in, out, 80), AlertPass, 1, false, "", nil},
		{"§5.4 action order: no implicit drop, no match passes", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop udp any any -> any any (sid:1;)"), prio: 0})
		}, tcp(in, out, 80), Pass, 0, true, "no implicit drop", nil},
		// §5.4 STRICT_ORDER
		{"§5.4 strict order: groups by reference priority", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, nil, nil, grp{g: rules("pass tcp any any -> any any (sid:1;)"), prio: 20}, grp{g: rules("drop tcp any any -> any any (sid:2;)"), prio: 10})
		}, tcp(in, out, 80), Drop, 2, false, "", nil},
		{"§5.4 strict order: rules in defined order, drop before pass", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, nil, nil, grp{g: rules("drop tcp any any -> any any (sid:1;)\npass tcp any any -> any any (sid:2;)"), prio: 1})
		}, tcp(in, out, 80), Drop, 1, false, "", nil},
		{"§5.4 strict order: alert continues to the next rule", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, nil, nil, grp{g: rules("alert tcp any any -> any any (sid:1;)\nreject tcp any any -> any any (sid:2;)"), prio: 1})
		}, tcp(in, out, 80), Reject, 2, false, "", nil},
		{"§5.4 strict order: no default action, no match passes", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, nil, nil, grp{g: rules("drop udp any any -> any any (sid:1;)"), prio: 1})
		}, tcp(in, out, 80), Pass, 0, true, "", nil},
		{"§5.4 strict order: aws:drop_strict drops unmatched flows, handshake too", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, []string{"aws:drop_strict"}, nil, grp{g: rules("drop udp any any -> any any (sid:1;)"), prio: 1})
		}, newFlow(tcp(in, out, 80)), Drop, 0, true, "drop_strict", nil},
		{"§5.4 strict order: drop_established lets the handshake through", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, []string{"aws:drop_established"}, nil)
		}, newFlow(tcp(in, out, 80)), Pass, 0, true, "establishment", nil},
		{"§5.4 strict order: drop_established drops the established flow", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, []string{"aws:drop_established"}, nil)
		}, tcp(in, out, 80), Drop, 0, true, "established", nil},
		{"§5.4 strict order: aws:alert_strict alone logs and passes", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, []string{"aws:alert_strict"}, nil)
		}, tcp(in, out, 80), AlertPass, 0, true, "alert_strict", nil},
		{"§5.4 strict order: alert rule then no default passes with alert", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, nil, nil, grp{g: rules("alert tcp any any -> any any (sid:4;)"), prio: 1})
		}, tcp(in, out, 80), AlertPass, 4, false, "", nil},
		{"§5.4 DROP_TO_ALERT override turns drop into alert", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tcp any any -> any any (sid:1;)"), override: "DROP_TO_ALERT"})
		}, tcp(in, out, 80), AlertPass, 1, false, "", nil},
		{"§5.4 flow:to_server,established does not match the handshake", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tcp any any -> any any (flow:to_server,established; sid:1;)"), prio: 0})
		}, newFlow(tcp(in, out, 80)), Pass, 0, true, "", nil},
		{"§5.4 flow:to_client matches only the reply: the reply is dropped and with it the flow", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tcp any any -> any any (flow:to_client; sid:1;)"), prio: 0})
		}, tcp(in, out, 80), Drop, 1, false, "flow was dropped", &leg{Drop, 1, false, "server SYN-ACK"}},

		// §5.5 standard stateful rules
		{"§5.5 AWS 5-tuple sample: drop http $HOME_NET <> $EXTERNAL_NET", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: sample(t, "network-firewall-rule-group-stateful-standard.json"), prio: 0})
		}, withHost(tcp(in, out, 80), "example.org"), Drop, 1234, false, "", nil},
		{"§5.5 Direction ANY (<>) matches the flow the other way round", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: sample(t, "network-firewall-rule-group-stateful-standard.json"), prio: 0})
		}, withHost(tcp(out, in, 80), "example.org"), Drop, 1234, false, "", nil},
		{"§5.5 http rule does not match a TLS flow", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: sample(t, "network-firewall-rule-group-stateful-standard.json"), prio: 0})
		}, withSNI(tcp(in, out, 443), "example.org"), Pass, 0, true, "", nil},
		{"§5.5 app-layer http rule on a flow without Host is undecidable", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: sample(t, "network-firewall-rule-group-stateful-standard.json"), prio: 0})
		}, tcp(in, out, 80), Undecidable, 1234, false, "application protocol is unknown", nil},
		{"§5.5 FORWARD (->) does not match the reverse flow", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: &nfwjson.RuleGroup{StatefulRules: []nfwjson.StatefulRule{{
				Action: "DROP", Protocol: "TCP", Source: "$HOME_NET", SourcePort: "ANY", Direction: "FORWARD",
				Destination: "$EXTERNAL_NET", DestinationPort: "22",
				Options: []nfwjson.RuleOption{{Keyword: "sid", Settings: []string{"7"}}},
			}}}})
		}, tcp(out, in, 22), Pass, 0, true, "", nil},
		{"§5.5 protocol IP matches all traffic (geoip sample without a geo file is undecidable)", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, nil, nil, grp{g: sample(t, "network-firewall-rule-group-stateful-geoip-strict-order.json"), prio: 1})
		}, proto(tcp(in, out, 0), 47), Undecidable, 1, false, "no geo file given", nil},
		{"§5.5 protocol udp does not match tcp", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop udp any any -> any 53 (sid:1;)"), prio: 0})
		}, tcp(in, out, 53), Pass, 0, true, "", nil},
		{"§5.5 port ranges and lists", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tcp any any -> any [1990:1994,8080] (sid:1;)"), prio: 0})
		}, tcp(in, out, 1992), Drop, 1, false, "", nil},
		{"§5.5 negated port: the client's packets to 443 do not match, the server's replies (to port 40000) do", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tcp any any -> any !443 (sid:1;)"), prio: 0})
		}, tcp(in, out, 443), Drop, 1, false, "flow was dropped", &leg{Drop, 1, false, "matched drop rule sid 1 on the server SYN-ACK"}},

		// §5.6 RulesString
		{"§5.6 address list with negation excludes the negated part", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tcp [10.0.0.0/8,!10.0.1.0/24] any -> any any (sid:1;)"), prio: 0})
		}, tcp(in, out, 80), Pass, 0, true, "", nil},
		{"§5.6 address list matches the positive part", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tcp [10.0.0.0/8,!10.0.1.0/24] any -> any any (sid:1;)"), prio: 0})
		}, tcp("10.0.2.5", out, 80), Drop, 1, false, "", nil},
		{"§5.6 unmodelled keyword makes the verdict undecidable", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tcp any any -> any any (dsize:>100; sid:1;)"), prio: 0})
		}, tcp(in, out, 80), Undecidable, 1, false, "dsize", nil},
		{"§5.6 unmodelled keyword in a rule the header rules out is ignored", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop udp any any -> any any (dsize:>100; sid:1;)"), prio: 0})
		}, tcp(in, out, 80), Pass, 0, true, "", nil},
		{"§5.6 an earlier deciding rule wins over a later unmodelled one (strict)", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, nil, nil, grp{g: rules("pass tcp any any -> any any (sid:1;)\ndrop tcp any any -> any any (dsize:>100; sid:2;)"), prio: 1})
		}, tcp(in, out, 80), Pass, 1, false, "", nil},
		{"§5.6 unknown pass rule does not change a no-match pass", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("pass tcp any any -> any any (dsize:>100; sid:1;)"), prio: 0})
		}, tcp(in, out, 80), Pass, 0, true, "", nil},
		{"§5.6 rule variables sample: an alert whose payload match is unknown cannot change the verdict", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: sample(t, "network-firewall-rule-group-suricata-rule-variables.json"), prio: 0})
		}, tcp(out, "10.0.1.19", 8080), Pass, 0, true, "", nil},
		{"§5.6 rule variables: $HTTP_SERVERS/$HTTP_PORTS resolve (drop variant of the sample)", func(t *testing.T) *fixture {
			g := sample(t, "network-firewall-rule-group-suricata-rule-variables.json")
			g.RulesString = "drop tcp $EXTERNAL_NET any -> $HTTP_SERVERS $HTTP_PORTS (flow:to_server,established; sid:5;)"
			return compile(t, "", nil, nil, grp{g: g, prio: 0})
		}, tcp(out, "10.0.2.9", 80), Drop, 5, false, "", nil},
		{"§5.6 payload content is not modelled: undecidable", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules(`drop tcp any any -> any any (content:"x"; sid:8;)`), prio: 0})
		}, tcp(in, out, 80), Undecidable, 8, false, "payload", nil},
		{"§5.6 rule variables: port outside $HTTP_PORTS does not match", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: sample(t, "network-firewall-rule-group-suricata-rule-variables.json"), prio: 0})
		}, tcp(out, "10.0.1.19", 443), Pass, 0, true, "", nil},
		{"§5.6 @IPSET reference is unresolved: undecidable", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: sample(t, "network-firewall-rule-group-suricata-ipset-reference.json"), prio: 0})
		}, tcp(in, out, 80), Undecidable, 1, false, "@BETA", nil},
		{"§5.6 undefined variable: undecidable", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tcp $NOPE any -> any any (sid:1;)"), prio: 0})
		}, tcp(in, out, 80), Undecidable, 1, false, "$NOPE", nil},

		// §5.7 variables
		{"§5.7 HOME_NET defaults to the inspection VPC CIDR", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tcp $HOME_NET any -> $EXTERNAL_NET any (sid:1;)"), prio: 0})
		}, tcp(in, out, 80), Drop, 1, false, "", nil},
		{"§5.7 policy HOME_NET overrides the VPC CIDR", func(t *testing.T) *fixture {
			return compile(t, "", nil, prefixes("192.168.0.0/16"), grp{g: rules("drop tcp $HOME_NET any -> any any (sid:1;)"), prio: 0})
		}, tcp(in, out, 80), Pass, 0, true, "", nil},
		{"§5.7 EXTERNAL_NET is !HOME_NET", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tcp any any -> $EXTERNAL_NET any (sid:1;)"), prio: 0})
		}, tcp(in, "10.0.9.9", 80), Pass, 0, true, "", nil},
		{"§5.7 group HOME_NET without EXTERNAL_NET keeps EXTERNAL_NET = !policy HOME_NET", func(t *testing.T) *fixture {
			g := rules("drop tcp $HOME_NET any -> $EXTERNAL_NET any (sid:1;)")
			g.IPSets = map[string][]string{"HOME_NET": {"11.0.0.0/8"}}
			return compile(t, "", nil, prefixes("10.0.0.0/8"), grp{g: g, prio: 0})
		}, tcp("11.1.1.1", "12.0.0.1", 80), Drop, 1, false, "", nil},
		{"§5.7 inheritance quirk: destination in policy HOME_NET is not EXTERNAL_NET", func(t *testing.T) *fixture {
			g := rules("drop tcp $HOME_NET any -> $EXTERNAL_NET any (sid:1;)")
			g.IPSets = map[string][]string{"HOME_NET": {"11.0.0.0/8"}}
			return compile(t, "", nil, prefixes("10.0.0.0/8"), grp{g: g, prio: 0})
		}, tcp("11.1.1.1", "10.0.0.1", 80), Pass, 0, true, "", nil},

		// §5.8 domain lists
		{"§5.8 allowlist .amazon.com matches amazon.com", allowTLS, withSNI(tcp(in, out, 443), "amazon.com"), Pass, 1, false, "", nil},
		{"§5.8 allowlist .amazon.com matches www.amazon.com (TLS nocase)", allowTLS, withSNI(tcp(in, out, 443), "WWW.Amazon.com"), Pass, 1, false, "", nil},
		{"§5.8 allowlist .amazon.com does not match badamazon.com", allowTLS, withSNI(tcp(in, out, 443), "badamazon.com"), Drop, 3, false, "", nil},
		{"§5.8 allowlist example.com matches only example.com", allowTLS, withSNI(tcp(in, out, 443), "example.com"), Pass, 2, false, "", nil},
		{"§5.8 allowlist example.com does not match www.example.com", allowTLS, withSNI(tcp(in, out, 443), "www.example.com"), Drop, 3, false, "", nil},
		{"§5.8 allowlist + drop_established: handshake passes", allowTLS, newFlow(withSNI(tcp(in, out, 443), "evil.com")), Pass, 0, true, "", nil},
		{"§5.8 allowlist only applies from HOME_NET to EXTERNAL_NET", allowTLS, withSNI(tcp(out, in, 443), "evil.com"), Drop, 0, true, "drop_established", nil},
		{"§5.8 allowlist TLS: flow without SNI is undecidable", allowTLS, tcp(in, out, 443), Undecidable, 1, false, "SNI", nil},
		{"§5.8 HTTP allowlist passes .amazon.com host", allowHTTP, withHost(tcp(in, out, 80), "aws.amazon.com"), Pass, 1, false, "", nil},
		{"§5.8 HTTP allowlist drops other hosts (header_names catch-all)", allowHTTP, withHost(tcp(in, out, 80), "evil.com"), Drop, 3, false, "", nil},
		{"§5.8 HTTP allowlist: Host is case-normalised", allowHTTP, withHost(tcp(in, out, 80), "Example.COM"), Pass, 2, false, "", nil},
		{"§5.8 HTTP allowlist leaves TLS flows alone", allowHTTP, withSNI(tcp(in, out, 443), "evil.com"), Pass, 0, true, "", nil},
		{"§5.8 denylist drops evil.com over TLS", deny, withSNI(tcp(in, out, 443), "evil.com"), Drop, 1, false, "", nil},
		{"§5.8 denylist drops evil.com over HTTP", deny, withHost(tcp(in, out, 80), "evil.com"), Drop, 2, false, "", nil},
		{"§5.8 denylist evil.com does not match sub.evil.com", deny, withSNI(tcp(in, out, 443), "sub.evil.com"), Pass, 0, true, "", nil},
		{"§5.8 denylist: non-matching takes no action", deny, withSNI(tcp(in, out, 443), "good.com"), Pass, 0, true, "", nil},
		{"§5.8 REJECTLIST [inferred]: matching SNI is rejected, the reply leg with it", reject, withSNI(tcp(in, out, 443), "evil.com"), Reject, 1, false, "rejected", &leg{Reject, 1, false, "flow was rejected"}},
		{"§5.8 REJECTLIST [inferred]: matching HTTP Host is rejected", reject, withHost(tcp(in, out, 80), "EVIL.com"), Reject, 2, false, "", nil},
		{"§5.8 REJECTLIST [inferred]: other names take no action", reject, withSNI(tcp(in, out, 443), "good.com"), Pass, 0, true, "", nil},
		{"§5.8 ALERTLIST: matching SNI is logged and passes", alertList, withSNI(tcp(in, out, 443), "evil.com"), AlertPass, 1, false, "alert", &leg{Pass, 0, true, ""}},

		// §3.4 / §5.4 both directions
		{"§3.4 reply-only drop: drop ip $EXTERNAL_NET -> $HOME_NET drops the replies of an outbound flow", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop ip $EXTERNAL_NET any -> $HOME_NET any (msg:\"inbound\"; sid:5;)")})
		}, tcp(in, out, 443), Drop, 5, false, "flow was dropped", &leg{Drop, 5, false, "server SYN-ACK"}},
		{"§3.4 reply-only drop also applies to a flow that never gets established", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop ip $EXTERNAL_NET any -> $HOME_NET any (sid:5;)")})
		}, newFlow(tcp(in, out, 443)), Drop, 5, false, "flow was dropped", &leg{Drop, 5, false, ""}},
		{"§5.4 action order: a pass on the client's SYN wins over a drop that matches only the replies", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop ip $EXTERNAL_NET any -> $HOME_NET any (sid:5;)\npass tcp $HOME_NET any -> $EXTERNAL_NET 443 (sid:6;)")})
		}, tcp(in, out, 443), Pass, 6, false, "passes the whole flow", &leg{Pass, 6, false, "passes the whole flow"}},
		{"§5.4 strict order: the reply drop comes first but does not match the SYN, whose pass passes the flow", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, nil, nil, grp{g: rules("drop ip $EXTERNAL_NET any -> $HOME_NET any (sid:5;)\npass tcp $HOME_NET any -> $EXTERNAL_NET 443 (sid:6;)"), prio: 1})
		}, tcp(in, out, 443), Pass, 6, false, "", &leg{Pass, 6, false, ""}},
		{"§5.4 a pass rule matching only the reply passes the whole flow", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("pass tcp $EXTERNAL_NET 443 -> $HOME_NET any (sid:1;)\ndrop tcp any any -> any any (flow:established; sid:2;)")})
		}, tcp(in, out, 443), Pass, 1, false, "server SYN-ACK", &leg{Pass, 1, false, ""}},
		{"§5.5 <> with flow:to_client matches the reply packets the other way round", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tcp $HOME_NET any <> $EXTERNAL_NET any (flow:to_client; sid:8;)")})
		}, tcp(in, out, 443), Drop, 8, false, "flow was dropped", &leg{Drop, 8, false, "server SYN-ACK"}},
		{"§5.4 flow:to_client,established: the handshake passes, the server's data is dropped", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tcp any any -> any any (flow:to_client,established; sid:3;)")})
		}, tcp(in, out, 443), Drop, 3, false, "server data", &leg{Drop, 3, false, "server data"}},
		{"§5.4 flow:to_client,established does not match a flow that is not established", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tcp any any -> any any (flow:to_client,established; sid:3;)")})
		}, newFlow(tcp(in, out, 443)), Pass, 0, true, "", &leg{Pass, 0, true, ""}},
		{"§5.4 flow:from_server,not_established matches the SYN-ACK", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("reject tcp any any -> any any (flow:from_server,not_established; sid:3;)")})
		}, tcp(in, out, 443), Reject, 3, false, "flow was rejected", &leg{Reject, 3, false, "server SYN-ACK"}},
		{"§5.4 flow:stateless matches every packet", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop udp any any -> any 53 (flow:stateless; sid:4;)")})
		}, udp(in, out, 53), Drop, 4, false, "client's first packet", &leg{Drop, 4, false, "flow was dropped"}},
		{"§5.5 app-layer rules do not match before the protocol is identified (handshake only)", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tls any any -> any any (sid:4;)")})
		}, newFlow(withSNI(tcp(in, out, 443), "a.example")), Pass, 0, true, "", &leg{Pass, 0, true, ""}},
		{"§5.5 app-layer rules match once the ClientHello identifies TLS", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tls any any -> any any (sid:4;)")})
		}, withSNI(tcp(in, out, 443), "a.example"), Drop, 4, false, "client data", &leg{Drop, 4, false, "flow was dropped"}},
		{"§5.5 a tls rule toward the client matches the server's TLS data", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tls $EXTERNAL_NET any -> $HOME_NET any (sid:4;)")})
		}, withSNI(tcp(in, out, 443), "a.example"), Drop, 4, false, "flow was dropped", &leg{Drop, 4, false, "server data"}},
		{"§5.6 IP-only drop on the reply side (first packet each way)", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, nil, nil, grp{g: rules("drop ip $EXTERNAL_NET any -> $HOME_NET any (sid:2;)"), prio: 1})
		}, udp(in, out, 53), Drop, 2, false, "flow was dropped", &leg{Drop, 2, false, "server's first packet"}},
		{"§5.11 item 3 / §5.4: strict pass on the handshake passes the flow before a later app-layer drop can see it", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, []string{"aws:drop_strict"}, nil, grp{g: rules(
				"pass tcp $HOME_NET any <> $EXTERNAL_NET 443 (flow:not_established; sid:1;)\n" +
					"drop tls $HOME_NET any -> $EXTERNAL_NET any (tls.sni; content:\"evil.com\"; startswith; endswith; sid:2;)"), prio: 1})
		}, withSNI(tcp(in, out, 443), "evil.com"), Pass, 1, false, "client SYN", &leg{Pass, 1, false, ""}},

		// §5.4 strict default actions, per packet
		{"§5.11 item 5: aws:drop_strict drops the handshake, so an app-layer pass rule never matches", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, []string{"aws:drop_strict"}, nil, grp{g: rules(
				"pass tls $HOME_NET any -> $EXTERNAL_NET any (tls.sni; content:\"example.com\"; startswith; endswith; flow:to_server,established; sid:1;)"), prio: 1})
		}, withSNI(tcp(in, out, 443), "example.com"), Drop, 0, true, "client SYN", &leg{Drop, 0, true, "server SYN-ACK"}},
		{"§5.4 aws:drop_established + domain allowlist: the reply of an allowed flow passes too", allowTLS, withSNI(tcp(in, out, 443), "aws.amazon.com"), Pass, 1, false, "client data", &leg{Pass, 1, false, ""}},
		{"§5.4 aws:drop_established + domain allowlist: the reply of a refused flow is dropped", allowTLS, withSNI(tcp(in, out, 443), "evil.com"), Drop, 3, false, "", &leg{Drop, 3, false, "flow was dropped"}},
		{"§5.4 aws:drop_established: UDP is established once both sides are seen, so the reply is dropped", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, []string{"aws:drop_established"}, nil)
		}, newFlow(udp(in, out, 53)), Pass, 0, true, "establishment", &leg{Drop, 0, true, "server's first packet"}},
		{"§5.4 aws:drop_established: a pass rule for the UDP flow passes the replies", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, []string{"aws:drop_established"}, nil, grp{g: rules("pass udp $HOME_NET any -> any 53 (sid:1;)"), prio: 1})
		}, udp(in, out, 53), Pass, 1, false, "", &leg{Pass, 1, false, ""}},
		{"§5.4 [inferred] aws:drop_established_app_layer drops unpassed application data both ways", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, []string{"aws:drop_established_app_layer"}, nil)
		}, tcp(in, out, 443), Drop, 0, true, "client data", &leg{Drop, 0, true, "server data"}},
		{"§5.4 [inferred] aws:drop_established_app_layer lets the handshake through", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, []string{"aws:drop_established_app_layer"}, nil)
		}, newFlow(tcp(in, out, 443)), Pass, 0, true, "", &leg{Pass, 0, true, ""}},
		{"§5.4 [inferred] aws:drop_established_app_layer_to_server never drops server-to-client packets", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, []string{"aws:drop_established_app_layer_to_server"}, nil)
		}, tcp(in, out, 443), Drop, 0, true, "client data", &leg{Pass, 0, true, ""}},
		{"§5.4 [inferred] aws:drop_established_app_layer_to_server: UDP replies pass, the client's next packet is dropped", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, []string{"aws:drop_established_app_layer_to_server"}, nil)
		}, udp(in, out, 53), Drop, 0, true, "client packet on the established flow", &leg{Pass, 0, true, ""}},
		{"§5.4 aws:alert_established logs the established packets and passes them", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, []string{"aws:alert_established"}, nil)
		}, tcp(in, out, 443), AlertPass, 0, true, "alert_established", &leg{AlertPass, 0, true, "alert_established"}},
		{"§5.4 aws:alert_established does not log the handshake", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, []string{"aws:alert_established"}, nil)
		}, newFlow(tcp(in, out, 443)), Pass, 0, true, "", &leg{Pass, 0, true, ""}},
		{"§5.4 drop and alert defaults together: drop wins", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, []string{"aws:drop_established", "aws:alert_strict"}, nil)
		}, tcp(in, out, 443), Drop, 0, true, "drop_established", nil},
		{"§5.4 an unknown default action is undecidable when reached", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, []string{"aws:drop_sometimes"}, nil)
		}, tcp(in, out, 443), Undecidable, 0, true, "aws:drop_sometimes", nil},
		{"§5.4 strict: alert then pass: the pass rule decides, the alert is logged", func(t *testing.T) *fixture {
			return compile(t, StrictOrder, []string{"aws:drop_strict"}, nil, grp{g: rules("alert tcp any any -> any any (sid:1;)\npass tcp any any -> any any (sid:2;)"), prio: 1})
		}, tcp(in, out, 443), Pass, 2, false, "", &leg{Pass, 2, false, ""}},

		// §5.6 undecidable cases in both directions
		{"§5.6 an unknown rule on the reply makes both legs undecidable (it would drop the flow)", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("drop tcp any any -> any any (flow:to_client; dsize:>0; sid:1;)")})
		}, tcp(in, out, 443), Undecidable, 1, false, "dsize", &leg{Undecidable, 1, false, "server SYN-ACK"}},
		{"§5.6 an unknown pass rule that cannot change the outcome is ignored", func(t *testing.T) *fixture {
			return compile(t, "", nil, nil, grp{g: rules("pass tcp any any -> any any (dsize:>0; sid:1;)\npass tcp any any -> any any (flow:established; sid:2;)")})
		}, tcp(in, out, 443), Pass, 2, false, "", &leg{Pass, 2, false, ""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fx := tc.policy(t)
			got := fx.cp.Evaluate(tc.flow)
			leg{tc.want, tc.sid, tc.dflt, tc.reason}.check(t, "forward", got.Forward)
			if tc.reply != nil {
				tc.reply.check(t, "reply", got.Reply)
			}
			agree(t, fx, tc.flow, got)
		})
	}
}

func TestFiveTupleText(t *testing.T) {
	g := sample(t, "network-firewall-rule-group-stateful-standard.json")
	got := FiveTupleText(g.StatefulRules[0])
	// §5.5: AWS shows `drop http $HOME_NET ANY <> $EXTERNAL_NET ANY (msg:this is a stateful drop rule; sid:1234;)`
	want := `drop http $HOME_NET ANY <> $EXTERNAL_NET ANY (msg:"this is a stateful drop rule";sid:1234;)`
	if strings.ReplaceAll(got, "; ", ";") != want {
		t.Errorf("got %q want %q", got, want)
	}
}

func TestDomainListText(t *testing.T) {
	// §5.8: the rules AWS documents for the allowlist sample, modulo spacing.
	got, err := DomainListText(sample(t, "network-firewall-rule-group-domain-allowlist-http.json").DomainList)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`pass http $HOME_NET any -> $EXTERNAL_NET any (http.host; dotprefix; content:".amazon.com"; endswith; msg:"matching HTTP allowlisted FQDNs"; priority:1; flow:to_server, established; sid:1; rev:1;)`,
		`pass http $HOME_NET any -> $EXTERNAL_NET any (http.host; content:"example.com"; startswith; endswith; msg:"matching HTTP allowlisted FQDNs"; priority:1; flow:to_server, established; sid:2; rev:1;)`,
		`drop http $HOME_NET any -> $EXTERNAL_NET any (http.header_names; content:"|0d 0a|"; startswith; msg:"not matching any HTTP allowlisted FQDNs"; priority:1; flow:to_server, established; sid:3; rev:1;)`,
	}
	if lines := strings.Split(got, "\n"); !slices.Equal(lines, want) {
		t.Errorf("got\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
	if _, err := DomainListText(&nfwjson.DomainList{GeneratedRulesType: "GREYLIST"}); err == nil || !strings.Contains(err.Error(), "GREYLIST") {
		t.Errorf("GREYLIST: want an unknown-value error naming it, got %v", err)
	}
}

func declare(f Flow, app string) Flow { f.AppProto = app; return f }

// TestDeclaredAppProto checks Flow.AppProto (§5.5: app-layer rules match
// the protocol Suricata identified, here the one the caller declares;
// §5.8: the domain list rules are tls and http rules).
func TestDeclaredAppProto(t *testing.T) {
	tlsAllow := func(t *testing.T) *fixture { // action order: no implicit drop
		g := &nfwjson.RuleGroup{DomainList: &nfwjson.DomainList{Targets: []string{".amazon.com", "example.com"},
			TargetTypes: []string{"TLS_SNI"}, GeneratedRulesType: "ALLOWLIST"}}
		return compile(t, "", nil, nil, grp{g: g})
	}
	std := func(t *testing.T) *fixture { // drop http $HOME_NET any <> $EXTERNAL_NET any (sid:1234)
		return compile(t, "", nil, nil, grp{g: sample(t, "network-firewall-rule-group-stateful-standard.json")})
	}
	ruleSet := func(text string) func(t *testing.T) *fixture {
		return func(t *testing.T) *fixture { return compile(t, "", nil, nil, grp{g: rules(text)}) }
	}
	dropSSH := ruleSet("drop ssh $HOME_NET any -> $EXTERNAL_NET any (sid:10;)")
	dropDNS := ruleSet("drop dns any any -> any any (sid:5;)")
	dnsQuery := ruleSet(`drop udp any any -> any any (dns.query; content:"evil.com"; sid:6;)`)
	alpSSH := ruleSet("drop tcp any any -> any any (app-layer-protocol:ssh; sid:8;)")
	alpNotTLS := ruleSet("drop tcp any any -> any any (app-layer-protocol:!tls; flow:to_client,established; sid:9;)")
	http := ruleSet("drop http any any -> any any (sid:11;)")
	httpAny := ruleSet("drop http-any any any -> any any (sid:12;)")
	noMatch := leg{Pass, 0, true, "no implicit drop"}
	tests := []struct {
		name   string
		policy func(t *testing.T) *fixture
		flow   Flow
		fwd    leg
		reply  *leg
	}{
		// §5.8 TLS allowlist in DEFAULT_ACTION_ORDER
		{"§5.8 SSH through a TLS allowlist: no tls rule matches, the flow passes", tlsAllow,
			declare(tcp(in, out, 22), "ssh"), noMatch, &noMatch},
		{"§5.8 the same flow undeclared is undecidable (the catch-all drop may match)", tlsAllow,
			tcp(in, out, 22), leg{Undecidable, 3, false, "application protocol is unknown"}, nil},
		{"§5.8 declared tls with an allowed SNI passes", tlsAllow,
			declare(withSNI(tcp(in, out, 443), "aws.amazon.com"), "tls"), leg{Pass, 1, false, "client data"}, nil},
		{"§5.8 declared tls with another SNI is dropped by the catch-all", tlsAllow,
			declare(withSNI(tcp(in, out, 443), "evil.com"), "tls"), leg{Drop, 3, false, "client data"}, nil},
		{"§5.8 declared tls without SNI: the tls.sni pass rules are undecidable", tlsAllow,
			declare(tcp(in, out, 443), "tls"), leg{Undecidable, 1, false, "SNI is not given"}, nil},
		{"§5.8 declared tls with only an HTTP Host: still no SNI", tlsAllow,
			declare(withHost(tcp(in, out, 443), "example.com"), "tls"), leg{Undecidable, 1, false, "SNI is not given"}, nil},
		{"§5.8 declared ssh wins over an SNI (the declaration is authoritative)", tlsAllow,
			declare(withSNI(tcp(in, out, 22), "evil.com"), "ssh"), noMatch, nil},
		{"§5.8 declared http: the tls allowlist does not apply", tlsAllow,
			declare(withHost(tcp(in, out, 80), "evil.com"), "http"), noMatch, nil},
		{"§5.8 a declared name is case-insensitive", tlsAllow,
			declare(tcp(in, out, 22), "SSH"), noMatch, nil},
		{"§5.8 a declared name Suricata does not detect is not guessed", tlsAllow,
			declare(withSNI(tcp(in, out, 443), "evil.com"), "https"), leg{Undecidable, 3, false, `"https"`}, nil},

		// §5.5 rule protocols against the declared protocol
		{"§5.5 a tls flow does not match an http rule", std,
			declare(withHost(tcp(in, out, 80), "example.org"), "tls"), noMatch, nil},
		{"§5.5 a declared http flow without Host matches an http rule", std,
			declare(tcp(in, out, 80), "http"), leg{Drop, 1234, false, "client data"}, nil},
		{"§5.5 http1 is Suricata's alias of http", std,
			declare(tcp(in, out, 80), "http1"), leg{Drop, 1234, false, "client data"}, nil},
		{"§5.5 an ssh rule matches a declared ssh flow once identified", dropSSH,
			declare(tcp(in, out, 22), "ssh"), leg{Drop, 10, false, "client data"}, &leg{Drop, 10, false, "flow was dropped"}},
		{"§5.5 an ssh rule does not match the handshake of an ssh flow", dropSSH,
			newFlow(declare(tcp(in, out, 22), "ssh")), noMatch, nil},
		{"§5.5 an ssh rule does not match a declared tls flow", dropSSH,
			declare(withSNI(tcp(in, out, 443), "a.example"), "tls"), noMatch, nil},
		{"§5.5 an ssh rule on an undeclared flow is undecidable", dropSSH,
			tcp(in, out, 22), leg{Undecidable, 10, false, "application protocol is unknown"}, nil},
		{"§5.5 an http rule on HTTP/2 depends on the Suricata version", http,
			declare(tcp(in, out, 80), "http2"), leg{Undecidable, 11, false, "HTTP/2"}, nil},
		{"§5.5 an http-any rule matches HTTP/2", httpAny,
			declare(tcp(in, out, 80), "http2"), leg{Drop, 12, false, "client data"}, nil},
		{"§5.5 an http rule does not match ssh", http,
			declare(tcp(in, out, 22), "ssh"), noMatch, nil},

		// §5.5 UDP and other protocols
		{"§5.5 a dns rule matches a declared dns UDP flow", dropDNS,
			declare(udp(in, out, 53), "dns"), leg{Drop, 5, false, "client's first packet"}, nil},
		{"§5.5 a dns rule does not match a declared quic flow", dropDNS,
			declare(udp(in, out, 443), "quic"), noMatch, nil},
		{"§5.5 a dns rule on an undeclared UDP flow is undecidable", dropDNS,
			udp(in, out, 53), leg{Undecidable, 5, false, "unknown"}, nil},
		{"§5.5 dns.query on a declared dns flow is not modelled", dnsQuery,
			declare(udp(in, out, 53), "dns"), leg{Undecidable, 6, false, "DNS query"}, nil},
		{"§5.5 dns.query does not exist on a declared quic flow", dnsQuery,
			declare(udp(in, out, 443), "quic"), noMatch, nil},
		{"§5.5 a declared protocol is ignored for ICMP", dropSSH,
			declare(ports(proto(tcp(in, out, 0), protoICMP), 0, 0), "ssh"), noMatch, nil},

		// app-layer-protocol (§5.6: AWS example keyword)
		{"§5.6 app-layer-protocol:ssh matches a declared ssh flow", alpSSH,
			declare(tcp(in, out, 22), "ssh"), leg{Drop, 8, false, "client data"}, nil},
		{"§5.6 app-layer-protocol:ssh does not match a declared tls flow", alpSSH,
			declare(tcp(in, out, 443), "tls"), noMatch, nil},
		{"§5.6 app-layer-protocol:ssh does not match before the protocol is identified", alpSSH,
			newFlow(tcp(in, out, 22)), noMatch, nil},
		{"§5.6 app-layer-protocol:ssh on an undeclared flow is undecidable", alpSSH,
			tcp(in, out, 22), leg{Undecidable, 8, false, "app-layer-protocol"}, nil},
		{"§5.6 app-layer-protocol:!tls matches the server's data of an ssh flow", alpNotTLS,
			declare(tcp(in, out, 22), "ssh"), leg{Drop, 9, false, "flow was dropped"}, &leg{Drop, 9, false, "server data"}},
		{"§5.6 app-layer-protocol:!tls does not match a tls flow", alpNotTLS,
			declare(withSNI(tcp(in, out, 443), "a.example"), "tls"), noMatch, &noMatch},
		{"§5.6 app-layer-protocol:!tls on a flow of unknown protocol is undecidable", alpNotTLS,
			tcp(in, out, 22), leg{Undecidable, 9, false, ""}, &leg{Undecidable, 9, false, ""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fx := tc.policy(t)
			got := fx.cp.Evaluate(tc.flow)
			tc.fwd.check(t, "forward", got.Forward)
			if tc.reply != nil {
				tc.reply.check(t, "reply", got.Reply)
			}
			agree(t, fx, tc.flow, got)
		})
	}
}

// TestDeclaredNames holds the engine's and the reference's readings of
// Flow.AppProto to each other: which names are protocols a flow can be
// identified as, for every protocol name the rule parser knows and a few
// it does not.
func TestDeclaredNames(t *testing.T) {
	names := []string{"ip", "tcp", "udp", "icmp", "icmpv4", "icmpv6", "ipv4", "ipv6", "pkthdr", "tcp-pkt", "tcp-stream",
		"http", "http1", "http2", "tls", "dns", "ssh", "ftp", "ftp-data", "smtp", "imap", "pop3", "smb",
		"dcerpc", "dhcp", "krb5", "ntp", "snmp", "sip", "rfb", "mqtt", "nfs", "tftp", "ike", "ikev2",
		"modbus", "dnp3", "quic", "rdp", "pgsql", "telnet", "bittorrent-dht", "websocket", "ldap",
		"doh2", "http-any", "failed", "unknown", "https", "ssl", "enip", "sctp", "SSH", "Tls", "dns any", "x(y"}
	known := 0
	for _, n := range names {
		for _, p := range []uint8{protoTCP, protoUDP} {
			f := Flow{Proto: p, AppProto: n}
			e, r := flowApp(&f), refAppOf(f)
			if e.name != r.proto {
				t.Errorf("AppProto %q proto %d: engine reads %q, reference %q", n, p, e.name, r.proto)
			}
			if e.name != "" {
				known++
			}
		}
	}
	// 33 detectable names (http1 read as http) and SSH, Tls, over TCP and UDP.
	if known != 2*35 {
		t.Errorf("%d names read as protocols, want %d", known, 2*35)
	}
}
