package waf

import (
	"net/netip"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/waf/detect"
	"github.com/netverdict/netverdict/evaluator/waf/transform"
)

// Scratch is the per-request working memory of Evaluate: the transformed
// components (each (component, chain) pair computed at most once per
// request, found by index and a generation counter, no map) and the
// labels. Reuse one per goroutine; the zero value is ready. It is not
// safe for concurrent use.
type Scratch struct {
	gen       uint32
	slots     []slot
	acl       *ACL
	req       *Request
	bodyLimit int
	labels    []label
	visible   int // labels[:visible] are visible to the current rule
	raw       [][]byte
	pbuf      []byte
	tbuf      transform.Buffer
	jbuf      []byte
	joffs     []int32
	jwalk     jsonBufs
	fwd       [maxAnyIPs]netip.Addr
	// current rule
	ctx      int32
	ruleName string
	// pending unknown terminators (first per verdict), for the reason
	pend [2]pending
}

// slot caches one (component, chain) pair's transformed values.
type slot struct {
	gen  uint32
	st   status
	why  uint8
	offs []int32 // value i is buf[offs[2i]:offs[2i+1]]
	buf  []byte
}

func (sl *slot) n() int { return len(sl.offs) / 2 }

func (sl *slot) value(i int) []byte { return sl.buf[sl.offs[2*i]:sl.offs[2*i+1]] }

// pending is an undecidable rule that would have terminated with a verdict.
type pending struct {
	set bool
	why string
}

func (s *Scratch) reset(a *ACL, req *Request, resourceType string) {
	s.gen++
	if s.gen == 0 { // wrapped: forget every slot
		for i := range s.slots {
			s.slots[i].gen = 0
		}
		s.gen = 1
	}
	if len(s.slots) < len(a.slots) {
		s.slots = append(s.slots, make([]slot, len(a.slots)-len(s.slots))...)
	}
	s.acl, s.req = a, req
	s.bodyLimit = a.bodyLimit(resourceType)
	s.labels, s.visible = s.labels[:0], 0
	s.pend = [2]pending{}
}

// component returns n's transformed component values for this request.
func (s *Scratch) component(n *node) *slot {
	sl := &s.slots[n.slot]
	if sl.gen == s.gen {
		return sl
	}
	sl.gen = s.gen
	sl.offs, sl.buf = sl.offs[:0], sl.buf[:0]
	spec := &s.acl.slots[n.slot]
	sl.st, sl.why = s.extract(spec.field)
	if sl.st == stPresent {
		for _, v := range s.raw {
			out := spec.chain.Apply(&s.tbuf, v)
			sl.offs = append(sl.offs, int32(len(sl.buf)))
			sl.buf = append(sl.buf, out...)
			sl.offs = append(sl.offs, int32(len(sl.buf)))
		}
	}
	return sl
}

// extractJSON collects JsonBody elements (§4.5).
func (s *Scratch) extractJSON(fs *fieldSpec, body []byte) (status, uint8) {
	s.jbuf, s.joffs = s.jbuf[:0], s.joffs[:0]
	ok := s.jwalk.walk(body, func(path []jsonStep, key bool, text []byte) {
		if key && fs.scope == scopeValue || !key && fs.scope == scopeKey {
			return
		}
		if !fs.all && !s.jsonIncluded(fs, path, key) {
			return
		}
		s.joffs = append(s.joffs, int32(len(s.jbuf)))
		s.jbuf = append(s.jbuf, text...)
		s.joffs = append(s.joffs, int32(len(s.jbuf)))
	})
	if !ok {
		switch fs.invalid {
		case fbMatch:
			return stMatch, whyInvalidJSON
		case fbNoMatch:
			return stNoMatch, whyInvalidJSON
		case fbAsString:
			s.raw = append(s.raw, body)
			return stPresent, whyNone
		}
		// No InvalidFallbackBehavior: the elements before the failure.
	}
	for i := 0; i < len(s.joffs); i += 2 {
		s.raw = append(s.raw, s.jbuf[s.joffs[i]:s.joffs[i+1]])
	}
	if len(s.raw) == 0 {
		return stMissing, whyNone
	}
	return stPresent, whyNone
}

func (s *Scratch) jsonIncluded(fs *fieldSpec, path []jsonStep, key bool) bool {
	for _, p := range fs.paths {
		if under(path, p, key) {
			return true
		}
	}
	return false
}

// test applies a field statement's matcher to one transformed value.
func (n *node) test(v []byte) bool {
	switch n.kind {
	case model.WAFByteMatch:
		return detect.ByteMatch(n.pos, v, n.search)
	case model.WAFRegexMatch:
		return n.re.Match(v)
	case model.WAFRegexPatternSetReference:
		for _, re := range n.set.res {
			if re.Match(v) {
				return true
			}
		}
		return false
	case model.WAFSizeConstraint:
		return sizeOK(n.op, int64(len(v)), n.size)
	case model.WAFSqliMatch:
		return detect.SQLi(v, n.sens)
	case model.WAFXssMatch:
		return detect.XSS(v)
	}
	return false
}

