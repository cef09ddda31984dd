package stateful

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/geo"
	"github.com/netverdict/netverdict/evaluator/nfw/nfwjson"
)

// testGeoCSV is the geo file of the geoip tests. 100.64.0.1 and
// 10.0.2.9 are in no network. UK is not ISO 3166 (GB is) but AWS's own
// sample uses it, so the file has a network labelled UK.
const testGeoCSV = `network,country_code
10.0.1.0/24,DE
203.0.113.0/24,US
198.51.100.0/24,UK
192.0.2.0/24,CN
2001:db8:1::/48,FR
2001:db8:2::/48,US
`

const (
	hostDE    = in  // 10.0.1.5
	hostUS    = out // 203.0.113.7
	hostUK    = "198.51.100.1"
	hostCN    = "192.0.2.5"
	hostNoGeo = "100.64.0.1"
)

func testGeo(t testing.TB) *geo.DB {
	t.Helper()
	db, err := geo.Load("test-geo.csv", strings.NewReader(testGeoCSV))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// compileGeoFixture is compile with a geo file (nil: none).
func compileGeoFixture(t *testing.T, db *geo.DB, order string, defaults []string, g *nfwjson.RuleGroup) *fixture {
	t.Helper()
	p := &nfwjson.Policy{RuleOrder: order, StatefulDefaultActions: defaults,
		StatefulRefs: []nfwjson.Ref{{ARN: "arn:group/geo", Priority: 1}}}
	m := map[string]*nfwjson.RuleGroup{"arn:group/geo": g}
	cp, err := CompileWith(p, m, vpc, Options{Geo: db})
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return &fixture{np: p, groups: m, cp: cp}
}

func TestGeoIP(t *testing.T) {
	db := testGeo(t)
	awsSample := func(t *testing.T) *nfwjson.RuleGroup {
		return sample(t, "network-firewall-rule-group-stateful-geoip-strict-order.json")
	}
	tests := []struct {
		name   string
		group  func(t *testing.T) *nfwjson.RuleGroup
		noDB   bool
		order  string
		dflt   []string
		flow   Flow
		fwd    leg
		reply  *leg
		reason string // a substring of the Forward reason naming what is unknown
	}{
		// The AWS sample: drop IP any any -> any any (geoip:src,!US,UK).
		{name: "§5.6 AWS sample src,!US,UK: a CN source is neither US nor UK, dropped on the SYN",
			group: awsSample, order: StrictOrder, flow: tcp(hostCN, hostDE, 443),
			fwd: leg{Drop, 1, false, "client SYN"}},
		{name: "§5.6 AWS sample: one ! negates the whole list, so a UK source passes",
			group: awsSample, order: StrictOrder, flow: tcp(hostUK, hostUS, 443),
			fwd: leg{Pass, 0, true, ""}, reply: &leg{Pass, 0, true, ""}},
		{name: "§5.6 AWS sample: the reply packets' source is the server: a US client to a DE server is dropped on the SYN-ACK",
			group: awsSample, order: StrictOrder, flow: tcp(hostUS, hostDE, 443),
			fwd: leg{Drop, 1, false, "flow was dropped"}, reply: &leg{Drop, 1, false, "server SYN-ACK"}},
		{name: "§5.6 AWS sample: a source the geo file does not know is undecidable, naming the address",
			group: awsSample, order: StrictOrder, flow: tcp(hostNoGeo, hostUS, 443),
			fwd: leg{Undecidable, 1, false, ""}, reason: hostNoGeo},
		{name: "§5.5/§5.6 AWS sample: protocol IP covers a GRE flow, and a DE source is neither US nor UK",
			group: awsSample, order: StrictOrder, flow: proto(tcp(hostDE, hostUS, 0), 47),
			fwd: leg{Drop, 1, false, "client's first packet"}},
		{name: "§5.6 AWS sample without a geo file: undecidable, no geo file given",
			group: awsSample, noDB: true, order: StrictOrder, flow: tcp(hostCN, hostDE, 443),
			fwd: leg{Undecidable, 1, false, ""}, reason: "no geo file given"},

		// src and dst
		{name: "§5.6 src: the client's address on its packets",
			group: geoRules("drop tcp any any -> any any (flow:to_server; geoip:src,CN; sid:2;)"), flow: tcp(hostCN, hostUS, 80),
			fwd: leg{Drop, 2, false, "client SYN"}},
		{name: "§5.6 src: another country does not match",
			group: geoRules("drop tcp any any -> any any (flow:to_server; geoip:src,CN; sid:2;)"), flow: tcp(hostUK, hostUS, 80),
			fwd: leg{Pass, 0, true, ""}},
		{name: "§5.6 dst: the server's address on the client's packets",
			group: geoRules("drop tcp any any -> any any (flow:to_server; geoip:dst,US; sid:3;)"), flow: tcp(hostDE, hostUS, 443),
			fwd: leg{Drop, 3, false, "client SYN"}},
		{name: "§5.6 dst: on reply packets dst is the client (to_client rule, US client)",
			group: geoRules("drop tcp any any -> any any (flow:to_client; geoip:dst,US; sid:3;)"), flow: tcp(hostUS, hostDE, 443),
			fwd: leg{Drop, 3, false, "flow was dropped"}, reply: &leg{Drop, 3, false, "server SYN-ACK"}},
		{name: "§5.6 dst,!CN: an unknown destination is undecidable",
			group: geoRules("drop tcp any any -> any any (flow:to_server; geoip:dst,!CN; sid:4;)"), flow: tcp(hostDE, hostNoGeo, 443),
			fwd: leg{Undecidable, 4, false, ""}, reason: hostNoGeo},

		// both (AND) and any (OR)
		{name: "§5.6 both: both addresses in the list",
			group: geoRules("drop ip any any -> any any (flow:to_server; geoip:both,US,DE; sid:5;)"), flow: tcp(hostDE, hostUS, 443),
			fwd: leg{Drop, 5, false, "client SYN"}},
		{name: "§5.6 both: one address outside the list does not match",
			group: geoRules("drop ip any any -> any any (flow:to_server; geoip:both,US,DE; sid:5;)"), flow: tcp(hostDE, hostCN, 443),
			fwd: leg{Pass, 0, true, ""}},
		{name: "§5.6 both: a known mismatch decides even when the other address is unknown",
			group: geoRules("drop ip any any -> any any (flow:to_server; geoip:both,US,DE; sid:5;)"), flow: tcp(hostCN, hostNoGeo, 443),
			fwd: leg{Pass, 0, true, ""}},
		{name: "§5.6 both: one match and one unknown address is undecidable",
			group: geoRules("drop ip any any -> any any (flow:to_server; geoip:both,US,DE; sid:5;)"), flow: tcp(hostDE, hostNoGeo, 443),
			fwd: leg{Undecidable, 5, false, ""}, reason: hostNoGeo},
		{name: "§5.6 any: the destination alone matches",
			group: geoRules("drop ip any any -> any any (flow:to_server; geoip:any,CN; sid:6;)"), flow: tcp(hostDE, hostCN, 443),
			fwd: leg{Drop, 6, false, "client SYN"}},
		{name: "§5.6 any: the source alone matches",
			group: geoRules("drop ip any any -> any any (flow:to_server; geoip:any,CN; sid:6;)"), flow: tcp(hostCN, hostDE, 443),
			fwd: leg{Drop, 6, false, "client SYN"}},
		{name: "§5.6 any: a known match decides even when the other address is unknown",
			group: geoRules("drop ip any any -> any any (flow:to_server; geoip:any,CN; sid:6;)"), flow: tcp(hostNoGeo, hostCN, 443),
			fwd: leg{Drop, 6, false, "client SYN"}},
		{name: "§5.6 any: neither address matches",
			group: geoRules("drop ip any any -> any any (flow:to_server; geoip:any,CN; sid:6;)"), flow: tcp(hostDE, hostUS, 443),
			fwd: leg{Pass, 0, true, ""}},
		{name: "§5.6 any: no match and one unknown address is undecidable",
			group: geoRules("drop ip any any -> any any (flow:to_server; geoip:any,CN; sid:6;)"), flow: tcp(hostNoGeo, hostUS, 443),
			fwd: leg{Undecidable, 6, false, ""}, reason: hostNoGeo},

		// negation
		{name: "§5.6 negation anywhere in the list: UK,!US is !US,UK, a DE source matches",
			group: geoRules("drop tcp any any -> any any (flow:to_server; geoip:src,UK,!US; sid:7;)"), flow: tcp(hostDE, hostUS, 443),
			fwd: leg{Drop, 7, false, "client SYN"}},
		{name: "§5.6 negation anywhere in the list: UK,!US does not match a UK source",
			group: geoRules("drop tcp any any -> any any (flow:to_server; geoip:src,UK,!US; sid:7;)"), flow: tcp(hostUK, hostUS, 443),
			fwd: leg{Pass, 0, true, ""}},

		// IPv6 (AWS extends Suricata's IPv4-only geoip)
		{name: "§5.6 IPv6 addresses are looked up too (AWS)",
			group: geoRules("drop ip any any -> any any (flow:to_server; geoip:src,FR; sid:8;)"), flow: tcp("2001:db8:1::5", "2001:db8:2::1", 443),
			fwd: leg{Drop, 8, false, "client SYN"}},

		// An egress allowlist by country under strict order.
		{name: "§5.6 pass to allowed countries with aws:drop_established: US passes",
			group: geoRules("pass tcp $HOME_NET any -> any any (geoip:dst,US,UK; sid:9;)"), order: StrictOrder, dflt: []string{"aws:drop_established"},
			flow: tcp(hostDE, hostUS, 443), fwd: leg{Pass, 9, false, ""}},
		{name: "§5.6 pass to allowed countries with aws:drop_established: CN is dropped by default",
			group: geoRules("pass tcp $HOME_NET any -> any any (geoip:dst,US,UK; sid:9;)"), order: StrictOrder, dflt: []string{"aws:drop_established"},
			flow: tcp(hostDE, hostCN, 443), fwd: leg{Drop, 0, true, "drop_established"}},
		{name: "§5.6 a geoip rule the header rules out needs no geo file",
			group: geoRules("drop udp any any -> any any (geoip:src,CN; sid:10;)"), noDB: true, flow: tcp(hostCN, hostUS, 443),
			fwd: leg{Pass, 0, true, ""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := db
			if tc.noDB {
				d = nil
			}
			fx := compileGeoFixture(t, d, tc.order, tc.dflt, tc.group(t))
			got := fx.cp.Evaluate(tc.flow)
			tc.fwd.check(t, "forward", got.Forward)
			if tc.reply != nil {
				tc.reply.check(t, "reply", got.Reply)
			}
			if !strings.Contains(got.Forward.Reason, tc.reason) {
				t.Errorf("forward reason %q does not name %q", got.Forward.Reason, tc.reason)
			}
			want, err := ReferenceWith(fx.np, fx.groups, vpc, tc.flow, Options{Geo: d})
			if err != nil {
				t.Fatal(err)
			}
			if !sameLeg(got.Forward, want.Forward) || !sameLeg(got.Reply, want.Reply) || !sameHits(got.Alerts, want.Alerts) {
				t.Errorf("engine and reference differ:\nengine    %+v\nreference %+v", got, want)
			}
			if !strings.Contains(want.Forward.Reason, tc.reason) {
				t.Errorf("reference forward reason %q does not name %q", want.Forward.Reason, tc.reason)
			}
		})
	}
}

func geoRules(s string) func(*testing.T) *nfwjson.RuleGroup {
	return func(*testing.T) *nfwjson.RuleGroup { return rules(s) }
}

// TestGeoIPNotIPOnly: Suricata does not register geoip as IP-only
// compatible, so a geoip rule is a packet rule (§5.6 IP-only rules).
func TestGeoIPNotIPOnly(t *testing.T) {
	fx := compileGeoFixture(t, testGeo(t), "", nil, rules("drop ip any any -> any any (sid:1;)\ndrop ip any any -> any any (geoip:src,US; sid:2;)"))
	for _, c := range fx.cp.order {
		if want := c.r.SID == 1; c.ipOnly != want {
			t.Errorf("sid %d: ipOnly %v, want %v", c.r.SID, c.ipOnly, want)
		}
	}
}

// TestGeoIPNoAllocs: deciding geoip rules allocates nothing beyond what
// the same policy without geoip does (the verdict's reason strings).
func TestGeoIPNoAllocs(t *testing.T) {
	db := testGeo(t)
	with, without := geoBenchPolicy(t, db, true), geoBenchPolicy(t, db, false)
	f := tcp(hostDE, hostUS, 443)
	a := testing.AllocsPerRun(200, func() { _ = with.Evaluate(f) })
	b := testing.AllocsPerRun(200, func() { _ = without.Evaluate(f) })
	if a > b {
		t.Errorf("geoip policy: %.1f allocs per Evaluate, %.1f without geoip", a, b)
	}
}

// geoBenchPolicy: 40 drop rules on other countries (or, without geoip,
// on other addresses), then a pass rule, strict order with drop_established.
func geoBenchPolicy(tb testing.TB, db *geo.DB, geoip bool) *Policy {
	var lines []string
	countries := []string{"CN", "RU", "IR", "KP", "BY", "SY", "CU", "VE"}
	for i := range 40 {
		// Negated lists that hold both addresses' countries: no match.
		opt := fmt.Sprintf("geoip:any,!DE,US,%s;", countries[i%8])
		if i%2 == 0 {
			opt = fmt.Sprintf("geoip:dst,%s,%s;", countries[i%8], countries[(i+3)%8])
		}
		if !geoip {
			opt = fmt.Sprintf("ip_proto:!%d;", 6)
		}
		lines = append(lines, fmt.Sprintf("drop ip $HOME_NET any -> any any (%s sid:%d;)", opt, i+1))
	}
	lines = append(lines, "pass tcp $HOME_NET any -> any any (sid:100;)")
	p := &nfwjson.Policy{RuleOrder: StrictOrder, StatefulDefaultActions: []string{"aws:drop_established"},
		StatefulRefs: []nfwjson.Ref{{ARN: "arn:geo", Priority: 1}}}
	cp, err := CompileWith(p, map[string]*nfwjson.RuleGroup{"arn:geo": {RulesString: strings.Join(lines, "\n"), RuleOrder: StrictOrder}}, vpc, Options{Geo: db})
	if err != nil {
		tb.Fatal(err)
	}
	return cp
}

func BenchmarkEvaluateGeoIP(b *testing.B) {
	db := testGeo(b)
	for _, bc := range []struct {
		name string
		p    *Policy
		f    Flow
	}{
		{"40-geoip-rules-then-pass", geoBenchPolicy(b, db, true), tcp(hostDE, hostUS, 443)},
		{"40-ip_proto-rules-then-pass", geoBenchPolicy(b, db, false), tcp(hostDE, hostUS, 443)},
		{"geoip-unknown-address", geoBenchPolicy(b, db, true), tcp(hostDE, hostNoGeo, 443)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = bc.p.Evaluate(bc.f)
			}
		})
	}
}

