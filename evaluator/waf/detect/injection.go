package detect

import (
	"fmt"
	"unsafe"

	libinjection "github.com/corazawaf/libinjection-go"
)

// Sensitivity is a SqliMatchStatement SensitivityLevel (§4.3).
type Sensitivity uint8

// The SensitivityLevel values. Low is the zero value because LOW is the
// API's default.
const (
	// Low flags fewer inputs (fewer false positives). See SQLi.
	Low Sensitivity = iota
	// High flags more inputs: AWS says HIGH "detects more attacks, but might
	// generate more false positives".
	High
)

// ParseSensitivity maps the API value to a Sensitivity: "" (field absent)
// and "LOW" are Low, "HIGH" is High; anything else is an error naming it.
func ParseSensitivity(s string) (Sensitivity, error) {
	switch s {
	case "", "LOW":
		return Low, nil
	case "HIGH":
		return High, nil
	}
	return Low, fmt.Errorf("unknown sensitivity level %q", s)
}

// String returns the API name.
func (s Sensitivity) String() string {
	switch s {
	case Low:
		return "LOW"
	case High:
		return "HIGH"
	}
	return fmt.Sprintf("Sensitivity(%d)", uint8(s))
}

// SQLi reports whether s looks like SQL injection at the given level
// [inferred: AWS does not publish its algorithm].
//
// HIGH is libinjection's verdict (IsSQLi): it tokenises s as SQL in three
// contexts (as is, after a single quote, after a double quote) and matches
// the token-class fingerprint against its list of known injection shapes.
//
// LOW is HIGH minus one class of fingerprints: those whose only SQL
// evidence is a comment marker after bare numbers or words, i.e. the
// fingerprint minus a final comment token 'c' consists only of number '1',
// bareword 'n', variable 'v' and parenthesis tokens (examples: "1-- " is
// "1c", "page=1/*comment*/" is "nc", "1)--" is "1)c"). Such inputs arise in
// benign text (dashes, ASCII art, comment-like tokens) far more often than
// in attacks, which break out of a quoted string ('s') or use a keyword,
// operator, union, function or statement separator. Rationale: AWS says
// HIGH "detects more attacks, but might generate more false positives", so
// LOW must flag a subset of HIGH and drop the weakest evidence first;
// classic payloads (' OR 1=1--, admin'--, 1 UNION SELECT ...) are flagged
// at both levels. By construction SQLi(s, Low) implies SQLi(s, High).
func SQLi(s []byte, level Sensitivity) bool {
	ok, fp := libinjection.IsSQLi(bytesToString(s))
	if !ok {
		return false
	}
	if level == High {
		return true
	}
	return !weakFingerprint(fp)
}

// weakFingerprint reports whether a libinjection fingerprint is of the
// class LOW ignores (see SQLi).
func weakFingerprint(fp string) bool {
	if len(fp) < 2 || fp[len(fp)-1] != 'c' {
		return false
	}
	for i := range len(fp) - 1 {
		switch fp[i] {
		case '1', 'n', 'v', '(', ')':
		default:
			return false
		}
	}
	return true
}

// XSS reports whether s looks like cross-site scripting [inferred: AWS does
// not publish its algorithm]. It is libinjection's IsXSS, which parses s
// with an HTML5 tokenizer in five contexts (data state and four attribute
// value states) and flags script tags, event-handler attributes, dangerous
// URL schemes and similar constructs.
func XSS(s []byte) bool {
	return libinjection.IsXSS(bytesToString(s))
}

// bytesToString views b as a string without copying. libinjection only
// reads its input during the call and keeps no reference to it (IsSQLi
// clears its pooled state before returning; the fingerprint it returns is
// a separate allocation), so the view never outlives b's contents.
func bytesToString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}
