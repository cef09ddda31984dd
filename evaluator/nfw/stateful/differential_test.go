package stateful

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/geo"
	"github.com/netverdict/netverdict/evaluator/nfw/nfwjson"
)

// gen draws choices from fuzz input; past its end every choice is 0.
type gen struct {
	data []byte
	i    int
}

func (g *gen) n(k int) int {
	if g.i >= len(g.data) {
		return 0
	}
	b := g.data[g.i]
	g.i++
	return int(b) % k
}

func (g *gen) pick(xs ...string) string { return xs[g.n(len(xs))] }

// Values the generator draws from, chosen so that rules match sometimes:
// the addresses sit inside and outside HOME_NET (vpc, 10.0.0.0/16), the
// ports are the flows' ports.
var (
	genAddrs = []string{"any", "$HOME_NET", "$EXTERNAL_NET", "!$HOME_NET", "10.0.1.0/24", "[10.0.0.0/16,!10.0.2.0/24]",
		"203.0.113.0/24", "![203.0.113.0/24,10.0.1.5]", "$SRV", "[$HOME_NET,198.51.100.0/24]", "any", "$UNDEF", "@REF",
		// IP set references (§5.6): a prefix list the config may have, one
		// it never has, a resource group, an empty list; negated, in lists.
		"@PL", "@PL", "!@PL", "[@PL,!10.0.1.5]", "[10.0.0.0/16,!@PL]", "@GONE", "@RG", "[@RG,10.0.1.0/24]", "@EMPTY", "!@EMPTY"}
	genPorts  = []string{"any", "any", "443", "80", "[80,443]", "!443", "1024:", "$WEB", "40000", "53", ":1023"}
	genProtos = []string{"tcp", "tcp", "udp", "ip", "ip", "tls", "http", "icmp", "dns", "ssh", "http2", "http-any"}
	genFlows  = []string{"", "", "to_server", "to_client", "established", "not_established", "to_server,established",
		"to_client,established", "stateless", "from_client", "from_server,not_established", "to_server,not_established"}
	genDefaults = []string{"aws:drop_strict", "aws:drop_established", "aws:alert_strict", "aws:alert_established",
		"aws:drop_established_app_layer", "aws:alert_established_app_layer", "aws:drop_established_app_layer_to_server",
		"aws:alert_established_app_layer_to_server", "aws:bogus"}
	genHosts = []string{"10.0.1.5", "10.0.2.9", "203.0.113.7", "198.51.100.1"}
	// genApps are declared application protocols: none, the two the
	// engine models in depth, plain names, related names (http2 vs http
	// rules) and one Suricata does not detect.
	genApps = []string{"", "", "", "tls", "http", "ssh", "dns", "quic", "http2", "HTTPS", "websocket"}
	// genCountries are geoip country lists: plain, negated, and "!" in
	// the middle of a list (which negates all of it, §5.6).
	genCountries = []string{"US", "DE", "!US", "US,DE", "!US,UK", "UK,!CN", "CN,DE,UK", "!DE,!US"}
	// genGeoCountries label genHosts in the random geo file ("" = absent).
	genGeoCountries = []string{"", "US", "DE", "UK", "CN", "US"}
)

// genRefs are every group's IP set references: a malformed ARN, prefix
// lists (pl-known and pl-empty are in the config unless it gives none,
// pl-gone never is) and a resource group.
var genRefs = map[string]string{
	"REF":   "arn:aws:ec2:pl-1",
	"PL":    "arn:aws:ec2:us-east-1:555555555555:prefix-list/pl-known",
	"GONE":  "arn:aws:ec2:us-east-1:555555555555:prefix-list/pl-gone",
	"EMPTY": "arn:aws:ec2:us-east-1:aws:prefix-list/pl-empty",
	"RG":    "arn:aws:resource-groups:us-east-1:555555555555:group/web",
}

