package awsjson

import (
	"errors"
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
)

// ErrNotAWS is wrapped by the error Decode returns for a JSON document that
// has none of the top-level keys of an AWS CLI output: the caller may try
// another format (netverdict's native JSON).
var ErrNotAWS = errors.New("not an AWS CLI/API document")

// MaxErrors is the number of errors Decode reports for one document; any
// more are summed up in one final error.
const MaxErrors = jsonwalk.MaxErrors

// maxValueLen caps the length of an offending value quoted in an Error.
const maxValueLen = jsonwalk.MaxValueLen

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

// newProblems returns the collector of one Decode of the document doc: its
// errors are *Error values, its warnings go to *warns (which the merger
// appends to as well, so the two keep their order).
func newProblems(doc string, warns *[]Warning) *jsonwalk.Problems {
	return jsonwalk.NewProblems(
		func(path, value, msg string) error { return &Error{Doc: doc, Path: path, Value: value, Msg: msg} },
		func(path, msg string) { *warns = append(*warns, Warning{Doc: doc, Path: path, Msg: msg}) })
}