// match evaluates n three-valued against the request.
func (s *Scratch) match(n *node) tri {
	switch n.kind {
	case model.WAFAnd:
		r := yes
		for _, k := range n.kids {
			if r = r.and(s.match(k)); r == no {
				return no
			}
		}
		return r
	case model.WAFOr:
		r := no
		for _, k := range n.kids {
			if r = r.or(s.match(k)); r == yes {
				return yes
			}
		}
		return r
	case model.WAFNot:
		return s.match(n.kids[0]).not()
	case model.WAFByteMatch, model.WAFRegexMatch, model.WAFRegexPatternSetReference,
		model.WAFSizeConstraint, model.WAFSqliMatch, model.WAFXssMatch:
		sl := s.component(n)
		switch sl.st {
		case stMissing, stNoMatch:
			return no
		case stMatch:
			return yes
		case stUnknown:
			return unknown
		}
		if n.kind == model.WAFRegexPatternSetReference && n.set == nil {
			return unknown // patterns not in the configuration
		}
		for i := range sl.n() {
			if n.test(sl.value(i)) {
				return yes
			}
		}
		return no
	case model.WAFIPSetReference:
		if n.ips == nil {
			return unknown
		}
		k, t := s.ips(n)
		if k == 0 {
			return t // fallback, or no client IP
		}
		for _, ip := range s.fwd[:k] {
			if n.ips.table.Contains(ip) {
				return yes
			}
		}
		return no
	case model.WAFGeoMatch, model.WAFAsnMatch:
		if k, t := s.ips(n); k == 0 {
			return t
		}
		if s.acl.db == nil {
			return unknown
		}
		return triOf(s.located(n, s.fwd[0]))
	case model.WAFLabelMatch:
		t, _ := matchLabels(s.labels[:s.visible], n.key, n.namespace, s.ctx)
		return t
	case model.WAFRateBased:
		if !s.req.rateLimited(s.ruleName) {
			return no
		}
		if n.scope != nil {
			return s.match(n.scope)
		}
		return yes
	}
	return unknown
}

// located reports whether ip is in one of n's countries or ASNs. An
// address the database does not place is country XX (§4.6) and has no
// ASN, matching only an AsnList holding 0 [inferred].
func (s *Scratch) located(n *node, ip netip.Addr) bool {
	if n.kind == model.WAFGeoMatch {
		cc, _, ok := s.acl.db.Country(ip)
		if !ok {
			cc = "XX"
		}
		for _, c := range n.countries {
			if c == cc {
				return true
			}
		}
		return false
	}
	asn, _ := s.acl.db.ASN(ip)
	for _, a := range n.asns {
		if a == int64(asn) {
			return true
		}
	}
	return false
}

// ips puts the addresses n inspects into s.fwd: the client IP, or the
// forwarded ones, and returns how many. With none, t is the statement's
// result (the fallback for a malformed header, unknown without a client IP).
func (s *Scratch) ips(n *node) (int, tri) {
	if n.fwd == nil {
		if !s.req.ClientIP.IsValid() {
			return 0, unknown
		}
		s.fwd[0] = s.req.ClientIP.Unmap()
		return 1, yes
	}
	v, ok := s.req.header(n.fwd.header)
	if !ok {
		return 0, no // the rule is skipped before this (§4.8)
	}
	k, st := forwardedIPs(v, n.fwd.pos, &s.fwd)
	if st != fwdOK {
		return 0, triOf(n.fwd.fallbackMatch)
	}
	return k, yes
}

// skipped reports whether a forwarded-IP header the rule needs is absent:
// "AWS WAF doesn't apply the rule to the request at all" (§4.8).
func (s *Scratch) skipped(info *ruleInfo) bool {
	for _, h := range info.fwdHeaders {
		if _, ok := s.req.header(h); !ok {
			return true
		}
	}
	return false
}

// geoLabels adds the labels of the rule's geo statements: every inspected
// request gets them, match or not (§4.6). reach unknown makes them maybe.
func (s *Scratch) geoLabels(info *ruleInfo, reach tri, by string) {
	for _, n := range info.geo {
		fwd := n.fwd != nil
		if s.acl.db == nil {
			ns := "awswaf:clientip:geo:"
			if fwd {
				ns = "awswaf:forwardedip:geo:"
			}
			s.labels = addLabel(s.labels, label{full: ns, ctx: ctxAWS, maybe: true, prefix: true, by: by})
			continue
		}
		if k, t := s.ips(n); t != yes || k == 0 {
			continue // malformed header or no client IP: no location to label
		}
		c, r := s.acl.db.Labels(s.fwd[0], fwd)
		s.labels = addLabel(s.labels, label{full: c, ctx: ctxAWS, maybe: reach != yes, by: by})
		if r != "" {
			s.labels = addLabel(s.labels, label{full: r, ctx: ctxAWS, maybe: reach != yes, by: by})
		}
	}
}

