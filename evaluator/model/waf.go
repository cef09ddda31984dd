package model

import (
	"net/netip"
	"strconv"
)

// WebACL is an AWS WAF v2 web ACL (GetWebACL's WebACL).
type WebACL struct {
	Name, ID, ARN, Description string
	// DefaultAction is what happens to a request no rule terminates:
	// Allow or Block only.
	DefaultAction WAFAction
	// Rules are in document order; evaluation sorts them by Priority.
	Rules []WAFRule
	// PreProcessRuleGroups are the PreProcessFirewallManagerRuleGroups, as
	// rules whose Statement is the group reference, OverrideAction as given.
	// Firewall Manager evaluates them before Rules.
	PreProcessRuleGroups []WAFRule
	// PostProcessRuleGroups are the PostProcessFirewallManagerRuleGroups,
	// evaluated after Rules.
	PostProcessRuleGroups []WAFRule
	// LabelNamespace is the prefix of the labels the ACL's own rules add,
	// e.g. "awswaf:111122223333:webacl:name:"; derived from ARN when the
	// document does not give it.
	LabelNamespace string
	// BodyLimits is AssociationConfig.RequestBody: per resource type, how
	// many body bytes WAF inspects. Absent types use AWS's default.
	BodyLimits []WAFBodyLimit
	// Path is the document name and JSON path, for messages.
	Path string
}

// WAFBodyLimit is one entry of a web ACL's AssociationConfig.RequestBody:
// the body inspection limit for one resource type.
type WAFBodyLimit struct {
	// ResourceType is AWS's key: CLOUDFRONT, API_GATEWAY,
	// COGNITO_USER_POOL, APP_RUNNER_SERVICE, VERIFIED_ACCESS_INSTANCE, ...
	ResourceType string
	// Bytes is DefaultSizeInspectionLimit converted to bytes (KB_16 = 16384).
	Bytes int64
}

// WAFActionKind is the kind of a rule's or web ACL's action.
type WAFActionKind uint8

// The WAF action kinds. The zero value means no Action was given (a rule
// that uses OverrideAction instead).
const (
	WAFActionUnspecified WAFActionKind = iota
	WAFAllow
	WAFBlock
	WAFCount
	WAFCaptcha
	WAFChallenge
	WAFMonetize
)

var wafActionKindNames = [...]string{"UNSPECIFIED", "Allow", "Block", "Count", "Captcha", "Challenge", "Monetize"}

// String returns the AWS JSON key of the action ("Allow", "Block", ...).
func (k WAFActionKind) String() string {
	if int(k) < len(wafActionKindNames) {
		return wafActionKindNames[k]
	}
	return "WAFActionKind(" + strconv.Itoa(int(k)) + ")"
}

// WAFAction is a rule or default action; ResponseCode is a Block's
// CustomResponse.ResponseCode (0 = the default 403).
type WAFAction struct {
	Kind         WAFActionKind
	ResponseCode int32
}

// WAFOverrideKind is a rule group reference's OverrideAction.
type WAFOverrideKind uint8

// The override kinds. The zero value means no OverrideAction (a rule that
// has an Action).
const (
	WAFOverrideUnspecified WAFOverrideKind = iota
	// WAFOverrideNone keeps the group's own rule actions.
	WAFOverrideNone
	// WAFOverrideCount turns every terminating action of the group into Count.
	WAFOverrideCount
)

var wafOverrideKindNames = [...]string{"UNSPECIFIED", "None", "Count"}

// String returns the AWS JSON key of the override ("None", "Count").
func (k WAFOverrideKind) String() string {
	if int(k) < len(wafOverrideKindNames) {
		return wafOverrideKindNames[k]
	}
	return "WAFOverrideKind(" + strconv.Itoa(int(k)) + ")"
}

// WAFRule is one rule of a web ACL or WAF rule group.
type WAFRule struct {
	Name      string
	Priority  int32
	Statement *WAFStatement
	// Action is the rule's action; Kind is unspecified when the rule uses
	// OverrideAction (rule group references and managed groups).
	Action WAFAction
	// Override is the OverrideAction, only for rule group references and
	// managed rule groups.
	Override WAFOverrideKind
	// Labels are RuleLabels[].Name as written (not qualified with the
	// namespace).
	Labels []string
	// Path is the document name and JSON path ("acl.json: WebACL.Rules[3]"),
	// for messages; just the document name for a file holding one bare rule.
	Path string
}

// WAFStatementKind is the kind of a WAF statement.
type WAFStatementKind uint8

