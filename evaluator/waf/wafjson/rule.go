package wafjson

import (
	"math"
	"strconv"

	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
	"github.com/netverdict/netverdict/evaluator/model"
)

// context is where a statement sits, which decides the statements allowed
// there (reference section 4.3, "Nestable" column).
type context uint8

const (
	// ctxACL is a web ACL rule's top-level statement: anything.
	ctxACL context = iota
	// ctxGroup is a rule group rule's top-level statement: no managed rule
	// group and no rule group reference.
	ctxGroup
	// ctxNested is inside And/Or/Not or a scope-down statement: no
	// rate-based statement and no group.
	ctxNested
)

// ruleKeys are the members of a Rule; the last three do not affect
// verdicts (token immunity times are an input of the evaluator).
var ruleKeys = []string{"Name", "Priority", "Statement", "Action", "OverrideAction", "RuleLabels", "VisibilityConfig", "CaptchaConfig", "ChallengeConfig"}

// actionKeys are the members of a RuleAction, in WAFActionKind order.
var actionKeys = []string{"Allow", "Block", "Count", "Captcha", "Challenge", "Monetize"}

// rule reads one Rule of a web ACL (ctxACL) or rule group (ctxGroup).
func (d *decoder) rule(n jsonwalk.Node, ctx context) model.WAFRule {
	n.Lenient(ruleKeys...)
	r := model.WAFRule{Path: d.where(n.Path)}
	r.Name, _ = d.ruleName(n, "Name")
	if p, ok := n.ReqNumber("Priority", 0, math.MaxInt32); ok {
		r.Priority = int32(p)
	} else {
		d.badPriority[r.Path] = true
	}
	if s := n.ReqObject("Statement"); s.OK() {
		r.Statement = d.statement(s, ctx)
	}
	d.actionOrOverride(n, &r)
	for _, l := range n.Objects("RuleLabels") {
		if !l.OK() {
			continue
		}
		l.Strict("Name")
		name, ok := l.Req("Name")
		if !ok {
			continue
		}
		if !validLabel(name) {
			d.Report(l.At("Name"), name, "invalid label: expected 1 to 1024 characters of A-Z a-z 0-9 _ - : with no empty component")
			continue
		}
		r.Labels = append(r.Labels, name)
	}
	if !n.Has("VisibilityConfig") {
		d.Warn(n.At("VisibilityConfig"), "is required by AWS; missing (it does not affect verdicts)")
	}
	return r
}

// isGroup reports whether s runs a rule group.
func isGroup(s *model.WAFStatement) bool {
	return s != nil && (s.Kind == model.WAFManagedRuleGroup || s.Kind == model.WAFRuleGroupReference)
}

// actionOrOverride reads the rule's Action or OverrideAction: exactly one,
// OverrideAction only for a statement that runs a rule group (reference
// section 4.1, 4.11 item 2).
func (d *decoder) actionOrOverride(n jsonwalk.Node, r *model.WAFRule) {
	hasAction, hasOverride := n.Has("Action"), n.Has("OverrideAction")
	group := isGroup(r.Statement)
	switch {
	case hasAction && hasOverride:
		d.Report(n.Path, "", "has both Action and OverrideAction: exactly one is allowed")
	case !hasAction && !hasOverride && group:
		d.Report(n.At("OverrideAction"), "", "is required for a rule whose statement runs a rule group")
	case !hasAction && !hasOverride && r.Statement != nil:
		d.Report(n.At("Action"), "", "is required")
	case hasAction && group:
		d.Report(n.At("Action"), "", "is not allowed on a rule whose statement runs a rule group: use OverrideAction")
	case hasOverride && r.Statement != nil && !group:
		d.Report(n.At("OverrideAction"), "", "is allowed only on a rule whose statement runs a rule group (ManagedRuleGroupStatement, RuleGroupReferenceStatement): use Action")
	case hasAction:
		r.Action, _ = d.action(n.Object("Action"))
	case hasOverride:
		r.Override = d.overrideAction(n.Object("OverrideAction"))
	}
}

