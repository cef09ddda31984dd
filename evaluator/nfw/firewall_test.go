package nfw

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/model"
)

// testConfig is one firewall (vpce-1 in subnet-fw of vpc-1, 10.0.0.0/16)
// whose policy has one stateless group and one stateful group, with the
// given stateless rules, stateless defaults and stateful rules.
func testConfig(sl []model.StatelessRule, def, frag string, rules string) *model.Config {
	return &model.Config{
		VPCs: []model.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}}},
		Firewalls: []model.Firewall{{Name: "fw", ARN: "arn:fw", VPCID: "vpc-1", PolicyARN: "arn:policy",
			Endpoints: []model.FirewallEndpoint{{SubnetID: "subnet-fw", EndpointID: "vpce-1"}}}},
		FirewallPolicies: []model.FirewallPolicy{{ARN: "arn:policy", StatelessDefaultActions: []string{def},
			StatelessFragmentDefaultActions: []string{frag}, RuleOrder: "DEFAULT_ACTION_ORDER",
			StatelessRefs: []model.FirewallRuleGroupRef{{ARN: "arn:sl", Priority: 1}},
			StatefulRefs:  []model.FirewallRuleGroupRef{{ARN: "arn:sf"}}}},
		FirewallRuleGroups: []model.FirewallRuleGroup{
			{ARN: "arn:sl", Type: "STATELESS", Stateless: sl},
			{ARN: "arn:sf", Type: "STATEFUL", RulesString: rules},
		},
	}
}

func tcpFlow(sport int32, dport int32) *model.Flow {
	return &model.Flow{Protocol: 6, SourcePort: sport, DestinationPort: dport, ICMPType: -1, ICMPCode: -1}
}

