package wafjson

import (
	"encoding/base64"
	"strconv"
	"unicode/utf8"

	"github.com/netverdict/netverdict/evaluator/model"
)

// statementKeys are the members of a Statement, in WAFStatementKind order
// (reference section 4.3).
var statementKeys = func() []string {
	var keys []string
	for k := model.WAFByteMatch; k <= model.WAFRuleGroupReference; k++ {
		keys = append(keys, k.String())
	}
	return keys
}()

// maxSearchString is the longest ByteMatch search string in bytes, before
// base64 (reference section 4.4).
const maxSearchString = 200

// statement reads a Statement object (exactly one statement key) at ctx.
// It returns nil when the statement is invalid (errors were reported).
func (d *decoder) statement(n node, ctx context) *model.WAFStatement {
	key, body, ok := n.oneOf("statement", statementKeys...)
	if !ok {
		return nil
	}
	var kind model.WAFStatementKind
	for i, k := range statementKeys {
		if k == key {
			kind = model.WAFStatementKind(i + 1)
		}
	}
	valid := true
	switch {
	case kind == model.WAFRateBased && ctx == ctxNested:
		d.errorf(body.path, "", "is allowed only as a rule's top-level statement")
		valid = false
	case (kind == model.WAFManagedRuleGroup || kind == model.WAFRuleGroupReference) && ctx == ctxNested:
		d.errorf(body.path, "", "is allowed only as a web ACL rule's top-level statement")
		valid = false
	case (kind == model.WAFManagedRuleGroup || kind == model.WAFRuleGroupReference) && ctx == ctxGroup:
		d.errorf(body.path, "", "is not allowed in a rule group, only in a web ACL")
		valid = false
	}
	if !body.ok() {
		return nil
	}
	s := &model.WAFStatement{Kind: kind, Path: d.where(body.path)}
	before := d.nerrs
	switch kind {
	case model.WAFByteMatch:
		d.byteMatch(body, s)
	case model.WAFRegexMatch:
		body.strict("RegexString", "FieldToMatch", "TextTransformations", "PreParseTextTransformations")
		if re, ok := body.req("RegexString"); ok {
			if len(re) > 512 {
				d.errorf(body.at("RegexString"), re, "longer than 512 characters")
			}
			s.RegexString = re
		}
		d.inspected(body, s)
	case model.WAFRegexPatternSetReference:
		body.strict("ARN", "FieldToMatch", "TextTransformations", "PreParseTextTransformations")
		s.ARN, _, _ = body.arn("ARN", "regexpatternset")
		d.inspected(body, s)
	case model.WAFSizeConstraint:
		body.strict("FieldToMatch", "ComparisonOperator", "Size", "TextTransformations", "PreParseTextTransformations")
		s.ComparisonOperator, _ = body.enum("ComparisonOperator", "", "EQ", "NE", "LE", "LT", "GE", "GT")
		s.Size, _ = body.reqInteger("Size", 0, 21474836480)
		d.inspected(body, s)
	case model.WAFSqliMatch:
		body.strict("FieldToMatch", "TextTransformations", "SensitivityLevel", "PreParseTextTransformations")
		s.SensitivityLevel, _ = body.enum("SensitivityLevel", "LOW", "LOW", "HIGH")
		d.inspected(body, s)
	case model.WAFXssMatch:
		body.strict("FieldToMatch", "TextTransformations", "PreParseTextTransformations")
		d.inspected(body, s)
	case model.WAFIPSetReference:
		body.strict("ARN", "IPSetForwardedIPConfig")
		s.ARN, _, _ = body.arn("ARN", "ipset")
		s.ForwardedIP = d.forwardedIP(body.object("IPSetForwardedIPConfig"), true)
	case model.WAFGeoMatch:
		body.strict("CountryCodes", "ForwardedIPConfig")
		d.countryCodes(body, s)
		s.ForwardedIP = d.forwardedIP(body.object("ForwardedIPConfig"), false)
	case model.WAFAsnMatch:
		body.strict("AsnList", "ForwardedIPConfig")
		d.asns(body, s)
		s.ForwardedIP = d.forwardedIP(body.object("ForwardedIPConfig"), false)
	case model.WAFLabelMatch:
		body.strict("Scope", "Key")
		s.LabelScope, _ = body.enum("Scope", "", "LABEL", "NAMESPACE")
		if key, ok := body.req("Key"); ok {
			s.LabelKey = key
			switch {
			case !validLabel(key):
				d.errorf(body.at("Key"), key, "invalid label key: expected 1 to 1024 characters of A-Z a-z 0-9 _ - : with no empty component")
			case s.LabelScope == "NAMESPACE" && key[len(key)-1] != ':':
				d.warn(body.at("Key"), "a NAMESPACE key normally ends with \":\" (kept as written)")
			}
		}
	case model.WAFAnd, model.WAFOr:
		body.strict("Statements")
		items := body.objects("Statements")
		switch {
		case !body.has("Statements"):
			d.errorf(body.at("Statements"), "", "is required")
		case len(items) == 0:
			d.errorf(body.at("Statements"), "", "must hold at least one statement")
		case len(items) == 1:
			d.warn(body.at("Statements"), "holds one statement; AWS's API asks for more than one")
		}
		for _, it := range items {
			if it.ok() {
				s.Statements = append(s.Statements, d.statement(it, ctxNested))
			}
		}
	case model.WAFNot:
		body.strict("Statement")
		if it := body.reqObject("Statement"); it.ok() {
			s.Statements = []*model.WAFStatement{d.statement(it, ctxNested)}
		}
	case model.WAFRateBased:
		d.rateBased(body, s)
	case model.WAFManagedRuleGroup:
		body.strict("VendorName", "Name", "Version", "ExcludedRules", "ScopeDownStatement", "ManagedRuleGroupConfigs", "RuleActionOverrides")
		s.VendorName, _ = body.req("VendorName")
		s.Name, _ = body.req("Name")
		s.Version = body.opt("Version")
		if body.has("ManagedRuleGroupConfigs") {
			d.warn(body.at("ManagedRuleGroupConfigs"), "not modelled: the configuration of a managed rule group (login paths, bot control level, ...) changes what its rules match")
		}
		d.scopeDown(body, s)
		d.groupOverrides(body, s)
	case model.WAFRuleGroupReference:
		body.strict("ARN", "ExcludedRules", "RuleActionOverrides")
		s.ARN, _, _ = body.arn("ARN", "rulegroup")
		d.groupOverrides(body, s)
	}
	if !valid || d.nerrs != before {
		return nil
	}
	return s
}