// action reads a RuleAction (also DefaultAction and ActionToUse).
func (d *decoder) action(n jsonwalk.Node) (model.WAFAction, bool) {
	if !n.OK() {
		return model.WAFAction{}, false
	}
	key, body, ok := n.OneOf("action", actionKeys...)
	if !ok {
		return model.WAFAction{}, false
	}
	a := model.WAFAction{}
	for i, k := range actionKeys {
		if k == key {
			a.Kind = model.WAFActionKind(i + 1)
		}
	}
	if !body.OK() {
		return model.WAFAction{}, false
	}
	// CustomRequestHandling (headers inserted into the forwarded request) and
	// the body and headers of a CustomResponse do not change the verdict.
	if a.Kind == model.WAFBlock {
		body.Lenient("CustomResponse")
		cr := body.Object("CustomResponse")
		if cr.OK() {
			cr.Lenient("ResponseCode", "CustomResponseBodyKey", "ResponseHeaders")
			code, ok := cr.ReqNumber("ResponseCode", 200, 599)
			if !ok {
				return model.WAFAction{}, false
			}
			a.ResponseCode = int32(code)
		}
	} else {
		body.Lenient("CustomRequestHandling")
	}
	return a, true
}

// overrideAction reads an OverrideAction: None or Count.
func (d *decoder) overrideAction(n jsonwalk.Node) model.WAFOverrideKind {
	if !n.OK() {
		return model.WAFOverrideUnspecified
	}
	key, body, ok := n.OneOf("override action", "None", "Count")
	if !ok {
		return model.WAFOverrideUnspecified
	}
	if key == "None" {
		body.Empty()
		return model.WAFOverrideNone
	}
	body.Lenient("CustomRequestHandling")
	return model.WAFOverrideCount
}

// ruleName reads a rule (or rule group, web ACL) name: 1 to 128 characters
// of A-Z a-z 0-9 _ - (AWS's EntityName pattern ^[\w\-]+$).
func (d *decoder) ruleName(n jsonwalk.Node, key string) (string, bool) {
	s, ok := n.Req(key)
	if !ok {
		return "", false
	}
	if len(s) > 128 || !isWordDash(s) {
		d.Report(n.At(key), s, "invalid name: expected 1 to 128 characters of A-Z a-z 0-9 _ -")
		return "", false
	}
	return s, true
}

func isWordDash(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isWordByte(c) && c != '-' {
			return false
		}
	}
	return s != ""
}

// isWordByte reports whether c is a word character [A-Za-z0-9_].
func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

// validLabel checks a label name or key: AWS's pattern
// ^[0-9A-Za-z_\-:]+$, 1 to 1024 characters; an empty component ("a::b")
// can never match a label.
func validLabel(s string) bool {
	if s == "" || len(s) > 1024 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isWordByte(c) && c != '-' && c != ':' {
			return false
		}
		if s[i] == ':' && i > 0 && s[i-1] == ':' {
			return false
		}
	}
	return s[0] != ':'
}

// checkRules reports duplicate priorities and duplicate names among the
// rules of one list (reference section 4.1: priorities unique within the
// web ACL or group). path is the list's JSON path.
func (d *decoder) checkRules(rules []model.WAFRule, path string) {
	byPrio := make(map[int32]int, len(rules))
	byName := make(map[string]int, len(rules))
	for i, r := range rules {
		p := jsonwalk.Index(path, i)
		if r.Name != "" {
			if j, dup := byName[r.Name]; dup {
				d.Report(jsonwalk.Join(p, "Name"), r.Name, "duplicate rule name (also "+jsonwalk.Index(path, j)+")")
			} else {
				byName[r.Name] = i
			}
		}
		if d.badPriority[r.Path] {
			continue
		}
		if j, dup := byPrio[r.Priority]; dup {
			d.Report(jsonwalk.Join(p, "Priority"), strconv.Itoa(int(r.Priority)), "duplicate priority (also "+jsonwalk.Index(path, j)+")")
		} else {
			byPrio[r.Priority] = i
		}
	}
}
