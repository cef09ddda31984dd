package wafjson

import (
	"slices"

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
func (d *decoder) webACL(n node) {
	acl := model.WebACL{Path: d.where(n.path)}
	for _, k := range sortedKeys(n.m) {
		if msg, ok := unmodelledWebACLKeys[k]; ok {
			d.warn(n.at(k), msg)
		} else if !slices.Contains(webACLKeys, k) {
			d.warn(n.at(k), "unknown field, ignored")
		}
	}
	acl.Name, _ = d.ruleName(n, "Name")
	acl.ID, _ = n.req("Id")
	var arn wafARN
	var arnOK bool
	acl.ARN, arn, arnOK = n.arn("ARN", "webacl")
	if arnOK && acl.Name != "" && arn.name != acl.Name {
		d.warn(n.at("ARN"), "names the web ACL "+arn.name+", not "+acl.Name)
	}
	acl.Description = n.opt("Description")
	if n.has("DefaultAction") {
		if a, ok := d.action(n.object("DefaultAction")); ok {
			if a.Kind != model.WAFAllow && a.Kind != model.WAFBlock {
				d.errorf(n.at("DefaultAction"), a.Kind.String(), "must be Allow or Block")
			}
			acl.DefaultAction = a
		}
	} else {
		d.errorf(n.at("DefaultAction"), "", "is required")
	}
	if !n.has("VisibilityConfig") {
		d.warn(n.at("VisibilityConfig"), "is required by AWS; missing (it does not affect verdicts)")
	}
	acl.LabelNamespace = n.opt("LabelNamespace")
	if acl.LabelNamespace == "" && arnOK {
		acl.LabelNamespace = arn.labelNamespace()
	}
	acl.Rules = d.rules(n, "Rules", ctxACL)
	acl.PreProcessRuleGroups = d.firewallManagerGroups(n, "PreProcessFirewallManagerRuleGroups")
	acl.PostProcessRuleGroups = d.firewallManagerGroups(n, "PostProcessFirewallManagerRuleGroups")
	acl.BodyLimits = d.bodyLimits(n.object("AssociationConfig"))
	d.doc.WebACLs = append(d.doc.WebACLs, acl)
}

// rules reads the Rules array member key and checks its priorities and
// names.
func (d *decoder) rules(n node, key string, ctx context) []model.WAFRule {
	items := n.objects(key)
	if len(items) == 0 {
		return nil
	}
	out := make([]model.WAFRule, 0, len(items))
	for _, it := range items {
		if it.ok() {
			out = append(out, d.rule(it, ctx))
		}
	}
	if len(out) == len(items) {
		d.checkRules(out, n.at(key))
	}
	return out
}

// firewallManagerGroups reads Pre/PostProcessFirewallManagerRuleGroups as
// rules whose statement is the group (FirewallManagerStatement holds a
// ManagedRuleGroupStatement or RuleGroupReferenceStatement).
func (d *decoder) firewallManagerGroups(n node, key string) []model.WAFRule {
	items := n.objects(key)
	if len(items) == 0 {
		return nil
	}
	out := make([]model.WAFRule, 0, len(items))
	for _, it := range items {
		if !it.ok() {
			continue
		}
		it.lenient("Name", "Priority", "FirewallManagerStatement", "OverrideAction", "VisibilityConfig")
		r := model.WAFRule{Path: d.where(it.path)}
		r.Name, _ = it.req("Name")
		if p, ok := it.reqInteger("Priority", 0, 1<<31-1); ok {
			r.Priority = int32(p)
		} else {
			d.badPriority[r.Path] = true
		}
		if s := it.reqObject("FirewallManagerStatement"); s.ok() {
			if _, _, ok := s.oneOf("statement", "ManagedRuleGroupStatement", "RuleGroupReferenceStatement"); ok {
				r.Statement = d.statement(s, ctxACL)
			}
		}
		if it.has("OverrideAction") {
			r.Override = d.overrideAction(it.object("OverrideAction"))
		} else {
			d.errorf(it.at("OverrideAction"), "", "is required")
		}
		out = append(out, r)
	}
	if len(out) == len(items) {
		d.checkRules(out, n.at(key))
	}
	return out
}

// bodyLimits reads AssociationConfig.RequestBody, sorted by resource type.
func (d *decoder) bodyLimits(n node) []model.WAFBodyLimit {
	if !n.ok() {
		return nil
	}
	n.lenient("RequestBody")
	rb := n.object("RequestBody")
	if !rb.ok() {
		return nil
	}
	var out []model.WAFBodyLimit
	for _, rt := range sortedKeys(rb.m) {
		if !slices.Contains(bodyLimitResources, rt) {
			d.warn(rb.at(rt), "unknown resource type, kept")
		}
		lim := rb.object(rt)
		if !lim.ok() {
			continue
		}
		lim.lenient("DefaultSizeInspectionLimit")
		v, ok := lim.enum("DefaultSizeInspectionLimit", "", "KB_16", "KB_32", "KB_48", "KB_64")
		if ok {
			out = append(out, model.WAFBodyLimit{ResourceType: rt, Bytes: bodyLimitBytes[v]})
		}
	}
	return out
}
