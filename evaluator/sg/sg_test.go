package sg

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/internal/cidr"
	"github.com/netverdict/netverdict/evaluator/model"
)

func mkRule(id string, egress bool, proto int16, from, to int32, peer model.Peer) model.SGRule {
	return model.SGRule{ID: id, Egress: egress, Protocol: proto, FromPort: from, ToPort: to, HasPorts: proto != -1, Peer: peer}
}

func cidrPeer(p string) model.Peer {
	return model.Peer{Kind: model.PeerCIDR, CIDR: netip.MustParsePrefix(p)}
}

func compile(t *testing.T, groups ...model.SecurityGroup) *Table {
	t.Helper()
	tab, err := Compile(&model.Config{SecurityGroups: groups,
		PrefixLists: []model.PrefixList{{ID: "pl-known", EntriesKnown: true, Entries: []model.PrefixListEntry{{CIDR: netip.MustParsePrefix("192.0.2.0/24")}}}}})
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func query(dir int, proto int16, port int32, ip string, kind PeerKind) *Query {
	a := netip.MustParseAddr(ip)
	return &Query{Dir: dir, Fam: cidr.Fam(a), Proto: proto, Port: port, ICMPType: model.NoPort, ICMPCode: model.NoPort,
		Peer: Peer{Kind: kind, IP: a, Addr: cidr.FromAddr(a)}}
}

func ids(c *model.Check) string {
	var s []string
	for _, r := range c.Rules {
		s = append(s, r.RuleID)
	}
	return strings.Join(s, " ")
}

// TestTracking covers the untracked conditions: an all-open rule matching
// the flow in the check's direction, and one covering every port the other
// way; only the literal all-addresses CIDR counts.
func TestTracking(t *testing.T) {
	all := cidrPeer("0.0.0.0/0")
	tests := []struct {
		name  string
		rules []model.SGRule
		q     *Query
		want  model.Tracking
	}{
		{"all-open both ways", []model.SGRule{mkRule("in", false, 6, 80, 80, all), mkRule("out", true, -1, 0, 0, all)},
			query(Ingress, 6, 80, "198.51.100.1", PeerExternal), model.TrackingUntracked},
		{"forward rule misses the port", []model.SGRule{mkRule("in", false, 6, 80, 80, all), mkRule("out", true, -1, 0, 0, all)},
			query(Ingress, 6, 81, "198.51.100.1", PeerExternal), model.TrackingTracked},
		{"reverse covers 0-65535", []model.SGRule{mkRule("in", false, 6, 80, 80, all), mkRule("out", true, 6, 0, 65535, all)},
			query(Ingress, 6, 80, "198.51.100.1", PeerExternal), model.TrackingUntracked},
		{"reverse FromPort -1", []model.SGRule{mkRule("in", false, 6, 80, 80, all), mkRule("out", true, 6, -1, -1, all)},
			query(Ingress, 6, 80, "198.51.100.1", PeerExternal), model.TrackingUntracked},
		{"reverse does not cover every port", []model.SGRule{mkRule("in", false, 6, 80, 80, all), mkRule("out", true, 6, 1024, 65535, all)},
			query(Ingress, 6, 80, "198.51.100.1", PeerExternal), model.TrackingTracked},
		{"reverse of another protocol", []model.SGRule{mkRule("in", false, -1, 0, 0, all), mkRule("out", true, 17, 0, 65535, all)},
			query(Ingress, 6, 80, "198.51.100.1", PeerExternal), model.TrackingTracked},
		{"not the all-addresses CIDR", []model.SGRule{mkRule("in", false, 6, 80, 80, cidrPeer("0.0.0.0/1")), mkRule("out", true, -1, 0, 0, all)},
			query(Ingress, 6, 80, "1.2.3.4", PeerExternal), model.TrackingTracked},
		{"IPv6 flow needs ::/0", []model.SGRule{mkRule("in", false, 6, 80, 80, all), mkRule("out", true, -1, 0, 0, all)},
			query(Ingress, 6, 80, "2001:db8::1", PeerExternal), model.TrackingTracked},
		{"ICMP is always tracked", []model.SGRule{mkRule("in", false, -1, 0, 0, all), mkRule("out", true, -1, 0, 0, all)},
			query(Ingress, 1, model.NoPort, "198.51.100.1", PeerExternal), model.TrackingTracked},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab := compile(t, model.SecurityGroup{ID: "sg-1", Rules: tc.rules})
			p := tab.Profile([]string{"sg-1"})
			if got := p.Tracking(tc.q); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			tc.q.Automatic = true
			if got := p.Tracking(tc.q); got != model.TrackingAutomatic {
				t.Errorf("automatic: got %v", got)
			}
		})
	}
}