// byteMatch reads a ByteMatchStatement (reference section 4.4).
func (d *decoder) byteMatch(n node, s *model.WAFStatement) {
	n.strict("SearchString", "FieldToMatch", "TextTransformations", "PositionalConstraint", "PreParseTextTransformations")
	s.PositionalConstraint, _ = n.enum("PositionalConstraint", "", "EXACTLY", "STARTS_WITH", "ENDS_WITH", "CONTAINS", "CONTAINS_WORD")
	d.inspected(n, s)
	if (s.Field.Kind == model.WAFFieldJA3Fingerprint || s.Field.Kind == model.WAFFieldJA4Fingerprint) &&
		s.PositionalConstraint != "" && s.PositionalConstraint != "EXACTLY" {
		d.errorf(n.at("PositionalConstraint"), s.PositionalConstraint, "must be EXACTLY with "+s.Field.Kind.String())
	}
	raw, ok := n.req("SearchString")
	if !ok {
		return
	}
	at := n.at("SearchString")
	switch d.opts.SearchStringEncoding {
	case Base64:
		b, err := base64.StdEncoding.Strict().DecodeString(raw)
		if err != nil {
			d.errorf(at, raw, "invalid base64")
			return
		}
		if len(b) == 0 {
			d.errorf(at, raw, "decodes to an empty string")
			return
		}
		if !printable(b) {
			d.warn(at, "decodes to bytes that are not printable text; if the document holds plain text (console JSON, CLI input), decode it with SearchStringEncoding raw")
		}
		s.SearchString = b
	case Raw:
		s.SearchString = []byte(raw)
		if len(raw) >= 8 && raw[len(raw)-1] == '=' {
			if b, err := base64.StdEncoding.Strict().DecodeString(raw); err == nil && printable(b) {
				d.warn(at, "looks base64-encoded (it decodes to "+strconv.Quote(string(b))+"); it is matched as written because SearchStringEncoding is raw")
			}
		}
	}
	if len(s.SearchString) > maxSearchString {
		d.errorf(at, raw, "longer than "+strconv.Itoa(maxSearchString)+" bytes")
	}
	if s.PositionalConstraint == "CONTAINS_WORD" {
		for _, c := range s.SearchString {
			if !isWordByte(c) {
				d.errorf(at, string(s.SearchString), "must hold only A-Z a-z 0-9 _ with PositionalConstraint CONTAINS_WORD")
				break
			}
		}
	}
}

