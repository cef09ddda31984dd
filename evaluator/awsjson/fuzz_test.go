package awsjson

import (
	"encoding/json"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/model"
)

// seedFuzz adds the fixtures and a few small documents to the corpus.
func seedFuzz(f *testing.F, add func(data []byte)) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		add(data)
	}
	for _, s := range []string{
		``, `{}`, `[]`, `null`, `{"Entries": []}`, `{"PrefixListId": "pl-1", "Entries": [{"Cidr": "10.0.0.0/8"}]}`,
		sg(`{"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.1/8"}]}`),
		sgr(`{"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-1", "IsEgress": true, "IpProtocol": "-1", "FromPort": -1, "ToPort": -1, "CidrIpv6": "::/0"}`),
		acl(`{"RuleNumber": 32768, "Egress": false, "Protocol": "58", "RuleAction": "deny", "Ipv6CidrBlock": "::/0", "IcmpTypeCode": {"Type": -1, "Code": -1}}`),
	} {
		add([]byte(s))
	}
}

// FuzzDecode checks that Decode never panics, that its errors are *Error
// values naming the document, and that what it imports is well formed,
// deterministic and stable under Merge.
func FuzzDecode(f *testing.F) {
	seedFuzz(f, func(data []byte) { f.Add(data) })
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, warns, err := Decode("f.json", data)
		if err != nil {
			if cfg != nil {
				t.Fatal("config with an error")
			}
			checkErrors(t, err)
			return
		}
		if cfg == nil {
			t.Fatal("no config and no error")
		}
		checkConfig(t, cfg)
		for _, w := range warns {
			if w.Doc != "f.json" || w.Msg == "" {
				t.Fatalf("warning %+v", w)
			}
		}
		again, warns2, _ := Decode("f.json", data)
		if !reflect.DeepEqual(cfg, again) || !reflect.DeepEqual(warns, warns2) {
			t.Fatal("Decode is not deterministic")
		}
		// Merging a config with itself changes nothing and warns of nothing.
		merged, mw, err := Merge([]*model.Config{cfg, again})
		if err != nil || len(mw) != 0 {
			t.Fatalf("self-merge: %v %v", mw, err)
		}
		if !reflect.DeepEqual(merged, cfg) {
			t.Fatalf("self-merge changed the config:\n%+v\n%+v", merged, cfg)
		}
	})
}

// FuzzMerge checks that merging any two imported documents does not panic,
// keeps every object, and keeps ids unique.
func FuzzMerge(f *testing.F) {
	var seeds [][]byte
	seedFuzz(f, func(data []byte) { seeds = append(seeds, data) })
	for i := range seeds {
		f.Add(seeds[i], seeds[(i*7+3)%len(seeds)])
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		ca, _, errA := Decode("a.json", a)
		cb, _, errB := Decode("b.json", b)
		if errA != nil || errB != nil {
			return
		}
		cfg, warns, err := Merge([]*model.Config{ca, cb})
		if err != nil {
			t.Fatal(err)
		}
		checkConfig(t, cfg)
		for _, w := range warns {
			if w.Doc != "a.json" && w.Doc != "b.json" {
				t.Fatalf("warning names no document: %+v", w)
			}
		}
		for _, part := range []*model.Config{ca, cb} {
			for _, id := range ids(part) {
				// Rules may be replaced; objects never go.
				if id[0] != "rule" && !slices.Contains(ids(cfg), id) {
					t.Fatalf("%s %q lost in the merge", id[0], id[1])
				}
			}
		}
	})
}

func checkErrors(t *testing.T, err error) {
	t.Helper()
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	if len(list) > MaxErrors+1 {
		t.Fatalf("%d errors, cap is %d", len(list), MaxErrors)
	}
	for _, e := range list {
		var ae *Error
		if !errors.As(e, &ae) || ae.Doc != "f.json" || ae.Msg == "" {
			t.Fatalf("error %#v is not an *Error of f.json", e)
		}
	}
}

// checkConfig checks what every importer promises: ids set and unique per
// kind, CIDRs valid and masked, rule fields in range.
func checkConfig(t *testing.T, cfg *model.Config) {
	t.Helper()
	seen := map[[2]string]bool{}
	for _, id := range ids(cfg) {
		// An id may itself end in ":" (FuzzDecode found "0000:"), so the
		// kind and the id are kept apart.
		if id[1] == "" || strings.HasSuffix(id[1], "\x00") || seen[id] {
			t.Fatalf("empty or duplicate %s id %q", id[0], id[1])
		}
		seen[id] = true
	}
	for _, v := range cfg.VPCs {
		checkPrefixes(t, v.CIDRs...)
	}
	for _, s := range cfg.Subnets {
		checkPrefixes(t, s.CIDRs...)
	}
	for _, e := range cfg.Interfaces {
		for _, a := range append(append([]netip.Addr{}, e.PrivateIPs...), e.PublicIPs...) {
			if !a.IsValid() || a.Zone() != "" {
				t.Fatalf("%s: address %v", e.ID, a)
			}
		}
	}
	for _, g := range cfg.SecurityGroups {
		for _, r := range g.Rules {
			if r.ID == "" || r.GroupID != g.ID || r.Peer.Kind < model.PeerCIDR || r.Peer.Kind > model.PeerGroup {
				t.Fatalf("%s: rule %+v", g.ID, r)
			}
			if r.Peer.Kind == model.PeerCIDR {
				checkPrefixes(t, r.Peer.CIDR)
			}
			if model.HasPorts(r.Protocol) && (!r.HasPorts || r.FromPort < 0 || r.ToPort > 65535 || r.FromPort > r.ToPort) {
				t.Fatalf("%s: ports %+v", g.ID, r)
			}
			if g.RulesFromSGRules != !strings.HasPrefix(r.ID, g.ID+"/") {
				t.Fatalf("%s: rule %s from the wrong source", g.ID, r.ID)
			}
		}
	}
	for _, a := range cfg.NetworkACLs {
		for _, e := range a.Entries {
			checkPrefixes(t, e.CIDR)
			if e.RuleNumber < 1 || e.RuleNumber > model.DefaultRuleNumberIPv6 || (e.Action != model.ActionAllow && e.Action != model.ActionDeny) {
				t.Fatalf("%s: entry %+v", a.ID, e)
			}
		}
	}
	for _, p := range cfg.PrefixLists {
		if !p.EntriesKnown && len(p.Entries) > 0 {
			t.Fatalf("%s: entries not known but given", p.ID)
		}
		for _, e := range p.Entries {
			checkPrefixes(t, e.CIDR)
		}
	}
}

