package waf

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/gaissmai/bart"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/waf/detect"
	"github.com/netverdict/netverdict/evaluator/waf/transform"
)

// node is a compiled statement. Only the fields of its kind are set.
type node struct {
	kind model.WAFStatementKind
	path string

	// Field statements (byte, regex, regex set, size, SQLi, XSS).
	slot      int32 // index of the (component, transformation chain) pair
	field     *fieldSpec
	chainText string // "LOWERCASE, URL_DECODE"; "" = none

	search  []byte             // ByteMatch
	pos     detect.Positional  // ByteMatch
	posText string             // PositionalConstraint as written
	re      *regexp.Regexp     // RegexMatch
	set     *regexSet          // RegexPatternSetReference; nil = not in the config
	op      string             // SizeConstraint ComparisonOperator
	size    int64              // SizeConstraint
	sens    detect.Sensitivity // SqliMatch
	sensTxt string

	ips *ipSet     // IPSetReference; nil = not in the config
	ref string     // IPSet / RegexPatternSet ARN, for reasons
	fwd *fwdConfig // IPSet/Geo/ASN ForwardedIP; nil = client IP

	countries []string // GeoMatch
	asns      []int64  // AsnMatch

	key       string // LabelMatch
	namespace bool

	kids []*node // And, Or, Not

	rateLimit, window int64 // RateBased
	aggregate         string
	scope             *node // RateBased ScopeDownStatement
}

// ipSet is a compiled IP set: one bart table, so a lookup costs the
// prefix length whatever the set's size (§4.8: up to 10,000 CIDRs).
type ipSet struct {
	name, arn string
	table     bart.Lite
}

// regexSet is a compiled regex pattern set; any pattern matching is a
// match (§4.3).
type regexSet struct {
	name, arn string
	res       []*regexp.Regexp
	patterns  []string
}

// slotSpec is one distinct (component, transformation chain) pair of a
// web ACL; Scratch caches its transformed values once per request.
type slotSpec struct {
	field *fieldSpec
	chain transform.Chain
}

// ruleInfo collects what a rule needs besides its statement tree.
type ruleInfo struct {
	fwdHeaders []string // headers whose absence skips the rule (§4.8)
	geo        []*node  // geo statements: they label every inspected request (§4.6)
}

