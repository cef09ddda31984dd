package stateful

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/geo"
	"github.com/netverdict/netverdict/evaluator/nfw/suricata"
)

// refCond is one condition of a rule on a packet.
type refCond struct {
	t   tri
	why string
}

// refMatch decides whether rule rr matches packet pk of flow f, as a list
// of conditions that must all hold; why says what is unknown.
func refMatch(rr refRule, pk refPkt, f Flow) (tri, string) {
	r := rr.rule
	var conds []refCond
	add := func(t tri, why string) { conds = append(conds, refCond{t, why}) }

	// §5.6: IP-only rules are looked at on the first packet of each side only.
	ipOnly := false
	switch r.Protocol {
	case "ip", "tcp", "udp", "icmp", "icmpv4", "icmpv6":
		ipOnly = r.Flow == nil && len(r.Contents) == 0 && len(r.PCREs) == 0 && r.SSLState == nil &&
			r.AppLayerProtocol == nil && len(r.Flowbits) == 0 && len(r.Unmodelled) == 0 && !r.Dst.Negated &&
			r.GeoIP == nil // Suricata: geoip is not IP-only compatible
	}
	if ipOnly && !pk.firstOfSide {
		return no, ""
	}

	app := refAppOf(f)

	switch r.Protocol {
	case "ip":
	case "pkthdr", "tcp-pkt", "tcp-stream", "ipv4", "ipv6":
		add(unknown, "protocol keyword "+r.Protocol+" is not modelled")
	case "tcp":
		add(boolTri(f.Proto == 6), "")
	case "udp":
		add(boolTri(f.Proto == 17), "")
	case "icmp":
		add(boolTri(f.Proto == 1 || f.Proto == 58), "")
	case "icmpv4":
		add(boolTri(f.Proto == 1), "")
	case "icmpv6":
		add(boolTri(f.Proto == 58), "")
	default:
		isHTTP := r.Protocol == "http" || r.Protocol == "http1" || r.Protocol == "http-any"
		switch {
		case !pk.hasAppData || !app.layer:
			add(no, "") // not identified before the handshake is done (§5.5)
		case app.proto != "":
			add(refProtoMatch(r.Protocol, app.proto))
		case app.udp && (isHTTP || r.Protocol == "tls"):
			add(no, "") // UDP is never TLS or HTTP
		default:
			add(unknown, "application protocol of the flow is unknown"+app.bad)
		}
	}

	// Header: the packet's own addresses; "<>" also the other way round.
	src, dst, sp, dp := f.Src, f.Dst, f.SrcPort, f.DstPort
	if !pk.fromClient {
		src, dst, sp, dp = f.Dst, f.Src, f.DstPort, f.SrcPort
	}
	hdr := func(src, dst netip.Addr, sp, dp uint16) (tri, string) {
		t, whys := yes, []string{}
		step := func(x tri, why string) {
			t = and(t, x)
			if x == unknown && why != "" {
				whys = append(whys, why)
			}
		}
		step(refAddr(rr.vars, r.Src, src, 0))
		step(refAddr(rr.vars, r.Dst, dst, 0))
		for k, ps := range []suricata.PortSpec{r.SrcPorts, r.DstPorts} {
			if ps.Kind == suricata.PortAny && !ps.Negated {
				continue
			}
			if f.Proto != 6 && f.Proto != 17 {
				step(unknown, "the rule has ports but the flow's protocol has none")
				continue
			}
			port := sp
			if k == 1 {
				port = dp
			}
			step(refPort(rr.vars, ps, port, 0))
		}
		return t, strings.Join(whys, "; ")
	}
	h, why := hdr(src, dst, sp, dp)
	if r.Direction == suricata.DirBoth {
		h2, why2 := hdr(dst, src, dp, sp)
		h, why = or(h, h2), why+"; "+why2
	}
	add(h, why)

	if fl := r.Flow; fl != nil {
		if fl.ToServer {
			add(boolTri(pk.fromClient), "")
		}
		if fl.ToClient {
			add(boolTri(!pk.fromClient), "")
		}
		if fl.Established {
			add(boolTri(pk.established), "")
		}
		if fl.NotEstablished {
			add(boolTri(!pk.established), "")
		}
		if fl.OnlyStream || fl.NoStream || fl.OnlyFrag || fl.NoFrag {
			add(unknown, "flow stream/fragment options are not modelled")
		}
	}
	if ip := r.IPProto; ip != nil {
		n := int(f.Proto)
		switch ip.Op {
		case "":
			add(boolTri(n == ip.Number), "")
		case "!":
			add(boolTri(n != ip.Number), "")
		case "<":
			add(boolTri(n < ip.Number), "")
		case ">":
			add(boolTri(n > ip.Number), "")
		}
	}
	if ss := r.SSLState; ss != nil {
		maybeTLS := app.proto == "tls" || (app.proto == "" && app.layer && !app.udp)
		switch {
		case !pk.hasAppData || !maybeTLS:
			add(no, "")
		case len(ss.States) == 1 && ss.States[0] == "client_hello" && !pk.fromClient:
			add(no, "")
		case len(ss.States) == 1 && ss.States[0] == "client_hello" && app.proto == "tls":
		default:
			add(unknown, "ssl_state needs TLS handshake data")
		}
	}

	crlf := headerNamesCRLF(r)
	if len(r.Contents)+len(r.PCREs) > 0 && !pk.hasPayload {
		add(no, "")
	}
	for _, c := range r.Contents {
		if c.Buffer == "http.header_names" {
			if crlf {
				switch {
				case app.proto == "http":
				case app.proto == "" && app.layer && !app.udp:
					add(unknown, "http.header_names needs HTTP")
				case slices.Contains(refCarriers["http"], app.proto):
					add(unknown, "http.header_names on "+app.proto+" is not modelled")
				default:
					add(no, "")
				}
			}
			continue
		}
		buf, t, why := refBuffer(c.Buffer, pk, f, app)
		if t == yes {
			t = refContent(c, buf)
		}
		add(t, why)
	}
	for _, pc := range r.PCREs {
		buf, t, why := refBuffer(pc.Buffer, pk, f, app)
		if t == yes {
			if pc.Regexp == nil {
				t, why = unknown, "pcre not modelled"
			} else {
				t = boolTri(pc.Regexp.MatchString(buf) != pc.Negated)
			}
		}
		add(t, why)
	}
	for _, kw := range r.Unmodelled {
		if !(kw == "http.header_names" && crlf) {
			add(unknown, "keyword "+kw+" is not modelled")
		}
	}
	if len(r.Flowbits) > 0 {
		add(unknown, "flowbits are not modelled")
	}
	if r.GeoIP != nil {
		add(refGeoIP(rr.geo, r.GeoIP, src, dst))
	}
	if alp := r.AppLayerProtocol; alp != nil {
		switch {
		case alp.Name == "failed" || alp.Name == "unknown":
			add(unknown, "app-layer-protocol:"+alp.Name+" is not modelled")
		case !pk.hasAppData || !app.layer:
			// Nothing identified yet: a name cannot match; a negated one
			// differs between Suricata versions.
			if alp.Negated {
				add(unknown, "app-layer-protocol:!"+alp.Name+" before the protocol is identified")
			} else {
				add(no, "")
			}
		case app.proto == "":
			add(unknown, "app-layer-protocol: the flow's application protocol is unknown"+app.bad)
		default:
			t, why := refProtoMatch(alp.Name, app.proto)
			if alp.Negated {
				t = not(t)
			}
			add(t, why)
		}
	}

	res, whys := yes, []string{}
	for _, c := range conds {
		res = and(res, c.t)
		if c.t == unknown {
			whys = append(whys, c.why)
		}
	}
	return res, strings.Join(whys, "; ")
}

