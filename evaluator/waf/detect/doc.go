// Package detect holds the AWS WAF v2 matchers that inspect one transformed
// request component: ByteMatchStatement's positional constraints (§4.4) and
// the SqliMatchStatement and XssMatchStatement detectors (§4.3).
//
// ByteMatch is exact AWS semantics. SQLi and XSS are approximations: AWS
// does not publish its detection algorithms, so this package uses
// libinjection (github.com/corazawaf/libinjection-go), the detector that
// open-source WAFs (ModSecurity, Coraza) use for the same purpose. A verdict
// that depends on SQLi or XSS is therefore a best estimate, and the engine
// should say so in its explanation.
//
// All functions are pure, never copy or modify their inputs, and are safe
// for concurrent use.
package detect
