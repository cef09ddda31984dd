package nacl

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/netverdict/netverdict/evaluator/internal/cidr"
	"github.com/netverdict/netverdict/evaluator/model"
)

func mkEntry(n int32, egress bool, proto int16, allow bool, c string, from, to int32) model.NACLEntry {
	e := model.NACLEntry{RuleNumber: n, Egress: egress, Protocol: proto, Action: model.ActionDeny, CIDR: netip.MustParsePrefix(c)}
	if allow {
		e.Action = model.ActionAllow
	}
	if proto == model.ProtoTCP || proto == model.ProtoUDP {
		e.HasPortRange, e.PortFrom, e.PortTo = true, from, to
	}
	return e
}

func compile(t *testing.T, es ...model.NACLEntry) *Table {
	t.Helper()
	tab, err := Compile(&model.Config{NetworkACLs: []model.NetworkACL{{ID: "acl-1", Entries: es}}})
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func packet(ip string, proto int16, port int32) *Packet {
	a := netip.MustParseAddr(ip)
	return &Packet{Fam: cidr.Fam(a), Proto: proto, Peer: cidr.FromAddr(a), HasPeer: true, Port: port,
		ICMPType: model.NoPort, ICMPCode: model.NoPort}
}

// rules renders the rule numbers of a check.
func rules(c *model.Check) string {
	s := ""
	for _, r := range c.Rules {
		s += fmt.Sprintf(" %s", r.RuleID)
	}
	return s
}

func TestEvalFirstMatchStableOrder(t *testing.T) {
	tab := compile(t,
		mkEntry(200, false, -1, true, "0.0.0.0/0", 0, 0),
		mkEntry(100, false, 6, false, "10.0.0.0/8", 22, 22),
		mkEntry(100, false, 6, true, "10.0.0.0/8", 0, 65535), // same number: document order
		mkEntry(50, false, 6, true, "10.0.0.0/8", 0, 0),      // TCP without a PortRange: no port
	)
	tests := []struct {
		ip      string
		port    int32
		verdict model.Verdict
		rule    string
	}{
		{"10.1.2.3", 22, model.VerdictDeny, " 100"},
		{"10.1.2.3", 80, model.VerdictAllow, " 100"},
		{"192.0.2.1", 80, model.VerdictAllow, " 200"},
	}
	for _, tc := range tests {
		var c model.Check
		tab.Eval(0, packet(tc.ip, 6, tc.port), &c)
		if c.Verdict != tc.verdict || rules(&c) != tc.rule {
			t.Errorf("%s:%d: got %v%s, want %v%s", tc.ip, tc.port, c.Verdict, rules(&c), tc.verdict, tc.rule)
		}
	}
}

func TestEvalDefaultEntryPerFamily(t *testing.T) {
	tab := compile(t, mkEntry(100, false, 6, true, "0.0.0.0/0", 80, 80))
	for _, tc := range []struct {
		ip   string
		want model.RuleRef
	}{
		{"192.0.2.1", model.RuleRef{ResourceID: "acl-1", RuleID: "32767", RuleNumber: 32767, Description: "default deny"}},
		{"2001:db8::1", model.RuleRef{ResourceID: "acl-1", RuleID: "32768", RuleNumber: 32768, Description: "default deny"}},
	} {
		var c model.Check
		tab.Eval(0, packet(tc.ip, 6, 443), &c)
		if c.Verdict != model.VerdictDeny || len(c.Rules) != 1 || c.Rules[0] != tc.want {
			t.Errorf("%s: got %v %+v", tc.ip, c.Verdict, c.Rules)
		}
	}
}

func TestEvalICMP(t *testing.T) {
	icmp := func(n int32, proto int16, c string, typ, code int32) model.NACLEntry {
		e := mkEntry(n, false, proto, true, c, 0, 0)
		e.HasICMP, e.ICMPType, e.ICMPCode = true, typ, code
		return e
	}
	tab := compile(t,
		icmp(10, 1, "0.0.0.0/0", 3, 4),
		icmp(20, 58, "0.0.0.0/0", 128, 0), // 58 with an IPv4 CIDR: type and code ignored
		icmp(30, 58, "::/0", 128, -1),
	)
	for _, tc := range []struct {
		ip        string
		proto     int16
		typ, code int32
		verdict   model.Verdict
		rule      string
	}{
		{"192.0.2.1", 1, 3, 4, model.VerdictAllow, " 10"},
		{"192.0.2.1", 1, 3, 1, model.VerdictDeny, " 32767"},
		{"192.0.2.1", 58, 1, 0, model.VerdictAllow, " 20"},
		{"2001:db8::1", 58, 128, 7, model.VerdictAllow, " 30"},
		{"2001:db8::1", 58, 129, 0, model.VerdictDeny, " 32768"},
	} {
		p := packet(tc.ip, tc.proto, model.NoPort)
		p.ICMPType, p.ICMPCode = tc.typ, tc.code
		var c model.Check
		tab.Eval(0, p, &c)
		if c.Verdict != tc.verdict || rules(&c) != tc.rule {
			t.Errorf("%s %d %d/%d: got %v%s, want %v%s", tc.ip, tc.proto, tc.typ, tc.code, c.Verdict, rules(&c), tc.verdict, tc.rule)
		}
	}
}

// TestSweep checks the ephemeral-range answer against a port-by-port
// evaluation with Eval, for several lists and ranges.
func TestSweep(t *testing.T) {
	lists := [][]model.NACLEntry{
		{mkEntry(100, true, 6, true, "0.0.0.0/0", 1024, 65535)},
		{mkEntry(100, true, 6, false, "0.0.0.0/0", 0, 65535)},
		{},
		{
			mkEntry(10, true, 6, false, "10.0.0.0/8", 2000, 2999),
			mkEntry(20, true, 6, true, "0.0.0.0/0", 1024, 4000),
			mkEntry(30, true, 6, false, "0.0.0.0/0", 3500, 5000),
			mkEntry(40, true, -1, true, "0.0.0.0/0", 0, 0),
			mkEntry(50, true, 6, true, "0.0.0.0/0", 0, 65535), // never decides a port
		},
		{
			mkEntry(10, true, 6, true, "0.0.0.0/0", 1024, 1100),
			mkEntry(10, true, 6, true, "0.0.0.0/0", 1101, 1200), // adjacent: merged
			mkEntry(20, true, 17, true, "0.0.0.0/0", 0, 65535),  // other protocol
			mkEntry(30, true, 6, true, "0.0.0.0/0", 1300, 1400),
		},
	}
	ranges := []model.PortRange{{From: 1024, To: 65535}, {From: 1024, To: 1500}, {From: 2500, To: 2500}, {From: 0, To: 100}}
	for li, es := range lists {
		tab := compile(t, es...)
		for _, rng := range ranges {
			var c model.Check
			p := packet("10.0.0.5", 6, 0)
			p.Egress = true
			tab.Sweep(0, p, rng, &c)

			// Port by port with Eval.
			var allowed []model.PortRange
			deciding := map[string]bool{}
			n := 0
			for port := int(rng.From); port <= int(rng.To); port++ {
				var pc model.Check
				p := packet("10.0.0.5", 6, int32(port))
				p.Egress = true
				tab.Eval(0, p, &pc)
				deciding[pc.Rules[0].RuleID] = true
				if pc.Verdict != model.VerdictAllow {
					continue
				}
				n++
				if k := len(allowed); k > 0 && int(allowed[k-1].To) == port-1 {
					allowed[k-1].To = uint16(port)
				} else {
					allowed = append(allowed, model.PortRange{From: uint16(port), To: uint16(port)})
				}
			}
			total := int(rng.To) - int(rng.From) + 1
			want := model.VerdictIndeterminate
			switch n {
			case total:
				want, allowed = model.VerdictAllow, []model.PortRange{rng}
			case 0:
				want, allowed = model.VerdictDeny, []model.PortRange{rng}
			}
			got := map[string]bool{}
			for _, r := range c.Rules {
				got[r.RuleID] = true
			}
			if c.Verdict != want || fmt.Sprint(c.Reason.Ports) != fmt.Sprint(allowed) || fmt.Sprint(got) != fmt.Sprint(deciding) {
				t.Errorf("list %d range %v: got %v %v rules%s, want %v %v (%d deciding entries)",
					li, rng, c.Verdict, c.Reason.Ports, rules(&c), want, allowed, len(deciding))
			}
		}
	}
}

// TestSweepRulesInEvaluationOrder: each deciding entry once, equal numbers
// in document order, the synthesised default last.
func TestSweepRulesInEvaluationOrder(t *testing.T) {
	tab := compile(t,
		mkEntry(30, true, 6, true, "0.0.0.0/0", 1300, 1400),
		mkEntry(10, true, 6, true, "0.0.0.0/0", 1024, 1100),
		mkEntry(10, true, 6, false, "0.0.0.0/0", 1101, 1200),
		mkEntry(20, true, 17, true, "0.0.0.0/0", 0, 65535),
	)
	var c model.Check
	p := packet("10.0.0.5", 6, 0)
	p.Egress = true
	tab.Sweep(0, p, model.PortRange{From: 1024, To: 1500}, &c)
	if got, want := rules(&c), " 10 10 30 32767"; got != want || c.Verdict != model.VerdictIndeterminate ||
		fmt.Sprint(c.Reason.Ports) != "[{1024 1100} {1300 1400}]" || c.Reason.Code != model.ReasonNACLPortsPartial {
		t.Errorf("got %v rules%s ports %v code %d", c.Verdict, got, c.Reason.Ports, c.Reason.Code)
	}
}

func TestCompileErrorsNameTheEntry(t *testing.T) {
	e := mkEntry(100, false, 6, true, "0.0.0.0/0", 1, 2)
	e.Action = 0
	_, err := Compile(&model.Config{NetworkACLs: []model.NetworkACL{{ID: "acl-x", Entries: []model.NACLEntry{mkEntry(1, false, -1, true, "::/0", 0, 0), e}}}})
	if err == nil || err.Error() != "network ACL acl-x entry 1: invalid action 0" {
		t.Errorf("got %v", err)
	}
}
