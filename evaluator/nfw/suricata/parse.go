package suricata

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// Parse parses a RulesString: one rule per line, blank lines and lines
// starting with "#" skipped, a line ending in "\" continued on the next.
//
// It returns every rule that parsed and validated. When any did not, the
// error is an ErrorList of up to MaxErrors errors, each naming name, the
// line and column, and what is wrong; the RuleSet then holds the good
// rules only (and is never nil).
func Parse(name, text string) (*RuleSet, error) {
	p := &parser{name: name}
	rs := &RuleSet{Name: name, bySID: map[uint32]*Rule{}}
	if len(text) > MaxRulesStringBytes {
		p.errs = append(p.errs, &Error{Name: name, Line: 1, Col: 1,
			Msg: fmt.Sprintf("rules string is %d bytes; AWS Network Firewall allows %d", len(text), MaxRulesStringBytes)})
	}
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines) && !p.full(); i++ {
		first := i + 1
		l := strings.TrimSuffix(lines[i], "\r")
		p.text = ""
		p.segs = p.segs[:0]
		for {
			p.segs = append(p.segs, seg{off: len(p.text), line: i + 1})
			if strings.HasSuffix(l, "\\") && i+1 < len(lines) {
				p.text += l[:len(l)-1]
				i++
				l = strings.TrimSuffix(lines[i], "\r")
				continue
			}
			p.text += l
			break
		}
		t := strings.TrimLeft(p.text, " \t\v\f")
		if t == "" || t[0] == '#' {
			continue
		}
		nerr := len(p.errs)
		if n := len(strings.TrimRight(t, " \t\r\v\f")); n > MaxRuleChars {
			p.errorf(len(p.text)-len(t), "rule is %d characters; AWS Network Firewall allows %d", n, MaxRuleChars)
			continue
		}
		r := p.parseRule(len(p.text) - len(t))
		if r == nil || len(p.errs) != nerr {
			continue
		}
		r.Line = first
		if prev, dup := rs.bySID[r.SID]; dup {
			p.errorf(p.sidOff, "sid %d already used by the rule on line %d", r.SID, prev.Line)
			continue
		}
		rs.bySID[r.SID] = r
		rs.Rules = append(rs.Rules, r)
	}
	if len(p.errs) > 0 {
		return rs, p.errs
	}
	return rs, nil
}

// AWS Network Firewall quotas (quotas page): a rule may be at most
// MaxRuleChars characters (before variables are expanded, which AWS also
// counts) and a RulesString at most MaxRulesStringBytes bytes.
const (
	MaxRuleChars        = 8192
	MaxRulesStringBytes = 2000000
)

// seg maps a logical (continued) line back to the physical lines: the text
// from off on came from line, starting at its column 1.
type seg struct{ off, line int }

type parser struct {
	name   string
	errs   ErrorList
	text   string // the current logical line
	segs   []seg
	sidOff int // offset of the current rule's sid option
}

func (p *parser) full() bool { return len(p.errs) >= MaxErrors }

func (p *parser) pos(off int) (line, col int) {
	s := p.segs[0]
	for _, x := range p.segs[1:] {
		if x.off > off {
			break
		}
		s = x
	}
	return s.line, off - s.off + 1
}

