package waf

import (
	"net/netip"
	"testing"

	"github.com/netverdict/netverdict/evaluator/model"
)

// bigIPSet returns n distinct /24s and /32s spread over 10.0.0.0/8 and
// 100.64.0.0/10 (the shape of a real allowlist: many small prefixes).
func bigIPSet(n int, seed byte) []netip.Prefix {
	out := make([]netip.Prefix, 0, n)
	for i := 0; len(out) < n; i++ {
		a := netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), seed})
		bits := 32
		if i%2 == 0 {
			a = netip.AddrFrom4([4]byte{100, 64 + byte(i>>16)&63, byte(i >> 8), byte(i)})
			bits = 24 + i%9
		}
		out = append(out, netip.PrefixFrom(a, bits).Masked())
	}
	return out
}

// bench20Config is the 20-rule web ACL of the performance target.
func bench20Config() *model.Config {
	c := baseConfig(model.WAFAllow)
	c.IPSets[0].Addresses = append(bigIPSet(9998, 1), c.IPSets[0].Addresses...)
	c.IPSets[1].Addresses = append(bigIPSet(10000, 2), c.IPSets[1].Addresses[0])
	uri := field(model.WAFFieldURIPath)
	ua := header("user-agent")
	c.WebACLs[0].Rules = []model.WAFRule{
		seedRule(), // priority 0
		mkRule("bad-ips", 1, model.WAFBlock, ipRef(badIPsARN)),
		mkRule("bad-ips-xff", 2, model.WAFBlock, ipRefFwd(badIPsARN, "X-Forwarded-For", "NO_MATCH", "ANY")),
		mkRule("wp-login", 3, model.WAFBlock, byteMatch(uri, "STARTS_WITH", "/wp-", "LOWERCASE")),
		mkRule("php", 4, model.WAFBlock, regexMatch(uri, `\.(php|asp|jsp)$`, "LOWERCASE")),
		mkRule("bots", 5, model.WAFCount, regexSetRef(ua, regexSetARN), "bot"),
		mkRule("sqli-query", 6, model.WAFBlock, sqli(field(model.WAFFieldAllQueryArguments), "URL_DECODE")),
		mkRule("sqli-body", 7, model.WAFBlock, sqli(field(model.WAFFieldBody), "URL_DECODE")),
		mkRule("xss-query", 8, model.WAFBlock, xss(field(model.WAFFieldAllQueryArguments), "URL_DECODE", "HTML_ENTITY_DECODE")),
		mkRule("xss-body", 9, model.WAFBlock, xss(field(model.WAFFieldBody), "HTML_ENTITY_DECODE")),
		mkRule("big-query", 10, model.WAFBlock, sizeC(field(model.WAFFieldQueryString), "GT", 2048)),
		mkRule("big-body", 11, model.WAFBlock, sizeC(bodyField("MATCH"), "GT", 8192)),
		mkRule("no-ua", 12, model.WAFBlock, not(sizeC(ua, "GE", 0))),
		mkRule("host", 13, model.WAFBlock, not(byteMatch(header("host"), "ENDS_WITH", "example.com", "LOWERCASE"))),
		mkRule("bad-method", 14, model.WAFBlock, not(or(
			byteMatch(field(model.WAFFieldMethod), "EXACTLY", "GET"),
			byteMatch(field(model.WAFFieldMethod), "EXACTLY", "POST")))),
		mkRule("traversal", 15, model.WAFBlock, byteMatch(uri, "CONTAINS", "../", "URL_DECODE")),
		mkRule("api-key", 16, model.WAFCount, and(byteMatch(uri, "STARTS_WITH", "/api/"), not(byteMatch(header("x-api-key"), "CONTAINS", "k-"))), "no-key"),
		mkRule("block-keyless-bots", 17, model.WAFBlock, and(labelMatch("LABEL", "bot"), labelMatch("LABEL", "no-key"))),
		mkRule("cookie", 18, model.WAFBlock, byteMatch(cookiesField("VALUE", false, []string{"debug"}, nil, ""), "EXACTLY", "1")),
		mkRule("rate", 19, model.WAFBlock, rateBased(1000, byteMatch(uri, "STARTS_WITH", "/login"))),
	}
	return c
}

func benchRequest() *Request {
	return &Request{
		ClientIP: netip.MustParseAddr("203.0.113.200"), Method: "GET", URIPath: "/api/orders/42",
		QueryString: "page=2&sort=date&q=blue%20shoes",
		Headers: []Header{{"Host", "shop.example.com"}, {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64)"},
			{"Accept", "text/html"}, {"Cookie", "session=abc123; theme=dark"}, {"X-Api-Key", "k-123"}},
	}
}

