package awsjson

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrNotAWS is wrapped by the error Decode returns for a JSON document that
// has none of the top-level keys of an AWS CLI output: the caller may try
// another format (netverdict's native JSON).
var ErrNotAWS = errors.New("not an AWS CLI/API document")

// MaxErrors is the number of errors Decode reports for one document; any
// more are summed up in one final error.
const MaxErrors = 50

// maxValueLen caps the length of an offending value quoted in an Error.
const maxValueLen = 80

// Error is one problem in a document: where it is and what is wrong.
type Error struct {
	// Doc is the document's name as given to Decode (usually the file name).
	Doc string
	// Path is the JSON path of the offending value, e.g.
	// "SecurityGroups[3].IpPermissions[0].IpRanges[1].CidrIp"; empty for a
	// problem with the whole document.
	Path string
	// Value is the offending value as written (a string's contents, or the
	// JSON text of any other value, shortened); empty when there is none.
	Value string
	// Msg says what is wrong.
	Msg string

	err error // wrapped sentinel or cause, for errors.Is/As
}

// Error renders the error as "doc: path: msg \"value\"", leaving out the
// parts that are empty.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Doc != "" {
		b.WriteString(e.Doc)
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Value != "" {
		b.WriteByte(' ')
		b.WriteString(strconv.Quote(e.Value))
	}
	return b.String()
}

// Unwrap returns the error's cause: ErrNotAWS, or the *json.SyntaxError of
// a malformed document; nil otherwise.
func (e *Error) Unwrap() error { return e.err }

// Warning is something Decode or Merge accepted but the user should know:
// a part of the document that is ignored, a value AWS would have changed, a
// conflict resolved in favour of the later document.
type Warning struct {
	Doc  string // document name
	Path string // JSON path, empty when the warning is about a whole object or document
	Msg  string
}

// String renders the warning as "doc: path: msg", leaving out empty parts.
func (w Warning) String() string {
	var b strings.Builder
	if w.Doc != "" {
		b.WriteString(w.Doc)
		b.WriteString(": ")
	}
	if w.Path != "" {
		b.WriteString(w.Path)
		b.WriteString(": ")
	}
	b.WriteString(w.Msg)
	return b.String()
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

// problems collects the errors and warnings of one Decode or Merge.
type problems struct {
	doc   string
	errs  []error
	nerrs int
	warns []Warning
}

func (p *problems) errorf(path, value, msg string) {
	p.nerrs++
	if len(p.errs) < MaxErrors {
		p.errs = append(p.errs, &Error{Doc: p.doc, Path: path, Value: shorten(value), Msg: msg})
	}
}

func (p *problems) warn(path, msg string) {
	p.warns = append(p.warns, Warning{Doc: p.doc, Path: path, Msg: msg})
}

// err returns nil, the single error, or all of them joined (capped).
func (p *problems) err() error {
	switch {
	case p.nerrs == 0:
		return nil
	case p.nerrs == 1:
		return p.errs[0]
	}
	errs := p.errs
	if more := p.nerrs - len(errs); more > 0 {
		errs = append(errs[:len(errs):len(errs)], &Error{Doc: p.doc, Msg: strconv.Itoa(more) + " more errors not shown"})
	}
	return errors.Join(errs...)
}
