package wafjson_test

import (
	"fmt"

	"github.com/netverdict/netverdict/evaluator/waf/wafjson"
)

// Decode reads get-web-acl output; its search strings are base64, the
// default encoding.
func ExampleDecode() {
	data := []byte(`{"WebACL": {"Name": "test01", "Id": "id-1",
	  "ARN": "arn:aws:wafv2:us-west-2:123456789012:regional/webacl/test01/id-1",
	  "DefaultAction": {"Allow": {}}, "VisibilityConfig": {},
	  "Rules": [{"Name": "r1", "Priority": 1, "Action": {"Block": {}}, "VisibilityConfig": {},
	    "Statement": {"ByteMatchStatement": {"SearchString": "dGVzdHN0cmluZw==",
	      "FieldToMatch": {"UriPath": {}}, "PositionalConstraint": "EXACTLY",
	      "TextTransformations": [{"Priority": 0, "Type": "NONE"}]}}}]},
	  "LockToken": "x"}`)
	doc, _, err := wafjson.Decode("acl.json", data, wafjson.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	acl := doc.WebACLs[0]
	s := acl.Rules[0].Statement
	fmt.Println(acl.LabelNamespace)
	fmt.Printf("%s %s %q\n", s.Kind, s.PositionalConstraint, s.SearchString)
	fmt.Println(s.Path)

	// A create-web-acl rules file holds plain text: read with the default
	// encoding it is an error (pass Options{SearchStringEncoding: wafjson.Raw}).
	_, _, err = wafjson.Decode("rules.json", []byte(`[{"Name": "r", "Priority": 0, "Action": {"Allow": {}},
	  "VisibilityConfig": {}, "Statement": {"ByteMatchStatement": {"SearchString": "example.com",
	  "FieldToMatch": {"SingleHeader": {"Name": "host"}}, "PositionalConstraint": "EXACTLY",
	  "TextTransformations": [{"Priority": 0, "Type": "LOWERCASE"}]}}}]`), wafjson.Options{})
	fmt.Println(err)
	// Output:
	// awswaf:123456789012:webacl:test01:
	// ByteMatchStatement EXACTLY "teststring"
	// acl.json: WebACL.Rules[0].Statement.ByteMatchStatement
	// rules.json: [0].Statement.ByteMatchStatement.SearchString: invalid base64 "example.com"
}
