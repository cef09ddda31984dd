package waf

import (
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/model"
)

// seedRule is the seed scenario: URI path == /admin/dashboard AND the
// client IP is not in the office allowlist -> Block.
func seedRule() model.WAFRule {
	return mkRule("admin-only-from-office", 0, model.WAFBlock, and(
		byteMatch(field(model.WAFFieldURIPath), "EXACTLY", "/admin/dashboard"),
		not(ipRef(officeARN)),
	))
}

type evalCase struct {
	name   string // cites the aws-semantics section it checks
	cfg    *model.Config
	req    *Request
	rt     string // resource type; "" = ALB
	geo    bool   // load testGeo
	want   string // outcome()
	reason string // substring of Result.Reason
}

func runCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rt := tc.rt
			if rt == "" {
				rt = ResourceALB
			}
			db := testGeo(t)
			if !tc.geo {
				db = nil
			}
			res := evalBoth(t, tc.cfg, tc.req, rt, db)
			if got := outcome(res); got != tc.want {
				t.Errorf("outcome\n got: %s\nwant: %s\nreason: %s", got, tc.want, res.Reason)
			}
			if !strings.Contains(res.Reason, tc.reason) {
				t.Errorf("reason %q does not contain %q", res.Reason, tc.reason)
			}
		})
	}
}

func TestSeedScenario(t *testing.T) {
	runCases(t, []evalCase{
		{name: "§4.2 block: admin path from outside the office",
			cfg: baseConfig(model.WAFAllow, seedRule()), req: req("GET", "/admin/dashboard"),
			want:   "BLOCK term=admin-only-from-office/0/Block",
			reason: "Blocked by rule admin-only-from-office (priority 0): URI path is /admin/dashboard and the client IP 203.0.113.9 is not in IP set office"},
		{name: "§4.2 default allow: admin path from the office",
			cfg: baseConfig(model.WAFAllow, seedRule()), req: req("GET", "/admin/dashboard", from("198.51.100.7")),
			want: "ALLOW default", reason: "No rule terminated: default action Allow of web ACL test-acl"},
		{name: "§4.11 gotcha 8: URI path is case sensitive and not normalised",
			cfg: baseConfig(model.WAFAllow, seedRule()), req: req("GET", "/Admin/dashboard"),
			want: "ALLOW default"},
		{name: "§4.4 EXACTLY needs the whole path",
			cfg: baseConfig(model.WAFAllow, seedRule()), req: req("GET", "/admin/dashboard/"),
			want: "ALLOW default"},
		{name: "§4.8 IPv4 set never matches an IPv6 client",
			cfg: baseConfig(model.WAFAllow, seedRule()), req: req("GET", "/admin/dashboard", from("2001:db8::1")),
			want: "BLOCK term=admin-only-from-office/0/Block"},
		{name: "§4.8 IPv4-mapped client is looked up as IPv4",
			cfg: baseConfig(model.WAFAllow, seedRule()), req: req("GET", "/admin/dashboard", from("::ffff:198.51.100.7")),
			want: "ALLOW default"},
	})
}

