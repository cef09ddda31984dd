package wafjson

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/netverdict/netverdict/evaluator/awsjson"
)

// This file walks a parsed JSON document one object at a time, so that every
// problem is reported with its exact path and value and decoding goes on to
// find the others. encoding/json parses the document once (UseNumber keeps
// the text of numbers); keys are matched exactly, in AWS's spelling, unlike
// encoding/json's case-insensitive struct decoding. Maps are always walked
// in sorted key order so that messages come out in a stable order.

// maxValueLen caps the length of an offending value quoted in an error, as
// awsjson does.
const maxValueLen = 80

// problems collects the errors and warnings of one Decode.
type problems struct {
	doc   string
	errs  []error
	nerrs int
	warns []awsjson.Warning
}

// errorf records an error at path; value is the offending value as written.
func (p *problems) errorf(path, value, msg string) {
	p.nerrs++
	if len(p.errs) < awsjson.MaxErrors {
		p.errs = append(p.errs, &awsjson.Error{Doc: p.doc, Path: path, Value: shorten(value), Msg: msg})
	}
}

// warn records a warning at path.
func (p *problems) warn(path, msg string) {
	p.warns = append(p.warns, awsjson.Warning{Doc: p.doc, Path: path, Msg: msg})
}

// err returns nil, the single error, or all of them joined (capped at
// awsjson.MaxErrors and a count of the rest).
func (p *problems) err() error {
	switch {
	case p.nerrs == 0:
		return nil
	case p.nerrs == 1:
		return p.errs[0]
	}
	errs := p.errs
	if more := p.nerrs - len(errs); more > 0 {
		errs = append(errs[:len(errs):len(errs)], &awsjson.Error{Doc: p.doc, Msg: strconv.Itoa(more) + " more errors not shown"})
	}
	return errors.Join(errs...)
}

// where is the document name and path, the form model paths take.
func (p *problems) where(path string) string {
	if path == "" {
		return p.doc
	}
	return p.doc + ": " + path
}

// shorten caps a value quoted in a message.
func shorten(s string) string {
	if len(s) <= maxValueLen {
		return s
	}
	cut := maxValueLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// join appends key to a JSON path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// index appends [i] to a JSON path.
func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// node is one JSON object of the document, at path.
type node struct {
	p    *problems
	path string
	m    map[string]any // nil when the value was absent or not an object
}

// ok reports whether the node is an object (errors were reported otherwise).
func (n node) ok() bool { return n.m != nil }

// at is the path of the member key.
func (n node) at(key string) string { return join(n.path, key) }

// jsonKind names the kind of a JSON value for messages.
func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "a number"
}

// valueText is the text of a value quoted in an error: a string's
// contents, or the compact JSON text of any other value.
func valueText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return string(v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return jsonKind(v)
	}
	return string(b)
}

// object reads v as an object at path; not an object is an error.
func (p *problems) object(v any, path string) node {
	m, ok := v.(map[string]any)
	if !ok {
		p.errorf(path, valueText(v), "expected an object, got "+jsonKind(v))
		return node{p: p, path: path}
	}
	return node{p: p, path: path, m: m}
}

// array reads v as an array at path; null is an empty array.
func (p *problems) array(v any, path string) []any {
	if v == nil {
		return nil
	}
	a, ok := v.([]any)
	if !ok {
		p.errorf(path, valueText(v), "expected an array, got "+jsonKind(v))
	}
	return a
}

// objects reads v as an array of objects at path. Items that are not
// objects are reported and come back with ok() false, so indexes stay those
// of the document.
func (p *problems) objects(v any, path string) []node {
	items := p.array(v, path)
	out := make([]node, len(items))
	for i, it := range items {
		out[i] = p.object(it, index(path, i))
	}
	return out
}

// sortedKeys returns the keys of m in sorted order.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// strict reports every member that is not one of known as an unknown
// field: used where an unknown field could change what the object means.
func (n node) strict(known ...string) {
	for _, k := range sortedKeys(n.m) {
		if !slices.Contains(known, k) {
			n.p.errorf(n.at(k), "", "unknown field")
		}
	}
}

// lenient warns about every member that is not one of known: used where AWS
// adds fields over time that do not decide a verdict.
func (n node) lenient(known ...string) {
	for _, k := range sortedKeys(n.m) {
		if !slices.Contains(known, k) {
			n.p.warn(n.at(k), "unknown field, ignored")
		}
	}
}

// empty reports any member of an object that must be empty ({}).
func (n node) empty() { n.strict() }

// raw returns the member key, or false when it is absent or null.
func (n node) raw(key string) (any, bool) {
	v, ok := n.m[key]
	return v, ok && v != nil
}

// has reports whether the member key is present and not null.
func (n node) has(key string) bool {
	_, ok := n.raw(key)
	return ok
}

// typeError reports a member of the wrong JSON type.
func (n node) typeError(key, want string, v any) {
	n.p.errorf(n.at(key), valueText(v), "expected "+want+", got "+jsonKind(v))
}

// str returns the string member key; false when absent, null or not a
// string (the last is reported).
func (n node) str(key string) (string, bool) {
	v, ok := n.raw(key)
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		n.typeError(key, "a string", v)
	}
	return s, ok
}

