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
	g    *nfwjson.RuleGroup
	prio int32
}

func compile(t *testing.T, order string, defaults []string, home []netip.Prefix, gs ...grp) *Policy {
	t.Helper()
	p := &nfwjson.Policy{RuleOrder: order, StatefulDefaultActions: defaults, HomeNet: home}
	m := map[string]*nfwjson.RuleGroup{}
	for i, g := range gs {
		arn := "arn:group/" + string(rune('a'+i))
		if g.g.ARN != "" && !strings.Contains(g.g.ARN, ".json") {
			arn = g.g.ARN
		}
		m[arn] = g.g
		p.StatefulRefs = append(p.StatefulRefs, nfwjson.Ref{ARN: arn, Priority: g.prio})
	}
	cp, err := Compile(p, m, vpc)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return cp
}

func tcp(src, dst string, dport uint16) Flow {
	return Flow{Src: netip.MustParseAddr(src), Dst: netip.MustParseAddr(dst), Proto: 6, SrcPort: 40000, DstPort: dport, Established: true}
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
	allowTLS := func(t *testing.T) *Policy {
		return compile(t, StrictOrder, []string{"aws:drop_established"}, nil, grp{sample(t, "network-firewall-rule-group-domain-allowlist-tls.json"), 1})
	}
	allowHTTP := func(t *testing.T) *Policy {
		return compile(t, "", nil, nil, grp{sample(t, "network-firewall-rule-group-domain-allowlist-http.json"), 0})
	}
	deny := func(t *testing.T) *Policy {
		return compile(t, "", nil, nil, grp{sample(t, "network-firewall-rule-group-domain-denylist.json"), 0})
	}
	tests := []struct {
		name   string
		policy func(t *testing.T) *Policy
		flow   Flow
		want   Action
		sid    uint32
		dflt   bool
		reason string // substring of Reason, when set
	}{
		// §5.4 DEFAULT_ACTION_ORDER
		{"§5.4 action order: pass before drop", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("drop tcp any any -> any any (sid:1;)\npass tcp any any -> any 443 (sid:2;)"), 0})
		}, tcp(in, out, 443), Pass, 2, false, ""},
		{"§5.4 action order: pass rule in a later group still wins", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("drop tcp any any -> any any (sid:1;)"), 0}, grp{rules("pass tcp any any -> any any (sid:9;)"), 0})
		}, tcp(in, out, 22), Pass, 9, false, ""},
		{"§5.4 action order: drop before reject", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("reject tcp any any -> any any (sid:1;)\ndrop tcp any any -> any any (sid:2;)"), 0})
		}, tcp(in, out, 80), Drop, 2, false, ""},
		{"§5.4 action order: reject before alert", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("alert tcp any any -> any any (sid:1;)\nreject tcp any any -> any any (sid:2;)"), 0})
		}, tcp(in, out, 80), Reject, 2, false, ""},
		{"§5.4 action order: within an action, lower priority keyword first", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("drop tcp any any -> any any (sid:1; priority:5;)\ndrop tcp any any -> any any (sid:2; priority:1;)"), 0})
		}, tcp(in, out, 80), Drop, 2, false, ""},
		{"§5.4 action order: alert only logs, flow passes", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("alert tcp any any -> any any (sid:1;)"), 0})
		}, tcp(in, out, 80), AlertPass, 1, false, ""},
		{"§5.4 action order: no implicit drop, no match passes", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("drop udp any any -> any any (sid:1;)"), 0})
		}, tcp(in, out, 80), Pass, 0, true, "no implicit drop"},
		// §5.4 STRICT_ORDER
		{"§5.4 strict order: groups by reference priority", func(t *testing.T) *Policy {
			return compile(t, StrictOrder, nil, nil, grp{rules("pass tcp any any -> any any (sid:1;)"), 20}, grp{rules("drop tcp any any -> any any (sid:2;)"), 10})
		}, tcp(in, out, 80), Drop, 2, false, ""},
		{"§5.4 strict order: rules in defined order, drop before pass", func(t *testing.T) *Policy {
			return compile(t, StrictOrder, nil, nil, grp{rules("drop tcp any any -> any any (sid:1;)\npass tcp any any -> any any (sid:2;)"), 1})
		}, tcp(in, out, 80), Drop, 1, false, ""},
		{"§5.4 strict order: alert continues to the next rule", func(t *testing.T) *Policy {
			return compile(t, StrictOrder, nil, nil, grp{rules("alert tcp any any -> any any (sid:1;)\nreject tcp any any -> any any (sid:2;)"), 1})
		}, tcp(in, out, 80), Reject, 2, false, ""},
		{"§5.4 strict order: no default action, no match passes", func(t *testing.T) *Policy {
			return compile(t, StrictOrder, nil, nil, grp{rules("drop udp any any -> any any (sid:1;)"), 1})
		}, tcp(in, out, 80), Pass, 0, true, ""},
		{"§5.4 strict order: aws:drop_strict drops unmatched flows, handshake too", func(t *testing.T) *Policy {
			return compile(t, StrictOrder, []string{"aws:drop_strict"}, nil, grp{rules("drop udp any any -> any any (sid:1;)"), 1})
		}, newFlow(tcp(in, out, 80)), Drop, 0, true, "drop_strict"},
		{"§5.4 strict order: drop_established lets the handshake through", func(t *testing.T) *Policy {
			return compile(t, StrictOrder, []string{"aws:drop_established"}, nil)
		}, newFlow(tcp(in, out, 80)), Pass, 0, true, "establishment"},
		{"§5.4 strict order: drop_established drops the established flow", func(t *testing.T) *Policy {
			return compile(t, StrictOrder, []string{"aws:drop_established"}, nil)
		}, tcp(in, out, 80), Drop, 0, true, "established"},
		{"§5.4 strict order: aws:alert_strict alone logs and passes", func(t *testing.T) *Policy {
			return compile(t, StrictOrder, []string{"aws:alert_strict"}, nil)
		}, tcp(in, out, 80), AlertPass, 0, true, "alert_strict"},
		{"§5.4 strict order: alert rule then no default passes with alert", func(t *testing.T) *Policy {
			return compile(t, StrictOrder, nil, nil, grp{rules("alert tcp any any -> any any (sid:4;)"), 1})
		}, tcp(in, out, 80), AlertPass, 4, false, ""},
		{"§5.4 DROP_TO_ALERT override turns drop into alert", func(t *testing.T) *Policy {
			p := compile(t, "", nil, nil, grp{rules("drop tcp any any -> any any (sid:1;)"), 0})
			p.Groups[0].Override = "DROP_TO_ALERT"
			return p
		}, tcp(in, out, 80), AlertPass, 1, false, ""},
		{"§5.4 flow:to_server,established does not match the handshake", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("drop tcp any any -> any any (flow:to_server,established; sid:1;)"), 0})
		}, newFlow(tcp(in, out, 80)), Pass, 0, true, ""},
		{"§5.4 flow:to_client never matches the client's packets", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("drop tcp any any -> any any (flow:to_client; sid:1;)"), 0})
		}, tcp(in, out, 80), Pass, 0, true, ""},

		// §5.5 standard stateful rules
		{"§5.5 AWS 5-tuple sample: drop http $HOME_NET <> $EXTERNAL_NET", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{sample(t, "network-firewall-rule-group-stateful-standard.json"), 0})
		}, withHost(tcp(in, out, 80), "example.org"), Drop, 1234, false, ""},
		{"§5.5 Direction ANY (<>) matches the flow the other way round", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{sample(t, "network-firewall-rule-group-stateful-standard.json"), 0})
		}, withHost(tcp(out, in, 80), "example.org"), Drop, 1234, false, ""},
		{"§5.5 http rule does not match a TLS flow", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{sample(t, "network-firewall-rule-group-stateful-standard.json"), 0})
		}, withSNI(tcp(in, out, 443), "example.org"), Pass, 0, true, ""},
		{"§5.5 app-layer http rule on a flow without Host is undecidable", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{sample(t, "network-firewall-rule-group-stateful-standard.json"), 0})
		}, tcp(in, out, 80), Undecidable, 1234, false, "application protocol is unknown"},
		{"§5.5 FORWARD (->) does not match the reverse flow", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{&nfwjson.RuleGroup{StatefulRules: []nfwjson.StatefulRule{{
				Action: "DROP", Protocol: "TCP", Source: "$HOME_NET", SourcePort: "ANY", Direction: "FORWARD",
				Destination: "$EXTERNAL_NET", DestinationPort: "22",
				Options: []nfwjson.RuleOption{{Keyword: "sid", Settings: []string{"7"}}},
			}}}, 0})
		}, tcp(out, in, 22), Pass, 0, true, ""},
		{"§5.5 protocol IP matches all traffic (geoip sample is undecidable: geoip not modelled)", func(t *testing.T) *Policy {
			return compile(t, StrictOrder, nil, nil, grp{sample(t, "network-firewall-rule-group-stateful-geoip-strict-order.json"), 1})
		}, proto(tcp(in, out, 0), 47), Undecidable, 1, false, "geoip"},
		{"§5.5 protocol udp does not match tcp", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("drop udp any any -> any 53 (sid:1;)"), 0})
		}, tcp(in, out, 53), Pass, 0, true, ""},
		{"§5.5 port ranges and lists", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("drop tcp any any -> any [1990:1994,8080] (sid:1;)"), 0})
		}, tcp(in, out, 1992), Drop, 1, false, ""},
		{"§5.5 negated port", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("drop tcp any any -> any !443 (sid:1;)"), 0})
		}, tcp(in, out, 443), Pass, 0, true, ""},

		// §5.6 RulesString
		{"§5.6 address list with negation excludes the negated part", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("drop tcp [10.0.0.0/8,!10.0.1.0/24] any -> any any (sid:1;)"), 0})
		}, tcp(in, out, 80), Pass, 0, true, ""},
		{"§5.6 address list matches the positive part", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("drop tcp [10.0.0.0/8,!10.0.1.0/24] any -> any any (sid:1;)"), 0})
		}, tcp("10.0.2.5", out, 80), Drop, 1, false, ""},
		{"§5.6 unmodelled keyword makes the verdict undecidable", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("drop tcp any any -> any any (dsize:>100; sid:1;)"), 0})
		}, tcp(in, out, 80), Undecidable, 1, false, "dsize"},
		{"§5.6 unmodelled keyword in a rule the header rules out is ignored", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("drop udp any any -> any any (dsize:>100; sid:1;)"), 0})
		}, tcp(in, out, 80), Pass, 0, true, ""},
		{"§5.6 an earlier deciding rule wins over a later unmodelled one (strict)", func(t *testing.T) *Policy {
			return compile(t, StrictOrder, nil, nil, grp{rules("pass tcp any any -> any any (sid:1;)\ndrop tcp any any -> any any (dsize:>100; sid:2;)"), 1})
		}, tcp(in, out, 80), Pass, 1, false, ""},
		{"§5.6 unknown pass rule does not change a no-match pass", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("pass tcp any any -> any any (dsize:>100; sid:1;)"), 0})
		}, tcp(in, out, 80), Pass, 0, true, ""},
		{"§5.6 rule variables sample: an alert whose payload match is unknown cannot change the verdict", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{sample(t, "network-firewall-rule-group-suricata-rule-variables.json"), 0})
		}, tcp(out, "10.0.1.19", 8080), Pass, 0, true, ""},
		{"§5.6 rule variables: $HTTP_SERVERS/$HTTP_PORTS resolve (drop variant of the sample)", func(t *testing.T) *Policy {
			g := sample(t, "network-firewall-rule-group-suricata-rule-variables.json")
			g.RulesString = "drop tcp $EXTERNAL_NET any -> $HTTP_SERVERS $HTTP_PORTS (flow:to_server,established; sid:5;)"
			return compile(t, "", nil, nil, grp{g, 0})
		}, tcp(out, "10.0.2.9", 80), Drop, 5, false, ""},
		{"§5.6 payload content is not modelled: undecidable", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules(`drop tcp any any -> any any (content:"x"; sid:8;)`), 0})
		}, tcp(in, out, 80), Undecidable, 8, false, "payload"},
		{"§5.6 rule variables: port outside $HTTP_PORTS does not match", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{sample(t, "network-firewall-rule-group-suricata-rule-variables.json"), 0})
		}, tcp(out, "10.0.1.19", 443), Pass, 0, true, ""},
		{"§5.6 @IPSET reference is unresolved: undecidable", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{sample(t, "network-firewall-rule-group-suricata-ipset-reference.json"), 0})
		}, tcp(in, out, 80), Undecidable, 1, false, "@BETA"},
		{"§5.6 undefined variable: undecidable", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("drop tcp $NOPE any -> any any (sid:1;)"), 0})
		}, tcp(in, out, 80), Undecidable, 1, false, "$NOPE"},

		// §5.7 variables
		{"§5.7 HOME_NET defaults to the inspection VPC CIDR", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("drop tcp $HOME_NET any -> $EXTERNAL_NET any (sid:1;)"), 0})
		}, tcp(in, out, 80), Drop, 1, false, ""},
		{"§5.7 policy HOME_NET overrides the VPC CIDR", func(t *testing.T) *Policy {
			return compile(t, "", nil, prefixes("192.168.0.0/16"), grp{rules("drop tcp $HOME_NET any -> any any (sid:1;)"), 0})
		}, tcp(in, out, 80), Pass, 0, true, ""},
		{"§5.7 EXTERNAL_NET is !HOME_NET", func(t *testing.T) *Policy {
			return compile(t, "", nil, nil, grp{rules("drop tcp any any -> $EXTERNAL_NET any (sid:1;)"), 0})
		}, tcp(in, "10.0.9.9", 80), Pass, 0, true, ""},
		{"§5.7 group HOME_NET without EXTERNAL_NET keeps EXTERNAL_NET = !policy HOME_NET", func(t *testing.T) *Policy {
			g := rules("drop tcp $HOME_NET any -> $EXTERNAL_NET any (sid:1;)")
			g.IPSets = map[string][]string{"HOME_NET": {"11.0.0.0/8"}}
			return compile(t, "", nil, prefixes("10.0.0.0/8"), grp{g, 0})
		}, tcp("11.1.1.1", "12.0.0.1", 80), Drop, 1, false, ""},
		{"§5.7 inheritance quirk: destination in policy HOME_NET is not EXTERNAL_NET", func(t *testing.T) *Policy {
			g := rules("drop tcp $HOME_NET any -> $EXTERNAL_NET any (sid:1;)")
			g.IPSets = map[string][]string{"HOME_NET": {"11.0.0.0/8"}}
			return compile(t, "", nil, prefixes("10.0.0.0/8"), grp{g, 0})
		}, tcp("11.1.1.1", "10.0.0.1", 80), Pass, 0, true, ""},

		// §5.8 domain lists
		{"§5.8 allowlist .amazon.com matches amazon.com", allowTLS, withSNI(tcp(in, out, 443), "amazon.com"), Pass, 1, false, ""},
		{"§5.8 allowlist .amazon.com matches www.amazon.com (TLS nocase)", allowTLS, withSNI(tcp(in, out, 443), "WWW.Amazon.com"), Pass, 1, false, ""},
		{"§5.8 allowlist .amazon.com does not match badamazon.com", allowTLS, withSNI(tcp(in, out, 443), "badamazon.com"), Drop, 3, false, ""},
		{"§5.8 allowlist example.com matches only example.com", allowTLS, withSNI(tcp(in, out, 443), "example.com"), Pass, 2, false, ""},
		{"§5.8 allowlist example.com does not match www.example.com", allowTLS, withSNI(tcp(in, out, 443), "www.example.com"), Drop, 3, false, ""},
		{"§5.8 allowlist + drop_established: handshake passes", allowTLS, newFlow(withSNI(tcp(in, out, 443), "evil.com")), Pass, 0, true, ""},
		{"§5.8 allowlist only applies from HOME_NET to EXTERNAL_NET", allowTLS, withSNI(tcp(out, in, 443), "evil.com"), Drop, 0, true, "drop_established"},
		{"§5.8 allowlist TLS: flow without SNI is undecidable", allowTLS, tcp(in, out, 443), Undecidable, 1, false, "SNI"},
		{"§5.8 HTTP allowlist passes .amazon.com host", allowHTTP, withHost(tcp(in, out, 80), "aws.amazon.com"), Pass, 1, false, ""},
		{"§5.8 HTTP allowlist drops other hosts (header_names catch-all)", allowHTTP, withHost(tcp(in, out, 80), "evil.com"), Drop, 3, false, ""},
		{"§5.8 HTTP allowlist: Host is case-normalised", allowHTTP, withHost(tcp(in, out, 80), "Example.COM"), Pass, 2, false, ""},
		{"§5.8 HTTP allowlist leaves TLS flows alone", allowHTTP, withSNI(tcp(in, out, 443), "evil.com"), Pass, 0, true, ""},
		{"§5.8 denylist drops evil.com over TLS", deny, withSNI(tcp(in, out, 443), "evil.com"), Drop, 1, false, ""},
		{"§5.8 denylist drops evil.com over HTTP", deny, withHost(tcp(in, out, 80), "evil.com"), Drop, 2, false, ""},
		{"§5.8 denylist evil.com does not match sub.evil.com", deny, withSNI(tcp(in, out, 443), "sub.evil.com"), Pass, 0, true, ""},
		{"§5.8 denylist: non-matching takes no action", deny, withSNI(tcp(in, out, 443), "good.com"), Pass, 0, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.policy(t).Evaluate(tc.flow)
			if got.Action != tc.want || got.SID != tc.sid || got.Default != tc.dflt || !strings.Contains(got.Reason, tc.reason) {
				t.Errorf("got %+v (%s), want %s sid %d default %v reason ~%q", got, got.Action, tc.want, tc.sid, tc.dflt, tc.reason)
			}
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
	if _, err := DomainListText(&nfwjson.DomainList{GeneratedRulesType: "ALERTLIST"}); err == nil {
		t.Error("ALERTLIST: want a not-modelled error")
	}
}
