package jsonwalk

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// SyntaxError is a document that is not valid JSON (or not one JSON
// value). Msg locates a syntax error by line, column and byte offset.
type SyntaxError struct {
	// Msg says what is wrong, starting with "invalid JSON".
	Msg string
	// Err is the cause: a *json.SyntaxError, or encoding/json's error.
	Err error
}

// Error returns Msg.
func (e *SyntaxError) Error() string { return e.Msg }

// Unwrap returns Err.
func (e *SyntaxError) Unwrap() error { return e.Err }

// Parse parses a whole document, after an optional UTF-8 byte order mark,
// keeping the text of numbers (json.Number). A malformed document is a
// *SyntaxError (typed, not an error interface, so that callers can build
// their own error from it).
func Parse(data []byte) (any, *SyntaxError) {
	skip := 0
	if bytes.HasPrefix(data, utf8BOM) {
		skip = len(utf8BOM)
	}
	doc := data[skip:]
	// One scan of a valid document: the decoder checks as it reads, and
	// numbers keep their text. Only a document it cannot read whole is
	// scanned again, by encoding/json's checker, for the error's position.
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	if err == nil && len(bytes.TrimLeft(doc[dec.InputOffset():], " \t\r\n")) == 0 {
		return v, nil
	}
	if !json.Valid(doc) {
		// Unmarshal's validity check gives the syntax error and its offset.
		err := json.Unmarshal(doc, new(any))
		var se *json.SyntaxError
		if errors.As(err, &se) {
			// The position in data, the mark included.
			pos, line, col := Locate(data, skip+int(se.Offset))
			return nil, &SyntaxError{Msg: fmt.Sprintf("invalid JSON at line %d, column %d (byte offset %d): %s", line, col, pos, se.Error()), Err: se}
		}
		return nil, &SyntaxError{Msg: "invalid JSON", Err: err}
	}
	return nil, &SyntaxError{Msg: "invalid JSON: " + err.Error(), Err: err}
}

// Locate turns the Offset of a *json.SyntaxError in data, which counts the
// offending byte, into that byte's position: 0-based offset, 1-based line
// and column.
func Locate(data []byte, offset int) (pos, line, col int) {
	pos = min(max(offset-1, 0), len(data))
	line = bytes.Count(data[:pos], []byte{'\n'}) + 1
	col = pos - (bytes.LastIndexByte(data[:pos], '\n') + 1) + 1
	return pos, line, col
}
