package configload

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/netverdict/netverdict/evaluator/awsjson"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/nfw/nfwjson"
	"github.com/netverdict/netverdict/evaluator/routes"
	"github.com/netverdict/netverdict/evaluator/waf/wafjson"
)

// importer is one AWS document importer and the top-level keys that send
// a document to it.
type importer struct {
	name   string
	wants  func(top map[string]json.RawMessage) bool
	decode func(d Document) (*model.Config, []awsjson.Warning, error)
}

// importers are tried in order; every one that wants a document reads it
// (a `jq -s add` of several outputs may hold documents of several kinds),
// and their configs are merged.
var importers = []importer{
	{"EC2", func(top map[string]json.RawMessage) bool {
		for k := range top {
			if awsjson.Handles(k) {
				return true
			}
		}
		return false
	}, func(d Document) (*model.Config, []awsjson.Warning, error) {
		return awsjson.Decode(d.Name, d.Data)
	}},
	{"route tables", func(top map[string]json.RawMessage) bool {
		return top["RouteTables"] != nil || top["RouteTable"] != nil
	}, func(d Document) (*model.Config, []awsjson.Warning, error) {
		ts, w, err := routes.Decode(d.Name, d.Data)
		if err != nil {
			return nil, w, err
		}
		return &model.Config{RouteTables: ts, Source: d.Name}, w, nil
	}},
	{"Network Firewall", isNFW, decodeNFW},
	{"WAF", isWAF, decodeWAF},
}

// isWAF reports whether a document is WAF v2 output (get-web-acl,
// get-ip-set, get-regex-pattern-set, a WAF get-rule-group) or netverdict's
// WebACLAssociations document.
func isWAF(top map[string]json.RawMessage) bool {
	if top["WebACL"] != nil || top["IPSet"] != nil || top["RegexPatternSet"] != nil || top["WebACLAssociations"] != nil {
		return true
	}
	return top["RuleGroup"] != nil && !isNFW(top)
}

func decodeWAF(d Document) (*model.Config, []awsjson.Warning, error) {
	opts := wafjson.Options{}
	if d.WAFRawSearchStrings {
		opts.SearchStringEncoding = wafjson.Raw
	}
	doc, w, err := wafjson.Decode(d.Name, d.Data, opts)
	if err != nil {
		return nil, w, err
	}
	if len(doc.Rules) > 0 && len(doc.WebACLs) == 0 && len(doc.RuleGroups) == 0 {
		return nil, w, &awsjson.Error{Doc: d.Name, Msg: "holds WAF rules without their web ACL: give aws wafv2 get-web-acl output"}
	}
	return &model.Config{Source: d.Name, WebACLs: doc.WebACLs, IPSets: doc.IPSets, RegexPatternSets: doc.RegexPatternSets,
		WAFRuleGroups: doc.RuleGroups, WebACLAssociations: doc.Associations}, w, nil
}

// isNFW reports whether a document is Network Firewall output:
// describe-firewall, describe-firewall-policy, a Network Firewall
// describe-rule-group (its RuleGroup has RulesSource; a WAF rule group has
// Rules), or their bare shapes.
func isNFW(top map[string]json.RawMessage) bool {
	if top["Firewall"] != nil || top["FirewallPolicy"] != nil || top["RuleGroupResponse"] != nil ||
		top["StatelessDefaultActions"] != nil || top["StatelessRuleGroupReferences"] != nil || top["RulesSource"] != nil {
		return true
	}
	if rg := top["RuleGroup"]; rg != nil {
		var g map[string]json.RawMessage
		return json.Unmarshal(rg, &g) == nil && g["RulesSource"] != nil
	}
	return false
}

func decodeNFW(d Document) (*model.Config, []awsjson.Warning, error) {
	doc, w, err := nfwjson.Decode(d.Name, d.Data)
	if err != nil {
		return nil, w, err
	}
	cfg := &model.Config{Source: d.Name}
	switch {
	case doc.Firewall != nil:
		cfg.Firewalls = []model.Firewall{*doc.Firewall}
	case doc.Policy != nil:
		cfg.FirewallPolicies = []model.FirewallPolicy{*doc.Policy}
	case doc.RuleGroup != nil:
		cfg.FirewallRuleGroups = []model.FirewallRuleGroup{*doc.RuleGroup}
	}
	return cfg, w, nil
}

// decodeAWS imports an AWS document with every importer that recognises
// its top-level keys.
func decodeAWS(d Document) (*model.Config, []awsjson.Warning, error) {
	var top map[string]json.RawMessage
	if json.Unmarshal(bytes.TrimPrefix(d.Data, utf8BOM), &top) != nil || top == nil {
		// Not a JSON object: awsjson reports it precisely.
		return awsjson.Decode(d.Name, d.Data)
	}
	var (
		parts []*model.Config
		warns []awsjson.Warning
		errs  []error
	)
	for _, im := range importers {
		if !im.wants(top) {
			continue
		}
		cfg, w, err := im.decode(d)
		warns = append(warns, w...)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		parts = append(parts, cfg)
	}
	if len(errs) > 0 {
		return nil, warns, errors.Join(errs...)
	}
	if len(parts) == 0 {
		keys := make([]string, 0, len(top))
		for k := range top {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if len(keys) > 8 {
			keys = append(keys[:8], "…")
		}
		return nil, nil, &awsjson.Error{Doc: d.Name, Msg: "not a document netverdict reads: no top-level key of an AWS output it imports (EC2: SecurityGroups, SecurityGroupRules, NetworkAcls, NetworkInterfaces, Subnets, Vpcs, PrefixLists; RouteTables; Network Firewall: Firewall, FirewallPolicy, RuleGroup; WAF: WebACL, IPSet, RegexPatternSet, RuleGroup, WebACLAssociations) or of a netverdict NetworkConfig; it has " + strings.Join(keys, ", ")}
	}
	if len(parts) == 1 {
		return parts[0], warns, nil
	}
	cfg, w, err := awsjson.Merge(parts)
	cfg.Source = d.Name
	return cfg, append(warns, w...), err
}
