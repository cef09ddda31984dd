package wafjson

import (
	"strconv"
	"strings"
	"testing"
)

// BenchmarkDecode measures importing documents: the sample get-web-acl
// output, the fixture that uses every field, and a generated web ACL of 100
// rules (AWS's rule-count range for a large ACL).
func BenchmarkDecode(b *testing.B) {
	var rules []string
	for i := range 100 {
		rules = append(rules, `{"Name":"r`+strconv.Itoa(i)+`","Priority":`+strconv.Itoa(i)+`,"Action":{"Block":{}},"VisibilityConfig":{},"Statement":{"AndStatement":{"Statements":[`+
			byteMatch("L2FkbWlu", "STARTS_WITH")+`,{"GeoMatchStatement":{"CountryCodes":["US","FR"]}},{"NotStatement":{"Statement":{"LabelMatchStatement":{"Scope":"LABEL","Key":"a:b"}}}}]}}}`)
	}
	cases := []struct {
		name string
		data []byte
	}{
		{"sample-get-web-acl", readFixture(b, "wafv2-get-web-acl.json")},
		{"all-fields", readFixture(b, "netverdict-web-acl-full.json")},
		{"100-rules", []byte(acl(strings.Join(rules, ",")))},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.data)))
			for b.Loop() {
				if _, _, err := Decode("acl.json", c.data, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
