package wafjson

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/awsjson"
)

// clearPaths zeroes every string field named Path (and Source) under v, so
// documents decoded from different shapes compare by content.
func clearPaths(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			clearPaths(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if name := v.Type().Field(i).Name; (name == "Path" || name == "Source") && f.Kind() == reflect.String {
				f.SetString("")
				continue
			}
			clearPaths(f)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			clearPaths(v.Index(i))
		}
	}
}

// checkDecode runs the properties every Decode result must have: an error
// and a document never both; every error an *awsjson.Error naming the
// document; the same result twice (no map-order dependence); and a decoded
// document encodes canonically and decodes back to the same model.
func checkDecode(t *testing.T, data []byte, enc Encoding) {
	opts := Options{SearchStringEncoding: enc}
	doc, warns, err := Decode("f.json", data, opts)
	doc2, warns2, err2 := Decode("f.json", data, opts)
	if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) || !reflect.DeepEqual(doc, doc2) || !reflect.DeepEqual(warns, warns2) {
		t.Fatalf("Decode is not deterministic:\n%v\n%v", err, err2)
	}
	if err != nil {
		if doc != nil {
			t.Fatal("Decode returned both a document and an error")
		}
		if err.Error() == "" {
			t.Fatal("empty error message")
		}
		errs := []error{err}
		if j, ok := err.(interface{ Unwrap() []error }); ok && !errors.Is(err, ErrNotWAF) {
			errs = j.Unwrap()
		}
		for _, e := range errs {
			var ae *awsjson.Error
			if !errors.As(e, &ae) || ae.Doc != "f.json" || ae.Msg == "" {
				t.Fatalf("error %q is not an *awsjson.Error naming the document", e)
			}
		}
		return
	}
	if doc == nil {
		t.Fatal("Decode returned neither a document nor an error")
	}
	if len(doc.WebACLs) > 1 || len(doc.Rules) > 0 && len(doc.Associations) > 0 {
		return
	}
	out, err := Encode(doc, opts)
	if err != nil {
		if enc == Raw && strings.Contains(err.Error(), "not UTF-8") {
			return
		}
		t.Fatalf("Encode: %v", err)
	}
	back, _, err := Decode("f.json", out, opts)
	if err != nil {
		t.Fatalf("re-decoding the canonical form: %v\n%s", err, out)
	}
	want := *doc
	clearPaths(reflect.ValueOf(&want))
	clearPaths(reflect.ValueOf(back))
	if !reflect.DeepEqual(&want, back) {
		t.Fatalf("round trip changed the document:\n%s", out)
	}
	again, err := Encode(back, opts)
	if err != nil || string(again) != string(out) {
		t.Fatalf("canonical form is not stable: %v\n%s\n%s", err, out, again)
	}
}

// TestRoundTrip checks the canonical encoding of every fixture.
func TestRoundTrip(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.file, func(t *testing.T) {
			checkDecode(t, readFixture(t, tc.file), tc.enc)
		})
	}
}

// FuzzDecode feeds Decode arbitrary documents in both encodings: it must
// never panic and must keep the properties of checkDecode.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, false)
		f.Add(data, true)
	}
	for _, s := range []string{
		acl(rule(byteMatch("YQ==", "CONTAINS_WORD"))),
		acl(rule(`{"NotStatement":{"Statement":{"RateBasedStatement":{"Limit":"10","AggregateKeyType":"IP"}}}}`)),
		`{"WebACLAssociations":[{"WebACLArn":"` + aclARN + `","ResourceArn":"arn:aws:x"}]}`,
		`[{"Name":"r","Priority":"1","Statement":{"AndStatement":{"Statements":[]}}}]`,
		`{"RuleGroup":{"RulesSource":{}}}`, `[1,"a",null]`, `{"ResourceArns":[]}`, `null`,
		acl(rule(`{"GeoMatchStatement":null}`)), acl(rule(field(`{"Headers":{"MatchPattern":{"All":null},"MatchScope":"ALL","OversizeHandling":"MATCH"}}`))),
	} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, raw bool) {
		enc := Base64
		if raw {
			enc = Raw
		}
		checkDecode(t, data, enc)
	})
}