func TestActionsAndOrder(t *testing.T) {
	uri := func(s string) *model.WAFStatement { return byteMatch(field(model.WAFFieldURIPath), "STARTS_WITH", s) }
	runCases(t, []evalCase{
		{name: "§4.2 rules run by Priority, not document order",
			cfg: baseConfig(model.WAFAllow,
				mkRule("late-allow", 5, model.WAFAllow, uri("/")),
				mkRule("early-block", 1, model.WAFBlock, uri("/"))),
			req: req("GET", "/x"), want: "BLOCK term=early-block/1/Block"},
		{name: "§4.2 Count continues and is listed",
			cfg: baseConfig(model.WAFBlock,
				mkRule("count", 0, model.WAFCount, uri("/")),
				mkRule("allow", 1, model.WAFAllow, uri("/x"))),
			req: req("GET", "/x"), want: "ALLOW term=allow/1/Allow match=count/Count"},
		{name: "§4.2 default Block when nothing terminates",
			cfg: baseConfig(model.WAFBlock, mkRule("count", 0, model.WAFCount, uri("/"))),
			req: req("GET", "/x"), want: "BLOCK default match=count/Count",
			reason: "default action Block"},
		{name: "§4.2 Captcha without a token blocks",
			cfg: baseConfig(model.WAFAllow, mkRule("captcha", 0, model.WAFCaptcha, uri("/"))),
			req: req("GET", "/x"), want: "BLOCK term=captcha/0/Captcha", reason: "CAPTCHA"},
		{name: "§4.2 Captcha with a valid token acts like Count",
			cfg:  baseConfig(model.WAFAllow, mkRule("captcha", 0, model.WAFCaptcha, uri("/"))),
			req:  req("GET", "/x", func(r *Request) { r.CaptchaTokenValid = true }),
			want: "ALLOW default match=captcha/Captcha"},
		{name: "§4.2 Challenge without a token blocks; a CAPTCHA token does not help",
			cfg:  baseConfig(model.WAFAllow, mkRule("challenge", 0, model.WAFChallenge, uri("/"))),
			req:  req("GET", "/x", func(r *Request) { r.CaptchaTokenValid = true }),
			want: "BLOCK term=challenge/0/Challenge", reason: "challenge"},
		{name: "§4.2 Challenge with a valid token continues",
			cfg:  baseConfig(model.WAFBlock, mkRule("challenge", 0, model.WAFChallenge, uri("/"))),
			req:  req("GET", "/x", func(r *Request) { r.ChallengeTokenValid = true }),
			want: "BLOCK default match=challenge/Challenge"},
		{name: "§4.1 Monetize terminates, treated as a block",
			cfg: baseConfig(model.WAFAllow, mkRule("pay", 0, model.WAFMonetize, uri("/"))),
			req: req("GET", "/x"), want: "BLOCK term=pay/0/Monetize", reason: "Monetize, treated as a block"},
		{name: "§4.2 Firewall Manager pre-process groups run before the rules, post-process after",
			cfg: func() *model.Config {
				c := baseConfig(model.WAFAllow, mkRule("allow-all", 0, model.WAFAllow, uri("/")))
				c.WebACLs[0].PreProcessRuleGroups = []model.WAFRule{groupRule("fms-pre", 0, model.WAFOverrideNone, groupRef(groupARN))}
				return c
			}(),
			req:  req("GET", "/x", from("203.0.113.1")),
			want: "BLOCK term=g-block-bad/0/Block@" + groupARN + " labels=" + groupNS + "bad"},
		{name: "§4.2 post-process groups run after the rules",
			cfg: func() *model.Config {
				c := baseConfig(model.WAFAllow, mkRule("allow-all", 0, model.WAFAllow, uri("/")))
				c.WebACLs[0].PostProcessRuleGroups = []model.WAFRule{groupRule("fms-post", 0, model.WAFOverrideNone, groupRef(groupARN))}
				return c
			}(),
			req: req("GET", "/x", from("203.0.113.1")), want: "ALLOW term=allow-all/0/Allow"},
	})
}

