package jsonwalk

import (
	"slices"
	"strconv"
	"strings"
)

// Strict reports every member that is not one of known as an unknown
// field: for objects where an unknown field could change what the object
// means.
func (n Node) Strict(known ...string) {
	for _, k := range SortedKeys(n.Map) {
		if !slices.Contains(known, k) {
			n.Problems.Report(n.At(k), "", "unknown field")
		}
	}
}

// Lenient warns about every member that is not one of known: for objects
// to which AWS adds fields over time that do not decide a verdict.
func (n Node) Lenient(known ...string) {
	for _, k := range SortedKeys(n.Map) {
		if !slices.Contains(known, k) {
			n.Problems.Warn(n.At(k), "unknown field, ignored")
		}
	}
}

// Empty reports any member of an object that must be empty ({}).
func (n Node) Empty() { n.Strict() }

// OneKey returns the single member of an object that must hold exactly
// one of keys (a union such as WAF's Statement, FieldToMatch or Action),
// with what naming the union in messages. Unknown members are reported as
// "unknown <what>"; false when there is not exactly one known member that
// is not null.
func (n Node) OneKey(what string, keys ...string) (string, bool) {
	var found []string
	unknown := false
	for _, k := range SortedKeys(n.Map) {
		if !slices.Contains(keys, k) {
			n.Problems.Report(n.Path, k, "unknown "+what)
			unknown = true
			continue
		}
		if n.Map[k] != nil {
			found = append(found, k)
		}
	}
	switch len(found) {
	case 0:
		// A known key whose value is null counts as absent; after an
		// unknown key, "has none" would say the same thing twice.
		if !unknown {
			n.Problems.Report(n.Path, "", "has no "+what+": expected one of "+strings.Join(keys, ", "))
		}
		return "", false
	case 1:
		return found[0], true
	}
	n.Problems.Report(n.Path, "", "has "+strconv.Itoa(len(found))+" "+what+"s ("+strings.Join(found, ", ")+"): expected exactly one")
	return "", false
}

// OneOf is OneKey for a union whose members are objects; it returns the
// member's node too.
func (n Node) OneOf(what string, keys ...string) (string, Node, bool) {
	k, ok := n.OneKey(what, keys...)
	if !ok {
		return "", Node{}, false
	}
	return k, n.Object(k), true
}
