package stateful

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/nfw/nfwjson"
	"github.com/netverdict/netverdict/evaluator/nfw/suricata"
)

// The AWS sample's reference: @BETA is
// arn:aws:ec2:us-east-1:555555555555:prefix-list/pl-1111111111111111111_beta
// in a rule "drop tcp @BETA any -> any any (sid:1;)".
const (
	betaFile = "network-firewall-rule-group-suricata-ipset-reference.json"
	betaID   = "pl-1111111111111111111_beta"
	rgARN    = "arn:aws:resource-groups:us-east-1:555555555555:group/web-servers"
)

// refGroup is a rules string with IP set references (name → ARN).
func refGroup(text string, refs map[string]string) func(t *testing.T) *nfwjson.RuleGroup {
	return func(*testing.T) *nfwjson.RuleGroup {
		return &nfwjson.RuleGroup{RulesString: text, IPSetReferences: refs}
	}
}

func plARN(id string) string { return "arn:aws:ec2:us-east-1:555555555555:prefix-list/" + id }

// runOpts compiles g alone under action order with opts, evaluates f,
// holds the result to ReferenceWith with the same options, and returns
// both results.
func runOpts(t *testing.T, g *nfwjson.RuleGroup, opts Options, f Flow) (got, want Result) {
	t.Helper()
	p := &nfwjson.Policy{StatefulRefs: []nfwjson.Ref{{ARN: "arn:group/refs", Priority: 1}}}
	m := map[string]*nfwjson.RuleGroup{"arn:group/refs": g}
	cp, err := CompileWith(p, m, vpc, opts)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	got = cp.Evaluate(f)
	want, err = ReferenceWith(p, m, vpc, f, opts)
	if err != nil {
		t.Fatalf("reference: %v", err)
	}
	if !sameLeg(got.Forward, want.Forward) || !sameLeg(got.Reply, want.Reply) || !sameHits(got.Alerts, want.Alerts) {
		t.Errorf("engine and reference differ:\nengine    %+v\nreference %+v", got, want)
	}
	return got, want
}

