package jsonwalk

import "strconv"

// Node is one JSON object of a document, at Path. Its getters report a
// member of the wrong type to Problems and return false, so the decoder goes
// on to the next member.
type Node struct {
	// Problems receives what is wrong.
	Problems *Problems
	// Path is the JSON path of the object, "" at the top level.
	Path string
	// Map holds the object's members; nil when the value was absent or not
	// an object.
	Map map[string]any
}

// OK reports whether the node is an object (errors were reported
// otherwise).
func (n Node) OK() bool { return n.Map != nil }

// At is the path of the member key.
func (n Node) At(key string) string { return Join(n.Path, key) }

// Object reads v as an object at path; not an object (null included) is an
// error and comes back with OK false.
func (p *Problems) Object(v any, path string) Node {
	m, ok := v.(map[string]any)
	if !ok {
		p.Report(path, Text(v), "expected an object, got "+Kind(v))
		return Node{Problems: p, Path: path}
	}
	return Node{Problems: p, Path: path, Map: m}
}

// Array reads v as an array at path; null is an empty array, another type
// an error (and nil).
func (p *Problems) Array(v any, path string) []any {
	if v == nil {
		return nil
	}
	a, ok := v.([]any)
	if !ok {
		p.Report(path, Text(v), "expected an array, got "+Kind(v))
	}
	return a
}

// Objects reads v as an array of objects at path. Items that are not
// objects are reported and come back with OK false, so indexes stay those
// of the document.
func (p *Problems) Objects(v any, path string) []Node {
	items := p.Array(v, path)
	out := make([]Node, len(items))
	for i, it := range items {
		out[i] = p.Object(it, Index(path, i))
	}
	return out
}

// String reads v as a string at path; false when null or of another type
// (the latter reported).
func (p *Problems) String(v any, path string) (string, bool) {
	if v == nil {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		p.Report(path, Text(v), "expected a string, got "+Kind(v))
	}
	return s, ok
}

// Boolean reads v as a boolean at path; false when null or of another type
// (the latter reported).
func (p *Problems) Boolean(v any, path string) (b, ok bool) {
	if v == nil {
		return false, false
	}
	b, ok = v.(bool)
	if !ok {
		p.Report(path, Text(v), "expected true or false, got "+Kind(v))
	}
	return b, ok
}

// Raw returns the member key, or false when it is absent or null.
func (n Node) Raw(key string) (any, bool) {
	v, ok := n.Map[key]
	return v, ok && v != nil
}

// Has reports whether the member key is present and not null.
func (n Node) Has(key string) bool {
	_, ok := n.Raw(key)
	return ok
}

// TypeError reports the member key of the wrong JSON type; want names the
// expected one ("a string").
func (n Node) TypeError(key, want string, v any) {
	n.Problems.Report(n.At(key), Text(v), "expected "+want+", got "+Kind(v))
}

// required reports the member key missing when it is absent or null.
func (n Node) required(key string) bool {
	if n.Has(key) {
		return true
	}
	n.Problems.Report(n.At(key), "", "is required")
	return false
}

// Str returns the string member key; false when absent, null or not a
// string (the last reported).
func (n Node) Str(key string) (string, bool) {
	v, ok := n.Raw(key)
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		// The path is built only here, off the common path.
		n.TypeError(key, "a string", v)
	}
	return s, ok
}

// Opt returns the string member key, or "" when absent.
func (n Node) Opt(key string) string {
	s, _ := n.Str(key)
	return s
}

// Req returns the string member key and reports it when it is absent or
// empty.
func (n Node) Req(key string) (string, bool) {
	if !n.required(key) {
		return "", false
	}
	s, ok := n.Str(key)
	if ok && s == "" {
		n.Problems.Report(n.At(key), "", "must not be empty")
		return "", false
	}
	return s, ok
}

// Boolean returns the boolean member key; false when absent, null or not a
// boolean (the last reported).
func (n Node) Boolean(key string) (v, ok bool) {
	r, ok := n.Raw(key)
	if !ok {
		return false, false
	}
	v, ok = r.(bool)
	if !ok {
		n.TypeError(key, "true or false", r)
	}
	return v, ok
}

// Object returns the object member key; OK is false when it is absent,
// null or not an object (the last reported).
func (n Node) Object(key string) Node {
	v, ok := n.Raw(key)
	if !ok {
		return Node{Problems: n.Problems, Path: n.At(key)}
	}
	return n.Problems.Object(v, n.At(key))
}

// ReqObject is Object for a required member: absent or null is reported.
func (n Node) ReqObject(key string) Node {
	if !n.required(key) {
		return Node{Problems: n.Problems, Path: n.At(key)}
	}
	return n.Object(key)
}

// Objects returns the array-of-objects member key (nil when absent or
// null); see Problems.Objects.
func (n Node) Objects(key string) []Node {
	v, ok := n.Raw(key)
	if !ok {
		return nil
	}
	return n.Problems.Objects(v, n.At(key))
}

// Strings returns the array-of-strings member key (nil when absent or
// null); items that are not strings are reported and left out.
func (n Node) Strings(key string) []string {
	v, ok := n.Raw(key)
	if !ok {
		return nil
	}
	path := n.At(key)
	items := n.Problems.Array(v, path)
	out := make([]string, 0, len(items))
	for i, it := range items {
		s, ok := it.(string)
		if !ok {
			n.Problems.Report(Index(path, i), Text(it), "expected a string, got "+Kind(it))
			continue
		}
		out = append(out, s)
	}
	return out
}

// Enum returns the string member key, which must be one of values ("unknown
// value" otherwise); def when absent or null, and an absent member is
// reported when def is "".
func (n Node) Enum(key, def string, values ...string) (string, bool) {
	if !n.Has(key) {
		if def == "" {
			n.Problems.Report(n.At(key), "", "is required")
			return "", false
		}
		return def, true
	}
	s, ok := n.Str(key)
	if !ok {
		return "", false
	}
	for _, v := range values {
		if s == v {
			return s, true
		}
	}
	n.Problems.Report(n.At(key), s, "unknown value")
	return "", false
}

// rangeText is the message for an integer outside [lo, hi], what naming
// the quantity ("" names none).
func rangeText(what string, lo, hi int64) string {
	msg := "out of range " + strconv.FormatInt(lo, 10) + " to " + strconv.FormatInt(hi, 10)
	if what == "" {
		return msg
	}
	return what + " " + msg
}