// terminates reports whether action a ends evaluation for req, and with
// which verdict (§4.2): Allow, Block and Monetize always; CAPTCHA and
// challenge unless the request carries a valid token.
func terminates(a model.WAFActionKind, req *Request) (Verdict, bool) {
	switch a {
	case model.WAFAllow:
		return Allow, true
	case model.WAFBlock, model.WAFMonetize:
		return Block, true
	case model.WAFCaptcha:
		return Block, !req.CaptchaTokenValid
	case model.WAFChallenge:
		return Block, !req.ChallengeTokenValid
	}
	return 0, false
}

// step is what running one rule did.
type step uint8

const (
	stepContinue  step = iota
	stepTerminate      // a terminating action ended evaluation
	stepGroupEnd       // a terminating match absorbed by OverrideAction Count ends the group
	stepMaybeEnd       // an undecidable terminating match in a Count-overridden group
)

// Evaluate judges req against the web ACL. resourceType is the protected
// resource's type (ResourceTypeOf), which sets the body inspection limit;
// "" when unknown (a body over 8 KB is then undecidable). sc is reused
// across calls; res is overwritten (its slices reused).
func (a *ACL) Evaluate(req *Request, resourceType string, sc *Scratch, res *Result) {
	sc.reset(a, req, resourceType)
	*res = Result{Matches: res.Matches[:0], Labels: res.Labels[:0]}
	var term *rule
	var verdict Verdict
	for _, r := range a.rules {
		var st step
		if r.group != nil {
			st, term, verdict = sc.runGroup(r.group, res)
		} else {
			st, verdict = sc.runRule(r, yes, false, res)
			term = r
		}
		if st == stepTerminate {
			break
		}
		term = nil
	}
	if term == nil {
		verdict = Allow
		if a.def == model.WAFBlock {
			verdict = Block
		}
	}
	sc.finish(term, verdict, res)
}

// runGroup evaluates a referenced rule group at its position (§4.2).
func (s *Scratch) runGroup(g *group, res *Result) (step, *rule, Verdict) {
	if s.skipped(&g.scopeInfo) {
		return stepContinue, nil, 0
	}
	reach := yes
	if g.scopeDown != nil {
		s.ctx, s.ruleName, s.visible = 0, g.name, len(s.labels)
		reach = s.match(g.scopeDown)
		s.geoLabels(&g.scopeInfo, yes, g.name)
	}
	if reach == no {
		return stepContinue, nil, 0
	}
	absorb := g.override == model.WAFOverrideCount
	if g.missing != "" {
		// Whatever the group does is unknown: its labels may be there and,
		// unless Count absorbs it, it may allow or block.
		s.labels = addLabel(s.labels, label{full: g.namespace, ctx: g.ctx, maybe: true, prefix: true, by: g.name})
		if !absorb {
			for i := range s.pend {
				if !s.pend[i].set {
					s.pend[i] = pending{set: true, why: g.missing}
				}
			}
		}
		return stepContinue, nil, 0
	}
	for _, r := range g.rules {
		st, v := s.runRule(r, reach, absorb, res)
		switch st {
		case stepTerminate:
			return st, r, v
		case stepGroupEnd:
			return stepContinue, nil, 0
		case stepMaybeEnd:
			reach = unknown // later rules run only if that one did not match
		}
	}
	return stepContinue, nil, 0
}

// runRule evaluates one rule (not a group reference). reach is whether
// the rule is evaluated at all (a group's scope-down, or an earlier
// undecidable terminating rule of a Count-overridden group); absorb says
// a group's OverrideAction Count turns terminating actions into Count.
func (s *Scratch) runRule(r *rule, reach tri, absorb bool, res *Result) (step, Verdict) {
	if s.skipped(&r.info) {
		return stepContinue, 0
	}
	// Labels added from here on (geo, the rule's own) are for later rules;
	// reasons built after the match still see only the earlier ones.
	s.ctx, s.ruleName, s.visible = r.ctx, r.name, len(s.labels)
	m := reach.and(s.match(r.stmt))
	s.geoLabels(&r.info, reach, r.name)
	if m == no {
		return stepContinue, 0
	}
	for _, l := range r.labels {
		s.labels = addLabel(s.labels, label{full: l, ctx: r.ctx, maybe: m != yes, by: r.name})
	}
	v, term := terminates(r.action, s.req)
	if m == unknown {
		if !term {
			return stepContinue, 0
		}
		if absorb {
			return stepMaybeEnd, 0
		}
		if !s.pend[v-1].set {
			s.pend[v-1] = pending{set: true, why: s.unknownWhy(r, v)}
		}
		return stepContinue, 0
	}
	if term && !absorb {
		return stepTerminate, v
	}
	act := r.action
	if term {
		act = model.WAFCount
	}
	res.Matches = append(res.Matches, Match{
		RuleName: r.name, Priority: r.priority, ResourceID: r.resourceID,
		Action: act, Labels: r.labels, Reason: s.matchReason(r, term),
	})
	if term {
		return stepGroupEnd, 0
	}
	return stepContinue, 0
}