func TestRuleGroups(t *testing.T) {
	withGroup := func(st *model.WAFStatement, override model.WAFOverrideKind, extra ...model.WAFRule) *model.Config {
		return baseConfig(model.WAFAllow, append([]model.WAFRule{groupRule("use-group", 10, override, st)}, extra...)...)
	}
	ref := func(mod func(*model.WAFStatement)) *model.WAFStatement {
		s := groupRef(groupARN)
		if mod != nil {
			mod(s)
		}
		return s
	}
	after := mkRule("after", 20, model.WAFBlock, labelMatch("LABEL", groupNS+"admin"))
	runCases(t, []evalCase{
		{name: "§4.2 group rules run in the group's priority order at the reference",
			cfg: withGroup(ref(nil), model.WAFOverrideNone), req: req("GET", "/admin", from("203.0.113.2")),
			want:   "BLOCK term=g-block-bad/0/Block@" + groupARN + " labels=" + groupNS + "bad",
			reason: "of rule group " + groupARN},
		{name: "§4.2 group Count then Allow; group labels use the group namespace",
			cfg: withGroup(ref(nil), model.WAFOverrideNone), req: req("GET", "/admin", from("192.0.2.1")),
			want: "ALLOW default match=g-count-admin/Count[" + groupNS + "admin] labels=" + groupNS + "admin"},
		{name: "§4.2 OverrideAction Count turns the group's Block into Count and continues",
			cfg: withGroup(ref(nil), model.WAFOverrideCount, after), req: req("GET", "/admin", from("203.0.113.2")),
			want: "ALLOW default match=g-block-bad/Count[" + groupNS + "bad] labels=" + groupNS + "bad"},
		{name: "§4.11 gotcha 3: OverrideAction Count keeps the group's labels for later rules",
			cfg: withGroup(ref(nil), model.WAFOverrideCount, after), req: req("GET", "/admin", from("192.0.2.1")),
			want: "BLOCK term=after/20/Block match=g-count-admin/Count[" + groupNS + "admin] labels=" + groupNS + "admin"},
		{name: "§4.2 ExcludedRules override to Count",
			cfg:  withGroup(ref(func(s *model.WAFStatement) { s.ExcludedRules = []string{"g-block-bad"} }), model.WAFOverrideNone),
			req:  req("GET", "/health", from("203.0.113.2")),
			want: "ALLOW term=g-allow-health/2/Allow@" + groupARN + " match=g-block-bad/Count[" + groupNS + "bad] labels=" + groupNS + "bad"},
		{name: "§4.2 RuleActionOverrides replace a rule's action",
			cfg: withGroup(ref(func(s *model.WAFStatement) {
				s.RuleActionOverrides = []model.WAFRuleActionOverride{{Name: "g-allow-health", Action: model.WAFAction{Kind: model.WAFBlock}}}
			}), model.WAFOverrideNone),
			req: req("GET", "/health", from("192.0.2.1")), want: "BLOCK term=g-allow-health/2/Block@" + groupARN},
		{name: "§4.2 scope-down statement not matching skips the group",
			cfg: withGroup(ref(func(s *model.WAFStatement) {
				s.ScopeDown = byteMatch(field(model.WAFFieldMethod), "EXACTLY", "POST")
			}), model.WAFOverrideNone),
			req: req("GET", "/admin", from("203.0.113.2")), want: "ALLOW default"},
		{name: "§4.2 scope-down statement matching runs the group",
			cfg: withGroup(ref(func(s *model.WAFStatement) {
				s.ScopeDown = byteMatch(field(model.WAFFieldMethod), "EXACTLY", "GET")
			}), model.WAFOverrideNone),
			req: req("GET", "/admin", from("203.0.113.2")), want: "BLOCK term=g-block-bad/0/Block@" + groupARN + " labels=" + groupNS + "bad"},
		{name: "§4.6 unqualified label key only sees labels of the same context",
			cfg:  withGroup(ref(nil), model.WAFOverrideNone, mkRule("after", 20, model.WAFBlock, labelMatch("LABEL", "admin"))),
			req:  req("GET", "/admin", from("192.0.2.1")),
			want: "ALLOW default match=g-count-admin/Count[" + groupNS + "admin] labels=" + groupNS + "admin"},
		{name: "§4.2 managed group not supplied is indeterminate when reached",
			cfg: baseConfig(model.WAFAllow, groupRule("aws-common", 0, model.WAFOverrideNone, managed("AWS", "AWSManagedRulesCommonRuleSet"))),
			req: req("GET", "/"), want: "INDETERMINATE default",
			reason: "managed rule group AWS/AWSManagedRulesCommonRuleSet is not supplied"},
		{name: "§4.2 managed group not supplied under OverrideAction Count cannot change the verdict",
			cfg: baseConfig(model.WAFAllow, groupRule("aws-common", 0, model.WAFOverrideCount, managed("AWS", "AWSManagedRulesCommonRuleSet"))),
			req: req("GET", "/"), want: "ALLOW default"},
		{name: "§4.6 managed group not supplied under Count: a later match on its labels is indeterminate",
			cfg: baseConfig(model.WAFAllow,
				groupRule("aws-bot", 0, model.WAFOverrideCount, managed("AWS", "AWSManagedRulesBotControlRuleSet")),
				mkRule("block-bots", 1, model.WAFBlock, labelMatch("NAMESPACE", "awswaf:managed:aws:AWSManagedRulesBotControlRuleSet:bot:"))),
			req: req("GET", "/"), want: "INDETERMINATE default", reason: "may have been added by AWS/AWSManagedRulesBotControlRuleSet"},
		{name: "§4.2 managed group not reached (scope-down false) is not indeterminate",
			cfg: baseConfig(model.WAFAllow, groupRule("aws-common", 0, model.WAFOverrideNone, func() *model.WAFStatement {
				s := managed("AWS", "AWSManagedRulesCommonRuleSet")
				s.ScopeDown = byteMatch(field(model.WAFFieldURIPath), "STARTS_WITH", "/api")
				return s
			}())),
			req: req("GET", "/"), want: "ALLOW default"},
		{name: "§4.2 managed group supplied: evaluated with awswaf:managed namespace, bad override names ignored",
			cfg: func() *model.Config {
				c := baseConfig(model.WAFAllow)
				c.WAFRuleGroups = append(c.WAFRuleGroups, model.WAFRuleGroup{Name: "AWSManagedRulesCommonRuleSet",
					Rules: []model.WAFRule{
						mkRule("NoUserAgent_HEADER", 0, model.WAFBlock, not(sizeC(header("user-agent"), "GE", 0)), "NoUserAgent_Header"),
						mkRule("SizeRestrictions_QUERYSTRING", 1, model.WAFBlock, sizeC(field(model.WAFFieldQueryString), "GT", 2048)),
					}})
				m := managed("AWS", "AWSManagedRulesCommonRuleSet")
				m.RuleActionOverrides = []model.WAFRuleActionOverride{
					{Name: "NoUserAgent_HEADER", Action: model.WAFAction{Kind: model.WAFCount}},
					{Name: "NoSuchRule", Action: model.WAFAction{Kind: model.WAFAllow}}}
				c.WebACLs[0].Rules = []model.WAFRule{groupRule("AWS-AWSManagedRulesCommonRuleSet", 0, model.WAFOverrideNone, m)}
				return c
			}(),
			req:  &Request{ClientIP: req("GET", "/").ClientIP, Method: "GET", URIPath: "/"},
			want: "ALLOW default match=NoUserAgent_HEADER/Count[awswaf:managed:aws:AWSManagedRulesCommonRuleSet:NoUserAgent_Header] labels=awswaf:managed:aws:AWSManagedRulesCommonRuleSet:NoUserAgent_Header"},
		{name: "§4.2 customer rule group missing from the config is indeterminate",
			cfg: func() *model.Config {
				c := withGroup(ref(nil), model.WAFOverrideNone)
				c.WAFRuleGroups = nil
				return c
			}(),
			req: req("GET", "/"), want: "INDETERMINATE default", reason: "is not in the configuration"},
	})
}

