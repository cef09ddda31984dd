package waf

import (
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/model"
)

// block wraps one statement in a Block rule of a default-Allow web ACL.
func block(st *model.WAFStatement) *model.Config {
	return baseConfig(model.WAFAllow, mkRule("r", 0, model.WAFBlock, st))
}

const (
	blocked = "BLOCK term=r/0/Block"
	allowed = "ALLOW default"
)

func headersField(scope string, all bool, included, excluded []string, oversize string) model.WAFFieldToMatch {
	return model.WAFFieldToMatch{Kind: model.WAFFieldHeaders, MatchScope: scope, All: all, Included: included,
		Excluded: excluded, OversizeHandling: oversize}
}

func cookiesField(scope string, all bool, included, excluded []string, oversize string) model.WAFFieldToMatch {
	f := headersField(scope, all, included, excluded, oversize)
	f.Kind = model.WAFFieldCookies
	return f
}

func jsonField(scope string, paths []string, invalid, oversize string) model.WAFFieldToMatch {
	return model.WAFFieldToMatch{Kind: model.WAFFieldJSONBody, MatchScope: scope, All: len(paths) == 0,
		Included: paths, InvalidFallbackBehavior: invalid, OversizeHandling: oversize}
}

func bodyField(oversize string) model.WAFFieldToMatch {
	return model.WAFFieldToMatch{Kind: model.WAFFieldBody, OversizeHandling: oversize}
}

func manyHeaders(n int) func(*Request) {
	return func(r *Request) {
		for i := 0; i < n; i++ {
			r.Headers = append(r.Headers, Header{"X-Filler", "v"})
		}
	}
}

