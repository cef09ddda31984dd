// Package wafjson imports AWS WAF v2 JSON documents into netverdict's plain
// model (evaluator/model): web ACLs, IP sets, regex pattern sets, rule
// groups and web ACL associations.
//
// Decode reads one document (one file) and recognises it by its top-level
// keys; a file may hold several outputs merged with `jq -s add`:
//
//	WebACL              aws wafv2 get-web-acl (and get-web-acl-for-resource)
//	IPSet               aws wafv2 get-ip-set
//	RegexPatternSet     aws wafv2 get-regex-pattern-set
//	RuleGroup           aws wafv2 get-rule-group (a Network Firewall rule
//	                    group, with RulesSource, is turned away with ErrNotWAF)
//	WebACLAssociations  netverdict's own document:
//	                    {"WebACLAssociations": [{"WebACLArn": "...", "ResourceArn": "..."}]}
//
// Two bare shapes are read as rules not attached to a web ACL
// (Document.Rules): a JSON array of rules (the file given to
// create-web-acl --rules) and a single rule object (as the WAF developer
// guide prints them). list-resources-for-web-acl output ({"ResourceArns":
// [...]}) does not name its web ACL and is rejected with a message that
// says how to wrap it in a WebACLAssociations document; so are
// create-web-acl input (no Id or ARN) and outputs collected into an array
// (`jq -s .` instead of `jq -s add`).
//
// Encode writes a Document back in a canonical form that Decode reads into
// the same model.
//
// ByteMatchStatement.SearchString is a blob in AWS's API: get-* outputs
// print it base64-encoded, while the console's JSON view and CLI input
// files hold plain text. Decode never guesses: Options.SearchStringEncoding
// says which (Base64 by default), and a warning points at a search string
// that looks like the other encoding (reference section 4.4).
//
// Validation is strict where a verdict depends on it (reference sections
// 4.1 to 4.8): an unknown statement, FieldToMatch variant, action or field
// inside a statement, a missing required field, an unknown enum value, both
// or neither of Action and OverrideAction, OverrideAction on a statement
// that does not run a rule group (and Action on one that does), duplicate
// rule priorities or names, statements nested where AWS forbids them, IP
// set CIDRs that are invalid, /0 or of the wrong family, invalid base64,
// CONTAINS_WORD with a non-word search string, and JA3/JA4 fingerprints
// matched other than EXACTLY. Numbers written as strings ("Limit": "100",
// reference section 4.11 item 10) are accepted with a warning. Fields that
// do not affect verdicts (VisibilityConfig, CaptchaConfig,
// CustomResponseBodies, TokenDomains, ...) are accepted silently; known
// fields that would change verdicts but are not modelled (CustomKeys of a
// rate-based rule, ManagedRuleGroupConfigs, OnSourceDDoSProtectionConfig)
// and unknown fields outside statements give a Warning.
//
// Every problem is an *awsjson.Error naming the document, the JSON path and
// the value, as the other importers do:
//
//	acl.json: WebACL.Rules[2].Statement.ByteMatchStatement.SearchString: invalid base64 "example.com"
//
// and Decode reports every problem of a document at once (up to
// awsjson.MaxErrors). Model paths (WebACL.Path, WAFRule.Path,
// WAFStatement.Path) have the same "doc: JSON path" form, a statement's
// ending with its statement key, so the evaluator can name what decided.
package wafjson
