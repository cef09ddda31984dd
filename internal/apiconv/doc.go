// Package apiconv converts between the public API (gen/go/netverdict/v1) and
// the evaluators' plain model (evaluator/model), and validates what comes in.
//
// Every validation error is a *FieldError naming the offending field by its
// proto path with indexes ("flows[3].destination_port",
// "security_groups[2].rules[0].cidr") and quoting the value, so that servers
// can turn it into a google.rpc.BadRequest field violation and command-line
// tools can print it as is. A request with several problems yields a
// FieldErrors listing each of them; Violations flattens any error into its
// field errors.
//
// The flow conversions sit on the request path of every evaluation: they
// build field paths and messages only when something is wrong.
package apiconv