func TestFieldToMatch(t *testing.T) {
	big := strings.Repeat("a", 9000) + "needle"
	runCases(t, []evalCase{
		// §4.5 UriPath, QueryString, Method, UriFragment
		{name: "§4.5 QueryString is the text after '?'", cfg: block(byteMatch(field(model.WAFFieldQueryString), "EXACTLY", "a=1&b=2")),
			req: req("GET", "/", query("a=1&b=2")), want: blocked, reason: "query string is a=1&b=2"},
		{name: "§4.3 SizeConstraint: an empty query string has size 0", cfg: block(sizeC(field(model.WAFFieldQueryString), "EQ", 0)),
			req: req("GET", "/"), want: blocked, reason: "query string size 0 is equal to 0 bytes"},
		{name: "§4.3 SizeConstraint: the URI's leading '/' counts", cfg: block(sizeC(field(model.WAFFieldURIPath), "EQ", 9)),
			req: req("GET", "/logo.jpg"), want: blocked},
		{name: "§4.3 SizeConstraint is applied after transformations", cfg: block(sizeC(field(model.WAFFieldURIPath), "EQ", 2, "URL_DECODE")),
			req: req("GET", "/%41"), want: blocked},
		{name: "§4.5 Method", cfg: block(byteMatch(field(model.WAFFieldMethod), "EXACTLY", "POST")),
			req: req("POST", "/"), want: blocked},
		{name: "§4.5 UriFragment present", cfg: block(byteMatch(field(model.WAFFieldURIFragment), "CONTAINS", "x")),
			req: req("GET", "/", func(r *Request) { r.URIFragment = "top-x" }), want: blocked},
		{name: "§4.5 UriFragment absent, FallbackBehavior MATCH",
			cfg: block(byteMatch(model.WAFFieldToMatch{Kind: model.WAFFieldURIFragment, FallbackBehavior: "MATCH"}, "CONTAINS", "x")),
			req: req("GET", "/"), want: blocked, reason: "FallbackBehavior MATCH"},
		{name: "§4.5 UriFragment absent, no fallback: no match", cfg: block(byteMatch(field(model.WAFFieldURIFragment), "CONTAINS", "x")),
			req: req("GET", "/"), want: allowed},
		// SingleHeader
		{name: "§4.5 SingleHeader name is case-insensitive", cfg: block(byteMatch(header("HOST"), "EXACTLY", "example.com")),
			req: req("GET", "/"), want: blocked, reason: "header HOST is example.com"},
		{name: "§4.5 missing header: no match, so Not matches",
			cfg: block(not(byteMatch(header("x-api-key"), "CONTAINS", "k"))), req: req("GET", "/"), want: blocked,
			reason: "the request has no header x-api-key"},
		{name: "§4.5 repeated header: any occurrence matches", cfg: block(byteMatch(header("x-a"), "EXACTLY", "2")),
			req: req("GET", "/", withHeader("X-A", "1"), withHeader("x-a", "2")), want: blocked},
		// Query arguments
		{name: "§4.5 SingleQueryArgument: name case-insensitive, occurrences OR'ed",
			cfg: block(byteMatch(queryArg("ID"), "EXACTLY", "7")), req: req("GET", "/", query("id=1&Id=7")), want: blocked,
			reason: "query argument ID is 7"},
		{name: "§4.5 SingleQueryArgument absent: no match", cfg: block(byteMatch(queryArg("id"), "CONTAINS", "")),
			req: req("GET", "/", query("other=1")), want: allowed},
		{name: "§4.5 AllQueryArguments inspects values", cfg: block(sqli(field(model.WAFFieldAllQueryArguments), "URL_DECODE")),
			req: req("GET", "/", query("a=1&q=1%27%20OR%20%271%27%3D%271")), want: blocked, reason: "a query argument looks like SQL injection after URL_DECODE"},
		{name: "§4.5 AllQueryArguments does not inspect names", cfg: block(byteMatch(field(model.WAFFieldAllQueryArguments), "EXACTLY", "secret")),
			req: req("GET", "/", query("secret=1")), want: allowed},
		{name: "§4.7 PreParseTextTransformations apply to the raw query before splitting",
			cfg: block(&model.WAFStatement{Kind: model.WAFByteMatch, Field: queryArg("id"), PositionalConstraint: "EXACTLY",
				SearchString: []byte("7"), Transformations: tts(), PreParseTransformations: tts("URL_DECODE")}),
			req: req("GET", "/", query("x=1%26id%3D7")), want: blocked},
		// Headers
		{name: "§4.5 Headers ALL matches keys or values", cfg: block(byteMatch(headersField("ALL", true, nil, nil, ""), "EXACTLY", "User-Agent")),
			req: req("GET", "/"), want: blocked},
		{name: "§4.5 Headers VALUE does not match keys", cfg: block(byteMatch(headersField("VALUE", true, nil, nil, ""), "EXACTLY", "User-Agent")),
			req: req("GET", "/"), want: allowed},
		{name: "§4.5 Headers IncludedHeaders, case-insensitive", cfg: block(byteMatch(headersField("VALUE", false, []string{"user-agent"}, nil, ""), "STARTS_WITH", "Mozilla")),
			req: req("GET", "/"), want: blocked},
		{name: "§4.5 Headers ExcludedHeaders", cfg: block(byteMatch(headersField("VALUE", false, nil, []string{"USER-AGENT"}, ""), "STARTS_WITH", "Mozilla")),
			req: req("GET", "/"), want: allowed},
		{name: "§4.5 Headers includes the Cookie header", cfg: block(byteMatch(headersField("KEY", true, nil, nil, ""), "EXACTLY", "Cookie")),
			req: req("GET", "/", withHeader("Cookie", "a=b")), want: blocked},
		{name: "§4.5 Headers over 200: OversizeHandling MATCH", cfg: block(byteMatch(headersField("KEY", true, nil, nil, "MATCH"), "EXACTLY", "nothing")),
			req: req("GET", "/", manyHeaders(199)), want: blocked, reason: "OversizeHandling MATCH"},
		{name: "§4.5 Headers over 200: NO_MATCH", cfg: block(byteMatch(headersField("KEY", true, nil, nil, "NO_MATCH"), "EXACTLY", "Host")),
			req: req("GET", "/", manyHeaders(199)), want: allowed},
		{name: "§4.5 Headers over 200: CONTINUE inspects the first 200 only", cfg: block(byteMatch(headersField("KEY", true, nil, nil, "CONTINUE"), "EXACTLY", "X-Late")),
			req: req("GET", "/", manyHeaders(198), withHeader("X-Late", "1")), want: allowed},
		{name: "§4.5 Headers within 200: CONTINUE sees the last", cfg: block(byteMatch(headersField("KEY", true, nil, nil, "CONTINUE"), "EXACTLY", "X-Late")),
			req: req("GET", "/", manyHeaders(197), withHeader("X-Late", "1")), want: blocked},
		{name: "§4.5 Headers over 8 KB: CONTINUE drops what follows", cfg: block(byteMatch(headersField("KEY", true, nil, nil, ""), "EXACTLY", "X-Late")),
			req: req("GET", "/", withHeader("X-Big", strings.Repeat("b", 8200)), withHeader("X-Late", "1")), want: allowed},
		{name: "§4.5 HeaderOrder joins names with ':'", cfg: block(byteMatch(field(model.WAFFieldHeaderOrder), "EXACTLY", "host:user-agent", "LOWERCASE")),
			req: req("GET", "/"), want: blocked},
		// Cookies
		{name: "§4.5 Cookies parsed from Cookie headers, VALUE", cfg: block(byteMatch(cookiesField("VALUE", false, []string{"session"}, nil, ""), "EXACTLY", "abc")),
			req: req("GET", "/", withHeader("Cookie", "theme=dark; session=abc")), want: blocked},
		{name: "§4.5 Cookies include/exclude is case-sensitive", cfg: block(byteMatch(cookiesField("VALUE", false, []string{"Session"}, nil, ""), "EXACTLY", "abc")),
			req: req("GET", "/", withHeader("Cookie", "session=abc")), want: allowed},
		{name: "§4.5 Cookies KEY over several Cookie headers", cfg: block(byteMatch(cookiesField("KEY", true, nil, nil, ""), "EXACTLY", "b")),
			req: req("GET", "/", withHeader("Cookie", "a=1"), withHeader("cookie", "b=2")), want: blocked},
		{name: "§4.5 Cookies ExcludedCookies", cfg: block(byteMatch(cookiesField("VALUE", false, nil, []string{"a"}, ""), "EXACTLY", "1")),
			req: req("GET", "/", withHeader("Cookie", "a=1; b=2")), want: allowed},
		{name: "§4.5 no Cookie header: missing", cfg: block(not(byteMatch(cookiesField("ALL", true, nil, nil, ""), "CONTAINS", "x"))),
			req: req("GET", "/"), want: blocked},
		{name: "§4.5 Cookies over 200: OversizeHandling MATCH", cfg: block(byteMatch(cookiesField("KEY", true, nil, nil, "MATCH"), "EXACTLY", "zz")),
			req: req("GET", "/", withHeader("Cookie", strings.Repeat("c=1;", 201))), want: blocked},
		// Body
		{name: "§4.5 Body", cfg: block(byteMatch(bodyField(""), "CONTAINS", "needle")),
			req: req("POST", "/", body("hay needle hay")), want: blocked, reason: "body contains needle"},
		{name: "§4.5 empty body is missing", cfg: block(not(byteMatch(bodyField(""), "CONTAINS", "x"))),
			req: req("POST", "/"), want: blocked},
		{name: "§4.11 gotcha 7: ALB inspects 8 KB; CONTINUE misses what follows", cfg: block(byteMatch(bodyField("CONTINUE"), "CONTAINS", "needle")),
			req: req("POST", "/", body(big)), want: allowed},
		{name: "§4.5 ALB body over 8 KB: OversizeHandling MATCH", cfg: block(byteMatch(bodyField("MATCH"), "CONTAINS", "zzz")),
			req: req("POST", "/", body(big)), want: blocked, reason: "over WAF's inspection limit (OversizeHandling MATCH)"},
		{name: "§4.5 CloudFront inspects 16 KB by default", cfg: block(byteMatch(bodyField("CONTINUE"), "CONTAINS", "needle")),
			req: req("POST", "/", body(big)), rt: ResourceCloudFront, want: blocked},
		{name: "§4.5 CloudFront with AssociationConfig 8 KB... uses the web ACL's limit",
			cfg: func() *model.Config {
				c := block(byteMatch(bodyField("NO_MATCH"), "CONTAINS", "a"))
				c.WebACLs[0].BodyLimits = []model.WAFBodyLimit{{ResourceType: ResourceAPIGateway, Bytes: 32768}}
				return c
			}(),
			req: req("POST", "/", body(strings.Repeat("a", 20000))), rt: ResourceAPIGateway, want: blocked},
		{name: "§4.5 API Gateway default 16 KB: NO_MATCH over it", cfg: block(byteMatch(bodyField("NO_MATCH"), "CONTAINS", "a")),
			req: req("POST", "/", body(strings.Repeat("a", 20000))), rt: ResourceAPIGateway, want: allowed},
		{name: "§4.5 unknown resource type and a body over 8 KB: undecidable", cfg: block(byteMatch(bodyField(""), "CONTAINS", "needle")),
			req: req("POST", "/", body(big)), rt: "UNKNOWN", want: "INDETERMINATE default", reason: "resource type"},
		{name: "§4.3 SizeConstraint body with OversizeHandling MATCH blocks big bodies",
			cfg: block(sizeC(bodyField("MATCH"), "GT", 8192)), req: req("POST", "/", body(big)), want: blocked},
		// JsonBody
		{name: "§4.5 JsonBody VALUE, all", cfg: block(byteMatch(jsonField("VALUE", nil, "", ""), "EXACTLY", "admin")),
			req: req("POST", "/", body(`{"user":{"role":"admin"}}`)), want: blocked},
		{name: "§4.5 JsonBody KEY", cfg: block(byteMatch(jsonField("KEY", nil, "", ""), "EXACTLY", "role")),
			req: req("POST", "/", body(`{"user":{"role":"x"}}`)), want: blocked},
		{name: "§4.5 JsonBody IncludedPaths: only what is under the pointer",
			cfg: block(byteMatch(jsonField("ALL", []string{"/user"}, "", ""), "EXACTLY", "admin")),
			req: req("POST", "/", body(`{"other":"admin","user":{"name":"bob"}}`)), want: allowed},
		{name: "§4.5 JsonBody IncludedPaths: the pointer's own key is not inspected",
			cfg: block(byteMatch(jsonField("KEY", []string{"/user"}, "", ""), "EXACTLY", "user")),
			req: req("POST", "/", body(`{"user":{"name":"bob"}}`)), want: allowed},
		{name: "§4.5 JsonBody IncludedPaths with an array index",
			cfg: block(byteMatch(jsonField("VALUE", []string{"/items/1"}, "", ""), "EXACTLY", "b")),
			req: req("POST", "/", body(`{"items":["a","b"]}`)), want: blocked},
		{name: "§4.5 JsonBody values are unescaped", cfg: block(byteMatch(jsonField("VALUE", nil, "", ""), "EXACTLY", "<a>")),
			req: req("POST", "/", body(`{"x":"\u003ca\u003e"}`)), want: blocked},
		{name: "§4.5 JsonBody lenient: missing comma parses as two pairs",
			cfg: block(byteMatch(jsonField("VALUE", nil, "NO_MATCH", ""), "EXACTLY", "value2")),
			req: req("POST", "/", body(`{"key1":"value1""key2":"value2"}`)), want: blocked},
		{name: "§4.5 JsonBody invalid: InvalidFallbackBehavior MATCH",
			cfg: block(byteMatch(jsonField("VALUE", nil, "MATCH", ""), "EXACTLY", "zzz")),
			req: req("POST", "/", body(`{"a": nope}`)), want: blocked, reason: "not valid JSON"},
		{name: "§4.5 JsonBody invalid: NO_MATCH",
			cfg: block(byteMatch(jsonField("VALUE", nil, "NO_MATCH", ""), "EXACTLY", "1")),
			req: req("POST", "/", body(`{"a":"1", nope}`)), want: allowed},
		{name: "§4.5 JsonBody invalid: EVALUATE_AS_STRING",
			cfg: block(byteMatch(jsonField("VALUE", nil, "EVALUATE_AS_STRING", ""), "CONTAINS", "nope")),
			req: req("POST", "/", body(`{"a": nope}`)), want: blocked},
		{name: "§4.5 JsonBody invalid without fallback: elements up to the failure",
			cfg: block(byteMatch(jsonField("VALUE", nil, "", ""), "EXACTLY", "1")),
			req: req("POST", "/", body(`{"a":"1", nope}`)), want: blocked},
		{name: "§4.5 JsonBody invalid without fallback: nothing after the failure",
			cfg: block(byteMatch(jsonField("VALUE", nil, "", ""), "EXACTLY", "2")),
			req: req("POST", "/", body(`{"a":"1", nope, "b":"2"}`)), want: allowed},
		{name: "§4.5 JsonBody numbers and literals are values",
			cfg: block(byteMatch(jsonField("VALUE", nil, "", ""), "EXACTLY", "true")),
			req: req("POST", "/", body(`[1, -2.5e3, null, true]`)), want: blocked},
		// Fingerprints
		{name: "§4.4 JA4 EXACTLY", cfg: block(byteMatch(field(model.WAFFieldJA4Fingerprint), "EXACTLY", "t13d1516h2_8daaf6152771_b186095e22b6")),
			req: req("GET", "/", func(r *Request) { r.JA4 = "t13d1516h2_8daaf6152771_b186095e22b6" }), want: blocked},
	})
}

