package waf

import "github.com/netverdict/netverdict/evaluator/model"

// Verdict is a web ACL's decision on a request.
type Verdict uint8

// The verdicts. The zero Verdict means not evaluated.
const (
	// Allow: the request reaches the protected resource.
	Allow Verdict = iota + 1
	// Block: WAF answers instead of the resource (Block, a CAPTCHA or
	// challenge without a valid token, Monetize).
	Block
	// Indeterminate: a rule the evaluator cannot decide (no geo database,
	// fingerprint not given, rule group not supplied, ...) could change
	// the outcome; Result.Reason names it.
	Indeterminate
)

// String returns "ALLOW", "BLOCK" or "INDETERMINATE".
func (v Verdict) String() string {
	switch v {
	case Allow:
		return "ALLOW"
	case Block:
		return "BLOCK"
	case Indeterminate:
		return "INDETERMINATE"
	}
	return "UNSPECIFIED"
}

// Result is a web ACL's verdict with its attribution. Evaluate reuses the
// slices of a Result passed to it again.
type Result struct {
	Verdict Verdict
	// Terminating is the rule that ended evaluation; HasTerminating says
	// there is one. With Indeterminate both describe the outcome had every
	// undecidable rule not matched.
	Terminating    Match
	HasTerminating bool
	// Default: no rule terminated and the web ACL's default action decided.
	Default bool
	// Matches are the non-terminating matches in evaluation order: Count
	// rules, CAPTCHA/challenge rules passed with a valid token, group rules
	// overridden to Count, groups whose OverrideAction Count absorbed a
	// terminating match.
	Matches []Match
	// Labels are the fully qualified labels on the request at the end,
	// in the order they were added.
	Labels []string
	// Reason is one readable sentence.
	Reason string
}

// Match is one rule that matched.
type Match struct {
	RuleName string
	Priority int32
	// ResourceID is the web ACL ARN or the rule group ARN holding the
	// rule; for a managed group "vendor/name".
	ResourceID string
	// Action is the action that took effect (after overrides).
	Action model.WAFActionKind
	// Labels are the fully qualified labels the rule added (shared with
	// the compiled rule: do not modify).
	Labels []string
	// Reason says what matched.
	Reason string
}
