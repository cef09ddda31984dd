package waf

import (
	"cmp"
	"fmt"

	"slices"
	"strings"

	"github.com/netverdict/netverdict/evaluator/geo"
	"github.com/netverdict/netverdict/evaluator/model"
)

// CompileOptions tune Compile.
type CompileOptions struct {
	// Geo resolves GeoMatch and AsnMatch; nil makes them unknown (so
	// INDETERMINATE where they could change the verdict).
	Geo *geo.DB
}

// Set is the compiled web ACLs of a configuration. It is immutable and
// safe for concurrent use.
type Set struct {
	acls       []*ACL
	byARN      map[string]*ACL
	byResource map[string]*ACL
}

// ACL is one compiled web ACL. It is immutable and safe for concurrent
// use; per-request state lives in a Scratch.
type ACL struct {
	arn, name  string
	def        model.WAFActionKind
	rules      []*rule // pre-process groups, rules, post-process groups, each by priority
	bodyLimits []model.WAFBodyLimit
	slots      []slotSpec
	db         *geo.DB
	defReason  string
}

// rule is one compiled rule of a web ACL or rule group.
type rule struct {
	name       string
	priority   int32
	resourceID string // web ACL ARN, rule group ARN, or "vendor/name"
	ctx        int32  // label context: 0 the web ACL, i+1 the i-th group reference
	stmt       *node
	action     model.WAFActionKind // after RuleActionOverrides/ExcludedRules
	overridden bool                // action replaced by the referencing statement
	labels     []string            // fully qualified
	info       ruleInfo
	group      *group // non-nil for a rule group reference
}

// group is a referenced rule group (RuleGroupReference, ManagedRuleGroup,
// Firewall Manager group) at the position of the referencing rule.
type group struct {
	name       string // ARN, or vendor/name for a managed group
	resourceID string
	scopeDown  *node
	scopeInfo  ruleInfo
	override   model.WAFOverrideKind
	rules      []*rule
	missing    string // why the group's rules are unknown; "" = supplied
	namespace  string // label namespace of the group's rules
	ctx        int32
}

// compiler holds what Compile shares across web ACLs.
type compiler struct {
	cfg       *model.Config
	opts      CompileOptions
	ipsets    map[string]*ipSet
	regexSets map[string]*regexSet
	regexErrs map[string]error
	// per web ACL
	slots map[string]int32
	specs []slotSpec
	ctxs  int32
}

// Compile compiles every web ACL of cfg with the IP sets, regex pattern
// sets, rule groups and associations it references. Errors name the
// document path of the offending field and value (a regex RE2 cannot
// compile, an unknown enum value, a rule group override naming no rule).
// References to IP sets, regex pattern sets or rule groups missing from
// cfg are not errors: statements using them are unknown.
func Compile(cfg *model.Config, opts CompileOptions) (*Set, error) {
	c := &compiler{
		cfg:       cfg,
		opts:      opts,
		ipsets:    make(map[string]*ipSet, len(cfg.IPSets)),
		regexSets: make(map[string]*regexSet, len(cfg.RegexPatternSets)),
		regexErrs: map[string]error{},
	}
	for i := range cfg.IPSets {
		s := &cfg.IPSets[i]
		is := &ipSet{name: s.Name, arn: s.ARN}
		for _, p := range s.Addresses {
			is.table.Insert(p.Masked())
		}
		c.ipsets[s.ARN] = is
	}
	for i := range cfg.RegexPatternSets {
		s := &cfg.RegexPatternSets[i]
		rs := &regexSet{name: s.Name, arn: s.ARN, patterns: s.Patterns}
		for j, p := range s.Patterns {
			re, err := compileRegex(p)
			if err != nil {
				c.regexErrs[s.ARN] = fmt.Errorf("RegularExpressionList[%d].RegexString: %q: %w", j, p, err)
				break
			}
			rs.res = append(rs.res, re)
		}
		c.regexSets[s.ARN] = rs
	}
	set := &Set{byARN: map[string]*ACL{}, byResource: map[string]*ACL{}}
	for i := range cfg.WebACLs {
		a, err := c.compileACL(&cfg.WebACLs[i])
		if err != nil {
			return nil, err
		}
		set.acls = append(set.acls, a)
		set.byARN[a.arn] = a
	}
	for _, as := range cfg.WebACLAssociations {
		if a, ok := set.byARN[as.WebACLARN]; ok {
			set.byResource[as.ResourceARN] = a
		}
	}
	return set, nil
}