func TestIPSetReferences(t *testing.T) {
	awsSample := func(t *testing.T) *nfwjson.RuleGroup { return sample(t, betaFile) }
	lists := func(kv ...any) map[string][]netip.Prefix {
		m := map[string][]netip.Prefix{}
		for i := 0; i < len(kv); i += 2 {
			ps, _ := kv[i+1].([]netip.Prefix) // untyped nil: a known empty list
			m[kv[i].(string)] = ps
		}
		return m
	}
	web := prefixes("10.0.1.0/24", "198.51.100.0/24")
	tests := []struct {
		name   string
		group  func(t *testing.T) *nfwjson.RuleGroup
		lists  map[string][]netip.Prefix
		flow   Flow
		fwd    leg
		reply  *leg
		reason string // a substring of both evaluators' Forward reason ("" = any)
	}{
		// The AWS sample, resolved.
		{name: "§5.6 AWS sample: a client in the prefix list is dropped on its SYN (IP-only rule)",
			group: awsSample, lists: lists(betaID, web), flow: tcp(in, out, 443),
			fwd: leg{Drop, 1, false, "client SYN"}},
		{name: "§5.6 AWS sample: neither address in the prefix list: no match, the flow passes",
			group: awsSample, lists: lists(betaID, web), flow: tcp(out, "192.0.2.5", 443),
			fwd: leg{Pass, 0, true, ""}, reply: &leg{Pass, 0, true, ""}},
		{name: "§5.6 AWS sample: the server's SYN-ACK has the listed address as source and is dropped",
			group: awsSample, lists: lists(betaID, web), flow: tcp(out, in, 443),
			fwd: leg{Drop, 1, false, "flow was dropped"}, reply: &leg{Drop, 1, false, "server SYN-ACK"}},
		{name: "§5.6 AWS sample: a host route in the list matches that host only",
			group: awsSample, lists: lists(betaID, prefixes("10.0.1.6/32")), flow: tcp(in, out, 443),
			fwd: leg{Pass, 0, true, ""}},
		{name: "§5.6 AWS sample: an IPv6 prefix list",
			group: awsSample, lists: lists(betaID, prefixes("2001:db8::/32")), flow: tcp("2001:db8::5", "2001:db9::1", 443),
			fwd: leg{Drop, 1, false, "client SYN"}},
		{name: "§5.6 AWS sample: an IPv4 list does not match an IPv4-mapped IPv6 address (netip semantics, as for CIDRs in rules)",
			group: awsSample, lists: lists(betaID, web), flow: tcp("::ffff:10.0.1.5", "2001:db9::1", 443),
			fwd: leg{Pass, 0, true, ""}},

		// Unresolved references are undecidable, naming the reference and why.
		{name: "§5.6 AWS sample: the prefix list is not in the config",
			group: awsSample, lists: lists("pl-other", web), flow: tcp(in, out, 443),
			fwd: leg{Undecidable, 1, false, ""}, reason: "@BETA (" + plARN(betaID) + "): prefix list " + betaID + " is not in the config (give aws ec2 get-managed-prefix-list-entries)"},
		{name: "§5.6 AWS sample: no prefix lists given at all",
			group: awsSample, flow: tcp(in, out, 443),
			fwd: leg{Undecidable, 1, false, ""}, reason: "prefix list " + betaID + " is not in the config"},
		{name: "§5.1/§5.6 a resource-group reference is not modelled",
			group: refGroup("drop tcp @WEB any -> any any (sid:2;)", map[string]string{"WEB": rgARN}), lists: lists(betaID, web),
			flow: tcp(in, out, 443), fwd: leg{Undecidable, 2, false, ""}, reason: "@WEB (" + rgARN + "): resource groups are not modelled"},
		{name: "§5.1 a ReferenceArn that is not an ARN",
			group: refGroup("drop tcp @X any -> any any (sid:3;)", map[string]string{"X": "pl-1234"}), lists: lists("pl-1234", web),
			flow: tcp(in, out, 443), fwd: leg{Undecidable, 3, false, ""}, reason: "@X (pl-1234): ReferenceArn is not an ARN"},
		{name: "§5.1 an ARN of another kind of resource",
			group: refGroup("drop tcp @X any -> any any (sid:3;)", map[string]string{"X": "arn:aws:ec2:us-east-1:555555555555:vpc/vpc-1"}),
			lists: lists("vpc-1", web), flow: tcp(in, out, 443),
			fwd: leg{Undecidable, 3, false, ""}, reason: "neither a VPC prefix list nor a resource group"},
		{name: "§5.6 a prefix list entry that is not a valid CIDR: not guessed",
			group: awsSample, lists: lists(betaID, []netip.Prefix{netip.MustParsePrefix("10.0.1.0/24"), {}}), flow: tcp(out, "192.0.2.5", 443),
			fwd: leg{Undecidable, 1, false, ""}, reason: "prefix list " + betaID + ": entry 1 is not a valid CIDR"},
		{name: "§5.6 an undecidable reference does not hide a definite match of another list element",
			group: refGroup("drop tcp [@WEB,10.0.1.0/24] any -> any any (sid:4;)", map[string]string{"WEB": rgARN}),
			flow:  tcp(in, out, 443), fwd: leg{Drop, 4, false, "client SYN"}},
		{name: "§5.6 ... and is undecidable when the other elements do not match",
			group: refGroup("drop tcp [@WEB,10.0.1.0/24] any -> any any (sid:4;)", map[string]string{"WEB": rgARN}),
			flow:  tcp(out, "192.0.2.5", 443), fwd: leg{Undecidable, 4, false, ""}, reason: "resource groups are not modelled"},

		// Empty lists, negation, lists.
		{name: "§5.6 a known empty prefix list matches no address",
			group: awsSample, lists: lists(betaID, nil), flow: tcp(in, out, 443),
			fwd: leg{Pass, 0, true, ""}, reply: &leg{Pass, 0, true, ""}},
		{name: "§5.6 !@NAME of an empty list matches every address",
			group: refGroup("drop tcp !@E any -> any any (sid:5;)", map[string]string{"E": plARN("pl-empty")}),
			lists: lists("pl-empty", []netip.Prefix{}), flow: tcp(in, out, 443),
			fwd: leg{Drop, 5, false, "client SYN"}},
		{name: "§5.6 !@NAME: a source outside the list matches",
			group: refGroup("drop tcp !@B any -> any any (flow:to_server; sid:6;)", map[string]string{"B": plARN(betaID)}),
			lists: lists(betaID, web), flow: tcp(out, in, 443),
			fwd: leg{Drop, 6, false, "client SYN"}},
		{name: "§5.6 !@NAME: a source inside the list does not",
			group: refGroup("drop tcp !@B any -> any any (flow:to_server; sid:6;)", map[string]string{"B": plARN(betaID)}),
			lists: lists(betaID, web), flow: tcp(in, out, 443),
			fwd: leg{Pass, 0, true, ""}},
		{name: "§5.6 !@NAME on the destination (not IP-only): matches a server outside the list",
			group: refGroup("drop tcp $HOME_NET any -> !@B any (sid:7;)", map[string]string{"B": plARN(betaID)}),
			lists: lists(betaID, web), flow: tcp(in, out, 443),
			fwd: leg{Drop, 7, false, "client SYN"}},
		{name: "§5.6 @NAME in a list with a negated host: the host is excluded",
			group: refGroup("drop tcp [@B,!10.0.1.5] any -> any any (flow:to_server; sid:8;)", map[string]string{"B": plARN(betaID)}),
			lists: lists(betaID, web), flow: tcp(in, out, 443),
			fwd: leg{Pass, 0, true, ""}},
		{name: "§5.6 @NAME in a list with a negated host: another listed host matches",
			group: refGroup("drop tcp [@B,!10.0.1.5] any -> any any (flow:to_server; sid:8;)", map[string]string{"B": plARN(betaID)}),
			lists: lists(betaID, web), flow: tcp("10.0.1.6", out, 443),
			fwd: leg{Drop, 8, false, "client SYN"}},
		{name: "§5.6 negated @NAME inside a list: [10.0.0.0/16,!@B] excludes the list",
			group: refGroup("drop tcp [10.0.0.0/16,!@B] any -> any any (flow:to_server; sid:9;)", map[string]string{"B": plARN(betaID)}),
			lists: lists(betaID, web), flow: tcp(in, out, 443),
			fwd: leg{Pass, 0, true, ""}},
		{name: "§5.6 negated @NAME inside a list: the rest of 10.0.0.0/16 matches",
			group: refGroup("drop tcp [10.0.0.0/16,!@B] any -> any any (flow:to_server; sid:9;)", map[string]string{"B": plARN(betaID)}),
			lists: lists(betaID, web), flow: tcp("10.0.2.9", out, 443),
			fwd: leg{Drop, 9, false, "client SYN"}},
		{name: "§5.6 two references to one list and an AWS-managed list (account aws)",
			group: refGroup("pass tcp @A any -> @M 443 (flow:to_server; sid:10;)\ndrop tcp @B any -> any any (flow:to_server; sid:11;)",
				map[string]string{"A": plARN(betaID), "B": plARN(betaID), "M": "arn:aws:ec2:us-east-1:aws:prefix-list/pl-63a5400a"}),
			lists: lists(betaID, web, "pl-63a5400a", prefixes("203.0.113.0/24")), flow: tcp(in, out, 443),
			fwd: leg{Pass, 10, false, ""}},
		{name: "§5.5/§5.6 a standard stateful rule (5-tuple) with an IP set reference",
			group: func(*testing.T) *nfwjson.RuleGroup {
				return &nfwjson.RuleGroup{IPSetReferences: map[string]string{"B": plARN(betaID)},
					StatefulRules: []nfwjson.StatefulRule{{Action: "DROP", Protocol: "TCP", Source: "@B", SourcePort: "ANY",
						Direction: "FORWARD", Destination: "ANY", DestinationPort: "443",
						Options: []nfwjson.RuleOption{{Keyword: "sid", Settings: []string{"12"}}}}}}
			},
			lists: lists(betaID, web), flow: tcp("198.51.100.1", out, 443),
			fwd: leg{Drop, 12, false, "client SYN"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, want := runOpts(t, tc.group(t), Options{PrefixLists: tc.lists}, tc.flow)
			tc.fwd.check(t, "forward", got.Forward)
			if tc.reply != nil {
				tc.reply.check(t, "reply", got.Reply)
			}
			for who, r := range map[string]string{"engine": got.Forward.Reason, "reference": want.Forward.Reason} {
				if !strings.Contains(r, tc.reason) {
					t.Errorf("%s reason %q does not name %q", who, r, tc.reason)
				}
			}
		})
	}
}