// printable reports whether b is UTF-8 text without control characters
// other than tab, newline and carriage return.
func printable(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			return false
		}
	}
	return true
}

// inspected reads the FieldToMatch and transformations that every
// text-inspecting statement has.
func (d *decoder) inspected(n node, s *model.WAFStatement) {
	if f := n.reqObject("FieldToMatch"); f.ok() {
		s.Field, _ = d.fieldToMatch(f)
	}
	if (s.Field.Kind == model.WAFFieldJA3Fingerprint || s.Field.Kind == model.WAFFieldJA4Fingerprint) && s.Kind != model.WAFByteMatch {
		d.errorf(n.at("FieldToMatch"), "", s.Field.Kind.String()+" can be used only in a ByteMatchStatement (with PositionalConstraint EXACTLY)")
	}
	s.Transformations = d.transformations(n, "TextTransformations", true, 0)
	if n.has("PreParseTextTransformations") {
		if s.Field.Kind != model.WAFFieldSingleQueryArgument && s.Field.Kind != model.WAFFieldAllQueryArguments && s.Field.Kind != model.WAFFieldUnspecified {
			d.errorf(n.at("PreParseTextTransformations"), "", "apply only to SingleQueryArgument and AllQueryArguments, not "+s.Field.Kind.String())
		}
		s.PreParseTransformations = d.transformations(n, "PreParseTextTransformations", false, 10)
	}
}

// countryCodes reads GeoMatch's CountryCodes: at least one ISO 3166 alpha-2
// code.
func (d *decoder) countryCodes(n node, s *model.WAFStatement) {
	if !n.has("CountryCodes") {
		d.errorf(n.at("CountryCodes"), "", "is required")
		return
	}
	codes := n.strings("CountryCodes")
	if len(codes) == 0 {
		d.errorf(n.at("CountryCodes"), "", "must hold at least one country code")
	}
	for i, c := range codes {
		if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
			d.errorf(index(n.at("CountryCodes"), i), c, "invalid country code: expected two upper-case letters (ISO 3166-1 alpha-2)")
			continue
		}
		s.CountryCodes = append(s.CountryCodes, c)
	}
}

// asns reads AsnMatch's AsnList: 1 to 100 ASNs.
func (d *decoder) asns(n node, s *model.WAFStatement) {
	if !n.has("AsnList") {
		d.errorf(n.at("AsnList"), "", "is required")
		return
	}
	items := d.array(n.m["AsnList"], n.at("AsnList"))
	if len(items) == 0 || len(items) > 100 {
		d.errorf(n.at("AsnList"), "", "must hold 1 to 100 ASNs, has "+strconv.Itoa(len(items)))
	}
	for i, it := range items {
		if asn, ok := d.number(it, index(n.at("AsnList"), i), 0, 4294967295); ok {
			s.ASNs = append(s.ASNs, asn)
		}
	}
}

// forwardedIP reads an IPSetForwardedIPConfig (withPosition) or a
// ForwardedIPConfig; nil when absent.
func (d *decoder) forwardedIP(n node, withPosition bool) *model.WAFForwardedIPConfig {
	if !n.ok() {
		return nil
	}
	f := &model.WAFForwardedIPConfig{}
	if withPosition {
		n.strict("HeaderName", "FallbackBehavior", "Position")
		f.Position, _ = n.enum("Position", "", "FIRST", "LAST", "ANY")
	} else {
		n.strict("HeaderName", "FallbackBehavior")
	}
	if h, ok := n.req("HeaderName"); ok {
		if len(h) > 255 || !isHeaderName(h) {
			d.errorf(n.at("HeaderName"), h, "invalid header name")
		}
		f.HeaderName = h
	}
	f.FallbackBehavior, _ = n.enum("FallbackBehavior", "", "MATCH", "NO_MATCH")
	return f
}