// ACL returns the web ACL with ARN arn.
func (s *Set) ACL(arn string) (*ACL, bool) {
	a, ok := s.byARN[arn]
	return a, ok
}

// ForResource returns the web ACL associated with a protected resource
// (through the configuration's WebACLAssociations).
func (s *Set) ForResource(resourceARN string) (*ACL, bool) {
	a, ok := s.byResource[resourceARN]
	return a, ok
}

// ACLs returns the web ACLs in configuration order.
func (s *Set) ACLs() []*ACL { return slices.Clone(s.acls) }

// ARN is the web ACL's ARN.
func (a *ACL) ARN() string { return a.arn }

// Name is the web ACL's name.
func (a *ACL) Name() string { return a.name }

func aclPath(w *model.WebACL) string {
	if w.Path != "" {
		return w.Path
	}
	return "WebACL " + w.Name
}

// webACLNamespace derives "awswaf:<account>:webacl:<name>:" from the ARN
// when the document does not give LabelNamespace (§4.6).
func webACLNamespace(w *model.WebACL) string {
	if w.LabelNamespace != "" {
		return w.LabelNamespace
	}
	return "awswaf:" + arnAccount(w.ARN) + ":webacl:" + w.Name + ":"
}

func arnAccount(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) == 6 {
		return parts[4]
	}
	return ""
}

func (c *compiler) compileACL(w *model.WebACL) (*ACL, error) {
	c.slots, c.specs, c.ctxs = map[string]int32{}, nil, 0
	path := aclPath(w)
	a := &ACL{arn: w.ARN, name: w.Name, def: w.DefaultAction.Kind, bodyLimits: w.BodyLimits, db: c.opts.Geo}
	switch a.def {
	case model.WAFAllow, model.WAFBlock:
	default:
		return nil, fmt.Errorf("%s.DefaultAction: must be Allow or Block, not %v", path, a.def)
	}
	a.defReason = fmt.Sprintf("No rule terminated: default action %v of web ACL %s", a.def, w.Name)
	ns := webACLNamespace(w)
	for _, list := range [][]model.WAFRule{w.PreProcessRuleGroups, w.Rules, w.PostProcessRuleGroups} {
		sorted, err := byPriority(path, list)
		if err != nil {
			return nil, err
		}
		for _, r := range sorted {
			cr, err := c.compileRule(r, w.ARN, ns, 0, true, nil)
			if err != nil {
				return nil, err
			}
			a.rules = append(a.rules, cr)
		}
	}
	a.slots = c.specs
	return a, nil
}

// byPriority sorts rules by Priority, rejecting duplicates (§4.1: unique
// within the ACL or group).
func byPriority(path string, rules []model.WAFRule) ([]*model.WAFRule, error) {
	out := make([]*model.WAFRule, len(rules))
	for i := range rules {
		out[i] = &rules[i]
	}
	slices.SortStableFunc(out, func(x, y *model.WAFRule) int { return cmp.Compare(x.Priority, y.Priority) })
	for i := 1; i < len(out); i++ {
		if out[i].Priority == out[i-1].Priority {
			return nil, fmt.Errorf("%s: rules %q and %q share Priority %d", path, out[i-1].Name, out[i].Name, out[i].Priority)
		}
	}
	return out, nil
}

