package awsjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
)

// This file walks a JSON document as json.RawMessage values, one object at a
// time, so that every problem is reported with its exact path and value and
// decoding goes on after it to find the others. encoding/json does the
// parsing; keys are matched exactly (AWS's spelling), unlike its
// case-insensitive struct decoding.

// node is one JSON object of the document, at path.
type node struct {
	p    *problems
	path string
	m    map[string]json.RawMessage // nil when the value was not an object
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
func jsonKind(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// valueText is the text of a value quoted in an error: a string's
// contents, or the compact JSON text of any other value.
func valueText(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) == nil {
		return b.String()
	}
	return string(raw)
}

// isNull reports whether a raw value is JSON null.
func isNull(raw []byte) bool { return string(bytes.TrimSpace(raw)) == "null" }

// object reads raw as an object at path; not an object is an error.
func (p *problems) object(raw json.RawMessage, path string) node {
	n := node{p: p, path: path}
	if jsonKind(raw) != "an object" {
		p.errorf(path, valueText(raw), "expected an object, got "+jsonKind(raw))
		return n
	}
	if err := json.Unmarshal(raw, &n.m); err != nil {
		p.errorf(path, "", "cannot read object: "+err.Error())
		return n
	}
	if n.m == nil { // "{}" unmarshals to a nil map on some paths; keep ok() true
		n.m = map[string]json.RawMessage{}
	}
	return n
}

// array reads raw as an array at path; null is an empty array.
func (p *problems) array(raw json.RawMessage, path string) []json.RawMessage {
	if isNull(raw) {
		return nil
	}
	if jsonKind(raw) != "an array" {
		p.errorf(path, valueText(raw), "expected an array, got "+jsonKind(raw))
		return nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		p.errorf(path, "", "cannot read array: "+err.Error())
		return nil
	}
	return items
}

// objects reads raw as an array of objects at path. Items that are not
// objects are reported and come back with ok() false, so indexes stay those
// of the document.
func (p *problems) objects(raw json.RawMessage, path string) []node {
	items := p.array(raw, path)
	out := make([]node, len(items))
	for i, it := range items {
		out[i] = p.object(it, path+"["+strconv.Itoa(i)+"]")
	}
	return out
}

// raw returns the member key, or false when it is absent or null.
func (n node) raw(key string) (json.RawMessage, bool) {
	r, ok := n.m[key]
	if !ok || isNull(r) {
		return nil, false
	}
	return r, true
}

// has reports whether the member key is present and not null.
func (n node) has(key string) bool {
	_, ok := n.raw(key)
	return ok
}

// typeError reports a member of the wrong JSON type.
func (n node) typeError(key, want string, r json.RawMessage) {
	n.p.errorf(n.at(key), valueText(r), "expected "+want+", got "+jsonKind(r))
}

// str returns the string member key; false when absent, null or not a
// string (the last is reported).
func (n node) str(key string) (string, bool) {
	r, ok := n.raw(key)
	if !ok {
		return "", false
	}
	var s string
	if jsonKind(r) != "a string" || json.Unmarshal(r, &s) != nil {
		n.typeError(key, "a string", r)
		return "", false
	}
	return s, true
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
// range in the message).
func (n node) integer(key string, lo, hi int64, what string) (int64, bool) {
	r, ok := n.raw(key)
	if !ok {
		return 0, false
	}
	if jsonKind(r) != "a number" {
		n.typeError(key, "a number", r)
		return 0, false
	}
	text := string(bytes.TrimSpace(r))
	v, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			n.p.errorf(n.at(key), text, what+" out of range "+rangeText(lo, hi))
		} else {
			n.p.errorf(n.at(key), text, "expected an integer")
		}
		return 0, false
	}
	if v < lo || v > hi {
		n.p.errorf(n.at(key), text, what+" out of range "+rangeText(lo, hi))
		return 0, false
	}
	return v, true
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
	if jsonKind(r) != "a boolean" || json.Unmarshal(r, &v) != nil {
		n.typeError(key, "true or false", r)
		return false, false
	}
	return v, true
}

// object returns the object member key; ok() is false when it is absent,
// null or not an object (the last reported).
func (n node) object(key string) node {
	r, ok := n.raw(key)
	if !ok {
		return node{p: n.p, path: n.at(key)}
	}
	return n.p.object(r, n.at(key))
}

// objects returns the array-of-objects member key (nil when absent).
func (n node) objects(key string) []node {
	r, ok := n.raw(key)
	if !ok {
		return nil
	}
	return n.p.objects(r, n.at(key))
}
