package awsjson

import (
	"slices"

	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
	"github.com/netverdict/netverdict/evaluator/model"
)

// decoder reads one document into a merger.
type decoder struct {
	*jsonwalk.Problems
	name       string    // the document's name
	warns      []Warning // the decoder's warnings and the merger's, in order
	m          *merger
	sawEntries bool // the top-level Entries key was imported
}

// origin is where an object came from, for conflict warnings.
func (d *decoder) origin(path string) origin { return origin{doc: d.name, path: path} }

// documentKeys are the top-level keys Decode imports, in the order it
// imports them.
var documentKeys = []struct {
	key    string
	decode func(d *decoder, root jsonwalk.Node, raw any)
}{
	{"Vpcs", (*decoder).vpcs},
	{"Subnets", (*decoder).subnets},
	{"NetworkInterfaces", (*decoder).networkInterfaces},
	{"SecurityGroups", (*decoder).securityGroups},
	{"SecurityGroupRules", (*decoder).securityGroupRules},
	{"NetworkAcls", (*decoder).networkACLs},
	{"NetworkAcl", (*decoder).networkACL},
	{"PrefixLists", (*decoder).prefixLists},
	{"Entries", (*decoder).prefixListEntries},
}

// laterKeys are top-level keys of AWS outputs that netverdict does not
// import yet: they produce a warning.
//
// Route tables, Network Firewall and WAF documents have importers of
// their own (packages routes, nfw/nfwjson, waf/wafjson), which
// internal/configload calls by their keys; Decode leaves those keys alone.
var laterKeys = []string{
	"InternetGateways", "NatGateways",
	"TransitGateways", "TransitGatewayAttachments", "VpcPeeringConnections",
	"VpcEndpoints", "Reservations", "LoadBalancers", "StaleSecurityGroupSet",
}

// expectedKeys lists the keys an AWS document may have, for the ErrNotAWS
// message.
const expectedKeys = "SecurityGroups, SecurityGroupRules, NetworkAcls, NetworkAcl, NetworkInterfaces, Subnets, Vpcs, PrefixLists, PrefixListId+Entries"

// Decode imports one AWS CLI/API JSON document named name (a file name, used
// in messages) into a Config whose Source is name.
//
// The document is a JSON object; its top-level keys say which outputs it
// holds (see the package documentation), several at once when outputs were
// merged with `jq -s add`. Objects given twice are merged as Merge does.
//
// Decode returns warnings for what it accepted but ignored or changed. On
// error the Config is nil and the error is an *Error, or several *Error
// joined with errors.Join (at most MaxErrors and a count of the rest). A
// document that is valid JSON but has no key of an AWS output returns an
// error wrapping ErrNotAWS.
func Decode(name string, data []byte) (*model.Config, []Warning, error) {
	top, err := parseTop(name, data)
	if err != nil {
		return nil, nil, err
	}
	d := &decoder{name: name}
	d.Problems = newProblems(name, &d.warns)
	d.m = newMerger(&d.warns)
	root := jsonwalk.Node{Problems: d.Problems, Map: top}

	recognised := false
	for _, k := range documentKeys {
		raw, ok := top[k.key]
		if !ok {
			continue
		}
		recognised = true
		k.decode(d, root, raw)
	}
	if _, ok := top["PrefixListId"]; ok && !d.sawEntries {
		recognised = true
		d.Report("PrefixListId", "", "is given without Entries: expected get-managed-prefix-list-entries output with its list id added")
	}
	for _, k := range OtherImporterKeys {
		if _, ok := top[k]; ok {
			recognised = true
		}
	}
	for _, k := range laterKeys {
		if _, ok := top[k]; ok {
			recognised = true
			d.Warn(k, "not supported yet, ignored")
		}
	}
	if !recognised {
		return nil, nil, &Error{Doc: name, Msg: "not an AWS CLI document: no top-level key " + expectedKeys + " (" + jsonwalk.KeysText(top) + ")", err: ErrNotAWS}
	}
	if err := d.Err(); err != nil {
		return nil, d.warns, err
	}
	cfg := d.m.config()
	cfg.Source = name
	return cfg, d.warns, nil
}

// parseTop parses the document's top-level object. Malformed JSON is an
// error with its line, column and byte offset; valid JSON that is not an
// object is not an AWS document.
func parseTop(name string, data []byte) (map[string]any, error) {
	v, se := jsonwalk.Parse(data)
	if se != nil {
		return nil, &Error{Doc: name, Msg: se.Msg, err: se.Err}
	}
	top, ok := v.(map[string]any)
	if !ok {
		return nil, &Error{Doc: name, Msg: "not an AWS CLI document: the top level is " + jsonwalk.Kind(v) + ", not an object", err: ErrNotAWS}
	}
	return top, nil
}

// OtherImporterKeys are the top-level keys of the documents other
// importers read (route tables, Network Firewall, WAF). Decode accepts a
// document that has them and leaves them to those importers.
var OtherImporterKeys = []string{
	"RouteTables", "RouteTable", "Firewall", "FirewallPolicy", "RuleGroup",
	"WebACL", "IPSet", "RegexPatternSet", "WebACLAssociations",
}

// Handles reports whether key is a top-level key Decode imports (or
// warns about), so that a caller dispatching documents to several
// importers knows whether Decode has anything to do.
func Handles(key string) bool {
	for _, k := range documentKeys {
		if k.key == key {
			return true
		}
	}
	return key == "PrefixListId" || slices.Contains(laterKeys, key)
}
