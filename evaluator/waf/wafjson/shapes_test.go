package wafjson

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/awsjson"
	"github.com/netverdict/netverdict/evaluator/model"
)

// TestDecodeWarnings checks what Decode accepts with a warning, with the
// exact text.
func TestDecodeWarnings(t *testing.T) {
	tests := []struct {
		name string // the reference section checked, and what
		doc  string
		opts Options
		want []string
	}{
		{"4.11 item 10: number written as a string", acl(rule(`{"RateBasedStatement":{"Limit":"100","AggregateKeyType":"IP"}}`)), Options{},
			[]string{p + `RateBasedStatement.Limit: is the string "100", AWS's type is a number: read as 100`}},
		{"4.4 base64 that decodes to binary", acl(rule(byteMatch("UE9TVA==", "EXACTLY")) + "," + `{"Name":"s","Priority":1,"Action":{"Block":{}},"VisibilityConfig":{},"Statement":` + byteMatch("POST", "EXACTLY") + `}`), Options{},
			[]string{`acl.json: WebACL.Rules[1].Statement.ByteMatchStatement.SearchString: decodes to bytes that are not printable text; if the document holds plain text (console JSON, CLI input), decode it with SearchStringEncoding raw`}},
		{"4.4 raw text that looks base64", acl(rule(byteMatch("dGVzdHN0cmluZw==", "EXACTLY"))), Options{SearchStringEncoding: Raw},
			[]string{p + `ByteMatchStatement.SearchString: looks base64-encoded (it decodes to "teststring"); it is matched as written because SearchStringEncoding is raw`}},
		{"4.3 And with one statement", acl(rule(`{"AndStatement":{"Statements":[{"GeoMatchStatement":{"CountryCodes":["US"]}}]}}`)), Options{},
			[]string{p + `AndStatement.Statements: holds one statement; AWS's API asks for more than one`}},
		{"4.3 custom keys not modelled", acl(rule(`{"RateBasedStatement":{"Limit":100,"AggregateKeyType":"CUSTOM_KEYS","CustomKeys":[{"HTTPMethod":{}}]}}`)), Options{},
			[]string{p + `RateBasedStatement.CustomKeys: not modelled: requests are counted per combination of custom keys, which the evaluator does not track`}},
		{"4.3 forwarded IP config ignored by IP aggregation", acl(rule(`{"RateBasedStatement":{"Limit":100,"AggregateKeyType":"IP","ForwardedIPConfig":{"HeaderName":"X-Forwarded-For","FallbackBehavior":"MATCH"}}}`)), Options{},
			[]string{p + `RateBasedStatement.ForwardedIPConfig: ignored: AggregateKeyType is IP, not FORWARDED_IP`}},
		{"4.3 managed group configs not modelled", acl(`{"Name":"m","Priority":0,"OverrideAction":{"None":{}},"VisibilityConfig":{},"Statement":{"ManagedRuleGroupStatement":{"VendorName":"AWS","Name":"AWSManagedRulesBotControlRuleSet","ManagedRuleGroupConfigs":[{"AWSManagedRulesBotControlRuleSet":{"InspectionLevel":"TARGETED"}}]}}}`), Options{},
			[]string{p + `ManagedRuleGroupStatement.ManagedRuleGroupConfigs: not modelled: the configuration of a managed rule group (login paths, bot control level, ...) changes what its rules match`}},
		{"4.6 namespace key without a colon", acl(rule(`{"LabelMatchStatement":{"Scope":"NAMESPACE","Key":"awswaf:managed:token"}}`)), Options{},
			[]string{p + `LabelMatchStatement.Key: a NAMESPACE key normally ends with ":" (kept as written)`}},
		{"4.8 host bits", `{"IPSet":{"Name":"s","Id":"i","ARN":"arn:aws:wafv2:us-east-1:111122223333:regional/ipset/s/i","IPAddressVersion":"IPV4","Addresses":["192.0.2.0/16"]}}`, Options{},
			[]string{`acl.json: IPSet.Addresses[0]: has host bits set: 192.0.2.0/16 matches 192.0.0.0/16`}},
		{"4.1 fields that change verdicts and unknown fields", `{"WebACL":{"Name":"a","Id":"id-1","ARN":"` + aclARN + `","DefaultAction":{"Allow":{}},"VisibilityConfig":{},"OnSourceDDoSProtectionConfig":{"ALBLowReputationMode":"ACTIVE_UNDER_DDOS"},"FutureThing":1,"CaptchaConfig":{},"TokenDomains":["a.example"]},"LockToken":"x","Extra":true}`, Options{},
			[]string{`acl.json: WebACL.FutureThing: unknown field, ignored`,
				`acl.json: WebACL.OnSourceDDoSProtectionConfig: not modelled: ALB low-reputation (DDoS) mode can block or challenge requests before the rules run`,
				`acl.json: Extra: unknown top-level field, ignored`}},
		{"4.1 missing visibility config", `{"WebACL":{"Name":"a","Id":"id-1","ARN":"` + aclARN + `","DefaultAction":{"Allow":{}}}}`, Options{},
			[]string{`acl.json: WebACL.VisibilityConfig: is required by AWS; missing (it does not affect verdicts)`}},
		{"4.1 ARN names another ACL", `{"WebACL":{"Name":"b","Id":"id-1","ARN":"` + aclARN + `","DefaultAction":{"Allow":{}},"VisibilityConfig":{}}}`, Options{},
			[]string{`acl.json: WebACL.ARN: names the web ACL a, not b`}},
		{"associations with ResourceArns", `{"WebACLAssociations":[{"WebACLArn":"` + aclARN + `","ResourceArn":"arn:aws:x"}],"ResourceArns":["arn:aws:x"]}`, Options{},
			[]string{`acl.json: ResourceArns: ignored: WebACLAssociations names the associations`}},
		{"4.1 unknown body limit resource", `{"WebACL":{"Name":"a","Id":"id-1","ARN":"` + aclARN + `","DefaultAction":{"Allow":{}},"VisibilityConfig":{},"AssociationConfig":{"RequestBody":{"NEW_SERVICE":{"DefaultSizeInspectionLimit":"KB_32"}}}}}`, Options{},
			[]string{`acl.json: WebACL.AssociationConfig.RequestBody.NEW_SERVICE: unknown resource type, kept`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, warns, err := Decode("acl.json", []byte(tt.doc), tt.opts)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if doc == nil {
				t.Fatal("Decode returned no document")
			}
			got := warningStrings(warns)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestSearchStringEncoding checks that the caller's encoding decides how a
// search string is read, never a guess (reference section 4.4).
func TestSearchStringEncoding(t *testing.T) {
	tests := []struct {
		name   string
		search string
		enc    Encoding
		want   []byte
	}{
		{"4.4 base64 CLI output is decoded", "dGVzdHN0cmluZw==", Base64, []byte("teststring")},
		{"4.4 raw keeps base64-looking text as written", "dGVzdHN0cmluZw==", Raw, []byte("dGVzdHN0cmluZw==")},
		{"4.4 raw console text", "/web/login", Raw, []byte("/web/login")},
		{"4.4 base64 of binary bytes", "AP8=", Base64, []byte{0x00, 0xff}},
		{"4.4 POST is valid base64 and is decoded as such", "UE9TVA==", Base64, []byte("POST")},
		{"4.4 raw UTF-8", "café", Raw, []byte("café")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, _, err := Decode("acl.json", []byte(acl(rule(byteMatch(tt.search, "CONTAINS")))), Options{SearchStringEncoding: tt.enc})
			if err != nil {
				t.Fatal(err)
			}
			got := doc.WebACLs[0].Rules[0].Statement.SearchString
			if !bytes.Equal(got, tt.want) {
				t.Errorf("SearchString = %q, want %q", got, tt.want)
			}
		})
	}
	if Base64.String() != "base64" || Raw.String() != "raw" {
		t.Errorf("Encoding names: %v %v", Base64, Raw)
	}
}

// TestNotWAF checks that documents of other importers are turned away with
// ErrNotWAF, so a caller can try the next importer.
func TestNotWAF(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"Network Firewall describe-rule-group", `{"UpdateToken":"t","RuleGroup":{"RulesSource":{"RulesString":"pass ip any any -> any any (sid:1;)"}},"RuleGroupResponse":{"RuleGroupName":"x"}}`,
			`acl.json: RuleGroup: not an AWS WAF v2 document: this is an AWS Network Firewall rule group (RulesSource/RuleGroupResponse); import it with the Network Firewall importer`},
		{"Network Firewall RuleGroup alone", `{"RuleGroup":{"RulesSource":{}}}`,
			`acl.json: RuleGroup: not an AWS WAF v2 document: this is an AWS Network Firewall rule group (RulesSource/RuleGroupResponse); import it with the Network Firewall importer`},
		{"EC2 output", `{"SecurityGroups":[]}`,
			`acl.json: not an AWS WAF v2 document: no top-level key WebACL, IPSet, RegexPatternSet, RuleGroup, WebACLAssociations and not a rule (it has SecurityGroups)`},
		{"empty object", `{}`,
			`acl.json: not an AWS WAF v2 document: no top-level key WebACL, IPSet, RegexPatternSet, RuleGroup, WebACLAssociations and not a rule (it has no keys)`},
		{"a string", `"WebACL"`,
			`acl.json: not an AWS WAF v2 document: the top level is a string, not an object or an array of rules`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Decode("acl.json", []byte(tt.doc), Options{})
			if err == nil {
				t.Fatal("Decode succeeded")
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n%s\nwant:\n%s", err, tt.want)
			}
			if !errors.Is(err, ErrNotWAF) {
				t.Errorf("error does not wrap ErrNotWAF")
			}
			var ae *awsjson.Error
			if !errors.As(err, &ae) {
				t.Errorf("error is not an *awsjson.Error")
			}
		})
	}
	// A WAF rule group that is invalid is not "not WAF".
	_, _, err := Decode("g.json", []byte(`{"RuleGroup":{"Name":"g"}}`), Options{})
	if err == nil || errors.Is(err, ErrNotWAF) {
		t.Errorf("RuleGroup without markers: err = %v, want a WAF error", err)
	}
}

