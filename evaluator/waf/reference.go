package waf

import (
	"cmp"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/netverdict/netverdict/evaluator/geo"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/waf/detect"
)

// Reference evaluates req against the web ACL aclARN of cfg the slow,
// obvious way: it walks the model directly, sorting, scanning and
// recompiling as it goes, following §4.2's pseudo-code. It exists to check
// Evaluate (verdict, terminating rule, matches and labels must agree;
// reasons may differ) and is not for production use. A configuration that
// Compile rejects gives an Indeterminate result.
func Reference(cfg *model.Config, aclARN string, req *Request, resourceType string, db *geo.DB) Result {
	var acl *model.WebACL
	for i := range cfg.WebACLs {
		if cfg.WebACLs[i].ARN == aclARN {
			acl = &cfg.WebACLs[i]
		}
	}
	if acl == nil {
		return Result{Verdict: Indeterminate, Reason: "web ACL " + aclARN + " is not in the configuration"}
	}
	if _, err := Compile(cfg, CompileOptions{Geo: db}); err != nil {
		return Result{Verdict: Indeterminate, Reason: err.Error()}
	}
	e := &refEval{cfg: cfg, req: req, db: db, acl: acl, limit: refBodyLimit(acl, resourceType)}
	res := Result{}
	ns := acl.LabelNamespace
	if ns == "" {
		ns = "awswaf:" + strings.Split(acl.ARN+":::::", ":")[4] + ":webacl:" + acl.Name + ":"
	}
	// evalWebACL: pre-process groups, rules, post-process groups.
	var term *refTerm
	for _, list := range [][]model.WAFRule{acl.PreProcessRuleGroups, acl.Rules, acl.PostProcessRuleGroups} {
		for _, r := range refSorted(list) {
			if term = e.evalRule(r, ns, 0, acl.ARN, &res); term != nil {
				break
			}
		}
		if term != nil {
			break
		}
	}
	for _, l := range e.labels {
		if !l.maybe && !l.prefix {
			res.Labels = append(res.Labels, l.full)
		}
	}
	if term != nil {
		res.Verdict, res.HasTerminating = term.verdict, true
		res.Terminating = Match{RuleName: term.r.Name, Priority: term.r.Priority, ResourceID: term.resource,
			Action: term.action, Labels: term.labels}
		res.Reason = "terminated by rule " + term.r.Name
	} else {
		res.Default = true
		res.Verdict = Allow
		if acl.DefaultAction.Kind == model.WAFBlock {
			res.Verdict = Block
		}
		res.Reason = "default action"
	}
	if res.Verdict == Allow && e.maybeBlock || res.Verdict == Block && e.maybeAllow {
		res.Verdict = Indeterminate
		res.Reason = "an undecidable rule would have decided otherwise; " + res.Reason
	}
	return res
}

type refEval struct {
	cfg                    *model.Config
	req                    *Request
	db                     *geo.DB
	acl                    *model.WebACL
	limit                  int
	labels                 []refLabel
	ctx                    int // context of the rule being evaluated
	ctxs                   int // contexts handed out (0 = the web ACL)
	rule                   string
	maybeAllow, maybeBlock bool
}

type refLabel struct {
	full          string
	ctx           int
	maybe, prefix bool
}

type refTerm struct {
	r        *model.WAFRule
	resource string
	action   model.WAFActionKind
	verdict  Verdict
	labels   []string
}

func refSorted(rules []model.WAFRule) []*model.WAFRule {
	out := []*model.WAFRule{}
	for i := range rules {
		out = append(out, &rules[i])
	}
	slices.SortFunc(out, func(a, b *model.WAFRule) int { return cmp.Compare(a.Priority, b.Priority) })
	return out
}

