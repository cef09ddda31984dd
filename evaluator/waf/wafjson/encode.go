package wafjson

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf8"

	"github.com/netverdict/netverdict/evaluator/model"
)

// obj is a JSON object under construction; encoding/json writes its keys
// sorted, so the output is canonical.
type obj = map[string]any

// Encode writes doc back as AWS JSON in canonical form (sorted keys,
// defaults written out, search strings in opts' encoding) that Decode reads
// into the same model, paths aside. A document of bare rules becomes a JSON
// array of rules; any other document one object with the get-* keys
// (WebACL, IPSet, ...), as `jq -s add` merges them, so it can hold at most
// one object of each kind. Fields Decode does not keep (VisibilityConfig,
// custom keys' contents, ...) are written as placeholders or left out.
func Encode(doc *Document, opts Options) ([]byte, error) {
	if opts.SearchStringEncoding > Raw {
		return nil, errors.New("wafjson: invalid Options.SearchStringEncoding " + opts.SearchStringEncoding.String())
	}
	e := encoder{opts: opts}
	others := len(doc.WebACLs) + len(doc.IPSets) + len(doc.RegexPatternSets) + len(doc.RuleGroups) + len(doc.Associations)
	if len(doc.Rules) > 0 || others == 0 {
		// An empty document is an empty rules file, the one empty shape.
		if others > 0 {
			return nil, errors.New("wafjson: a document of bare rules cannot hold other objects")
		}
		out := make([]any, len(doc.Rules))
		for i, r := range doc.Rules {
			out[i] = e.rule(r)
		}
		return e.marshal(out)
	}
	if len(doc.WebACLs) > 1 || len(doc.IPSets) > 1 || len(doc.RegexPatternSets) > 1 || len(doc.RuleGroups) > 1 {
		return nil, errors.New("wafjson: a document holds at most one web ACL, IP set, regex pattern set and rule group")
	}
	top := obj{}
	if len(doc.WebACLs) == 1 {
		top["WebACL"] = e.webACL(doc.WebACLs[0])
	}
	if len(doc.IPSets) == 1 {
		s := doc.IPSets[0]
		addrs := make([]string, len(s.Addresses))
		for i, a := range s.Addresses {
			addrs[i] = a.String()
		}
		top["IPSet"] = obj{"Name": s.Name, "Id": s.ID, "ARN": s.ARN, "Description": s.Description, "IPAddressVersion": s.IPAddressVersion, "Addresses": addrs}
	}
	if len(doc.RegexPatternSets) == 1 {
		s := doc.RegexPatternSets[0]
		list := make([]any, len(s.Patterns))
		for i, p := range s.Patterns {
			list[i] = obj{"RegexString": p}
		}
		top["RegexPatternSet"] = obj{"Name": s.Name, "Id": s.ID, "ARN": s.ARN, "Description": s.Description, "RegularExpressionList": list}
	}
	if len(doc.RuleGroups) == 1 {
		g := doc.RuleGroups[0]
		top["RuleGroup"] = obj{"Name": g.Name, "Id": g.ID, "ARN": g.ARN, "Description": g.Description, "Capacity": g.Capacity,
			"LabelNamespace": g.LabelNamespace, "VisibilityConfig": obj{}, "Rules": e.rules(g.Rules)}
	}
	if len(doc.Associations) > 0 {
		list := make([]any, len(doc.Associations))
		for i, a := range doc.Associations {
			list[i] = obj{"WebACLArn": a.WebACLARN, "ResourceArn": a.ResourceARN}
		}
		top["WebACLAssociations"] = list
	}
	return e.marshal(top)
}

// encoder writes one document; err is the first problem met.
type encoder struct {
	opts Options
	err  error
}