// compileStmt compiles st; top says st is a rule's statement (where
// rate-based statements may appear).
func (c *compiler) compileStmt(st *model.WAFStatement, top bool, info *ruleInfo) (*node, error) {
	if st == nil {
		return nil, fmt.Errorf("statement missing")
	}
	path := st.Path
	if path == "" {
		path = st.Kind.String()
	}
	n := &node{kind: st.Kind, path: path, slot: -1}
	var err error
	switch st.Kind {
	case model.WAFByteMatch, model.WAFRegexMatch, model.WAFRegexPatternSetReference,
		model.WAFSizeConstraint, model.WAFSqliMatch, model.WAFXssMatch:
		if err := c.compileFieldStmt(n, st); err != nil {
			return nil, err
		}
	case model.WAFIPSetReference:
		n.ref = st.ARN
		n.ips = c.ipsets[st.ARN]
		if n.fwd, err = compileFwd(path+".IPSetForwardedIPConfig", st.ForwardedIP, true); err != nil {
			return nil, err
		}
	case model.WAFGeoMatch:
		if len(st.CountryCodes) == 0 {
			return nil, fmt.Errorf("%s.CountryCodes: empty", path)
		}
		for i, cc := range st.CountryCodes {
			if len(cc) != 2 || !upperAlpha(cc) {
				return nil, fmt.Errorf("%s.CountryCodes[%d]: %q is not an ISO 3166 alpha-2 code", path, i, cc)
			}
		}
		n.countries = st.CountryCodes
		if n.fwd, err = compileFwd(path+".ForwardedIPConfig", st.ForwardedIP, false); err != nil {
			return nil, err
		}
		info.geo = append(info.geo, n)
	case model.WAFAsnMatch:
		if len(st.ASNs) == 0 {
			return nil, fmt.Errorf("%s.AsnList: empty", path)
		}
		for i, a := range st.ASNs {
			if a < 0 || a > 1<<32-1 {
				return nil, fmt.Errorf("%s.AsnList[%d]: %d is not an AS number", path, i, a)
			}
		}
		n.asns = st.ASNs
		if n.fwd, err = compileFwd(path+".ForwardedIPConfig", st.ForwardedIP, false); err != nil {
			return nil, err
		}
	case model.WAFLabelMatch:
		switch st.LabelScope {
		case "LABEL":
		case "NAMESPACE":
			n.namespace = true
			if !strings.HasSuffix(st.LabelKey, ":") {
				return nil, fmt.Errorf("%s.Key: namespace %q must end with ':'", path, st.LabelKey)
			}
		default:
			return nil, fmt.Errorf("%s.Scope: unknown value %q", path, st.LabelScope)
		}
		if st.LabelKey == "" || st.LabelKey == ":" {
			return nil, fmt.Errorf("%s.Key: empty", path)
		}
		n.key = st.LabelKey
	case model.WAFAnd, model.WAFOr, model.WAFNot:
		if st.Kind == model.WAFNot && len(st.Statements) != 1 {
			return nil, fmt.Errorf("%s.Statement: want exactly one statement, got %d", path, len(st.Statements))
		}
		if len(st.Statements) == 0 {
			return nil, fmt.Errorf("%s.Statements: empty", path)
		}
		for i, k := range st.Statements {
			if k == nil {
				return nil, fmt.Errorf("%s.Statements[%d]: missing", path, i)
			}
			kn, err := c.compileStmt(k, false, info)
			if err != nil {
				return nil, err
			}
			n.kids = append(n.kids, kn)
		}
	case model.WAFRateBased:
		if !top {
			return nil, fmt.Errorf("%s: a RateBasedStatement cannot be nested", path)
		}
		n.rateLimit, n.window, n.aggregate = st.RateLimit, st.EvaluationWindowSec, st.AggregateKeyType
		if n.window == 0 {
			n.window = 300
		}
		switch st.AggregateKeyType {
		case "IP", "CONSTANT", "CUSTOM_KEYS":
		case "FORWARDED_IP":
			fwd, err := compileFwd(path+".ForwardedIPConfig", st.ForwardedIP, false)
			if err != nil {
				return nil, err
			}
			if fwd == nil {
				return nil, fmt.Errorf("%s.ForwardedIPConfig: required with AggregateKeyType FORWARDED_IP", path)
			}
			// A request without the header is omitted from the rule (§4.3).
			info.fwdHeaders = appendHeader(info.fwdHeaders, fwd.header)
		default:
			return nil, fmt.Errorf("%s.AggregateKeyType: unknown value %q", path, st.AggregateKeyType)
		}
		if st.ScopeDown != nil {
			if n.scope, err = c.compileStmt(st.ScopeDown, false, info); err != nil {
				return nil, err
			}
		}
	case model.WAFManagedRuleGroup, model.WAFRuleGroupReference:
		return nil, fmt.Errorf("%s: a %v is only allowed as a web ACL rule's statement", path, st.Kind)
	default:
		return nil, fmt.Errorf("%s: missing or unknown statement (%v)", path, st.Kind)
	}
	if n.fwd != nil {
		info.fwdHeaders = appendHeader(info.fwdHeaders, n.fwd.header)
	}
	return n, nil
}

func appendHeader(list []string, h string) []string {
	for _, x := range list {
		if equalFold(x, h) {
			return list
		}
	}
	return append(list, h)
}

func upperAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func compileFwd(path string, f *model.WAFForwardedIPConfig, ipset bool) (*fwdConfig, error) {
	if f == nil {
		return nil, nil
	}
	if f.HeaderName == "" {
		return nil, fmt.Errorf("%s.HeaderName: missing", path)
	}
	fc := &fwdConfig{header: f.HeaderName}
	switch f.FallbackBehavior {
	case "MATCH":
		fc.fallbackMatch = true
	case "NO_MATCH":
	default:
		return nil, fmt.Errorf("%s.FallbackBehavior: unknown value %q", path, f.FallbackBehavior)
	}
	switch {
	case f.Position == "FIRST" && ipset, f.Position == "" && !ipset:
		fc.pos = posFirst
	case f.Position == "LAST" && ipset:
		fc.pos = posLast
	case f.Position == "ANY" && ipset:
		fc.pos = posAny
	default:
		return nil, fmt.Errorf("%s.Position: unknown value %q", path, f.Position)
	}
	return fc, nil
}