func refBodyLimit(acl *model.WebACL, rt string) int {
	if rt == ResourceALB || rt == ResourceAppSync {
		return 8192
	}
	if rt == ResourceAmplify {
		rt = ResourceCloudFront
	}
	if !slices.Contains([]string{ResourceCloudFront, ResourceAPIGateway, ResourceCognitoUserPool, ResourceAppRunnerService, ResourceVerifiedAccess}, rt) {
		return 0
	}
	for _, l := range acl.BodyLimits {
		if l.ResourceType == rt && l.Bytes > 0 {
			return int(l.Bytes)
		}
	}
	return 16384
}

func (e *refEval) addLabel(l refLabel) {
	for i := range e.labels {
		if e.labels[i].full == l.full && e.labels[i].prefix == l.prefix && e.labels[i].ctx == l.ctx {
			e.labels[i].maybe = e.labels[i].maybe && l.maybe
			return
		}
	}
	e.labels = append(e.labels, l)
}

// evalRule is §4.2's evalRule for a web ACL rule (which may reference a
// group); it returns the terminating outcome, if any.
func (e *refEval) evalRule(r *model.WAFRule, ns string, ctx int, resource string, res *Result) *refTerm {
	s := r.Statement
	if s.Kind != model.WAFRuleGroupReference && s.Kind != model.WAFManagedRuleGroup {
		t, _ := e.evalPlain(r, ns, ctx, resource, yes, false, nil, res)
		return t
	}
	e.ctxs++
	gctx := e.ctxs
	var rg *model.WAFRuleGroup
	var resID, gns string
	if s.Kind == model.WAFManagedRuleGroup {
		resID = s.VendorName + "/" + s.Name
		gns = "awswaf:managed:" + strings.ToLower(s.VendorName) + ":" + s.Name + ":"
		for i := range e.cfg.WAFRuleGroups {
			g := &e.cfg.WAFRuleGroups[i]
			if g.Name == s.Name && (arnVendor(g.ARN, g.Name) == "" || strings.EqualFold(arnVendor(g.ARN, g.Name), s.VendorName)) {
				rg = g
				if strings.HasPrefix(g.LabelNamespace, "awswaf:managed:") {
					gns = g.LabelNamespace
				}
				break
			}
		}
	} else {
		resID = s.ARN
		gns = "awswaf:" + arnAccount(s.ARN) + ":rulegroup:" + arnName(s.ARN) + ":"
		for i := range e.cfg.WAFRuleGroups {
			if g := &e.cfg.WAFRuleGroups[i]; g.ARN == s.ARN {
				rg = g
				gns = g.LabelNamespace
				if gns == "" {
					gns = "awswaf:" + arnAccount(g.ARN) + ":rulegroup:" + g.Name + ":"
				}
				break
			}
		}
	}
	if e.skip(s.ScopeDown, false) {
		return nil
	}
	reach := yes
	if s.ScopeDown != nil {
		e.ctx, e.rule = 0, resID
		reach = e.eval(s.ScopeDown)
		e.geoLabels(s.ScopeDown, yes)
	}
	if reach == no {
		return nil
	}
	count := r.Override == model.WAFOverrideCount
	if rg == nil {
		if s.Kind == model.WAFManagedRuleGroup {
			gns = "awswaf:managed:" // any managed label may come from it
		}
		e.addLabel(refLabel{full: gns, ctx: gctx, maybe: true, prefix: true})
		if !count {
			e.maybeAllow, e.maybeBlock = true, true
		}
		return nil
	}
	ov := map[string]model.WAFActionKind{}
	for _, n := range s.ExcludedRules {
		ov[n] = model.WAFCount
	}
	for _, o := range s.RuleActionOverrides {
		ov[o.Name] = o.Action.Kind
	}
	for _, gr := range refSorted(rg.Rules) {
		t, stop := e.evalPlain(gr, gns, gctx, resID, reach, count, ov, res)
		if t != nil {
			return t
		}
		if stop == yes {
			break
		}
		if stop == unknown {
			reach = unknown
		}
	}
	return nil
}

