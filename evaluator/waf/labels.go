package waf

import "strings"

// label is one label on the request during evaluation.
type label struct {
	// full is the fully qualified label, or for a prefix entry the
	// namespace under which unknown labels may exist.
	full string
	// ctx is the context (web ACL 0, rule group i+1) whose rule added it;
	// AWS-generated labels (geo) have ctxAWS. Unqualified label keys only
	// see labels of their own context (§4.6).
	ctx int32
	// maybe: added by a rule whose match is unknown.
	maybe bool
	// prefix: any label under full may be present (a rule group that
	// was not supplied, geo labels without a database).
	prefix bool
	// by names the rule that added it, for reasons.
	by string
}

// ctxAWS is the context of labels AWS adds itself (geo match).
const ctxAWS = -1

// qualified reports whether a label match key names labels from every
// context: keys starting "awswaf:" are fully qualified; others only see
// labels added in the same web ACL or rule group (§4.6).
func qualified(key string) bool { return strings.HasPrefix(key, "awswaf:") }

// labelKeyMatches reports whether label full matches key in scope
// (namespace true = NAMESPACE). LABEL: full is key or ends with ":"+key
// (component-aligned suffix). NAMESPACE (key ends with ':'): key is a run
// of whole namespace components of full, at the start or after a ':'
// (§4.6; the inner alignment is [inferred]).
func labelKeyMatches(full, key string, namespace bool) bool {
	if !namespace {
		return full == key || len(full) > len(key) && full[len(full)-len(key)-1] == ':' && strings.HasSuffix(full, key)
	}
	if len(full) <= len(key) {
		return false // a namespace needs a label name after it
	}
	if strings.HasPrefix(full, key) {
		return true
	}
	for i := strings.IndexByte(full, ':'); i >= 0 && i+1+len(key) < len(full); {
		if strings.HasPrefix(full[i+1:], key) {
			return true
		}
		j := strings.IndexByte(full[i+1:], ':')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// prefixMayMatch reports whether some label under namespace prefix p could
// match key (in either scope). A partial key can match the tail of any
// label under p.
func prefixMayMatch(p, key string) bool {
	return !qualified(key) || strings.HasPrefix(key, p) || strings.HasPrefix(p, key)
}

// matchLabels evaluates a LabelMatchStatement against labels; ctx is the
// context of the rule holding the statement. It returns the label (or
// prefix entry) that decided, -1 for no.
func matchLabels(labels []label, key string, namespace bool, ctx int32) (tri, int) {
	q := qualified(key)
	res, at := no, -1
	for i := range labels {
		l := &labels[i]
		if !q && l.ctx != ctx {
			continue
		}
		var m bool
		if l.prefix {
			m = prefixMayMatch(l.full, key)
		} else {
			m = labelKeyMatches(l.full, key, namespace)
		}
		if !m {
			continue
		}
		if !l.maybe && !l.prefix {
			return yes, i
		}
		if res == no {
			res, at = unknown, i
		}
	}
	return res, at
}

// addLabel adds full to labels, upgrading a maybe entry when the same
// label is now certain.
func addLabel(labels []label, l label) []label {
	for i := range labels {
		if labels[i].full == l.full && labels[i].prefix == l.prefix && labels[i].ctx == l.ctx {
			if labels[i].maybe && !l.maybe {
				labels[i].maybe = false
				labels[i].by = l.by
			}
			return labels
		}
	}
	return append(labels, l)
}