// TestGeoBenchPolicy checks the benchmark measures what its names say.
func TestGeoBenchPolicy(t *testing.T) {
	db := testGeo(t)
	leg{Pass, 100, false, ""}.check(t, "geoip", geoBenchPolicy(t, db, true).Evaluate(tcp(hostDE, hostUS, 443)).Forward)
	leg{Pass, 100, false, ""}.check(t, "ip_proto", geoBenchPolicy(t, db, false).Evaluate(tcp(hostDE, hostUS, 443)).Forward)
	leg{Undecidable, 1, false, hostNoGeo}.check(t, "unknown", geoBenchPolicy(t, db, true).Evaluate(tcp(hostDE, hostNoGeo, 443)).Forward)
}

// TestGeoIPIPv4Mapped: an IPv4-mapped IPv6 flow address is looked up as IPv4.
func TestGeoIPIPv4Mapped(t *testing.T) {
	fx := compileGeoFixture(t, testGeo(t), "", nil, rules("drop ip any any -> any any (geoip:src,CN; sid:1;)"))
	f := tcp(hostCN, hostUS, 443)
	f.Src = netip.AddrFrom16(f.Src.As16())
	leg{Drop, 1, false, "client SYN"}.check(t, "mapped", fx.cp.Evaluate(f).Forward)
}