// The WAF statement kinds, one per AWS statement key.
const (
	WAFStatementUnspecified WAFStatementKind = iota
	WAFByteMatch
	WAFRegexMatch
	WAFRegexPatternSetReference
	WAFSizeConstraint
	WAFSqliMatch
	WAFXssMatch
	WAFIPSetReference
	WAFGeoMatch
	WAFAsnMatch
	WAFLabelMatch
	WAFAnd
	WAFOr
	WAFNot
	WAFRateBased
	WAFManagedRuleGroup
	WAFRuleGroupReference
)

var wafStatementKindNames = [...]string{
	"UNSPECIFIED",
	"ByteMatchStatement",
	"RegexMatchStatement",
	"RegexPatternSetReferenceStatement",
	"SizeConstraintStatement",
	"SqliMatchStatement",
	"XssMatchStatement",
	"IPSetReferenceStatement",
	"GeoMatchStatement",
	"AsnMatchStatement",
	"LabelMatchStatement",
	"AndStatement",
	"OrStatement",
	"NotStatement",
	"RateBasedStatement",
	"ManagedRuleGroupStatement",
	"RuleGroupReferenceStatement",
}

// String returns the AWS JSON key of the statement
// ("ByteMatchStatement", ...).
func (k WAFStatementKind) String() string {
	if int(k) < len(wafStatementKindNames) {
		return wafStatementKindNames[k]
	}
	return "WAFStatementKind(" + strconv.Itoa(int(k)) + ")"
}

// WAFStatement is one WAF statement. Only the fields of its Kind are set;
// the comment of each field names the kinds that use it.
type WAFStatement struct {
	Kind WAFStatementKind
	// Path is the document name and JSON path of this statement, ending
	// with its statement key, for messages, e.g.
	// "acl.json: WebACL.Rules[0].Statement.AndStatement.Statements[1].GeoMatchStatement".
	Path string
	// Field is the FieldToMatch of byte, regex, regex set, size, SQLi and
	// XSS statements.
	Field WAFFieldToMatch
	// Transformations are the TextTransformations as written; evaluation
	// sorts them by Priority.
	Transformations []WAFTextTransformation
	// PreParseTransformations are transformations applied before a field is
	// parsed (reserved; AWS documents none today).
	PreParseTransformations []WAFTextTransformation
	// SearchString is ByteMatch's search string, decoded (base64 already
	// undone when the document carried it encoded).
	SearchString []byte
	// PositionalConstraint is ByteMatch's EXACTLY, STARTS_WITH, ENDS_WITH,
	// CONTAINS or CONTAINS_WORD.
	PositionalConstraint string
	// RegexString is RegexMatch's pattern.
	RegexString string
	// ARN is the IPSet, RegexPatternSet or RuleGroupReference ARN.
	ARN string
	// ComparisonOperator is SizeConstraint's EQ, NE, LE, LT, GE or GT.
	ComparisonOperator string
	// Size is SizeConstraint's size in bytes.
	Size int64
	// SensitivityLevel is SqliMatch's LOW (the default) or HIGH.
	SensitivityLevel string
	// ForwardedIP is IPSetReference's IPSetForwardedIPConfig or GeoMatch's,
	// AsnMatch's or RateBased's ForwardedIPConfig; nil means the client IP.
	ForwardedIP *WAFForwardedIPConfig
	// CountryCodes are GeoMatch's ISO 3166 alpha-2 codes.
	CountryCodes []string
	// ASNs are AsnMatch's autonomous system numbers.
	ASNs []int64
	// LabelScope is LabelMatch's LABEL or NAMESPACE; LabelKey its Key.
	LabelScope, LabelKey string
	// Statements are the operands of And and Or (at least one) and of Not
	// (exactly one).
	Statements []*WAFStatement
	// RateLimit is RateBased's Limit (requests per evaluation window).
	RateLimit int64
	// EvaluationWindowSec is RateBased's window (300 when absent).
	EvaluationWindowSec int64
	// AggregateKeyType is RateBased's IP, FORWARDED_IP, CUSTOM_KEYS or
	// CONSTANT.
	AggregateKeyType string
	// ScopeDown is the ScopeDownStatement of RateBased, ManagedRuleGroup
	// and RuleGroupReference; nil when absent.
	ScopeDown *WAFStatement
	// VendorName, Name and Version identify a ManagedRuleGroup (Version
	// empty = the default version).
	VendorName, Name, Version string
	// ExcludedRules names rules of a referenced group whose action is
	// overridden to Count (the legacy form of RuleActionOverrides).
	ExcludedRules []string
	// RuleActionOverrides replace the action of named rules of a referenced
	// group (ManagedRuleGroup, RuleGroupReference).
	RuleActionOverrides []WAFRuleActionOverride
	// CustomKeyCount is the number of RateBased CustomKeys (not modelled
	// further: the importer warns about them).
	CustomKeyCount int
}

