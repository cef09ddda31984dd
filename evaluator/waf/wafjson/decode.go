package wafjson

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/netverdict/netverdict/evaluator/awsjson"
	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
	"github.com/netverdict/netverdict/evaluator/model"
)

// Encoding says how a ByteMatchStatement's SearchString is written in a
// document. AWS's API types it as a blob, so the API and the CLI's get-*
// outputs print it base64-encoded, while the console's JSON view and CLI
// input files hold plain text (reference section 4.4). The two cannot be
// told apart reliably ("POST" is valid base64), so the caller says which.
type Encoding uint8

const (
	// Base64 is the default: the document is API or CLI output.
	Base64 Encoding = iota
	// Raw means the search strings are plain text (console JSON, CLI input
	// files, the WAF developer guide's examples).
	Raw
)

// String returns "base64" or "raw".
func (e Encoding) String() string {
	switch e {
	case Base64:
		return "base64"
	case Raw:
		return "raw"
	}
	return fmt.Sprintf("Encoding(%d)", uint8(e))
}

// Options tune Decode. The zero value reads API/CLI output.
type Options struct {
	// SearchStringEncoding is how ByteMatchStatement.SearchString is
	// written; Base64 (the zero value) unless the caller knows better.
	SearchStringEncoding Encoding
}

// Document is what one WAF v2 document holds, as model types, in document
// order.
type Document struct {
	// Source is the document name given to Decode.
	Source           string
	WebACLs          []model.WebACL
	IPSets           []model.IPSet
	RegexPatternSets []model.RegexPatternSet
	RuleGroups       []model.WAFRuleGroup
	Associations     []model.WebACLAssociation
	// Rules are the rules of a bare rules file (the JSON array given to
	// create-web-acl --rules, or one rule object), not attached to any
	// web ACL; they are validated as a web ACL's rules.
	Rules []model.WAFRule
}

// ErrNotWAF is wrapped by the error Decode returns for a document that is
// not a WAF v2 document (including an AWS Network Firewall rule group), so
// a caller can try another importer.
var ErrNotWAF = errors.New("not an AWS WAF v2 document")

// notWAFError is an *awsjson.Error that also wraps ErrNotWAF.
type notWAFError struct{ e *awsjson.Error }

func (e notWAFError) Error() string   { return e.e.Error() }
func (e notWAFError) Unwrap() []error { return []error{e.e, ErrNotWAF} }

// topKeys are the top-level keys of the documents Decode reads.
var topKeys = []string{"WebACL", "IPSet", "RegexPatternSet", "RuleGroup", "WebACLAssociations"}

// ignoredTopKeys are top-level keys of those documents that carry nothing
// the evaluator needs.
var ignoredTopKeys = []string{"LockToken", "ApplicationIntegrationURL", "NextMarker", "NextToken"}

// decoder reads one document.
type decoder struct {
	*jsonwalk.Problems
	warns []awsjson.Warning
	opts  Options
	doc   Document
	// badPriority holds the paths of rules whose Priority was reported
	// invalid, left out of the duplicate check.
	badPriority map[string]bool
}

// Decode imports one AWS WAF v2 JSON document named name (a file name, used
// in messages). See the package documentation for the shapes it reads.
//
// It returns warnings for what it accepted but ignored or changed. On error
// the Document is nil and the error is an *awsjson.Error, or several joined
// with errors.Join (at most awsjson.MaxErrors and a count of the rest). A
// valid JSON document that is not a WAF v2 document returns an error
// wrapping ErrNotWAF.
func Decode(name string, data []byte, opts Options) (*Document, []awsjson.Warning, error) {
	if opts.SearchStringEncoding > Raw {
		return nil, nil, &awsjson.Error{Doc: name, Msg: "invalid Options.SearchStringEncoding " + opts.SearchStringEncoding.String()}
	}
	v, err := parse(name, data)
	if err != nil {
		return nil, nil, err
	}
	d := &decoder{opts: opts, badPriority: map[string]bool{}}
	d.Problems = jsonwalk.NewProblems(
		func(path, value, msg string) error {
			return &awsjson.Error{Doc: name, Path: path, Value: value, Msg: msg}
		},
		func(path, msg string) { d.warns = append(d.warns, awsjson.Warning{Doc: name, Path: path, Msg: msg}) })
	d.doc.Source = name
	switch v := v.(type) {
	case []any:
		// create-web-acl --rules file: a JSON array of Rule.
		for i, it := range v {
			n := d.Object(it, jsonwalk.Index("", i))
			if !n.OK() {
				continue
			}
			if k := firstKey(n, topKeys); k != "" {
				// jq -s . instead of jq -s add.
				d.Report(n.Path, k, "is a WAF document, not a rule: merge get-* outputs into one object with `jq -s add`, not into an array")
				continue
			}
			d.doc.Rules = append(d.doc.Rules, d.rule(n, ctxACL))
		}
		if len(d.doc.Rules) == len(v) {
			d.checkRules(d.doc.Rules, "")
		}
	case map[string]any:
		if err := d.top(jsonwalk.Node{Problems: d.Problems, Map: v}); err != nil {
			return nil, nil, err
		}
	default:
		return nil, nil, notWAF(name, "", "the top level is "+jsonwalk.Kind(v)+", not an object or an array of rules")
	}
	if err := d.Err(); err != nil {
		return nil, d.warns, err
	}
	return &d.doc, d.warns, nil
}