func rulePath(r *model.WAFRule) string {
	if r.Path != "" {
		return r.Path
	}
	return "rule " + r.Name
}

// compileRule compiles r of the web ACL (top) or of a rule group; ov
// holds the referencing statement's action overrides for group rules.
func (c *compiler) compileRule(r *model.WAFRule, resourceID, ns string, ctx int32, top bool, ov *overrides) (*rule, error) {
	path := rulePath(r)
	cr := &rule{name: r.Name, priority: r.Priority, resourceID: resourceID, ctx: ctx}
	if r.Statement == nil {
		return nil, fmt.Errorf("%s.Statement: missing", path)
	}
	if k := r.Statement.Kind; k == model.WAFManagedRuleGroup || k == model.WAFRuleGroupReference {
		if !top {
			return nil, fmt.Errorf("%s.Statement: a %v cannot be used inside a rule group", path, k)
		}
		switch r.Override {
		case model.WAFOverrideNone, model.WAFOverrideCount:
		default:
			return nil, fmt.Errorf("%s.OverrideAction: a rule group reference needs None or Count", path)
		}
		g, err := c.compileGroup(r, path)
		if err != nil {
			return nil, err
		}
		cr.group = g
		return cr, nil
	}
	if r.Override != model.WAFOverrideUnspecified {
		return nil, fmt.Errorf("%s.OverrideAction: only for rule group references; use Action", path)
	}
	cr.action = r.Action.Kind
	switch cr.action {
	case model.WAFAllow, model.WAFBlock, model.WAFCount, model.WAFCaptcha, model.WAFChallenge, model.WAFMonetize:
	default:
		return nil, fmt.Errorf("%s.Action: missing", path)
	}
	if ov != nil {
		if a, ok := ov.lookup(r.Name); ok {
			cr.action, cr.overridden = a, a != r.Action.Kind
		}
	}
	for _, l := range r.Labels {
		cr.labels = append(cr.labels, ns+l)
	}
	n, err := c.compileStmt(r.Statement, true, &cr.info)
	if err != nil {
		return nil, err
	}
	cr.stmt = n
	return cr, nil
}

// overrides are a group reference's RuleActionOverrides and ExcludedRules
// (legacy: override to Count), by rule name.
type overrides struct {
	names   []string
	actions []model.WAFActionKind
}

func (o *overrides) lookup(name string) (model.WAFActionKind, bool) {
	// RuleActionOverrides come after ExcludedRules, so the last entry wins.
	for i := len(o.names) - 1; i >= 0; i-- {
		if o.names[i] == name {
			return o.actions[i], true
		}
	}
	return 0, false
}

