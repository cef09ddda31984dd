package awsjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/netverdict/netverdict/evaluator/model"
)

// decoder reads one document into a merger.
type decoder struct {
	problems
	m          *merger
	sawEntries bool // the top-level Entries key was imported
}

// origin is where an object came from, for conflict warnings.
func (d *decoder) origin(path string) origin { return origin{doc: d.doc, path: path} }

// documentKeys are the top-level keys Decode imports, in the order it
// imports them.
var documentKeys = []struct {
	key    string
	decode func(d *decoder, root node, raw any)
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

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

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
	d := &decoder{problems: problems{doc: name}}
	d.m = newMerger(&d.warns)
	root := node{p: &d.problems, m: top}

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
		d.errorf("PrefixListId", "", "is given without Entries: expected get-managed-prefix-list-entries output with its list id added")
	}
	for _, k := range OtherImporterKeys {
		if _, ok := top[k]; ok {
			recognised = true
		}
	}
	for _, k := range laterKeys {
		if _, ok := top[k]; ok {
			recognised = true
			d.warn(k, "not supported yet, ignored")
		}
	}
	if !recognised {
		keys := make([]string, 0, len(top))
		for k := range top {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		found := "it has no keys"
		if len(keys) > 0 {
			if len(keys) > 8 {
				keys = append(keys[:8], "…")
			}
			found = "it has " + strings.Join(keys, ", ")
		}
		return nil, nil, &Error{Doc: name, Msg: "not an AWS CLI document: no top-level key " + expectedKeys + " (" + found + ")", err: ErrNotAWS}
	}
	if err := d.err(); err != nil {
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
	skip := 0
	if bytes.HasPrefix(data, utf8BOM) {
		skip = len(utf8BOM)
	}
	doc := data[skip:]
	if !json.Valid(doc) {
		// Unmarshal's validity check gives the syntax error and its offset.
		err := json.Unmarshal(doc, new(any))
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, syntaxError(name, data, skip+int(se.Offset), se)
		}
		return nil, &Error{Doc: name, Msg: "invalid JSON", err: err}
	}
	// One parse of the whole document; numbers keep their text.
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, &Error{Doc: name, Msg: "invalid JSON: " + err.Error(), err: err}
	}
	top, ok := v.(map[string]any)
	if !ok {
		return nil, &Error{Doc: name, Msg: "not an AWS CLI document: the top level is " + jsonKind(v) + ", not an object", err: ErrNotAWS}
	}
	return top, nil
}

// syntaxError locates a JSON syntax error by line, column and byte offset.
func syntaxError(name string, data []byte, off int, se *json.SyntaxError) error {
	// encoding/json's offset counts the offending byte; report that byte's
	// position (0-based offset, 1-based line and column).
	pos := min(max(off-1, 0), len(data))
	line := bytes.Count(data[:pos], []byte{'\n'}) + 1
	col := pos - (bytes.LastIndexByte(data[:pos], '\n') + 1) + 1
	return &Error{
		Doc: name,
		Msg: fmt.Sprintf("invalid JSON at line %d, column %d (byte offset %d): %s", line, col, pos, se.Error()),
		err: se,
	}
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
