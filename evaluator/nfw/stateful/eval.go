package stateful

import (
	"bytes"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/netverdict/netverdict/evaluator/nfw/suricata"
)

// Action is the stateful engine's verdict for a flow.
type Action uint8

// Verdicts.
const (
	Undecidable Action = iota
	Pass
	Drop
	Reject
	// AlertPass: only alert rules (or an alert default action) matched; the flow passes, logged.
	AlertPass
)

func (a Action) String() string {
	return [...]string{"UNDECIDABLE", "PASS", "DROP", "REJECT", "ALERT_PASS"}[a]
}

// Flow is the flow to judge, as its client (Src) to server (Dst) direction.
type Flow struct {
	Src, Dst         netip.Addr
	Proto            uint8
	SrcPort, DstPort uint16
	TLSSNI, HTTPHost string // "" when unknown
	Established      bool
}

// Result is the verdict and the rule (or default action) that decided it.
type Result struct {
	Action     Action
	GroupARN   string
	SID        uint32
	Msg        string
	Default    bool // a STRICT_ORDER default action (or no-match pass) decided
	Reason     string
	Unmodelled []string
}

// tri is a three-valued match.
type tri uint8

const (
	no tri = iota
	yes
	unknown
)

// match is a rule's match against a flow; why names what is unknown.
type match struct {
	t   tri
	why []string
}

func (m *match) and(t tri, why string) {
	switch {
	case m.t == no || t == yes:
	case t == no:
		m.t, m.why = no, nil
	default:
		m.t = unknown
		if why != "" && !slices.Contains(m.why, why) {
			m.why = append(m.why, why)
		}
	}
}

type entry struct {
	g *Group
	r *suricata.Rule
}

// Evaluate returns the stateful verdict for f (§5.4 pseudo-code). Only the
// flow's client-to-server packets are judged.
func (p *Policy) Evaluate(f Flow) Result {
	var order []entry
	for _, g := range p.Groups {
		for _, r := range g.Rules {
			order = append(order, entry{g, r})
		}
	}
	def := Result{Action: Pass, Default: true, Reason: "no stateful rule matched (no implicit drop)"}
	if p.RuleOrder == StrictOrder {
		def = p.strictDefault(f)
	} else {
		rank := func(a suricata.Action) int {
			switch a {
			case suricata.Pass:
				return 0
			case suricata.Drop:
				return 1
			case suricata.Alert:
				return 3
			}
			return 2 // reject variants
		}
		prio := func(r *suricata.Rule) int {
			if r.Priority == 0 {
				return 3 // Suricata's default priority
			}
			return r.Priority
		}
		slices.SortStableFunc(order, func(a, b entry) int {
			if d := rank(a.r.Action) - rank(b.r.Action); d != 0 {
				return d
			}
			return prio(a.r) - prio(b.r)
		})
	}
	var alert *Result
	var pending []Result // rules whose match is unknown, before the deciding one
	decide := func(res Result) Result {
		for _, u := range pending {
			if class(u.Action) != class(res.Action) {
				out := Result{Action: Undecidable, GroupARN: u.GroupARN, SID: u.SID, Msg: u.Msg, Unmodelled: u.Unmodelled,
					Reason: fmt.Sprintf("rule sid %d (%s) may match: %s; it would %s, otherwise %s",
						u.SID, u.GroupARN, u.Reason, strings.ToLower(u.Action.String()), strings.ToLower(res.Action.String()))}
				return out
			}
		}
		return res
	}
	for _, e := range order {
		m := matchRule(e.g, e.r, f)
		if m.t == no {
			continue
		}
		act := ruleAction(e.g, e.r)
		res := Result{Action: act, GroupARN: e.g.ARN, SID: e.r.SID, Msg: e.r.Msg,
			Reason: fmt.Sprintf("matched %s rule sid %d", e.r.Action, e.r.SID)}
		if act == AlertPass {
			// Alert never decides: evaluation continues (§5.4).
			if m.t == yes && alert == nil {
				alert = &res
			}
			continue
		}
		if m.t == unknown {
			res.Reason = strings.Join(m.why, "; ")
			res.Unmodelled = e.r.Unmodelled
			pending = append(pending, res)
			continue
		}
		return decide(res)
	}
	if alert != nil && class(def.Action) == class(Pass) && def.Action != AlertPass {
		a := *alert
		a.Reason = "only alert rules matched; " + a.Reason
		return decide(a)
	}
	return decide(def)
}

