package tfplan

import (
	"encoding/json"
	"errors"
	"math"
	"net/netip"
	"strconv"
	"unicode/utf8"

	"github.com/netverdict/netverdict/evaluator/awsjson"
)

// problems collects the errors of one Decode. Both sides of the plan are
// read by every Decode, so an error reported while reading one side's values
// is reported whatever side was asked for; the same error met twice (a value
// read for both sides) is reported once.
type problems struct {
	doc   string
	errs  []error
	nerrs int
	seen  map[string]bool
}

func (p *problems) errorf(path, value, msg string) {
	key := path + "\x00" + value + "\x00" + msg
	if p.seen[key] {
		return
	}
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	p.seen[key] = true
	p.nerrs++
	if len(p.errs) < awsjson.MaxErrors {
		p.errs = append(p.errs, &awsjson.Error{Doc: p.doc, Path: path, Value: shorten(value), Msg: msg})
	}
}

// err returns nil, the single error, or all of them joined (capped).
func (p *problems) err() error {
	switch p.nerrs {
	case 0:
		return nil
	case 1:
		return p.errs[0]
	}
	errs := p.errs
	if more := p.nerrs - len(errs); more > 0 {
		errs = append(errs[:len(errs):len(errs)], &awsjson.Error{Doc: p.doc, Msg: strconv.Itoa(more) + " more errors not shown"})
	}
	return errors.Join(errs...)
}

// maxValueLen caps the length of an offending value quoted in an error.
const maxValueLen = 80

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

// kind names the JSON type of a value for messages.
func kind(v any) string {
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

// text is a value as quoted in an error.
func text(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return string(v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return kind(v)
	}
	return string(b)
}

// val is one JSON value of a plan at path, with the matching part of
// after_unknown: true when the value is not known until apply (then v is
// nil), a nested object or array when some part of it is unknown, nil on
// the before side and when nothing under it is unknown.
type val struct {
	p    *problems
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
		x.p.errorf(x.path, text(x.v), "expected an object, got "+kind(x.v))
	}
	return false
}

// list returns the elements of an array value; null gives none, another
// type is an error.
func (x val) list() []val {
	if x.v == nil {
		return nil
	}
	a, ok := x.v.([]any)
	if !ok {
		x.p.errorf(x.path, text(x.v), "expected an array, got "+kind(x.v))
		return nil
	}
	us, _ := x.unk.([]any)
	out := make([]val, len(a))
	for i, e := range a {
		out[i] = val{p: x.p, path: x.path + "[" + strconv.Itoa(i) + "]", v: e}
		if i < len(us) {
			out[i].unk = us[i]
		}
	}
	return out
}

// str returns a string value; false when null or of another type (an
// error).
func (x val) str() (string, bool) {
	if x.v == nil {
		return "", false
	}
	s, ok := x.v.(string)
	if !ok {
		x.p.errorf(x.path, text(x.v), "expected a string, got "+kind(x.v))
	}
	return s, ok
}

// opt returns a string value or "".
func (x val) opt() string {
	s, _ := x.str()
	return s
}

// boolean returns a boolean value; false when null or of another type (an
// error).
func (x val) boolean() (v, ok bool) {
	if x.v == nil {
		return false, false
	}
	v, ok = x.v.(bool)
	if !ok {
		x.p.errorf(x.path, text(x.v), "expected true or false, got "+kind(x.v))
	}
	return v, ok
}

// integer returns an integer value within [lo, hi]; false when null or
// invalid (an error naming what).
func (x val) integer(lo, hi int64, what string) (int64, bool) {
	if x.v == nil {
		return 0, false
	}
	n, ok := x.v.(json.Number)
	if !ok {
		x.p.errorf(x.path, text(x.v), "expected a number, got "+kind(x.v))
		return 0, false
	}
	i, err := strconv.ParseInt(string(n), 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		x.p.errorf(x.path, string(n), what+" out of range "+rangeText(lo, hi))
		return 0, false
	case err != nil:
		// Whole numbers written with a fraction or exponent (22.0, 2.2e1).
		f, ferr := strconv.ParseFloat(string(n), 64)
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			x.p.errorf(x.path, string(n), "expected an integer")
			return 0, false
		}
		i = int64(f)
	}
	if i < lo || i > hi {
		x.p.errorf(x.path, string(n), what+" out of range "+rangeText(lo, hi))
		return 0, false
	}
	return i, true
}

func rangeText(lo, hi int64) string {
	return strconv.FormatInt(lo, 10) + " to " + strconv.FormatInt(hi, 10)
}

// family selects the address family a value must hold.
type family uint8

const (
	ipv4 family = iota + 1
	ipv6
)

func (f family) String() string {
	if f == ipv6 {
		return "IPv6"
	}
	return "IPv4"
}

func familyOf(a netip.Addr) family {
	if a.Is4() {
		return ipv4
	}
	return ipv6
}

// prefix parses a CIDR of family fam ("" is absent, as the provider stores
// unset CIDRs). Host bits are masked as EC2 does, with a warning.
func (b *builder) prefix(x val, fam family) (netip.Prefix, bool) {
	s, ok := x.str()
	if !ok || s == "" {
		return netip.Prefix{}, false
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		x.p.errorf(x.path, s, "invalid CIDR")
		return netip.Prefix{}, false
	}
	if got := familyOf(p.Addr()); got != fam {
		x.p.errorf(x.path, s, "want an "+fam.String()+" CIDR, got "+got.String())
		return netip.Prefix{}, false
	}
	if m := p.Masked(); m != p {
		b.warn(x.path, "CIDR "+s+" has host bits set; AWS stores it as "+m.String())
		p = m
	}
	return p, true
}

// addr parses an IP address of family fam ("" is absent).
func (b *builder) addr(x val, fam family) (netip.Addr, bool) {
	s, ok := x.str()
	if !ok || s == "" {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		x.p.errorf(x.path, s, "invalid IP address")
		return netip.Addr{}, false
	}
	if got := familyOf(a); got != fam {
		x.p.errorf(x.path, s, "want an "+fam.String()+" address, got "+got.String())
		return netip.Addr{}, false
	}
	return a, true
}
