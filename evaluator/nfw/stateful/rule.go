package stateful

import (
	"bytes"
	"net/netip"
	"slices"

	"github.com/gaissmai/bart"
	"github.com/netverdict/netverdict/evaluator/geo"
	"github.com/netverdict/netverdict/evaluator/nfw/suricata"
)

// crule is a rule compiled for evaluation: its action after the group's
// override, its protocol class, and its addresses and ports with the
// group's variables substituted, so that matching needs no map look-ups.
type crule struct {
	g      *Group
	r      *suricata.Rule
	act    Action // Pass, Drop, Reject or AlertPass (alert, or drop under DROP_TO_ALERT)
	proto  protoClass
	ipOnly bool // §5.6: evaluated on the first packet in each direction only
	src    addrM
	dst    addrM
	sp, dp portM
	// static lists why the rule's match is unknown whatever the packet
	// (unmodelled keywords and typed keywords not decided here).
	static []string
	// headerNamesCRLF: the allowlist catch-all http.header_names content,
	// which every HTTP request and response has.
	headerNamesCRLF bool
	// geo is the geoip keyword against the geo file; nil when the rule
	// has none or no file was given (then static says why).
	geo *geoM
}

// protoClass is what a rule's protocol keyword needs from a packet.
type protoClass uint8

const (
	pAny        protoClass = iota // ip
	pTCP                          // tcp
	pUDP                          // udp
	pICMP                         // icmp: ICMP or ICMPv6
	pICMP4                        // icmpv4
	pICMP6                        // icmpv6
	pTLS                          // tls
	pHTTP                         // http, http1, http-any
	pApp                          // another application-layer protocol
	pUnmodelled                   // pkthdr, tcp-pkt, tcp-stream, ipv4, ipv6
)

func classify(proto string) protoClass {
	switch proto {
	case "ip":
		return pAny
	case "tcp":
		return pTCP
	case "udp":
		return pUDP
	case "icmp":
		return pICMP
	case "icmpv4":
		return pICMP4
	case "icmpv6":
		return pICMP6
	case "tls":
		return pTLS
	case "http", "http1", "http-any":
		return pHTTP
	case "pkthdr", "tcp-pkt", "tcp-stream", "ipv4", "ipv6":
		return pUnmodelled
	}
	return pApp
}

// addrM is an AddressSpec with its variables replaced by their resolved
// values (kind mVar, in inner; kind mSet, a resolved IP set reference, in
// set) or by why they cannot be (kind mBad).
type addrM struct {
	kind  uint8
	neg   bool
	pfx   netip.Prefix // masked
	list  []addrM
	inner *addrM
	set   *bart.Lite // shared by every use of the reference in the group
	why   string
}

// portM is the PortSpec counterpart of addrM.
type portM struct {
	kind   uint8
	neg    bool
	lo, hi uint16
	list   []portM
	inner  *portM
	why    string
}

const (
	mAny uint8 = iota
	mOne       // a prefix or a port range
	mList
	mVar
	mBad
	mSet // addresses only: a prefix list's CIDRs
)

const maxDepth = 16

func resolveAddr(g *Group, s suricata.AddressSpec, depth int) addrM {
	m := addrM{neg: s.Negated}
	if depth > maxDepth {
		m.kind, m.why = mBad, "address variables nest too deeply"
		return m
	}
	switch s.Kind {
	case suricata.AddrAny:
		m.kind = mAny
	case suricata.AddrPrefix:
		m.kind, m.pfx = mOne, s.Prefix.Masked()
	case suricata.AddrList:
		m.kind = mList
		for _, e := range s.List {
			m.list = append(m.list, resolveAddr(g, e, depth+1))
		}
	case suricata.AddrVar:
		v, ok := g.addrVars[s.Var]
		switch {
		case !ok:
			m.kind, m.why = mBad, "variable "+s.Var+" is not defined in the rule group"
		case v.problem != "":
			m.kind, m.why = mBad, v.problem
		case v.set != nil:
			m.kind, m.set = mSet, v.set
		default:
			in := resolveAddr(g, v.spec, depth+1)
			m.kind, m.inner = mVar, &in
		}
	}
	return m
}