func benchEvaluate(b *testing.B, cfg *model.Config) {
	set, err := Compile(cfg, CompileOptions{})
	if err != nil {
		b.Fatal(err)
	}
	acl, _ := set.ACL(testACLARN)
	r := benchRequest()
	var sc Scratch
	var res Result
	acl.Evaluate(r, ResourceALB, &sc, &res)
	if res.Verdict != Allow {
		b.Fatalf("verdict %v: %s", res.Verdict, res.Reason)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		acl.Evaluate(r, ResourceALB, &sc, &res)
	}
}

// BenchmarkEvaluate20Rules is the performance target: ≤ 5 µs per request.
func BenchmarkEvaluate20Rules(b *testing.B) { benchEvaluate(b, bench20Config()) }

// BenchmarkEvaluate1Rule is the baseline the 20-rule figure is compared with.
func BenchmarkEvaluate1Rule(b *testing.B) {
	c := bench20Config()
	c.WebACLs[0].Rules = c.WebACLs[0].Rules[:1]
	benchEvaluate(b, c)
}

func TestBench20AgreesWithReference(t *testing.T) {
	c := bench20Config()
	res := evalBoth(t, c, benchRequest(), ResourceALB, nil)
	if res.Verdict != Allow {
		t.Fatalf("verdict %v: %s", res.Verdict, res.Reason)
	}
	// The allowlisted admin and an attack, for coverage of the big sets.
	r := benchRequest()
	r.URIPath, r.ClientIP = "/admin/dashboard", netip.MustParseAddr("10.0.5.1")
	if res := evalBoth(t, c, r, ResourceALB, nil); res.Verdict != Allow {
		t.Errorf("office admin: %s", res.Reason)
	}
	r.ClientIP = netip.MustParseAddr("10.0.5.2")
	if res := evalBoth(t, c, r, ResourceALB, nil); !res.HasTerminating || res.Terminating.RuleName != "admin-only-from-office" {
		t.Errorf("non-office admin: %s", res.Reason)
	}
}

// TestEvaluateAllocations: with nothing matching, Evaluate itself
// allocates nothing once the Scratch has grown (the performance target).
// The request has no query arguments or body: libinjection (behind
// detect.SQLi/XSS) allocates on its own for every value it inspects.
func TestEvaluateAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	set, err := Compile(bench20Config(), CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	acl, _ := set.ACL(testACLARN)
	r := benchRequest()
	r.Headers[4].Value = "none" // no Count match, so no reason text is built
	r.URIPath = "/orders/42"
	r.QueryString = ""
	var sc Scratch
	var res Result
	acl.Evaluate(r, ResourceALB, &sc, &res)
	if n := testing.AllocsPerRun(100, func() { acl.Evaluate(r, ResourceALB, &sc, &res) }); n != 0 {
		t.Errorf("Evaluate allocates %v times per request", n)
	}
}

// TestEvaluateJSONBodyAllocations: walking a JSON body reuses the
// Scratch's buffers, member names included.
func TestEvaluateJSONBodyAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	all := model.WAFFieldToMatch{Kind: model.WAFFieldJSONBody, MatchScope: "ALL", All: true}
	some := model.WAFFieldToMatch{Kind: model.WAFFieldJSONBody, MatchScope: "VALUE", Included: []string{"/user/name"}}
	set, err := Compile(baseConfig(model.WAFAllow,
		mkRule("json-all", 1, model.WAFBlock, byteMatch(all, "CONTAINS", "zzz")),
		mkRule("json-name", 2, model.WAFBlock, byteMatch(some, "CONTAINS", "zzz"))), CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	acl, _ := set.ACL(testACLARN)
	r := req("POST", "/x", body(`{"user":{"name":"bob","tags":["a","b\u00e9"]},"k\"e":1}`))
	var sc Scratch
	var res Result
	acl.Evaluate(r, ResourceALB, &sc, &res)
	if res.Verdict != Allow {
		t.Fatalf("verdict %v: %s", res.Verdict, res.Reason)
	}
	if n := testing.AllocsPerRun(100, func() { acl.Evaluate(r, ResourceALB, &sc, &res) }); n != 0 {
		t.Errorf("Evaluate allocates %v times per request with a JSON body", n)
	}
}