func (p *parser) errorf(off int, format string, args ...any) {
	if p.full() {
		return
	}
	line, col := p.pos(off)
	p.errs = append(p.errs, &Error{Name: p.name, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'
}

// token returns the next header token at or after i: white space ends it
// outside brackets, and "(" at bracket depth 0 ends the header.
func (p *parser) token(i int) (tok string, start, end int) {
	s := p.text
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	start = i
	depth := 0
	for i < len(s) {
		c := s[i]
		if depth == 0 && (isSpace(c) || c == '(') {
			break
		}
		if c == '[' {
			depth++
		} else if c == ']' && depth > 0 {
			depth--
		}
		i++
	}
	return s[start:i], start, i
}

var protocols = map[string]bool{
	"ip": true, "tcp": true, "udp": true, "icmp": true, "icmpv4": true, "icmpv6": true,
	"ipv4": true, "ipv6": true, "pkthdr": true, "tcp-pkt": true, "tcp-stream": true,
	"http": true, "http1": true, "http2": true, "tls": true, "dns": true, "ssh": true,
	"ftp": true, "ftp-data": true, "smtp": true, "imap": true, "pop3": true, "smb": true,
	"dcerpc": true, "dhcp": true, "krb5": true, "ntp": true, "snmp": true, "sip": true,
	"rfb": true, "mqtt": true, "nfs": true, "tftp": true, "ike": true, "ikev2": true,
	"modbus": true, "dnp3": true, "quic": true, "rdp": true, "pgsql": true,
	"telnet": true, "bittorrent-dht": true, "websocket": true, "ldap": true,
	"doh2": true, "http-any": true,
}

// awsUnsupportedProtocols are rejected, as AWS's limitations page lists them.
var awsUnsupportedProtocols = map[string]bool{"sctp": true, "enip": true, "cip": true}

func (p *parser) parseRule(i int) *Rule {
	r := &Rule{}
	tok, start, end := p.token(i)
	switch strings.ToLower(tok) {
	case "pass":
		r.Action = Pass
	case "drop":
		r.Action = Drop
	case "reject":
		r.Action = Reject
	case "alert":
		r.Action = Alert
	case "rejectsrc":
		r.Action = RejectSrc
	case "rejectdst":
		r.Action = RejectDst
	case "rejectboth":
		r.Action = RejectBoth
	default:
		p.errorf(start, "unknown action %q (want pass, drop, reject or alert)", tok)
		return nil
	}
	tok, start, end = p.token(end)
	proto := strings.ToLower(tok)
	switch {
	case tok == "":
		p.errorf(start, "missing protocol")
		return nil
	case awsUnsupportedProtocols[proto]:
		p.errorf(start, "protocol %q is not supported by AWS Network Firewall", tok)
		return nil
	case !protocols[proto]:
		p.errorf(start, "unknown protocol %q", tok)
		return nil
	}
	r.Protocol = proto
	ok := true
	tok, start, end = p.token(end)
	r.Src, ok = p.addrTop(tok, start, "source address")
	if !ok {
		return nil
	}
	tok, start, end = p.token(end)
	r.SrcPorts, ok = p.portTop(tok, start, "source port")
	if !ok {
		return nil
	}
	tok, start, end = p.token(end)
	switch tok {
	case "->":
		r.Direction = DirForward
	case "<>":
		r.Direction = DirBoth
	case "":
		p.errorf(start, "missing direction (want -> or <>)")
		return nil
	default:
		p.errorf(start, "invalid direction %q (want -> or <>)", tok)
		return nil
	}
	tok, start, end = p.token(end)
	r.Dst, ok = p.addrTop(tok, start, "destination address")
	if !ok {
		return nil
	}
	tok, start, end = p.token(end)
	r.DstPorts, ok = p.portTop(tok, start, "destination port")
	if !ok {
		return nil
	}
	i = end
	for i < len(p.text) && isSpace(p.text[i]) {
		i++
	}
	if i == len(p.text) || p.text[i] != '(' {
		p.errorf(i, "expected \"(\" to start the rule options")
		return nil
	}
	open := i
	last := len(p.text) - 1
	for last > open && isSpace(p.text[last]) {
		last--
	}
	if last == open || p.text[last] != ')' {
		p.errorf(last+1, "missing \")\" at the end of the rule options")
		return nil
	}
	p.sidOff = open
	nerr := len(p.errs)
	st := p.options(r, open+1, last)
	if st.hasPCRE && !st.pcreBuffer {
		p.errorf(st.pcreOff, "option \"pcre\": AWS Network Firewall accepts pcre only with content, tls.sni, http.host or dns.query in the rule")
	}
	if r.SID == 0 && len(p.errs) == nerr {
		p.errorf(open, "rule has no sid (AWS Network Firewall requires one)")
	}
	return r
}

func (p *parser) addrTop(tok string, off int, what string) (AddressSpec, bool) {
	if tok == "" {
		p.errorf(off, "missing %s", what)
		return AddressSpec{}, false
	}
	i := 0
	a, ok := p.addr(tok, &i, off, 0)
	if ok && i != len(tok) {
		p.errorf(off+i, "%s: unexpected %q", what, tok[i:])
		return a, false
	}
	return a, ok
}

const maxNesting = 32

func (p *parser) addr(s string, i *int, base, depth int) (AddressSpec, bool) {
	var a AddressSpec
	if depth > maxNesting {
		p.errorf(base+*i, "address lists nested too deeply")
		return a, false
	}
	if *i < len(s) && s[*i] == '!' {
		a.Negated = true
		*i++
	}
	start := *i
	if *i < len(s) && s[*i] == '[' {
		*i++
		a.Kind = AddrList
		for {
			skipSpaces(s, i)
			e, ok := p.addr(s, i, base, depth+1)
			if !ok {
				return a, false
			}
			a.List = append(a.List, e)
			skipSpaces(s, i)
			if *i < len(s) && s[*i] == ',' {
				*i++
				continue
			}
			if *i < len(s) && s[*i] == ']' {
				*i++
				return a, true
			}
			if *i >= len(s) {
				p.errorf(base+start, "address list: missing \"]\"")
			} else {
				p.errorf(base+*i, "address list: want \",\" or \"]\", got %q", s[*i])
			}
			return a, false
		}
	}
	for *i < len(s) && s[*i] != ',' && s[*i] != ']' && s[*i] != '[' && !isSpace(s[*i]) {
		*i++
	}
	atom := strings.TrimSpace(s[start:*i])
	switch {
	case atom == "":
		p.errorf(base+start, "empty address")
		return a, false
	case strings.EqualFold(atom, "any"):
		if a.Negated {
			p.errorf(base+start-1, "\"!any\" matches nothing")
			return a, false
		}
		a.Kind = AddrAny
		return a, true
	case atom[0] == '$' || atom[0] == '@':
		if !validVar(atom[1:]) {
			p.errorf(base+start, "invalid variable name %q", atom)
			return a, false
		}
		a.Kind, a.Var = AddrVar, atom
		return a, true
	}
	a.Kind = AddrPrefix
	if strings.Contains(atom, "/") {
		pfx, err := netip.ParsePrefix(atom)
		if err != nil {
			p.errorf(base+start, "invalid CIDR %q", atom)
			return a, false
		}
		a.Prefix = pfx
		return a, true
	}
	ad, err := netip.ParseAddr(atom)
	if err != nil || ad.Zone() != "" {
		p.errorf(base+start, "invalid address %q", atom)
		return a, false
	}
	a.Prefix = netip.PrefixFrom(ad, ad.BitLen())
	return a, true
}

func skipSpaces(s string, i *int) {
	for *i < len(s) && isSpace(s[*i]) {
		*i++
	}
}

func validVar(n string) bool {
	if n == "" {
		return false
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func (p *parser) portTop(tok string, off int, what string) (PortSpec, bool) {
	if tok == "" {
		p.errorf(off, "missing %s", what)
		return PortSpec{}, false
	}
	i := 0
	ps, ok := p.port(tok, &i, off, 0)
	if ok && i != len(tok) {
		p.errorf(off+i, "%s: unexpected %q", what, tok[i:])
		return ps, false
	}
	return ps, ok
}

func (p *parser) port(s string, i *int, base, depth int) (PortSpec, bool) {
	var ps PortSpec
	if depth > maxNesting {
		p.errorf(base+*i, "port lists nested too deeply")
		return ps, false
	}
	if *i < len(s) && s[*i] == '!' {
		ps.Negated = true
		*i++
	}
	start := *i
	if *i < len(s) && s[*i] == '[' {
		*i++
		ps.Kind = PortList
		for {
			skipSpaces(s, i)
			e, ok := p.port(s, i, base, depth+1)
			if !ok {
				return ps, false
			}
			ps.List = append(ps.List, e)
			skipSpaces(s, i)
			if *i < len(s) && s[*i] == ',' {
				*i++
				continue
			}
			if *i < len(s) && s[*i] == ']' {
				*i++
				return ps, true
			}
			if *i >= len(s) {
				p.errorf(base+start, "port list: missing \"]\"")
			} else {
				p.errorf(base+*i, "port list: want \",\" or \"]\", got %q", s[*i])
			}
			return ps, false
		}
	}
	for *i < len(s) && s[*i] != ',' && s[*i] != ']' && s[*i] != '[' && !isSpace(s[*i]) {
		*i++
	}
	atom := strings.TrimSpace(s[start:*i])
	switch {
	case atom == "":
		p.errorf(base+start, "empty port")
		return ps, false
	case strings.EqualFold(atom, "any"):
		if ps.Negated {
			p.errorf(base+start-1, "\"!any\" matches nothing")
			return ps, false
		}
		ps.Kind = PortAny
		return ps, true
	case atom[0] == '$':
		if !validVar(atom[1:]) {
			p.errorf(base+start, "invalid variable name %q", atom)
			return ps, false
		}
		ps.Kind, ps.Var = PortVar, atom
		return ps, true
	}
	ps.Kind = PortRange
	lo, hi, isRange := strings.Cut(atom, ":")
	num := func(x string, def uint16) (uint16, bool) {
		if x == "" && isRange {
			return def, true
		}
		n, err := strconv.ParseUint(x, 10, 16)
		if err != nil {
			p.errorf(base+start, "invalid port %q (want 0-65535)", atom)
			return 0, false
		}
		return uint16(n), true
	}
	var ok bool
	if ps.Lo, ok = num(lo, 0); !ok {
		return ps, false
	}
	if !isRange {
		ps.Hi = ps.Lo
		return ps, true
	}
	if lo == "" && hi == "" {
		p.errorf(base+start, "invalid port range %q", atom)
		return ps, false
	}
	if ps.Hi, ok = num(hi, 65535); !ok {
		return ps, false
	}
	if ps.Lo > ps.Hi {
		p.errorf(base+start, "port range %q is empty (low > high)", atom)
		return ps, false
	}
	return ps, true
}

func validKeyword(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c == '_' || c == '.' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// options scans text[i:end] into r.Options and applies each to the typed fields.
func (p *parser) options(r *Rule, i, end int) *optState {
	s := p.text
	st := &optState{}
	for i < end {
		for i < end && isSpace(s[i]) {
			i++
		}
		if i == end {
			return st
		}
		kstart := i
		for i < end && s[i] != ':' && s[i] != ';' {
			i++
		}
		kw := strings.TrimRight(s[kstart:i], " \t\r\v\f")
		if !validKeyword(kw) {
			if kw == "" {
				p.errorf(kstart, "empty option keyword")
			} else {
				p.errorf(kstart, "invalid option keyword %q", kw)
			}
			// Resynchronise after the next ';'.
			for i < end && s[i] != ';' {
				i++
			}
			i++
			continue
		}
		if i == end {
			p.errorf(end, "option %q: missing \";\"", kw)
			return st
		}
		if s[i] == ';' {
			p.apply(r, st, Option{Keyword: kw}, kstart)
			i++
			continue
		}
		i++ // ':'
		first, last, quote := -1, -1, -1
		inQuote := false
		for i < end {
			c := s[i]
			if c == '\\' {
				if first < 0 {
					first = i
				}
				last = i
				if i+1 < end {
					last = i + 1
					i += 2
				} else {
					i++
				}
				continue
			}
			if c == '"' {
				inQuote = !inQuote
				if inQuote {
					quote = i
				}
			} else if c == ';' && !inQuote {
				break
			}
			if !isSpace(c) {
				if first < 0 {
					first = i
				}
				last = i
			}
			i++
		}
		if inQuote {
			p.errorf(quote, "option %q: missing closing quote", kw)
			return st
		}
		if i == end {
			p.errorf(end, "option %q: missing \";\"", kw)
			return st
		}
		o := Option{Keyword: kw, HasValue: true}
		voff := i
		if first >= 0 {
			o.Value = s[first : last+1]
			voff = first
		}
		p.apply(r, st, o, voff)
		i++ // ';'
	}
	return st
}