func class(a Action) Action {
	if a == AlertPass {
		return Pass
	}
	return a
}

func ruleAction(g *Group, r *suricata.Rule) Action {
	switch r.Action {
	case suricata.Pass:
		return Pass
	case suricata.Drop:
		if g.Override == "DROP_TO_ALERT" {
			return AlertPass
		}
		return Drop
	case suricata.Alert:
		return AlertPass
	}
	return Reject
}

// strictDefault applies StatefulDefaultActions (§5.4 table); none → pass.
func (p *Policy) strictDefault(f Flow) Result {
	res := Result{Action: Pass, Default: true, Reason: "no rule matched and no stateful default action"}
	alert := ""
	for _, a := range p.DefaultActions {
		switch a {
		case "aws:drop_strict":
			return Result{Action: Drop, Default: true, Reason: "default action aws:drop_strict drops all packets no rule passed"}
		case "aws:drop_established":
			if f.Established {
				return Result{Action: Drop, Default: true, Reason: "default action aws:drop_established drops packets of established connections"}
			}
			res.Reason = "default action aws:drop_established lets the connection-establishment packets through"
		case "aws:alert_strict":
			alert = a
		case "aws:alert_established":
			if f.Established {
				alert = a
			}
		default:
			if strings.Contains(a, "app_layer") && f.Established {
				return Result{Action: Undecidable, Default: true, Reason: "default action " + a + " is not modelled"}
			}
			if !strings.Contains(a, "app_layer") {
				return Result{Action: Undecidable, Default: true, Reason: "unknown stateful default action " + a}
			}
		}
	}
	if alert != "" {
		res.Action = AlertPass
		res.Reason = "default action " + alert + " logs the flow; " + res.Reason
	}
	return res
}

// matchRule matches the client-to-server packets of f against r.
func matchRule(g *Group, r *suricata.Rule, f Flow) match {
	m := match{t: yes}
	for _, kw := range r.Unmodelled {
		if kw == "http.header_names" && headerNamesCRLF(r) {
			continue // matches every HTTP request (see headerNamesCRLF)
		}
		m.and(unknown, "keyword "+kw+" is not modelled")
	}
	if kw := modelledButUnsupported(r); kw != "" {
		m.and(unknown, kw)
	}
	m.and(matchProto(r.Protocol, f))
	// header, in the forward direction and, for "<>", the other way round
	h := matchHeader(g, r, f.Src, f.SrcPort, f.Dst, f.DstPort, f.Proto)
	if r.Direction == suricata.DirBoth && h.t != yes {
		h2 := matchHeader(g, r, f.Dst, f.DstPort, f.Src, f.SrcPort, f.Proto)
		switch {
		case h2.t == yes:
			h = h2
		case h2.t == unknown:
			h.t, h.why = unknown, append(h.why, h2.why...)
		}
	}
	if h.t == unknown {
		for _, w := range h.why {
			m.and(unknown, w)
		}
	} else {
		m.and(h.t, "")
	}
	if r.Flow != nil {
		fl := r.Flow
		if fl.ToClient || (fl.Established && !f.Established) || (fl.NotEstablished && f.Established) {
			m.and(no, "")
		}
		if fl.OnlyStream || fl.NoStream || fl.OnlyFrag || fl.NoFrag {
			m.and(unknown, "flow stream/fragment options are not modelled")
		}
	}
	if r.IPProto != nil {
		m.and(ipProto(r.IPProto, f.Proto), "")
	}
	if r.SSLState != nil {
		if slices.Equal(r.SSLState.States, []string{"client_hello"}) && f.TLSSNI != "" {
			m.and(yes, "")
		} else {
			m.and(unknown, "ssl_state:"+strings.Join(r.SSLState.States, "|")+" needs TLS handshake data")
		}
	}
	for _, c := range r.Contents {
		if c.Buffer == "http.header_names" {
			continue
		}
		buf, ok := buffer(c.Buffer, f)
		if !ok {
			m.and(unknown, bufferWhy(c.Buffer))
			continue
		}
		m.and(matchContent(c, buf), "")
	}
	for _, p := range r.PCREs {
		buf, ok := buffer(p.Buffer, f)
		if !ok || p.Regexp == nil {
			m.and(unknown, "pcre on "+bufName(p.Buffer)+" is not modelled for this flow")
			continue
		}
		t := p.Regexp.MatchString(buf) != p.Negated
		m.and(boolTri(t), "")
	}
	return m
}

