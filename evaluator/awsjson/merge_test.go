package awsjson

import (
	"encoding/json"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/model"
)

func mustDecode(t *testing.T, name, doc string) *model.Config {
	t.Helper()
	cfg, _, err := Decode(name, []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func mergeFixtures(t *testing.T, names ...string) (*model.Config, []Warning) {
	t.Helper()
	var parts []*model.Config
	for _, n := range names {
		cfg, _ := decodeFixture(t, n)
		parts = append(parts, cfg)
	}
	cfg, warns, err := Merge(parts)
	if err != nil {
		t.Fatal(err)
	}
	return cfg, warns
}

// TestMergeSGAndRules merges describe-security-groups with
// describe-security-group-rules in both orders: the rules with sgr- ids win,
// the groups keep their names and VPCs.
func TestMergeSGAndRules(t *testing.T) {
	a, _ := mergeFixtures(t, "ec2-describe-security-groups.json", "ec2-describe-security-group-rules.json")
	b, _ := mergeFixtures(t, "ec2-describe-security-group-rules.json", "ec2-describe-security-groups.json")
	for _, cfg := range []*model.Config{a, b} {
		web := findSG(t, cfg, "sg-0e0b000000000000a")
		if !web.RulesFromSGRules || web.Name != "web" || web.VPCID != "vpc-0c0ffee0000000001" {
			t.Errorf("web: %+v", web)
		}
		if got := ruleIDs(web); !slices.Equal(got, []string{"sgr-0a1b2c3d4e5f60001", "sgr-0a1b2c3d4e5f60002", "sgr-0a1b2c3d4e5f60003", "sgr-0a1b2c3d4e5f60004", "sgr-0a1b2c3d4e5f60005", "sgr-0a1b2c3d4e5f60006"}) {
			t.Errorf("web rules: %v", got)
		}
		if ssh := findSG(t, cfg, "sg-0a55000000000000d"); ssh.RulesFromSGRules || len(ssh.Rules) != 4 {
			t.Errorf("ssh-admin keeps its IpPermissions rules: %+v", ssh)
		}
		if bastion := findSG(t, cfg, "sg-0ba5710000000000b"); bastion.VPCID != "" || bastion.Name != "" || len(bastion.Rules) != 2 {
			t.Errorf("group only in the rules: %+v", bastion)
		}
		if cfg.Source != "" && !strings.Contains(cfg.Source, "ec2-describe-security-groups.json") {
			t.Errorf("source: %q", cfg.Source)
		}
	}
	// Same groups and rules whatever the order of the files.
	for _, g := range a.SecurityGroups {
		if h := findSG(t, b, g.ID); !reflect.DeepEqual(g, *h) {
			t.Errorf("%s depends on the order of the files:\n%+v\n%+v", g.ID, g, *h)
		}
	}
	if a.Source != "ec2-describe-security-groups.json, ec2-describe-security-group-rules.json" {
		t.Errorf("source: %q", a.Source)
	}
}

// TestMergeDroppedRulesWarning checks the warning for rules from
// IpPermissions that the rules with sgr- ids do not cover, which is what
// happens with authorize-security-group-ingress output.
func TestMergeDroppedRulesWarning(t *testing.T) {
	cfg, warns := mergeFixtures(t, "ec2-describe-security-groups.json", "ec2-authorize-security-group-ingress.json")
	app := findSG(t, cfg, "sg-0a990000000000000")
	if len(app.Rules) != 2 {
		t.Errorf("app rules: %v", ruleIDs(app))
	}
	want := "ec2-describe-security-groups.json: security group sg-0a990000000000000: 6 of its 6 rules from IpPermissions have no equal among the security group rules from ec2-authorize-security-group-ingress.json that replace them, and are dropped (sg-0a990000000000000/ingress/0/0, sg-0a990000000000000/ingress/0/1, sg-0a990000000000000/ingress/1/0, sg-0a990000000000000/ingress/2/0, sg-0a990000000000000/egress/0/0, …); if ec2-authorize-security-group-ingress.json holds only some of the group's rules (authorize-security-group-ingress output), import describe-security-group-rules for the whole group"
	if got := warningStrings(warns); !slices.Equal(got, []string{want}) {
		t.Errorf("warnings:\n got %q\nwant %q", got, want)
	}

	// Rules with the same effect as the sgr- rules raise no warning.
	dsg := mustDecode(t, "sg.json", `{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [
		{"IpProtocol": "icmpv6", "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
		{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8", "Description": "old text"}]}],
		"IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}`)
	sgrs := mustDecode(t, "sgr.json", `{"SecurityGroupRules": [
		{"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "icmpv6", "FromPort": -1, "ToPort": -1, "CidrIpv6": "::/0"},
		{"SecurityGroupRuleId": "sgr-2", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "6", "FromPort": 22, "ToPort": 22, "CidrIpv4": "10.0.0.0/8"},
		{"SecurityGroupRuleId": "sgr-3", "GroupId": "sg-1", "IsEgress": true, "IpProtocol": "-1", "FromPort": -1, "ToPort": -1, "CidrIpv4": "0.0.0.0/0"}]}`)
	if _, warns, _ := Merge([]*model.Config{dsg, sgrs}); len(warns) != 0 {
		t.Errorf("warnings for equivalent rules: %v", warns)
	}
}

// TestMergeAuthorizeOutputsAddUp checks that rules with sgr- ids from
// several documents are merged by id.
func TestMergeAuthorizeOutputsAddUp(t *testing.T) {
	rule := func(id, port, cidr string) string {
		return `{"SecurityGroupRuleId": "` + id + `", "GroupId": "sg-1", "GroupOwnerId": "111122223333", "IsEgress": false, "IpProtocol": "tcp", "FromPort": ` + port + `, "ToPort": ` + port + `, "CidrIpv4": "` + cidr + `"}`
	}
	a := mustDecode(t, "a.json", `{"Return": true, "SecurityGroupRules": [`+rule("sgr-1", "22", "10.0.0.0/8")+`]}`)
	b := mustDecode(t, "b.json", `{"Return": true, "SecurityGroupRules": [`+rule("sgr-2", "443", "0.0.0.0/0")+`, `+rule("sgr-1", "22", "10.0.0.0/8")+`]}`)
	c := mustDecode(t, "c.json", `{"SecurityGroupRules": [`+rule("sgr-2", "8443", "0.0.0.0/0")+`]}`)
	cfg, warns, err := Merge([]*model.Config{a, b, c})
	if err != nil {
		t.Fatal(err)
	}
	g := findSG(t, cfg, "sg-1")
	if !slices.Equal(ruleIDs(g), []string{"sgr-1", "sgr-2"}) || g.Rules[1].FromPort != 8443 {
		t.Errorf("rules: %+v", g.Rules)
	}
	want := []string{"c.json: security group rule sgr-2 differs from the one in b.json; the one in c.json wins"}
	if got := warningStrings(warns); !slices.Equal(got, want) {
		t.Errorf("warnings:\n got %q\nwant %q", got, want)
	}
}

// TestMergeDuplicates checks identical and conflicting objects of every
// kind.
func TestMergeDuplicates(t *testing.T) {
	docA := `{
		"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "OwnerId": "111122223333"}],
		"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"}],
		"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.1.5", "Groups": [{"GroupId": "sg-1"}]}],
		"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "web", "VpcId": "vpc-1", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}],
		"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true, "Entries": [{"RuleNumber": 100, "Egress": false, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}]}],
		"PrefixLists": [{"PrefixListId": "pl-1", "PrefixListName": "offices", "AddressFamily": "IPv4", "MaxEntries": 5}]
	}`
	a := mustDecode(t, "a.json", docA)

	// The same document twice: kept once, no warning.
	cfg, warns, err := Merge([]*model.Config{a, mustDecode(t, "a2.json", docA)})
	if err != nil || len(warns) != 0 {
		t.Fatalf("identical: %v %v", warns, err)
	}
	want := *a
	want.Source = "a.json, a2.json"
	if !reflect.DeepEqual(*cfg, want) {
		t.Errorf("identical merge:\n got %+v\nwant %+v", *cfg, want)
	}

	docB := strings.NewReplacer(
		`"10.0.0.0/16"`, `"10.0.0.0/17"`,
		`"10.0.1.0/24"`, `"10.0.1.0/25"`,
		`"10.0.1.5"`, `"10.0.1.6"`,
		`"FromPort": 443, "ToPort": 443`, `"FromPort": 8443, "ToPort": 8443`,
		`"RuleAction": "allow"`, `"RuleAction": "deny"`,
		`"PrefixListName": "offices"`, `"PrefixListName": "branches"`,
	).Replace(docA)
	b := mustDecode(t, "b.json", docB)
	cfg, warns, err = Merge([]*model.Config{a, b})
	if err != nil {
		t.Fatal(err)
	}
	wantW := []string{
		"b.json: VPC vpc-1 differs from the one in a.json; the one in b.json wins",
		"b.json: subnet subnet-1 differs from the one in a.json; the one in b.json wins",
		"b.json: network interface eni-1 differs from the one in a.json; the one in b.json wins",
		"b.json: security group sg-1 differs from the one in a.json; the one in b.json wins",
		"b.json: network ACL acl-1 differs from the one in a.json; the one in b.json wins",
		"b.json: prefix list pl-1 differs from the one in a.json; the one in b.json wins",
	}
	if got := warningStrings(warns); !slices.Equal(got, wantW) {
		t.Errorf("warnings:\n got %q\nwant %q", got, wantW)
	}
	want = *b
	want.Source = "a.json, b.json"
	if !reflect.DeepEqual(*cfg, want) {
		t.Errorf("later wins:\n got %+v\nwant %+v", *cfg, want)
	}
}

// TestMergePrefixLists checks that a list's description and its entries,
// from two documents, make one list.
func TestMergePrefixLists(t *testing.T) {
	for _, order := range [][]string{
		{"ec2-describe-managed-prefix-lists.json", "ec2-get-managed-prefix-list-entries-with-id.json"},
		{"ec2-get-managed-prefix-list-entries-with-id.json", "ec2-describe-managed-prefix-lists.json"},
	} {
		cfg, warns := mergeFixtures(t, order...)
		if len(warns) != 0 {
			t.Errorf("%v: warnings %v", order, warns)
		}
		var pl *model.PrefixList
		for i := range cfg.PrefixLists {
			if cfg.PrefixLists[i].ID == "pl-0c0a11c0de5eed001" {
				pl = &cfg.PrefixLists[i]
			}
		}
		if pl == nil || pl.Name != "corp-offices" || pl.MaxEntries != 10 || !pl.EntriesKnown || len(pl.Entries) != 2 {
			t.Errorf("%v: %+v", order, pl)
		}
	}
	// Different entries for one list: the later wins, with a warning.
	a := mustDecode(t, "a.json", `{"PrefixListId": "pl-1", "Entries": [{"Cidr": "10.0.0.0/8"}]}`)
	b := mustDecode(t, "b.json", `{"PrefixListId": "pl-1", "Entries": []}`)
	cfg, warns, _ := Merge([]*model.Config{a, b})
	if len(cfg.PrefixLists[0].Entries) != 0 || len(warns) != 1 {
		t.Errorf("entries conflict: %+v %v", cfg.PrefixLists, warns)
	}
}

// TestMergeLabels checks how parts without a unique Source are named.
func TestMergeLabels(t *testing.T) {
	v := func(cidr string) *model.Config {
		return &model.Config{VPCs: []model.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{pfx(cidr)}}}}
	}
	a, b := v("10.0.0.0/16"), v("10.1.0.0/16")
	_, warns, _ := Merge([]*model.Config{nil, a, b})
	if got := warningStrings(warns); !slices.Equal(got, []string{"part 3: VPC vpc-1 differs from the one in part 2; the one in part 3 wins"}) {
		t.Errorf("unnamed parts: %q", got)
	}
	a.Source, b.Source = "x.json", "x.json"
	_, warns, _ = Merge([]*model.Config{a, b})
	if got := warningStrings(warns); !slices.Equal(got, []string{"x.json (part 2): VPC vpc-1 differs from the one in x.json (part 1); the one in x.json (part 2) wins"}) {
		t.Errorf("same source twice: %q", got)
	}
}