// isHeaderName reports whether s is an HTTP header name (RFC 9110 token).
func isHeaderName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isWordByte(c) {
			continue
		}
		switch c {
		case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '`', '|', '~':
			continue
		}
		return false
	}
	return s != ""
}

// rateBased reads a RateBasedStatement (reference section 4.3).
func (d *decoder) rateBased(n node, s *model.WAFStatement) {
	n.strict("Limit", "EvaluationWindowSec", "AggregateKeyType", "ScopeDownStatement", "ForwardedIPConfig", "CustomKeys")
	s.RateLimit, _ = n.reqInteger("Limit", 10, 2000000000)
	s.EvaluationWindowSec = 300
	if n.has("EvaluationWindowSec") {
		if w, ok := n.integer("EvaluationWindowSec", 0, 1<<31); ok {
			switch w {
			case 60, 120, 300, 600:
				s.EvaluationWindowSec = w
			default:
				d.errorf(n.at("EvaluationWindowSec"), strconv.FormatInt(w, 10), "must be 60, 120, 300 or 600")
			}
		}
	}
	s.AggregateKeyType, _ = n.enum("AggregateKeyType", "", "IP", "FORWARDED_IP", "CUSTOM_KEYS", "CONSTANT")
	fwd := n.object("ForwardedIPConfig")
	switch {
	case s.AggregateKeyType == "FORWARDED_IP" && !fwd.ok():
		d.errorf(n.at("ForwardedIPConfig"), "", "is required with AggregateKeyType FORWARDED_IP")
	case s.AggregateKeyType == "FORWARDED_IP":
		s.ForwardedIP = d.forwardedIP(fwd, false)
	case fwd.ok():
		d.warn(n.at("ForwardedIPConfig"), "ignored: AggregateKeyType is "+s.AggregateKeyType+", not FORWARDED_IP")
	}
	keys := d.array(n.m["CustomKeys"], n.at("CustomKeys"))
	switch {
	case s.AggregateKeyType == "CUSTOM_KEYS" && len(keys) == 0:
		d.errorf(n.at("CustomKeys"), "", "is required with AggregateKeyType CUSTOM_KEYS")
	case len(keys) > 5:
		d.errorf(n.at("CustomKeys"), "", "must hold at most 5 keys, has "+strconv.Itoa(len(keys)))
	case s.AggregateKeyType == "CUSTOM_KEYS":
		s.CustomKeyCount = len(keys)
		d.warn(n.at("CustomKeys"), "not modelled: requests are counted per combination of custom keys, which the evaluator does not track")
	case len(keys) > 0:
		d.errorf(n.at("CustomKeys"), "", "is allowed only with AggregateKeyType CUSTOM_KEYS")
	}
	if s.AggregateKeyType == "CONSTANT" && !n.has("ScopeDownStatement") {
		d.errorf(n.at("ScopeDownStatement"), "", "is required with AggregateKeyType CONSTANT")
	}
	d.scopeDown(n, s)
}

// scopeDown reads an optional ScopeDownStatement (nested: no rate-based
// statement and no group inside).
func (d *decoder) scopeDown(n node, s *model.WAFStatement) {
	if sd := n.object("ScopeDownStatement"); sd.ok() {
		s.ScopeDown = d.statement(sd, ctxNested)
	}
}

// groupOverrides reads ExcludedRules and RuleActionOverrides of a statement
// that runs a rule group.
func (d *decoder) groupOverrides(n node, s *model.WAFStatement) {
	for _, e := range n.objects("ExcludedRules") {
		if !e.ok() {
			continue
		}
		e.strict("Name")
		if name, ok := d.ruleName(e, "Name"); ok {
			s.ExcludedRules = append(s.ExcludedRules, name)
		}
	}
	seen := map[string]string{}
	for _, o := range n.objects("RuleActionOverrides") {
		if !o.ok() {
			continue
		}
		o.strict("Name", "ActionToUse")
		name, ok := d.ruleName(o, "Name")
		a, aok := d.action(o.reqObject("ActionToUse"))
		if !ok || !aok {
			continue
		}
		if prev, dup := seen[name]; dup {
			d.errorf(o.at("Name"), name, "duplicate rule action override (also "+prev+")")
			continue
		}
		seen[name] = o.path
		s.RuleActionOverrides = append(s.RuleActionOverrides, model.WAFRuleActionOverride{Name: name, Action: a})
	}
}
