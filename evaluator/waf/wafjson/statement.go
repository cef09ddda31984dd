package wafjson

import (
	"encoding/base64"
	"strconv"
	"unicode/utf8"

	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/waf/detect"
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
func (d *decoder) statement(n jsonwalk.Node, ctx context) *model.WAFStatement {
	key, body, ok := n.OneOf("statement", statementKeys...)
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
		d.Report(body.Path, "", "is allowed only as a rule's top-level statement")
		valid = false
	case (kind == model.WAFManagedRuleGroup || kind == model.WAFRuleGroupReference) && ctx == ctxNested:
		d.Report(body.Path, "", "is allowed only as a web ACL rule's top-level statement")
		valid = false
	case (kind == model.WAFManagedRuleGroup || kind == model.WAFRuleGroupReference) && ctx == ctxGroup:
		d.Report(body.Path, "", "is not allowed in a rule group, only in a web ACL")
		valid = false
	}
	if !body.OK() {
		return nil
	}
	s := &model.WAFStatement{Kind: kind, Path: d.where(body.Path)}
	before := d.Count()
	switch kind {
	case model.WAFByteMatch:
		d.byteMatch(body, s)
	case model.WAFRegexMatch:
		body.Strict("RegexString", "FieldToMatch", "TextTransformations", "PreParseTextTransformations")
		if re, ok := body.Req("RegexString"); ok {
			if len(re) > 512 {
				d.Report(body.At("RegexString"), re, "longer than 512 characters")
			}
			s.RegexString = re
		}
		d.inspected(body, s)
	case model.WAFRegexPatternSetReference:
		body.Strict("ARN", "FieldToMatch", "TextTransformations", "PreParseTextTransformations")
		s.ARN, _, _ = readARN(body, "ARN", "regexpatternset")
		d.inspected(body, s)
	case model.WAFSizeConstraint:
		body.Strict("FieldToMatch", "ComparisonOperator", "Size", "TextTransformations", "PreParseTextTransformations")
		s.ComparisonOperator, _ = body.Enum("ComparisonOperator", "", "EQ", "NE", "LE", "LT", "GE", "GT")
		s.Size, _ = body.ReqNumber("Size", 0, 21474836480)
		d.inspected(body, s)
	case model.WAFSqliMatch:
		body.Strict("FieldToMatch", "TextTransformations", "SensitivityLevel", "PreParseTextTransformations")
		s.SensitivityLevel, _ = body.Enum("SensitivityLevel", "LOW", "LOW", "HIGH")
		d.inspected(body, s)
	case model.WAFXssMatch:
		body.Strict("FieldToMatch", "TextTransformations", "PreParseTextTransformations")
		d.inspected(body, s)
	case model.WAFIPSetReference:
		body.Strict("ARN", "IPSetForwardedIPConfig")
		s.ARN, _, _ = readARN(body, "ARN", "ipset")
		s.ForwardedIP = d.forwardedIP(body.Object("IPSetForwardedIPConfig"), true)
	case model.WAFGeoMatch:
		body.Strict("CountryCodes", "ForwardedIPConfig")
		d.countryCodes(body, s)
		s.ForwardedIP = d.forwardedIP(body.Object("ForwardedIPConfig"), false)
	case model.WAFAsnMatch:
		body.Strict("AsnList", "ForwardedIPConfig")
		d.asns(body, s)
		s.ForwardedIP = d.forwardedIP(body.Object("ForwardedIPConfig"), false)
	case model.WAFLabelMatch:
		body.Strict("Scope", "Key")
		s.LabelScope, _ = body.Enum("Scope", "", "LABEL", "NAMESPACE")
		if key, ok := body.Req("Key"); ok {
			s.LabelKey = key
			switch {
			case !validLabel(key):
				d.Report(body.At("Key"), key, "invalid label key: expected 1 to 1024 characters of A-Z a-z 0-9 _ - : with no empty component")
			case s.LabelScope == "NAMESPACE" && key[len(key)-1] != ':':
				d.Warn(body.At("Key"), "a NAMESPACE key normally ends with \":\" (kept as written)")
			}
		}
	case model.WAFAnd, model.WAFOr:
		body.Strict("Statements")
		items := body.Objects("Statements")
		switch {
		case !body.Has("Statements"):
			d.Report(body.At("Statements"), "", "is required")
		case len(items) == 0:
			d.Report(body.At("Statements"), "", "must hold at least one statement")
		case len(items) == 1:
			d.Warn(body.At("Statements"), "holds one statement; AWS's API asks for more than one")
		}
		for _, it := range items {
			if it.OK() {
				s.Statements = append(s.Statements, d.statement(it, ctxNested))
			}
		}
	case model.WAFNot:
		body.Strict("Statement")
		if it := body.ReqObject("Statement"); it.OK() {
			s.Statements = []*model.WAFStatement{d.statement(it, ctxNested)}
		}
	case model.WAFRateBased:
		d.rateBased(body, s)
	case model.WAFManagedRuleGroup:
		body.Strict("VendorName", "Name", "Version", "ExcludedRules", "ScopeDownStatement", "ManagedRuleGroupConfigs", "RuleActionOverrides")
		s.VendorName, _ = body.Req("VendorName")
		s.Name, _ = body.Req("Name")
		s.Version = body.Opt("Version")
		if body.Has("ManagedRuleGroupConfigs") {
			d.Warn(body.At("ManagedRuleGroupConfigs"), "not modelled: the configuration of a managed rule group (login paths, bot control level, ...) changes what its rules match")
		}
		d.scopeDown(body, s)
		d.groupOverrides(body, s)
	case model.WAFRuleGroupReference:
		body.Strict("ARN", "ExcludedRules", "RuleActionOverrides")
		s.ARN, _, _ = readARN(body, "ARN", "rulegroup")
		d.groupOverrides(body, s)
	}
	if !valid || d.Count() != before {
		return nil
	}
	return s
}

