package tfplan

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/awsjson"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/path"
)

// sgPlan is a plan with one aws_security_group created with the given
// after value.
func sgPlan(after string) string {
	return `{"format_version": "1.2", "terraform_version": "1.9.5", "resource_changes": [
		{"address": "aws_security_group.x", "mode": "managed", "type": "aws_security_group", "name": "x",
		 "change": {"actions": ["create"], "before": null, "after": ` + after + `, "after_unknown": {}}}]}`
}

// leafErrors returns the *awsjson.Error values of err.
func leafErrors(t *testing.T, err error) []*awsjson.Error {
	t.Helper()
	var out []*awsjson.Error
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		ae, ok := e.(*awsjson.Error)
		if !ok {
			t.Fatalf("error %T %v is not an *awsjson.Error", e, e)
		}
		out = append(out, ae)
	}
	walk(err)
	return out
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, doc, path, msg string
	}{
		{"not JSON", `{"format_version": `, "", "invalid JSON"},
		{"not an object", `[1]`, "", "not a Terraform plan"},
		{"no format_version", `{"resource_changes": []}`, "", "no top-level format_version"},
		{"format 2", `{"format_version": "2.0", "resource_changes": []}`, "format_version", "unsupported plan format version"},
		{"state file", `{"format_version": "1.0", "values": {}}`, "", "no resource_changes"},
		{"resource_changes not an array", `{"format_version": "1.2", "resource_changes": {}}`, "resource_changes", "expected an array"},
		{"after not an object", `{"format_version": "1.2", "resource_changes": [{"type": "aws_vpc", "name": "a", "change": {"actions": ["create"], "after": 3}}]}`,
			"resource_changes[0].change.after", "expected an object"},
		{"from_port abc", sgPlan(`{"id": "sg-1", "ingress": [{"from_port": "abc", "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]}]}`),
			"resource_changes[0].change.after.ingress[0].from_port", "expected a number"},
		{"port out of range", sgPlan(`{"id": "sg-1", "ingress": [{"from_port": 22, "to_port": 70000, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]}]}`),
			"resource_changes[0].change.after.ingress[0].to_port", "tcp port out of range"},
		{"bad protocol", sgPlan(`{"id": "sg-1", "egress": [{"from_port": 0, "to_port": 0, "protocol": "tcpp", "cidr_blocks": ["0.0.0.0/0"]}]}`),
			"resource_changes[0].change.after.egress[0].protocol", "invalid protocol"},
		{"bad CIDR", sgPlan(`{"id": "sg-1", "ingress": [{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.300/24"]}]}`),
			"resource_changes[0].change.after.ingress[0].cidr_blocks[0]", "invalid CIDR"},
		{"IPv6 in cidr_blocks", sgPlan(`{"id": "sg-1", "ingress": [{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["::/0"]}]}`),
			"resource_changes[0].change.after.ingress[0].cidr_blocks[0]", "want an IPv4 CIDR"},
		{"reversed ports", sgPlan(`{"id": "sg-1", "ingress": [{"from_port": 23, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]}]}`),
			"resource_changes[0].change.after.ingress[0]", "is reversed"},
		{"nacl action", `{"format_version": "1.2", "resource_changes": [{"type": "aws_network_acl", "name": "a", "change": {"actions": ["delete"], "before": {"id": "acl-1", "ingress": [{"rule_no": 1, "action": "maybe", "protocol": "-1", "cidr_block": "0.0.0.0/0", "from_port": 0, "to_port": 0}]}, "after": null}}]}`,
			"resource_changes[0].change.before.ingress[0].action", "invalid rule action"},
		{"vpc rule without peer", `{"format_version": "1.2", "resource_changes": [{"type": "aws_vpc_security_group_ingress_rule", "name": "a", "change": {"actions": ["no-op"], "before": {"id": "sgr-1", "security_group_id": "sg-1", "ip_protocol": "-1"}, "after": {"id": "sgr-1", "security_group_id": "sg-1", "ip_protocol": "-1"}}}]}`,
			"resource_changes[0].change.before", "exactly one of"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var msgs [2]string
			for _, side := range []Side{Before, After} {
				cfg, _, err := Decode("plan.json", []byte(tt.doc), side)
				if err == nil || cfg != nil {
					t.Fatalf("side %v: got %v, %v; want an error", side, cfg, err)
				}
				msgs[side] = err.Error()
				found := false
				for _, e := range leafErrors(t, err) {
					if e.Doc != "plan.json" {
						t.Errorf("Doc = %q", e.Doc)
					}
					if e.Path == tt.path && strings.Contains(e.Msg, tt.msg) {
						found = true
					}
				}
				if !found {
					t.Errorf("side %v: %v; want path %q msg %q", side, err, tt.path, tt.msg)
				}
			}
			if msgs[Before] != msgs[After] {
				t.Errorf("sides disagree: %q vs %q", msgs[Before], msgs[After])
			}
		})
	}
}

