package server_test

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	netverdict "github.com/netverdict/netverdict/clients/go"
	"github.com/netverdict/netverdict/evaluator/model"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
	"github.com/netverdict/netverdict/internal/configload"
	"github.com/netverdict/netverdict/server"
)

// layerScenario reads the CLI's Network Firewall and WAF scenarios
// (cmd/netverdict/testdata): their AWS documents and flows.
func layerScenario(t *testing.T, dir string, files []string, flowsFile string) ([]configload.Document, []*netverdictv1.Flow) {
	t.Helper()
	base := filepath.Join("..", "cmd", "netverdict", "testdata", dir)
	var docs []configload.Document
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(base, f))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, configload.Document{Name: f, Data: b})
	}
	b, err := os.ReadFile(filepath.Join(base, flowsFile))
	if err != nil {
		t.Fatal(err)
	}
	var flows []*netverdictv1.Flow
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var f netverdictv1.Flow
		if err := protojson.Unmarshal(sc.Bytes(), &f); err != nil {
			t.Fatal(err)
		}
		flows = append(flows, &f)
	}
	return docs, flows
}

// TestLayersThroughEverySource: route tables, Network Firewall and WAF
// documents give the in-process decisions through the server on every
// kind of config source — inline AWS documents, the typed NetworkConfig
// and a stored snapshot — so the typed API and the snapshot content carry
// every layer (nothing is lost on the way).
func TestLayersThroughEverySource(t *testing.T) {
	ts := start(t, server.Options{})
	ctx := context.Background()
	scenarios := []struct {
		name, dir string
		files     []string
		flows     string
	}{
		{"nfw-allowlist", "nfw", []string{"ec2.json", "route-tables.json", "rulegroup-no-telnet.json", "firewall-allowlist.json", "policy-allowlist.json", "rulegroup-allowed-domains.json"}, "flows-allowlist.jsonl"},
		{"nfw-strict", "nfw", []string{"ec2.json", "route-tables.json", "rulegroup-no-telnet.json", "firewall-strict.json", "policy-strict.json", "rulegroup-strict-rules.json"}, "flows-strict.jsonl"},
		{"waf", "waf", []string{"ec2.json", "ip-set.json", "regex-set.json", "associations.json", "web-acl.json"}, "flows.jsonl"},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			docs, flows := layerScenario(t, sc.dir, sc.files, sc.flows)
			want := inProcess(t, docs, flows, model.Options{})
			cfg, _, err := configload.Load(docs)
			if err != nil {
				t.Fatal(err)
			}
			snap, err := ts.client.CreateSnapshot(ctx, awsDocs(docs))
			if err != nil {
				t.Fatal(err)
			}
			rc := snap.GetResourceCounts()
			if got := rc.GetRouteTables() + rc.GetFirewalls() + rc.GetWebAcls() + rc.GetIpSets(); got == 0 ||
				int(rc.GetFirewalls()) != len(cfg.Firewalls) || int(rc.GetWebAcls()) != len(cfg.WebACLs) || int(rc.GetRouteTables()) != len(cfg.RouteTables) {
				t.Errorf("resource counts %v do not count the layers of %d route tables, %d firewalls, %d web ACLs", rc, len(cfg.RouteTables), len(cfg.Firewalls), len(cfg.WebACLs))
			}
			sources := map[string]*netverdictv1.ConfigSource{
				"aws_documents":  awsDocs(docs),
				"network_config": netverdict.NetworkConfigSource(apiconv.ModelToNetworkConfig(cfg)),
				"snapshot":       netverdict.SnapshotSource(snap.GetName()),
			}
			for name, src := range sources {
				got, err := ts.client.Evaluate(ctx, src, flows, nil)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				for i := range want {
					if !proto.Equal(got[i], want[i]) {
						t.Errorf("%s: flow %s:\n got %v\nwant %v", name, flows[i].GetId(), got[i], want[i])
					}
				}
			}
			var checks int
			for _, d := range want {
				for _, c := range d.GetChecks() {
					if c.GetLayer() == netverdictv1.Layer_LAYER_NETWORK_FIREWALL || c.GetLayer() == netverdictv1.Layer_LAYER_WAF {
						checks++
					}
				}
			}
			if checks < len(flows) {
				t.Errorf("only %d firewall/WAF checks over %d flows: the scenario does not exercise the layer", checks, len(flows))
			}
		})
	}
	// Console-style WAF JSON (plain SearchStrings) is read only when the
	// document says so.
	docs, flows := layerScenario(t, "waf", []string{"ec2.json", "ip-set.json", "regex-set.json", "associations.json", "web-acl-console.json"}, "flows.jsonl")
	src := awsDocs(docs)
	if _, err := ts.client.Evaluate(ctx, src, flows, nil); err == nil {
		t.Error("plain SearchStrings read as base64: want INVALID_ARGUMENT")
	}
	src.GetAwsDocuments().GetDocuments()[4].SearchStringEncoding = netverdictv1.SearchStringEncoding_SEARCH_STRING_ENCODING_PLAIN
	got, err := ts.client.Evaluate(ctx, src, flows, nil)
	if err != nil {
		t.Fatal(err)
	}
	wdocs, _ := layerScenario(t, "waf", []string{"ec2.json", "ip-set.json", "regex-set.json", "associations.json", "web-acl.json"}, "flows.jsonl")
	want := inProcess(t, wdocs, flows, model.Options{})
	for i := range want {
		if got[i].GetVerdict() != want[i].GetVerdict() {
			t.Errorf("plain: flow %s: %v, want %v", flows[i].GetId(), got[i].GetVerdict(), want[i].GetVerdict())
		}
	}
}

// TestUnsupportedRegexIsInvalidArgument: a WAF pattern Go's RE2 cannot
// take (a lookbehind) is refused with INVALID_ARGUMENT naming the pattern,
// never skipped (issue 4: "A pattern RE2 cannot take is rejected").
func TestUnsupportedRegexIsInvalidArgument(t *testing.T) {
	ts := start(t, server.Options{})
	docs, flows := layerScenario(t, "waf", []string{"ec2.json", "ip-set.json", "regex-set.json", "associations.json", "web-acl.json"}, "flows.jsonl")
	for i := range docs {
		if docs[i].Name == "regex-set.json" {
			docs[i].Data = bytes.Replace(docs[i].Data, []byte(`(?:sqlmap|nikto)`), []byte(`(?<=sql)map`), 1)
		}
	}
	_, err := ts.client.Evaluate(context.Background(), awsDocs(docs), flows[:1], nil)
	if status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), "(?<=sql)map") {
		t.Fatalf("error %v: want INVALID_ARGUMENT naming the pattern", err)
	}
	t.Log(err)
}
