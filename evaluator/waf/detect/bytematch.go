package detect

import (
	"bytes"
	"fmt"
)

// Positional is a ByteMatchStatement PositionalConstraint (§4.4). The zero
// value is invalid, so a forgotten field cannot silently mean EXACTLY.
type Positional uint8

// The PositionalConstraint values of the API enum.
const (
	// Exactly matches when the component equals SearchString.
	Exactly Positional = iota + 1
	// StartsWith matches when SearchString is a prefix of the component.
	StartsWith
	// EndsWith matches when SearchString is a suffix of the component.
	EndsWith
	// Contains matches when SearchString occurs anywhere in the component.
	Contains
	// ContainsWord matches when SearchString occurs delimited on both sides
	// by the start or end of the component or by a non-word character.
	ContainsWord
)

var positionalNames = [...]string{
	Exactly:      "EXACTLY",
	StartsWith:   "STARTS_WITH",
	EndsWith:     "ENDS_WITH",
	Contains:     "CONTAINS",
	ContainsWord: "CONTAINS_WORD",
}

// ParsePositional maps the API name (exact, upper case) to a Positional; an
// unknown name is an error naming the value.
func ParsePositional(s string) (Positional, error) {
	for p, n := range positionalNames {
		if n != "" && n == s {
			return Positional(p), nil
		}
	}
	return 0, fmt.Errorf("unknown positional constraint %q", s)
}

// String returns the API name, or "Positional(n)" for an invalid value.
func (p Positional) String() string {
	if int(p) < len(positionalNames) && positionalNames[p] != "" {
		return positionalNames[p]
	}
	return fmt.Sprintf("Positional(%d)", uint8(p))
}

// isWord reports whether c is a word character for CONTAINS_WORD: the API
// restricts such search strings to "alphanumeric characters or underscore
// (A-Z, a-z, 0-9, or _)".
func isWord(c byte) bool {
	return c == '_' || (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

// ValidWord reports whether search is a legal CONTAINS_WORD SearchString:
// one or more of [A-Za-z0-9_] (§4.4). The parser should reject others.
func ValidWord(search []byte) bool {
	if len(search) == 0 {
		return false
	}
	for _, c := range search {
		if !isWord(c) {
			return false
		}
	}
	return true
}

// ByteMatch reports whether value (the transformed component) satisfies
// constraint p for search. Comparison is byte-wise and case-sensitive
// ("If SearchString includes alphabetic characters A-Z and a-z, note that
// the value is case sensitive", §4.4).
//
// CONTAINS_WORD matches when any occurrence of search in value has, on each
// side, either the start/end of value or a non-word byte (§4.4: ";BadBot",
// "BadBot;" and "-BadBot;" match BadBot, "BadBotX" does not). Occurrences
// are tried left to right, so "BadBotX BadBot" matches at its second
// occurrence. If search itself is not a ValidWord the delimiting rule still
// applies byte-wise; the parser is expected to have rejected it.
//
// An empty search matches only under EXACTLY with an empty value, and under
// STARTS_WITH, ENDS_WITH and CONTAINS [inferred: the API requires a
// non-empty SearchString, so this only fixes the behaviour for totality].
// CONTAINS_WORD never matches an empty search. An invalid p never matches.
func ByteMatch(p Positional, value, search []byte) bool {
	switch p {
	case Exactly:
		return bytes.Equal(value, search)
	case StartsWith:
		return bytes.HasPrefix(value, search)
	case EndsWith:
		return bytes.HasSuffix(value, search)
	case Contains:
		return bytes.Contains(value, search)
	case ContainsWord:
		return containsWord(value, search)
	}
	return false
}

// containsWord implements CONTAINS_WORD; see ByteMatch.
func containsWord(value, search []byte) bool {
	if len(search) == 0 {
		return false
	}
	for off := 0; off+len(search) <= len(value); {
		i := bytes.Index(value[off:], search)
		if i < 0 {
			return false
		}
		start := off + i
		end := start + len(search)
		if (start == 0 || !isWord(value[start-1])) && (end == len(value) || !isWord(value[end])) {
			return true
		}
		off = start + 1
	}
	return false
}
