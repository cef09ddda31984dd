package wafjson

import (
	"slices"

	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
	"github.com/netverdict/netverdict/evaluator/model"
)

// webACLKeys are the members of a WebACL that netverdict reads or that do
// not affect verdicts (reference section 4.1): visibility, captcha and
// challenge immunity (token validity is an evaluator input), custom
// response bodies, token domains, logging redaction, application
// attributes, monetization settings and Firewall Manager flags.
var webACLKeys = []string{
	"Name", "Id", "ARN", "DefaultAction", "Description", "Rules", "VisibilityConfig", "Capacity",
	"PreProcessFirewallManagerRuleGroups", "PostProcessFirewallManagerRuleGroups",
	"ManagedByFirewallManager", "RetrofittedByFirewallManager", "LabelNamespace",
	"CustomResponseBodies", "CaptchaConfig", "ChallengeConfig", "TokenDomains", "AssociationConfig",
	"DataProtectionConfig", "ApplicationConfig", "MonetizationConfig",
}

// unmodelledWebACLKeys change verdicts but are not modelled: a warning
// names them.
var unmodelledWebACLKeys = map[string]string{
	"OnSourceDDoSProtectionConfig": "not modelled: ALB low-reputation (DDoS) mode can block or challenge requests before the rules run",
}

// bodyLimitBytes maps AssociationConfig's SizeInspectionLimit values to
// bytes.
var bodyLimitBytes = map[string]int64{"KB_16": 16 * 1024, "KB_32": 32 * 1024, "KB_48": 48 * 1024, "KB_64": 64 * 1024}

// bodyLimitResources are the resource types AssociationConfig.RequestBody
// may name today.
var bodyLimitResources = []string{"CLOUDFRONT", "API_GATEWAY", "COGNITO_USER_POOL", "APP_RUNNER_SERVICE", "VERIFIED_ACCESS_INSTANCE", "AMPLIFY"}

// webACL reads get-web-acl's WebACL.
func (d *decoder) webACL(n jsonwalk.Node) {
	acl := model.WebACL{Path: d.where(n.Path)}
	for _, k := range jsonwalk.SortedKeys(n.Map) {
		if msg, ok := unmodelledWebACLKeys[k]; ok {
			d.Warn(n.At(k), msg)
		} else if !slices.Contains(webACLKeys, k) {
			d.Warn(n.At(k), "unknown field, ignored")
		}
	}
	acl.Name, _ = d.ruleName(n, "Name")
	acl.ID, _ = n.Req("Id")
	var arn wafARN
	var arnOK bool
	acl.ARN, arn, arnOK = readARN(n, "ARN", "webacl")
	if arnOK && acl.Name != "" && arn.name != acl.Name {
		d.Warn(n.At("ARN"), "names the web ACL "+arn.name+", not "+acl.Name)
	}
	acl.Description = n.Opt("Description")
	if n.Has("DefaultAction") {
		if a, ok := d.action(n.Object("DefaultAction")); ok {
			if a.Kind != model.WAFAllow && a.Kind != model.WAFBlock {
				d.Report(n.At("DefaultAction"), a.Kind.String(), "must be Allow or Block")
			}
			acl.DefaultAction = a
		}
	} else {
		d.Report(n.At("DefaultAction"), "", "is required")
	}
	if !n.Has("VisibilityConfig") {
		d.Warn(n.At("VisibilityConfig"), "is required by AWS; missing (it does not affect verdicts)")
	}
	acl.LabelNamespace = n.Opt("LabelNamespace")
	if acl.LabelNamespace == "" && arnOK {
		acl.LabelNamespace = arn.labelNamespace()
	}
	acl.Rules = d.rules(n, "Rules", ctxACL)
	acl.PreProcessRuleGroups = d.firewallManagerGroups(n, "PreProcessFirewallManagerRuleGroups")
	acl.PostProcessRuleGroups = d.firewallManagerGroups(n, "PostProcessFirewallManagerRuleGroups")
	acl.BodyLimits = d.bodyLimits(n.Object("AssociationConfig"))
	d.doc.WebACLs = append(d.doc.WebACLs, acl)
}

// rules reads the Rules array member key and checks its priorities and
// names.
func (d *decoder) rules(n jsonwalk.Node, key string, ctx context) []model.WAFRule {
	items := n.Objects(key)
	if len(items) == 0 {
		return nil
	}
	out := make([]model.WAFRule, 0, len(items))
	for _, it := range items {
		if it.OK() {
			out = append(out, d.rule(it, ctx))
		}
	}
	if len(out) == len(items) {
		d.checkRules(out, n.At(key))
	}
	return out
}

// firewallManagerGroups reads Pre/PostProcessFirewallManagerRuleGroups as
// rules whose statement is the group (FirewallManagerStatement holds a
// ManagedRuleGroupStatement or RuleGroupReferenceStatement).
func (d *decoder) firewallManagerGroups(n jsonwalk.Node, key string) []model.WAFRule {
	items := n.Objects(key)
	if len(items) == 0 {
		return nil
	}
	out := make([]model.WAFRule, 0, len(items))
	for _, it := range items {
		if !it.OK() {
			continue
		}
		it.Lenient("Name", "Priority", "FirewallManagerStatement", "OverrideAction", "VisibilityConfig")
		r := model.WAFRule{Path: d.where(it.Path)}
		r.Name, _ = it.Req("Name")
		if p, ok := it.ReqNumber("Priority", 0, 1<<31-1); ok {
			r.Priority = int32(p)
		} else {
			d.badPriority[r.Path] = true
		}
		if s := it.ReqObject("FirewallManagerStatement"); s.OK() {
			if _, _, ok := s.OneOf("statement", "ManagedRuleGroupStatement", "RuleGroupReferenceStatement"); ok {
				r.Statement = d.statement(s, ctxACL)
			}
		}
		if it.Has("OverrideAction") {
			r.Override = d.overrideAction(it.Object("OverrideAction"))
		} else {
			d.Report(it.At("OverrideAction"), "", "is required")
		}
		out = append(out, r)
	}
	if len(out) == len(items) {
		d.checkRules(out, n.At(key))
	}
	return out
}

// bodyLimits reads AssociationConfig.RequestBody, sorted by resource type.
func (d *decoder) bodyLimits(n jsonwalk.Node) []model.WAFBodyLimit {
	if !n.OK() {
		return nil
	}
	n.Lenient("RequestBody")
	rb := n.Object("RequestBody")
	if !rb.OK() {
		return nil
	}
	var out []model.WAFBodyLimit
	for _, rt := range jsonwalk.SortedKeys(rb.Map) {
		if !slices.Contains(bodyLimitResources, rt) {
			d.Warn(rb.At(rt), "unknown resource type, kept")
		}
		lim := rb.Object(rt)
		if !lim.OK() {
			continue
		}
		lim.Lenient("DefaultSizeInspectionLimit")
		v, ok := lim.Enum("DefaultSizeInspectionLimit", "", "KB_16", "KB_32", "KB_48", "KB_64")
		if ok {
			out = append(out, model.WAFBodyLimit{ResourceType: rt, Bytes: bodyLimitBytes[v]})
		}
	}
	return out
}
