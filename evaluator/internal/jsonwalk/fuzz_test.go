package jsonwalk_test

import (
	"errors"
	"testing"

	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
)

// FuzzWalk parses arbitrary documents and reads every member of every
// object with every getter: nothing panics, Err is nil exactly when no
// error was reported, and the member getters agree with the value readers
// they share messages with.
func FuzzWalk(f *testing.F) {
	for _, s := range []string{
		`{"a": "x", "b": 1, "c": [{"d": null}, "e"], "f": {"g": true}}`,
		`{"p": 70000, "q": "22", "r": 22.0, "s": 1e400, "t": -9223372036854775809}`,
		`{"c": "10.0.0.1/8", "d": "::1", "e": "fe80::1%eth0", "f": "1.2.3.4/33"}`,
		`{"AndStatement": {}, "OrStatement": null, "X": []}`,
		"\xEF\xBB\xBF[1, {\"a\": {}}]",
		`{"a": }`, ``, `"x"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := newRecorder()
		v, se := jsonwalk.Parse(data)
		if se != nil {
			if v != nil || se.Msg == "" || !errors.Is(se, se.Err) {
				t.Fatalf("Parse error %#v with value %v", se, v)
			}
			return
		}
		walk(t, r, v, "", 0)
		if (r.Err() == nil) != (r.Count() == 0) {
			t.Fatalf("Err() = %v with Count() = %d", r.Err(), r.Count())
		}
	})
}

// walk reads v and everything below it (to a bounded depth).
func walk(t *testing.T, r *recorder, v any, path string, depth int) {
	if depth > 20 {
		return
	}
	switch v := v.(type) {
	case []any:
		for i, it := range v {
			walk(t, r, it, jsonwalk.Index(path, i), depth+1)
		}
	case map[string]any:
		n := r.Object(v, path)
		keys := jsonwalk.SortedKeys(v)
		for _, k := range keys {
			before := r.Count()
			s, ok := n.Str(k)
			mid := r.Count()
			s2, ok2 := r.String(v[k], n.At(k))
			if s != s2 || ok != ok2 || r.Count()-mid != mid-before {
				t.Fatalf("Str(%q) = %q, %v; String = %q, %v", k, s, ok, s2, ok2)
			}
			b, ok := n.Boolean(k)
			b2, ok2 := r.Boolean(v[k], n.At(k))
			if b != b2 || ok != ok2 {
				t.Fatalf("Boolean(%q) = %v, %v; Problems.Boolean = %v, %v", k, b, ok, b2, ok2)
			}
			i, ok := n.Integer(k, -1, 65535, "port")
			if ok && (i < -1 || i > 65535) {
				t.Fatalf("Integer(%q) = %d outside its range", k, i)
			}
			n.Number(k, 0, 10)
			if n.Has(k) {
				r.Integer(v[k], n.At(k), -5, 5, "x", jsonwalk.Strings|jsonwalk.WholeFloats)
			}
			n.Req(k)
			n.Enum(k, "d", "a", "b")
			n.Strings(k)
			if p, ok := n.Prefix(k, jsonwalk.AnyFamily, true); ok && p.Masked() != p {
				t.Fatalf("Prefix(%q) = %v, not masked", k, p)
			}
			n.Address(k, jsonwalk.IPv4, false)
			for _, o := range n.Objects(k) {
				if o.OK() {
					o.OneOf("member", "a", "b")
				}
			}
			n.ReqObject(k)
		}
		n.Strict("a")
		n.Lenient("b")
		n.OneKey("thing", "a", "c")
		_ = jsonwalk.KeysText(v)
		for _, k := range keys {
			walk(t, r, v[k], jsonwalk.Join(path, k), depth+1)
		}
	default:
		r.Object(v, path) // reports a non-object
		_ = jsonwalk.Text(v)
	}
}
