package waf

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/geo"
	"github.com/netverdict/netverdict/evaluator/model"
)

// Builders for model values in tests: short, so a case reads like the
// AWS JSON it stands for.

const (
	testACLARN   = "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/test-acl/11111111-2222-3333-4444-555555555555"
	testNS       = "awswaf:111122223333:webacl:test-acl:"
	officeARN    = "arn:aws:wafv2:us-east-1:111122223333:regional/ipset/office/aaaaaaaa-0000-0000-0000-000000000001"
	badIPsARN    = "arn:aws:wafv2:us-east-1:111122223333:regional/ipset/bad-ips/aaaaaaaa-0000-0000-0000-000000000002"
	regexSetARN  = "arn:aws:wafv2:us-east-1:111122223333:regional/regexpatternset/bots/aaaaaaaa-0000-0000-0000-000000000003"
	groupARN     = "arn:aws:wafv2:us-east-1:111122223333:regional/rulegroup/my-group/aaaaaaaa-0000-0000-0000-000000000004"
	groupNS      = "awswaf:111122223333:rulegroup:my-group:"
	albARN       = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188"
	cloudfrontRT = ResourceCloudFront
)

func field(kind model.WAFFieldKind) model.WAFFieldToMatch { return model.WAFFieldToMatch{Kind: kind} }

func header(name string) model.WAFFieldToMatch {
	return model.WAFFieldToMatch{Kind: model.WAFFieldSingleHeader, Name: name}
}

func queryArg(name string) model.WAFFieldToMatch {
	return model.WAFFieldToMatch{Kind: model.WAFFieldSingleQueryArgument, Name: name}
}

func tts(types ...string) []model.WAFTextTransformation {
	out := []model.WAFTextTransformation{}
	for i, t := range types {
		out = append(out, model.WAFTextTransformation{Priority: int32(i), Type: t})
	}
	if len(out) == 0 {
		out = append(out, model.WAFTextTransformation{Type: "NONE"})
	}
	return out
}

func byteMatch(f model.WAFFieldToMatch, pos, search string, transforms ...string) *model.WAFStatement {
	return &model.WAFStatement{Kind: model.WAFByteMatch, Field: f, PositionalConstraint: pos,
		SearchString: []byte(search), Transformations: tts(transforms...)}
}

func regexMatch(f model.WAFFieldToMatch, re string, transforms ...string) *model.WAFStatement {
	return &model.WAFStatement{Kind: model.WAFRegexMatch, Field: f, RegexString: re, Transformations: tts(transforms...)}
}

func regexSetRef(f model.WAFFieldToMatch, arn string) *model.WAFStatement {
	return &model.WAFStatement{Kind: model.WAFRegexPatternSetReference, Field: f, ARN: arn, Transformations: tts()}
}

func sizeC(f model.WAFFieldToMatch, op string, size int64, transforms ...string) *model.WAFStatement {
	return &model.WAFStatement{Kind: model.WAFSizeConstraint, Field: f, ComparisonOperator: op, Size: size,
		Transformations: tts(transforms...)}
}

func sqli(f model.WAFFieldToMatch, transforms ...string) *model.WAFStatement {
	return &model.WAFStatement{Kind: model.WAFSqliMatch, Field: f, Transformations: tts(transforms...)}
}

func xss(f model.WAFFieldToMatch, transforms ...string) *model.WAFStatement {
	return &model.WAFStatement{Kind: model.WAFXssMatch, Field: f, Transformations: tts(transforms...)}
}

func ipRef(arn string) *model.WAFStatement {
	return &model.WAFStatement{Kind: model.WAFIPSetReference, ARN: arn}
}

func ipRefFwd(arn, headerName, fallback, pos string) *model.WAFStatement {
	s := ipRef(arn)
	s.ForwardedIP = &model.WAFForwardedIPConfig{HeaderName: headerName, FallbackBehavior: fallback, Position: pos}
	return s
}

func geoMatch(codes ...string) *model.WAFStatement {
	return &model.WAFStatement{Kind: model.WAFGeoMatch, CountryCodes: codes}
}

func asnMatch(asns ...int64) *model.WAFStatement {
	return &model.WAFStatement{Kind: model.WAFAsnMatch, ASNs: asns}
}

func labelMatch(scope, key string) *model.WAFStatement {
	return &model.WAFStatement{Kind: model.WAFLabelMatch, LabelScope: scope, LabelKey: key}
}

func and(s ...*model.WAFStatement) *model.WAFStatement {
	return &model.WAFStatement{Kind: model.WAFAnd, Statements: s}
}

func or(s ...*model.WAFStatement) *model.WAFStatement {
	return &model.WAFStatement{Kind: model.WAFOr, Statements: s}
}

func not(s *model.WAFStatement) *model.WAFStatement {
	return &model.WAFStatement{Kind: model.WAFNot, Statements: []*model.WAFStatement{s}}
}

func rateBased(limit int64, scope *model.WAFStatement) *model.WAFStatement {
	return &model.WAFStatement{Kind: model.WAFRateBased, RateLimit: limit, AggregateKeyType: "IP", ScopeDown: scope}
}

func mkRule(name string, prio int32, action model.WAFActionKind, st *model.WAFStatement, labels ...string) model.WAFRule {
	return model.WAFRule{Name: name, Priority: prio, Action: model.WAFAction{Kind: action}, Statement: st, Labels: labels}
}

func groupRule(name string, prio int32, override model.WAFOverrideKind, st *model.WAFStatement) model.WAFRule {
	return model.WAFRule{Name: name, Priority: prio, Override: override, Statement: st}
}

