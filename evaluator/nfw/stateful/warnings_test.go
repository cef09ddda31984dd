package stateful

import (
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/nfw/nfwjson"
)

func TestWarnings(t *testing.T) {
	strict := func(g *nfwjson.RuleGroup) *nfwjson.RuleGroup { g.RuleOrder = StrictOrder; return g }
	tests := []struct {
		name     string
		order    string
		defaults []string
		stream   string
		group    *nfwjson.RuleGroup
		want     []string // substrings, one warning each, in order; none when empty
	}{
		{"§5.4 reject on udp is only a drop", DefaultActionOrder, nil, "", rules("reject udp any any -> any 53 (sid:1;)"),
			[]string{"sid 1 rejects protocol udp"}},
		{"§5.4 reject on ip: non-TCP traffic is only dropped", DefaultActionOrder, nil, "", rules("reject ip any any -> any any (sid:2;)"),
			[]string{"sid 2 rejects protocol ip"}},
		{"§5.4 reject on tcp and tls is fine", DefaultActionOrder, nil, "", rules("reject tcp any any -> any any (sid:1;)\nreject tls any any -> any any (sid:2;)"),
			nil},
		{"§5.4 reject does not support FTP", DefaultActionOrder, nil, "", rules("reject ftp any any -> any any (sid:3;)"),
			[]string{"FTP or IMAP"}},
		{"§5.6/§5.11 item 7 priority keyword under STRICT_ORDER", StrictOrder, nil, "", strict(rules("drop tcp any any -> any any (priority:1; sid:4;)")),
			[]string{"sid 4 uses the priority keyword"}},
		{"§5.8 generated domain-list rules carry priority:1 under STRICT_ORDER too: no warning", StrictOrder, []string{"aws:drop_established"}, "",
			strict(&nfwjson.RuleGroup{DomainList: &nfwjson.DomainList{Targets: []string{"a.example"}, TargetTypes: []string{"TLS_SNI"}, GeneratedRulesType: "ALLOWLIST"}}),
			nil},
		{"§5.11 item 7 priority keyword is fine in action order", DefaultActionOrder, nil, "", rules("drop tcp any any -> any any (priority:1; sid:4;)"),
			nil},
		{"§5.11 item 8 group rule order (default) differs from a STRICT_ORDER policy", StrictOrder, nil, "", rules("drop tcp any any -> any any (sid:1;)"),
			[]string{"RuleOrder is DEFAULT_ACTION_ORDER (the default"}},
		{"§5.11 item 8 group STRICT_ORDER in an action-order policy", DefaultActionOrder, nil, "", strict(rules("drop tcp any any -> any any (sid:1;)")),
			[]string{"RuleOrder is STRICT_ORDER but the policy's is DEFAULT_ACTION_ORDER"}},
		{"§5.9 StreamExceptionPolicy CONTINUE with app-layer drop rules fails open", DefaultActionOrder, nil, "CONTINUE", rules("drop http any any -> any any (sid:9;)"),
			[]string{"StreamExceptionPolicy CONTINUE", "sid 9"}},
		{"§5.9 StreamExceptionPolicy CONTINUE without such rules does not matter", DefaultActionOrder, nil, "CONTINUE", rules("drop tcp any any -> any 22 (sid:9;)"),
			nil},
		{"§5.11 item 5 drop_strict with an app-layer pass rule", StrictOrder, []string{"aws:drop_strict"}, "", strict(rules("pass tls any any -> any any (sid:5;)")),
			[]string{"aws:drop_strict drops the TCP handshake", "sid 5"}},
		{"§5.4 two drop defaults", StrictOrder, []string{"aws:drop_strict", "aws:drop_established"}, "", strict(rules("pass tcp any any -> any any (sid:5;)")),
			[]string{"more than one drop action"}},
		{"§5.4 established and app-layer defaults cannot be combined", StrictOrder, []string{"aws:drop_established", "aws:alert_established_app_layer"}, "", strict(rules("pass tcp any any -> any any (sid:5;)")),
			[]string{"cannot be combined"}},
		{"§5.4 unknown default action", StrictOrder, []string{"aws:drop_maybe"}, "", strict(rules("pass tcp any any -> any any (sid:5;)")),
			[]string{`unknown action "aws:drop_maybe"`}},
		{"§5.6 geoip code UK is not ISO 3166-1 (AWS sample src,!US,UK)", DefaultActionOrder, nil, "", rules("drop ip any any -> any any (geoip:src,!US,UK; sid:1;)"),
			[]string{"sid 1 uses geoip country code UK"}},
		{"§5.6 geoip code GB: no warning", DefaultActionOrder, nil, "", rules("drop ip any any -> any any (geoip:src,!US,GB; sid:1;)"),
			nil},
		{"§5.4 default actions in action order do not apply", DefaultActionOrder, []string{"aws:drop_strict"}, "", rules("pass tcp any any -> any any (sid:5;)"),
			[]string{"only valid with STRICT_ORDER"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := &nfwjson.Policy{RuleOrder: tc.order, StatefulDefaultActions: tc.defaults, StreamExceptionPolicy: tc.stream,
				StatefulRefs: []nfwjson.Ref{{ARN: "arn:g", Priority: 1}}}
			cp, err := Compile(p, map[string]*nfwjson.RuleGroup{"arn:g": tc.group}, vpc)
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(cp.Warnings(), "\n")
			if len(tc.want) == 0 && got != "" {
				t.Errorf("want no warnings, got\n%s", got)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("want a warning containing %q, got\n%s", w, got)
				}
			}
		})
	}
}