// TestEvalMatchesAndUndecidable: every matching rule in attachment then
// document order; without a match, every undecidable rule with the missing
// pieces once each, joined with ", ".
func TestEvalMatchesAndUndecidable(t *testing.T) {
	tab := compile(t,
		model.SecurityGroup{ID: "sg-a", Rules: []model.SGRule{
			mkRule("a-web", false, 6, 80, 443, cidrPeer("10.0.0.0/8")),
			mkRule("a-pl", false, 6, 0, 65535, model.Peer{Kind: model.PeerPrefixList, PrefixListID: "pl-gone"}),
			mkRule("a-ref", false, -1, 0, 0, model.Peer{Kind: model.PeerGroup, GroupID: "sg-b"}),
			mkRule("a-stale", false, -1, 0, 0, model.Peer{Kind: model.PeerGroup, GroupID: "sg-b", PeeringStatus: "deleted"}),
		}},
		model.SecurityGroup{ID: "sg-b", Rules: []model.SGRule{
			mkRule("b-pl", false, 6, 443, 443, model.Peer{Kind: model.PeerPrefixList, PrefixListID: "pl-gone"}),
			mkRule("b-known", false, 6, 443, 443, model.Peer{Kind: model.PeerPrefixList, PrefixListID: "pl-known"}),
			mkRule("b-all", false, -1, 0, 0, cidrPeer("10.1.0.0/16")),
		}},
	)
	p := tab.Profile([]string{"sg-b", "sg-a"})
	member := tab.Profile([]string{"sg-b"})

	var c model.Check
	q := query(Ingress, 6, 443, "10.1.2.3", PeerInterface)
	q.Peer.Groups = member.GroupIDs()
	tab.Eval(&p, q, &c)
	if c.Verdict != model.VerdictAllow || ids(&c) != "b-all a-web a-ref" || c.Reason.Code != model.ReasonSGAllowed {
		t.Errorf("member: got %v [%s] %v", c.Verdict, ids(&c), c.Reason)
	}

	c = model.Check{}
	tab.Eval(&p, query(Ingress, 6, 443, "172.16.0.9", PeerUnknownHost), &c)
	if c.Verdict != model.VerdictIndeterminate || ids(&c) != "b-pl a-pl a-ref" ||
		c.Reason.Subject != "pl-gone, membership of 172.16.0.9 in sg-b" {
		t.Errorf("unknown host: got %v [%s] %q", c.Verdict, ids(&c), c.Reason.Subject)
	}

	c = model.Check{}
	tab.Eval(&p, query(Ingress, 6, 443, "192.0.2.7", PeerExternal), &c)
	if c.Verdict != model.VerdictAllow || ids(&c) != "b-known" {
		t.Errorf("prefix list: got %v [%s]", c.Verdict, ids(&c))
	}

	c = model.Check{}
	tab.Eval(&p, query(Ingress, 17, 53, "198.51.100.1", PeerExternal), &c)
	if c.Verdict != model.VerdictDeny || c.Reason.Code != model.ReasonSGNoRule {
		t.Errorf("no rule: got %v [%s] %v", c.Verdict, ids(&c), c.Reason)
	}
}

func TestCompileErrorsNameTheRule(t *testing.T) {
	_, err := Compile(&model.Config{SecurityGroups: []model.SecurityGroup{{ID: "sg-1", Rules: []model.SGRule{
		mkRule("ok", false, 6, 1, 2, cidrPeer("10.0.0.0/8")),
		mkRule("bad", false, 6, 1, 2, model.Peer{Kind: model.PeerCIDR}),
	}}}})
	if err == nil || err.Error() != "security group sg-1 rule 1: invalid CIDR" {
		t.Errorf("got %v", err)
	}
}

// TestEvalAgreesWithScan holds the port index (both its short count and
// its binary search over many intervals) to a plain scan of the rules, on
// groups with many distinct port ranges.
func TestEvalAgreesWithScan(t *testing.T) {
	for _, nRules := range []int{5, 30, 120} {
		var rules []model.SGRule
		for i := range nRules {
			from := int32((i * 7919) % 3000)
			to := from + int32(i%5)*3
			if i%11 == 0 {
				to = from - 1 // an empty range matches nothing
			}
			p := cidrPeer("10.0.0.0/8")
			if i%3 == 0 {
				p = cidrPeer("192.0.2.0/24")
			}
			proto := int16(6)
			if i%13 == 0 {
				proto = -1
			}
			rules = append(rules, mkRule(string(rune('a'+i%26))+string(rune('a'+i/26)), false, proto, from, to, p))
		}
		tab := compile(t, model.SecurityGroup{ID: "sg-1", Rules: rules})
		p := tab.Profile([]string{"sg-1"})
		for port := int32(-2); port < 3100; port++ {
			for _, ip := range []string{"10.1.1.1", "192.0.2.9"} {
				var c model.Check
				tab.Eval(&p, query(Ingress, 6, port, ip, PeerExternal), &c)
				var want []string
				a := netip.MustParseAddr(ip)
				for _, r := range rules {
					if (r.Protocol == -1 || (r.FromPort <= port && port <= r.ToPort)) && r.Peer.CIDR.Contains(a) {
						want = append(want, r.ID)
					}
				}
				if got := ids(&c); got != strings.Join(want, " ") {
					t.Fatalf("%d rules, port %d, %s: got [%s], want %v", nRules, port, ip, got, want)
				}
			}
		}
	}
}