// evalPlain evaluates a rule with an Action. With count (the group's
// OverrideAction Count) a terminating match is recorded as Count and stop
// says whether it ends the group (unknown: maybe).
func (e *refEval) evalPlain(r *model.WAFRule, ns string, ctx int, resource string, reach tri, count bool,
	ov map[string]model.WAFActionKind, res *Result) (*refTerm, tri) {
	if e.skip(r.Statement, true) {
		return nil, no
	}
	e.ctx, e.rule = ctx, r.Name
	m := reach.and(e.eval(r.Statement))
	e.geoLabels(r.Statement, reach)
	if m == no {
		return nil, no
	}
	act := r.Action.Kind
	if a, ok := ov[r.Name]; ok {
		act = a
	}
	var labels []string
	for _, l := range r.Labels {
		labels = append(labels, ns+l)
		e.addLabel(refLabel{full: ns + l, ctx: ctx, maybe: m == unknown})
	}
	verdict, term := Block, true
	switch {
	case act == model.WAFAllow:
		verdict = Allow
	case act == model.WAFCount,
		act == model.WAFCaptcha && e.req.CaptchaTokenValid,
		act == model.WAFChallenge && e.req.ChallengeTokenValid:
		term = false
	}
	if m == unknown {
		switch {
		case term && count:
			return nil, unknown
		case term && verdict == Allow:
			e.maybeAllow = true
		case term:
			e.maybeBlock = true
		}
		return nil, no
	}
	if term && !count {
		return &refTerm{r: r, resource: resource, action: act, verdict: verdict, labels: labels}, no
	}
	if term {
		act = model.WAFCount
	}
	res.Matches = append(res.Matches, Match{RuleName: r.Name, Priority: r.Priority, ResourceID: resource, Action: act, Labels: labels})
	return nil, triOf(term)
}

// walk visits st and every statement under it (And/Or/Not operands and
// rate-based scope-down).
func walk(st *model.WAFStatement, f func(*model.WAFStatement)) {
	if st == nil {
		return
	}
	f(st)
	for _, k := range st.Statements {
		walk(k, f)
	}
	if st.Kind == model.WAFRateBased {
		walk(st.ScopeDown, f)
	}
}

// skip: a forwarded-IP header the rule uses is absent (§4.8).
func (e *refEval) skip(st *model.WAFStatement, rate bool) bool {
	skip := false
	walk(st, func(s *model.WAFStatement) {
		if s.ForwardedIP == nil {
			return
		}
		if s.Kind == model.WAFRateBased && s.AggregateKeyType != "FORWARDED_IP" {
			return
		}
		if _, ok := e.req.header(s.ForwardedIP.HeaderName); !ok {
			skip = true
		}
	})
	return skip
}

func (e *refEval) geoLabels(st *model.WAFStatement, reach tri) {
	walk(st, func(s *model.WAFStatement) {
		if s.Kind != model.WAFGeoMatch {
			return
		}
		if e.db == nil {
			ns := geo.ClientIPNamespace
			if s.ForwardedIP != nil {
				ns = geo.ForwardedIPNamespace
			}
			e.addLabel(refLabel{full: ns, ctx: ctxAWS, maybe: true, prefix: true})
			return
		}
		ips, _ := e.ips(s)
		if len(ips) == 0 {
			return
		}
		c, r := e.db.Labels(ips[0], s.ForwardedIP != nil)
		e.addLabel(refLabel{full: c, ctx: ctxAWS, maybe: reach != yes})
		if r != "" {
			e.addLabel(refLabel{full: r, ctx: ctxAWS, maybe: reach != yes})
		}
	})
}

