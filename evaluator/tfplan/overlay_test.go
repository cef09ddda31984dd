package tfplan_test

import (
	"os"
	"testing"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/tfplan"
	"github.com/netverdict/netverdict/internal/configload"
)

func loadCLI(t *testing.T, files ...string) *model.Config {
	t.Helper()
	var docs []configload.Document
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, configload.Document{Name: f, Data: b})
	}
	cfg, _, err := configload.Load(docs)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func decodeBoth(t *testing.T, plan string) (before, after *model.Config) {
	t.Helper()
	b, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	if before, _, err = tfplan.Decode(plan, b, tfplan.Before); err != nil {
		t.Fatal(err)
	}
	if after, _, err = tfplan.Decode(plan, b, tfplan.After); err != nil {
		t.Fatal(err)
	}
	return before, after
}

func group(t *testing.T, c *model.Config, id string) *model.SecurityGroup {
	t.Helper()
	for i := range c.SecurityGroups {
		if c.SecurityGroups[i].ID == id {
			return &c.SecurityGroups[i]
		}
	}
	t.Fatalf("no group %s", id)
	return nil
}

// TestOverlayPartialGroup: a plan that adds one rule resource to a group
// it does not contain adds that rule to the exported group; the
// exported rules stay (a whole-group merge would drop them).
func TestOverlayPartialGroup(t *testing.T) {
	cur := loadCLI(t, "../../cmd/netverdict/testdata/seed/network.json", "../../cmd/netverdict/testdata/seed/sg-before.json")
	plan := []byte(`{"format_version":"1.2","terraform_version":"1.9.8","resource_changes":[
	 {"address":"aws_vpc_security_group_ingress_rule.https","mode":"managed","type":"aws_vpc_security_group_ingress_rule","name":"https",
	  "change":{"actions":["create"],"before":null,
	   "after":{"security_group_id":"sg-05eed000000000001","ip_protocol":"tcp","from_port":443,"to_port":443,"cidr_ipv4":"0.0.0.0/0"},
	   "after_unknown":{"security_group_rule_id":true,"id":true}}}]}`)
	before, _, err := tfplan.Decode("plan.json", plan, tfplan.Before)
	if err != nil {
		t.Fatal(err)
	}
	after, _, err := tfplan.Decode("plan.json", plan, tfplan.After)
	if err != nil {
		t.Fatal(err)
	}
	base, proposed := tfplan.Overlay(cur, before, after)
	gb, gp := group(t, base, "sg-05eed000000000001"), group(t, proposed, "sg-05eed000000000001")
	ingress := func(g *model.SecurityGroup) (n int) {
		for _, r := range g.Rules {
			if !r.Egress {
				n++
			}
		}
		return n
	}
	if ingress(gb) != 1 || ingress(gp) != 2 || len(gp.Rules) != len(gb.Rules)+1 {
		t.Errorf("base rules %v\nproposed rules %v", gb.Rules, gp.Rules)
	}
	if len(group(t, cur, "sg-05eed000000000001").Rules) != len(gb.Rules) {
		t.Error("Overlay changed its argument or duplicated the exported rules")
	}
}

// TestOverlayFullGroup: the seed plan (a whole aws_security_group losing
// its SSH rule) over the export: base has the rule once, proposed has it
// not, and every other resource comes from the export.
func TestOverlayFullGroup(t *testing.T) {
	cur := loadCLI(t, "../../cmd/netverdict/testdata/seed/network.json", "../../cmd/netverdict/testdata/seed/sg-before.json")
	before, after := decodeBoth(t, "../../cmd/netverdict/testdata/seed/plan-remove-ssh.json")
	base, proposed := tfplan.Overlay(cur, before, after)
	if n := len(group(t, base, "sg-05eed000000000001").Rules); n != len(group(t, cur, "sg-05eed000000000001").Rules) {
		t.Errorf("base has %d rules, the export %d", n, len(group(t, cur, "sg-05eed000000000001").Rules))
	}
	for _, r := range group(t, proposed, "sg-05eed000000000001").Rules {
		if !r.Egress {
			t.Errorf("proposed still has ingress rule %v", r)
		}
	}
	if len(proposed.Interfaces) != len(cur.Interfaces) || len(proposed.NetworkACLs) != len(cur.NetworkACLs) {
		t.Error("resources the plan does not touch changed")
	}
}
