package wafjson

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/netverdict/netverdict/evaluator/awsjson"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenCases are the AWS samples (copied from the shared reference) with
// the encoding their search strings are written in (reference section 4.4:
// CLI output is base64, CLI input files and the developer guide are raw).
var goldenCases = []struct {
	file string
	enc  Encoding
}{
	{"wafv2-get-web-acl.json", Base64},
	{"wafv2-get-rule-group.json", Base64},
	{"wafv2-get-ip-set.json", Base64},
	{"wafv2-get-regex-pattern-set.json", Base64},
	{"wafv2-create-web-acl-rules-file.json", Raw},
	{"wafv2-rule-managed-rule-group-with-overrides.json", Raw},
	{"wafv2-rule-and-not-sqli.json", Raw},
	{"wafv2-rule-and-not-or-label-geo-bytematch.json", Raw},
	{"wafv2-rule-geo-forwarded-ip.json", Raw},
	{"wafv2-rule-rate-based-forwarded-ip.json", Raw},
	{"wafv2-rules-geo-count-then-label-match.json", Raw},
	{"netverdict-web-acl-associations.json", Base64},
	{"netverdict-web-acl-full.json", Base64},
	{"netverdict-rule-group-all-fields.json", Raw},
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func warningStrings(ws []awsjson.Warning) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.String()
	}
	return out
}

// view renders a model value for a golden file: zero fields left out, kinds
// by name (their String method), search strings as text, prefixes in CIDR
// notation. It is a test-only rendering; the model has no JSON form.
func view(v reflect.Value) any {
	if v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	switch x := v.Interface().(type) {
	case netip.Prefix:
		return x.String()
	case []byte:
		if x == nil {
			return nil
		}
		if utf8.Valid(x) {
			return string(x)
		}
		return "bytes:" + strconv.Quote(string(x))
	case fmt.Stringer:
		if v.Kind() == reflect.Uint8 {
			if v.IsZero() {
				return nil
			}
			return x.String()
		}
	}
	switch v.Kind() {
	case reflect.Struct:
		m := map[string]any{}
		for i := 0; i < v.NumField(); i++ {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			if fv := view(v.Field(i)); fv != nil {
				m[v.Type().Field(i).Name] = fv
			}
		}
		if len(m) == 0 {
			return nil
		}
		return m
	case reflect.Slice:
		if v.Len() == 0 {
			return nil
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = view(v.Index(i))
		}
		return out
	}
	if v.IsZero() {
		return nil
	}
	return v.Interface()
}

// checkGolden compares got with testdata/golden/<name>.golden.json
// (rewritten with -update).
func checkGolden(t *testing.T, name string, doc *Document, warns []awsjson.Warning) {
	t.Helper()
	got, err := json.MarshalIndent(map[string]any{"document": view(reflect.ValueOf(doc)), "warnings": warningStrings(warns)}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it):\n%s", path, firstDiff(want, got))
	}
}

// firstDiff shows the first differing line of two texts, with context.
func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			var b bytes.Buffer
			for j := max(0, i-3); j < i; j++ {
				fmt.Fprintf(&b, "   %4d %s\n", j+1, wl[j])
			}
			fmt.Fprintf(&b, "-  %4d %s\n+  %4d %s\n", i+1, w, i+1, g)
			return b.String()
		}
	}
	return "(same text)"
}

// TestDecodeGolden imports every sample with the encoding it is written in
// and compares the model and the warnings with its golden file.
func TestDecodeGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, tc := range goldenCases {
		covered[tc.file] = true
		t.Run(tc.file, func(t *testing.T) {
			doc, warns, err := Decode(tc.file, readFixture(t, tc.file), Options{SearchStringEncoding: tc.enc})
			if err != nil {
				t.Fatalf("Decode(%s, %v): %v", tc.file, tc.enc, err)
			}
			checkGolden(t, strings.TrimSuffix(tc.file, ".json"), doc, warns)
		})
	}
	for _, f := range files {
		if !covered[filepath.Base(f)] {
			t.Errorf("fixture %s has no golden case", f)
		}
	}
}
