package wafjson

import (
	"github.com/netverdict/netverdict/evaluator/model"
)

// ruleGroupKeys are the members of a WAF RuleGroup (reference section 4.1);
// those not read do not affect verdicts.
var ruleGroupKeys = []string{"Name", "Id", "Capacity", "ARN", "Description", "Rules", "VisibilityConfig", "LabelNamespace", "CustomResponseBodies", "AvailableLabels", "ConsumedLabels"}

// ruleGroup reads wafv2 get-rule-group's RuleGroup. (A Network Firewall
// rule group was turned away before.)
func (d *decoder) ruleGroup(n node) {
	if !n.has("Rules") && !n.has("VisibilityConfig") && !n.has("Capacity") {
		d.errorf(n.path, "", "is neither a WAF rule group (Rules, VisibilityConfig, Capacity) nor a Network Firewall one (RulesSource)")
		return
	}
	n.lenient(ruleGroupKeys...)
	g := model.WAFRuleGroup{Path: d.where(n.path)}
	g.Name, _ = d.ruleName(n, "Name")
	g.ID, _ = n.req("Id")
	var arn wafARN
	var arnOK bool
	g.ARN, arn, arnOK = n.arn("ARN", "rulegroup")
	if arnOK && g.Name != "" && arn.name != g.Name {
		d.warn(n.at("ARN"), "names the rule group "+arn.name+", not "+g.Name)
	}
	g.Description = n.opt("Description")
	g.Capacity, _ = n.reqInteger("Capacity", 1, 1<<31-1)
	g.LabelNamespace = n.opt("LabelNamespace")
	if g.LabelNamespace == "" && arnOK {
		g.LabelNamespace = arn.labelNamespace()
	}
	if !n.has("VisibilityConfig") {
		d.warn(n.at("VisibilityConfig"), "is required by AWS; missing (it does not affect verdicts)")
	}
	g.Rules = d.rules(n, "Rules", ctxGroup)
	d.doc.RuleGroups = append(d.doc.RuleGroups, g)
}