// opt returns the string member key, or "" when absent.
func (n node) opt(key string) string {
	s, _ := n.str(key)
	return s
}

// req returns the string member key and reports it when it is absent or
// empty.
func (n node) req(key string) (string, bool) {
	if !n.has(key) {
		n.p.errorf(n.at(key), "", "is required")
		return "", false
	}
	s, ok := n.str(key)
	if ok && s == "" {
		n.p.errorf(n.at(key), "", "must not be empty")
		return "", false
	}
	return s, ok
}

// enum returns the string member key, which must be one of values; def
// when absent (an absent member is an error when def is "").
func (n node) enum(key, def string, values ...string) (string, bool) {
	if !n.has(key) {
		if def == "" {
			n.p.errorf(n.at(key), "", "is required")
			return "", false
		}
		return def, true
	}
	s, ok := n.str(key)
	if !ok {
		return "", false
	}
	if !slices.Contains(values, s) {
		n.p.errorf(n.at(key), s, "unknown value")
		return "", false
	}
	return s, true
}

// integer returns the integer member key within [lo, hi]; false when
// absent, null or invalid (the last two reported). A string holding an
// integer is accepted with a warning: AWS's own documentation prints some
// numbers as strings (reference section 4.11 item 10).
func (n node) integer(key string, lo, hi int64) (int64, bool) {
	v, ok := n.raw(key)
	if !ok {
		return 0, false
	}
	return n.p.number(v, n.at(key), lo, hi)
}

// number reads v at path as an integer within [lo, hi] (see integer).
func (p *problems) number(v any, path string, lo, hi int64) (int64, bool) {
	var text string
	switch v := v.(type) {
	case json.Number:
		text = string(v)
	case string:
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			p.errorf(path, v, "expected a number, got a string")
			return 0, false
		}
		text = v
		p.warn(path, "is the string "+strconv.Quote(v)+", AWS's type is a number: read as "+v)
	default:
		p.errorf(path, valueText(v), "expected a number, got "+jsonKind(v))
		return 0, false
	}
	i, err := strconv.ParseInt(text, 10, 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange):
		p.errorf(path, text, "expected an integer")
		return 0, false
	case err != nil || i < lo || i > hi:
		p.errorf(path, text, "out of range "+strconv.FormatInt(lo, 10)+" to "+strconv.FormatInt(hi, 10))
		return 0, false
	}
	return i, true
}

// reqInteger is integer for a required member.
func (n node) reqInteger(key string, lo, hi int64) (int64, bool) {
	if !n.has(key) {
		n.p.errorf(n.at(key), "", "is required")
		return 0, false
	}
	return n.integer(key, lo, hi)
}

// object returns the object member key; ok() is false when it is absent,
// null or not an object (the last reported).
func (n node) object(key string) node {
	v, ok := n.raw(key)
	if !ok {
		return node{p: n.p, path: n.at(key)}
	}
	return n.p.object(v, n.at(key))
}

// reqObject is object for a required member.
func (n node) reqObject(key string) node {
	if !n.has(key) {
		n.p.errorf(n.at(key), "", "is required")
		return node{p: n.p, path: n.at(key)}
	}
	return n.object(key)
}

// objects returns the array-of-objects member key (nil when absent).
func (n node) objects(key string) []node {
	v, ok := n.raw(key)
	if !ok {
		return nil
	}
	return n.p.objects(v, n.at(key))
}

// strings returns the array-of-strings member key (nil when absent); items
// that are not strings are reported and skipped.
func (n node) strings(key string) []string {
	v, ok := n.raw(key)
	if !ok {
		return nil
	}
	items := n.p.array(v, n.at(key))
	out := make([]string, 0, len(items))
	for i, it := range items {
		s, ok := it.(string)
		if !ok {
			n.p.errorf(index(n.at(key), i), valueText(it), "expected a string, got "+jsonKind(it))
			continue
		}
		out = append(out, s)
	}
	return out
}

// oneKey returns the single member key of an object that must hold
// exactly one of keys (a union such as Statement, FieldToMatch or Action),
// with what naming the union in messages. Unknown members are reported as
// "unknown <what>"; false when there is not exactly one known member.
func (n node) oneKey(what string, keys ...string) (string, bool) {
	var found []string
	unknown := false
	for _, k := range sortedKeys(n.m) {
		if !slices.Contains(keys, k) {
			n.p.errorf(n.path, k, "unknown "+what)
			unknown = true
			continue
		}
		if n.m[k] != nil {
			found = append(found, k)
		}
	}
	switch len(found) {
	case 0:
		// A known key whose value is null counts as absent.
		if !unknown {
			n.p.errorf(n.path, "", "has no "+what+": expected one of "+strings.Join(keys, ", "))
		}
		return "", false
	case 1:
		return found[0], true
	}
	n.p.errorf(n.path, "", "has "+strconv.Itoa(len(found))+" "+what+"s ("+strings.Join(found, ", ")+"): expected exactly one")
	return "", false
}

// oneOf is oneKey for a union whose members are objects; it returns the
// member's node too.
func (n node) oneOf(what string, keys ...string) (string, node, bool) {
	k, ok := n.oneKey(what, keys...)
	if !ok {
		return "", node{}, false
	}
	return k, n.object(k), true
}