// prefixLists draws the config's prefix lists (nil: none given): pl-known
// holds some of genHosts, each by itself or by its /24, and sometimes an
// IPv6 or a covering prefix; pl-empty is empty.
func (g *gen) prefixLists() map[string][]netip.Prefix {
	if g.n(6) == 0 {
		return nil
	}
	var known []netip.Prefix
	for _, h := range genHosts {
		switch g.n(4) {
		case 0:
			known = append(known, netip.PrefixFrom(netip.MustParseAddr(h), 32))
		case 1:
			known = append(known, netip.PrefixFrom(netip.MustParseAddr(h), 24).Masked())
		}
	}
	if g.n(4) == 0 {
		known = append(known, netip.MustParsePrefix(g.pick("10.0.0.0/16", "2001:db8::/32", "0.0.0.0/0")))
	}
	return map[string][]netip.Prefix{"pl-known": known, "pl-empty": nil}
}

// geoDB builds a small random geo file over genHosts (nil: no file): each
// host by itself or by its /24, sometimes under a 10.0.0.0/16 network that
// the more specific ones override.
func (g *gen) geoDB() *geo.DB {
	if g.n(6) == 0 {
		return nil
	}
	lines := []string{"network,country_code"}
	if cc := g.pick(genGeoCountries...); cc != "" {
		lines = append(lines, "10.0.0.0/16,"+cc)
	}
	for _, h := range genHosts {
		cc := g.pick(genGeoCountries...)
		if cc == "" {
			continue
		}
		n := h
		if g.n(2) == 0 {
			n = netip.PrefixFrom(netip.MustParseAddr(h), 24).Masked().String()
		}
		lines = append(lines, n+","+cc)
	}
	db, err := geo.Load("random-geo.csv", strings.NewReader(strings.Join(lines, "\n")))
	if err != nil {
		panic(err) // the generator writes only valid files
	}
	return db
}

func (g *gen) option(proto string) string {
	switch g.n(14) {
	case 0:
		return `tls.sni; content:"` + g.pick("example.com", ".example.com", "evil.com") + `"; ` + g.pick("startswith; endswith;", "nocase; endswith;", "", "startswith; nocase; endswith;")
	case 1:
		return `tls.sni; dotprefix; content:".example.com"; nocase; endswith;`
	case 2:
		return `http.host; content:"` + g.pick("example.com", "evil.com", "EVIL") + `"; ` + g.pick("startswith; endswith;", "", "endswith;")
	case 3:
		return "priority:" + g.pick("1", "2", "3", "5") + ";"
	case 4:
		return "dsize:>10;"
	case 5:
		return "ssl_state:" + g.pick("client_hello", "server_hello") + ";"
	case 6:
		return `content:"GET"; depth:3;`
	case 7:
		return "ip_proto:" + g.pick("6", "17", "!6") + ";"
	case 8:
		return `http.header_names; content:"|0d 0a|"; startswith;`
	case 9:
		return `tls.sni; pcre:"/^(www\.)?example\.com$/i";`
	case 10:
		return "app-layer-protocol:" + g.pick("", "!") + g.pick("ssh", "tls", "dns", "http", "http2", "failed") + ";"
	case 11:
		return `dns.query; content:"example.com"; nocase;`
	case 12:
		return "geoip:" + g.pick("src", "dst", "both", "any") + "," + g.pick(genCountries...) + ";"
	}
	return ""
}

func (g *gen) rules(k int) string {
	var lines []string
	for i := range k {
		proto := g.pick(genProtos...)
		var opts []string
		if fl := g.pick(genFlows...); fl != "" {
			opts = append(opts, "flow:"+fl+";")
		}
		for range g.n(3) {
			if o := g.option(proto); o != "" {
				opts = append(opts, o)
			}
		}
		if g.n(3) == 0 {
			opts = append(opts, "geoip:"+g.pick("src", "dst", "both", "any")+","+g.pick(genCountries...)+";")
		}
		opts = append(opts, fmt.Sprintf("sid:%d;", i+1))
		lines = append(lines, fmt.Sprintf("%s %s %s %s %s %s %s (%s)",
			g.pick("pass", "drop", "reject", "alert"), proto,
			g.pick(genAddrs...), g.pick(genPorts...), g.pick("->", "->", "<>"), g.pick(genAddrs...), g.pick(genPorts...),
			strings.Join(opts, " ")))
	}
	return strings.Join(lines, "\n")
}