func resolvePort(g *Group, s suricata.PortSpec, depth int) portM {
	m := portM{neg: s.Negated}
	if depth > maxDepth {
		m.kind, m.why = mBad, "port variables nest too deeply"
		return m
	}
	switch s.Kind {
	case suricata.PortAny:
		m.kind = mAny
	case suricata.PortRange:
		m.kind, m.lo, m.hi = mOne, s.Lo, s.Hi
	case suricata.PortList:
		m.kind = mList
		for _, e := range s.List {
			m.list = append(m.list, resolvePort(g, e, depth+1))
		}
	case suricata.PortVar:
		v, ok := g.portVars[s.Var]
		switch {
		case !ok:
			m.kind, m.why = mBad, "variable "+s.Var+" is not defined in the rule group"
		case v.problem != "":
			m.kind, m.why = mBad, v.problem
		default:
			in := resolvePort(g, v.spec, depth+1)
			m.kind, m.inner = mVar, &in
		}
	}
	return m
}

func compileRule(g *Group, r *suricata.Rule, db *geo.DB) *crule {
	c := &crule{g: g, r: r, proto: classify(r.Protocol),
		src: resolveAddr(g, r.Src, 0), dst: resolveAddr(g, r.Dst, 0),
		sp: resolvePort(g, r.SrcPorts, 0), dp: resolvePort(g, r.DstPorts, 0)}
	switch r.Action {
	case suricata.Pass:
		c.act = Pass
	case suricata.Drop:
		c.act = Drop
		if g.Override == "DROP_TO_ALERT" {
			c.act = AlertPass
		}
	case suricata.Alert:
		c.act = AlertPass
	default:
		c.act = Reject
	}
	c.headerNamesCRLF = headerNamesCRLF(r)
	for _, kw := range r.Unmodelled {
		if kw == "http.header_names" && c.headerNamesCRLF {
			continue
		}
		c.static = append(c.static, "keyword "+kw+" is not modelled")
	}
	// app-layer-protocol is judged per packet (matchALP).
	switch {
	case r.GeoIP == nil:
	case db == nil:
		c.static = append(c.static, noGeoFile)
	default:
		c.geo = compileGeo(r.GeoIP, db)
	}
	if len(r.Flowbits) > 0 {
		c.static = append(c.static, "flowbits are not modelled")
	}
	if fl := r.Flow; fl != nil && (fl.OnlyStream || fl.NoStream || fl.OnlyFrag || fl.NoFrag) {
		c.static = append(c.static, "flow stream/fragment options are not modelled")
	}
	if c.proto == pUnmodelled {
		c.static = append(c.static, "protocol keyword "+r.Protocol+" is not modelled")
	}
	c.ipOnly = isIPOnly(r)
	return c
}

// isIPOnly: an L3/L4 protocol and no flow, payload, application-layer or
// geoip keyword, and no "!" on the destination (§5.6). geoip: Suricata
// registers it without SIGMATCH_IPONLY_COMPAT, so its rules are packet
// rules (no difference to a verdict: a packet's addresses are those of
// the first packet its way).
func isIPOnly(r *suricata.Rule) bool {
	switch r.Protocol {
	case "ip", "tcp", "udp", "icmp", "icmpv4", "icmpv6":
	default:
		return false
	}
	return r.Flow == nil && len(r.Contents) == 0 && len(r.PCREs) == 0 && r.SSLState == nil &&
		r.AppLayerProtocol == nil && len(r.Flowbits) == 0 && len(r.Unmodelled) == 0 && r.GeoIP == nil && !r.Dst.Negated
}

// headerNamesCRLF says whether r's only http.header_names content is the
// AWS allowlist catch-all `http.header_names; content:"|0d 0a|"; startswith;`:
// Suricata's header-names buffer starts with CRLF for every HTTP message.
func headerNamesCRLF(r *suricata.Rule) bool {
	n := 0
	for _, c := range r.Contents {
		if c.Buffer == "http.header_names" {
			if !bytes.Equal(c.Pattern, []byte("\r\n")) || !c.Startswith || c.Negated || c.Endswith || c.Depth != 0 || c.Offset != 0 {
				return false
			}
			n++
		}
	}
	return n == 1 && len(r.Unmodelled) == 1 && r.Unmodelled[0] == "http.header_names"
}

