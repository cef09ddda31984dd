package waf

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/netverdict/netverdict/evaluator/model"
)

// finish fills res from the outcome: term is the terminating rule (nil for
// the default action) and verdict its verdict. The verdict becomes
// Indeterminate when an undecidable rule before the outcome would have
// given the other verdict.
func (s *Scratch) finish(term *rule, verdict Verdict, res *Result) {
	for i := range s.labels {
		if l := &s.labels[i]; !l.maybe && !l.prefix {
			res.Labels = append(res.Labels, l.full)
		}
	}
	res.Verdict = verdict
	if term != nil {
		res.HasTerminating = true
		desc := s.describe(term.stmt, true)
		res.Terminating = Match{
			RuleName: term.name, Priority: term.priority, ResourceID: term.resourceID,
			Action: term.action, Labels: term.labels, Reason: desc,
		}
		res.Reason = actionText(term.action) + " by " + ruleText(term, s.acl) + ": " + desc
	} else {
		res.Default = true
		res.Reason = s.acl.defReason
	}
	other := Allow
	if verdict == Allow {
		other = Block
	}
	if p := s.pend[other-1]; p.set {
		res.Verdict = Indeterminate
		res.Reason = "Indeterminate: " + p.why + "; otherwise: " + res.Reason
	}
}

// actionText is the verb of a terminating action.
func actionText(a model.WAFActionKind) string {
	switch a {
	case model.WAFAllow:
		return "Allowed"
	case model.WAFCaptcha:
		return "Blocked with a CAPTCHA (no valid token; HTTP 405)"
	case model.WAFChallenge:
		return "Blocked with a challenge (no valid token; HTTP 202)"
	case model.WAFMonetize:
		return "Blocked (Monetize, treated as a block: the request is held for payment)"
	}
	return "Blocked"
}

// ruleText names a rule: "rule X (priority 3)", plus its group.
func ruleText(r *rule, a *ACL) string {
	t := "rule " + r.name + " (priority " + strconv.Itoa(int(r.priority)) + ")"
	if r.resourceID != a.arn {
		t += " of rule group " + r.resourceID
	}
	return t
}

// matchReason says why a non-terminating rule matched.
func (s *Scratch) matchReason(r *rule, absorbed bool) string {
	d := s.describe(r.stmt, true)
	switch {
	case absorbed:
		d += " (its " + r.action.String() + " action is turned into Count by the group reference's OverrideAction Count)"
	case r.overridden:
		d += " (action overridden to " + r.action.String() + " by the group reference)"
	case r.action == model.WAFCaptcha:
		d += " (valid CAPTCHA token: continues like Count)"
	case r.action == model.WAFChallenge:
		d += " (valid challenge token: continues like Count)"
	}
	return d
}

// unknownWhy says why rule r's match is undecidable.
func (s *Scratch) unknownWhy(r *rule, v Verdict) string {
	verb := "allow"
	if v == Block {
		verb = "block"
	}
	head := ruleText(r, s.acl) + " would " + verb + " if it matched, and whether it matches is unknown: "
	if s.match(r.stmt) != unknown {
		return head + "whether the rule runs depends on its group's scope-down statement"
	}
	return head + s.whyUnknown(r.stmt)
}

// whyUnknown finds the first undecidable leaf under n and says why.
func (s *Scratch) whyUnknown(n *node) string {
	switch n.kind {
	case model.WAFAnd, model.WAFOr, model.WAFNot:
		for _, k := range n.kids {
			if s.match(k) == unknown {
				return s.whyUnknown(k)
			}
		}
	case model.WAFRateBased:
		if n.scope != nil {
			return s.whyUnknown(n.scope)
		}
	case model.WAFRegexPatternSetReference:
		if n.set == nil && s.component(n).st == stPresent {
			return "regex pattern set " + n.ref + " is not in the configuration"
		}
		return s.fieldWhy(n)
	case model.WAFByteMatch, model.WAFRegexMatch, model.WAFSizeConstraint, model.WAFSqliMatch, model.WAFXssMatch:
		return s.fieldWhy(n)
	case model.WAFIPSetReference:
		if n.ips == nil {
			return "IP set " + n.ref + " is not in the configuration"
		}
		return "the request has no client IP"
	case model.WAFGeoMatch, model.WAFAsnMatch:
		if !s.req.ClientIP.IsValid() && n.fwd == nil {
			return "the request has no client IP"
		}
		return n.kind.String() + " at " + n.path + " needs a geo database (none loaded)"
	case model.WAFLabelMatch:
		_, i := matchLabels(s.labels[:s.visible], n.key, n.namespace, s.ctx)
		if i >= 0 {
			l := s.labels[i]
			if l.prefix {
				return "labels under " + l.full + " may have been added by " + l.by + ", which is undecidable"
			}
			return "label " + l.full + " may have been added by " + l.by + ", whose match is unknown"
		}
	}
	return n.kind.String() + " at " + n.path + " is undecidable"
}

