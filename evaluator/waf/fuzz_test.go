package waf

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/model"
)

// gen turns fuzz bytes into choices.
type gen struct{ b []byte }

func (g *gen) next(n int) int {
	if len(g.b) == 0 || n <= 1 {
		return 0
	}
	c := int(g.b[0])
	g.b = g.b[1:]
	return c % n
}

func pick[T any](g *gen, xs ...T) T { return xs[g.next(len(xs))] }

var fuzzFields = []func(*gen) model.WAFFieldToMatch{
	func(*gen) model.WAFFieldToMatch { return field(model.WAFFieldURIPath) },
	func(*gen) model.WAFFieldToMatch { return field(model.WAFFieldQueryString) },
	func(g *gen) model.WAFFieldToMatch { return queryArg(pick(g, "id", "ID", "q")) },
	func(*gen) model.WAFFieldToMatch { return field(model.WAFFieldAllQueryArguments) },
	func(g *gen) model.WAFFieldToMatch { return header(pick(g, "user-agent", "x-a", "cookie")) },
	func(g *gen) model.WAFFieldToMatch {
		if g.next(2) == 0 {
			return headersField(pick(g, "ALL", "KEY", "VALUE"), true, nil, nil, pick(g, "", "MATCH", "NO_MATCH"))
		}
		return headersField(pick(g, "ALL", "KEY", "VALUE"), false, []string{"x-a"}, nil, pick(g, "", "MATCH", "NO_MATCH"))
	},
	func(g *gen) model.WAFFieldToMatch {
		if g.next(2) == 0 {
			return cookiesField(pick(g, "ALL", "KEY", "VALUE"), true, nil, nil, pick(g, "", "MATCH", "NO_MATCH"))
		}
		return cookiesField(pick(g, "ALL", "KEY", "VALUE"), false, nil, []string{"s"}, pick(g, "", "MATCH", "NO_MATCH"))
	},
	func(g *gen) model.WAFFieldToMatch { return bodyField(pick(g, "", "MATCH", "NO_MATCH")) },
	func(g *gen) model.WAFFieldToMatch {
		return jsonField(pick(g, "ALL", "KEY", "VALUE"), pick(g, []string(nil), []string{"/a"}, []string{"/a/0", ""}),
			pick(g, "", "MATCH", "NO_MATCH", "EVALUATE_AS_STRING"), "")
	},
	func(*gen) model.WAFFieldToMatch { return field(model.WAFFieldMethod) },
	func(*gen) model.WAFFieldToMatch { return field(model.WAFFieldHeaderOrder) },
	func(g *gen) model.WAFFieldToMatch {
		return model.WAFFieldToMatch{Kind: model.WAFFieldURIFragment, FallbackBehavior: pick(g, "", "MATCH", "NO_MATCH")}
	},
}

func fuzzStmt(g *gen, depth int) *model.WAFStatement {
	f := fuzzFields[g.next(len(fuzzFields))](g)
	tr := pick(g, []string{}, []string{"LOWERCASE"}, []string{"URL_DECODE", "HTML_ENTITY_DECODE"})
	n := 13
	if depth > 2 {
		n = 10
	}
	switch g.next(n) {
	case 0:
		return byteMatch(f, pick(g, "EXACTLY", "STARTS_WITH", "ENDS_WITH", "CONTAINS", "CONTAINS_WORD"), pick(g, "a", "admin", "1", "x"), tr...)
	case 1:
		return regexMatch(f, pick(g, "^/a", "[0-9]+", "(?i)curl"), tr...)
	case 2:
		return regexSetRef(f, pick(g, regexSetARN, regexSetARN+"-missing"))
	case 3:
		return sizeC(f, pick(g, "EQ", "NE", "LE", "LT", "GE", "GT"), int64(g.next(20)), tr...)
	case 4:
		return sqli(f, tr...)
	case 5:
		return xss(f, tr...)
	case 6:
		if g.next(2) == 0 {
			return ipRef(pick(g, officeARN, badIPsARN, badIPsARN+"-missing"))
		}
		return ipRefFwd(pick(g, officeARN, badIPsARN), "X-Forwarded-For", pick(g, "MATCH", "NO_MATCH"), pick(g, "FIRST", "LAST", "ANY"))
	case 7:
		s := geoMatch(pick(g, "US", "JP", "XX"))
		if g.next(3) == 0 {
			s.ForwardedIP = &model.WAFForwardedIPConfig{HeaderName: "X-Forwarded-For", FallbackBehavior: pick(g, "MATCH", "NO_MATCH")}
		}
		return s
	case 8:
		return asnMatch(int64(pick(g, 64500, 64501, 0)))
	case 9:
		return labelMatch(pick(g, "LABEL", "NAMESPACE"), pick(g, "a", "b:", "x:a", testNS+"a", groupNS+"a",
			"awswaf:clientip:geo:country:US", "awswaf:clientip:", "awswaf:managed:aws:M:", "a:"))
	case 10:
		return and(fuzzStmt(g, depth+1), fuzzStmt(g, depth+1))
	case 11:
		return or(fuzzStmt(g, depth+1), fuzzStmt(g, depth+1))
	default:
		return not(fuzzStmt(g, depth+1))
	}
}

