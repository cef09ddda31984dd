package suricata

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// optState carries what later options bind to: the sticky buffer, its
// transforms, and the previous content.
type optState struct {
	buffer     string
	dotprefix  bool
	lastPCRE   bool // the previous match option was a pcre, not a content
	hasContent bool
	pcreOff    int
	hasPCRE    bool
	pcreBuffer bool // a content, tls.sni, http.host or dns.query option is present
}

// pcreCompanions are the sticky buffers AWS accepts as a pcre's companion.
var pcreCompanions = map[string]bool{"tls.sni": true, "http.host": true, "dns.query": true}

// modelledBuffers are the sticky buffers an evaluator models.
var modelledBuffers = map[string]bool{
	"tls.sni": true, "http.host": true, "http.uri": true, "dns.query": true,
}

// informational keywords change logging or speed, never the verdict.
var informational = map[string]bool{
	"metadata": true, "reference": true, "noalert": true, "alert": true,
	"fast_pattern": true, "gid": true, "target": true,
}

// awsUnsupported keywords are listed as unsupported on AWS's limitations page.
var awsUnsupported = map[string]string{
	"dataset":   "datasets are not supported by AWS Network Firewall",
	"datarep":   "datasets are not supported by AWS Network Firewall",
	"iprep":     "IP reputation is not supported by AWS Network Firewall",
	"lua":       "Lua scripting is not supported by AWS Network Firewall",
	"luajit":    "Lua scripting is not supported by AWS Network Firewall",
	"threshold": "thresholding is not supported by AWS Network Firewall",
}

func unmodelled(r *Rule, kw string) {
	if !slices.Contains(r.Unmodelled, kw) {
		r.Unmodelled = append(r.Unmodelled, kw)
	}
}

