package jsonwalk

import (
	"errors"
	"strconv"
)

// MaxErrors is the number of errors Problems keeps for one document; any
// more are summed up in one final error by Err.
const MaxErrors = 50

// Problems collects the errors and warnings of one decode. The zero value
// is not usable: make one with NewProblems.
type Problems struct {
	// ReportOnce drops an error identical (path, value and message) to one
	// already reported, for decoders that read the same value twice.
	ReportOnce bool

	newError func(path, value, msg string) error
	warn     func(path, msg string)
	seen     map[string]bool
	errs     []error
	n        int
}

// NewProblems returns a collector. newError makes the error value of one
// problem (value is already shortened, and empty when there is none; path
// and value are empty for "N more errors not shown"); warn records a
// warning, and may be nil for a decoder that never warns through Problems
// (Warn then panics).
func NewProblems(newError func(path, value, msg string) error, warn func(path, msg string)) *Problems {
	return &Problems{newError: newError, warn: warn}
}

// Report records an error at path; value is the offending value as
// written (quoted in messages, shortened to MaxValueLen), msg what is wrong.
func (p *Problems) Report(path, value, msg string) {
	if p.ReportOnce {
		key := path + "\x00" + value + "\x00" + msg
		if p.seen[key] {
			return
		}
		if p.seen == nil {
			p.seen = map[string]bool{}
		}
		p.seen[key] = true
	}
	p.n++
	if len(p.errs) < MaxErrors {
		p.errs = append(p.errs, p.newError(path, Shorten(value), msg))
	}
}

// Warn records a warning at path.
func (p *Problems) Warn(path, msg string) { p.warn(path, msg) }

// Count is the number of errors reported so far, those past MaxErrors
// included: a decoder compares it before and after reading an object to
// know whether the object was valid.
func (p *Problems) Count() int { return p.n }

// Err returns nil, the single error, or all of them joined with
// errors.Join: at most MaxErrors and one more saying how many were left
// out.
func (p *Problems) Err() error {
	switch {
	case p.n == 0:
		return nil
	case p.n == 1:
		return p.errs[0]
	}
	errs := p.errs
	if more := p.n - len(errs); more > 0 {
		// A full slice expression: the collector's slice is left as it is.
		errs = append(errs[:len(errs):len(errs)], p.newError("", "", strconv.Itoa(more)+" more errors not shown"))
	}
	return errors.Join(errs...)
}
