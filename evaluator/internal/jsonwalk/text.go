package jsonwalk

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxValueLen caps the length in bytes of an offending value quoted in an
// error.
const MaxValueLen = 80

// Shorten caps a value quoted in a message at MaxValueLen bytes, cut at a
// character boundary and marked with "…".
func Shorten(s string) string {
	if len(s) <= MaxValueLen {
		return s
	}
	cut := MaxValueLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Kind names the kind of a JSON value for messages: "a string", "an
// object", "an array", "a boolean", "null" or "a number".
func Kind(v any) string {
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

// Text is the text of a value quoted in an error: a string's contents, a
// number as written, or the compact JSON text of any other value.
func Text(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return string(v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return Kind(v)
	}
	return string(b)
}

// Join appends the member key to a JSON path ("" is the top level).
func Join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Index appends the array index [i] to a JSON path.
func Index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// SortedKeys returns the keys of m in sorted order, so that messages about
// them come out in a stable order.
func SortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// maxKeysShown caps the keys KeysText lists.
const maxKeysShown = 8

// KeysText says which keys a top-level object has, for the error about a
// document of the wrong kind: "it has no keys", or "it has A, B, …" with
// the first eight in sorted order.
func KeysText(m map[string]any) string {
	keys := SortedKeys(m)
	if len(keys) == 0 {
		return "it has no keys"
	}
	if len(keys) > maxKeysShown {
		keys = append(keys[:maxKeysShown], "…")
	}
	return "it has " + strings.Join(keys, ", ")
}