func TestLabels(t *testing.T) {
	uri := byteMatch(field(model.WAFFieldURIPath), "STARTS_WITH", "/")
	runCases(t, []evalCase{
		{name: "§4.2 labels are added after the rule: visible to later rules",
			cfg: baseConfig(model.WAFAllow,
				mkRule("tag", 0, model.WAFCount, uri, "suspicious"),
				mkRule("use", 1, model.WAFBlock, labelMatch("LABEL", "suspicious"))),
			req:    req("GET", "/"),
			want:   "BLOCK term=use/1/Block match=tag/Count[" + testNS + "suspicious] labels=" + testNS + "suspicious",
			reason: "the request has label suspicious"},
		{name: "§4.2 labels are not visible to earlier rules",
			cfg: baseConfig(model.WAFAllow,
				mkRule("use", 0, model.WAFBlock, labelMatch("LABEL", "suspicious")),
				mkRule("tag", 1, model.WAFCount, uri, "suspicious")),
			req: req("GET", "/"), want: "ALLOW default match=tag/Count[" + testNS + "suspicious] labels=" + testNS + "suspicious"},
		{name: "§4.6 a rule cannot see its own labels",
			cfg: baseConfig(model.WAFAllow, mkRule("self", 0, model.WAFBlock, labelMatch("LABEL", "x"), "x")),
			req: req("GET", "/"), want: "ALLOW default"},
		{name: "§4.6 LABEL key with namespaces, fully qualified",
			cfg: baseConfig(model.WAFAllow,
				mkRule("tag", 0, model.WAFCount, uri, "bot:name:curl"),
				mkRule("use", 1, model.WAFBlock, labelMatch("LABEL", testNS+"bot:name:curl"))),
			req: req("GET", "/"), want: "BLOCK term=use/1/Block match=tag/Count[" + testNS + "bot:name:curl] labels=" + testNS + "bot:name:curl"},
		{name: "§4.6 LABEL key is component-aligned: 'url' does not match 'curl'",
			cfg: baseConfig(model.WAFAllow,
				mkRule("tag", 0, model.WAFCount, uri, "bot:name:curl"),
				mkRule("use", 1, model.WAFBlock, labelMatch("LABEL", "url"))),
			req: req("GET", "/"), want: "ALLOW default match=tag/Count[" + testNS + "bot:name:curl] labels=" + testNS + "bot:name:curl"},
		{name: "§4.6 NAMESPACE scope matches a namespace prefix",
			cfg: baseConfig(model.WAFAllow,
				mkRule("tag", 0, model.WAFCount, uri, "bot:name:curl"),
				mkRule("use", 1, model.WAFBlock, labelMatch("NAMESPACE", "bot:"))),
			req: req("GET", "/"), want: "BLOCK term=use/1/Block match=tag/Count[" + testNS + "bot:name:curl] labels=" + testNS + "bot:name:curl"},
		{name: "§4.6 NAMESPACE scope does not match the label name itself",
			cfg: baseConfig(model.WAFAllow,
				mkRule("tag", 0, model.WAFCount, uri, "bot:name:curl"),
				mkRule("use", 1, model.WAFBlock, labelMatch("NAMESPACE", "curl:"))),
			req: req("GET", "/"), want: "ALLOW default match=tag/Count[" + testNS + "bot:name:curl] labels=" + testNS + "bot:name:curl"},
		{name: "§4.6 web ACL LabelNamespace from the document is used",
			cfg: func() *model.Config {
				c := baseConfig(model.WAFAllow, mkRule("tag", 0, model.WAFCount, uri, "x"))
				c.WebACLs[0].LabelNamespace = "awswaf:999:webacl:other:"
				return c
			}(),
			req: req("GET", "/"), want: "ALLOW default match=tag/Count[awswaf:999:webacl:other:x] labels=awswaf:999:webacl:other:x"},
		{name: "§4.6 the sample: geo Count labels then a label match (forwarded IP)",
			cfg: baseConfig(model.WAFAllow,
				mkRule("geoMatchForLabels", 10, model.WAFCount, func() *model.WAFStatement {
					s := geoMatch("US")
					s.ForwardedIP = &model.WAFForwardedIPConfig{HeaderName: "X-Forwarded-For", FallbackBehavior: "MATCH"}
					return s
				}()),
				mkRule("blockUSButNotOROrWA", 11, model.WAFBlock, and(
					labelMatch("LABEL", "awswaf:forwardedip:geo:country:US"),
					not(or(labelMatch("LABEL", "awswaf:forwardedip:geo:region:US-OR"),
						labelMatch("LABEL", "awswaf:forwardedip:geo:region:US-WA")))))),
			req: req("GET", "/", withHeader("X-Forwarded-For", "198.51.100.4, 10.0.0.1")), geo: true,
			want: "ALLOW default match=geoMatchForLabels/Count labels=awswaf:forwardedip:geo:country:US,awswaf:forwardedip:geo:region:US-OR"},
		{name: "§4.6 geo labels are added even when the geo match fails",
			cfg: baseConfig(model.WAFAllow,
				mkRule("geo-jp", 0, model.WAFBlock, geoMatch("JP")),
				mkRule("us", 1, model.WAFBlock, labelMatch("LABEL", "awswaf:clientip:geo:region:US-WA"))),
			req: req("GET", "/"), geo: true,
			want: "BLOCK term=us/1/Block labels=awswaf:clientip:geo:country:US,awswaf:clientip:geo:region:US-WA"},
		{name: "§4.6 without a geo database, a match on geo labels is indeterminate",
			cfg: baseConfig(model.WAFAllow,
				mkRule("geo-count", 0, model.WAFCount, geoMatch("JP")),
				mkRule("us", 1, model.WAFBlock, labelMatch("LABEL", "awswaf:clientip:geo:country:US"))),
			req: req("GET", "/"), want: "INDETERMINATE default", reason: "labels under awswaf:clientip:geo:"},
		{name: "§4.6 a Count rule whose match is unknown makes a later label match unknown",
			cfg: baseConfig(model.WAFAllow,
				mkRule("ja3-count", 0, model.WAFCount, byteMatch(field(model.WAFFieldJA3Fingerprint), "EXACTLY", "abc"), "tls:odd"),
				mkRule("use", 1, model.WAFBlock, labelMatch("LABEL", "tls:odd"))),
			req: req("GET", "/"), want: "INDETERMINATE default", reason: "whose match is unknown"},
	})
}

