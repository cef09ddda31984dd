package jsonwalk_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
)

// recorder is a Problems with its errors and warnings rendered as
// "path: msg \"value\"" and "path: msg", the way awsjson renders them
// without a document name.
type recorder struct {
	*jsonwalk.Problems
	warns []string
}

func newRecorder() *recorder {
	r := &recorder{}
	r.Problems = jsonwalk.NewProblems(func(path, value, msg string) error {
		s := msg
		if path != "" {
			s = path + ": " + s
		}
		if value != "" {
			s += " " + strconv.Quote(value)
		}
		return errors.New(s)
	}, func(path, msg string) { r.warns = append(r.warns, path+": "+msg) })
	return r
}

// errs lists the error texts Err joins.
func (r *recorder) errs() []string {
	err := r.Err()
	if err == nil {
		return nil
	}
	return strings.Split(err.Error(), "\n")
}

// root parses doc (a JSON object) and returns its node at path "T".
func (r *recorder) root(t *testing.T, doc string) jsonwalk.Node {
	t.Helper()
	v, se := jsonwalk.Parse([]byte(doc))
	if se != nil {
		t.Fatalf("Parse(%s): %v", doc, se)
	}
	return r.Object(v, "T")
}

// TestMessages pins the text of every message the walker produces: the
// importers' tests and golden files depend on them word for word.
func TestMessages(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		walk  func(n jsonwalk.Node) any // returns what the getter read
		want  any
		errs  []string
		warns []string
	}{
		{"string", `{"a": "x"}`, func(n jsonwalk.Node) any { return n.Opt("a") }, "x", nil, nil},
		{"string of the wrong type", `{"a": 1}`, func(n jsonwalk.Node) any { s, ok := n.Str("a"); return s + fmt.Sprint(ok) }, "false",
			[]string{`T.a: expected a string, got a number "1"`}, nil},
		{"absent and null strings are quietly absent", `{"b": null}`, func(n jsonwalk.Node) any { return n.Opt("a") + n.Opt("b") }, "", nil, nil},
		{"required string absent", `{"a": null}`, func(n jsonwalk.Node) any { _, ok := n.Req("a"); return ok }, false,
			[]string{`T.a: is required`}, nil},
		{"required string empty", `{"a": ""}`, func(n jsonwalk.Node) any { _, ok := n.Req("a"); return ok }, false,
			[]string{`T.a: must not be empty`}, nil},
		{"boolean of the wrong type", `{"a": "true"}`, func(n jsonwalk.Node) any { _, ok := n.Boolean("a"); return ok }, false,
			[]string{`T.a: expected true or false, got a string "true"`}, nil},
		{"object of the wrong type", `{"a": [1, "x"]}`, func(n jsonwalk.Node) any { return n.Object("a").OK() }, false,
			[]string{`T.a: expected an object, got an array "[1,\"x\"]"`}, nil},
		{"absent object is quietly not OK", `{}`, func(n jsonwalk.Node) any { o := n.Object("a"); return o.Path + fmt.Sprint(o.OK()) }, "T.afalse", nil, nil},
		{"required object absent", `{}`, func(n jsonwalk.Node) any { return n.ReqObject("a").OK() }, false,
			[]string{`T.a: is required`}, nil},
		{"array items keep their document index", `{"a": [{}, "x", {"b": 1}]}`, func(n jsonwalk.Node) any {
			var s []string
			for _, o := range n.Objects("a") {
				s = append(s, o.Path+"="+fmt.Sprint(o.OK()))
			}
			return strings.Join(s, " ")
		}, "T.a[0]=true T.a[1]=false T.a[2]=true", []string{`T.a[1]: expected an object, got a string "x"`}, nil},
		{"array of the wrong type", `{"a": {"b": true}}`, func(n jsonwalk.Node) any { return len(n.Objects("a")) }, 0,
			[]string{`T.a: expected an array, got an object "{\"b\":true}"`}, nil},
		{"strings skip the others", `{"a": ["x", 3, null, "y"]}`, func(n jsonwalk.Node) any { return strings.Join(n.Strings("a"), ",") }, "x,y",
			[]string{`T.a[1]: expected a string, got a number "3"`, `T.a[2]: expected a string, got null "null"`}, nil},

		// Integers: AWS's numbers are JSON numbers; what names the quantity.
		{"0.2 port in range", `{"p": 443}`, func(n jsonwalk.Node) any { i, _ := n.Integer("p", 0, 65535, "TCP port"); return i }, int64(443), nil, nil},
		{"0.2 port out of range", `{"p": 70000}`, func(n jsonwalk.Node) any { _, ok := n.Integer("p", 0, 65535, "TCP port"); return ok }, false,
			[]string{`T.p: TCP port out of range 0 to 65535 "70000"`}, nil},
		{"integer beyond int64 is out of range", `{"p": 99999999999999999999}`, func(n jsonwalk.Node) any { _, ok := n.Integer("p", -1, 255, "ICMP type"); return ok }, false,
			[]string{`T.p: ICMP type out of range -1 to 255 "99999999999999999999"`}, nil},
		{"integer with a fraction", `{"p": 1.5}`, func(n jsonwalk.Node) any { _, ok := n.Integer("p", 0, 9, "port"); return ok }, false,
			[]string{`T.p: expected an integer "1.5"`}, nil},
		{"integer written whole with a fraction is refused by default", `{"p": 22.0}`, func(n jsonwalk.Node) any { _, ok := n.Integer("p", 0, 99, "port"); return ok }, false,
			[]string{`T.p: expected an integer "22.0"`}, nil},
		{"integer given as a string is refused", `{"p": "22"}`, func(n jsonwalk.Node) any { _, ok := n.Integer("p", 0, 99, "port"); return ok }, false,
			[]string{`T.p: expected a number, got a string "22"`}, nil},
		{"integer of the wrong type", `{"p": true}`, func(n jsonwalk.Node) any { _, ok := n.Integer("p", 0, 99, "port"); return ok }, false,
			[]string{`T.p: expected a number, got a boolean "true"`}, nil},
		{"4.11 item 10 numeric string accepted with a warning", `{"Limit": "100"}`, func(n jsonwalk.Node) any { i, _ := n.Number("Limit", 10, 2000000000); return i }, int64(100),
			nil, []string{`T.Limit: is the string "100", AWS's type is a number: read as 100`}},
		{"4.11 item 10 non-numeric string", `{"Limit": "10x"}`, func(n jsonwalk.Node) any { _, ok := n.Number("Limit", 10, 99); return ok }, false,
			[]string{`T.Limit: expected a number, got a string "10x"`}, nil},
		{"number out of range names no quantity", `{"Limit": 9}`, func(n jsonwalk.Node) any { _, ok := n.Number("Limit", 10, 99); return ok }, false,
			[]string{`T.Limit: out of range 10 to 99 "9"`}, nil},
		{"required number absent", `{}`, func(n jsonwalk.Node) any { _, ok := n.ReqNumber("Priority", 0, 9); return ok }, false,
			[]string{`T.Priority: is required`}, nil},

		{"enum value", `{"m": "KEY"}`, func(n jsonwalk.Node) any { s, _ := n.Enum("m", "", "ALL", "KEY"); return s }, "KEY", nil, nil},
		{"enum default", `{}`, func(n jsonwalk.Node) any { s, _ := n.Enum("m", "ALL", "ALL", "KEY"); return s }, "ALL", nil, nil},
		{"4.4 unknown enum value", `{"PositionalConstraint": "FOO"}`, func(n jsonwalk.Node) any {
			_, ok := n.Enum("PositionalConstraint", "", "EXACTLY", "STARTS_WITH")
			return ok
		}, false, []string{`T.PositionalConstraint: unknown value "FOO"`}, nil},
		{"enum without default absent", `{}`, func(n jsonwalk.Node) any { _, ok := n.Enum("m", "", "ALL"); return ok }, false,
			[]string{`T.m: is required`}, nil},

		{"strict object, in sorted order", `{"z": 1, "a": 1, "b": 1}`, func(n jsonwalk.Node) any { n.Strict("a"); return nil }, nil,
			[]string{`T.b: unknown field`, `T.z: unknown field`}, nil},
		{"lenient object", `{"z": 1, "a": 1}`, func(n jsonwalk.Node) any { n.Lenient("a"); return nil }, nil,
			nil, []string{`T.z: unknown field, ignored`}},
		{"empty object", `{"x": {"y": 1}}`, func(n jsonwalk.Node) any { n.Object("x").Empty(); return nil }, nil,
			[]string{`T.x.y: unknown field`}, nil},

		// 4.3 statements are unions: exactly one member.
		{"4.3 union member", `{"IPSetReferenceStatement": {"ARN": "a"}, "AndStatement": null}`, func(n jsonwalk.Node) any {
			k, b, _ := n.OneOf("statement", "AndStatement", "IPSetReferenceStatement")
			return k + " " + b.Path
		}, "IPSetReferenceStatement T.IPSetReferenceStatement", nil, nil},
		{"4.3 union without a member", `{"AndStatement": null}`, func(n jsonwalk.Node) any { _, ok := n.OneKey("statement", "AndStatement", "OrStatement"); return ok }, false,
			[]string{`T: has no statement: expected one of AndStatement, OrStatement`}, nil},
		{"4.3 union with two members", `{"OrStatement": {}, "AndStatement": {}}`, func(n jsonwalk.Node) any { _, ok := n.OneKey("statement", "AndStatement", "OrStatement"); return ok }, false,
			[]string{`T: has 2 statements (AndStatement, OrStatement): expected exactly one`}, nil},
		{"4.3 union with an unknown member says so once", `{"XStatement": {}}`, func(n jsonwalk.Node) any {
			_, _, ok := n.OneOf("statement", "AndStatement")
			return ok
		}, false, []string{`T: unknown statement "XStatement"`}, nil},

		// 0.3: CIDRs are stored masked.
		{"0.3 CIDR with host bits is masked", `{"c": "100.68.0.18/18"}`, func(n jsonwalk.Node) any { p, _ := n.Prefix("c", jsonwalk.IPv4, true); return p.String() }, "100.68.0.0/18",
			nil, []string{`T.c: CIDR 100.68.0.18/18 has host bits set; AWS stores it as 100.68.0.0/18`}},
		{"0.3 invalid CIDR", `{"c": "10.0.0.0/33"}`, func(n jsonwalk.Node) any { _, ok := n.Prefix("c", jsonwalk.AnyFamily, false); return ok }, false,
			[]string{`T.c: invalid CIDR "10.0.0.0/33"`}, nil},
		{"0.3 CIDR of the other family", `{"c": "2001:db8::/32"}`, func(n jsonwalk.Node) any { _, ok := n.Prefix("c", jsonwalk.IPv4, false); return ok }, false,
			[]string{`T.c: want an IPv4 CIDR, got IPv6 "2001:db8::/32"`}, nil},
		{"CIDR absent, required", `{}`, func(n jsonwalk.Node) any { _, ok := n.Prefix("c", jsonwalk.IPv6, true); return ok }, false,
			[]string{`T.c: is required`}, nil},
		{"CIDR absent, optional", `{}`, func(n jsonwalk.Node) any { _, ok := n.Prefix("c", jsonwalk.IPv6, false); return ok }, false, nil, nil},
		{"address", `{"a": "2001:db8::1"}`, func(n jsonwalk.Node) any { a, _ := n.Address("a", jsonwalk.AnyFamily, true); return a.String() }, "2001:db8::1", nil, nil},
		{"address with a zone", `{"a": "fe80::1%eth0"}`, func(n jsonwalk.Node) any { _, ok := n.Address("a", jsonwalk.IPv6, true); return ok }, false,
			[]string{`T.a: invalid IP address "fe80::1%eth0"`}, nil},
		{"address of the other family", `{"a": "192.0.2.1"}`, func(n jsonwalk.Node) any { _, ok := n.Address("a", jsonwalk.IPv6, true); return ok }, false,
			[]string{`T.a: want an IPv6 address, got IPv4 "192.0.2.1"`}, nil},
		{"address absent, required", `{}`, func(n jsonwalk.Node) any { _, ok := n.Address("a", jsonwalk.IPv4, true); return ok }, false,
			[]string{`T.a: is required`}, nil},
		{"long values are shortened on a character boundary", `{"a": "` + strings.Repeat("é", 50) + `"}`, func(n jsonwalk.Node) any { _, ok := n.Integer("a", 0, 1, "x"); return ok }, false,
			[]string{`T.a: expected a number, got a string "` + strings.Repeat("é", 40) + `…"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRecorder()
			n := r.root(t, tt.doc)
			if got := tt.walk(n); got != tt.want {
				t.Errorf("read %#v, want %#v", got, tt.want)
			}
			if got := r.errs(); !slices.Equal(got, tt.errs) {
				t.Errorf("errors:\n got %q\nwant %q", got, tt.errs)
			}
			if !slices.Equal(r.warns, tt.warns) {
				t.Errorf("warnings:\n got %q\nwant %q", r.warns, tt.warns)
			}
			if r.Count() != len(tt.errs) {
				t.Errorf("Count() = %d, want %d", r.Count(), len(tt.errs))
			}
		})
	}
}

// TestIntegerForms checks the JSON forms Problems.Integer accepts beyond
// an integer number.
func TestIntegerForms(t *testing.T) {
	tests := []struct {
		name  string
		v     any
		forms jsonwalk.Forms
		want  int64
		err   string
		warn  string
	}{
		{"whole number with a fraction (Terraform)", json.Number("22.0"), jsonwalk.WholeFloats, 22, "", ""},
		{"whole number with an exponent", json.Number("2.2e1"), jsonwalk.WholeFloats, 22, "", ""},
		{"fraction stays an error", json.Number("22.5"), jsonwalk.WholeFloats, 0, `v: expected an integer "22.5"`, ""},
		{"beyond 2^53 is not exact", json.Number("1e300"), jsonwalk.WholeFloats, 0, `v: expected an integer "1e300"`, ""},
		{"whole float out of range", json.Number("7e4"), jsonwalk.WholeFloats, 0, `v: port out of range 0 to 65535 "7e4"`, ""},
		{"numeric string with Strings", "80", jsonwalk.Strings, 80, "", `v: is the string "80", AWS's type is a number: read as 80`},
		{"numeric string out of range", "-5", jsonwalk.Strings, 0, `v: port out of range 0 to 65535 "-5"`, `v: is the string "-5", AWS's type is a number: read as -5`},
		{"whole float as a string is not read", "22.0", jsonwalk.Strings | jsonwalk.WholeFloats, 0, `v: expected a number, got a string "22.0"`, ""},
		{"null", nil, 0, 0, `v: expected a number, got null "null"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRecorder()
			got, ok := r.Integer(tt.v, "v", 0, 65535, "port", tt.forms)
			if got != tt.want || ok != (tt.err == "") {
				t.Errorf("Integer = %d, %v; want %d, %v", got, ok, tt.want, tt.err == "")
			}
			if e := strings.Join(r.errs(), "\n"); e != tt.err {
				t.Errorf("error %q, want %q", e, tt.err)
			}
			if w := strings.Join(r.warns, "\n"); w != tt.warn {
				t.Errorf("warning %q, want %q", w, tt.warn)
			}
		})
	}
}

// TestErrCap checks that at most MaxErrors errors are kept, the rest
// counted in one more.
func TestErrCap(t *testing.T) {
	tests := []struct {
		name    string
		reports int
		once    bool
		want    []string // first and last error texts
		count   int
	}{
		{"none", 0, false, nil, 0},
		{"one is returned as it is", 1, false, []string{"p0: m \"v\"", "p0: m \"v\""}, 1},
		{"exactly the cap", jsonwalk.MaxErrors, false, []string{"p0: m \"v\"", "p49: m \"v\""}, 50},
		{"past the cap", jsonwalk.MaxErrors + 3, false, []string{"p0: m \"v\"", "3 more errors not shown"}, 53},
		{"report once drops repeats", 3, true, []string{"p0: m \"v\"", "p2: m \"v\""}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRecorder()
			r.ReportOnce = tt.once
			for i := range tt.reports {
				r.Report("p"+strconv.Itoa(i), "v", "m")
				if tt.once {
					r.Report("p"+strconv.Itoa(i), "v", "m")
				}
			}
			if r.Count() != tt.count {
				t.Errorf("Count() = %d, want %d", r.Count(), tt.count)
			}
			errs := r.errs()
			if tt.want == nil {
				if errs != nil {
					t.Errorf("errors %q, want none", errs)
				}
				return
			}
			if got := []string{errs[0], errs[len(errs)-1]}; !slices.Equal(got, tt.want) {
				t.Errorf("first and last errors %q, want %q", got, tt.want)
			}
			if want := min(tt.count, jsonwalk.MaxErrors) + min(max(tt.count-jsonwalk.MaxErrors, 0), 1); len(errs) != want {
				t.Errorf("%d errors, want %d", len(errs), want)
			}
			if tt.count == 1 && r.Err().Error() != "p0: m \"v\"" {
				t.Errorf("single error wrapped: %v", r.Err())
			}
		})
	}
}

// TestParse checks where syntax errors are located.
func TestParse(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want string // "" when valid
	}{
		{"object", `{"a": 1}`, ""},
		{"byte order mark", "\xEF\xBB\xBF{}", ""},
		{"bad value", `{"a": }`, "invalid JSON at line 1, column 7 (byte offset 6): invalid character '}' looking for beginning of value"},
		{"second line", "{\n  \"a\": 1,\n}", "invalid JSON at line 3, column 1 (byte offset 12): invalid character '}' looking for beginning of object key string"},
		{"offset counts the mark", "\xEF\xBB\xBF{\n\"a\" 1}", "invalid JSON at line 2, column 5 (byte offset 9): invalid character '1' after object key"},
		{"empty", "", "invalid JSON at line 1, column 1 (byte offset 0): unexpected end of JSON input"},
		{"truncated", `{"a": [1, 2`, "invalid JSON at line 1, column 11 (byte offset 10): unexpected end of JSON input"},
		{"data after the value", `{} x`, "invalid JSON at line 1, column 4 (byte offset 3): invalid character 'x' after top-level value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, se := jsonwalk.Parse([]byte(tt.doc))
			if tt.want == "" {
				if se != nil || v == nil {
					t.Fatalf("Parse = %v, %v; want a value", v, se)
				}
				if _, ok := v.(map[string]any); !ok {
					t.Errorf("Parse = %T, want an object", v)
				}
				return
			}
			if se == nil {
				t.Fatalf("Parse = %v, want error %q", v, tt.want)
			}
			if se.Error() != tt.want {
				t.Errorf("error %q\n want %q", se.Error(), tt.want)
			}
			var js *json.SyntaxError
			if !errors.As(se, &js) {
				t.Errorf("error does not wrap a *json.SyntaxError: %#v", se.Err)
			}
		})
	}
	// Numbers keep their text.
	v, _ := jsonwalk.Parse([]byte(`{"n": 1.50}`))
	if n := v.(map[string]any)["n"]; n != json.Number("1.50") {
		t.Errorf("number read as %#v, want json.Number(\"1.50\")", n)
	}
}

// TestText checks the helpers messages are built from.
func TestText(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"kind of a string", jsonwalk.Kind("x"), "a string"},
		{"kind of an object", jsonwalk.Kind(map[string]any{}), "an object"},
		{"kind of an array", jsonwalk.Kind([]any{}), "an array"},
		{"kind of a boolean", jsonwalk.Kind(false), "a boolean"},
		{"kind of null", jsonwalk.Kind(nil), "null"},
		{"kind of a number", jsonwalk.Kind(json.Number("1")), "a number"},
		{"text of a string is its contents", jsonwalk.Text(`a"b`), `a"b`},
		{"text of a number as written", jsonwalk.Text(json.Number("1e3")), "1e3"},
		{"text of an object is compact JSON", jsonwalk.Text(map[string]any{"b": []any{true, nil}}), `{"b":[true,null]}`},
		{"text of null", jsonwalk.Text(nil), "null"},
		{"short value kept", jsonwalk.Shorten(strings.Repeat("a", 80)), strings.Repeat("a", 80)},
		{"long value cut", jsonwalk.Shorten(strings.Repeat("a", 81)), strings.Repeat("a", 80) + "…"},
		{"cut before a split character", jsonwalk.Shorten("a" + strings.Repeat("é", 50)), "a" + strings.Repeat("é", 39) + "…"},
		{"join at the top", jsonwalk.Join("", "a"), "a"},
		{"join below", jsonwalk.Join("a[2]", "b"), "a[2].b"},
		{"index", jsonwalk.Index("a", 3), "a[3]"},
		{"no keys", jsonwalk.KeysText(map[string]any{}), "it has no keys"},
		{"keys sorted", jsonwalk.KeysText(map[string]any{"b": 1, "a": 1}), "it has a, b"},
		{"keys past eight", jsonwalk.KeysText(map[string]any{"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 1, "g": 1, "h": 1, "i": 1}), "it has a, b, c, d, e, f, g, h, …"},
		{"family names", jsonwalk.IPv4.String() + jsonwalk.IPv6.String(), "IPv4IPv6"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

// TestLocate checks the position of an encoding/json syntax error offset.
func TestLocate(t *testing.T) {
	data := []byte("ab\ncd\n")
	tests := []struct{ off, pos, line, col int }{
		{0, 0, 1, 1}, {1, 0, 1, 1}, {3, 2, 1, 3}, {4, 3, 2, 1}, {6, 5, 2, 3}, {99, 6, 3, 1},
	}
	for _, tt := range tests {
		pos, line, col := jsonwalk.Locate(data, tt.off)
		if pos != tt.pos || line != tt.line || col != tt.col {
			t.Errorf("Locate(%d) = %d, %d, %d; want %d, %d, %d", tt.off, pos, line, col, tt.pos, tt.line, tt.col)
		}
	}
}