func TestStatements(t *testing.T) {
	uri := field(model.WAFFieldURIPath)
	ua := header("user-agent")
	runCases(t, []evalCase{
		{name: "§4.4 STARTS_WITH", cfg: block(byteMatch(uri, "STARTS_WITH", "/api/")), req: req("GET", "/api/v1"), want: blocked,
			reason: "URI path starts with /api/"},
		{name: "§4.4 ENDS_WITH", cfg: block(byteMatch(uri, "ENDS_WITH", ".php")), req: req("GET", "/x.php"), want: blocked},
		{name: "§4.4 CONTAINS", cfg: block(byteMatch(uri, "CONTAINS", "etc/passwd")), req: req("GET", "/a/../etc/passwd"), want: blocked},
		{name: "§4.4 CONTAINS_WORD delimited by non-word characters", cfg: block(byteMatch(ua, "CONTAINS_WORD", "BadBot")),
			req: req("GET", "/", withHeader("User-Agent", "x-BadBot;")), want: blocked},
		{name: "§4.4 CONTAINS_WORD not inside a word", cfg: block(byteMatch(ua, "CONTAINS_WORD", "BadBot")),
			req: req("GET", "/", func(r *Request) { r.Headers = []Header{{"User-Agent", "NotABadBots"}} }), want: allowed},
		{name: "§4.4 byte match is case sensitive", cfg: block(byteMatch(ua, "CONTAINS", "mozilla")), req: req("GET", "/"), want: allowed},
		{name: "§4.4 LOWERCASE makes it case-insensitive", cfg: block(byteMatch(ua, "CONTAINS", "mozilla", "LOWERCASE")), req: req("GET", "/"), want: blocked,
			reason: "header user-agent contains mozilla after LOWERCASE"},
		{name: "§4.7 transformations apply in Priority order",
			cfg: block(&model.WAFStatement{Kind: model.WAFByteMatch, Field: uri, PositionalConstraint: "EXACTLY", SearchString: []byte("/a b"),
				Transformations: []model.WAFTextTransformation{{Priority: 5, Type: "COMPRESS_WHITE_SPACE"}, {Priority: 1, Type: "URL_DECODE"}}}),
			req: req("GET", "/a%20%20b"), want: blocked},
		{name: "§4.3 RegexMatch", cfg: block(regexMatch(uri, `^/user/[0-9]+$`)), req: req("GET", "/user/42"), want: blocked,
			reason: "URI path matches regex ^/user/[0-9]+$"},
		{name: "§4.3 RegexPatternSetReference: any pattern", cfg: block(regexSetRef(ua, regexSetARN)),
			req: req("GET", "/", func(r *Request) { r.Headers = []Header{{"User-Agent", "python-requests/2.31"}} }), want: blocked,
			reason: "regex pattern set bots"},
		{name: "§4.3 RegexPatternSetReference: none", cfg: block(regexSetRef(ua, regexSetARN)), req: req("GET", "/"), want: allowed},
		{name: "§4.3 RegexPatternSetReference missing from the config: unknown", cfg: block(regexSetRef(ua, regexSetARN+"x")),
			req: req("GET", "/"), want: "INDETERMINATE default", reason: "regex pattern set " + regexSetARN + "x is not in the configuration"},
		{name: "§4.3 SizeConstraint GT", cfg: block(sizeC(queryArg("q"), "GT", 3)), req: req("GET", "/", query("q=abcd")), want: blocked},
		{name: "§4.3 SizeConstraint LE false", cfg: block(sizeC(queryArg("q"), "LE", 3)), req: req("GET", "/", query("q=abcd")), want: allowed},
		{name: "§4.3 SizeConstraint NE / LT / GE", cfg: block(and(sizeC(uri, "NE", 1), sizeC(uri, "LT", 5), sizeC(uri, "GE", 4))),
			req: req("GET", "/abc"), want: blocked},
		{name: "§4.3 SqliMatch", cfg: block(sqli(queryArg("id"), "URL_DECODE")), req: req("GET", "/", query("id=1%20UNION%20SELECT%20password%20FROM%20users")),
			want: blocked, reason: "query argument id looks like SQL injection after URL_DECODE"},
		{name: "§4.3 SqliMatch benign", cfg: block(sqli(queryArg("id"), "URL_DECODE")), req: req("GET", "/", query("id=42")), want: allowed},
		{name: "§4.3 XssMatch", cfg: block(xss(field(model.WAFFieldBody), "HTML_ENTITY_DECODE")), req: req("POST", "/", body("<script>alert(1)</script>")),
			want: blocked, reason: "body looks like cross-site scripting"},
		{name: "§4.3 XssMatch benign", cfg: block(xss(field(model.WAFFieldBody))), req: req("POST", "/", body("hello world")), want: allowed},
		{name: "§4.3 AndStatement with one operand", cfg: block(and(byteMatch(uri, "EXACTLY", "/"))), req: req("GET", "/"), want: blocked},
		{name: "§4.3 Not(Or) describes both operands", cfg: block(not(or(byteMatch(uri, "EXACTLY", "/a"), byteMatch(uri, "EXACTLY", "/b")))),
			req: req("GET", "/c"), want: blocked, reason: "URI path is not /a and URI path is not /b"},
	})
}