// refBuffer is a sticky buffer's content on a packet (see packetBuffer):
// request buffers exist on the client's packets of a flow of their
// protocol; on a flow of a protocol that may carry them (refCarriers) or
// whose protocol is unknown they are unknown.
func refBuffer(name string, pk refPkt, f Flow, app refFlowApp) (string, tri, string) {
	if name == "" {
		return "", unknown, "payload content is not modelled"
	}
	owner := map[string]string{"tls.sni": "tls", "http.host": "http", "http.uri": "http", "dns.query": "dns"}[name]
	if owner == "" {
		return "", unknown, name + " is not modelled"
	}
	if !pk.fromClient || !app.layer {
		return "", no, ""
	}
	switch {
	case app.proto == "" && app.udp && owner != "dns":
		return "", no, "" // UDP is never TLS or HTTP
	case app.proto == "":
		return "", unknown, name + " of the flow is unknown" + app.bad
	case app.proto != owner && slices.Contains(refCarriers[owner], app.proto):
		return "", unknown, name + " on a " + app.proto + " flow is not modelled"
	case app.proto != owner:
		return "", no, ""
	case name == "tls.sni" && f.TLSSNI == "":
		return "", unknown, "the flow's TLS SNI is not given"
	case name == "tls.sni":
		return f.TLSSNI, yes, ""
	case name == "http.host" && f.HTTPHost == "":
		return "", unknown, "the flow's HTTP Host is not given"
	case name == "http.host":
		return strings.ToLower(f.HTTPHost), yes, ""
	}
	return "", unknown, name + " is not modelled"
}

