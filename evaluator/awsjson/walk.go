package awsjson

import (
	"encoding/json"
	"errors"
	"strconv"
)

// This file walks a parsed JSON document one object at a time, so that every
// problem is reported with its exact path and value and decoding goes on
// after it to find the others. encoding/json parses the document once (with
// UseNumber, so numbers keep their text); keys are matched exactly (AWS's
// spelling), unlike encoding/json's case-insensitive struct decoding.
//
// Values are what encoding/json produces for an interface: map[string]any,
// []any, string, json.Number, bool, and nil for null.

// node is one JSON object of the document, at path.
type node struct {
	p    *problems
	path string
	m    map[string]any // nil when the value was not an object
}

// ok reports whether the node is an object (errors were reported otherwise).
func (n node) ok() bool { return n.m != nil }

// at is the path of the member key.
func (n node) at(key string) string {
	if n.path == "" {
		return key
	}
	return n.path + "." + key
}

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
		out[i] = p.object(it, path+"["+strconv.Itoa(i)+"]")
	}
	return out
}

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

// integer returns the integer member key within [lo, hi]; false when
// absent, null or invalid (the last two reported, with what naming the
// quantity in the message).
func (n node) integer(key string, lo, hi int64, what string) (int64, bool) {
	v, ok := n.raw(key)
	if !ok {
		return 0, false
	}
	num, ok := v.(json.Number)
	if !ok {
		n.typeError(key, "a number", v)
		return 0, false
	}
	i, err := strconv.ParseInt(string(num), 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		n.p.errorf(n.at(key), string(num), what+" out of range "+rangeText(lo, hi))
		return 0, false
	case err != nil:
		n.p.errorf(n.at(key), string(num), "expected an integer")
		return 0, false
	case i < lo || i > hi:
		n.p.errorf(n.at(key), string(num), what+" out of range "+rangeText(lo, hi))
		return 0, false
	}
	return i, true
}

func rangeText(lo, hi int64) string {
	return strconv.FormatInt(lo, 10) + " to " + strconv.FormatInt(hi, 10)
}

// boolean returns the boolean member key; false when absent, null or not a
// boolean (the last reported).
func (n node) boolean(key string) (v, ok bool) {
	r, ok := n.raw(key)
	if !ok {
		return false, false
	}
	v, ok = r.(bool)
	if !ok {
		n.typeError(key, "true or false", r)
	}
	return v, ok
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

// objects returns the array-of-objects member key (nil when absent).
func (n node) objects(key string) []node {
	v, ok := n.raw(key)
	if !ok {
		return nil
	}
	return n.p.objects(v, n.at(key))
}