// apply records o in r.Options and its typed form; off is where its value
// (or keyword) starts, for errors.
func (p *parser) apply(r *Rule, st *optState, o Option, off int) {
	r.Options = append(r.Options, o)
	kw, v := o.Keyword, o.Value
	bad := func(format string, args ...any) {
		p.errorf(off, "option %q: "+format, append([]any{kw}, args...)...)
	}
	needValue := func() bool {
		if !o.HasValue || v == "" {
			bad("missing value")
			return false
		}
		return true
	}
	noValue := func() bool {
		if o.HasValue {
			bad("takes no value")
			return false
		}
		return true
	}
	if msg, ok := awsUnsupported[kw]; ok {
		bad("%s", msg)
		return
	}
	switch kw {
	case "msg":
		if needValue() {
			s, err := unquote(v)
			if err != "" {
				bad("%s", err)
				return
			}
			r.Msg = s
		}
	case "sid", "rev":
		if !needValue() {
			return
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || (kw == "sid" && n == 0) {
			bad("want an integer 1-4294967295, got %q", v)
			return
		}
		if kw == "sid" {
			r.SID = uint32(n)
			p.sidOff = off
		} else {
			r.Rev = uint32(n)
		}
	case "priority":
		if !needValue() {
			return
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 255 {
			bad("want an integer 1-255, got %q", v)
			return
		}
		r.Priority = n
	case "classtype":
		// A classtype sets the rule's priority from classification.config
		// unless priority is given; that file is not modelled.
		if !needValue() {
			return
		}
		unmodelled(r, kw)
	case "flow":
		if needValue() {
			p.flow(r, v, bad)
		}
	case "content":
		if !needValue() {
			return
		}
		c := Content{Buffer: st.buffer, Dotprefix: st.dotprefix}
		s := v
		if strings.HasPrefix(s, "!") {
			c.Negated = true
			s = strings.TrimLeft(s[1:], " \t")
		}
		b, err := decodeContent(s)
		if err != "" {
			bad("%s", err)
			return
		}
		c.Pattern = b
		r.Contents = append(r.Contents, c)
		st.hasContent, st.lastPCRE, st.pcreBuffer = true, false, true
		if st.buffer != "" && !modelledBuffers[st.buffer] {
			unmodelled(r, st.buffer)
		}
	case "nocase", "startswith", "endswith", "fast_pattern", "rawbytes":
		if !noValue() {
			return
		}
		if st.lastPCRE || len(r.Contents) == 0 {
			if kw == "fast_pattern" && len(r.Contents) > 0 {
				return
			}
			bad("needs a preceding content")
			return
		}
		c := &r.Contents[len(r.Contents)-1]
		switch kw {
		case "nocase":
			c.Nocase = true
		case "startswith":
			c.Startswith = true
		case "endswith":
			c.Endswith = true
		case "rawbytes":
			unmodelled(r, kw)
		}
	case "depth", "offset", "distance", "within":
		if !needValue() {
			return
		}
		if st.lastPCRE || len(r.Contents) == 0 {
			bad("needs a preceding content")
			return
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			// A byte_extract variable: parsed, not modelled.
			unmodelled(r, kw)
			return
		}
		c := &r.Contents[len(r.Contents)-1]
		switch kw {
		case "depth":
			if n < 1 {
				bad("want a positive integer, got %q", v)
				return
			}
			c.Depth = n
		case "offset":
			if n < 0 {
				bad("want a non-negative integer, got %q", v)
				return
			}
			c.Offset = n
		default:
			unmodelled(r, kw) // relative matches are not modelled
		}
	case "dotprefix":
		if !noValue() {
			return
		}
		if st.buffer == "" {
			bad("needs a preceding sticky buffer (such as tls.sni or http.host)")
			return
		}
		st.dotprefix = true
	case "pkt_data":
		if noValue() {
			st.buffer, st.dotprefix = "", false
		}
	case "pcre":
		if needValue() {
			p.pcre(r, st, v, bad)
			st.hasPCRE, st.pcreOff, st.lastPCRE = true, off, true
		}
	case "ssl_state":
		if !needValue() {
			return
		}
		ss := &SSLState{}
		for x := range strings.SplitSeq(v, "|") {
			x = strings.TrimSpace(x)
			name := strings.TrimPrefix(x, "!")
			switch name {
			case "client_hello", "server_hello", "client_keyx", "server_keyx", "unknown":
			default:
				bad("unknown state %q", x)
				return
			}
			ss.States = append(ss.States, x)
		}
		r.SSLState = ss
	case "app-layer-protocol":
		if !needValue() {
			return
		}
		a := &AppLayerProtocol{}
		s := v
		if strings.HasPrefix(s, "!") {
			a.Negated, s = true, s[1:]
		}
		if !protocols[s] && s != "failed" && s != "unknown" {
			bad("unknown protocol %q", s)
			return
		}
		a.Name = s
		r.AppLayerProtocol = a
	case "ip_proto":
		if needValue() {
			p.ipProto(r, v, bad)
		}
	case "geoip":
		if needValue() {
			p.geoip(r, v, bad)
		}
	case "flowbits":
		if needValue() {
			p.flowbits(r, v, bad)
		}
	default:
		if !o.HasValue && (strings.Contains(kw, ".") || kw == "file_data") {
			// A sticky buffer: the following content and pcre inspect it.
			st.buffer, st.dotprefix = kw, false
			if pcreCompanions[kw] {
				st.pcreBuffer = true
			}
			if !modelledBuffers[kw] {
				unmodelled(r, kw)
			}
			return
		}
		if informational[kw] {
			return
		}
		unmodelled(r, kw)
	}
}

func (p *parser) flow(r *Rule, v string, bad func(string, ...any)) {
	f := &Flow{}
	for x := range strings.SplitSeq(v, ",") {
		switch x = strings.TrimSpace(x); x {
		case "to_server", "from_client":
			f.ToServer = true
		case "to_client", "from_server":
			f.ToClient = true
		case "established":
			f.Established = true
		case "not_established":
			f.NotEstablished = true
		case "stateless":
			f.Stateless = true
		case "only_stream":
			f.OnlyStream = true
		case "no_stream":
			f.NoStream = true
		case "only_frag":
			f.OnlyFrag = true
		case "no_frag":
			f.NoFrag = true
		default:
			bad("unknown flow option %q", x)
			return
		}
	}
	switch {
	case f.ToServer && f.ToClient:
		bad("to_server and to_client together match nothing")
	case f.Established && f.NotEstablished:
		bad("established and not_established together match nothing")
	case f.Established && f.Stateless:
		bad("established and stateless conflict")
	default:
		r.Flow = f
	}
}

func (p *parser) pcre(r *Rule, st *optState, v string, bad func(string, ...any)) {
	pc := PCRE{Buffer: st.buffer}
	s := v
	if strings.HasPrefix(s, "!") {
		pc.Negated = true
		s = strings.TrimLeft(s[1:], " \t")
	}
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		bad("want a quoted \"/pattern/flags\"")
		return
	}
	s = s[1 : len(s)-1]
	slash := strings.LastIndexByte(s, '/')
	if len(s) == 0 || s[0] != '/' || slash == 0 {
		bad("want \"/pattern/flags\"")
		return
	}
	pc.Pattern, pc.Flags = s[1:slash], s[slash+1:]
	inline := ""
	for _, f := range pc.Flags {
		switch f {
		case 'i', 's', 'm':
			if !strings.ContainsRune(inline, f) {
				inline += string(f)
			}
		default:
			if pc.Unsupported == "" {
				pc.Unsupported = "pcre flag " + strconv.QuoteRune(f) + " is not modelled"
			}
		}
	}
	if pc.Unsupported == "" {
		expr := pc.Pattern
		if inline != "" {
			expr = "(?" + inline + ")" + expr
		}
		re, err := regexp.Compile(expr)
		if err != nil {
			pc.Unsupported = "RE2 cannot compile it: " + err.Error()
		} else {
			pc.Regexp = re
		}
	}
	if pc.Unsupported != "" {
		unmodelled(r, "pcre")
	}
	if st.buffer != "" && !modelledBuffers[st.buffer] {
		unmodelled(r, st.buffer)
	}
	r.PCREs = append(r.PCREs, pc)
}

var ipProtoNames = map[string]int{
	"icmp": 1, "igmp": 2, "tcp": 6, "udp": 17, "ipv6": 41, "gre": 47, "esp": 50,
	"ah": 51, "ipv6-icmp": 58, "icmpv6": 58, "sctp": 132,
}

func (p *parser) ipProto(r *Rule, v string, bad func(string, ...any)) {
	ip := &IPProto{}
	s := v
	if s != "" && (s[0] == '!' || s[0] == '<' || s[0] == '>') {
		ip.Op, s = s[:1], strings.TrimSpace(s[1:])
	}
	if n, err := strconv.Atoi(s); err == nil {
		if n < 0 || n > 255 {
			bad("protocol number %d out of range 0-255", n)
			return
		}
		ip.Number = n
	} else if n, ok := ipProtoNames[strings.ToLower(s)]; ok {
		ip.Number = n
	} else {
		bad("unknown protocol %q", s)
		return
	}
	r.IPProto = ip
}

func (p *parser) geoip(r *Rule, v string, bad func(string, ...any)) {
	parts := strings.Split(v, ",")
	g := &GeoIP{Direction: strings.ToLower(strings.TrimSpace(parts[0]))}
	switch g.Direction {
	case "src", "dst", "both", "any":
	default:
		bad("want src, dst, both or any first, got %q", parts[0])
		return
	}
	if len(parts) < 2 {
		bad("no country codes")
		return
	}
	for _, c := range parts[1:] {
		c = strings.ToUpper(strings.TrimSpace(c))
		neg := strings.HasPrefix(c, "!")
		code := strings.TrimPrefix(c, "!")
		if len(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' {
			bad("%q is not an ISO 3166 alpha-2 country code", c)
			return
		}
		if neg {
			code = "!" + code
		}
		g.Countries = append(g.Countries, code)
	}
	r.GeoIP = g
}

func (p *parser) flowbits(r *Rule, v string, bad func(string, ...any)) {
	cmd, names, hasNames := strings.Cut(v, ",")
	fb := Flowbit{Command: strings.TrimSpace(cmd)}
	switch fb.Command {
	case "noalert":
		if hasNames {
			bad("noalert takes no name")
			return
		}
		r.Flowbits = append(r.Flowbits, fb)
		return
	case "set", "unset", "toggle", "isset", "isnotset":
	default:
		bad("unknown command %q (want set, unset, toggle, isset, isnotset or noalert)", fb.Command)
		return
	}
	if !hasNames || strings.TrimSpace(names) == "" {
		bad("%s needs a name", fb.Command)
		return
	}
	sep := "&"
	if strings.Contains(names, "|") {
		if strings.Contains(names, "&") {
			bad("cannot mix | and &")
			return
		}
		sep, fb.Any = "|", true
	}
	for n := range strings.SplitSeq(names, sep) {
		n = strings.TrimSpace(n)
		if n == "" || strings.ContainsAny(n, " \t,") {
			bad("invalid name %q", n)
			return
		}
		fb.Names = append(fb.Names, n)
	}
	r.Flowbits = append(r.Flowbits, fb)
}

// unquote returns a msg-style value: a quoted string with escapes
// resolved, or an unquoted value with escapes resolved.
func unquote(v string) (string, string) {
	if strings.HasPrefix(v, "\"") {
		end := -1
		for i := 1; i < len(v); i++ {
			if v[i] == '\\' {
				i++
			} else if v[i] == '"' {
				end = i
				break
			}
		}
		if end < 0 {
			return "", "missing closing quote"
		}
		if end != len(v)-1 {
			return "", "text after the closing quote"
		}
		v = v[1:end]
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '\\' {
			if i+1 == len(v) {
				return "", "dangling backslash"
			}
			i++
			c = v[i]
		} else if c == '"' {
			return "", "unescaped quote inside the value"
		}
		b.WriteByte(c)
	}
	return b.String(), ""
}

// decodeContent decodes a content value: a quoted string whose |..| segments
// are hex bytes.
func decodeContent(v string) ([]byte, string) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return nil, "want a quoted string"
	}
	v = v[1 : len(v)-1]
	var out []byte
	hex := false
	var hi int = -1
	for i := 0; i < len(v); i++ {
		c := v[i]
		if hex {
			switch {
			case c == '|':
				if hi >= 0 {
					return nil, "odd number of hex digits in |...|"
				}
				hex = false
			case c == ' ':
			default:
				d := unhex(c)
				if d < 0 {
					return nil, "invalid hex digit " + strconv.QuoteRune(rune(c)) + " in |...|"
				}
				if hi < 0 {
					hi = d
				} else {
					out = append(out, byte(hi<<4|d))
					hi = -1
				}
			}
			continue
		}
		switch c {
		case '|':
			hex = true
		case '\\':
			if i+1 == len(v) {
				return nil, "dangling backslash"
			}
			i++
			out = append(out, v[i])
		case '"', ';':
			return nil, "unescaped " + strconv.QuoteRune(rune(c)) + " inside content (escape it with \\)"
		default:
			out = append(out, c)
		}
	}
	if hex {
		return nil, "missing closing \"|\""
	}
	if len(out) == 0 {
		return nil, "empty content"
	}
	return out, ""
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