// ips returns the addresses an IP statement inspects (§4.8).
func (e *refEval) ips(s *model.WAFStatement) ([]netip.Addr, tri) {
	if s.ForwardedIP == nil {
		if !e.req.ClientIP.IsValid() {
			return nil, unknown
		}
		return []netip.Addr{e.req.ClientIP.Unmap()}, yes
	}
	v, ok := e.req.header(s.ForwardedIP.HeaderName)
	if !ok {
		return nil, no
	}
	parts := strings.Split(v, ",")
	switch s.ForwardedIP.Position {
	case "", "FIRST":
		parts = parts[:1]
	case "LAST":
		parts = parts[len(parts)-1:]
	case "ANY":
		if len(parts) > 10 {
			parts = parts[len(parts)-10:]
		}
	}
	var out []netip.Addr
	for _, p := range parts {
		a, err := netip.ParseAddr(strings.TrimSpace(p))
		if err != nil || a.Zone() != "" {
			return nil, triOf(s.ForwardedIP.FallbackBehavior == "MATCH")
		}
		out = append(out, a.Unmap())
	}
	return out, yes
}

// eval is §4.2's match, three-valued.
func (e *refEval) eval(s *model.WAFStatement) tri {
	switch s.Kind {
	case model.WAFAnd:
		r := yes
		for _, k := range s.Statements {
			r = r.and(e.eval(k))
		}
		return r
	case model.WAFOr:
		r := no
		for _, k := range s.Statements {
			r = r.or(e.eval(k))
		}
		return r
	case model.WAFNot:
		return e.eval(s.Statements[0]).not()
	case model.WAFIPSetReference:
		var set *model.IPSet
		for i := range e.cfg.IPSets {
			if e.cfg.IPSets[i].ARN == s.ARN {
				set = &e.cfg.IPSets[i]
			}
		}
		if set == nil {
			return unknown
		}
		ips, t := e.ips(s)
		if len(ips) == 0 {
			return t
		}
		for _, ip := range ips {
			for _, p := range set.Addresses {
				if p.Masked().Contains(ip) {
					return yes
				}
			}
		}
		return no
	case model.WAFGeoMatch, model.WAFAsnMatch:
		ips, t := e.ips(s)
		if len(ips) == 0 {
			return t
		}
		if e.db == nil {
			return unknown
		}
		if s.Kind == model.WAFGeoMatch {
			cc, _, ok := e.db.Country(ips[0])
			if !ok {
				cc = "XX"
			}
			return triOf(slices.Contains(s.CountryCodes, cc))
		}
		asn, _ := e.db.ASN(ips[0])
		return triOf(slices.Contains(s.ASNs, int64(asn)))
	case model.WAFLabelMatch:
		return e.labelMatch(s)
	case model.WAFRateBased:
		if !e.req.rateLimited(e.rule) {
			return no
		}
		if s.ScopeDown != nil {
			return e.eval(s.ScopeDown)
		}
		return yes
	}
	return e.evalField(s)
}

func (e *refEval) labelMatch(s *model.WAFStatement) tri {
	key, ns := s.LabelKey, s.LabelScope == "NAMESPACE"
	res := no
	for _, l := range e.labels {
		if !strings.HasPrefix(key, "awswaf:") && l.ctx != e.ctx {
			continue
		}
		if l.prefix {
			if !strings.HasPrefix(key, "awswaf:") || strings.HasPrefix(key, l.full) || strings.HasPrefix(l.full, key) {
				res = unknown
			}
			continue
		}
		hit := false
		if ns {
			for i := -1; i < len(l.full); i++ {
				if (i == -1 || l.full[i] == ':') && strings.HasPrefix(l.full[i+1:], key) && len(l.full) > i+1+len(key) {
					hit = true
				}
			}
		} else {
			hit = l.full == key || strings.HasSuffix(l.full, ":"+key)
		}
		if hit && !l.maybe {
			return yes
		}
		if hit {
			res = unknown
		}
	}
	return res
}