// fromBytes builds a random small policy, its rule groups, a flow and the
// options (a geo file, prefix lists).
func fromBytes(data []byte) (*nfwjson.Policy, map[string]*nfwjson.RuleGroup, Flow, Options) {
	g := &gen{data: data}
	p := &nfwjson.Policy{RuleOrder: g.pick(DefaultActionOrder, StrictOrder)}
	if p.RuleOrder == StrictOrder || g.n(8) == 0 {
		for range g.n(3) {
			p.StatefulDefaultActions = append(p.StatefulDefaultActions, genDefaults[g.n(len(genDefaults))])
		}
	}
	groups := map[string]*nfwjson.RuleGroup{}
	for i := range 1 + g.n(3) {
		arn := fmt.Sprintf("arn:g%d", i)
		rg := &nfwjson.RuleGroup{
			IPSets:          map[string][]string{"SRV": {"10.0.2.0/24", "203.0.113.7"}},
			PortSets:        map[string][]string{"WEB": {"80", "443"}},
			IPSetReferences: genRefs,
		}
		if g.n(5) == 0 {
			dl := &nfwjson.DomainList{GeneratedRulesType: g.pick("ALLOWLIST", "DENYLIST", "REJECTLIST", "ALERTLIST")}
			for _, t := range []string{"example.com", ".example.com", "evil.com"} {
				if g.n(2) == 0 {
					dl.Targets = append(dl.Targets, t)
				}
			}
			switch g.n(3) {
			case 0:
				dl.TargetTypes = []string{"TLS_SNI"}
			case 1:
				dl.TargetTypes = []string{"HTTP_HOST"}
			default:
				dl.TargetTypes = []string{"TLS_SNI", "HTTP_HOST"}
			}
			rg.DomainList = dl
		} else {
			rg.RulesString = g.rules(1 + g.n(6))
		}
		groups[arn] = rg
		ref := nfwjson.Ref{ARN: arn, Priority: int32(1 + g.n(4))}
		if g.n(10) == 0 {
			ref.Override = "DROP_TO_ALERT"
		}
		p.StatefulRefs = append(p.StatefulRefs, ref)
	}
	f := Flow{
		Src:         netip.MustParseAddr(g.pick(genHosts...)),
		Dst:         netip.MustParseAddr(g.pick(genHosts...)),
		Proto:       []uint8{6, 6, 6, 17, 1}[g.n(5)],
		SrcPort:     []uint16{40000, 1024, 53, 443}[g.n(4)],
		DstPort:     []uint16{443, 80, 53, 22, 40000}[g.n(5)],
		TLSSNI:      g.pick("", "example.com", "www.example.com", "evil.com", "EVIL.com", "badexample.com"),
		HTTPHost:    g.pick("", "example.com", "evil.com", "Example.COM"),
		Established: g.n(3) != 0,
	}
	f.AppProto = g.pick(genApps...)
	if f.Proto != 6 && f.Proto != 17 {
		f.SrcPort, f.DstPort = 0, 0
	}
	opts := Options{Geo: g.geoDB()}
	opts.PrefixLists = g.prefixLists()
	return p, groups, f, opts
}