func (c *compiler) compileGroup(r *model.WAFRule, path string) (*group, error) {
	st := r.Statement
	spath := st.Path
	if spath == "" {
		spath = path + ".Statement." + st.Kind.String()
	}
	c.ctxs++
	g := &group{override: r.Override, ctx: c.ctxs}
	ov := &overrides{}
	for _, n := range st.ExcludedRules {
		ov.names, ov.actions = append(ov.names, n), append(ov.actions, model.WAFCount)
	}
	for i, o := range st.RuleActionOverrides {
		switch o.Action.Kind {
		case model.WAFAllow, model.WAFBlock, model.WAFCount, model.WAFCaptcha, model.WAFChallenge:
		default:
			return nil, fmt.Errorf("%s.RuleActionOverrides[%d].ActionToUse: missing or unknown action", spath, i)
		}
		ov.names, ov.actions = append(ov.names, o.Name), append(ov.actions, o.Action.Kind)
	}
	if st.ScopeDown != nil {
		n, err := c.compileStmt(st.ScopeDown, false, &g.scopeInfo)
		if err != nil {
			return nil, err
		}
		g.scopeDown = n
	}
	var rg *model.WAFRuleGroup
	managed := st.Kind == model.WAFManagedRuleGroup
	if managed {
		if st.VendorName == "" || st.Name == "" {
			return nil, fmt.Errorf("%s: VendorName and Name are required", spath)
		}
		g.name = st.VendorName + "/" + st.Name
		g.resourceID = g.name
		g.namespace = "awswaf:managed:" + strings.ToLower(st.VendorName) + ":" + st.Name + ":"
		rg = c.managedGroup(st.VendorName, st.Name)
		if rg == nil {
			g.missing = fmt.Sprintf("managed rule group %s is not supplied (AWS does not publish its rules)", g.name)
			// AWS's namespaces are not the group names (core-rule-set,
			// bot-control) and its groups also add awswaf:managed:token:
			// labels, so any managed label may come from it.
			g.namespace = "awswaf:managed:"
		} else if strings.HasPrefix(rg.LabelNamespace, "awswaf:managed:") {
			g.namespace = rg.LabelNamespace
		}
	} else {
		g.name, g.resourceID = st.ARN, st.ARN
		for i := range c.cfg.WAFRuleGroups {
			if c.cfg.WAFRuleGroups[i].ARN == st.ARN {
				rg = &c.cfg.WAFRuleGroups[i]
				break
			}
		}
		if rg == nil {
			g.missing = fmt.Sprintf("rule group %s is not in the configuration", st.ARN)
			g.namespace = "awswaf:" + arnAccount(st.ARN) + ":rulegroup:" + arnName(st.ARN) + ":"
		} else {
			g.namespace = rg.LabelNamespace
			if g.namespace == "" {
				g.namespace = "awswaf:" + arnAccount(rg.ARN) + ":rulegroup:" + rg.Name + ":"
			}
		}
	}
	if rg == nil {
		return g, nil
	}
	gpath := rg.Path
	if gpath == "" {
		gpath = "RuleGroup " + rg.Name
	}
	if !managed {
		// Customer groups reject overrides naming no rule; managed groups
		// ignore them silently (§4.2).
		for _, n := range ov.names {
			if !slices.ContainsFunc(rg.Rules, func(r model.WAFRule) bool { return r.Name == n }) {
				return nil, fmt.Errorf("%s: override names rule %q, which rule group %s does not have", spath, n, rg.Name)
			}
		}
	}
	sorted, err := byPriority(gpath, rg.Rules)
	if err != nil {
		return nil, err
	}
	for _, gr := range sorted {
		cr, err := c.compileRule(gr, g.resourceID, g.namespace, g.ctx, false, ov)
		if err != nil {
			return nil, err
		}
		g.rules = append(g.rules, cr)
	}
	return g, nil
}

// arnName is the name part of a WAF ARN (".../rulegroup/<name>/<id>").
func arnName(arn string) string {
	parts := strings.Split(arn, "/")
	if len(parts) >= 3 {
		return parts[len(parts)-2]
	}
	return ""
}

// managedGroup finds the rule group standing in for AWS's managed group
// vendor/name: a group of cfg.WAFRuleGroups with that Name whose ARN, if
// it names a vendor (".../managed/<vendor>/..." or ".../<vendor>/<name>"),
// names this one.
func (c *compiler) managedGroup(vendor, name string) *model.WAFRuleGroup {
	for i := range c.cfg.WAFRuleGroups {
		g := &c.cfg.WAFRuleGroups[i]
		if g.Name != name {
			continue
		}
		if v := arnVendor(g.ARN, name); v != "" && !strings.EqualFold(v, vendor) {
			continue
		}
		return g
	}
	return nil
}

// arnVendor returns the path component before name in a managed group's
// ARN when the ARN marks it managed; "" otherwise.
func arnVendor(arn, name string) string {
	if !strings.Contains(arn, "managed") {
		return ""
	}
	parts := strings.Split(arn[strings.LastIndexByte(arn, ':')+1:], "/")
	for i := 1; i < len(parts); i++ {
		if parts[i] == name {
			return parts[i-1]
		}
	}
	return ""
}
