package waf

import (
	"net/netip"

	"github.com/netverdict/netverdict/evaluator/model"
)

// Header is one HTTP request header as received (name case preserved).
type Header struct {
	Name, Value string
}

// Request is one HTTP request as WAF sees it. The client IP is the flow's
// source IP (on an ALB, the TCP peer: §4.11 gotcha 9). Strings are raw, as
// on the wire: WAF does not decode or normalise them unless a text
// transformation says so (§4.5).
type Request struct {
	ClientIP netip.Addr
	Method   string
	// URIPath is the path with its leading '/' ("/images/a.jpg").
	URIPath string
	// QueryString is the text after '?', without the '?'; "" = none.
	QueryString string
	// URIFragment is the text after '#'; "" = none.
	URIFragment string
	// Headers are in request order; names may repeat.
	Headers []Header
	// Body is the whole request body (WAF inspects up to its limit).
	Body []byte
	// JA3 and JA4 are the TLS client fingerprints; "" = not given, which
	// makes a statement inspecting them unknown (the evaluator cannot tell
	// whether AWS could compute one).
	JA3, JA4 string
	// CaptchaTokenValid and ChallengeTokenValid say the request carries a
	// valid, unexpired CAPTCHA or challenge token: such rules then act
	// like Count instead of blocking (§4.2).
	CaptchaTokenValid, ChallengeTokenValid bool
	// RateLimited names the rate-based rules whose limit the caller says
	// this request's aggregation instance exceeds; "*" = all of them.
	// netverdict keeps no request counters (§4.2 [inferred]).
	RateLimited []string
}

// header returns the value of the first header called name (ASCII
// case-insensitive) and whether there is one.
func (r *Request) header(name string) (string, bool) {
	for i := range r.Headers {
		if equalFold(r.Headers[i].Name, name) {
			return r.Headers[i].Value, true
		}
	}
	return "", false
}

// rateLimited reports whether the request says rule name is over its limit.
func (r *Request) rateLimited(name string) bool {
	for _, n := range r.RateLimited {
		if n == "*" || n == name {
			return true
		}
	}
	return false
}

// equalFold is ASCII case-insensitive equality: HTTP header and query
// argument names are ASCII, and strings.EqualFold's Unicode folding would
// equate names AWS keeps apart (the Kelvin sign folds to 'k').
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lower(a[i]) != lower(b[i]) {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// Set makes r the WAF view of a flow's HTTP request h sent by client. It
// reuses the storage of r.Headers, so a Request kept per goroutine stops
// allocating once it has grown.
func (r *Request) Set(h *model.HTTPRequest, client netip.Addr) {
	headers := r.Headers[:0]
	for _, x := range h.Headers {
		headers = append(headers, Header{Name: x.Name, Value: x.Value})
	}
	*r = Request{ClientIP: client, Method: h.Method, URIPath: h.URIPath, QueryString: h.QueryString,
		URIFragment: h.URIFragment, Headers: headers, Body: h.Body, JA3: h.JA3Fingerprint, JA4: h.JA4Fingerprint,
		CaptchaTokenValid: h.CaptchaTokenValid, ChallengeTokenValid: h.ChallengeTokenValid, RateLimited: h.RateLimitedRules}
}

// VerdictOf maps a web ACL's verdict to a check's: Allow allows, Block
// (incl. a CAPTCHA or challenge without a valid token) denies, anything
// else is indeterminate.
func VerdictOf(v Verdict) model.Verdict {
	switch v {
	case Allow:
		return model.VerdictAllow
	case Block:
		return model.VerdictDeny
	}
	return model.VerdictIndeterminate
}

// RuleRef names a matching rule in a check: rule_id the rule name,
// rule_number its priority, resource_id the web ACL or rule group,
// description the action that took effect.
func (m *Match) RuleRef() model.RuleRef {
	return model.RuleRef{ResourceID: m.ResourceID, RuleID: m.RuleName, RuleNumber: m.Priority, Description: m.Action.String()}
}