func TestIsPlan(t *testing.T) {
	for doc, want := range map[string]bool{
		`{"format_version": "1.2", "resource_changes": []}`:                  true,
		`{"format_version": "1.2", "planned_values": {}}`:                    true,
		`{"format_version": "1.0", "values": {}}`:                            false,
		`{"SecurityGroups": []}`:                                             false,
		`not json`:                                                           false,
		"\xEF\xBB\xBF" + `{"format_version": "1.2", "resource_changes": []}`: true,
	} {
		if got := IsPlan([]byte(doc)); got != want {
			t.Errorf("IsPlan(%s) = %v", doc, got)
		}
	}
}

// TestDecodeSides checks what each fixture gives on each side.
func TestDecodeSides(t *testing.T) {
	sgRules := func(cfg *model.Config, id string) []model.SGRule {
		for _, g := range cfg.SecurityGroups {
			if g.ID == id {
				return g.Rules
			}
		}
		return nil
	}
	tests := []struct {
		fixture string
		side    Side
		check   func(t *testing.T, cfg *model.Config, warns []string)
	}{
		{"sg-add-ssh-rule.json", Before, func(t *testing.T, cfg *model.Config, _ []string) {
			if rs := sgRules(cfg, "sg-0web"); len(rs) != 1 || !rs[0].Egress {
				t.Errorf("sg-0web rules %+v, want the egress rule only", rs)
			}
		}},
		{"sg-add-ssh-rule.json", After, func(t *testing.T, cfg *model.Config, _ []string) {
			rs := sgRules(cfg, "sg-0web")
			if len(rs) != 2 || rs[1].ID != "tfplan:aws_security_group_rule.ssh/0" || rs[1].FromPort != 22 || rs[1].Peer.CIDR != netip.MustParsePrefix("10.0.1.0/24") {
				t.Errorf("sg-0web rules %+v, want the SSH rule added", rs)
			}
		}},
		{"nacl-delete-entry.json", Before, func(t *testing.T, cfg *model.Config, _ []string) {
			if n := len(cfg.NetworkACLs[0].Entries); n != 7 {
				t.Errorf("%d entries, want 7 (5 + 2 defaults)", n)
			}
		}},
		{"nacl-delete-entry.json", After, func(t *testing.T, cfg *model.Config, _ []string) {
			for _, e := range cfg.NetworkACLs[0].Entries {
				if !e.Egress && (e.RuleNumber == 110 || e.RuleNumber == 200) {
					t.Errorf("entry %d still there", e.RuleNumber)
				}
			}
		}},
		{"new-group-and-rule.json", Before, func(t *testing.T, cfg *model.Config, _ []string) {
			if len(cfg.SecurityGroups) != 0 || len(cfg.Interfaces) != 0 {
				t.Errorf("created resources on the before side: %+v", cfg)
			}
		}},
		{"new-group-and-rule.json", After, func(t *testing.T, cfg *model.Config, warns []string) {
			rs := sgRules(cfg, "tfplan:aws_security_group.web")
			var https *model.SGRule
			for i := range rs {
				if rs[i].FromPort == 443 {
					https = &rs[i]
				}
			}
			if https == nil || https.Peer.GroupID != "tfplan:aws_security_group.lb" || https.GroupID != "tfplan:aws_security_group.web" {
				t.Errorf("rules %+v: want the HTTPS rule from tfplan:aws_security_group.lb", rs)
			}
			if g := cfg.Interfaces[0].SecurityGroupIDs; len(g) != 1 || g[0] != "tfplan:aws_security_group.web" {
				t.Errorf("interface groups %v", g)
			}
			if !containsText(warns, "security_group_id is not known until apply; the configuration references tfplan:aws_security_group.web") {
				t.Errorf("no warning for the resolved reference: %q", warns)
			}
		}},
		{"instances.json", Before, func(t *testing.T, cfg *model.Config, _ []string) {
			if len(cfg.Interfaces) != 1 || cfg.Interfaces[0].ID != "eni-0old" || len(cfg.Interfaces[0].PublicIPs) != 1 {
				t.Errorf("interfaces %+v", cfg.Interfaces)
			}
		}},
		{"instances.json", After, func(t *testing.T, cfg *model.Config, warns []string) {
			if len(cfg.Interfaces) != 2 || cfg.Interfaces[0].ID != "tfplan:aws_instance.app.primary_network_interface_id" {
				t.Errorf("interfaces %+v", cfg.Interfaces)
			}
			if !containsText(warns, "aws_wafv2_web_acl.main is not modelled yet") {
				t.Errorf("no warning for WAF: %q", warns)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture+"/"+tt.side.String(), func(t *testing.T) {
			cfg, warns, err := Decode(tt.fixture, readFixture(t, tt.fixture), tt.side)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, cfg, warningStrings(warns))
		})
	}
}

func containsText(ss []string, sub string) bool {
	for _, s := range ss {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestEvaluateSSHRule evaluates SSH from the bastion to the web instance on
// both sides of the plan that adds the rule.
func TestEvaluateSSHRule(t *testing.T) {
	data := readFixture(t, "sg-add-ssh-rule.json")
	flow := model.Flow{
		ID:              "ssh",
		Source:          model.Endpoint{IP: netip.MustParseAddr("10.0.1.20")},
		Destination:     model.Endpoint{IP: netip.MustParseAddr("10.0.1.10")},
		Protocol:        6,
		SourcePort:      model.NoPort,
		DestinationPort: 22,
		ICMPType:        model.NoPort,
		ICMPCode:        model.NoPort,
	}
	for side, want := range map[Side]model.Verdict{Before: model.VerdictDeny, After: model.VerdictAllow} {
		cfg, _, err := Decode("sg-add-ssh-rule.json", data, side)
		if err != nil {
			t.Fatal(err)
		}
		snap, err := path.Compile(cfg)
		if err != nil {
			t.Fatal(err)
		}
		var d model.Decision
		if err := snap.Evaluate(&flow, model.Options{}, &d); err != nil {
			t.Fatal(err)
		}
		if d.Verdict != want {
			t.Errorf("%v: verdict %v, want %v (%+v)", side, d.Verdict, want, d.Checks)
		}
	}
}

// TestMergeWithCLI checks that a decoded plan merges with an AWS CLI
// export: a group of the plan replaces the CLI's version of it.
func TestMergeWithCLI(t *testing.T) {
	cli, _, err := awsjson.Decode("sg.json", []byte(`{"SecurityGroups": [{"GroupId": "sg-0web", "GroupName": "web", "VpcId": "vpc-0a1", "OwnerId": "111122223333",
		"IpPermissions": [], "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	base, _, err := Decode("plan.json", readFixture(t, "sg-add-ssh-rule.json"), Before)
	if err != nil {
		t.Fatal(err)
	}
	merged, warns, err := awsjson.Merge([]*model.Config{cli, base})
	if err != nil || len(warns) != 0 {
		t.Fatalf("merge of the before side with the same group from the CLI: %v %v", warns, err)
	}
	if merged.Source != "sg.json, plan.json" {
		t.Errorf("Source %q", merged.Source)
	}
	if errors.Is(err, awsjson.ErrNotAWS) {
		t.Fatal("unreachable")
	}
}