func boolTri(b bool) tri {
	if b {
		return yes
	}
	return no
}

// headerNamesCRLF says whether r's only http.header_names content is the
// AWS allowlist catch-all `http.header_names; content:"|0d 0a|"; startswith;`:
// Suricata's header-names buffer starts with CRLF for every HTTP request.
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
	return n == 1 && len(r.Unmodelled) == 1
}

// modelledButUnsupported names typed keywords this evaluator does not yet decide.
func modelledButUnsupported(r *suricata.Rule) string {
	switch {
	case r.GeoIP != nil:
		return "geoip needs the flow's country, which is not modelled"
	case r.AppLayerProtocol != nil:
		return "app-layer-protocol is not modelled"
	case len(r.Flowbits) > 0:
		return "flowbits are not modelled"
	}
	return ""
}

func buffer(name string, f Flow) (string, bool) {
	switch name {
	case "tls.sni":
		return f.TLSSNI, f.TLSSNI != ""
	case "http.host":
		return strings.ToLower(f.HTTPHost), f.HTTPHost != "" // Suricata normalises http.host to lower case
	}
	return "", false
}

func bufName(b string) string {
	if b == "" {
		return "the payload"
	}
	return b
}

func bufferWhy(b string) string {
	switch b {
	case "tls.sni":
		return "the flow's TLS SNI is unknown"
	case "http.host":
		return "the flow's HTTP Host is unknown"
	}
	return "content on " + bufName(b) + " is not modelled"
}