// evalField evaluates the statements that inspect a FieldToMatch.
func (e *refEval) evalField(s *model.WAFStatement) tri {
	vals, st := e.component(&s.Field, s.PreParseTransformations)
	switch st {
	case stMissing, stNoMatch:
		return no
	case stMatch:
		return yes
	case stUnknown:
		return unknown
	}
	chain, _ := compileChain("", "", s.Transformations)
	var res []*regexp.Regexp
	switch s.Kind {
	case model.WAFRegexMatch:
		res = append(res, regexp.MustCompile(s.RegexString))
	case model.WAFRegexPatternSetReference:
		found := false
		for _, set := range e.cfg.RegexPatternSets {
			if set.ARN == s.ARN {
				found = true
				for _, p := range set.Patterns {
					res = append(res, regexp.MustCompile(p))
				}
			}
		}
		if !found {
			return unknown
		}
	}
	for _, raw := range vals {
		v := chain.Apply(nil, raw)
		switch s.Kind {
		case model.WAFByteMatch:
			p, _ := detect.ParsePositional(s.PositionalConstraint)
			if detect.ByteMatch(p, v, s.SearchString) {
				return yes
			}
		case model.WAFRegexMatch, model.WAFRegexPatternSetReference:
			for _, re := range res {
				if re.Match(v) {
					return yes
				}
			}
		case model.WAFSizeConstraint:
			if sizeOK(s.ComparisonOperator, int64(len(v)), s.Size) {
				return yes
			}
		case model.WAFSqliMatch:
			lvl, _ := detect.ParseSensitivity(s.SensitivityLevel)
			if detect.SQLi(v, lvl) {
				return yes
			}
		case model.WAFXssMatch:
			if detect.XSS(v) {
				return yes
			}
		}
	}
	return no
}

// component extracts a FieldToMatch's raw values the plain way (§4.5).
func (e *refEval) component(f *model.WAFFieldToMatch, pre []model.WAFTextTransformation) ([][]byte, status) {
	r := e.req
	fb := func(v string) status {
		switch v {
		case "MATCH":
			return stMatch
		case "NO_MATCH":
			return stNoMatch
		}
		return stMissing
	}
	var out [][]byte
	switch f.Kind {
	case model.WAFFieldURIPath, model.WAFFieldMethod:
		v := r.URIPath
		if f.Kind == model.WAFFieldMethod {
			v = r.Method
		}
		if v == "" {
			return nil, stMissing
		}
		out = append(out, []byte(v))
	case model.WAFFieldQueryString:
		out = append(out, []byte(r.QueryString))
	case model.WAFFieldURIFragment:
		if r.URIFragment == "" {
			return nil, fb(f.FallbackBehavior)
		}
		out = append(out, []byte(r.URIFragment))
	case model.WAFFieldJA3Fingerprint, model.WAFFieldJA4Fingerprint:
		v := map[bool]string{true: r.JA3, false: r.JA4}[f.Kind == model.WAFFieldJA3Fingerprint]
		if v == "" {
			return nil, stUnknown
		}
		out = append(out, []byte(v))
	case model.WAFFieldSingleHeader:
		for _, h := range r.Headers {
			if strings.EqualFold(h.Name, f.Name) && equalFold(h.Name, f.Name) {
				out = append(out, []byte(h.Value))
			}
		}
	case model.WAFFieldSingleQueryArgument, model.WAFFieldAllQueryArguments:
		q := []byte(r.QueryString)
		if len(pre) > 0 {
			chain, _ := compileChain("", "", pre)
			q = chain.Apply(nil, q)
		}
		for _, arg := range strings.Split(string(q), "&") {
			if arg == "" {
				continue
			}
			name, val, _ := strings.Cut(arg, "=")
			if f.Kind == model.WAFFieldAllQueryArguments || equalFold(name, f.Name) {
				out = append(out, []byte(val))
			}
		}
	case model.WAFFieldHeaders, model.WAFFieldHeaderOrder:
		hs := r.Headers
		size := 0
		for _, h := range hs {
			size += len(h.Name) + len(h.Value) + 4
		}
		if len(hs) > 200 || size > 8192 {
			if f.OversizeHandling == "MATCH" || f.OversizeHandling == "NO_MATCH" {
				return nil, fb(f.OversizeHandling)
			}
			var kept []Header
			size = 0
			for _, h := range hs {
				size += len(h.Name) + len(h.Value) + 4
				if len(kept) == 200 || size > 8192 {
					break
				}
				kept = append(kept, h)
			}
			hs = kept
		}
		if f.Kind == model.WAFFieldHeaderOrder {
			if len(hs) == 0 {
				return nil, stMissing
			}
			var names []string
			for _, h := range hs {
				names = append(names, h.Name)
			}
			return [][]byte{[]byte(strings.Join(names, ":"))}, stPresent
		}
		for _, h := range hs {
			if refSelected(f, h.Name, true) {
				out = append(out, refScope(f.MatchScope, h.Name, h.Value)...)
			}
		}
	case model.WAFFieldCookies:
		var text []string
		for _, h := range r.Headers {
			if strings.EqualFold(h.Name, "Cookie") {
				text = append(text, h.Value)
			}
		}
		total, count := 0, 0
		for _, t := range text {
			total += len(t)
			count += len(strings.Split(t, ";"))
		}
		if total == 0 {
			return nil, stMissing
		}
		over := total > 8192 || count > 200
		if over && (f.OversizeHandling == "MATCH" || f.OversizeHandling == "NO_MATCH") {
			return nil, fb(f.OversizeHandling)
		}
		seen, used := 0, 0
	cookies:
		for _, t := range text {
			parts := strings.Split(t, ";")
			for i, c := range parts {
				used += len(c)
				if i < len(parts)-1 {
					used++ // the ';'
				}
				if over && (seen >= 200 || used > 8192) {
					break cookies
				}
				c = strings.TrimSpace(c)
				if c == "" {
					continue
				}
				seen++
				name, val, _ := strings.Cut(c, "=")
				if refSelected(f, name, false) {
					out = append(out, refScope(f.MatchScope, name, val)...)
				}
			}
		}
	case model.WAFFieldBody, model.WAFFieldJSONBody:
		body := r.Body
		if len(body) == 0 {
			return nil, stMissing
		}
		if len(body) > 8192 {
			if e.limit == 0 {
				return nil, stUnknown
			}
			if len(body) > e.limit {
				if f.OversizeHandling == "MATCH" || f.OversizeHandling == "NO_MATCH" {
					return nil, fb(f.OversizeHandling)
				}
				body = body[:e.limit]
			}
		}
		if f.Kind == model.WAFFieldBody {
			return [][]byte{body}, stPresent
		}
		return refJSON(f, body)
	}
	if len(out) == 0 {
		return nil, stMissing
	}
	return out, stPresent
}