// TestIPSetReferencesResolveOnce: the engine resolves a reference once
// per group; every rule that uses it shares the table (§5.6).
func TestIPSetReferencesResolveOnce(t *testing.T) {
	g := &nfwjson.RuleGroup{RulesString: "drop tcp @B any -> any any (sid:1;)\ndrop udp any any -> [@B] any (sid:2;)",
		IPSetReferences: map[string]string{"B": plARN(betaID)}}
	p := &nfwjson.Policy{StatefulRefs: []nfwjson.Ref{{ARN: "arn:g", Priority: 1}}}
	cp, err := CompileWith(p, map[string]*nfwjson.RuleGroup{"arn:g": g}, vpc, Options{PrefixLists: map[string][]netip.Prefix{betaID: prefixes("10.0.1.0/24")}})
	if err != nil {
		t.Fatal(err)
	}
	a, b := cp.order[0].src, cp.order[1].dst.list[0]
	if a.kind != mSet || b.kind != mSet || a.set != b.set {
		t.Errorf("want one shared prefix-list table, got %+v and %+v", a, b)
	}
}

// TestIPSetReferenceQuota: AWS allows five IP set references per rule
// group (§5.6); a sixth is a warning, five are not.
func TestIPSetReferenceQuota(t *testing.T) {
	for _, n := range []int{5, 6} {
		refs := map[string]string{}
		for i := range n {
			refs[string(rune('A'+i))] = plARN("pl-" + string(rune('a'+i)))
		}
		p := &nfwjson.Policy{StatefulRefs: []nfwjson.Ref{{ARN: "arn:g", Priority: 1}}}
		g := &nfwjson.RuleGroup{RulesString: "drop tcp @A any -> any any (sid:1;)", IPSetReferences: refs}
		cp, err := Compile(p, map[string]*nfwjson.RuleGroup{"arn:g": g}, vpc)
		if err != nil {
			t.Fatal(err)
		}
		var hits []string
		for _, w := range cp.Warnings() {
			if strings.Contains(w, "IP set references") {
				hits = append(hits, w)
			}
		}
		if want := n > 5; (len(hits) == 1) != want || len(hits) > 1 {
			t.Errorf("%d references: warnings %q, want one: %v", n, hits, want)
		}
	}
}

