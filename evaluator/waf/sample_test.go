package waf

import (
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/geo"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/waf/wafjson"
)

var update = flag.Bool("update", false, "rewrite golden files")

// decodeSample reads testdata/samples/name with wafjson.
func decodeSample(t *testing.T, name string, enc wafjson.Encoding) *wafjson.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "samples", name))
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := wafjson.Decode(name, data, wafjson.Options{SearchStringEncoding: enc})
	if err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
	return doc
}

const sampleACLARN = "arn:aws:wafv2:us-west-2:123456789012:regional/webacl/samples/a1b2c3d4-5678-90ab-cdef-EXAMPLE00000"

// aclOf wraps bare rules in a web ACL.
func aclOf(def model.WAFActionKind, rules ...model.WAFRule) model.WebACL {
	return model.WebACL{Name: "samples", ARN: sampleACLARN, DefaultAction: model.WAFAction{Kind: def}, Rules: rules}
}

func sampleGeo(t *testing.T) *geo.DB {
	db, err := geo.Load("sample-geo.csv", strings.NewReader(
		"198.51.100.0/24,US,OR\n203.0.113.0/24,US,WA\n100.64.0.0/16,US,CA\n100.65.0.0/16,IN\n192.0.2.0/24,JP\n"))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestSamples evaluates requests against the real AWS sample documents
// (decoded by wafjson) and compares verdicts and reasons with a golden file.
func TestSamples(t *testing.T) {
	webACL := decodeSample(t, "wafv2-get-web-acl.json", wafjson.Base64)
	ruleGroup := decodeSample(t, "wafv2-get-rule-group.json", wafjson.Base64)
	ipSet := decodeSample(t, "wafv2-get-ip-set.json", wafjson.Base64)
	regexSet := decodeSample(t, "wafv2-get-regex-pattern-set.json", wafjson.Base64)
	rulesFile := decodeSample(t, "wafv2-create-web-acl-rules-file.json", wafjson.Raw)
	notSQLi := decodeSample(t, "wafv2-rule-and-not-sqli.json", wafjson.Raw)
	labelGeo := decodeSample(t, "wafv2-rule-and-not-or-label-geo-bytematch.json", wafjson.Raw)
	geoXFF := decodeSample(t, "wafv2-rule-geo-forwarded-ip.json", wafjson.Raw)
	managedDoc := decodeSample(t, "wafv2-rule-managed-rule-group-with-overrides.json", wafjson.Raw)
	rateXFF := decodeSample(t, "wafv2-rule-rate-based-forwarded-ip.json", wafjson.Raw)
	geoCount := decodeSample(t, "wafv2-rules-geo-count-then-label-match.json", wafjson.Raw)

	get := &model.Config{WebACLs: webACL.WebACLs}
	groupACL := &model.Config{WAFRuleGroups: ruleGroup.RuleGroups, WebACLs: []model.WebACL{aclOf(model.WAFAllow,
		groupRule("ff", 0, model.WAFOverrideNone, groupRef(ruleGroup.RuleGroups[0].ARN)))}}
	ipACL := &model.Config{IPSets: ipSet.IPSets, WebACLs: []model.WebACL{aclOf(model.WAFAllow,
		mkRule("testip", 0, model.WAFBlock, ipRef(ipSet.IPSets[0].ARN)))}}
	regexACL := &model.Config{RegexPatternSets: regexSet.RegexPatternSets, WebACLs: []model.WebACL{aclOf(model.WAFAllow,
		mkRule("regex", 0, model.WAFBlock, regexSetRef(field(model.WAFFieldURIPath), regexSet.RegexPatternSets[0].ARN)))}}
	rulesACL := &model.Config{WebACLs: []model.WebACL{aclOf(model.WAFBlock, rulesFile.Rules...)}}
	sqliACL := &model.Config{WebACLs: []model.WebACL{aclOf(model.WAFAllow, notSQLi.Rules...)}}
	labelACL := &model.Config{WebACLs: []model.WebACL{aclOf(model.WAFAllow, labelGeo.Rules...)}}
	botFirst := &model.Config{WebACLs: []model.WebACL{aclOf(model.WAFAllow, append([]model.WAFRule{
		groupRule("bot-control", -1, model.WAFOverrideCount, managed("AWS", "AWSManagedRulesBotControlRuleSet"))}, labelGeo.Rules...)...)}}
	botFirst.WebACLs[0].Rules[1].Priority = 1
	geoACL := &model.Config{WebACLs: []model.WebACL{aclOf(model.WAFAllow, geoXFF.Rules...)}}
	managedACL := &model.Config{WebACLs: []model.WebACL{aclOf(model.WAFAllow, managedDoc.Rules...)}}
	managedSupplied := &model.Config{WebACLs: managedACL.WebACLs, WAFRuleGroups: []model.WAFRuleGroup{{
		Name: "AWSManagedRulesCommonRuleSet", LabelNamespace: "awswaf:managed:aws:core-rule-set:",
		Rules: []model.WAFRule{
			mkRule("NoUserAgent_HEADER", 0, model.WAFBlock, not(sizeC(header("user-agent"), "GE", 0)), "NoUserAgent_Header"),
			mkRule("CrossSiteScripting_BODY", 1, model.WAFBlock, xss(bodyField("CONTINUE"), "URL_DECODE", "HTML_ENTITY_DECODE"), "CrossSiteScripting_Body"),
		}}}}
	rateACL := &model.Config{WebACLs: []model.WebACL{aclOf(model.WAFAllow, rateXFF.Rules...)}}
	geoCountACL := &model.Config{WebACLs: []model.WebACL{aclOf(model.WAFAllow, geoCount.Rules...)}}

	xff := func(v string) func(*Request) { return withHeader("X-Forwarded-For", v) }
	cases := []struct {
		name string
		cfg  *model.Config
		r    *Request
	}{
		{"get-web-acl: base64 'teststring' is not a URI path AWS sends (§4.4)", get, req("GET", "/teststring")},
		{"get-web-acl: path teststring with an empty query (§4.3 size EQ 0)", get, req("GET", "teststring")},
		{"get-web-acl: path teststring with a query", get, req("GET", "teststring", query("a=1"))},
		{"get-rule-group: URI path of 7 bytes or less (§4.3)", groupACL, req("GET", "/abcdef")},
		{"get-rule-group: URI path of 8 bytes", groupACL, req("GET", "/abcdefg")},
		{"get-ip-set: 192.0.2.0/16 canonicalised to 192.0.0.0/16 (§0.3)", ipACL, req("GET", "/", from("192.0.77.1"))},
		{"get-ip-set: outside the /16", ipACL, req("GET", "/", from("192.1.0.1"))},
		{"get-regex-pattern-set: the '/' delimiters are literal (§4.9)", regexACL, req("GET", "/123/x")},
		{"get-regex-pattern-set: no /digits/ or /lowercase/ run", regexACL, req("GET", "/ABC/x")},
		{"rules-file: host example.com from the US is allowed (§4.4 raw SearchString)", rulesACL,
			req("GET", "/", from("100.64.1.1"), func(r *Request) { r.Headers = []Header{{"Host", "EXAMPLE.com"}} })},
		{"rules-file: from JP falls to the default Block", rulesACL,
			req("GET", "/", from("192.0.2.1"), func(r *Request) { r.Headers = []Header{{"Host", "example.com"}} })},
		{"and-not-sqli: SQL injection in the body is blocked", sqliACL, req("POST", "/", body("id=1' OR '1'='1"))},
		{"and-not-sqli: the false-positive marker exempts it", sqliACL,
			req("POST", "/", body("string identifying a false positive; id=1' OR '1'='1"))},
		{"and-not-sqli: an oversize body MATCHes both, so Not exempts it (§4.5)", sqliACL,
			req("POST", "/", body(strings.Repeat("x", 9000)))},
		{"label-geo: no bot-control labels, no match (§4.6)", labelACL, req("POST", "/", body("JCountryString"))},
		{"label-geo: bot-control not supplied under Count: its labels are unknown", botFirst, req("POST", "/", body("JCountryString"))},
		{"geo-forwarded-ip: X-Forwarded-For in the US (§4.8)", geoACL, req("GET", "/", from("192.0.2.1"), xff("100.64.0.1"))},
		{"geo-forwarded-ip: header absent, rule not applied", geoACL, req("GET", "/", from("100.64.0.1"))},
		{"geo-forwarded-ip: malformed header, FallbackBehavior MATCH", geoACL, req("GET", "/", xff("unknown"))},
		{"managed-overrides: AWS group not supplied (§4.2)", managedACL, req("GET", "/")},
		{"managed-overrides: stand-in supplied, NoUserAgent_HEADER overridden to Count", managedSupplied,
			req("GET", "/", func(r *Request) { r.Headers = nil })},
		{"managed-overrides: stand-in supplied, XSS body blocks", managedSupplied, req("POST", "/", body("%3Cscript%3Ealert(1)%3C/script%3E"))},
		{"rate-based-forwarded-ip: over the limit from the US", rateACL,
			req("GET", "/", xff("100.64.0.9"), func(r *Request) { r.RateLimited = []string{"XFFTestRateGeo"} })},
		{"rate-based-forwarded-ip: under the limit", rateACL, req("GET", "/", xff("100.64.0.9"))},
		{"rate-based-forwarded-ip: header absent omits the request (§4.3)", rateACL,
			req("GET", "/", func(r *Request) { r.RateLimited = []string{"*"} })},
		{"geo-count-then-label: US-OR is exempt (§4.6)", geoCountACL, req("GET", "/", xff("198.51.100.1"))},
		{"geo-count-then-label: US-CA is blocked", geoCountACL, req("GET", "/", xff("100.64.0.1"))},
		{"geo-count-then-label: IN is allowed", geoCountACL, req("GET", "/", xff("100.65.0.1"))},
		{"geo-count-then-label: no geo database: undecidable", geoCountACL, req("GET", "/", xff("100.64.0.1"))},
	}
	var out strings.Builder
	for _, tc := range cases {
		db := sampleGeo(t)
		if strings.Contains(tc.name, "no geo database") {
			db = nil
		}
		if tc.r.ClientIP == (netip.Addr{}) {
			tc.r.ClientIP = netip.MustParseAddr("203.0.113.9")
		}
		res := evalBoth(t, tc.cfg, tc.r, ResourceALB, db)
		fmt.Fprintf(&out, "%s\n  %s\n  %s\n", tc.name, outcome(res), res.Reason)
	}
	golden := filepath.Join("testdata", "golden", "samples.golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if out.String() != string(want) {
		t.Errorf("results differ from %s (run with -update after checking):\n%s", golden, out.String())
	}
}
