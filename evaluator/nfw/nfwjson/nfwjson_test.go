package nfwjson

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/awsjson"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/nfw/stateless"
)

// TestSamples: the reference samples (bare FirewallPolicy and RuleGroup
// objects, as the documentation prints them) import with their sources.
func TestSamples(t *testing.T) {
	files, _ := filepath.Glob("testdata/network-firewall-*.json")
	if len(files) < 5 {
		t.Fatalf("samples: %v", files)
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		doc, warns, err := Decode(f, b)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		for _, w := range warns {
			t.Logf("%s: warning %s", f, w)
		}
		switch {
		case strings.Contains(f, "firewall-policy"):
			if doc.Policy == nil || len(doc.Policy.StatelessRefs) != 1 || doc.Policy.RuleOrder != "DEFAULT_ACTION_ORDER" {
				t.Errorf("%s: %+v", f, doc.Policy)
			}
		case strings.Contains(f, "stateless"):
			if doc.RuleGroup == nil || doc.RuleGroup.Type != "STATELESS" || len(doc.RuleGroup.Stateless) != 1 {
				t.Errorf("%s: %+v", f, doc.RuleGroup)
			}
		case strings.Contains(f, "domain"):
			if doc.RuleGroup == nil || doc.RuleGroup.DomainList == nil || len(doc.RuleGroup.DomainList.Targets) == 0 {
				t.Errorf("%s: %+v", f, doc.RuleGroup)
			}
		case strings.Contains(f, "suricata"):
			if doc.RuleGroup == nil || doc.RuleGroup.RulesString == "" {
				t.Errorf("%s: %+v", f, doc.RuleGroup)
			}
		case strings.Contains(f, "standard") || strings.Contains(f, "geoip"):
			if doc.RuleGroup == nil || (len(doc.RuleGroup.StatefulRules) == 0 && doc.RuleGroup.RulesString == "") {
				t.Errorf("%s: %+v", f, doc.RuleGroup)
			}
		}
	}
}

// TestDescribeShapesAndStatelessPolicy: describe-firewall-policy and
// describe-rule-group outputs assemble into a stateless policy that the
// engine evaluates: the sample rule passes HTTPS from 198.51.100.0/24 to
// 192.0.2.0/24, everything else goes to the stateful engine.
func TestDescribeShapesAndStatelessPolicy(t *testing.T) {
	const arn = "arn:aws:network-firewall:us-east-1:444455556666:stateless-rulegroup/Stateless-1"
	pol, _ := os.ReadFile("testdata/network-firewall-firewall-policy.json")
	grp, _ := os.ReadFile("testdata/network-firewall-rule-group-stateless.json")
	policyDoc := `{"UpdateToken":"t","FirewallPolicyResponse":{"FirewallPolicyName":"p","FirewallPolicyArn":"arn:aws:network-firewall:us-east-1:444455556666:firewall-policy/p"},"FirewallPolicy":` + string(pol) + `}`
	groupDoc := `{"UpdateToken":"t","RuleGroupResponse":{"RuleGroupArn":"` + arn + `","RuleGroupName":"Stateless-1","Type":"STATELESS","Capacity":100},"RuleGroup":` + string(grp) + `}`
	pd, _, err := Decode("policy.json", []byte(policyDoc))
	if err != nil {
		t.Fatal(err)
	}
	gd, _, err := Decode("group.json", []byte(groupDoc))
	if err != nil {
		t.Fatal(err)
	}
	if pd.Policy.ARN != "arn:aws:network-firewall:us-east-1:444455556666:firewall-policy/p" || gd.RuleGroup.ARN != arn {
		t.Fatalf("ARNs: %q %q", pd.Policy.ARN, gd.RuleGroup.ARN)
	}
	sp, err := StatelessPolicy(pd.Policy, map[string]*RuleGroup{arn: gd.RuleGroup})
	if err != nil {
		t.Fatal(err)
	}
	e, err := stateless.Compile(sp)
	if err != nil {
		t.Fatal(err)
	}
	https := stateless.Packet{Src: netip.MustParseAddr("198.51.100.9"), Dst: netip.MustParseAddr("192.0.2.5"), Proto: 6, SrcPort: 40000, DstPort: 443}
	if r := e.Evaluate(&https); r.Action != stateless.Pass || r.GroupARN != arn || r.RulePriority != 1 {
		t.Errorf("https: %+v", r)
	}
	other := https
	other.DstPort = 22
	if r := e.Evaluate(&other); r.Action != stateless.ForwardToSFE || !r.Default {
		t.Errorf("ssh: %+v", r)
	}
	if _, err := StatelessPolicy(pd.Policy, nil); err == nil || !strings.Contains(err.Error(), arn) {
		t.Errorf("missing group: %v", err)
	}
}