func TestThreeValued(t *testing.T) {
	ja3 := byteMatch(field(model.WAFFieldJA3Fingerprint), "EXACTLY", "771,4865")
	uri := byteMatch(field(model.WAFFieldURIPath), "STARTS_WITH", "/")
	runCases(t, []evalCase{
		{name: "§4.3 unknown Block rule before an Allow: indeterminate, naming the rule",
			cfg: baseConfig(model.WAFAllow, mkRule("ja3-block", 0, model.WAFBlock, ja3)),
			req: req("GET", "/"), want: "INDETERMINATE default",
			reason: "rule ja3-block (priority 0) would block if it matched, and whether it matches is unknown: the request does not give its JA3 fingerprint"},
		{name: "§4.3 unknown Block rule before a Block: the verdict stands",
			cfg: baseConfig(model.WAFAllow, mkRule("ja3-block", 0, model.WAFBlock, ja3), mkRule("block", 1, model.WAFBlock, uri)),
			req: req("GET", "/"), want: "BLOCK term=block/1/Block"},
		{name: "§4.3 unknown rule after the terminating rule does not matter",
			cfg: baseConfig(model.WAFAllow, mkRule("allow", 0, model.WAFAllow, uri), mkRule("ja3-block", 1, model.WAFBlock, ja3)),
			req: req("GET", "/"), want: "ALLOW term=allow/0/Allow"},
		{name: "§4.3 And with a false operand is false even if another is unknown",
			cfg: baseConfig(model.WAFAllow, mkRule("r", 0, model.WAFBlock, and(ja3, byteMatch(field(model.WAFFieldMethod), "EXACTLY", "POST")))),
			req: req("GET", "/"), want: "ALLOW default"},
		{name: "§4.3 Or with a true operand is true even if another is unknown",
			cfg: baseConfig(model.WAFAllow, mkRule("r", 0, model.WAFBlock, or(ja3, byteMatch(field(model.WAFFieldMethod), "EXACTLY", "GET")))),
			req: req("GET", "/"), want: "BLOCK term=r/0/Block", reason: "method is GET"},
		{name: "§4.3 Not of unknown is unknown",
			cfg: baseConfig(model.WAFAllow, mkRule("r", 0, model.WAFBlock, not(ja3))),
			req: req("GET", "/"), want: "INDETERMINATE default"},
		{name: "§4.3 JA3 given: decided",
			cfg: baseConfig(model.WAFAllow, mkRule("r", 0, model.WAFBlock, ja3)),
			req: req("GET", "/", func(r *Request) { r.JA3 = "771,4865" }), want: "BLOCK term=r/0/Block",
			reason: "JA3 fingerprint is 771,4865"},
		{name: "§4.3 unknown Allow before a Block default: indeterminate",
			cfg: baseConfig(model.WAFBlock, mkRule("geo-allow", 0, model.WAFAllow, geoMatch("US"))),
			req: req("GET", "/"), want: "INDETERMINATE default", reason: "needs a geo database"},
		{name: "§4.3 geo decided with a database",
			cfg: baseConfig(model.WAFBlock, mkRule("geo-allow", 0, model.WAFAllow, geoMatch("US"))),
			req: req("GET", "/"), geo: true,
			want:   "ALLOW term=geo-allow/0/Allow labels=awswaf:clientip:geo:country:US,awswaf:clientip:geo:region:US-WA",
			reason: "the client IP 203.0.113.9 is in country US"},
		{name: "§4.3 ASN match with a database",
			cfg: baseConfig(model.WAFAllow, mkRule("asn", 0, model.WAFBlock, asnMatch(64500, 1))),
			req: req("GET", "/"), geo: true, want: "BLOCK term=asn/0/Block", reason: "AS64500"},
		{name: "§4.3 ASN not matching",
			cfg: baseConfig(model.WAFAllow, mkRule("asn", 0, model.WAFBlock, asnMatch(64501))),
			req: req("GET", "/"), geo: true, want: "ALLOW default"},
		{name: "§4.6 unknown location is country XX",
			cfg: baseConfig(model.WAFAllow, mkRule("xx", 0, model.WAFBlock, geoMatch("XX"))),
			req: req("GET", "/", from("10.1.1.1")), geo: true,
			want: "BLOCK term=xx/0/Block labels=awswaf:clientip:geo:country:XX"},
		{name: "§4.3 unknown rule in a Count-overridden group cannot change the verdict",
			cfg: func() *model.Config {
				c := baseConfig(model.WAFAllow, groupRule("g", 0, model.WAFOverrideCount, groupRef(groupARN)))
				c.WAFRuleGroups[0].Rules = []model.WAFRule{mkRule("ja3", 0, model.WAFBlock, ja3)}
				return c
			}(),
			req: req("GET", "/"), want: "ALLOW default"},
		{name: "§4.3 IP set missing from the config is unknown",
			cfg: baseConfig(model.WAFAllow, mkRule("r", 0, model.WAFBlock, ipRef(officeARN+"-gone"))),
			req: req("GET", "/"), want: "INDETERMINATE default", reason: "IP set " + officeARN + "-gone is not in the configuration"},
	})
}

