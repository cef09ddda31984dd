package tfplan

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/netverdict/netverdict/evaluator/awsjson"
	"github.com/netverdict/netverdict/evaluator/model"
)

// FuzzDecode checks that Decode never panics, that its errors are
// *awsjson.Error values naming the document, that it is deterministic, that
// both sides decode or fail alike, and that what it imports survives a
// self-merge unchanged.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		``, `{}`, `null`, `{"format_version": "1.2"}`, `{"format_version": "1.2", "resource_changes": null}`,
		sgPlan(`{"id": "sg-1", "ingress": [{"from_port": -1, "to_port": 0, "protocol": "icmp", "self": true, "security_groups": ["123456789012/sg-2"]}]}`),
		`{"format_version": "1.2", "resource_changes": [{"type": "aws_network_acl_rule", "name": "r", "change": {"actions": ["create"], "after": {"rule_number": 1, "protocol": "58", "rule_action": "deny", "ipv6_cidr_block": "::/0"}, "after_unknown": {"network_acl_id": true}}}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var errs [2]string
		for _, side := range []Side{Before, After} {
			cfg, warns, err := Decode("f.json", data, side)
			if err != nil {
				if cfg != nil {
					t.Fatal("config with an error")
				}
				for _, e := range leafErrors(t, err) {
					if e.Doc != "f.json" || e.Msg == "" {
						t.Fatalf("error %+v", e)
					}
				}
				errs[side] = err.Error()
				continue
			}
			if cfg == nil || cfg.Source != "f.json" {
				t.Fatalf("config %+v", cfg)
			}
			for _, w := range warns {
				if w.Doc != "f.json" || w.Msg == "" {
					t.Fatalf("warning %+v", w)
				}
			}
			again, warns2, err2 := Decode("f.json", data, side)
			if err2 != nil || !reflect.DeepEqual(cfg, again) || !reflect.DeepEqual(warns, warns2) {
				t.Fatal("Decode is not deterministic")
			}
			merged, _, err := awsjson.Merge([]*model.Config{cfg})
			if err != nil {
				t.Fatal(err)
			}
			if len(merged.SecurityGroups) != len(cfg.SecurityGroups) || len(merged.NetworkACLs) != len(cfg.NetworkACLs) ||
				len(merged.Interfaces) != len(cfg.Interfaces) {
				t.Fatal("ids are not unique")
			}
		}
		if errs[Before] != errs[After] {
			t.Fatalf("sides disagree:\n%s\n%s", errs[Before], errs[After])
		}
	})
}