// TestErrors: bad documents give *awsjson.Error values with the JSON path.
func TestErrors(t *testing.T) {
	for _, tc := range []struct{ doc, path string }{
		{`{"FirewallPolicy":{"StatelessDefaultActions":["aws:pass","aws:drop"],"StatelessFragmentDefaultActions":["aws:drop"]}}`, "FirewallPolicy.StatelessDefaultActions"},
		{`{"FirewallPolicy":{"StatelessDefaultActions":["aws:pass"],"StatelessFragmentDefaultActions":["aws:drop"],"StatelessRuleGroupReferences":[{"ResourceArn":"a"}]}}`, "FirewallPolicy.StatelessRuleGroupReferences[0].Priority"},
		{`{"FirewallPolicy":{"StatelessDefaultActions":["aws:pass"],"StatelessFragmentDefaultActions":["aws:drop"],"StatefulDefaultActions":["aws:drop_strict"]}}`, "FirewallPolicy.StatefulDefaultActions"},
		{`{"RulesSource":{"StatelessRulesAndCustomActions":{"StatelessRules":[{"Priority":1,"RuleDefinition":{"Actions":["aws:pass"],"MatchAttributes":{"Sources":[{"AddressDefinition":"10.0.0.300/8"}]}}}]}}}`, "RulesSource.StatelessRulesAndCustomActions.StatelessRules[0].RuleDefinition.MatchAttributes.Sources[0].AddressDefinition"},
		{`{"RulesSource":{"StatelessRulesAndCustomActions":{"StatelessRules":[{"Priority":1,"RuleDefinition":{"Actions":["aws:pass"],"MatchAttributes":{"TCPFlags":[{"Flags":["SYNN"]}]}}}]}}}`, "RulesSource.StatelessRulesAndCustomActions.StatelessRules[0].RuleDefinition.MatchAttributes.TCPFlags[0].Flags[0]"},
		{`{"RulesSource":{"StatelessRulesAndCustomActions":{"StatelessRules":[{"Priority":"one"}]}}}`, "RulesSource.StatelessRulesAndCustomActions.StatelessRules.Priority"},
		{`{"RulesSource":{}}`, "RulesSource"},
		{`{"SecurityGroups":[]}`, ""},
	} {
		_, _, err := Decode("d.json", []byte(tc.doc))
		var ae *awsjson.Error
		if err == nil || !errors.As(err, &ae) || ae.Path != tc.path || ae.Doc != "d.json" {
			t.Errorf("%s: %v (path %q), want path %q", tc.doc, err, pathOf(err), tc.path)
		}
	}
}

func pathOf(err error) string {
	var ae *awsjson.Error
	if errors.As(err, &ae) {
		return ae.Path
	}
	return ""
}