// tri is a three-valued match.
type tri uint8

const (
	no tri = iota
	yes
	unknown
)

func boolTri(b bool) tri {
	if b {
		return yes
	}
	return no
}

func or(a, b tri) tri {
	if a == yes || b == yes {
		return yes
	}
	if a == unknown || b == unknown {
		return unknown
	}
	return no
}

func not(a tri) tri {
	switch a {
	case yes:
		return no
	case no:
		return yes
	}
	return unknown
}

// match is a rule's match against a packet; why names what is unknown.
type match struct {
	t   tri
	why []string
}

func (m *match) and(t tri, why string) {
	switch {
	case m.t == no || t == yes:
	case t == no:
		m.t, m.why = no, m.why[:0]
	default:
		m.t = unknown
		if why != "" && !slices.Contains(m.why, why) {
			m.why = append(m.why, why)
		}
	}
}

// matches matches c against packet pk of flow f (whose application layer
// is app, see flowApp) into m. The packet's addresses are the flow's, swapped for
// server-to-client packets.
func (c *crule) matches(pk *packet, f *Flow, app *appInfo, m *match) {
	m.t, m.why = yes, m.why[:0]
	if c.ipOnly && !pk.first {
		m.t = no
		return
	}
	c.matchProto(pk, f, app, m)
	if m.t == no {
		return
	}
	src, dst, sport, dport := f.Src, f.Dst, f.SrcPort, f.DstPort
	if !pk.toServer {
		src, dst, sport, dport = dst, src, dport, sport
	}
	ported := f.Proto == protoTCP || f.Proto == protoUDP
	h := c.header(src, dst, sport, dport, ported)
	if h == no && c.r.Direction == suricata.DirBoth {
		h = c.header(dst, src, dport, sport, ported)
	} else if h == unknown && c.r.Direction == suricata.DirBoth {
		if c.header(dst, src, dport, sport, ported) == yes {
			h = yes
		}
	}
	if h == unknown {
		c.headerWhy(src, dst, sport, dport, ported, m)
		if c.r.Direction == suricata.DirBoth {
			c.headerWhy(dst, src, dport, sport, ported, m)
		}
	} else {
		m.and(h, "")
	}
	if m.t == no {
		return
	}
	if fl := c.r.Flow; fl != nil {
		if (fl.ToServer && !pk.toServer) || (fl.ToClient && pk.toServer) ||
			(fl.Established && !pk.established) || (fl.NotEstablished && pk.established) {
			m.and(no, "")
			return
		}
	}
	if ip := c.r.IPProto; ip != nil {
		m.and(ipProto(ip, f.Proto), "")
	}
	if c.r.SSLState != nil {
		c.matchSSLState(pk, app, m)
	}
	if c.r.AppLayerProtocol != nil {
		c.matchALP(pk, app, m)
	}
	if len(c.r.Contents)+len(c.r.PCREs) > 0 && !pk.payload {
		m.and(no, "") // handshake segments carry no payload or app-layer buffer
		return
	}
	for i := range c.r.Contents {
		ct := &c.r.Contents[i]
		if ct.Buffer == "http.header_names" {
			if c.headerNamesCRLF {
				// http.header_names is an HTTP buffer
				switch {
				case app.kind == appHTTP:
				case app.kind == appTCPUnknown:
					m.and(unknown, "the flow's application protocol is unknown (http.header_names needs HTTP)")
				case app.kind == appNamed && httpCarrier(app.name):
					m.and(unknown, "http.header_names on this flow's protocol is not modelled")
				default:
					m.and(no, "")
				}
			}
			continue
		}
		buf, t, why := packetBuffer(ct.Buffer, pk, f, app)
		if t != yes {
			m.and(t, why)
			continue
		}
		m.and(matchContent(ct, buf), "")
	}
	for i := range c.r.PCREs {
		pc := &c.r.PCREs[i]
		buf, t, why := packetBuffer(pc.Buffer, pk, f, app)
		if t != yes {
			m.and(t, why)
			continue
		}
		if pc.Regexp == nil {
			m.and(unknown, "pcre /"+pc.Pattern+"/ is not modelled: "+pc.Unsupported)
			continue
		}
		m.and(boolTri(pc.Regexp.MatchString(buf) != pc.Negated), "")
	}
	if c.geo != nil && m.t != no {
		c.geo.match(src, dst, m)
	}
	for _, w := range c.static {
		m.and(unknown, w)
	}
}