// byteMatch reads a ByteMatchStatement (reference section 4.4).
func (d *decoder) byteMatch(n jsonwalk.Node, s *model.WAFStatement) {
	n.Strict("SearchString", "FieldToMatch", "TextTransformations", "PositionalConstraint", "PreParseTextTransformations")
	s.PositionalConstraint, _ = n.Enum("PositionalConstraint", "", "EXACTLY", "STARTS_WITH", "ENDS_WITH", "CONTAINS", "CONTAINS_WORD")
	d.inspected(n, s)
	if (s.Field.Kind == model.WAFFieldJA3Fingerprint || s.Field.Kind == model.WAFFieldJA4Fingerprint) &&
		s.PositionalConstraint != "" && s.PositionalConstraint != "EXACTLY" {
		d.Report(n.At("PositionalConstraint"), s.PositionalConstraint, "must be EXACTLY with "+s.Field.Kind.String())
	}
	raw, ok := n.Req("SearchString")
	if !ok {
		return
	}
	at := n.At("SearchString")
	switch d.opts.SearchStringEncoding {
	case Base64:
		b, err := base64.StdEncoding.Strict().DecodeString(raw)
		if err != nil {
			d.Report(at, raw, "invalid base64")
			return
		}
		if len(b) == 0 {
			d.Report(at, raw, "decodes to an empty string")
			return
		}
		if !printable(b) {
			d.Warn(at, "decodes to bytes that are not printable text; if the document holds plain text (console JSON, CLI input), decode it with SearchStringEncoding raw")
		}
		s.SearchString = b
	case Raw:
		s.SearchString = []byte(raw)
		if len(raw) >= 8 && raw[len(raw)-1] == '=' {
			if b, err := base64.StdEncoding.Strict().DecodeString(raw); err == nil && printable(b) {
				d.Warn(at, "looks base64-encoded (it decodes to "+strconv.Quote(string(b))+"); it is matched as written because SearchStringEncoding is raw")
			}
		}
	}
	if len(s.SearchString) > maxSearchString {
		d.Report(at, raw, "longer than "+strconv.Itoa(maxSearchString)+" bytes")
	}
	if s.PositionalConstraint == "CONTAINS_WORD" && !detect.ValidWord(s.SearchString) {
		d.Report(at, string(s.SearchString), "must hold only A-Z a-z 0-9 _ with PositionalConstraint CONTAINS_WORD")
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
func (d *decoder) inspected(n jsonwalk.Node, s *model.WAFStatement) {
	if f := n.ReqObject("FieldToMatch"); f.OK() {
		s.Field, _ = d.fieldToMatch(f)
	}
	if (s.Field.Kind == model.WAFFieldJA3Fingerprint || s.Field.Kind == model.WAFFieldJA4Fingerprint) && s.Kind != model.WAFByteMatch {
		d.Report(n.At("FieldToMatch"), "", s.Field.Kind.String()+" can be used only in a ByteMatchStatement (with PositionalConstraint EXACTLY)")
	}
	s.Transformations = d.transformations(n, "TextTransformations", true, 0)
	if n.Has("PreParseTextTransformations") {
		if s.Field.Kind != model.WAFFieldSingleQueryArgument && s.Field.Kind != model.WAFFieldAllQueryArguments && s.Field.Kind != model.WAFFieldUnspecified {
			d.Report(n.At("PreParseTextTransformations"), "", "apply only to SingleQueryArgument and AllQueryArguments, not "+s.Field.Kind.String())
		}
		s.PreParseTransformations = d.transformations(n, "PreParseTextTransformations", false, 10)
	}
}

// countryCodes reads GeoMatch's CountryCodes: at least one ISO 3166 alpha-2
// code.
func (d *decoder) countryCodes(n jsonwalk.Node, s *model.WAFStatement) {
	if !n.Has("CountryCodes") {
		d.Report(n.At("CountryCodes"), "", "is required")
		return
	}
	codes := n.Strings("CountryCodes")
	if len(codes) == 0 {
		d.Report(n.At("CountryCodes"), "", "must hold at least one country code")
	}
	for i, c := range codes {
		if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
			d.Report(jsonwalk.Index(n.At("CountryCodes"), i), c, "invalid country code: expected two upper-case letters (ISO 3166-1 alpha-2)")
			continue
		}
		s.CountryCodes = append(s.CountryCodes, c)
	}
}

// asns reads AsnMatch's AsnList: 1 to 100 ASNs.
func (d *decoder) asns(n jsonwalk.Node, s *model.WAFStatement) {
	if !n.Has("AsnList") {
		d.Report(n.At("AsnList"), "", "is required")
		return
	}
	items := d.Array(n.Map["AsnList"], n.At("AsnList"))
	if len(items) == 0 || len(items) > 100 {
		d.Report(n.At("AsnList"), "", "must hold 1 to 100 ASNs, has "+strconv.Itoa(len(items)))
	}
	for i, it := range items {
		if asn, ok := d.Number(it, jsonwalk.Index(n.At("AsnList"), i), 0, 4294967295); ok {
			s.ASNs = append(s.ASNs, asn)
		}
	}
}

// forwardedIP reads an IPSetForwardedIPConfig (withPosition) or a
// ForwardedIPConfig; nil when absent.
func (d *decoder) forwardedIP(n jsonwalk.Node, withPosition bool) *model.WAFForwardedIPConfig {
	if !n.OK() {
		return nil
	}
	f := &model.WAFForwardedIPConfig{}
	if withPosition {
		n.Strict("HeaderName", "FallbackBehavior", "Position")
		f.Position, _ = n.Enum("Position", "", "FIRST", "LAST", "ANY")
	} else {
		n.Strict("HeaderName", "FallbackBehavior")
	}
	if h, ok := n.Req("HeaderName"); ok {
		if len(h) > 255 || !isHeaderName(h) {
			d.Report(n.At("HeaderName"), h, "invalid header name")
		}
		f.HeaderName = h
	}
	f.FallbackBehavior, _ = n.Enum("FallbackBehavior", "", "MATCH", "NO_MATCH")
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
func (d *decoder) rateBased(n jsonwalk.Node, s *model.WAFStatement) {
	n.Strict("Limit", "EvaluationWindowSec", "AggregateKeyType", "ScopeDownStatement", "ForwardedIPConfig", "CustomKeys")
	s.RateLimit, _ = n.ReqNumber("Limit", 10, 2000000000)
	s.EvaluationWindowSec = 300
	if n.Has("EvaluationWindowSec") {
		if w, ok := n.Number("EvaluationWindowSec", 0, 1<<31); ok {
			switch w {
			case 60, 120, 300, 600:
				s.EvaluationWindowSec = w
			default:
				d.Report(n.At("EvaluationWindowSec"), strconv.FormatInt(w, 10), "must be 60, 120, 300 or 600")
			}
		}
	}
	s.AggregateKeyType, _ = n.Enum("AggregateKeyType", "", "IP", "FORWARDED_IP", "CUSTOM_KEYS", "CONSTANT")
	fwd := n.Object("ForwardedIPConfig")
	switch {
	case s.AggregateKeyType == "FORWARDED_IP" && !fwd.OK():
		d.Report(n.At("ForwardedIPConfig"), "", "is required with AggregateKeyType FORWARDED_IP")
	case s.AggregateKeyType == "FORWARDED_IP":
		s.ForwardedIP = d.forwardedIP(fwd, false)
	case fwd.OK():
		d.Warn(n.At("ForwardedIPConfig"), "ignored: AggregateKeyType is "+s.AggregateKeyType+", not FORWARDED_IP")
	}
	keys := d.Array(n.Map["CustomKeys"], n.At("CustomKeys"))
	switch {
	case s.AggregateKeyType == "CUSTOM_KEYS" && len(keys) == 0:
		d.Report(n.At("CustomKeys"), "", "is required with AggregateKeyType CUSTOM_KEYS")
	case len(keys) > 5:
		d.Report(n.At("CustomKeys"), "", "must hold at most 5 keys, has "+strconv.Itoa(len(keys)))
	case s.AggregateKeyType == "CUSTOM_KEYS":
		s.CustomKeyCount = len(keys)
		d.Warn(n.At("CustomKeys"), "not modelled: requests are counted per combination of custom keys, which the evaluator does not track")
	case len(keys) > 0:
		d.Report(n.At("CustomKeys"), "", "is allowed only with AggregateKeyType CUSTOM_KEYS")
	}
	if s.AggregateKeyType == "CONSTANT" && !n.Has("ScopeDownStatement") {
		d.Report(n.At("ScopeDownStatement"), "", "is required with AggregateKeyType CONSTANT")
	}
	d.scopeDown(n, s)
}

// scopeDown reads an optional ScopeDownStatement (nested: no rate-based
// statement and no group inside).
func (d *decoder) scopeDown(n jsonwalk.Node, s *model.WAFStatement) {
	if sd := n.Object("ScopeDownStatement"); sd.OK() {
		s.ScopeDown = d.statement(sd, ctxNested)
	}
}

// groupOverrides reads ExcludedRules and RuleActionOverrides of a statement
// that runs a rule group.
func (d *decoder) groupOverrides(n jsonwalk.Node, s *model.WAFStatement) {
	for _, e := range n.Objects("ExcludedRules") {
		if !e.OK() {
			continue
		}
		e.Strict("Name")
		if name, ok := d.ruleName(e, "Name"); ok {
			s.ExcludedRules = append(s.ExcludedRules, name)
		}
	}
	seen := map[string]string{}
	for _, o := range n.Objects("RuleActionOverrides") {
		if !o.OK() {
			continue
		}
		o.Strict("Name", "ActionToUse")
		name, ok := d.ruleName(o, "Name")
		a, aok := d.action(o.ReqObject("ActionToUse"))
		if !ok || !aok {
			continue
		}
		if prev, dup := seen[name]; dup {
			d.Report(o.At("Name"), name, "duplicate rule action override (also "+prev+")")
			continue
		}
		seen[name] = o.Path
		s.RuleActionOverrides = append(s.RuleActionOverrides, model.WAFRuleActionOverride{Name: name, Action: a})
	}
}
