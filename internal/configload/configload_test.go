package configload

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/internal/apiconv"
)

func readDoc(t *testing.T, name string) Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return Document{Name: name, Data: data}
}

func TestIsNative(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"JSON names", `{"securityGroups": []}`, true},
		{"proto names", `{"network_acls": []}`, true},
		{"native and unknown keys", `{"vpcs": [], "Foo": 1}`, true},
		{"byte order mark", "\xEF\xBB\xBF" + `{"prefixLists": []}`, true},
		{"AWS output", `{"SecurityGroups": []}`, false},
		{"AWS output with the same word in lower case elsewhere", `{"Vpcs": [{"vpcs": 1}]}`, false},
		{"empty object", `{}`, false},
		{"array", `[{"vpcs": []}]`, false},
		{"malformed", `{"vpcs": [`, false},
		{"empty", ``, false},
	}
	for _, tt := range tests {
		if got := IsNative([]byte(tt.data)); got != tt.want {
			t.Errorf("%s: IsNative(%q) = %v, want %v", tt.name, tt.data, got, tt.want)
		}
	}
}

func TestLoadNative(t *testing.T) {
	t.Parallel()
	cfg, warnings, err := Load([]Document{readDoc(t, "network.json")})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings: %q", warnings)
	}
	if len(cfg.VPCs) != 1 || len(cfg.Subnets) != 1 || len(cfg.Interfaces) != 1 || len(cfg.NetworkACLs) != 1 {
		t.Fatalf("config = %+v", cfg)
	}
	if got := cfg.Interfaces[0]; got.ID != "eni-0web" || got.PrivateIPs[0] != netip.MustParseAddr("10.0.1.5") || got.SecurityGroupIDs[0] != "sg-0web" {
		t.Errorf("interface = %+v", got)
	}
	if e := cfg.NetworkACLs[0].Entries[1]; !e.Egress || e.Action != model.ActionAllow || e.Protocol != model.ProtoAll {
		t.Errorf("egress entry = %+v", e)
	}
}

func TestLoadNativeProtoNames(t *testing.T) {
	t.Parallel()
	cfg, _, err := Load([]Document{readDoc(t, "network_proto_names.json")})
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.SecurityGroups) != 1 || cfg.SecurityGroups[0].Rules[0].Peer.GroupID != "sg-0web" {
		t.Fatalf("security groups = %+v", cfg.SecurityGroups)
	}
	if pl := cfg.PrefixLists[0]; !pl.EntriesKnown || pl.Entries[0].CIDR != netip.MustParsePrefix("198.51.100.0/24") {
		t.Errorf("prefix list = %+v", pl)
	}
}

func TestLoadNativeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		want []string // substrings of the error
	}{
		{
			name: "unknown key",
			data: `{"securityGroups": [], "SecurityGroupz": []}`,
			want: []string{"bad.json: invalid netverdict config", `unknown field "SecurityGroupz"`},
		},
		{
			name: "unknown nested key",
			data: `{"vpcs": [{"id": "vpc-1", "cidr": "10.0.0.0/16"}]}`,
			want: []string{"bad.json: invalid netverdict config", `unknown field "cidr"`},
		},
		{
			name: "wrong type",
			data: `{"vpcs": {"id": "vpc-1"}}`,
			want: []string{"bad.json: invalid netverdict config"},
		},
		{
			name: "invalid CIDR",
			data: `{"securityGroups": [{"id": "sg-1", "rules": [{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidr": "10.0.0.300/24"}]}]}`,
			want: []string{`bad.json: security_groups[0].rules[0].cidr: invalid CIDR "10.0.0.300/24"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, _, err := Load([]Document{{Name: "bad.json", Data: []byte(tt.data)}})
			if err == nil {
				t.Fatalf("no error; config %+v", cfg)
			}
			if cfg != nil {
				t.Error("config returned with an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestLoadNativeErrorKeepsFieldErrors(t *testing.T) {
	t.Parallel()
	_, _, err := Load([]Document{{Name: "n.json", Data: []byte(`{"vpcs": [{"id": "vpc-1", "cidrBlocks": ["x"]}, {}]}`)}})
	var fields []string
	for _, v := range apiconv.Violations(err) {
		fields = append(fields, v.Field)
	}
	if strings.Join(fields, " ") != "vpcs[0].cidr_blocks[0] vpcs[1].id" {
		t.Errorf("field errors = %q (error %v)", fields, err)
	}
}

func TestLoadMixed(t *testing.T) {
	t.Parallel()
	cfg, warnings, err := Load([]Document{
		readDoc(t, "network.json"),
		readDoc(t, "security-groups.json"),
		readDoc(t, "network_proto_names.json"),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("warnings: %q", warnings)
	if len(cfg.VPCs) != 1 || len(cfg.Interfaces) != 1 || len(cfg.NetworkACLs) != 1 || len(cfg.PrefixLists) != 1 {
		t.Errorf("config = %+v", cfg)
	}
	groups := map[string]model.SecurityGroup{}
	for _, g := range cfg.SecurityGroups {
		groups[g.ID] = g
	}
	web, ok := groups["sg-0web"]
	if !ok || len(groups) != 2 {
		t.Fatalf("security groups = %+v", cfg.SecurityGroups)
	}
	if len(web.Rules) != 2 || web.Rules[0].FromPort != 443 || web.Rules[0].Description != "https" {
		t.Errorf("sg-0web rules from the AWS document = %+v", web.Rules)
	}
	for _, name := range []string{"network.json", "security-groups.json", "network_proto_names.json"} {
		if !strings.Contains(cfg.Source, name) {
			t.Errorf("Source %q does not name %s", cfg.Source, name)
		}
	}
}

func TestLoadReportsEveryDocument(t *testing.T) {
	t.Parallel()
	_, _, err := Load([]Document{
		{Name: "a.json", Data: []byte(`{"vpcs": [{}]}`)},
		readDoc(t, "security-groups.json"),
		{Name: "b.json", Data: []byte(`{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 1, "ToPort": 2, "IpRanges": [{"CidrIp": "10.0.0.300/24"}]}]}]}`)},
		{Name: "c.json", Data: []byte(`{"Unknown": 1}`)},
	})
	if err == nil {
		t.Fatal("no error")
	}
	for _, w := range []string{"a.json: vpcs[0].id: id is required", "b.json", "10.0.0.300/24", "c.json"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err, w)
		}
	}
	if strings.Contains(err.Error(), "security-groups.json") {
		t.Errorf("error names a valid document: %v", err)
	}
}

func TestLoadNothing(t *testing.T) {
	t.Parallel()
	cfg, warnings, err := Load(nil)
	if err != nil || warnings != nil || cfg == nil || len(cfg.SecurityGroups) != 0 {
		t.Errorf("Load(nil) = %+v, %q, %v", cfg, warnings, err)
	}
}

func TestLoadPassesOnWarnings(t *testing.T) {
	t.Parallel()
	override := Document{Name: "override.json", Data: []byte(`{"securityGroups": [{"id": "sg-0web", "name": "web", "vpcId": "vpc-0main",
	  "rules": [{"id": "sgr-1", "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidr": "10.0.0.0/8"}]}]}`)}
	later := Document{Name: "later.json", Data: []byte(`{"Vpcs": [{"VpcId": "vpc-0main", "CidrBlock": "10.0.0.0/16"}], "InternetGateways": []}`)}
	cfg, warnings, err := Load([]Document{readDoc(t, "security-groups.json"), override, later})
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(warnings, "\n")
	for _, w := range []string{"override.json", "security-groups.json", "later.json: InternetGateways"} {
		if !strings.Contains(joined, w) {
			t.Errorf("warnings %q do not mention %q", warnings, w)
		}
	}
	if rules := cfg.SecurityGroups[0].Rules; len(rules) != 1 || rules[0].ID != "sgr-1" {
		t.Errorf("the later document did not win: %+v", rules)
	}
}