var sizeOps = map[string]string{
	"EQ": "equal to", "NE": "not equal to", "LE": "at most", "LT": "less than", "GE": "at least", "GT": "greater than",
}

// maxSize is SizeConstraint's Size maximum (§4.3).
const maxSize = 21474836480

func (c *compiler) compileFieldStmt(n *node, st *model.WAFStatement) error {
	path := n.path
	fs, err := compileField(path, &st.Field, st.PreParseTransformations)
	if err != nil {
		return err
	}
	chain, err := compileChain(path, "TextTransformations", st.Transformations)
	if err != nil {
		return err
	}
	n.field = fs
	n.chainText = strings.ReplaceAll(chain.Key(), ",", ", ")
	n.slot = c.slotFor(fs, chain)
	fingerprint := fs.kind == model.WAFFieldJA3Fingerprint || fs.kind == model.WAFFieldJA4Fingerprint
	if fingerprint && st.Kind != model.WAFByteMatch {
		return fmt.Errorf("%s.FieldToMatch.%v: only a ByteMatchStatement can inspect it", path, fs.kind)
	}
	switch st.Kind {
	case model.WAFByteMatch:
		if n.pos, err = detect.ParsePositional(st.PositionalConstraint); err != nil {
			return fmt.Errorf("%s.PositionalConstraint: unknown value %q", path, st.PositionalConstraint)
		}
		if fingerprint && st.PositionalConstraint != "EXACTLY" {
			return fmt.Errorf("%s.PositionalConstraint: %v needs EXACTLY, not %q", path, fs.kind, st.PositionalConstraint)
		}
		if st.PositionalConstraint == "CONTAINS_WORD" && !detect.ValidWord(st.SearchString) {
			return fmt.Errorf("%s.SearchString: %q: CONTAINS_WORD needs letters, digits and '_' only", path, st.SearchString)
		}
		n.search, n.posText = st.SearchString, st.PositionalConstraint
	case model.WAFRegexMatch:
		re, err := compileRegex(st.RegexString)
		if err != nil {
			return fmt.Errorf("%s.RegexString: %q: %w", path, st.RegexString, err)
		}
		n.re = re
	case model.WAFRegexPatternSetReference:
		n.ref = st.ARN
		n.set = c.regexSets[st.ARN]
		if err := c.regexErrs[st.ARN]; err != nil {
			return fmt.Errorf("%s.ARN: regex pattern set %s: %w", path, st.ARN, err)
		}
	case model.WAFSizeConstraint:
		if _, ok := sizeOps[st.ComparisonOperator]; !ok {
			return fmt.Errorf("%s.ComparisonOperator: unknown value %q", path, st.ComparisonOperator)
		}
		if st.Size < 0 || st.Size > maxSize {
			return fmt.Errorf("%s.Size: %d is out of range 0..%d", path, st.Size, int64(maxSize))
		}
		n.op, n.size = st.ComparisonOperator, st.Size
	case model.WAFSqliMatch:
		if n.sens, err = detect.ParseSensitivity(st.SensitivityLevel); err != nil {
			return fmt.Errorf("%s.SensitivityLevel: unknown value %q", path, st.SensitivityLevel)
		}
		n.sensTxt = st.SensitivityLevel
	}
	return nil
}

// compileRegex compiles a WAF regex with Go's RE2 (see the package doc's
// Regex section).
func compileRegex(s string) (*regexp.Regexp, error) {
	if s == "" {
		return nil, fmt.Errorf("empty pattern")
	}
	return regexp.Compile(s)
}

func (c *compiler) slotFor(fs *fieldSpec, chain transform.Chain) int32 {
	key := fs.key + "#" + chain.Key()
	if i, ok := c.slots[key]; ok {
		return i
	}
	i := int32(len(c.specs))
	c.slots[key] = i
	c.specs = append(c.specs, slotSpec{field: fs, chain: chain})
	return i
}

// sizeOK applies a SizeConstraint.
func sizeOK(op string, n, size int64) bool {
	switch op {
	case "EQ":
		return n == size
	case "NE":
		return n != size
	case "LE":
		return n <= size
	case "LT":
		return n < size
	case "GE":
		return n >= size
	case "GT":
		return n > size
	}
	return false
}