// differ returns why the engine and the reference disagree on the input, or "".
func differ(data []byte) string {
	p, groups, f, opts := fromBytes(data)
	db := opts.Geo
	cp, errC := CompileWith(p, groups, vpc, opts)
	want, errR := ReferenceWith(p, groups, vpc, f, opts)
	if (errC == nil) != (errR == nil) {
		return fmt.Sprintf("compile error %v, reference error %v", errC, errR)
	}
	got := cp.Evaluate(f)
	if sameLeg(got.Forward, want.Forward) && sameLeg(got.Reply, want.Reply) && sameHits(got.Alerts, want.Alerts) {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "engine    %+v\nreference %+v\npolicy %+v\nflow %+v\nprefix lists %v\n", got, want, p, f, opts.PrefixLists)
	if db != nil {
		for _, a := range []netip.Addr{f.Src, f.Dst} {
			cc, _, ok := db.Country(a)
			fmt.Fprintf(&b, "geo %s: %q %v\n", a, cc, ok)
		}
	}
	for _, ref := range p.StatefulRefs {
		g := groups[ref.ARN]
		fmt.Fprintf(&b, "group %s prio %d override %q:\n%s%v\n", ref.ARN, ref.Priority, ref.Override, g.RulesString, g.DomainList)
	}
	return b.String()
}

// FuzzDifferential holds Evaluate to Reference on random small policies
// and flows (§5.4-§5.8): both legs' actions, the deciding rule and the
// default flag, undecidable on both or neither, and the alerts.
func FuzzDifferential(f *testing.F) {
	for _, s := range [][]byte{{}, {1, 2, 3, 4, 5, 6, 7, 8, 9}, []byte("network firewall stateful"),
		{1, 1, 0, 0, 0, 0, 3, 1, 2, 2, 0, 1, 1, 4, 5, 6}} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if d := differ(data); d != "" {
			t.Fatal(d)
		}
	})
}

// TestDifferential runs 20,000 random inputs of the fuzz generator in
// every test run.
func TestDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	buf := make([]byte, 200)
	n := 20000
	if testing.Short() {
		n = 2000
	}
	decided, declared, geoDecided, plDecided := 0, 0, 0, 0
	for range n {
		for j := 0; j < len(buf); j += 8 {
			binary.LittleEndian.PutUint64(buf[j:], r.Uint64())
		}
		if d := differ(buf); d != "" {
			t.Fatalf("input %x:\n%s", buf, d)
		}
		p, groups, f, opts := fromBytes(buf)
		db := opts.Geo
		if cp, err := CompileWith(p, groups, vpc, opts); err == nil {
			res := cp.Evaluate(f)
			if res.Forward.Action != Pass || !res.Forward.Default {
				decided++
			}
			if db != nil && groupsUse(groups, "geoip") {
				// Without the geo file the same flow must sometimes be
				// undecidable: the file decided a geoip rule.
				nogeo, _ := Compile(p, groups, vpc)
				if u := nogeo.Evaluate(f); u.Forward.Action != res.Forward.Action || u.Reply.Action != res.Reply.Action {
					geoDecided++
				}
			}
			if opts.PrefixLists != nil && groupsUse(groups, "@PL") {
				// Without the prefix lists @PL is unknown: the lists must
				// decide some verdicts.
				nopl, _ := CompileWith(p, groups, vpc, Options{Geo: db})
				if u := nopl.Evaluate(f); u.Forward.Action != res.Forward.Action || u.Reply.Action != res.Reply.Action {
					plDecided++
				}
			}
			if f.AppProto != "" {
				undeclared := f
				undeclared.AppProto = ""
				if u := cp.Evaluate(undeclared); u.Forward.Action != res.Forward.Action || u.Forward.SID != res.Forward.SID {
					declared++
				}
			}
		}
	}
	// Declaring the application protocol must change verdicts often
	// enough that the differential covers it.
	if declared < n/50 {
		t.Errorf("only %d of %d flows changed verdict when their application protocol was declared", declared, n)
	}
	if geoDecided < n/100 {
		t.Errorf("only %d of %d flows changed verdict with the geo file", geoDecided, n)
	}
	if plDecided < n/100 {
		t.Errorf("only %d of %d flows changed verdict with the prefix lists", plDecided, n)
	}
	// The generator must produce interesting inputs, not only no-match passes.
	t.Logf("%d decided, %d changed by the declaration, %d by the geo file, %d by the prefix lists", decided, declared, geoDecided, plDecided)
	if decided < n/4 {
		t.Errorf("only %d of %d flows were decided by something other than a no-match pass", decided, n)
	}
}