func checkPrefixes(t *testing.T, ps ...netip.Prefix) {
	t.Helper()
	for _, p := range ps {
		if !p.IsValid() || p.Masked() != p {
			t.Fatalf("prefix %v invalid or not masked", p)
		}
	}
}

// ids lists the ids of every object of cfg, prefixed by kind.
// ids lists every resource id of cfg as {kind, id}; a rule's id is its
// group's id, a NUL, and its own id.
func ids(cfg *model.Config) [][2]string {
	var out [][2]string
	for _, v := range cfg.VPCs {
		out = append(out, [2]string{"vpc", v.ID})
	}
	for _, s := range cfg.Subnets {
		out = append(out, [2]string{"subnet", s.ID})
	}
	for _, e := range cfg.Interfaces {
		out = append(out, [2]string{"eni", e.ID})
	}
	for _, g := range cfg.SecurityGroups {
		out = append(out, [2]string{"sg", g.ID})
		for _, r := range g.Rules {
			out = append(out, [2]string{"rule", g.ID + "\x00" + r.ID})
		}
	}
	for _, a := range cfg.NetworkACLs {
		out = append(out, [2]string{"acl", a.ID})
	}
	for _, p := range cfg.PrefixLists {
		out = append(out, [2]string{"pl", p.ID})
	}
	return out
}

// FuzzRuleForms builds the same rule in its two AWS forms, an IpPermission
// and a SecurityGroupRule, from fuzzed fields: both must be accepted or
// rejected together, and when accepted give rules with the same effect.
// Valid JSON by construction, so the fuzzer spends its time on the values.
func FuzzRuleForms(f *testing.F) {
	f.Add("tcp", int64(22), int64(22), true, "10.0.0.0/8", false)
	f.Add("icmp", int64(3), int64(4), true, "0.0.0.0/0", true)
	f.Add("icmpv6", int64(-1), int64(-1), false, "::/0", false)
	f.Add("-1", int64(-1), int64(-1), true, "::/0", true)
	f.Add("50", int64(0), int64(0), false, "192.0.2.7/24", false)
	f.Add("udp", int64(70000), int64(1), true, "fe80::1%eth0/64", false)
	f.Fuzz(func(t *testing.T, proto string, from, to int64, ports bool, cidr string, egress bool) {
		v6 := strings.Contains(cidr, ":")
		perm := map[string]any{"IpProtocol": proto}
		rule := map[string]any{"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-1", "IsEgress": egress, "IpProtocol": proto}
		if ports {
			perm["FromPort"], perm["ToPort"] = from, to
			rule["FromPort"], rule["ToPort"] = from, to
		}
		if v6 {
			perm["Ipv6Ranges"] = []any{map[string]any{"CidrIpv6": cidr}}
			rule["CidrIpv6"] = cidr
		} else {
			perm["IpRanges"] = []any{map[string]any{"CidrIp": cidr}}
			rule["CidrIpv4"] = cidr
		}
		permKey := "IpPermissions"
		if egress {
			permKey = "IpPermissionsEgress"
		}
		dsg, err := json.Marshal(map[string]any{"SecurityGroups": []any{map[string]any{"GroupId": "sg-1", permKey: []any{perm}}}})
		if err != nil {
			t.Skip()
		}
		sgrs, _ := json.Marshal(map[string]any{"SecurityGroupRules": []any{rule}})
		a, _, errA := Decode("f.json", dsg)
		b, _, errB := Decode("f.json", sgrs)
		if (errA == nil) != (errB == nil) {
			t.Fatalf("forms disagree:\nIpPermission: %v\nSecurityGroupRule: %v", errA, errB)
		}
		if errA != nil {
			checkErrors(t, errA)
			checkErrors(t, errB)
			return
		}
		checkConfig(t, a)
		checkConfig(t, b)
		ra, rb := a.SecurityGroups[0].Rules[0], b.SecurityGroups[0].Rules[0]
		if !sameRuleEffect(ra, rb) {
			t.Fatalf("forms differ:\n%+v\n%+v", ra, rb)
		}
	})
}