func (e *encoder) marshal(v any) ([]byte, error) {
	if e.err != nil {
		return nil, e.err
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func (e *encoder) webACL(a model.WebACL) obj {
	o := obj{"Name": a.Name, "Id": a.ID, "ARN": a.ARN, "Description": a.Description, "DefaultAction": action(a.DefaultAction),
		"LabelNamespace": a.LabelNamespace, "VisibilityConfig": obj{}, "Rules": e.rules(a.Rules)}
	for key, groups := range map[string][]model.WAFRule{"PreProcessFirewallManagerRuleGroups": a.PreProcessRuleGroups, "PostProcessFirewallManagerRuleGroups": a.PostProcessRuleGroups} {
		if len(groups) == 0 {
			continue
		}
		list := make([]any, len(groups))
		for i, g := range groups {
			list[i] = obj{"Name": g.Name, "Priority": g.Priority, "OverrideAction": override(g.Override), "VisibilityConfig": obj{},
				"FirewallManagerStatement": e.statement(g.Statement)}
		}
		o[key] = list
	}
	if len(a.BodyLimits) > 0 {
		rb := obj{}
		for _, l := range a.BodyLimits {
			rb[l.ResourceType] = obj{"DefaultSizeInspectionLimit": "KB_" + strconv.FormatInt(l.Bytes/1024, 10)}
		}
		o["AssociationConfig"] = obj{"RequestBody": rb}
	}
	return o
}

func (e *encoder) rules(rules []model.WAFRule) []any {
	out := make([]any, len(rules))
	for i, r := range rules {
		out[i] = e.rule(r)
	}
	return out
}

func (e *encoder) rule(r model.WAFRule) obj {
	o := obj{"Name": r.Name, "Priority": r.Priority, "Statement": e.statement(r.Statement), "VisibilityConfig": obj{}}
	if r.Override != model.WAFOverrideUnspecified {
		o["OverrideAction"] = override(r.Override)
	} else {
		o["Action"] = action(r.Action)
	}
	if len(r.Labels) > 0 {
		labels := make([]any, len(r.Labels))
		for i, l := range r.Labels {
			labels[i] = obj{"Name": l}
		}
		o["RuleLabels"] = labels
	}
	return o
}

func action(a model.WAFAction) obj {
	body := obj{}
	if a.Kind == model.WAFBlock && a.ResponseCode != 0 {
		body["CustomResponse"] = obj{"ResponseCode": a.ResponseCode}
	}
	return obj{a.Kind.String(): body}
}

func override(k model.WAFOverrideKind) obj { return obj{k.String(): obj{}} }

func transformations(ts []model.WAFTextTransformation) []any {
	out := make([]any, len(ts))
	for i, t := range ts {
		out[i] = obj{"Priority": t.Priority, "Type": t.Type}
	}
	return out
}

func forwarded(f *model.WAFForwardedIPConfig) obj {
	o := obj{"HeaderName": f.HeaderName, "FallbackBehavior": f.FallbackBehavior}
	if f.Position != "" {
		o["Position"] = f.Position
	}
	return o
}

// statement writes a Statement object: {"<Kind>": {...}}.
func (e *encoder) statement(s *model.WAFStatement) obj {
	if s == nil {
		e.err = errors.New("wafjson: nil statement")
		return obj{}
	}
	b := obj{}
	switch s.Kind {
	case model.WAFByteMatch, model.WAFRegexMatch, model.WAFRegexPatternSetReference, model.WAFSizeConstraint, model.WAFSqliMatch, model.WAFXssMatch:
		b["FieldToMatch"] = fieldObject(s.Field)
		b["TextTransformations"] = transformations(s.Transformations)
		if len(s.PreParseTransformations) > 0 {
			b["PreParseTextTransformations"] = transformations(s.PreParseTransformations)
		}
	}
	switch s.Kind {
	case model.WAFByteMatch:
		b["PositionalConstraint"] = s.PositionalConstraint
		if e.opts.SearchStringEncoding == Raw {
			if !utf8.Valid(s.SearchString) {
				e.err = errors.New("wafjson: " + s.Path + ": search string is not UTF-8 text: encode it as base64")
			}
			b["SearchString"] = string(s.SearchString)
		} else {
			b["SearchString"] = base64.StdEncoding.EncodeToString(s.SearchString)
		}
	case model.WAFRegexMatch:
		b["RegexString"] = s.RegexString
	case model.WAFRegexPatternSetReference, model.WAFRuleGroupReference:
		b["ARN"] = s.ARN
	case model.WAFSizeConstraint:
		b["ComparisonOperator"] = s.ComparisonOperator
		b["Size"] = s.Size
	case model.WAFSqliMatch:
		b["SensitivityLevel"] = s.SensitivityLevel
	case model.WAFXssMatch:
	case model.WAFIPSetReference:
		b["ARN"] = s.ARN
		if s.ForwardedIP != nil {
			b["IPSetForwardedIPConfig"] = forwarded(s.ForwardedIP)
		}
	case model.WAFGeoMatch, model.WAFAsnMatch:
		if s.Kind == model.WAFGeoMatch {
			b["CountryCodes"] = s.CountryCodes
		} else {
			b["AsnList"] = s.ASNs
		}
		if s.ForwardedIP != nil {
			b["ForwardedIPConfig"] = forwarded(s.ForwardedIP)
		}
	case model.WAFLabelMatch:
		b["Scope"] = s.LabelScope
		b["Key"] = s.LabelKey
	case model.WAFAnd, model.WAFOr:
		list := make([]any, len(s.Statements))
		for i, x := range s.Statements {
			list[i] = e.statement(x)
		}
		b["Statements"] = list
	case model.WAFNot:
		if len(s.Statements) != 1 {
			e.err = errors.New("wafjson: " + s.Path + ": NotStatement needs exactly one statement")
			return obj{}
		}
		b["Statement"] = e.statement(s.Statements[0])
	case model.WAFRateBased:
		b["Limit"] = s.RateLimit
		b["EvaluationWindowSec"] = s.EvaluationWindowSec
		b["AggregateKeyType"] = s.AggregateKeyType
		if s.ForwardedIP != nil {
			b["ForwardedIPConfig"] = forwarded(s.ForwardedIP)
		}
		if s.CustomKeyCount > 0 {
			// The keys themselves are not modelled: placeholders keep the count.
			keys := make([]any, s.CustomKeyCount)
			for i := range keys {
				keys[i] = obj{}
			}
			b["CustomKeys"] = keys
		}
	case model.WAFManagedRuleGroup:
		b["VendorName"] = s.VendorName
		b["Name"] = s.Name
		if s.Version != "" {
			b["Version"] = s.Version
		}
	default:
		e.err = errors.New("wafjson: " + s.Path + ": unknown statement kind " + s.Kind.String())
		return obj{}
	}
	if s.ScopeDown != nil {
		b["ScopeDownStatement"] = e.statement(s.ScopeDown)
	}
	if s.Kind == model.WAFManagedRuleGroup || s.Kind == model.WAFRuleGroupReference {
		if len(s.ExcludedRules) > 0 {
			list := make([]any, len(s.ExcludedRules))
			for i, n := range s.ExcludedRules {
				list[i] = obj{"Name": n}
			}
			b["ExcludedRules"] = list
		}
		if len(s.RuleActionOverrides) > 0 {
			list := make([]any, len(s.RuleActionOverrides))
			for i, o := range s.RuleActionOverrides {
				list[i] = obj{"Name": o.Name, "ActionToUse": action(o.Action)}
			}
			b["RuleActionOverrides"] = list
		}
	}
	return obj{s.Kind.String(): b}
}

// fieldObject writes a FieldToMatch object: {"<Kind>": {...}}.
func fieldObject(f model.WAFFieldToMatch) obj {
	b := obj{}
	switch f.Kind {
	case model.WAFFieldSingleHeader, model.WAFFieldSingleQueryArgument:
		b["Name"] = f.Name
	case model.WAFFieldHeaders, model.WAFFieldCookies, model.WAFFieldJSONBody:
		inc, exc := "IncludedHeaders", "ExcludedHeaders"
		switch f.Kind {
		case model.WAFFieldCookies:
			inc, exc = "IncludedCookies", "ExcludedCookies"
		case model.WAFFieldJSONBody:
			inc = "IncludedPaths"
		}
		switch {
		case f.All:
			b["MatchPattern"] = obj{"All": obj{}}
		case len(f.Included) > 0:
			b["MatchPattern"] = obj{inc: f.Included}
		default:
			b["MatchPattern"] = obj{exc: f.Excluded}
		}
		b["MatchScope"] = f.MatchScope
		if f.InvalidFallbackBehavior != "" {
			b["InvalidFallbackBehavior"] = f.InvalidFallbackBehavior
		}
	case model.WAFFieldJA3Fingerprint, model.WAFFieldJA4Fingerprint, model.WAFFieldURIFragment:
		if f.FallbackBehavior != "" {
			b["FallbackBehavior"] = f.FallbackBehavior
		}
	}
	if f.OversizeHandling != "" {
		b["OversizeHandling"] = f.OversizeHandling
	}
	return obj{f.Kind.String(): b}
}