// header matches the rule's header one way round.
func (c *crule) header(src, dst netip.Addr, sport, dport uint16, ported bool) tri {
	t := c.src.match(src)
	if t == no {
		return no
	}
	t = and(t, c.dst.match(dst))
	if t == no {
		return no
	}
	for i, ps := range [2]*portM{&c.sp, &c.dp} {
		if ps.kind == mAny && !ps.neg {
			continue
		}
		if !ported {
			t = and(t, unknown)
			continue
		}
		port := sport
		if i == 1 {
			port = dport
		}
		t = and(t, ps.match(port))
		if t == no {
			return no
		}
	}
	return t
}

// headerWhy adds why an unknown header match is unknown.
func (c *crule) headerWhy(src, dst netip.Addr, sport, dport uint16, ported bool, m *match) {
	if c.src.match(src) == unknown {
		c.src.whyInto(m)
	}
	if c.dst.match(dst) == unknown {
		c.dst.whyInto(m)
	}
	for i, ps := range [2]*portM{&c.sp, &c.dp} {
		if ps.kind == mAny && !ps.neg {
			continue
		}
		if !ported {
			m.and(unknown, "rule has ports but the flow's protocol has none")
			continue
		}
		port := sport
		if i == 1 {
			port = dport
		}
		if ps.match(port) == unknown {
			ps.whyInto(m)
		}
	}
}

func and(a, b tri) tri {
	if a == no || b == no {
		return no
	}
	if a == unknown || b == unknown {
		return unknown
	}
	return yes
}

// listTri: a list matches when one positive element matches (or it has
// none) and no negated element matches.
func (a *addrM) match(ip netip.Addr) tri {
	var t tri
	switch a.kind {
	case mAny:
		t = yes
	case mOne:
		t = boolTri(a.pfx.Contains(ip))
	case mVar:
		t = a.inner.match(ip)
	case mSet:
		t = boolTri(setContains(a.set, ip))
	case mBad:
		t = unknown
	case mList:
		pos, posHit, negHit := false, no, no
		for i := range a.list {
			e := &a.list[i]
			et := e.matchUnnegated(ip)
			if e.neg {
				negHit = or(negHit, et)
			} else {
				pos = true
				posHit = or(posHit, et)
			}
		}
		if !pos {
			posHit = yes
		}
		t = and(posHit, not(negHit))
	}
	if a.neg {
		t = not(t)
	}
	return t
}

func (a *addrM) matchUnnegated(ip netip.Addr) tri {
	if !a.neg {
		return a.match(ip)
	}
	return not(a.match(ip))
}

func (a *addrM) whyInto(m *match) {
	switch a.kind {
	case mBad:
		m.and(unknown, a.why)
	case mVar:
		a.inner.whyInto(m)
	case mList:
		for i := range a.list {
			a.list[i].whyInto(m)
		}
	}
}

func (p *portM) match(port uint16) tri {
	var t tri
	switch p.kind {
	case mAny:
		t = yes
	case mOne:
		t = boolTri(p.lo <= port && port <= p.hi)
	case mVar:
		t = p.inner.match(port)
	case mBad:
		t = unknown
	case mList:
		pos, posHit, negHit := false, no, no
		for i := range p.list {
			e := &p.list[i]
			et := e.match(port)
			if e.neg {
				et = not(et) // undo the element's own negation
				negHit = or(negHit, et)
			} else {
				pos = true
				posHit = or(posHit, et)
			}
		}
		if !pos {
			posHit = yes
		}
		t = and(posHit, not(negHit))
	}
	if p.neg {
		t = not(t)
	}
	return t
}