func TestForwardedIP(t *testing.T) {
	xff := func(fallback, pos string) *model.Config {
		return block(ipRefFwd(badIPsARN, "X-Forwarded-For", fallback, pos))
	}
	h := func(v string) func(*Request) { return withHeader("x-forwarded-for", v) }
	runCases(t, []evalCase{
		{name: "§4.8 FIRST uses the first address", cfg: xff("NO_MATCH", "FIRST"), req: req("GET", "/", from("192.0.2.1"), h("203.0.113.5, 10.0.0.1")),
			want: blocked, reason: "the X-Forwarded-For address 203.0.113.5 is in IP set bad-ips"},
		{name: "§4.8 FIRST ignores later addresses", cfg: xff("NO_MATCH", "FIRST"), req: req("GET", "/", h("10.0.0.1, 203.0.113.5")), want: allowed},
		{name: "§4.8 LAST uses the last address", cfg: xff("NO_MATCH", "LAST"), req: req("GET", "/", h("10.0.0.1, 203.0.113.5")), want: blocked},
		{name: "§4.8 ANY inspects every address", cfg: xff("NO_MATCH", "ANY"), req: req("GET", "/", h("10.0.0.1,203.0.113.5,10.0.0.2")), want: blocked},
		{name: "§4.8 ANY inspects only the last 10",
			cfg: xff("NO_MATCH", "ANY"), req: req("GET", "/", h("203.0.113.5"+strings.Repeat(",10.0.0.1", 10))), want: allowed},
		{name: "§4.8 malformed header: FallbackBehavior MATCH", cfg: xff("MATCH", "FIRST"), req: req("GET", "/", h("not-an-ip")), want: blocked,
			reason: "FallbackBehavior MATCH"},
		{name: "§4.8 malformed header: FallbackBehavior NO_MATCH", cfg: xff("NO_MATCH", "FIRST"), req: req("GET", "/", h("203.0.113.5:443")), want: allowed},
		{name: "§4.8 header absent: the rule is not applied, not even the fallback", cfg: xff("MATCH", "FIRST"), req: req("GET", "/"), want: allowed},
		{name: "§4.8 header absent under Not: the whole rule is skipped", cfg: block(not(ipRefFwd(badIPsARN, "X-Forwarded-For", "MATCH", "FIRST"))),
			req: req("GET", "/"), want: allowed},
		{name: "§4.8 client IP is not used with a forwarded-IP config", cfg: xff("NO_MATCH", "FIRST"),
			req: req("GET", "/", from("203.0.113.5"), h("10.0.0.1")), want: allowed},
		{name: "§4.8 geo with ForwardedIPConfig uses the first address", cfg: block(func() *model.WAFStatement {
			s := geoMatch("US")
			s.ForwardedIP = &model.WAFForwardedIPConfig{HeaderName: "x-forwarded-for", FallbackBehavior: "MATCH"}
			return s
		}()), req: req("GET", "/", from("192.0.2.1"), h("198.51.100.1, 192.0.2.1")), geo: true,
			want: blocked + " labels=awswaf:forwardedip:geo:country:US,awswaf:forwardedip:geo:region:US-OR"},
	})
}

