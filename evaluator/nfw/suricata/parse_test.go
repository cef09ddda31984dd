package suricata

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func readRules(t testing.TB, file string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustParse(t testing.TB, name, text string) *RuleSet {
	t.Helper()
	rs, err := Parse(name, text)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return rs
}

// TestAWSExamples parses the rules of AWS's documentation (testdata, see
// the comment above each rule for its page) and checks the typed fields.
func TestAWSExamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		file  string
		sid   uint32
		check func(t *testing.T, r *Rule)
	}{
		{"ssm SNI startswith/endswith", "aws_examples.rules", 202308311, func(t *testing.T, r *Rule) {
			want := []Content{
				{Buffer: "tls.sni", Pattern: []byte("ssm."), Startswith: true},
				{Buffer: "tls.sni", Pattern: []byte(".amazonaws.com"), Endswith: true, Nocase: true},
			}
			eq(t, "Contents", r.Contents, want)
			eq(t, "Flow", r.Flow, &Flow{ToServer: true})
			eq(t, "SSLState", r.SSLState, &SSLState{States: []string{"client_hello"}})
			eq(t, "Unmodelled", r.Unmodelled, []string(nil))
			eq(t, "Action/Protocol", r.Action.String()+" "+r.Protocol, "pass tls")
		}},
		{"ssm SNI, ko_kr ordering", "aws_examples_variant.rules", 202308311, func(t *testing.T, r *Rule) {
			eq(t, "Contents[0].Startswith", r.Contents[0].Startswith, true)
		}},
		{"JA3 hash is parsed, not modelled", "aws_examples.rules", 12820009, func(t *testing.T, r *Rule) {
			eq(t, "Msg", r.Msg, "Only allow Curl 7.79.1 JA3")
			eq(t, "Unmodelled", r.Unmodelled, []string{"ja3.hash"})
			eq(t, "Buffer", r.Contents[0].Buffer, "ja3.hash")
		}},
		{"rule variables", "aws_examples.rules", 210503, func(t *testing.T, r *Rule) {
			eq(t, "Src", r.Src, AddressSpec{Kind: AddrVar, Var: "$EXTERNAL_NET"})
			eq(t, "Dst", r.Dst, AddressSpec{Kind: AddrVar, Var: "$HTTP_SERVERS"})
			eq(t, "DstPorts", r.DstPorts, PortSpec{Kind: PortVar, Var: "$HTTP_PORTS"})
			eq(t, "Flow", r.Flow, &Flow{ToServer: true, Established: true})
			eq(t, "Contents", r.Contents, []Content{{Pattern: []byte(".htpasswd"), Nocase: true}})
			eq(t, "Rev", r.Rev, uint32(1))
		}},
		{"IP set reference", "aws_examples.rules", 1, func(t *testing.T, r *Rule) {
			eq(t, "Src", r.Src, AddressSpec{Kind: AddrVar, Var: "@BETA"})
			eq(t, "Dst", r.Dst, AddressSpec{})
		}},
		{"generated 5-tuple rule, unquoted msg, ANY, <>", "aws_examples.rules", 1234, func(t *testing.T, r *Rule) {
			eq(t, "Msg", r.Msg, "this is a stateful drop rule")
			eq(t, "Direction", r.Direction, DirBoth)
			eq(t, "SrcPorts", r.SrcPorts, PortSpec{})
		}},
		{"denylist TLS", "domain_denylist.rules", 1, func(t *testing.T, r *Rule) {
			eq(t, "Contents", r.Contents, []Content{{Buffer: "tls.sni", Pattern: []byte("evil.com"), Startswith: true, Endswith: true, Nocase: true}})
			eq(t, "Priority", r.Priority, 1)
			eq(t, "Flow", r.Flow, &Flow{ToServer: true, Established: true})
		}},
		{"denylist HTTP", "domain_denylist.rules", 2, func(t *testing.T, r *Rule) {
			eq(t, "Contents", r.Contents, []Content{{Buffer: "http.host", Pattern: []byte("evil.com"), Startswith: true, Endswith: true}})
		}},
		{"allowlist HTTP dotprefix", "domain_allowlist_http.rules", 1, func(t *testing.T, r *Rule) {
			eq(t, "Contents", r.Contents, []Content{{Buffer: "http.host", Pattern: []byte(".amazon.com"), Dotprefix: true, Endswith: true}})
			eq(t, "Unmodelled", r.Unmodelled, []string(nil))
		}},
		{"allowlist HTTP default drop uses hex content", "domain_allowlist_http.rules", 3, func(t *testing.T, r *Rule) {
			eq(t, "Contents", r.Contents, []Content{{Buffer: "http.header_names", Pattern: []byte("\r\n"), Startswith: true}})
			eq(t, "Unmodelled", r.Unmodelled, []string{"http.header_names"})
		}},
		{"allowlist TLS dotprefix nocase", "domain_allowlist_tls.rules", 1, func(t *testing.T, r *Rule) {
			eq(t, "Contents", r.Contents, []Content{{Buffer: "tls.sni", Pattern: []byte(".amazon.com"), Dotprefix: true, Nocase: true, Endswith: true}})
		}},
		{"allowlist TLS default drop", "domain_allowlist_tls.rules", 3, func(t *testing.T, r *Rule) {
			eq(t, "Contents", len(r.Contents), 0)
			eq(t, "SSLState", r.SSLState, &SSLState{States: []string{"client_hello"}})
		}},
		{"geoip with a negated country", "geoip_strict.rules", 1, func(t *testing.T, r *Rule) {
			eq(t, "GeoIP", r.GeoIP, &GeoIP{Direction: "src", Countries: []string{"!US", "UK"}})
			eq(t, "Protocol", r.Protocol, "ip")
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rs := mustParse(t, tc.file, readRules(t, tc.file))
			r := rs.BySID(tc.sid)
			if r == nil {
				t.Fatalf("no rule with sid %d", tc.sid)
			}
			tc.check(t, r)
		})
	}
}