func groupRef(arn string) *model.WAFStatement {
	return &model.WAFStatement{Kind: model.WAFRuleGroupReference, ARN: arn}
}

func managed(vendor, name string) *model.WAFStatement {
	return &model.WAFStatement{Kind: model.WAFManagedRuleGroup, VendorName: vendor, Name: name}
}

// baseConfig is a web ACL (default Allow) with the seed's IP sets, a regex
// pattern set and one customer rule group; cases add rules.
func baseConfig(def model.WAFActionKind, rules ...model.WAFRule) *model.Config {
	return &model.Config{
		WebACLs: []model.WebACL{{
			Name: "test-acl", ARN: testACLARN, DefaultAction: model.WAFAction{Kind: def}, Rules: rules,
		}},
		IPSets: []model.IPSet{
			{Name: "office", ARN: officeARN, IPAddressVersion: "IPV4", Addresses: []netip.Prefix{
				netip.MustParsePrefix("198.51.100.0/24"), netip.MustParsePrefix("192.0.2.10/32")}},
			{Name: "bad-ips", ARN: badIPsARN, IPAddressVersion: "IPV4", Addresses: []netip.Prefix{
				netip.MustParsePrefix("203.0.113.0/28")}},
		},
		RegexPatternSets: []model.RegexPatternSet{
			{Name: "bots", ARN: regexSetARN, Patterns: []string{"(?i)curl/", "^python-requests"}},
		},
		WAFRuleGroups: []model.WAFRuleGroup{{
			Name: "my-group", ARN: groupARN, LabelNamespace: groupNS,
			Rules: []model.WAFRule{
				mkRule("g-count-admin", 1, model.WAFCount, byteMatch(field(model.WAFFieldURIPath), "STARTS_WITH", "/admin"), "admin"),
				mkRule("g-block-bad", 0, model.WAFBlock, ipRef(badIPsARN), "bad"),
				mkRule("g-allow-health", 2, model.WAFAllow, byteMatch(field(model.WAFFieldURIPath), "EXACTLY", "/health")),
			},
		}},
		WebACLAssociations: []model.WebACLAssociation{{WebACLARN: testACLARN, ResourceARN: albARN}},
	}
}

// testGeo is a small geo database of documentation ranges.
func testGeo(t testing.TB) *geo.DB {
	t.Helper()
	db, err := geo.Load("test-geo.csv", strings.NewReader(
		"network,country_code,region_code,asn\n"+
			"203.0.113.0/24,US,WA,64500\n"+
			"198.51.100.0/24,US,OR,64501\n"+
			"192.0.2.0/24,JP,,64502\n"+
			"2001:db8::/32,DE,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func req(method, path string, opts ...func(*Request)) *Request {
	r := &Request{ClientIP: netip.MustParseAddr("203.0.113.9"), Method: method, URIPath: path,
		Headers: []Header{{"Host", "example.com"}, {"User-Agent", "Mozilla/5.0"}}}
	for _, o := range opts {
		o(r)
	}
	return r
}

func from(ip string) func(*Request) {
	return func(r *Request) { r.ClientIP = netip.MustParseAddr(ip) }
}

func query(q string) func(*Request) { return func(r *Request) { r.QueryString = q } }

func body(b string) func(*Request) { return func(r *Request) { r.Body = []byte(b) } }

func withHeader(name, value string) func(*Request) {
	return func(r *Request) { r.Headers = append(r.Headers, Header{name, value}) }
}

// outcome summarises a Result for comparisons: verdict, terminating rule,
// matches (name/action) and labels.
func outcome(r Result) string {
	var b strings.Builder
	b.WriteString(r.Verdict.String())
	if r.HasTerminating {
		fmt.Fprintf(&b, " term=%s/%d/%v", r.Terminating.RuleName, r.Terminating.Priority, r.Terminating.Action)
		if r.Terminating.ResourceID != testACLARN {
			b.WriteString("@" + r.Terminating.ResourceID)
		}
	}
	if r.Default {
		b.WriteString(" default")
	}
	for _, m := range r.Matches {
		fmt.Fprintf(&b, " match=%s/%v", m.RuleName, m.Action)
		if len(m.Labels) > 0 {
			fmt.Fprintf(&b, "%v", m.Labels)
		}
	}
	if len(r.Labels) > 0 {
		fmt.Fprintf(&b, " labels=%s", strings.Join(r.Labels, ","))
	}
	return b.String()
}

// evalBoth evaluates with Evaluate and Reference and fails when they
// disagree on anything but the reason texts.
func evalBoth(t testing.TB, cfg *model.Config, r *Request, rt string, db *geo.DB) Result {
	t.Helper()
	set, err := Compile(cfg, CompileOptions{Geo: db})
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	acl, ok := set.ACL(cfg.WebACLs[0].ARN)
	if !ok {
		t.Fatalf("ACL %s not found", cfg.WebACLs[0].ARN)
	}
	var sc Scratch
	var res Result
	acl.Evaluate(r, rt, &sc, &res)
	ref := Reference(cfg, cfg.WebACLs[0].ARN, r, rt, db)
	if got, want := outcome(res), outcome(ref); got != want {
		t.Errorf("Evaluate and Reference disagree:\n Evaluate:  %s\n Reference: %s\n reason: %s\n ref reason: %s", got, want, res.Reason, ref.Reason)
	}
	// A second evaluation with the same scratch must give the same result.
	var again Result
	acl.Evaluate(r, rt, &sc, &again)
	if outcome(again) != outcome(res) || again.Reason != res.Reason {
		t.Errorf("re-evaluation differs: %s / %s", outcome(again), outcome(res))
	}
	return res
}

func labelsOf(r Result) []string { return slices.Clone(r.Labels) }