// TestDocumentShapes checks the shapes Decode recognises and what each
// fills in (package documentation).
func TestDocumentShapes(t *testing.T) {
	ipset := `"IPSet":{"Name":"s","Id":"i","ARN":"arn:aws:wafv2:us-east-1:111122223333:regional/ipset/s/i","IPAddressVersion":"IPV4","Addresses":["10.0.0.0/8"]}`
	rgroup := `"RuleGroup":{"Name":"g","Id":"i","Capacity":1,"ARN":"arn:aws:wafv2:us-east-1:111122223333:global/rulegroup/g/i","VisibilityConfig":{},"Rules":[]}`
	merged := `{"WebACL":{"Name":"a","Id":"id-1","ARN":"` + aclARN + `","DefaultAction":{"Block":{}},"VisibilityConfig":{},"LabelNamespace":"awswaf:999:webacl:given:"},` + ipset + `,` + rgroup + `,"LockToken":"x"}`
	doc, warns, err := Decode("m.json", []byte(merged), Options{})
	if err != nil || len(warns) != 0 {
		t.Fatalf("jq -s add merge: %v %v", err, warns)
	}
	if len(doc.WebACLs) != 1 || len(doc.IPSets) != 1 || len(doc.RuleGroups) != 1 || doc.Source != "m.json" {
		t.Fatalf("merged document: %+v", doc)
	}
	// 4.1: a given LabelNamespace is kept; one absent is derived from the ARN.
	if got := doc.WebACLs[0].LabelNamespace; got != "awswaf:999:webacl:given:" {
		t.Errorf("given LabelNamespace = %q", got)
	}
	if got := doc.RuleGroups[0].LabelNamespace; got != "awswaf:111122223333:rulegroup:g:" {
		t.Errorf("derived LabelNamespace = %q", got)
	}
	if got := doc.WebACLs[0].DefaultAction; got != (model.WAFAction{Kind: model.WAFBlock}) {
		t.Errorf("DefaultAction = %+v", got)
	}

	// A single bare rule (WAF developer guide listings).
	doc, _, err = Decode("r.json", []byte(rule(`{"GeoMatchStatement":{"CountryCodes":["US"]}}`)), Options{})
	if err != nil || len(doc.Rules) != 1 || doc.Rules[0].Path != "r.json" || doc.Rules[0].Statement.Path != "r.json: Statement.GeoMatchStatement" {
		t.Fatalf("bare rule: %v %+v", err, doc)
	}
	// An empty rules file is valid (create-web-acl --rules '[]').
	doc, _, err = Decode("r.json", []byte(`[]`), Options{})
	if err != nil || len(doc.Rules) != 0 {
		t.Fatalf("empty rules file: %v %+v", err, doc)
	}
	// A UTF-8 byte order mark is skipped.
	doc, _, err = Decode("bom.json", append([]byte{0xEF, 0xBB, 0xBF}, `{`+ipset+`}`...), Options{})
	if err != nil || len(doc.IPSets) != 1 {
		t.Fatalf("BOM: %v", err)
	}
}