// TestMergeLeavesInputs checks that Merge does not change or alias its
// inputs.
func TestMergeLeavesInputs(t *testing.T) {
	names := []string{"ec2-describe-security-groups.json", "ec2-describe-security-group-rules.json", "ec2-describe-network-interfaces.json", "ec2-describe-network-acls.json", "ec2-prefix-lists-with-entries.json"}
	var parts []*model.Config
	var before []string
	for _, n := range names {
		cfg, _ := decodeFixture(t, n)
		parts = append(parts, cfg)
		b, _ := json.Marshal(cfg)
		before = append(before, string(b))
	}
	cfg, _, _ := Merge(parts)
	// Scribble over the result.
	for i := range cfg.SecurityGroups {
		for j := range cfg.SecurityGroups[i].Rules {
			cfg.SecurityGroups[i].Rules[j].ID = "changed"
		}
	}
	for i := range cfg.Interfaces {
		for j := range cfg.Interfaces[i].PrivateIPs {
			cfg.Interfaces[i].PrivateIPs[j] = pfx("192.0.2.0/24").Addr()
		}
	}
	for i := range cfg.NetworkACLs {
		for j := range cfg.NetworkACLs[i].Entries {
			cfg.NetworkACLs[i].Entries[j].RuleNumber = 1
		}
	}
	for i := range cfg.PrefixLists {
		for j := range cfg.PrefixLists[i].Entries {
			cfg.PrefixLists[i].Entries[j].Description = "changed"
		}
	}
	for i, p := range parts {
		if b, _ := json.Marshal(p); string(b) != before[i] {
			t.Errorf("%s changed by Merge or aliased by its result", names[i])
		}
	}
}

// TestEqualCoversFields fails when the model gains a field that Merge's
// comparisons do not know: update merge.go, then the counts here.
func TestEqualCoversFields(t *testing.T) {
	for _, tt := range []struct {
		v    any
		want int
	}{
		{model.VPC{}, 3},
		{model.Subnet{}, 4},
		{model.Interface{}, 8},
		{model.NetworkACL{}, 6},
		{model.SecurityGroup{}, 6},
		{model.PrefixList{}, 7},
		{model.Config{}, 16},
	} {
		if n := reflect.TypeOf(tt.v).NumField(); n != tt.want {
			t.Errorf("%T has %d fields, merge.go knows %d: update the merge of this type", tt.v, n, tt.want)
		}
	}
}