func refScope(scope, name, value string) [][]byte {
	switch scope {
	case "KEY":
		return [][]byte{[]byte(name)}
	case "VALUE":
		return [][]byte{[]byte(value)}
	}
	return [][]byte{[]byte(name), []byte(value)}
}

func refSelected(f *model.WAFFieldToMatch, name string, fold bool) bool {
	eq := func(x string) bool { return x == name || fold && equalFold(x, name) }
	switch {
	case f.All:
		return true
	case len(f.Included) > 0:
		return slices.ContainsFunc(f.Included, eq)
	}
	return !slices.ContainsFunc(f.Excluded, eq)
}

func refJSON(f *model.WAFFieldToMatch, body []byte) ([][]byte, status) {
	var out [][]byte
	ok := jsonWalk(body, func(path []jsonStep, key bool, text []byte) {
		if key && f.MatchScope == "VALUE" || !key && f.MatchScope == "KEY" {
			return
		}
		in := f.All
		for _, p := range f.Included {
			jp, _ := parsePointer(p)
			in = in || under(path, jp, key)
		}
		if in {
			out = append(out, slices.Clone(text))
		}
	})
	if !ok {
		switch f.InvalidFallbackBehavior {
		case "MATCH":
			return nil, stMatch
		case "NO_MATCH":
			return nil, stNoMatch
		case "EVALUATE_AS_STRING":
			return [][]byte{body}, stPresent
		}
	}
	if len(out) == 0 {
		return nil, stMissing
	}
	return out, stPresent
}