func TestCompileErrors(t *testing.T) {
	withPath := func(st *model.WAFStatement) *model.WAFStatement {
		st.Path = "acl.json: WebACL.Rules[0].Statement.X"
		return st
	}
	tests := []struct {
		name string
		cfg  *model.Config
		want string
	}{
		{"§4.9 regex RE2 cannot compile names path and pattern", block(withPath(regexMatch(field(model.WAFFieldURIPath), `(?<=a)b`))),
			"acl.json: WebACL.Rules[0].Statement.X.RegexString: \"(?<=a)b\""},
		{"§4.9 regex pattern set with a bad pattern", func() *model.Config {
			c := block(regexSetRef(header("a"), regexSetARN))
			c.RegexPatternSets[0].Patterns = []string{"ok", "(a)\\1"}
			return c
		}(), "RegularExpressionList[1].RegexString"},
		{"§4.4 unknown positional constraint", block(withPath(byteMatch(field(model.WAFFieldURIPath), "FOO", "x"))),
			"acl.json: WebACL.Rules[0].Statement.X.PositionalConstraint: unknown value \"FOO\""},
		{"§4.4 CONTAINS_WORD needs a word", block(byteMatch(field(model.WAFFieldURIPath), "CONTAINS_WORD", "a-b")), "CONTAINS_WORD"},
		{"§4.4 JA3 only with EXACTLY", block(byteMatch(field(model.WAFFieldJA3Fingerprint), "CONTAINS", "x")), "needs EXACTLY"},
		{"§4.7 unknown transformation", block(byteMatch(field(model.WAFFieldURIPath), "EXACTLY", "x", "ROT13")), "TextTransformations[0].Type"},
		{"§4.3 unknown comparison operator", block(sizeC(field(model.WAFFieldURIPath), "BIG", 1)), "ComparisonOperator: unknown value \"BIG\""},
		{"§4.3 rate-based cannot be nested", block(not(rateBased(100, nil))), "cannot be nested"},
		{"§4.3 Not needs one statement", block(&model.WAFStatement{Kind: model.WAFNot}), "want exactly one statement"},
		{"§4.6 NAMESPACE key ends with ':'", block(labelMatch("NAMESPACE", "bot")), "must end with ':'"},
		{"§4.5 Headers need a MatchScope", block(byteMatch(headersField("", true, nil, nil, ""), "EXACTLY", "x")), "MatchScope: unknown value \"\""},
		{"§4.5 OversizeHandling enum", block(byteMatch(bodyField("SOMETIMES"), "EXACTLY", "x")), "OversizeHandling: unknown value \"SOMETIMES\""},
		{"§4.8 forwarded IP Position enum", block(ipRefFwd(badIPsARN, "xff", "MATCH", "MIDDLE")), "Position: unknown value \"MIDDLE\""},
		{"§4.1 default action must be Allow or Block", baseConfig(model.WAFCount), "DefaultAction"},
		{"§4.1 duplicate priorities", baseConfig(model.WAFAllow, mkRule("a", 1, model.WAFBlock, geoMatch("US")), mkRule("b", 1, model.WAFBlock, geoMatch("US"))),
			"share Priority 1"},
		{"§4.2 customer group override naming no rule", func() *model.Config {
			s := groupRef(groupARN)
			s.ExcludedRules = []string{"nope"}
			return baseConfig(model.WAFAllow, groupRule("g", 0, model.WAFOverrideNone, s))
		}(), "override names rule \"nope\""},
		{"§4.3 group reference cannot be nested", block(not(groupRef(groupARN))), "only allowed as a web ACL rule's statement"},
		{"§4.1 OverrideAction only for group references", baseConfig(model.WAFAllow, groupRule("g", 0, model.WAFOverrideCount, geoMatch("US"))),
			"OverrideAction"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compile(tc.cfg, CompileOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Compile error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestResourceTypeOf(t *testing.T) {
	tests := []struct{ arn, want string }{ // §3.3, §4.5
		{albARN, ResourceALB},
		{"arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/nlb/50dc6c495c0c9188", ""},
		{"arn:aws:cloudfront::111122223333:distribution/E1ABCDEFGHIJKL", ResourceCloudFront},
		{"arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod", ResourceAPIGateway},
		{"arn:aws:appsync:us-east-1:111122223333:apis/abcdefghij", ResourceAppSync},
		{"arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_AbCdEf", ResourceCognitoUserPool},
		{"arn:aws:apprunner:us-east-1:111122223333:service/web/8fe1e10304f84fd2b0df550fe98a71fa", ResourceAppRunnerService},
		{"arn:aws:ec2:us-east-1:111122223333:verified-access-instance/vai-0ce000c0b7643abea", ResourceVerifiedAccess},
		{"arn:aws:amplify:us-east-1:111122223333:apps/d1a2b3c4", ResourceAmplify},
		{"not an arn", ""},
	}
	for _, tc := range tests {
		if got := ResourceTypeOf(tc.arn); got != tc.want {
			t.Errorf("ResourceTypeOf(%s) = %q, want %q", tc.arn, got, tc.want)
		}
	}
}

func TestSetLookups(t *testing.T) {
	set, err := Compile(baseConfig(model.WAFAllow, seedRule()), CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a, ok := set.ForResource(albARN)
	if !ok || a.ARN() != testACLARN || a.Name() != "test-acl" {
		t.Fatalf("ForResource(%s) = %v, %v", albARN, a, ok)
	}
	if _, ok := set.ForResource("arn:aws:cloudfront::111122223333:distribution/E1"); ok {
		t.Error("ForResource found an ACL for an unassociated resource")
	}
	if _, ok := set.ACL("nope"); ok {
		t.Error("ACL(nope) found something")
	}
	if len(set.ACLs()) != 1 {
		t.Errorf("ACLs() = %d", len(set.ACLs()))
	}
}