func (s *Scratch) fieldWhy(n *node) string {
	switch s.component(n).why {
	case whyNoFingerprint:
		return "the request does not give its " + describeField(n.field) + " (" + n.path + ")"
	case whyBodyLimitUnknown:
		return "the body is over 8 KB and the resource type, which sets the inspection limit, is unknown (" + n.path + ")"
	}
	return n.kind.String() + " at " + n.path + " is undecidable"
}

// describe says why n matched (want true) or did not (want false).
func (s *Scratch) describe(n *node, want bool) string {
	switch n.kind {
	case model.WAFAnd, model.WAFOr:
		all := n.kind == model.WAFAnd == want // every operand explains it
		var parts []string
		for _, k := range n.kids {
			m := s.match(k)
			if all {
				parts = append(parts, s.describe(k, want))
			} else if m == triOf(want) {
				return s.describe(k, want)
			}
		}
		return strings.Join(parts, " and ")
	case model.WAFNot:
		return s.describe(n.kids[0], !want)
	case model.WAFByteMatch, model.WAFRegexMatch, model.WAFRegexPatternSetReference,
		model.WAFSizeConstraint, model.WAFSqliMatch, model.WAFXssMatch:
		return s.describeField(n, want)
	case model.WAFIPSetReference:
		who, ok := s.describeIPs(n)
		if !ok {
			return who
		}
		if strings.HasPrefix(who, "the ") {
			return who + isNot(want) + " in IP set " + n.ips.name
		}
		return who + " is in IP set " + n.ips.name // "none of the addresses ..."
	case model.WAFGeoMatch, model.WAFAsnMatch:
		who, ok := s.describeIPs(n)
		if !ok {
			return who
		}
		if n.kind == model.WAFGeoMatch {
			cc, _, found := s.acl.db.Country(s.fwd[0])
			if !found {
				cc = "XX (unknown location)"
			}
			if want {
				return who + " is in country " + cc
			}
			return who + " is in country " + cc + ", not in " + strings.Join(n.countries, ", ")
		}
		asn, _ := s.acl.db.ASN(s.fwd[0])
		if want {
			return who + " is in AS" + strconv.FormatUint(uint64(asn), 10)
		}
		return fmt.Sprintf("%s is in AS%d, not in %v", who, asn, n.asns)
	case model.WAFLabelMatch:
		what := "label " + n.key
		if n.namespace {
			what = "a label in namespace " + n.key
		}
		if want {
			return "the request has " + what
		}
		return "the request does not have " + what
	case model.WAFRateBased:
		d := fmt.Sprintf("the request says rate-based rule %s is over its limit of %d requests per %d s (rate state comes from the request, not measured)",
			s.ruleName, n.rateLimit, n.window)
		if !want {
			d = fmt.Sprintf("the request does not say rate-based rule %s is over its limit (rate state comes from the request)", s.ruleName)
			if s.req.rateLimited(s.ruleName) && n.scope != nil {
				return s.describe(n.scope, false)
			}
			return d
		}
		if n.scope != nil {
			d += " and " + s.describe(n.scope, true)
		}
		return d
	}
	return n.kind.String() + " at " + n.path
}

func isNot(want bool) string {
	if want {
		return " is"
	}
	return " is not"
}

