package wafjson

import (
	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
	"github.com/netverdict/netverdict/evaluator/model"
)

// ruleGroupKeys are the members of a WAF RuleGroup (reference section 4.1);
// those not read do not affect verdicts.
var ruleGroupKeys = []string{"Name", "Id", "Capacity", "ARN", "Description", "Rules", "VisibilityConfig", "LabelNamespace", "CustomResponseBodies", "AvailableLabels", "ConsumedLabels"}

// ruleGroup reads wafv2 get-rule-group's RuleGroup. (A Network Firewall
// rule group was turned away before.)
func (d *decoder) ruleGroup(n jsonwalk.Node) {
	if !n.Has("Rules") && !n.Has("VisibilityConfig") && !n.Has("Capacity") {
		d.Report(n.Path, "", "is neither a WAF rule group (Rules, VisibilityConfig, Capacity) nor a Network Firewall one (RulesSource)")
		return
	}
	n.Lenient(ruleGroupKeys...)
	g := model.WAFRuleGroup{Path: d.where(n.Path)}
	g.Name, _ = d.ruleName(n, "Name")
	g.ID, _ = n.Req("Id")
	var arn wafARN
	var arnOK bool
	g.ARN, arn, arnOK = readARN(n, "ARN", "rulegroup")
	if arnOK && g.Name != "" && arn.name != g.Name {
		d.Warn(n.At("ARN"), "names the rule group "+arn.name+", not "+g.Name)
	}
	g.Description = n.Opt("Description")
	g.Capacity, _ = n.ReqNumber("Capacity", 1, 1<<31-1)
	g.LabelNamespace = n.Opt("LabelNamespace")
	if g.LabelNamespace == "" && arnOK {
		g.LabelNamespace = arn.labelNamespace()
	}
	if !n.Has("VisibilityConfig") {
		d.Warn(n.At("VisibilityConfig"), "is required by AWS; missing (it does not affect verdicts)")
	}
	g.Rules = d.rules(n, "Rules", ctxGroup)
	d.doc.RuleGroups = append(d.doc.RuleGroups, g)
}
