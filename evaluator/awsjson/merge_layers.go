package awsjson

import (
	"reflect"

	"github.com/netverdict/netverdict/evaluator/model"
)

// layerTables holds the objects of the route, Network Firewall and WAF
// layers during a merge. They come from their own importers (routes,
// nfwjson, wafjson) and merge whole, by id: a later different version wins
// with a warning, like a VPC.
type layerTables struct {
	routeTables   table[model.RouteTable]
	firewalls     table[model.Firewall]
	fwPolicies    table[model.FirewallPolicy]
	fwGroups      table[model.FirewallRuleGroup]
	webACLs       table[model.WebACL]
	ipSets        table[model.IPSet]
	regexSets     table[model.RegexPatternSet]
	wafGroups     table[model.WAFRuleGroup]
	wafAssociated table[model.WebACLAssociation]
}

// deepEqual compares whole objects. These objects are few per config, so
// reflection costs nothing that matters and stays right when fields are
// added.
func deepEqual[T any](a, b *T) bool { return reflect.DeepEqual(a, b) }

// same returns v: merged objects are not modified afterwards, so sharing
// their slices with the input is safe.
func same[T any](v T) T { return v }

func (m *merger) putLayers(c *model.Config, o origin) {
	l := &m.layers
	for _, v := range c.RouteTables {
		putWhole(m, &l.routeTables, "route table", v.ID, v, o, deepEqual, same)
	}
	for _, v := range c.Firewalls {
		putWhole(m, &l.firewalls, "firewall", v.ARN, v, o, deepEqual, same)
	}
	for _, v := range c.FirewallPolicies {
		putWhole(m, &l.fwPolicies, "firewall policy", v.ARN, v, o, deepEqual, same)
	}
	for _, v := range c.FirewallRuleGroups {
		putWhole(m, &l.fwGroups, "firewall rule group", v.ARN, v, o, deepEqual, same)
	}
	for _, v := range c.WebACLs {
		putWhole(m, &l.webACLs, "web ACL", v.ARN, v, o, deepEqual, same)
	}
	for _, v := range c.IPSets {
		putWhole(m, &l.ipSets, "IP set", v.ARN, v, o, deepEqual, same)
	}
	for _, v := range c.RegexPatternSets {
		putWhole(m, &l.regexSets, "regex pattern set", v.ARN, v, o, deepEqual, same)
	}
	for _, v := range c.WAFRuleGroups {
		putWhole(m, &l.wafGroups, "WAF rule group", v.ARN, v, o, deepEqual, same)
	}
	// A resource has at most one web ACL: associations merge by resource.
	for _, v := range c.WebACLAssociations {
		putWhole(m, &l.wafAssociated, "web ACL association of", v.ResourceARN, v, o, deepEqual, same)
	}
}

func (m *merger) layerConfig(cfg *model.Config) {
	l := &m.layers
	cfg.RouteTables = l.routeTables.items
	cfg.Firewalls = l.firewalls.items
	cfg.FirewallPolicies = l.fwPolicies.items
	cfg.FirewallRuleGroups = l.fwGroups.items
	cfg.WebACLs = l.webACLs.items
	cfg.IPSets = l.ipSets.items
	cfg.RegexPatternSets = l.regexSets.items
	cfg.WAFRuleGroups = l.wafGroups.items
	cfg.WebACLAssociations = l.wafAssociated.items
}