// describeIPs names the address(es) an IP statement inspected; ok false
// means the text already explains the result (a fallback).
func (s *Scratch) describeIPs(n *node) (string, bool) {
	k, _ := s.ips(n)
	if k == 0 {
		if n.fwd != nil {
			return fmt.Sprintf("header %s is not a valid forwarded IP list (FallbackBehavior %s)", n.fwd.header, matchWord(n.fwd.fallbackMatch)), false
		}
		return "the request has no client IP", false
	}
	if n.fwd == nil {
		return "the client IP " + s.fwd[0].String(), true
	}
	if k == 1 {
		return "the " + n.fwd.header + " address " + s.fwd[0].String(), true
	}
	// ANY: name the address that matched, or all of them.
	if n.ips != nil {
		for _, ip := range s.fwd[:k] {
			if n.ips.table.Contains(ip) {
				return "the " + n.fwd.header + " address " + ip.String(), true
			}
		}
	}
	parts := make([]string, k)
	for i, ip := range s.fwd[:k] {
		parts[i] = ip.String()
	}
	return "none of the " + n.fwd.header + " addresses " + strings.Join(parts, ", "), true
}

func matchWord(m bool) string {
	if m {
		return "MATCH"
	}
	return "NO_MATCH"
}

// describeField describes a field statement's result.
func (s *Scratch) describeField(n *node, want bool) string {
	f := describeField(n.field)
	sl := s.component(n)
	switch sl.st {
	case stMissing:
		return "the request has no " + f
	case stMatch, stNoMatch:
		h := "MATCH"
		if sl.st == stNoMatch {
			h = "NO_MATCH"
		}
		switch sl.why {
		case whyOversize:
			return f + " is over WAF's inspection limit (OversizeHandling " + h + ")"
		case whyInvalidJSON:
			return "the JSON body is not valid JSON (InvalidFallbackBehavior " + h + ")"
		}
		if n.field.kind == model.WAFFieldBody || n.field.kind == model.WAFFieldJSONBody {
			return f + " is over WAF's inspection limit (OversizeHandling " + h + ")"
		}
		return "the request has no " + f + " (FallbackBehavior " + h + ")"
	}
	var d string
	switch n.kind {
	case model.WAFByteMatch:
		verbs := positionalVerbs[n.posText]
		v := verbs[1]
		if want {
			v = verbs[0]
		}
		d = f + " " + v + " " + printable(n.search)
	case model.WAFRegexMatch:
		d = f + matches(want) + " regex " + n.re.String()
	case model.WAFRegexPatternSetReference:
		d = f + matches(want) + " a pattern of regex pattern set " + n.set.name
	case model.WAFSizeConstraint:
		size := 0
		if sl.n() > 0 {
			size = len(sl.value(0))
		}
		not := ""
		if !want {
			not = "not "
		}
		d = fmt.Sprintf("%s size %d is %s%s %d bytes", f, size, not, sizeOps[n.op], n.size)
	case model.WAFSqliMatch:
		d = f + looks(want) + " like SQL injection"
		if n.sensTxt == "HIGH" {
			d += " (sensitivity HIGH)"
		}
	case model.WAFXssMatch:
		d = f + looks(want) + " like cross-site scripting"
	}
	if n.chainText != "" {
		d += " after " + n.chainText
	}
	return d
}

// positionalVerbs phrase a ByteMatch PositionalConstraint (matched, not).
var positionalVerbs = map[string][2]string{
	"EXACTLY":       {"is", "is not"},
	"STARTS_WITH":   {"starts with", "does not start with"},
	"ENDS_WITH":     {"ends with", "does not end with"},
	"CONTAINS":      {"contains", "does not contain"},
	"CONTAINS_WORD": {"contains the word", "does not contain the word"},
}

func matches(want bool) string {
	if want {
		return " matches"
	}
	return " does not match"
}

func looks(want bool) string {
	if want {
		return " looks"
	}
	return " does not look"
}

// printable renders a search string as is when it is printable text.
func printable(b []byte) string {
	if utf8.Valid(b) {
		ok := true
		for _, r := range string(b) {
			if r < ' ' || r == 0x7f {
				ok = false
				break
			}
		}
		if ok && len(b) > 0 {
			return string(b)
		}
	}
	return strconv.Quote(string(b))
}