func fuzzRule(g *gen, name string, prio int32) model.WAFRule {
	st := fuzzStmt(g, 0)
	if st.Kind == model.WAFLabelMatch && st.LabelScope == "NAMESPACE" && !strings.HasSuffix(st.LabelKey, ":") {
		st.LabelKey += ":"
	}
	if g.next(8) == 0 {
		st = rateBased(100, pick(g, (*model.WAFStatement)(nil), st))
	}
	act := pick(g, model.WAFAllow, model.WAFBlock, model.WAFCount, model.WAFCount, model.WAFCaptcha, model.WAFChallenge, model.WAFMonetize)
	return mkRule(name, prio, act, st, pick(g, []string{}, []string{"a"}, []string{"x:a", "b"})...)
}

// fuzzConfig builds a small web ACL (and group) from g.
func fuzzConfig(g *gen) *model.Config {
	c := baseConfig(pick(g, model.WAFAllow, model.WAFBlock))
	gr := &c.WAFRuleGroups[0]
	gr.Rules = nil
	for i := range g.next(4) {
		gr.Rules = append(gr.Rules, fuzzRule(g, "g"+string(rune('a'+i)), int32(g.next(100))*10+int32(i)))
	}
	c.WAFRuleGroups = append(c.WAFRuleGroups, model.WAFRuleGroup{Name: "M", LabelNamespace: "awswaf:managed:aws:M:",
		Rules: []model.WAFRule{fuzzRule(g, "m", 0)}})
	var rules []model.WAFRule
	for i := range 1 + g.next(6) {
		prio := int32(g.next(50))*10 + int32(i)
		switch g.next(6) {
		case 0:
			s := groupRef(pick(g, groupARN, groupARN+"-missing"))
			if g.next(3) == 0 {
				s.ScopeDown = fuzzStmt(g, 2)
			}
			if len(gr.Rules) > 0 && g.next(2) == 0 {
				s.RuleActionOverrides = []model.WAFRuleActionOverride{{Name: gr.Rules[0].Name,
					Action: model.WAFAction{Kind: pick(g, model.WAFAllow, model.WAFBlock, model.WAFCount)}}}
			}
			rules = append(rules, groupRule("ref"+string(rune('a'+i)), prio, pick(g, model.WAFOverrideNone, model.WAFOverrideCount), s))
		case 1:
			s := managed("AWS", pick(g, "M", "Missing"))
			s.RuleActionOverrides = []model.WAFRuleActionOverride{{Name: "nope", Action: model.WAFAction{Kind: model.WAFAllow}}}
			rules = append(rules, groupRule("man"+string(rune('a'+i)), prio, pick(g, model.WAFOverrideNone, model.WAFOverrideCount), s))
		default:
			rules = append(rules, fuzzRule(g, "r"+string(rune('a'+i)), prio))
		}
	}
	c.WebACLs[0].Rules = rules
	if g.next(4) == 0 {
		c.WebACLs[0].PreProcessRuleGroups = []model.WAFRule{groupRule("pre", 0, model.WAFOverrideNone, groupRef(groupARN))}
	}
	return c
}

func FuzzEvaluate(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, "GET", "/admin/dashboard", "id=1%27%20OR%201=1", "x-a: 1\ncookie: s=1; t=2", []byte(`{"a":["x"]}`), "203.0.113.9", byte(0))
	f.Add([]byte{9, 9, 9, 7, 0, 1, 2}, "POST", "/a", "", "X-Forwarded-For: 198.51.100.1, 1.2.3.4", []byte("<script>"), "192.0.2.5", byte(3))
	f.Add([]byte{0, 0, 5, 3, 1, 0, 6, 2, 2}, "GET", "/", "q=curl", "user-agent: curl/8", []byte(nil), "2001:db8::1", byte(5))
	f.Fuzz(func(t *testing.T, rules []byte, method, path, q, hdrs string, body []byte, client string, flags byte) {
		g := &gen{b: rules}
		cfg := fuzzConfig(g)
		r := &Request{Method: method, URIPath: path, QueryString: q, Body: body,
			CaptchaTokenValid: flags&1 != 0, ChallengeTokenValid: flags&2 != 0}
		r.ClientIP, _ = netip.ParseAddr(client)
		if flags&4 != 0 {
			r.RateLimited = []string{"*"}
		}
		if flags&8 != 0 {
			r.JA3 = "771"
		}
		for _, line := range strings.Split(hdrs, "\n") {
			if name, value, ok := strings.Cut(line, ":"); ok {
				r.Headers = append(r.Headers, Header{strings.TrimSpace(name), strings.TrimSpace(value)})
			}
		}
		db := testGeo(t)
		if flags&16 != 0 {
			db = nil
		}
		rt := pick(&gen{b: []byte{flags >> 5}}, ResourceALB, ResourceCloudFront, ResourceAPIGateway, "")
		set, err := Compile(cfg, CompileOptions{Geo: db})
		if err != nil {
			t.Skip() // a generated regex or override the model rejects
		}
		acl, _ := set.ACL(testACLARN)
		var sc Scratch
		var res Result
		acl.Evaluate(r, rt, &sc, &res)
		ref := Reference(cfg, testACLARN, r, rt, db)
		if got, want := outcome(res), outcome(ref); got != want {
			t.Fatalf("Evaluate and Reference disagree:\n Evaluate:  %s\n Reference: %s\n reason: %s", got, want, res.Reason)
		}
		if res.Reason == "" {
			t.Fatal("empty reason")
		}
	})
}
