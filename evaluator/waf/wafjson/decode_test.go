package wafjson

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/awsjson"
)

const aclARN = "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/a/id-1"

// acl wraps rules (JSON objects separated by commas) in a get-web-acl
// document named acl.json in the messages.
func acl(rules string) string {
	return `{"WebACL":{"Name":"a","Id":"id-1","ARN":"` + aclARN + `","DefaultAction":{"Allow":{}},"VisibilityConfig":{},"Rules":[` + rules + `]}}`
}

// rule is a web ACL rule with a Block action around statement.
func rule(statement string) string {
	return `{"Name":"r","Priority":0,"Action":{"Block":{}},"VisibilityConfig":{},"Statement":` + statement + `}`
}

// byteMatch is a ByteMatchStatement on the URI path.
func byteMatch(search, constraint string) string {
	return `{"ByteMatchStatement":{"SearchString":"` + search + `","FieldToMatch":{"UriPath":{}},"TextTransformations":[{"Priority":0,"Type":"NONE"}],"PositionalConstraint":"` + constraint + `"}}`
}

// field is a SizeConstraintStatement on fieldToMatch.
func field(fieldToMatch string) string {
	return `{"SizeConstraintStatement":{"FieldToMatch":` + fieldToMatch + `,"ComparisonOperator":"GT","Size":1,"TextTransformations":[{"Priority":0,"Type":"NONE"}]}}`
}

const p = "acl.json: WebACL.Rules[0].Statement."