func (p *portM) whyInto(m *match) {
	switch p.kind {
	case mBad:
		m.and(unknown, p.why)
	case mVar:
		p.inner.whyInto(m)
	case mList:
		for i := range p.list {
			p.list[i].whyInto(m)
		}
	}
}

func matchContent(c *suricata.Content, buf string) tri {
	if c.Offset == 0 && c.Depth == 0 {
		return boolTri(anchored(c, buf) != c.Negated)
	}
	if c.Dotprefix {
		buf = "." + buf
	}
	hay, pat := []byte(buf), c.Pattern
	if c.Nocase {
		hay, pat = asciiLower(hay), asciiLower(pat)
	}
	if c.Offset > 0 {
		if c.Offset > len(hay) {
			hay = nil
		} else {
			hay = hay[c.Offset:]
		}
	}
	if c.Depth > 0 && c.Depth < len(hay) {
		hay = hay[:c.Depth]
	}
	var ok bool
	switch {
	case c.Startswith && c.Endswith:
		ok = bytes.Equal(hay, pat)
	case c.Startswith:
		ok = bytes.HasPrefix(hay, pat)
	case c.Endswith:
		ok = bytes.HasSuffix(hay, pat)
	default:
		ok = bytes.Contains(hay, pat)
	}
	return boolTri(ok != c.Negated)
}

// anchored matches a content without offset or depth against buf (with
// "." in front under dotprefix) without allocating: the hot path of SNI
// and Host rules.
func anchored(c *suricata.Content, buf string) bool {
	pat := c.Pattern
	if c.Dotprefix {
		// Match against "." + buf: a pattern that reaches the dot must
		// have it in the right place.
		n := len(buf) + 1
		if len(pat) > n {
			return false
		}
		at := func(i int) bool { // pat placed at offset i of "." + buf
			if i == 0 {
				return pat[0] == '.' && eqBytes(buf[:len(pat)-1], pat[1:], c.Nocase)
			}
			return eqBytes(buf[i-1:i-1+len(pat)], pat, c.Nocase)
		}
		switch {
		case c.Startswith && c.Endswith:
			return len(pat) == n && at(0)
		case c.Startswith:
			return at(0)
		case c.Endswith:
			return at(n - len(pat))
		}
		for i := 0; i+len(pat) <= n; i++ {
			if at(i) {
				return true
			}
		}
		return false
	}
	if len(pat) > len(buf) {
		return false
	}
	switch {
	case c.Startswith && c.Endswith:
		return len(pat) == len(buf) && eqBytes(buf, pat, c.Nocase)
	case c.Startswith:
		return eqBytes(buf[:len(pat)], pat, c.Nocase)
	case c.Endswith:
		return eqBytes(buf[len(buf)-len(pat):], pat, c.Nocase)
	}
	for i := 0; i+len(pat) <= len(buf); i++ {
		if eqBytes(buf[i:i+len(pat)], pat, c.Nocase) {
			return true
		}
	}
	return false
}

// eqBytes compares s and p of equal length, ASCII case-insensitively under
// nocase (Suricata's nocase folds ASCII only).
func eqBytes(s string, p []byte, nocase bool) bool {
	if len(s) != len(p) {
		return false
	}
	for i := 0; i < len(s); i++ {
		a, b := s[i], p[i]
		if a == b {
			continue
		}
		if !nocase || lower(a) != lower(b) {
			return false
		}
	}
	return true
}

func asciiLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = lower(c)
	}
	return out
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func ipProto(p *suricata.IPProto, proto uint8) tri {
	n := int(proto)
	switch p.Op {
	case "!":
		return boolTri(n != p.Number)
	case "<":
		return boolTri(n < p.Number)
	case ">":
		return boolTri(n > p.Number)
	}
	return boolTri(n == p.Number)
}