// FuzzRules runs arbitrary rules strings through Compile, Evaluate and
// Reference, with a geo file and prefix lists, on flows with and without a declared
// application protocol: no panic, and the two evaluators agree (§5.4-§5.6).
func FuzzRules(f *testing.F) {
	f.Add("drop tcp any any -> any any (sid:1;)", byte(0), false, byte(0))
	f.Add("pass tls $HOME_NET any -> $EXTERNAL_NET any (tls.sni; content:\"example.com\"; nocase; sid:1;)\ndrop ip any any <> any any (flow:to_client; sid:2;)", byte(3), true, byte(1))
	f.Add("alert udp [10.0.0.0/8,![10.0.1.0/24,$HOME_NET]] !53 -> $X [1:5,!3] (flow:stateless; dsize:>2; sid:9;)", byte(7), true, byte(4))
	f.Add("drop ssh any any -> any any (sid:1;)\npass tcp any any -> any any (app-layer-protocol:!tls; flow:established; sid:2;)", byte(2), false, byte(3))
	f.Add("drop ip any any -> any any (geoip:src,!US,UK; sid:1;)\npass tcp any any <> any any (geoip:any,DE; sid:2;)", byte(9), true, byte(0))
	f.Add("drop tcp @PL any -> any any (sid:1;)\npass ip [!@PL,@RG] any <> !@EMPTY any (sid:2;)\nalert ip @GONE any -> [10.0.0.0/8,!@PL] any (sid:3;)", byte(5), false, byte(0))
	// genHosts are US, DE, UK and not in the file.
	db, err := geo.Load("fuzz-geo.csv", strings.NewReader("10.0.1.0/24,US\n10.0.2.9,DE\n203.0.113.0/24,UK\n"))
	if err != nil {
		f.Fatal(err)
	}
	// IP set references (§5.6): pl-known holds the first two genHosts.
	opts := Options{Geo: db, PrefixLists: map[string][]netip.Prefix{
		"pl-known": {netip.MustParsePrefix("10.0.1.0/24"), netip.MustParsePrefix("10.0.2.9/32")}, "pl-empty": nil}}
	f.Fuzz(func(t *testing.T, text string, sel byte, strict bool, app byte) {
		p := &nfwjson.Policy{StatefulRefs: []nfwjson.Ref{{ARN: "arn:g", Priority: 1}}}
		if strict {
			p.RuleOrder = StrictOrder
			p.StatefulDefaultActions = []string{genDefaults[int(sel)%len(genDefaults)]}
		}
		groups := map[string]*nfwjson.RuleGroup{"arn:g": {RulesString: text, IPSets: map[string][]string{"X": {"203.0.113.0/24"}},
			IPSetReferences: genRefs}}
		cp, _ := CompileWith(p, groups, vpc, opts)
		fl := Flow{Src: netip.MustParseAddr(genHosts[int(sel)%4]), Dst: netip.MustParseAddr(genHosts[int(sel/4)%4]),
			Proto: []uint8{6, 17, 1, 6}[int(sel/16)%4], SrcPort: 40000, DstPort: []uint16{443, 53}[int(sel/64)%2],
			TLSSNI: []string{"", "example.com"}[int(sel/128)%2], Established: sel%3 != 0,
			AppProto: genApps[int(app)%len(genApps)]}
		got := cp.Evaluate(fl)
		want, _ := ReferenceWith(p, groups, vpc, fl, opts)
		if !sameLeg(got.Forward, want.Forward) || !sameLeg(got.Reply, want.Reply) || !sameHits(got.Alerts, want.Alerts) {
			t.Fatalf("engine    %+v\nreference %+v\nflow %+v\nrules %q", got, want, fl, text)
		}
	})
}

func groupsUse(groups map[string]*nfwjson.RuleGroup, kw string) bool {
	for _, g := range groups {
		if strings.Contains(g.RulesString, kw) {
			return true
		}
	}
	return false
}