// WAFRuleActionOverride replaces the action of the rule Name of a referenced
// rule group.
type WAFRuleActionOverride struct {
	Name   string
	Action WAFAction
}

// WAFForwardedIPConfig says which header carries the IP to inspect instead
// of the client's.
type WAFForwardedIPConfig struct {
	// HeaderName is the header, e.g. X-Forwarded-For.
	HeaderName string
	// FallbackBehavior is MATCH or NO_MATCH: the result when the header is
	// missing or invalid.
	FallbackBehavior string
	// Position is IPSetForwardedIPConfig's FIRST, LAST or ANY; "" for a
	// ForwardedIPConfig (which uses the first IP).
	Position string
}

// WAFTextTransformation is one TextTransformation of a statement.
type WAFTextTransformation struct {
	Priority int32
	// Type is the AWS enum name, e.g. URL_DECODE.
	Type string
}

// WAFFieldKind is the kind of a FieldToMatch.
type WAFFieldKind uint8

// The FieldToMatch kinds, one per AWS FieldToMatch key.
const (
	WAFFieldUnspecified WAFFieldKind = iota
	WAFFieldURIPath
	WAFFieldQueryString
	WAFFieldSingleQueryArgument
	WAFFieldAllQueryArguments
	WAFFieldSingleHeader
	WAFFieldHeaders
	WAFFieldCookies
	WAFFieldBody
	WAFFieldJSONBody
	WAFFieldMethod
	WAFFieldHeaderOrder
	WAFFieldJA3Fingerprint
	WAFFieldJA4Fingerprint
	WAFFieldURIFragment
)

var wafFieldKindNames = [...]string{
	"UNSPECIFIED",
	"UriPath",
	"QueryString",
	"SingleQueryArgument",
	"AllQueryArguments",
	"SingleHeader",
	"Headers",
	"Cookies",
	"Body",
	"JsonBody",
	"Method",
	"HeaderOrder",
	"JA3Fingerprint",
	"JA4Fingerprint",
	"UriFragment",
}

// String returns the AWS JSON key of the field ("UriPath", ...).
func (k WAFFieldKind) String() string {
	if int(k) < len(wafFieldKindNames) {
		return wafFieldKindNames[k]
	}
	return "WAFFieldKind(" + strconv.Itoa(int(k)) + ")"
}

// WAFFieldToMatch is the part of a request a statement inspects.
type WAFFieldToMatch struct {
	Kind WAFFieldKind
	// Name is the SingleHeader or SingleQueryArgument name as written.
	Name string
	// MatchScope is Headers', Cookies' or JsonBody's ALL, KEY or VALUE.
	MatchScope string
	// All is MatchPattern.All.
	All bool
	// Included and Excluded are IncludedHeaders/ExcludedHeaders,
	// IncludedCookies/ExcludedCookies, or JsonBody's IncludedPaths.
	Included, Excluded []string
	// OversizeHandling is CONTINUE (the default), MATCH or NO_MATCH.
	OversizeHandling string
	// InvalidFallbackBehavior is JsonBody's MATCH, NO_MATCH,
	// EVALUATE_AS_STRING, or "" (evaluate up to the first parse failure).
	InvalidFallbackBehavior string
	// FallbackBehavior is JA3Fingerprint's, JA4Fingerprint's or
	// UriFragment's MATCH or NO_MATCH.
	FallbackBehavior string
}

// IPSet is a WAF v2 IP set (GetIPSet's IPSet). Addresses are masked.
type IPSet struct {
	Name, ID, ARN, Description string
	// IPAddressVersion is IPV4 or IPV6; every address is of that family.
	IPAddressVersion string
	Addresses        []netip.Prefix
}

// RegexPatternSet is a WAF v2 regex pattern set (GetRegexPatternSet's
// RegexPatternSet).
type RegexPatternSet struct {
	Name, ID, ARN, Description string
	// Patterns are the RegularExpressionList[].RegexString, in order.
	Patterns []string
}

// WAFRuleGroup is a WAF v2 rule group (wafv2 GetRuleGroup's RuleGroup).
type WAFRuleGroup struct {
	Name, ID, ARN, Description string
	// LabelNamespace prefixes the labels the group's rules add, e.g.
	// "awswaf:111122223333:rulegroup:name:".
	LabelNamespace string
	Capacity       int64
	// Rules are in document order; evaluation sorts them by Priority.
	Rules []WAFRule
	// Path is the document name and JSON path, for messages.
	Path string
}

// WebACLAssociation says which resource a web ACL protects (netverdict
// document {"WebACLAssociations":[{"WebACLArn":"...","ResourceArn":"..."}]}).
type WebACLAssociation struct {
	WebACLARN, ResourceARN string
}