// refContent matches one content against a buffer, as the Suricata docs
// describe the modifiers.
func refContent(c suricata.Content, buf string) tri {
	if c.Dotprefix {
		buf = "." + buf
	}
	pat := string(c.Pattern)
	if c.Nocase { // Suricata's nocase folds ASCII letters only
		fold := func(s string) string {
			b := []byte(s)
			for i, c := range b {
				if 'A' <= c && c <= 'Z' {
					b[i] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
		buf, pat = fold(buf), fold(pat)
	}
	// offset: start looking this many bytes in; depth: look this far from there.
	if c.Offset > len(buf) {
		buf = ""
	} else {
		buf = buf[c.Offset:]
	}
	if c.Depth > 0 && len(buf) > c.Depth {
		buf = buf[:c.Depth]
	}
	found := false
	for i := 0; i+len(pat) <= len(buf); i++ {
		if buf[i:i+len(pat)] != pat {
			continue
		}
		if c.Startswith && i != 0 {
			continue
		}
		if c.Endswith && i+len(pat) != len(buf) {
			continue
		}
		found = true
		break
	}
	return boolTri(found != c.Negated)
}

func refAddr(vars map[string]any, s suricata.AddressSpec, a netip.Addr, depth int) (tri, string) {
	if depth > maxDepth {
		return unknown, "address variables nest too deeply"
	}
	t, why := yes, ""
	switch s.Kind {
	case suricata.AddrPrefix:
		t = boolTri(s.Prefix.Masked().Contains(a))
	case suricata.AddrVar:
		switch v := vars[s.Var].(type) {
		case suricata.AddressSpec:
			t, why = refAddr(vars, v, a, depth+1)
		case refPrefixList:
			// "@NAME matches an address iff some CIDR of the list contains it."
			t = boolTri(slices.ContainsFunc(v, func(p netip.Prefix) bool { return p.Contains(a) }))
		case string:
			return unknown, v
		default:
			return unknown, "variable " + s.Var + " is not defined"
		}
	case suricata.AddrList:
		// Some positive element (or none exist) and no negated one.
		anyPos, pos, neg := false, no, no
		var whys []string
		for _, e := range s.List {
			n := e.Negated
			e.Negated = false
			et, w := refAddr(vars, e, a, depth+1)
			if w != "" {
				whys = append(whys, w)
			}
			if n {
				neg = or(neg, et)
			} else {
				anyPos, pos = true, or(pos, et)
			}
		}
		if !anyPos {
			pos = yes
		}
		t, why = and(pos, not(neg)), strings.Join(whys, "; ")
	}
	if s.Negated {
		t = not(t)
	}
	return t, why
}

func refPort(vars map[string]any, s suricata.PortSpec, p uint16, depth int) (tri, string) {
	if depth > maxDepth {
		return unknown, "port variables nest too deeply"
	}
	t, why := yes, ""
	switch s.Kind {
	case suricata.PortRange:
		t = boolTri(s.Lo <= p && p <= s.Hi)
	case suricata.PortVar:
		switch v := vars[s.Var].(type) {
		case suricata.PortSpec:
			t, why = refPort(vars, v, p, depth+1)
		case string:
			return unknown, v
		default:
			return unknown, "variable " + s.Var + " is not defined"
		}
	case suricata.PortList:
		anyPos, pos, neg := false, no, no
		var whys []string
		for _, e := range s.List {
			n := e.Negated
			e.Negated = false
			et, w := refPort(vars, e, p, depth+1)
			if w != "" {
				whys = append(whys, w)
			}
			if n {
				neg = or(neg, et)
			} else {
				anyPos, pos = true, or(pos, et)
			}
		}
		if !anyPos {
			pos = yes
		}
		t, why = and(pos, not(neg)), strings.Join(whys, "; ")
	}
	if s.Negated {
		t = not(t)
	}
	return t, why
}

// refGeoIP reads geoip:<direction>,<codes> as Suricata's detect-geoip.c
// does (§5.6): one "!" negates the whole list; src and dst look up one of
// the packet's addresses, both needs every looked-up address to match, any
// one of them. An address the geo file has no country for is unknown
// (undocumented for AWS).
func refGeoIP(db *geo.DB, g *suricata.GeoIP, src, dst netip.Addr) (tri, string) {
	if db == nil {
		return unknown, "geoip: no geo file given"
	}
	negated := false
	var list []string
	for _, c := range g.Countries {
		if strings.HasPrefix(c, "!") {
			negated, c = true, c[1:]
		}
		list = append(list, c)
	}
	var addrs []netip.Addr
	all := false
	switch g.Direction {
	case "src":
		addrs = []netip.Addr{src}
	case "dst":
		addrs = []netip.Addr{dst}
	case "both":
		addrs, all = []netip.Addr{src, dst}, true
	case "any":
		addrs = []netip.Addr{src, dst}
	default:
		return unknown, "geoip: direction " + g.Direction + " is not known"
	}
	var res tri
	var whys []string
	for i, a := range addrs {
		var t tri
		if cc, _, ok := db.Country(a); ok {
			t = boolTri(slices.Contains(list, cc) != negated)
		} else {
			t = unknown
			whys = append(whys, "geoip: "+a.String()+" is not in the geo file")
		}
		switch {
		case i == 0:
			res = t
		case all:
			res = and(res, t)
		default:
			res = or(res, t)
		}
	}
	if res != unknown {
		return res, ""
	}
	return unknown, strings.Join(whys, "; ")
}

// refPrefixList is an IP set reference resolved to its prefix list's CIDRs.
type refPrefixList []netip.Prefix

// refIPSetRef reads an IP set reference's ReferenceArn as the API
// reference describes ARNs (arn:partition:service:region:account:resource)
// and looks a VPC prefix list up in lists by its id (§5.1, §5.6): the
// result is a refPrefixList, or a problem string naming the reference.
func refIPSetRef(name, arn string, lists map[string][]netip.Prefix) any {
	head := "IP set reference @" + name + " (" + arn + "): "
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" || parts[1] == "" || parts[2] == "" {
		return head + "ReferenceArn is not an ARN"
	}
	kind, id, _ := strings.Cut(parts[5], "/")
	switch {
	case parts[2] == "resource-groups":
		return head + "resource groups are not modelled"
	case parts[2] != "ec2" || kind != "prefix-list" || !strings.Contains(parts[5], "/"):
		return head + "ReferenceArn names neither a VPC prefix list nor a resource group"
	case id == "":
		return head + "the prefix list ARN has no id"
	}
	cidrs, ok := lists[id]
	if !ok {
		return head + "prefix list " + id + " is not in the config (give aws ec2 get-managed-prefix-list-entries)"
	}
	for i, c := range cidrs {
		if !c.IsValid() {
			return head + "prefix list " + id + ": entry " + strconv.Itoa(i) + " is not a valid CIDR"
		}
	}
	return refPrefixList(cidrs)
}