// TestInspect checks a firewall's verdict per leg (docs/semantics.md
// §5.3, aws-semantics §5.2-5.3).
func TestInspect(t *testing.T) {
	client, server := netip.MustParseAddr("10.0.1.10"), netip.MustParseAddr("198.51.100.7")
	synOnly := model.TCPFlagMatch{Flags: model.TCPFlagSYN, Masks: model.TCPFlagSYN | model.TCPFlagACK, MasksGiven: true}
	tcp := []uint8{6}
	tests := []struct {
		name             string
		cfg              *model.Config
		flow             *model.Flow
		fwd, ret         model.Verdict
		fwdRule, retRule string // RuleID of the deciding rule, "" for none
		fwdWhy, retWhy   string // in the reason
	}{
		{name: "§5.2 aws:pass bypasses the stateful engine: its drop rule never runs",
			cfg:  testConfig(nil, "aws:pass", "aws:pass", `drop tcp any any -> any any (msg:"all"; sid:1;)`),
			flow: tcpFlow(50000, 443), fwd: model.VerdictAllow, ret: model.VerdictAllow,
			fwdRule: "StatelessDefaultActions", retRule: "StatelessDefaultActions", fwdWhy: "the stateful engine does not see these packets"},
		{name: "§5.2 aws:forward_to_sfe hands the packets to the stateful engine, whose drop decides",
			cfg:  testConfig(nil, "aws:forward_to_sfe", "aws:forward_to_sfe", `drop tcp any any -> any 443 (msg:"no https"; sid:7;)`),
			flow: tcpFlow(50000, 443), fwd: model.VerdictDeny, ret: model.VerdictDeny, fwdRule: "sid:7", retRule: "sid:7"},
		{name: "§5.3 a stateless rule passing only SYNs leaves the handshake's ACK to the default drop",
			cfg: testConfig([]model.StatelessRule{{Priority: 1, Protocols: tcp, TCPFlags: []model.TCPFlagMatch{synOnly}, Action: model.StatelessPass}},
				"aws:drop", "aws:drop", ""),
			flow: tcpFlow(50000, 443), fwd: model.VerdictDeny, ret: model.VerdictDeny,
			fwdRule: "StatelessDefaultActions", retRule: "StatelessDefaultActions", fwdWhy: "the ACK is dropped", retWhy: "no reply"},
		{name: "§5.11 item 10 stateless rules are direction-blind: a rule on source port 443 drops the replies only",
			cfg: testConfig([]model.StatelessRule{{Priority: 1, Protocols: tcp, SourcePorts: []model.PortRange{{From: 443, To: 443}}, Action: model.StatelessDrop}},
				"aws:pass", "aws:pass", ""),
			flow: tcpFlow(50000, 443), fwd: model.VerdictAllow, ret: model.VerdictDeny,
			fwdRule: "StatelessDefaultActions", retRule: "1", retWhy: "the SYN|ACK is dropped by stateless rule priority 1"},
		{name: "§5.2 non-UDP fragments are dropped silently, whatever the defaults",
			cfg:  testConfig(nil, "aws:pass", "aws:pass", ""),
			flow: func() *model.Flow { f := tcpFlow(50000, 443); f.Fragmented = true; return f }(),
			fwd:  model.VerdictDeny, ret: model.VerdictDeny, fwdWhy: "drops fragments of protocols other than UDP silently", retWhy: "no reply"},
		{name: "§5.2 UDP fragments take the fragment default action",
			cfg: testConfig(nil, "aws:pass", "aws:drop", ""),
			flow: func() *model.Flow {
				f := &model.Flow{Protocol: 17, SourcePort: 5000, DestinationPort: 53, ICMPType: -1, ICMPCode: -1, Fragmented: true}
				return f
			}(),
			fwd: model.VerdictDeny, ret: model.VerdictDeny, fwdRule: "StatelessFragmentDefaultActions", retRule: "StatelessFragmentDefaultActions"},
		{name: "spec §5.3 no source port: stateless port ranges cut the ephemeral range; different outcomes are INDETERMINATE",
			cfg: testConfig([]model.StatelessRule{{Priority: 1, Protocols: tcp, SourcePorts: []model.PortRange{{From: 1024, To: 2047}}, Action: model.StatelessDrop}},
				"aws:pass", "aws:pass", ""),
			// The return leg differs too: no reply where the request is dropped.
			flow: tcpFlow(model.NoPort, 443), fwd: model.VerdictIndeterminate, ret: model.VerdictIndeterminate,
			fwdWhy: "client ports 1024-2047: DENY, 2048-65535: ALLOW", retWhy: "client ports 1024-2047: DENY, 2048-65535: ALLOW"},
		{name: "spec §5.3 no source port and a stateful rule on the client's port: INDETERMINATE at once",
			cfg:  testConfig(nil, "aws:forward_to_sfe", "aws:forward_to_sfe", `drop tcp any 1024:2047 -> any any (sid:3;)`),
			flow: tcpFlow(model.NoPort, 443), fwd: model.VerdictIndeterminate, ret: model.VerdictIndeterminate, fwdWhy: "give source_port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := Compile(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			ep, ok := tab.Endpoint("vpce-1")
			if !ok || tab.Info(ep.Firewall).PolicyARN != "arn:policy" {
				t.Fatalf("endpoint %+v %v", ep, ok)
			}
			v := tab.Inspect(ep.Firewall, tt.flow, client, server, model.Options{})
			for _, leg := range []struct {
				name      string
				got       Leg
				want      model.Verdict
				rule, why string
			}{{"forward", v.Forward, tt.fwd, tt.fwdRule, tt.fwdWhy}, {"return", v.Return, tt.ret, tt.retRule, tt.retWhy}} {
				if leg.got.Verdict != leg.want {
					t.Errorf("%s: %v, want %v (%s)", leg.name, leg.got.Verdict, leg.want, leg.got.Reason)
				}
				if got := leg.got.Rule.RuleID; got != leg.rule {
					t.Errorf("%s: rule %q, want %q (%s)", leg.name, got, leg.rule, leg.got.Reason)
				}
				if !strings.Contains(leg.got.Reason, leg.why) {
					t.Errorf("%s: reason %q does not contain %q", leg.name, leg.got.Reason, leg.why)
				}
			}
		})
	}
}

// TestMissingPieces: a firewall whose policy or rule groups are not in the
// config is kept, and every check of it is INDETERMINATE naming the piece
// (spec §5.3).
func TestMissingPieces(t *testing.T) {
	cfg := testConfig(nil, "aws:pass", "aws:pass", "")
	cfg.FirewallRuleGroups = cfg.FirewallRuleGroups[:1]
	tab, err := Compile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	v := tab.Inspect(0, tcpFlow(1, 2), netip.MustParseAddr("10.0.1.1"), netip.MustParseAddr("10.0.2.2"), model.Options{})
	if v.Forward.Verdict != model.VerdictIndeterminate || !strings.Contains(v.Forward.Reason, "rule group arn:sf of firewall policy arn:policy is not in the config") {
		t.Errorf("%+v", v.Forward)
	}
	cfg.FirewallPolicies = nil
	tab, _ = Compile(cfg)
	v = tab.Inspect(0, tcpFlow(1, 2), netip.MustParseAddr("10.0.1.1"), netip.MustParseAddr("10.0.2.2"), model.Options{})
	if v.Return.Verdict != model.VerdictIndeterminate || !strings.Contains(v.Return.Reason, "firewall policy arn:policy of firewall fw is not in the config") {
		t.Errorf("%+v", v.Return)
	}
}