// notWAF is the error for a document that is not a WAF v2 document.
func notWAF(doc, path, msg string) error {
	return notWAFError{&awsjson.Error{Doc: doc, Path: path, Msg: "not an AWS WAF v2 document: " + msg}}
}

// top reads a top-level object: one or more get-* outputs (merged with
// `jq -s add`), netverdict's association document, or one bare rule. It
// returns an error only for a document that is not WAF v2 at all.
func (d *decoder) top(n jsonwalk.Node) error {
	rg, _ := n.Map["RuleGroup"].(map[string]any)
	if _, nfw := rg["RulesSource"]; nfw || n.Has("RuleGroupResponse") {
		return notWAF(d.doc.Source, "RuleGroup", "this is an AWS Network Firewall rule group (RulesSource/RuleGroupResponse); import it with the Network Firewall importer")
	}
	switch {
	case firstKey(n, topKeys) != "":
	case n.Has("Statement"):
		// One rule, as the WAF developer guide prints them.
		r := d.rule(n, ctxACL)
		d.doc.Rules = append(d.doc.Rules, r)
		return nil
	case n.Has("ResourceArns"):
		d.Report("ResourceArns", "", `list-resources-for-web-acl output does not name the web ACL: wrap it as {"WebACLAssociations": [{"WebACLArn": "<web ACL ARN>", "ResourceArn": "<resource ARN>"}, ...]}`)
		return nil
	case n.Has("DefaultAction"):
		d.Report("", "", `looks like create-web-acl input (a web ACL without the "WebACL" wrapper, Id and ARN): import the get-web-acl output, or wrap it as {"WebACL": {...}} with Id and ARN`)
		return nil
	case n.Has("WebACLs"):
		d.Report("WebACLs", "", "list-web-acls output holds summaries without rules: import each web ACL's get-web-acl output")
		return nil
	default:
		return notWAF(d.doc.Source, "", "no top-level key "+strings.Join(topKeys, ", ")+" and not a rule ("+jsonwalk.KeysText(n.Map)+")")
	}
	if a := n.Object("WebACL"); a.OK() {
		d.webACL(a)
	}
	if s := n.Object("IPSet"); s.OK() {
		d.ipSet(s)
	}
	if s := n.Object("RegexPatternSet"); s.OK() {
		d.regexPatternSet(s)
	}
	if g := n.Object("RuleGroup"); g.OK() {
		d.ruleGroup(g)
	}
	if n.Has("WebACLAssociations") {
		d.associations(n)
		if n.Has("ResourceArns") {
			d.Warn("ResourceArns", "ignored: WebACLAssociations names the associations")
		}
	}
	for _, k := range jsonwalk.SortedKeys(n.Map) {
		switch {
		case slices.Contains(topKeys, k), slices.Contains(ignoredTopKeys, k), k == "ResourceArns" && n.Has("WebACLAssociations"):
		default:
			d.Warn(k, "unknown top-level field, ignored")
		}
	}
	return nil
}

// firstKey returns the first of keys that n has, or "".
func firstKey(n jsonwalk.Node, keys []string) string {
	for _, k := range keys {
		if n.Has(k) {
			return k
		}
	}
	return ""
}

// parse parses the whole document. Malformed JSON is an error with its line,
// column and byte offset.
func parse(name string, data []byte) (any, error) {
	v, se := jsonwalk.Parse(data)
	if se != nil {
		return nil, &awsjson.Error{Doc: name, Msg: se.Msg}
	}
	return v, nil
}

// where is the document name and path, the form model paths take.
func (d *decoder) where(path string) string {
	if path == "" {
		return d.doc.Source
	}
	return d.doc.Source + ": " + path
}
