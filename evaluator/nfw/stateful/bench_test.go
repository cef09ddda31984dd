package stateful

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/nfw/nfwjson"
)

// bench100 is a 100-rule RulesString group in the shape of an egress
// policy: 50 TLS SNI pass rules, 30 drop rules on addresses and ports, 20
// alert rules, under STRICT_ORDER with aws:drop_established.
func bench100(tb testing.TB) *Policy {
	var lines []string
	sid := 0
	next := func() int { sid++; return sid }
	for i := range 30 {
		lines = append(lines, fmt.Sprintf("drop tcp $HOME_NET any -> 198.51.%d.0/24 [%d,%d] (msg:\"blocked range %d\"; sid:%d;)", i, 1000+i, 2000+i, i, next()))
	}
	for i := range 20 {
		lines = append(lines, fmt.Sprintf("alert tcp $HOME_NET any -> $EXTERNAL_NET %d (msg:\"odd port\"; flow:to_server; sid:%d;)", 3000+i, next()))
	}
	for i := range 50 {
		lines = append(lines, fmt.Sprintf("pass tls $HOME_NET any -> $EXTERNAL_NET any (tls.sni; content:\"svc%d.example.com\"; startswith; nocase; endswith; flow:to_server, established; sid:%d;)", i, next()))
	}
	p := &nfwjson.Policy{RuleOrder: StrictOrder, StatefulDefaultActions: []string{"aws:drop_established"},
		StatefulRefs: []nfwjson.Ref{{ARN: "arn:bench", Priority: 1}}}
	cp, err := Compile(p, map[string]*nfwjson.RuleGroup{"arn:bench": {RulesString: strings.Join(lines, "\n"), RuleOrder: StrictOrder}}, vpc)
	if err != nil {
		tb.Fatal(err)
	}
	return cp
}

func BenchmarkEvaluate(b *testing.B) {
	p := bench100(b)
	for _, bc := range []struct {
		name string
		f    Flow
	}{
		{"tls-allowed-last-rule", withSNI(tcp(in, out, 443), "svc49.example.com")},
		{"tls-refused-default-drop", withSNI(tcp(in, out, 443), "evil.example.com")},
		{"tcp-dropped-on-syn", tcp(in, "198.51.7.9", 1007)},
		{"udp-no-match", udp(in, out, 53)},
		{"ssh-declared-default-drop", declare(tcp(in, out, 22), "ssh")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = p.Evaluate(bc.f)
			}
		})
	}
}

// TestBenchPolicy checks the benchmark measures what its names say.
func TestBenchPolicy(t *testing.T) {
	p := bench100(t)
	for _, tc := range []struct {
		f    Flow
		want leg
	}{
		{withSNI(tcp(in, out, 443), "svc49.example.com"), leg{Pass, 100, false, ""}},
		{withSNI(tcp(in, out, 443), "evil.example.com"), leg{Drop, 0, true, "client data"}},
		{tcp(in, "198.51.7.9", 1007), leg{Drop, 8, false, "client SYN"}},
		{udp(in, out, 53), leg{Drop, 0, true, "client packet on the established flow"}},
		{declare(tcp(in, out, 22), "ssh"), leg{Drop, 0, true, "client data"}},
	} {
		tc.want.check(t, tc.f.TLSSNI, p.Evaluate(tc.f).Forward)
	}
}

// benchPrefixList is a 20-rule policy whose drop rules name a 400-CIDR
// prefix list as @BIG (inline false) or as the same CIDRs written out in
// the rule (400 keeps the rule under AWS's 8,192 characters).
func benchPrefixList(tb testing.TB, inline bool) *Policy {
	var cidrs []netip.Prefix
	var text []string
	for i := range 400 {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{100, byte(64 + i/250), byte(i % 250), 0}), 24)
		cidrs = append(cidrs, p)
		text = append(text, p.String())
	}
	dst := "@BIG"
	if inline {
		dst = "[" + strings.Join(text, ",") + "]"
	}
	var lines []string
	for i := range 20 {
		lines = append(lines, fmt.Sprintf("drop tcp $HOME_NET any -> %s %d (flow:to_server; sid:%d;)", dst, 1000+i, i+1))
	}
	p := &nfwjson.Policy{StatefulRefs: []nfwjson.Ref{{ARN: "arn:bench", Priority: 1}}}
	g := &nfwjson.RuleGroup{RulesString: strings.Join(lines, "\n"),
		IPSetReferences: map[string]string{"BIG": "arn:aws:ec2:us-east-1:555555555555:prefix-list/pl-big"}}
	cp, err := CompileWith(p, map[string]*nfwjson.RuleGroup{"arn:bench": g}, vpc,
		Options{PrefixLists: map[string][]netip.Prefix{"pl-big": cidrs}})
	if err != nil {
		tb.Fatal(err)
	}
	return cp
}

// BenchmarkEvaluatePrefixList: a flow to an address in no CIDR of the
// list, so every rule looks the address up on every client packet.
func BenchmarkEvaluatePrefixList(b *testing.B) {
	f := tcp(in, "100.68.0.1", 1019)
	for _, inline := range []bool{false, true} {
		name := "prefix-list"
		if inline {
			name = "inline-list"
		}
		p := benchPrefixList(b, inline)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = p.Evaluate(f)
			}
		})
	}
}

// TestBenchPrefixList checks the benchmark's flow reaches the last rule
// and that the prefix list and the inline list agree on a listed address.
func TestBenchPrefixList(t *testing.T) {
	for _, inline := range []bool{false, true} {
		p := benchPrefixList(t, inline)
		leg{Drop, 20, false, "client SYN"}.check(t, "listed", p.Evaluate(tcp(in, "100.65.149.1", 1019)).Forward)
		leg{Pass, 0, true, ""}.check(t, "unlisted", p.Evaluate(tcp(in, "100.68.0.1", 1019)).Forward)
	}
}