// FuzzIPSetRef holds the engine's reading of a ReferenceArn to the
// reference's (§5.1, §5.6): no panic; both resolve it or both give the
// same problem; a resolved list matches the same probe addresses.
func FuzzIPSetRef(f *testing.F) {
	for _, s := range []string{plARN(betaID), plARN("pl-known"), plARN(""), rgARN, "arn:aws:ec2:pl-1", "pl-known",
		"arn:aws:ec2:::prefix-list/pl-known", "arn::ec2:r:a:prefix-list/pl-known", "arn:aws:s3:::prefix-list/pl-known",
		"arn:aws-cn:ec2:cn-north-1:1:prefix-list/pl-known/x", "arn:aws:ec2:r:a:prefix-list", "arn:aws:ec2:r:a:prefix-list/pl-bad"} {
		f.Add(s)
	}
	lists := map[string][]netip.Prefix{
		"pl-known":   prefixes("10.0.1.0/24", "2001:db8::/32", "::ffff:0:0/96", "fe80::/10"),
		"pl-known/x": prefixes("0.0.0.0/0"),
		"pl-empty":   nil,
		"pl-bad":     {netip.MustParsePrefix("10.0.0.0/8"), {}},
	}
	probes := []netip.Addr{netip.MustParseAddr(in), netip.MustParseAddr(out), netip.MustParseAddr("2001:db8::1"),
		netip.MustParseAddr("::ffff:10.0.1.5"), netip.MustParseAddr("fe80::1%eth0"), {}}
	f.Fuzz(func(t *testing.T, arn string) {
		got := resolveIPSetRef("N", arn, lists)
		want := refIPSetRef("N", arn, lists)
		switch w := want.(type) {
		case string:
			if got.problem != w {
				t.Fatalf("ARN %q: engine %q, reference %q", arn, got.problem, w)
			}
		case refPrefixList:
			if got.problem != "" || got.set == nil {
				t.Fatalf("ARN %q: engine %q, reference resolved it", arn, got.problem)
			}
			for _, a := range probes {
				m := addrM{kind: mSet, set: got.set}
				wt, _ := refAddr(map[string]any{"@N": w}, suricata.AddressSpec{Kind: suricata.AddrVar, Var: "@N"}, a, 0)
				if gt := m.match(a); gt != wt {
					t.Fatalf("ARN %q, address %v: engine %v, reference %v", arn, a, gt, wt)
				}
			}
		default:
			t.Fatalf("ARN %q: reference returned %T", arn, want)
		}
	})
}
