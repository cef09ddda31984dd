package jsonwalk

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
)

// Forms says which JSON forms an integer may take besides a number written
// as an integer.
type Forms uint8

const (
	// Strings accepts a string holding an integer, with a warning: AWS's
	// own documentation prints some numbers as strings (reference section
	// 4.11 item 10).
	Strings Forms = 1 << iota
	// WholeFloats accepts a whole number written with a fraction or an
	// exponent (22.0, 2.2e1) up to 2^53, as Terraform may write numbers.
	WholeFloats
)

// Integer returns the integer member key within [lo, hi]; false when
// absent, null or invalid (the last reported, with what naming the
// quantity in the range message: "ICMP type out of range -1 to 255"). Only a
// JSON number is an integer.
func (n Node) Integer(key string, lo, hi int64, what string) (int64, bool) {
	v, ok := n.Raw(key)
	if !ok {
		return 0, false
	}
	return n.Problems.integer(v, place{n.Path, key, true}, lo, hi, what, 0)
}

// Number returns the integer member key within [lo, hi], like Integer
// without a quantity name, but a string holding an integer is accepted
// with a warning (see Strings).
func (n Node) Number(key string, lo, hi int64) (int64, bool) {
	v, ok := n.Raw(key)
	if !ok {
		return 0, false
	}
	return n.Problems.integer(v, place{n.Path, key, true}, lo, hi, "", Strings)
}

// ReqNumber is Number for a required member: absent or null is reported.
func (n Node) ReqNumber(key string, lo, hi int64) (int64, bool) {
	if !n.required(key) {
		return 0, false
	}
	return n.Number(key, lo, hi)
}

// Number reads v at path as Node.Number does.
func (p *Problems) Number(v any, path string, lo, hi int64) (int64, bool) {
	return p.Integer(v, path, lo, hi, "", Strings)
}

// Integer reads v (not null) at path as an integer within [lo, hi], in
// the JSON forms a number may take and those of forms; what names the
// quantity in the range message ("" names none). Errors are reported.
func (p *Problems) Integer(v any, path string, lo, hi int64, what string, forms Forms) (int64, bool) {
	return p.integer(v, place{path: path}, lo, hi, what, forms)
}

// place is the JSON path of a value, built only when a message needs it:
// reading a valid member costs no allocation.
type place struct {
	path, key string
	member    bool // the path is that of member key of path
}

func (pl place) String() string {
	if pl.member {
		return Join(pl.path, pl.key)
	}
	return pl.path
}

// integer is Integer at a place.
func (p *Problems) integer(v any, at place, lo, hi int64, what string, forms Forms) (int64, bool) {
	var text string
	switch v := v.(type) {
	case json.Number:
		text = string(v)
	case string:
		if forms&Strings == 0 {
			p.Report(at.String(), v, "expected a number, got a string")
			return 0, false
		}
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			p.Report(at.String(), v, "expected a number, got a string")
			return 0, false
		}
		text = v
		p.Warn(at.String(), "is the string "+strconv.Quote(v)+", AWS's type is a number: read as "+v)
	default:
		p.Report(at.String(), Text(v), "expected a number, got "+Kind(v))
		return 0, false
	}
	i, err := strconv.ParseInt(text, 10, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		w, ok := wholeFloat(text)
		if forms&WholeFloats == 0 || !ok {
			p.Report(at.String(), text, "expected an integer")
			return 0, false
		}
		i, err = w, nil
	}
	if err != nil || i < lo || i > hi {
		p.Report(at.String(), text, rangeText(what, lo, hi))
		return 0, false
	}
	return i, true
}

// wholeFloat reads a number written with a fraction or an exponent as an
// integer when it is whole and within 2^53 (beyond, float64 has no exact
// integers to give).
func wholeFloat(text string) (int64, bool) {
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int64(f), true
}