func matchContent(c suricata.Content, buf string) tri {
	if c.Dotprefix {
		buf = "." + buf
	}
	hay, pat := []byte(buf), c.Pattern
	if c.Nocase {
		hay, pat = bytes.ToLower(hay), bytes.ToLower(pat)
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

// matchProto: ip is everything; tcp/udp/icmp by number; tls/http only on
// TCP, known when the flow carries the SNI/Host; other app-layer protocols
// are unknown unless the flow is known to be TLS or HTTP.
func matchProto(proto string, f Flow) (tri, string) {
	switch proto {
	case "ip":
		return yes, ""
	case "tcp":
		return boolTri(f.Proto == 6), ""
	case "udp":
		return boolTri(f.Proto == 17), ""
	case "icmp":
		return boolTri(f.Proto == 1 || f.Proto == 58), ""
	case "tls":
		if f.Proto != 6 {
			return no, ""
		}
		if f.TLSSNI != "" {
			return yes, ""
		}
		if f.HTTPHost != "" {
			return no, ""
		}
		return unknown, "the flow's application protocol is unknown (tls rule needs the TLS SNI)"
	case "http":
		if f.Proto != 6 {
			return no, ""
		}
		if f.HTTPHost != "" {
			return yes, ""
		}
		if f.TLSSNI != "" {
			return no, ""
		}
		return unknown, "the flow's application protocol is unknown (http rule needs the HTTP Host)"
	}
	if f.TLSSNI != "" || f.HTTPHost != "" {
		return no, ""
	}
	return unknown, "application protocol " + proto + " is not modelled"
}

func matchHeader(g *Group, r *suricata.Rule, src netip.Addr, sport uint16, dst netip.Addr, dport uint16, proto uint8) match {
	m := match{t: yes}
	t, why := matchAddr(g, r.Src, src, 0)
	m.and(t, why)
	t, why = matchAddr(g, r.Dst, dst, 0)
	m.and(t, why)
	ported := proto == 6 || proto == 17
	for i, ps := range []suricata.PortSpec{r.SrcPorts, r.DstPorts} {
		if ps.Kind == suricata.PortAny && !ps.Negated {
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
		t, why = matchPort(g, ps, port, 0)
		m.and(t, why)
	}
	return m
}

// matchList: a list matches when one positive element matches (or it has
// none) and no negated element matches.
func listTri(elems int, each func(i int) (tri, bool, string)) (tri, string) {
	pos, posHit, negHit := false, no, no
	var whys []string
	for i := 0; i < elems; i++ {
		t, neg, why := each(i)
		if why != "" {
			whys = append(whys, why)
		}
		if neg {
			negHit = or(negHit, t)
		} else {
			pos = true
			posHit = or(posHit, t)
		}
	}
	if !pos {
		posHit = yes
	}
	res := and(posHit, not(negHit))
	if res == unknown {
		return res, strings.Join(whys, "; ")
	}
	return res, ""
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

func and(a, b tri) tri {
	if a == no || b == no {
		return no
	}
	if a == unknown || b == unknown {
		return unknown
	}
	return yes
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

const maxDepth = 16

func matchAddr(g *Group, s suricata.AddressSpec, a netip.Addr, depth int) (tri, string) {
	if depth > maxDepth {
		return unknown, "address variables nest too deeply"
	}
	var t tri
	var why string
	switch s.Kind {
	case suricata.AddrAny:
		t = yes
	case suricata.AddrPrefix:
		t = boolTri(s.Prefix.Masked().Contains(a))
	case suricata.AddrVar:
		v, ok := g.addrVars[s.Var]
		switch {
		case !ok:
			return unknown, "variable " + s.Var + " is not defined in the rule group"
		case v.problem != "":
			return unknown, v.problem
		}
		t, why = matchAddr(g, v.spec, a, depth+1)
	case suricata.AddrList:
		t, why = listTri(len(s.List), func(i int) (tri, bool, string) {
			e := s.List[i]
			neg := e.Negated
			e.Negated = false
			t, why := matchAddr(g, e, a, depth+1)
			return t, neg, why
		})
	}
	if s.Negated {
		t = not(t)
	}
	return t, why
}

func matchPort(g *Group, s suricata.PortSpec, p uint16, depth int) (tri, string) {
	if depth > maxDepth {
		return unknown, "port variables nest too deeply"
	}
	var t tri
	var why string
	switch s.Kind {
	case suricata.PortAny:
		t = yes
	case suricata.PortRange:
		t = boolTri(s.Lo <= p && p <= s.Hi)
	case suricata.PortVar:
		v, ok := g.portVars[s.Var]
		switch {
		case !ok:
			return unknown, "variable " + s.Var + " is not defined in the rule group"
		case v.problem != "":
			return unknown, v.problem
		}
		t, why = matchPort(g, v.spec, p, depth+1)
	case suricata.PortList:
		t, why = listTri(len(s.List), func(i int) (tri, bool, string) {
			e := s.List[i]
			neg := e.Negated
			e.Negated = false
			t, why := matchPort(g, e, p, depth+1)
			return t, neg, why
		})
	}
	if s.Negated {
		t = not(t)
	}
	return t, why
}