// TestDecodeErrors checks every validation error with its exact message.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string // the reference section checked, and what
		doc  string
		opts Options
		want []string
	}{
		// 4.3: one statement key per Statement, known keys only.
		{"4.3 unknown statement", acl(rule(`{"FooStatement":{}}`)), Options{},
			[]string{`acl.json: WebACL.Rules[0].Statement: unknown statement "FooStatement"`}},
		{"4.3 two statements", acl(rule(`{"GeoMatchStatement":{"CountryCodes":["US"]},"LabelMatchStatement":{"Scope":"LABEL","Key":"x"}}`)), Options{},
			[]string{`acl.json: WebACL.Rules[0].Statement: has 2 statements (GeoMatchStatement, LabelMatchStatement): expected exactly one`}},
		{"4.3 empty statement", acl(rule(`{}`)), Options{},
			[]string{`acl.json: WebACL.Rules[0].Statement: has no statement: expected one of ByteMatchStatement, RegexMatchStatement, RegexPatternSetReferenceStatement, SizeConstraintStatement, SqliMatchStatement, XssMatchStatement, IPSetReferenceStatement, GeoMatchStatement, AsnMatchStatement, LabelMatchStatement, AndStatement, OrStatement, NotStatement, RateBasedStatement, ManagedRuleGroupStatement, RuleGroupReferenceStatement`}},
		{"4.3 null statement", acl(rule(`{"GeoMatchStatement":null}`)), Options{},
			[]string{`acl.json: WebACL.Rules[0].Statement: has no statement: expected one of ByteMatchStatement, RegexMatchStatement, RegexPatternSetReferenceStatement, SizeConstraintStatement, SqliMatchStatement, XssMatchStatement, IPSetReferenceStatement, GeoMatchStatement, AsnMatchStatement, LabelMatchStatement, AndStatement, OrStatement, NotStatement, RateBasedStatement, ManagedRuleGroupStatement, RuleGroupReferenceStatement`}},
		{"4.5 null field to match", acl(rule(field(`{"UriPath":null}`))), Options{},
			[]string{p + `SizeConstraintStatement.FieldToMatch: has no field: expected one of UriPath, QueryString, SingleQueryArgument, AllQueryArguments, SingleHeader, Headers, Cookies, Body, JsonBody, Method, HeaderOrder, JA3Fingerprint, JA4Fingerprint, UriFragment`}},
		{"4.1 null action", acl(`{"Name":"r","Priority":0,"Action":{"Block":null},"VisibilityConfig":{},"Statement":{"GeoMatchStatement":{"CountryCodes":["US"]}}}`), Options{},
			[]string{`acl.json: WebACL.Rules[0].Action: has no action: expected one of Allow, Block, Count, Captcha, Challenge, Monetize`}},
		{"4.3 unknown field in a statement", acl(rule(`{"GeoMatchStatement":{"CountryCodes":["US"],"Region":"x"}}`)), Options{},
			[]string{p + `GeoMatchStatement.Region: unknown field`}},
		{"4.3 extra Statement wrapper (doc error, 4.11 item 10)", acl(rule(`{"AndStatement":{"Statements":[{"Statement":{"LabelMatchStatement":{"Scope":"LABEL","Key":"x"}}},{"GeoMatchStatement":{"CountryCodes":["US"]}}]}}`)), Options{},
			[]string{p + `AndStatement.Statements[0]: unknown statement "Statement"`}},
		// 4.4: ByteMatch.
		{"4.4 unknown positional constraint", acl(rule(byteMatch("YQ==", "FOO"))), Options{},
			[]string{p + `ByteMatchStatement.PositionalConstraint: unknown value "FOO"`}},
		{"4.4 invalid base64", acl(rule(byteMatch("example.com", "EXACTLY"))), Options{},
			[]string{p + `ByteMatchStatement.SearchString: invalid base64 "example.com"`}},
		{"4.4 base64 without padding", acl(rule(byteMatch("YWJj ZA", "EXACTLY"))), Options{},
			[]string{p + `ByteMatchStatement.SearchString: invalid base64 "YWJj ZA"`}},
		{"4.4 CONTAINS_WORD with a non-word search string", acl(rule(byteMatch("Bad Bot", "CONTAINS_WORD"))), Options{SearchStringEncoding: Raw},
			[]string{p + `ByteMatchStatement.SearchString: must hold only A-Z a-z 0-9 _ with PositionalConstraint CONTAINS_WORD "Bad Bot"`}},
		{"4.4 CONTAINS_WORD checks the decoded bytes", acl(rule(byteMatch("YS1i", "CONTAINS_WORD"))), Options{},
			[]string{p + `ByteMatchStatement.SearchString: must hold only A-Z a-z 0-9 _ with PositionalConstraint CONTAINS_WORD "a-b"`}},
		{"4.4 search string over 200 bytes", acl(rule(byteMatch(strings.Repeat("a", 201), "CONTAINS"))), Options{SearchStringEncoding: Raw},
			[]string{p + `ByteMatchStatement.SearchString: longer than 200 bytes "` + strings.Repeat("a", 80) + `…"`}},
		{"4.4 missing search string", acl(rule(`{"ByteMatchStatement":{"FieldToMatch":{"UriPath":{}},"TextTransformations":[{"Priority":0,"Type":"NONE"}],"PositionalConstraint":"EXACTLY"}}`)), Options{},
			[]string{p + `ByteMatchStatement.SearchString: is required`}},
		{"4.4 JA3 with CONTAINS", acl(rule(`{"ByteMatchStatement":{"SearchString":"YWJj","FieldToMatch":{"JA3Fingerprint":{"FallbackBehavior":"MATCH"}},"TextTransformations":[{"Priority":0,"Type":"NONE"}],"PositionalConstraint":"CONTAINS"}}`)), Options{},
			[]string{p + `ByteMatchStatement.PositionalConstraint: must be EXACTLY with JA3Fingerprint "CONTAINS"`}},
		{"4.4 JA4 with STARTS_WITH", acl(rule(`{"ByteMatchStatement":{"SearchString":"YWJj","FieldToMatch":{"JA4Fingerprint":{"FallbackBehavior":"MATCH"}},"TextTransformations":[{"Priority":0,"Type":"NONE"}],"PositionalConstraint":"STARTS_WITH"}}`)), Options{},
			[]string{p + `ByteMatchStatement.PositionalConstraint: must be EXACTLY with JA4Fingerprint "STARTS_WITH"`}},
		{"4.4 JA3 outside ByteMatch", acl(rule(`{"RegexMatchStatement":{"RegexString":"a","FieldToMatch":{"JA3Fingerprint":{"FallbackBehavior":"MATCH"}},"TextTransformations":[{"Priority":0,"Type":"NONE"}]}}`)), Options{},
			[]string{p + `RegexMatchStatement.FieldToMatch: JA3Fingerprint can be used only in a ByteMatchStatement (with PositionalConstraint EXACTLY)`}},
		// 4.5: FieldToMatch.
		{"4.5 unknown field to match", acl(rule(field(`{"UriPathx":{}}`))), Options{},
			[]string{p + `SizeConstraintStatement.FieldToMatch: unknown field "UriPathx"`}},
		{"4.5 two fields to match", acl(rule(field(`{"UriPath":{},"Method":{}}`))), Options{},
			[]string{p + `SizeConstraintStatement.FieldToMatch: has 2 fields (Method, UriPath): expected exactly one`}},
		{"4.5 missing field to match", acl(rule(`{"XssMatchStatement":{"TextTransformations":[{"Priority":0,"Type":"NONE"}]}}`)), Options{},
			[]string{p + `XssMatchStatement.FieldToMatch: is required`}},
		{"4.5 SingleHeader without a name", acl(rule(field(`{"SingleHeader":{}}`))), Options{},
			[]string{p + `SizeConstraintStatement.FieldToMatch.SingleHeader.Name: is required`}},
		{"4.5 Headers without MatchScope and OversizeHandling", acl(rule(field(`{"Headers":{"MatchPattern":{"All":{}}}}`))), Options{},
			[]string{p + `SizeConstraintStatement.FieldToMatch.Headers.MatchScope: is required`, p + `SizeConstraintStatement.FieldToMatch.Headers.OversizeHandling: is required`}},
		{"4.5 Headers with two match patterns", acl(rule(field(`{"Headers":{"MatchPattern":{"All":{},"IncludedHeaders":["a"]},"MatchScope":"ALL","OversizeHandling":"CONTINUE"}}`))), Options{},
			[]string{p + `SizeConstraintStatement.FieldToMatch.Headers.MatchPattern: has 2 match patterns (All, IncludedHeaders): expected exactly one`}},
		{"4.5 Cookies with a header pattern", acl(rule(field(`{"Cookies":{"MatchPattern":{"IncludedHeaders":["a"]},"MatchScope":"ALL","OversizeHandling":"CONTINUE"}}`))), Options{},
			[]string{p + `SizeConstraintStatement.FieldToMatch.Cookies.MatchPattern: unknown match pattern "IncludedHeaders"`}},
		{"4.5 unknown oversize handling", acl(rule(field(`{"Body":{"OversizeHandling":"DROP"}}`))), Options{},
			[]string{p + `SizeConstraintStatement.FieldToMatch.Body.OversizeHandling: unknown value "DROP"`}},
		{"4.5 JsonBody bad pointer and fallback", acl(rule(field(`{"JsonBody":{"MatchPattern":{"IncludedPaths":["a/b","/x~2"]},"MatchScope":"VALUE","InvalidFallbackBehavior":"SKIP"}}`))), Options{},
			[]string{p + `SizeConstraintStatement.FieldToMatch.JsonBody.MatchPattern.IncludedPaths[0]: invalid JSON Pointer: expected "/" or /key/... with ~ only in ~0 or ~1 "a/b"`,
				p + `SizeConstraintStatement.FieldToMatch.JsonBody.MatchPattern.IncludedPaths[1]: invalid JSON Pointer: expected "/" or /key/... with ~ only in ~0 or ~1 "/x~2"`,
				p + `SizeConstraintStatement.FieldToMatch.JsonBody.InvalidFallbackBehavior: unknown value "SKIP"`}},
		{"4.5 UriPath with a member", acl(rule(field(`{"UriPath":{"Name":"x"}}`))), Options{},
			[]string{p + `SizeConstraintStatement.FieldToMatch.UriPath.Name: unknown field`}},
		{"4.5 JA3 without fallback", acl(rule(`{"ByteMatchStatement":{"SearchString":"YWJj","FieldToMatch":{"JA3Fingerprint":{}},"TextTransformations":[{"Priority":0,"Type":"NONE"}],"PositionalConstraint":"EXACTLY"}}`)), Options{},
			[]string{p + `ByteMatchStatement.FieldToMatch.JA3Fingerprint.FallbackBehavior: is required`}},
		// 4.7: text transformations.
		{"4.7 missing transformations", acl(rule(`{"XssMatchStatement":{"FieldToMatch":{"Body":{}}}}`)), Options{},
			[]string{p + `XssMatchStatement.TextTransformations: is required (use [{"Priority": 0, "Type": "NONE"}] for no transformation)`}},
		{"4.7 empty transformations", acl(rule(`{"XssMatchStatement":{"FieldToMatch":{"Body":{}},"TextTransformations":[]}}`)), Options{},
			[]string{p + `XssMatchStatement.TextTransformations: must hold at least one transformation`}},
		{"4.7 unknown transformation", acl(rule(`{"XssMatchStatement":{"FieldToMatch":{"Body":{}},"TextTransformations":[{"Priority":0,"Type":"ROT13"}]}}`)), Options{},
			[]string{p + `XssMatchStatement.TextTransformations[0].Type: unknown value "ROT13"`}},
		{"4.7 duplicate transformation priority", acl(rule(`{"XssMatchStatement":{"FieldToMatch":{"Body":{}},"TextTransformations":[{"Priority":1,"Type":"LOWERCASE"},{"Priority":1,"Type":"URL_DECODE"}]}}`)), Options{},
			[]string{p + `XssMatchStatement.TextTransformations[1].Priority: duplicate transformation priority (also WebACL.Rules[0].Statement.XssMatchStatement.TextTransformations[0]) "1"`}},
		{"4.7 pre-parse transformations on a header", acl(rule(`{"XssMatchStatement":{"FieldToMatch":{"SingleHeader":{"Name":"a"}},"TextTransformations":[{"Priority":0,"Type":"NONE"}],"PreParseTextTransformations":[{"Priority":0,"Type":"URL_DECODE"}]}}`)), Options{},
			[]string{p + `XssMatchStatement.PreParseTextTransformations: apply only to SingleQueryArgument and AllQueryArguments, not SingleHeader`}},
		// 4.3: other statements.
		{"4.3 size out of range and bad operator", acl(rule(`{"SizeConstraintStatement":{"FieldToMatch":{"Body":{}},"ComparisonOperator":"EQUALS","Size":-1,"TextTransformations":[{"Priority":0,"Type":"NONE"}]}}`)), Options{},
			[]string{p + `SizeConstraintStatement.ComparisonOperator: unknown value "EQUALS"`, p + `SizeConstraintStatement.Size: out of range 0 to 21474836480 "-1"`}},
		{"4.3 SQLi sensitivity", acl(rule(`{"SqliMatchStatement":{"FieldToMatch":{"Body":{}},"TextTransformations":[{"Priority":0,"Type":"NONE"}],"SensitivityLevel":"MEDIUM"}}`)), Options{},
			[]string{p + `SqliMatchStatement.SensitivityLevel: unknown value "MEDIUM"`}},
		{"4.3 geo without countries", acl(rule(`{"GeoMatchStatement":{"CountryCodes":[]}}`)), Options{},
			[]string{p + `GeoMatchStatement.CountryCodes: must hold at least one country code`}},
		{"4.3 geo lower-case code", acl(rule(`{"GeoMatchStatement":{"CountryCodes":["us"]}}`)), Options{},
			[]string{p + `GeoMatchStatement.CountryCodes[0]: invalid country code: expected two upper-case letters (ISO 3166-1 alpha-2) "us"`}},
		{"4.3 ASN out of range", acl(rule(`{"AsnMatchStatement":{"AsnList":[4294967296]}}`)), Options{},
			[]string{p + `AsnMatchStatement.AsnList[0]: out of range 0 to 4294967295 "4294967296"`}},
		{"4.6 label scope", acl(rule(`{"LabelMatchStatement":{"Scope":"PREFIX","Key":"a:b"}}`)), Options{},
			[]string{p + `LabelMatchStatement.Scope: unknown value "PREFIX"`}},
		{"4.6 label key syntax", acl(rule(`{"LabelMatchStatement":{"Scope":"LABEL","Key":"a::b"}}`)), Options{},
			[]string{p + `LabelMatchStatement.Key: invalid label key: expected 1 to 1024 characters of A-Z a-z 0-9 _ - : with no empty component "a::b"`}},
		{"4.3 And without statements", acl(rule(`{"AndStatement":{"Statements":[]}}`)), Options{},
			[]string{p + `AndStatement.Statements: must hold at least one statement`}},
		{"4.3 Not without statement", acl(rule(`{"NotStatement":{}}`)), Options{},
			[]string{p + `NotStatement.Statement: is required`}},
		{"4.8 IP set forwarded config without position", acl(rule(`{"IPSetReferenceStatement":{"ARN":"arn:aws:wafv2:us-east-1:111122223333:regional/ipset/s/id","IPSetForwardedIPConfig":{"HeaderName":"X-Forwarded-For","FallbackBehavior":"MATCH"}}}`)), Options{},
			[]string{p + `IPSetReferenceStatement.IPSetForwardedIPConfig.Position: is required`}},
		{"4.8 forwarded header name", acl(rule(`{"GeoMatchStatement":{"CountryCodes":["US"],"ForwardedIPConfig":{"HeaderName":"X Forwarded","FallbackBehavior":"MAYBE"}}}`)), Options{},
			[]string{p + `GeoMatchStatement.ForwardedIPConfig.HeaderName: invalid header name "X Forwarded"`, p + `GeoMatchStatement.ForwardedIPConfig.FallbackBehavior: unknown value "MAYBE"`}},
		{"4.3 IP set reference to a rule group ARN", acl(rule(`{"IPSetReferenceStatement":{"ARN":"arn:aws:wafv2:us-east-1:111122223333:regional/rulegroup/g/id"}}`)), Options{},
			[]string{p + `IPSetReferenceStatement.ARN: is a WAF rulegroup ARN, expected a ipset ARN "arn:aws:wafv2:us-east-1:111122223333:regional/rulegroup/g/id"`}},
		{"4.3 not an ARN", acl(rule(`{"RegexPatternSetReferenceStatement":{"ARN":"bad-paths","FieldToMatch":{"UriPath":{}},"TextTransformations":[{"Priority":0,"Type":"NONE"}]}}`)), Options{},
			[]string{p + `RegexPatternSetReferenceStatement.ARN: invalid WAF v2 ARN: expected arn:<partition>:wafv2:<region>:<account>:<regional|global>/regexpatternset/<name>/<id> "bad-paths"`}},
		{"4.3 rate-based limit too low, bad window", acl(rule(`{"RateBasedStatement":{"Limit":5,"EvaluationWindowSec":30,"AggregateKeyType":"IP"}}`)), Options{},
			[]string{p + `RateBasedStatement.Limit: out of range 10 to 2000000000 "5"`, p + `RateBasedStatement.EvaluationWindowSec: must be 60, 120, 300 or 600 "30"`}},
		{"4.3 rate-based forwarded IP without config", acl(rule(`{"RateBasedStatement":{"Limit":100,"AggregateKeyType":"FORWARDED_IP"}}`)), Options{},
			[]string{p + `RateBasedStatement.ForwardedIPConfig: is required with AggregateKeyType FORWARDED_IP`}},
		{"4.3 rate-based custom keys missing", acl(rule(`{"RateBasedStatement":{"Limit":100,"AggregateKeyType":"CUSTOM_KEYS"}}`)), Options{},
			[]string{p + `RateBasedStatement.CustomKeys: is required with AggregateKeyType CUSTOM_KEYS`}},
		{"4.3 rate-based constant without scope-down", acl(rule(`{"RateBasedStatement":{"Limit":100,"AggregateKeyType":"CONSTANT"}}`)), Options{},
			[]string{p + `RateBasedStatement.ScopeDownStatement: is required with AggregateKeyType CONSTANT`}},
		{"4.3 limit not a number", acl(rule(`{"RateBasedStatement":{"Limit":"many","AggregateKeyType":"IP"}}`)), Options{},
			[]string{p + `RateBasedStatement.Limit: expected a number, got a string "many"`}},
		// 4.3 nesting rules.
		{"4.3 rate-based nested in And", acl(rule(`{"AndStatement":{"Statements":[{"RateBasedStatement":{"Limit":100,"AggregateKeyType":"IP"}},{"GeoMatchStatement":{"CountryCodes":["US"]}}]}}`)), Options{},
			[]string{p + `AndStatement.Statements[0].RateBasedStatement: is allowed only as a rule's top-level statement`}},
		{"4.3 rate-based in a scope-down", acl(rule(`{"RateBasedStatement":{"Limit":100,"AggregateKeyType":"IP","ScopeDownStatement":{"RateBasedStatement":{"Limit":100,"AggregateKeyType":"IP"}}}}`)), Options{},
			[]string{p + `RateBasedStatement.ScopeDownStatement.RateBasedStatement: is allowed only as a rule's top-level statement`}},
		{"4.3 managed group inside Not", acl(`{"Name":"r","Priority":0,"Action":{"Block":{}},"VisibilityConfig":{},"Statement":{"NotStatement":{"Statement":{"ManagedRuleGroupStatement":{"VendorName":"AWS","Name":"x"}}}}}`), Options{},
			[]string{p + `NotStatement.Statement.ManagedRuleGroupStatement: is allowed only as a web ACL rule's top-level statement`}},
		{"4.3 managed group in a rule group", `{"RuleGroup":{"Name":"g","Id":"id","Capacity":10,"ARN":"arn:aws:wafv2:us-east-1:111122223333:regional/rulegroup/g/id","VisibilityConfig":{},"Rules":[{"Name":"m","Priority":0,"OverrideAction":{"None":{}},"VisibilityConfig":{},"Statement":{"ManagedRuleGroupStatement":{"VendorName":"AWS","Name":"x"}}}]}}`, Options{},
			[]string{`acl.json: RuleGroup.Rules[0].Statement.ManagedRuleGroupStatement: is not allowed in a rule group, only in a web ACL`}},
		{"4.3 rule group reference in a rule group", `{"RuleGroup":{"Name":"g","Id":"id","Capacity":10,"ARN":"arn:aws:wafv2:us-east-1:111122223333:regional/rulegroup/g/id","VisibilityConfig":{},"Rules":[{"Name":"m","Priority":0,"OverrideAction":{"None":{}},"VisibilityConfig":{},"Statement":{"RuleGroupReferenceStatement":{"ARN":"arn:aws:wafv2:us-east-1:111122223333:regional/rulegroup/h/id"}}}]}}`, Options{},
			[]string{`acl.json: RuleGroup.Rules[0].Statement.RuleGroupReferenceStatement: is not allowed in a rule group, only in a web ACL`}},
		// 4.1: rules and actions.
		{"4.1 both Action and OverrideAction", acl(`{"Name":"r","Priority":0,"Action":{"Block":{}},"OverrideAction":{"None":{}},"VisibilityConfig":{},"Statement":{"GeoMatchStatement":{"CountryCodes":["US"]}}}`), Options{},
			[]string{`acl.json: WebACL.Rules[0]: has both Action and OverrideAction: exactly one is allowed`}},
		{"4.1 neither Action nor OverrideAction", acl(`{"Name":"r","Priority":0,"VisibilityConfig":{},"Statement":{"GeoMatchStatement":{"CountryCodes":["US"]}}}`), Options{},
			[]string{`acl.json: WebACL.Rules[0].Action: is required`}},
		{"4.1 OverrideAction on a non-group statement", acl(`{"Name":"r","Priority":0,"OverrideAction":{"Count":{}},"VisibilityConfig":{},"Statement":{"GeoMatchStatement":{"CountryCodes":["US"]}}}`), Options{},
			[]string{`acl.json: WebACL.Rules[0].OverrideAction: is allowed only on a rule whose statement runs a rule group (ManagedRuleGroupStatement, RuleGroupReferenceStatement): use Action`}},
		{"4.1 Action on a group statement", acl(`{"Name":"r","Priority":0,"Action":{"Block":{}},"VisibilityConfig":{},"Statement":{"ManagedRuleGroupStatement":{"VendorName":"AWS","Name":"x"}}}`), Options{},
			[]string{`acl.json: WebACL.Rules[0].Action: is not allowed on a rule whose statement runs a rule group: use OverrideAction`}},
		{"4.1 group statement without OverrideAction", acl(`{"Name":"r","Priority":0,"VisibilityConfig":{},"Statement":{"ManagedRuleGroupStatement":{"VendorName":"AWS","Name":"x"}}}`), Options{},
			[]string{`acl.json: WebACL.Rules[0].OverrideAction: is required for a rule whose statement runs a rule group`}},
		{"4.1 unknown action", acl(`{"Name":"r","Priority":0,"Action":{"Drop":{}},"VisibilityConfig":{},"Statement":{"GeoMatchStatement":{"CountryCodes":["US"]}}}`), Options{},
			[]string{`acl.json: WebACL.Rules[0].Action: unknown action "Drop"`}},
		{"4.1 two actions", acl(`{"Name":"r","Priority":0,"Action":{"Block":{},"Count":{}},"VisibilityConfig":{},"Statement":{"GeoMatchStatement":{"CountryCodes":["US"]}}}`), Options{},
			[]string{`acl.json: WebACL.Rules[0].Action: has 2 actions (Block, Count): expected exactly one`}},
		{"4.1 override action Block", acl(`{"Name":"r","Priority":0,"OverrideAction":{"Block":{}},"VisibilityConfig":{},"Statement":{"ManagedRuleGroupStatement":{"VendorName":"AWS","Name":"x"}}}`), Options{},
			[]string{`acl.json: WebACL.Rules[0].OverrideAction: unknown override action "Block"`}},
		{"4.2 custom response code out of range", acl(`{"Name":"r","Priority":0,"Action":{"Block":{"CustomResponse":{"ResponseCode":700}}},"VisibilityConfig":{},"Statement":{"GeoMatchStatement":{"CountryCodes":["US"]}}}`), Options{},
			[]string{`acl.json: WebACL.Rules[0].Action.Block.CustomResponse.ResponseCode: out of range 200 to 599 "700"`}},
		{"4.1 duplicate priorities and names", acl(rule(`{"GeoMatchStatement":{"CountryCodes":["US"]}}`) + "," + rule(`{"GeoMatchStatement":{"CountryCodes":["FR"]}}`)), Options{},
			[]string{`acl.json: WebACL.Rules[1].Name: duplicate rule name (also WebACL.Rules[0]) "r"`, `acl.json: WebACL.Rules[1].Priority: duplicate priority (also WebACL.Rules[0]) "0"`}},
		{"4.1 negative priority, bad name", acl(`{"Name":"bad name","Priority":-1,"Action":{"Block":{}},"VisibilityConfig":{},"Statement":{"GeoMatchStatement":{"CountryCodes":["US"]}}}`), Options{},
			[]string{`acl.json: WebACL.Rules[0].Name: invalid name: expected 1 to 128 characters of A-Z a-z 0-9 _ - "bad name"`, `acl.json: WebACL.Rules[0].Priority: out of range 0 to 2147483647 "-1"`}},
		{"4.1 missing statement", acl(`{"Name":"r","Priority":0,"Action":{"Block":{}},"VisibilityConfig":{}}`), Options{},
			[]string{`acl.json: WebACL.Rules[0].Statement: is required`}},
		{"4.6 invalid rule label", acl(`{"Name":"r","Priority":0,"Action":{"Count":{}},"RuleLabels":[{"Name":"a b"}],"VisibilityConfig":{},"Statement":{"GeoMatchStatement":{"CountryCodes":["US"]}}}`), Options{},
			[]string{`acl.json: WebACL.Rules[0].RuleLabels[0].Name: invalid label: expected 1 to 1024 characters of A-Z a-z 0-9 _ - : with no empty component "a b"`}},
		{"4.1 default action Count", `{"WebACL":{"Name":"a","Id":"id-1","ARN":"` + aclARN + `","DefaultAction":{"Count":{}},"VisibilityConfig":{},"Rules":[]}}`, Options{},
			[]string{`acl.json: WebACL.DefaultAction: must be Allow or Block "Count"`}},
		{"4.1 web ACL missing fields", `{"WebACL":{"Name":"a","Rules":[]}}`, Options{},
			[]string{`acl.json: WebACL.Id: is required`, `acl.json: WebACL.ARN: is required`, `acl.json: WebACL.DefaultAction: is required`}},
		{"4.1 web ACL ARN of an IP set", `{"WebACL":{"Name":"a","Id":"i","ARN":"arn:aws:wafv2:us-east-1:111122223333:regional/ipset/a/i","DefaultAction":{"Allow":{}},"VisibilityConfig":{}}}`, Options{},
			[]string{`acl.json: WebACL.ARN: is a WAF ipset ARN, expected a webacl ARN "arn:aws:wafv2:us-east-1:111122223333:regional/ipset/a/i"`}},
		{"4.2 Firewall Manager group with a plain statement", `{"WebACL":{"Name":"a","Id":"i","ARN":"` + aclARN + `","DefaultAction":{"Allow":{}},"VisibilityConfig":{},"PreProcessFirewallManagerRuleGroups":[{"Name":"f","Priority":0,"OverrideAction":{"None":{}},"FirewallManagerStatement":{"GeoMatchStatement":{"CountryCodes":["US"]}}}]}}`, Options{},
			[]string{`acl.json: WebACL.PreProcessFirewallManagerRuleGroups[0].FirewallManagerStatement: unknown statement "GeoMatchStatement"`}},
		{"4.1 body limit value", `{"WebACL":{"Name":"a","Id":"i","ARN":"` + aclARN + `","DefaultAction":{"Allow":{}},"VisibilityConfig":{},"AssociationConfig":{"RequestBody":{"CLOUDFRONT":{"DefaultSizeInspectionLimit":"KB_128"}}}}}`, Options{},
			[]string{`acl.json: WebACL.AssociationConfig.RequestBody.CLOUDFRONT.DefaultSizeInspectionLimit: unknown value "KB_128"`}},
		// 4.8: IP sets.
		{"4.8 invalid CIDRs", `{"IPSet":{"Name":"s","Id":"i","ARN":"arn:aws:wafv2:us-east-1:111122223333:regional/ipset/s/i","IPAddressVersion":"IPV4","Addresses":["10.0.0.300/24","10.0.0.1","0.0.0.0/0","2001:db8::/32"]}}`, Options{},
			[]string{`acl.json: IPSet.Addresses[0]: invalid CIDR "10.0.0.300/24"`,
				`acl.json: IPSet.Addresses[1]: expected CIDR notation (an address with its prefix length, e.g. /32 or /128) "10.0.0.1"`,
				`acl.json: IPSet.Addresses[2]: /0 is not allowed in an IP set "0.0.0.0/0"`,
				`acl.json: IPSet.Addresses[3]: address family does not match IPAddressVersion IPV4 "2001:db8::/32"`}},
		{"4.8 IPv6 set with an IPv4 CIDR, /0", `{"IPSet":{"Name":"s","Id":"i","ARN":"arn:aws:wafv2:us-east-1:111122223333:regional/ipset/s/i","IPAddressVersion":"IPV6","Addresses":["192.0.2.0/24","::/0"]}}`, Options{},
			[]string{`acl.json: IPSet.Addresses[0]: address family does not match IPAddressVersion IPV6 "192.0.2.0/24"`, `acl.json: IPSet.Addresses[1]: /0 is not allowed in an IP set "::/0"`}},
		{"4.8 IP set version", `{"IPSet":{"Name":"s","Id":"i","ARN":"arn:aws:wafv2:us-east-1:111122223333:regional/ipset/s/i","IPAddressVersion":"V4","Addresses":[]}}`, Options{},
			[]string{`acl.json: IPSet.IPAddressVersion: unknown value "V4"`}},
		// Documents.
		{"list-resources-for-web-acl alone", `{"ResourceArns":["arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/x/1"]}`, Options{},
			[]string{`acl.json: ResourceArns: list-resources-for-web-acl output does not name the web ACL: wrap it as {"WebACLAssociations": [{"WebACLArn": "<web ACL ARN>", "ResourceArn": "<resource ARN>"}, ...]}`}},
		{"list-web-acls", `{"WebACLs":[{"Name":"a"}],"NextMarker":"x"}`, Options{},
			[]string{`acl.json: WebACLs: list-web-acls output holds summaries without rules: import each web ACL's get-web-acl output`}},
		{"jq -s instead of jq -s add", `[{"IPSet":{}},{"WebACL":{}}]`, Options{},
			[]string{"acl.json: [0]: is a WAF document, not a rule: merge get-* outputs into one object with `jq -s add`, not into an array \"IPSet\"",
				"acl.json: [1]: is a WAF document, not a rule: merge get-* outputs into one object with `jq -s add`, not into an array \"WebACL\""}},
		{"create-web-acl input", `{"Name":"a","Scope":"REGIONAL","DefaultAction":{"Allow":{}},"Rules":[],"VisibilityConfig":{}}`, Options{},
			[]string{`acl.json: looks like create-web-acl input (a web ACL without the "WebACL" wrapper, Id and ARN): import the get-web-acl output, or wrap it as {"WebACL": {...}} with Id and ARN`}},
		{"association of one resource to two ACLs", `{"WebACLAssociations":[{"WebACLArn":"` + aclARN + `","ResourceArn":"arn:aws:x"},{"WebACLArn":"arn:aws:wafv2:us-east-1:111122223333:regional/webacl/b/id-2","ResourceArn":"arn:aws:x"},{"WebACLArn":"` + aclARN + `","ResourceArn":"lb-1"}]}`, Options{},
			[]string{`acl.json: WebACLAssociations[1].ResourceArn: is associated with two web ACLs (also WebACLAssociations[0]): a resource has at most one "arn:aws:x"`,
				`acl.json: WebACLAssociations[2].ResourceArn: expected an ARN "lb-1"`}},
		{"rule group without capacity", `{"RuleGroup":{"Name":"g","Id":"id","ARN":"arn:aws:wafv2:us-east-1:111122223333:regional/rulegroup/g/id","VisibilityConfig":{},"Rules":[]}}`, Options{},
			[]string{`acl.json: RuleGroup.Capacity: is required`}},
		{"regex pattern set entry", `{"RegexPatternSet":{"Name":"r","Id":"i","ARN":"arn:aws:wafv2:us-east-1:111122223333:regional/regexpatternset/r/i","RegularExpressionList":[{"Regex":"a"}]}}`, Options{},
			[]string{`acl.json: RegexPatternSet.RegularExpressionList[0].Regex: unknown field`, `acl.json: RegexPatternSet.RegularExpressionList[0].RegexString: is required`}},
		// JSON types.
		{"wrong JSON types", `{"WebACL":{"Name":5,"Id":"i","ARN":"` + aclARN + `","DefaultAction":{"Allow":{}},"VisibilityConfig":{},"Rules":{"r":1}}}`, Options{},
			[]string{`acl.json: WebACL.Name: expected a string, got a number "5"`, `acl.json: WebACL.Rules: expected an array, got an object "{\"r\":1}"`}},
		{"rule that is not an object", acl(`true`), Options{},
			[]string{`acl.json: WebACL.Rules[0]: expected an object, got a boolean "true"`}},
		{"4.3 country codes not strings, ASN list empty", acl(rule(`{"OrStatement":{"Statements":[{"GeoMatchStatement":{"CountryCodes":[1]}},{"AsnMatchStatement":{"AsnList":[]}}]}}`)), Options{},
			[]string{p + `OrStatement.Statements[0].GeoMatchStatement.CountryCodes[0]: expected a string, got a number "1"`,
				p + `OrStatement.Statements[0].GeoMatchStatement.CountryCodes: must hold at least one country code`,
				p + `OrStatement.Statements[1].AsnMatchStatement.AsnList: must hold 1 to 100 ASNs, has 0`}},
		{"4.2 overrides: duplicate names, bad excluded rule", acl(`{"Name":"m","Priority":0,"OverrideAction":{"None":{}},"VisibilityConfig":{},"Statement":{"ManagedRuleGroupStatement":{"VendorName":"AWS","Name":"x","ExcludedRules":[{"Name":""}],"RuleActionOverrides":[{"Name":"a","ActionToUse":{"Count":{}}},{"Name":"a","ActionToUse":{"Block":{}}},{"Name":"b"}]}}}`), Options{},
			[]string{p + `ManagedRuleGroupStatement.ExcludedRules[0].Name: must not be empty`,
				p + `ManagedRuleGroupStatement.RuleActionOverrides[1].Name: duplicate rule action override (also WebACL.Rules[0].Statement.ManagedRuleGroupStatement.RuleActionOverrides[0]) "a"`,
				p + `ManagedRuleGroupStatement.RuleActionOverrides[2].ActionToUse: is required`}},
		{"error cap", `{"IPSet":{"Name":"s","Id":"i","ARN":"arn:aws:wafv2:us-east-1:111122223333:regional/ipset/s/i","IPAddressVersion":"IPV4","Addresses":[` + strings.TrimSuffix(strings.Repeat(`"x",`, awsjson.MaxErrors+2), ",") + `]}}`, Options{},
			append(slices.Repeat([]string{`acl.json: IPSet.Addresses[N]: invalid CIDR "x"`}, awsjson.MaxErrors), `acl.json: 2 more errors not shown`)},
		{"invalid options", `[]`, Options{SearchStringEncoding: 7},
			[]string{`acl.json: invalid Options.SearchStringEncoding Encoding(7)`}},
		{"malformed JSON", "{\n  \"WebACL\": {,}\n}", Options{},
			[]string{`acl.json: invalid JSON at line 2, column 14 (byte offset 15): invalid character ',' looking for beginning of object key string`}},
		{"every problem is reported", acl(rule(byteMatch("!!", "FOO")) + "," + `{"Name":"r","Priority":0,"VisibilityConfig":{},"Statement":{"GeoMatchStatement":{"CountryCodes":["USA"]}}}`), Options{},
			[]string{p + `ByteMatchStatement.PositionalConstraint: unknown value "FOO"`,
				p + `ByteMatchStatement.SearchString: invalid base64 "!!"`,
				`acl.json: WebACL.Rules[1].Statement.GeoMatchStatement.CountryCodes[0]: invalid country code: expected two upper-case letters (ISO 3166-1 alpha-2) "USA"`,
				`acl.json: WebACL.Rules[1].Name: duplicate rule name (also WebACL.Rules[0]) "r"`,
				`acl.json: WebACL.Rules[1].Priority: duplicate priority (also WebACL.Rules[0]) "0"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, _, err := Decode("acl.json", []byte(tt.doc), tt.opts)
			if err == nil {
				t.Fatalf("Decode succeeded, want errors:\n%s", strings.Join(tt.want, "\n"))
			}
			if doc != nil {
				t.Errorf("Decode returned a document with an error")
			}
			got := err.Error()
			if strings.Contains(tt.name, "cap") {
				got = regexp.MustCompile(`\[\d+\]`).ReplaceAllString(got, "[N]")
			}
			if want := strings.Join(tt.want, "\n"); got != want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, want)
			}
			var ae *awsjson.Error
			if !errors.As(err, &ae) {
				t.Errorf("error %T is not an *awsjson.Error", err)
			}
		})
	}
}
