package tfplan

import (
	"net/netip"

	"github.com/netverdict/netverdict/evaluator/awsjson"
	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
)

// newProblems returns the collector of one Decode of the document doc.
// Both sides of the plan are read by every Decode, so an error reported
// while reading one side's values is reported whatever side was asked for;
// the same error met twice (a value read for both sides) is reported once.
// Warnings are the builders' own, one list a side.
func newProblems(doc string) *jsonwalk.Problems {
	p := jsonwalk.NewProblems(func(path, value, msg string) error {
		return &awsjson.Error{Doc: doc, Path: path, Value: value, Msg: msg}
	}, nil)
	p.ReportOnce = true
	return p
}

// val is one JSON value of a plan at path, with the matching part of
// after_unknown: true when the value is not known until apply (then v is
// nil), a nested object or array when some part of it is unknown, nil on
// the before side and when nothing under it is unknown.
type val struct {
	p    *jsonwalk.Problems
	path string
	v    any
	unk  any
}

// unknown reports whether the whole value is unknown until apply.
func (x val) unknown() bool { b, _ := x.unk.(bool); return b }

// null reports whether the value is absent or null (and not unknown).
func (x val) null() bool { return x.v == nil && !x.unknown() }

// key returns member k of an object value (absent when x is not an object;
// callers check with obj first).
func (x val) key(k string) val {
	m, _ := x.v.(map[string]any)
	out := val{p: x.p, path: x.path + "." + k, v: m[k]}
	switch u := x.unk.(type) {
	case bool:
		out.unk = u
	case map[string]any:
		out.unk = u[k]
	}
	return out
}

// obj reports whether x is an object; another non-null type is an error.
func (x val) obj() bool {
	if _, ok := x.v.(map[string]any); ok {
		return true
	}
	if x.v != nil {
		x.p.Report(x.path, jsonwalk.Text(x.v), "expected an object, got "+jsonwalk.Kind(x.v))
	}
	return false
}

// list returns the elements of an array value; null gives none, another
// type is an error.
func (x val) list() []val {
	a := x.p.Array(x.v, x.path)
	if a == nil {
		return nil
	}
	us, _ := x.unk.([]any)
	out := make([]val, len(a))
	for i, e := range a {
		out[i] = val{p: x.p, path: jsonwalk.Index(x.path, i), v: e}
		if i < len(us) {
			out[i].unk = us[i]
		}
	}
	return out
}

// str returns a string value; false when null or of another type (an
// error).
func (x val) str() (string, bool) { return x.p.String(x.v, x.path) }

// opt returns a string value or "".
func (x val) opt() string {
	s, _ := x.str()
	return s
}

// boolean returns a boolean value; false when null or of another type (an
// error).
func (x val) boolean() (v, ok bool) { return x.p.Boolean(x.v, x.path) }

// integer returns an integer value within [lo, hi]; false when null or
// invalid (an error naming what). Whole numbers written with a fraction or
// exponent (22.0, 2.2e1) are integers.
func (x val) integer(lo, hi int64, what string) (int64, bool) {
	if x.v == nil {
		return 0, false
	}
	return x.p.Integer(x.v, x.path, lo, hi, what, jsonwalk.WholeFloats)
}

// prefix parses a CIDR of family fam ("" is absent, as the provider stores
// unset CIDRs). Host bits are masked as EC2 does, with a warning.
func (b *builder) prefix(x val, fam jsonwalk.Family) (netip.Prefix, bool) {
	s, ok := x.str()
	if !ok || s == "" {
		return netip.Prefix{}, false
	}
	p, msg, warning := jsonwalk.CIDR(s, fam)
	if msg != "" {
		x.p.Report(x.path, s, msg)
		return netip.Prefix{}, false
	}
	if warning != "" {
		b.warn(x.path, warning)
	}
	return p, true
}

// addr parses an IP address of family fam ("" is absent).
func (b *builder) addr(x val, fam jsonwalk.Family) (netip.Addr, bool) {
	s, ok := x.str()
	if !ok || s == "" {
		return netip.Addr{}, false
	}
	a, msg := jsonwalk.IP(s, fam)
	if msg != "" {
		x.p.Report(x.path, s, msg)
		return netip.Addr{}, false
	}
	return a, true
}