// TestDefaults checks the values Decode fills in when AWS's defaults apply.
func TestDefaults(t *testing.T) {
	doc, _, err := Decode("acl.json", []byte(acl(
		rule(`{"SqliMatchStatement":{"FieldToMatch":{"Body":{}},"TextTransformations":[{"Priority":0,"Type":"NONE"}]}}`)+","+
			`{"Name":"rate","Priority":1,"Action":{"Block":{}},"VisibilityConfig":{},"Statement":{"RateBasedStatement":{"Limit":100,"AggregateKeyType":"IP"}}}`+","+
			`{"Name":"json","Priority":2,"Action":{"Block":{}},"VisibilityConfig":{},"Statement":`+field(`{"JsonBody":{"MatchPattern":{"All":{}},"MatchScope":"ALL"}}`)+`}`)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	rules := doc.WebACLs[0].Rules
	// 4.3: SensitivityLevel defaults to LOW; 4.5: OversizeHandling to CONTINUE.
	if s := rules[0].Statement; s.SensitivityLevel != "LOW" || s.Field.OversizeHandling != "CONTINUE" {
		t.Errorf("SQLi defaults: %q %q", s.SensitivityLevel, s.Field.OversizeHandling)
	}
	// 4.3: the evaluation window defaults to 300 s.
	if s := rules[1].Statement; s.EvaluationWindowSec != 300 {
		t.Errorf("EvaluationWindowSec = %d", s.EvaluationWindowSec)
	}
	// 4.5: JsonBody without InvalidFallbackBehavior evaluates up to the
	// first parse failure: kept empty.
	if f := rules[2].Statement.Field; f.InvalidFallbackBehavior != "" || f.OversizeHandling != "CONTINUE" || !f.All {
		t.Errorf("JsonBody defaults: %+v", f)
	}
}

// TestEncodeErrors checks the documents Encode cannot write.
func TestEncodeErrors(t *testing.T) {
	two := &Document{WebACLs: make([]model.WebACL, 2)}
	mixed := &Document{Rules: []model.WAFRule{{Name: "r"}}, IPSets: make([]model.IPSet, 1)}
	nilStatement := &Document{Rules: []model.WAFRule{{Name: "r"}}}
	binary := &Document{Rules: []model.WAFRule{{Name: "r", Statement: &model.WAFStatement{Kind: model.WAFByteMatch, Path: "p", SearchString: []byte{0xff}}}}}
	tests := []struct {
		name string
		doc  *Document
		opts Options
		want string
	}{
		{"two web ACLs", two, Options{}, "wafjson: a document holds at most one web ACL, IP set, regex pattern set and rule group"},
		{"rules and objects", mixed, Options{}, "wafjson: a document of bare rules cannot hold other objects"},
		{"nil statement", nilStatement, Options{}, "wafjson: nil statement"},
		{"binary search string as raw", binary, Options{SearchStringEncoding: Raw}, "wafjson: p: search string is not UTF-8 text: encode it as base64"},
		{"bad encoding", nilStatement, Options{SearchStringEncoding: 9}, "wafjson: invalid Options.SearchStringEncoding Encoding(9)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Encode(tt.doc, tt.opts)
			if err == nil || err.Error() != tt.want {
				t.Errorf("Encode: %v, want %s", err, tt.want)
			}
		})
	}
	// The binary search string is fine in base64.
	if out, err := Encode(binary, Options{}); err != nil || !strings.Contains(string(out), `"/w=="`) {
		t.Errorf("base64 Encode: %v %s", err, out)
	}
}