func eq[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

func TestFeatures(t *testing.T) {
	t.Parallel()
	rs := mustParse(t, "features", readRules(t, "features.rules"))
	r := rs.BySID(1)
	wantSrc := AddressSpec{Kind: AddrList, List: []AddressSpec{
		{Kind: AddrPrefix, Prefix: netip.MustParsePrefix("10.0.0.0/8")},
		{Kind: AddrPrefix, Negated: true, Prefix: netip.MustParsePrefix("10.1.0.0/16")},
		{Kind: AddrList, List: []AddressSpec{
			{Kind: AddrPrefix, Prefix: netip.MustParsePrefix("192.168.0.1/32")},
			{Kind: AddrPrefix, Prefix: netip.MustParsePrefix("2001:db8::/32")},
		}},
	}}
	eq(t, "Src", r.Src, wantSrc)
	eq(t, "SrcPorts", r.SrcPorts, PortSpec{Kind: PortList, List: []PortSpec{
		{Kind: PortRange, Lo: 1024, Hi: 65535}, {Kind: PortRange, Negated: true, Lo: 2000, Hi: 2000},
	}})
	eq(t, "Dst", r.Dst, AddressSpec{Kind: AddrList, Negated: true, List: []AddressSpec{
		{Kind: AddrVar, Var: "$EXTERNAL_NET"}, {Kind: AddrVar, Var: "@PL"},
	}})
	eq(t, "DstPorts", r.DstPorts, PortSpec{Kind: PortList, List: []PortSpec{
		{Kind: PortRange, Lo: 0, Hi: 1023}, {Kind: PortRange, Lo: 8080, Hi: 8090}, {Kind: PortVar, Var: "$HTTP_PORTS"},
	}})

	r = rs.BySID(2)
	eq(t, "Msg", r.Msg, `dns "quoted" ; semi \ back`)
	eq(t, "Contents", r.Contents, []Content{{Buffer: "dns.query", Pattern: []byte("example.com"), Nocase: true}})

	r = rs.BySID(3)
	eq(t, "Line", r.Line, 6)
	eq(t, "DstPorts", r.DstPorts, PortSpec{Kind: PortRange, Lo: 443, Hi: 443})

	r = rs.BySID(4)
	eq(t, "Contents", r.Contents, []Content{{Buffer: "http.uri", Pattern: []byte("/admin"), Startswith: true, Depth: 6}})
	if len(r.PCREs) != 1 || r.PCREs[0].Regexp == nil || !r.PCREs[0].Regexp.MatchString("/ADMIN/users") {
		t.Errorf("pcre sid 4 = %+v, want a compiled case-insensitive regexp", r.PCREs)
	}
	eq(t, "PCRE buffer", r.PCREs[0].Buffer, "http.uri")

	r = rs.BySID(5)
	if p := r.PCREs[0]; p.Regexp != nil || !strings.Contains(p.Unsupported, "RE2") || !p.Negated {
		t.Errorf("lookbehind pcre = %+v, want Unsupported by RE2, negated", p)
	}
	eq(t, "Unmodelled", r.Unmodelled, []string{"pcre"})
	r = rs.BySID(6)
	eq(t, "Unsupported", r.PCREs[0].Unsupported, "pcre flag 'R' is not modelled")

	r = rs.BySID(7)
	eq(t, "Flowbits", r.Flowbits, []Flowbit{{Command: "set", Names: []string{"logged_in"}}, {Command: "noalert"}})
	r = rs.BySID(8)
	eq(t, "Flowbits", r.Flowbits, []Flowbit{{Command: "isset", Names: []string{"a", "b"}, Any: true}})
	r = rs.BySID(9)
	eq(t, "GeoIP", r.GeoIP, &GeoIP{Direction: "dst", Countries: []string{"CN", "US"}})
	r = rs.BySID(10)
	eq(t, "IPProto", r.IPProto, &IPProto{Op: "!", Number: 6})
	r = rs.BySID(11)
	eq(t, "AppLayerProtocol", r.AppLayerProtocol, &AppLayerProtocol{Negated: true, Name: "tls"})
	eq(t, "Priority", r.Priority, 3)
	r = rs.BySID(12)
	eq(t, "Unmodelled", r.Unmodelled, []string{"distance", "within", "classtype"})
	r = rs.BySID(13)
	eq(t, "Unmodelled", r.Unmodelled, []string{"itype"})
	eq(t, "Options[0]", r.Options[0], Option{Keyword: "itype", Value: "8", HasValue: true})
	r = rs.BySID(14)
	eq(t, "Action", r.Action, Reject)
	eq(t, "Flow", r.Flow, &Flow{Stateless: true})
	r = rs.BySID(15)
	eq(t, "Contents", r.Contents, []Content{{Buffer: "dns.query", Pattern: []byte(".amazonaws.com"), Dotprefix: true, Endswith: true}})
}

// TestMalformed checks that errors name the line, the column and the problem.
func TestMalformed(t *testing.T) {
	t.Parallel()
	const ok = `pass tcp any any -> any any (sid:1;)`
	tests := []struct {
		name, text string
		want       []string // full error lines
	}{
		{"missing closing quote", "# c\n\n" + `drop tcp any any -> any any (sid:2; content:"abc; nocase;)`,
			[]string{`rules:3:45: option "content": missing closing quote`}},
		{"unknown action", `accept:flow tcp:all any any -> any any (msg:"Allow traffic to DE"; geoip:dst,DE; sid:1;)`,
			[]string{`rules:1:1: unknown action "accept:flow" (want pass, drop, reject or alert)`}},
		{"unknown protocol", `pass foo any any -> any any (sid:1;)`, []string{`rules:1:6: unknown protocol "foo"`}},
		{"sctp unsupported", `pass sctp any any -> any any (sid:1;)`, []string{`rules:1:6: protocol "sctp" is not supported by AWS Network Firewall`}},
		{"bad direction", `pass tcp any any <- any any (sid:1;)`, []string{`rules:1:18: invalid direction "<-" (want -> or <>)`}},
		{"no sid", `pass tcp any any -> any any (msg:"x";)`, []string{`rules:1:29: rule has no sid (AWS Network Firewall requires one)`}},
		{"duplicate sid", ok + "\n" + `drop tcp any any -> any any (msg:"y"; sid:1;)`,
			[]string{`rules:2:43: sid 1 already used by the rule on line 1`}},
		{"bad CIDR", `pass tcp 10.0.0.0/33 any -> any any (sid:1;)`, []string{`rules:1:10: invalid CIDR "10.0.0.0/33"`}},
		{"list missing ]", `pass tcp [10.0.0.1,10.0.0.2 any -> any any (sid:1;)`, []string{`rules:1:29: address list: want "," or "]", got 'a'`}},
		{"bad port", `pass tcp any 70000 -> any any (sid:1;)`, []string{`rules:1:14: invalid port "70000" (want 0-65535)`}},
		{"empty range", `pass tcp any 90:80 -> any any (sid:1;)`, []string{`rules:1:14: port range "90:80" is empty (low > high)`}},
		{"not any", `pass tcp !any any -> any any (sid:1;)`, []string{`rules:1:10: "!any" matches nothing`}},
		{"missing options", `pass tcp any any -> any any`, []string{`rules:1:28: expected "(" to start the rule options`}},
		{"missing )", `pass tcp any any -> any any (sid:1;`, []string{`rules:1:36: missing ")" at the end of the rule options`}},
		{"missing ;", `pass tcp any any -> any any (sid:1)`, []string{`rules:1:35: option "sid": missing ";"`}},
		{"bad hex", `pass tcp any any -> any any (content:"|0g|"; sid:1;)`, []string{`rules:1:38: option "content": invalid hex digit 'g' in |...|`}},
		{"odd hex", `pass tcp any any -> any any (content:"|0d 0|"; sid:1;)`, []string{`rules:1:38: option "content": odd number of hex digits in |...|`}},
		{"nocase without content", `pass tcp any any -> any any (nocase; sid:1;)`, []string{`rules:1:30: option "nocase": needs a preceding content`}},
		{"bad flow", `pass tcp any any -> any any (flow:to_server,sideways; sid:1;)`, []string{`rules:1:35: option "flow": unknown flow option "sideways"`}},
		{"flow conflict", `pass tcp any any -> any any (flow:to_server,to_client; sid:1;)`, []string{`rules:1:35: option "flow": to_server and to_client together match nothing`}},
		{"bad priority", `pass tcp any any -> any any (priority:0; sid:1;)`, []string{`rules:1:39: option "priority": want an integer 1-255, got "0"`}},
		{"bad sid", `pass tcp any any -> any any (sid:x;)`, []string{`rules:1:34: option "sid": want an integer 1-4294967295, got "x"`}},
		{"bad geoip", `pass ip any any -> any any (geoip:dst,USA; sid:1;)`, []string{`rules:1:35: option "geoip": "USA" is not an ISO 3166 alpha-2 country code`}},
		{"bad flowbits", `pass ip any any -> any any (flowbits:flip,x; sid:1;)`, []string{`rules:1:38: option "flowbits": unknown command "flip" (want set, unset, toggle, isset, isnotset or noalert)`}},
		{"pcre alone", `pass ip any any -> any any (pcre:"/x/"; sid:1;)`, []string{`rules:1:34: option "pcre": AWS Network Firewall accepts pcre only with content, tls.sni, http.host or dns.query in the rule`}},
		{"dataset unsupported", `pass ip any any -> any any (dataset:isset,x; sid:1;)`, []string{`rules:1:37: option "dataset": datasets are not supported by AWS Network Firewall`}},
		{"continued line position", "pass tcp any any -> any any ( \\\n  msg:\"x\"; \\\n  content:\"|zz|\"; sid:1;)",
			[]string{`rules:3:11: option "content": invalid hex digit 'z' in |...|`}},
		{"several errors", "pass tcp any any -> any any (priority:300; flow:up; sid:1;)\nbad\n" + ok,
			[]string{
				`rules:1:39: option "priority": want an integer 1-255, got "300"`,
				`rules:1:49: option "flow": unknown flow option "up"`,
				`rules:2:1: unknown action "bad" (want pass, drop, reject or alert)`,
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("rules", tc.text)
			var el ErrorList
			if !errors.As(err, &el) {
				t.Fatalf("Parse error = %v, want an ErrorList", err)
			}
			var got []string
			for _, e := range el {
				got = append(got, e.Error())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestErrorCap(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("bogus\n", 250)
	rs, err := Parse("r", text)
	var el ErrorList
	if !errors.As(err, &el) || len(el) != MaxErrors {
		t.Fatalf("got %d errors, want %d", len(el), MaxErrors)
	}
	if rs == nil || len(rs.Rules) != 0 {
		t.Fatalf("RuleSet = %+v", rs)
	}
}

func TestGoodRulesKeptBesideBadOnes(t *testing.T) {
	t.Parallel()
	rs, err := Parse("r", "pass tcp any any -> any any (sid:1;)\nbogus\ndrop tcp any any -> any any (sid:2;)\n")
	if err == nil || len(rs.Rules) != 2 {
		t.Fatalf("rules = %d, err = %v; want 2 rules and an error", len(rs.Rules), err)
	}
}

// normalize clears what a re-rendered rule cannot reproduce: the line and
// the compiled regexps (their patterns are compared).
func normalize(r *Rule) Rule {
	c := *r
	c.Line = 0
	c.PCREs = slices.Clone(c.PCREs)
	for i := range c.PCREs {
		c.PCREs[i].Regexp = nil
	}
	return c
}

func roundTrip(t testing.TB, r *Rule) {
	t.Helper()
	text := r.String()
	rs, err := Parse("rt", text)
	if err != nil {
		t.Fatalf("re-parsing %q: %v", text, err)
	}
	if len(rs.Rules) != 1 {
		t.Fatalf("re-parsing %q gave %d rules", text, len(rs.Rules))
	}
	got := rs.Rules[0]
	if a, b := normalize(r), normalize(got); !reflect.DeepEqual(a, b) {
		t.Fatalf("round trip of %q changed the rule:\n got %#v\nwant %#v", text, b, a)
	}
	if (r.PCREs == nil) != (got.PCREs == nil) {
		t.Fatalf("pcre lists differ")
	}
	if again := got.String(); again != text {
		t.Fatalf("String is not canonical: %q then %q", text, again)
	}
}

// TestRoundTrip re-renders every rule of every testdata file and parses it back.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/*.rules")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, f := range files {
		rs := mustParse(t, f, readRules(t, filepath.Base(f)))
		for _, r := range rs.Rules {
			roundTrip(t, r)
		}
		// The whole set renders and re-parses too.
		rs2 := mustParse(t, f, rs.String())
		if len(rs2.Rules) != len(rs.Rules) {
			t.Fatalf("%s: %d rules after round trip, want %d", f, len(rs2.Rules), len(rs.Rules))
		}
	}
}

func TestCanonicalString(t *testing.T) {
	t.Parallel()
	rs := mustParse(t, "r", `PASS TCP ANY 1024: <> [ 10.0.0.1 , 10.0.0.0/8 ] :1023 (  msg : "x" ;  sid:7 ;flow: to_server ;)`)
	want := `pass tcp any 1024:65535 <> [10.0.0.1,10.0.0.0/8] 0:1023 (msg:"x"; sid:7; flow:to_server;)`
	if got := rs.Rules[0].String(); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestPCREFlags(t *testing.T) {
	t.Parallel()
	rs := mustParse(t, "r", `drop tls any any -> any any (tls.sni; pcre:"/^a.b$/smi"; sid:1;)`)
	re := rs.Rules[0].PCREs[0].Regexp
	if re == nil || !re.MatchString("x\nA\nB") {
		t.Fatalf("regexp %v does not honour s, m and i", re)
	}
	if re.String() != regexp.MustCompile(`(?smi)^a.b$`).String() {
		t.Errorf("regexp = %s", re)
	}
}

func ExampleParse() {
	rs, err := Parse("group", `pass tls $HOME_NET any -> $EXTERNAL_NET any (tls.sni; dotprefix; content:".example.com"; nocase; endswith; ja3.hash; content:"x"; sid:1;)`)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := rs.Rules[0]
	fmt.Println(r.SID, r.Contents[0].Buffer, string(r.Contents[0].Pattern), r.Contents[0].Dotprefix, r.Unmodelled)
	// Output: 1 tls.sni .example.com true [ja3.hash]
}

func TestQuotas(t *testing.T) {
	t.Parallel()
	long := `pass tcp any any -> any any (msg:"` + strings.Repeat("a", MaxRuleChars) + `"; sid:1;)`
	_, err := Parse("r", "\n"+long)
	if err == nil || !strings.HasPrefix(err.Error(), "r:2:1: rule is 8236 characters; AWS Network Firewall allows 8192") {
		t.Errorf("long rule: %v", err)
	}
	_, err = Parse("r", strings.Repeat("#\n", MaxRulesStringBytes/2+1))
	if err == nil || !strings.HasPrefix(err.Error(), "r:1:1: rules string is 2000002 bytes") {
		t.Errorf("long rules string: %v", err)
	}
}