// FuzzDecode: never panics; errors are *awsjson.Error naming the
// document; deterministic.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/network-firewall-*.json")
	for _, fn := range files {
		b, _ := os.ReadFile(fn)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d1, _, err := Decode("f.json", data)
		if err != nil {
			var ae *awsjson.Error
			if !errors.As(err, &ae) || ae.Doc != "f.json" {
				t.Fatalf("error %v is not an awsjson.Error naming the document", err)
			}
			return
		}
		d2, _, _ := Decode("f.json", data)
		if !reflect.DeepEqual(d1, d2) {
			t.Fatal("not deterministic")
		}
		if d1.Policy != nil {
			if sp, err := StatelessPolicy(d1.Policy, map[string]*RuleGroup{}); err == nil {
				if _, err := stateless.Compile(sp); err != nil && len(sp.Groups) == 0 {
					t.Fatalf("a policy with valid defaults and no groups must compile: %v", err)
				}
			}
		}
	})
}

// TestDescribeFirewall reads describe-firewall output: the firewall, its
// subnets and, from FirewallStatus.SyncStates, its endpoints (the vpce-
// ids route tables name, reference §3.1); metadata fields are ignored
// without warnings.
func TestDescribeFirewall(t *testing.T) {
	doc := `{"UpdateToken": "t", "Firewall": {"FirewallName": "inspection", "FirewallArn": "arn:fw/inspection",
	  "FirewallPolicyArn": "arn:policy/p", "VpcId": "vpc-1", "DeleteProtection": true, "FirewallId": "id",
	  "SubnetMappings": [{"SubnetId": "subnet-b", "IPAddressType": "IPV4"}, {"SubnetId": "subnet-a", "IPAddressType": "IPV4"}]},
	  "FirewallStatus": {"Status": "READY", "ConfigurationSyncStateSummary": "IN_SYNC", "SyncStates": {
	    "eu-west-1b": {"Attachment": {"SubnetId": "subnet-b", "EndpointId": "vpce-b", "Status": "READY"}},
	    "eu-west-1a": {"Attachment": {"SubnetId": "subnet-a", "EndpointId": "vpce-a", "Status": "READY"}},
	    "eu-west-1c": {"Attachment": {"SubnetId": "subnet-c", "Status": "CREATING"}}}}}`
	got, warns, err := Decode("fw.json", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	f := got.Firewall
	if f == nil || f.Name != "inspection" || f.ARN != "arn:fw/inspection" || f.PolicyARN != "arn:policy/p" || f.VPCID != "vpc-1" ||
		!slices.Equal(f.SubnetIDs, []string{"subnet-b", "subnet-a"}) {
		t.Fatalf("firewall %+v", f)
	}
	want := []model.FirewallEndpoint{{AvailabilityZone: "eu-west-1a", SubnetID: "subnet-a", EndpointID: "vpce-a"}, {AvailabilityZone: "eu-west-1b", SubnetID: "subnet-b", EndpointID: "vpce-b"}}
	if !slices.Equal(f.Endpoints, want) {
		t.Errorf("endpoints %+v, want %+v", f.Endpoints, want)
	}
	if len(warns) != 1 || !strings.Contains(warns[0].String(), "FirewallStatus.SyncStates.eu-west-1c.Attachment: no EndpointId") {
		t.Errorf("warnings %v", warns)
	}
	for _, tc := range []struct{ doc, want string }{
		{`{"Firewall": {"FirewallArn": "a", "FirewallPolicyArn": "p"}, "FirewallStatus": {}}`, "Firewall.VpcId: missing"},
		{`{"Firewall": {"FirewallArn": "a", "VpcId": "vpc-1", "FirewallPolicyArn": "p", "SubnetMappings": [{"SubnetId": "sn-1"}]}, "FirewallStatus": {}}`, `Firewall.SubnetMappings[0].SubnetId: want a subnet id (subnet-…) "sn-1"`},
		{`{"Firewall": {"FirewallArn": "a", "VpcId": "vpc-1", "FirewallPolicyArn": "p"}, "FirewallStatus": {"SyncStates": {"z": {"Attachment": {"EndpointId": "eni-1"}}}}}`, `FirewallStatus.SyncStates.z.Attachment.EndpointId: want a VPC endpoint id (vpce-…) "eni-1"`},
	} {
		if _, _, err := Decode("fw.json", []byte(tc.doc)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.doc, err, tc.want)
		}
	}
}