func TestRateBased(t *testing.T) {
	rb := mkRule("rate-limit", 0, model.WAFBlock, rateBased(100, byteMatch(field(model.WAFFieldURIPath), "STARTS_WITH", "/login")))
	runCases(t, []evalCase{
		{name: "§4.2 rate-based: not listed in RateLimited does not match",
			cfg: baseConfig(model.WAFAllow, rb), req: req("GET", "/login"), want: "ALLOW default"},
		{name: "§4.2 rate-based: listed and scope-down matches",
			cfg:  baseConfig(model.WAFAllow, rb),
			req:  req("GET", "/login", func(r *Request) { r.RateLimited = []string{"rate-limit"} }),
			want: "BLOCK term=rate-limit/0/Block", reason: "rate state comes from the request"},
		{name: "§4.2 rate-based: '*' lists every rule, scope-down must still match",
			cfg: baseConfig(model.WAFAllow, rb),
			req: req("GET", "/home", func(r *Request) { r.RateLimited = []string{"*"} }), want: "ALLOW default"},
		{name: "§4.3 rate-based FORWARDED_IP: header absent omits the request",
			cfg: baseConfig(model.WAFAllow, mkRule("xff-rate", 0, model.WAFBlock, &model.WAFStatement{
				Kind: model.WAFRateBased, RateLimit: 100, AggregateKeyType: "FORWARDED_IP",
				ForwardedIP: &model.WAFForwardedIPConfig{HeaderName: "x-forwarded-for", FallbackBehavior: "MATCH"}})),
			req: req("GET", "/", func(r *Request) { r.RateLimited = []string{"*"} }), want: "ALLOW default"},
	})
}

func TestReasonSeesLabelsAsTheRuleDid(t *testing.T) {
	// §4.2: a rule's own labels are added after it; its reason must not
	// claim it matched on them.
	cfg := baseConfig(model.WAFAllow, mkRule("r", 0, model.WAFBlock,
		or(labelMatch("LABEL", "self"), byteMatch(field(model.WAFFieldMethod), "EXACTLY", "GET")), "self"))
	res := evalBoth(t, cfg, req("GET", "/"), ResourceALB, nil)
	if want := "Blocked by rule r (priority 0): method is GET"; res.Reason != want {
		t.Errorf("reason %q, want %q", res.Reason, want)
	}
}
