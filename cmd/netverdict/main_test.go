package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

const examplesDir = "../../examples"

// TestGolden runs the CLI in-process and compares stdout, stderr and the exit
// status with testdata/golden/<name>.golden.
// nfwFiles lists the Network Firewall scenario's documents with the given
// firewall, policy and rule group files.
func nfwFiles(extra ...string) []string {
	files := []string{"ec2.json", "route-tables.json", "rulegroup-no-telnet.json"}
	out := make([]string, 0, len(files)+len(extra))
	for _, f := range append(files, extra...) {
		out = append(out, "testdata/nfw/"+f)
	}
	return out
}

// wafFiles lists the WAF scenario's documents with the given web ACL file.
func wafFiles(extra ...string) []string {
	files := []string{"ec2.json", "ip-set.json", "regex-set.json", "associations.json"}
	out := make([]string, 0, len(files)+len(extra))
	for _, f := range append(files, extra...) {
		out = append(out, "testdata/waf/"+f)
	}
	return out
}

func TestGolden(t *testing.T) {
	net := func(files ...string) []string {
		var args []string
		for _, f := range files {
			args = append(args, "--config", f)
		}
		return args
	}
	exampleNet := net(
		examplesDir+"/network/vpcs.json", examplesDir+"/network/subnets.json",
		examplesDir+"/network/network-interfaces.json", examplesDir+"/network/security-groups.json",
		examplesDir+"/network/network-acls.json", examplesDir+"/network/prefix-lists.json")
	side := func(flag string) func(string) []string {
		return func(sg string) []string {
			return []string{flag, "testdata/seed/network.json", flag, "testdata/seed/" + sg}
		}
	}
	base, proposed := side("--base"), side("--proposed")
	seedBefore := net("testdata/seed/network.json", "testdata/seed/sg-before.json")
	seedAfter := net("testdata/seed/network.json", "testdata/seed/sg-after.json")
	cat := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	tests := []struct {
		name  string
		args  []string
		stdin string
		code  int
	}{
		// The seed scenario: SSH from my IP allowed, from elsewhere denied;
		// after the rule goes, the tracked session survives and a reconnect
		// is denied (aws-semantics §1.4).
		{"seed-before", cat([]string{"eval"}, seedBefore, []string{"--flows", "testdata/seed/flows-before.jsonl"}), "", 0},
		{"seed-after", cat([]string{"eval"}, seedAfter, []string{"--flows", "testdata/seed/flows-after.jsonl"}), "", 0},
		{"seed-table", cat([]string{"eval"}, seedAfter, []string{"--flows", "testdata/seed/flows-after.jsonl", "--output", "table"}), "", 0},
		{"example-json", cat([]string{"eval"}, exampleNet, []string{"--flows", examplesDir + "/flows.jsonl"}), "", 0},
		{"example-table", cat([]string{"eval"}, exampleNet, []string{"--flows", examplesDir + "/flows.jsonl", "--output", "table"}), "", 0},
		{"stdin-and-inline", cat([]string{"eval"}, exampleNet, []string{"--flows", "-", "--flow",
			`{"id":"inline","source":{"ip":"10.0.2.30"},"destination":{"ip":"10.0.3.40"},"protocol":"tcp","destinationPort":5432}`}),
			`{"id":"from-stdin","source":{"ip":"10.0.3.40"},"destination":{"ip":"10.0.2.30"},"protocol":"tcp","destinationPort":22}` + "\n", 0},
		{"ephemeral-option", cat([]string{"eval"}, exampleNet, []string{"--ephemeral-ports", "49152-65535", "--flow",
			`{"id":"web-to-app","source":{"ip":"10.0.1.20"},"destination":{"ip":"10.0.2.30"},"protocol":"tcp","destinationPort":8080}`}), "", 0},
		// What-if on the seed: the SSH rule goes; the tracked session
		// survives, a reconnect is denied. From the all-open group (every
		// flow untracked) to the SSH-only one: the HTTP session is cut at
		// once and new HTTP is denied.
		{"whatif-seed", cat([]string{"whatif"}, base("sg-before.json"), proposed("sg-after.json"), []string{"--flows", "testdata/seed/flows-whatif.jsonl"}), "", 0},
		{"whatif-untracked-cut", cat([]string{"whatif", "--view", "basic"}, base("sg-open.json"), proposed("sg-before.json"), []string{"--flows", "testdata/seed/flows-whatif.jsonl"}), "", 0},
		{"whatif-fail-on", cat([]string{"whatif", "--view", "verdict", "--fail-on", "newly-denied,existing-cut"}, base("sg-open.json"), proposed("sg-after.json"), []string{"--flows", "testdata/seed/flows-whatif.jsonl"}), "", 3},
		{"whatif-newly-allowed-from-internet", cat([]string{"whatif", "--view", "verdict", "--fail-on", "newly-allowed-from-internet"}, base("sg-after.json"), proposed("sg-open.json"), []string{"--flows", "testdata/seed/flows-whatif.jsonl"}), "", 3},
		// Replaying VPC Flow Logs (default format with its header): the
		// base explains the SSH records; the logged HTTP accept and the
		// reply-direction record are listed as not explained.
		{"whatif-flowlogs", cat([]string{"whatif", "--view", "verdict"}, base("sg-before.json"), proposed("sg-after.json"), []string{"--flows", "testdata/seed/flowlog.txt"}), "", 0},
		// The same change as a Terraform plan (terraform show -json) over
		// the AWS CLI export of the network: --plan gives its before values
		// to the base, its after values to the proposed side.
		{"whatif-plan", []string{"whatif", "--base", "testdata/seed/network.json", "--proposed", "testdata/seed/network.json",
			"--plan", "testdata/seed/plan-remove-ssh.json", "--view", "verdict", "--flows", "testdata/seed/flows-whatif.jsonl"}, "", 0},
		// A plan adding one rule resource to a group it does not contain:
		// the exported group keeps its SSH rule and gains HTTPS (a
		// whole-group merge would have dropped SSH).
		{"whatif-plan-partial-group", cat([]string{"whatif", "--view", "verdict", "--fail-on", "newly-allowed-from-internet"},
			base("sg-before.json"), proposed("sg-before.json"),
			[]string{"--plan", "testdata/seed/plan-add-https-rule.json", "--flows", "testdata/seed/flows-https.jsonl"}), "", 3},
		{"err-whatif-bad-plan", []string{"whatif", "--base", "testdata/seed/network.json", "--proposed", "testdata/seed/network.json",
			"--plan", "testdata/seed/network.json", "--flows", "testdata/seed/flows-whatif.jsonl"}, "", 2},
		{"err-whatif-no-proposed", cat([]string{"whatif"}, base("sg-before.json"), []string{"--flow", "{}"}), "", 2},
		{"err-no-config", []string{"eval", "--flow", "{}"}, "", 2},
		{"err-bad-config", cat([]string{"eval"}, net("testdata/bad-cidr.json"), []string{"--flow", "{}"}), "", 2},
		{"err-bad-flow", cat([]string{"eval"}, seedBefore, []string{"--flow", `{"source":{"ip":"198.51.100.7"},"destination":{"ip":"34.240.1.15"},"protocol":"tcp","destinationPort":70000}`}), "", 2},
		{"err-bad-protocol", cat([]string{"eval"}, seedBefore, []string{"--flow", `{"source":{"ip":"198.51.100.7"},"destination":{"ip":"34.240.1.15"},"protocol":"-1"}`}), "", 2},
		{"err-unknown-command", []string{"frobnicate"}, "", 2},
		// Network Firewall placed by route tables (aws-semantics §3.1,
		// §5): an egress firewall whose domain allowlist (TLS SNI and HTTP
		// Host) passes listed names, drops others by its generated rules,
		// leaves other protocols alone, and whose stateless group drops
		// telnet; inbound traffic passes the endpoint by the internet
		// gateway's edge route table, east-west traffic by more-specific
		// subnet routes.
		{"nfw-allowlist", cat([]string{"eval"}, net(nfwFiles("firewall-allowlist.json", "policy-allowlist.json", "rulegroup-allowed-domains.json")...), []string{"--flows", "testdata/nfw/flows-allowlist.jsonl"}), "", 0},
		{"nfw-allowlist-table", cat([]string{"eval", "--output", "table"}, net(nfwFiles("firewall-allowlist.json", "policy-allowlist.json", "rulegroup-allowed-domains.json")...), []string{"--flows", "testdata/nfw/flows-allowlist.jsonl"}), "", 0},
		// A strict-order policy (§5.4): rules in order, first match wins,
		// aws:drop_established drops what no rule passed once the
		// connection is up; UDP fragments take the fragment default.
		{"nfw-strict", cat([]string{"eval", "--output", "table"}, net(nfwFiles("firewall-strict.json", "policy-strict.json", "rulegroup-strict-rules.json")...), []string{"--flows", "testdata/nfw/flows-strict.jsonl"}), "", 0},
		// What-if on a firewall change (issue 6 over issue 5): adding a
		// name to the domain allowlist newly allows exactly the flows to
		// it; route tables and firewalls make every flow re-evaluated.
		{"whatif-nfw-allowlist", func() []string {
			args := []string{"whatif", "--view", "verdict", "--fail-on", "newly-allowed", "--flows", "testdata/nfw/flows-allowlist.jsonl"}
			for _, f := range nfwFiles("firewall-allowlist.json", "policy-allowlist.json", "rulegroup-allowed-domains.json") {
				args = append(args, "--base", f)
			}
			for _, f := range nfwFiles("firewall-allowlist.json", "policy-allowlist.json", "rulegroup-allowed-domains-proposed.json") {
				args = append(args, "--proposed", f)
			}
			return args
		}(), "", 3},
		// The Suricata geoip keyword with the user's IP-to-country file
		// (§5.6; AWS's own sample rule "geoip:src,!US,UK" — MaxMind calls
		// the United Kingdom GB, so UK never matches, which compiling
		// warns about); without the file the rule cannot be decided.
		{"nfw-geoip", cat([]string{"eval", "--output", "table", "--geo-file", "testdata/nfw/geo.csv"}, net(nfwFiles("firewall-geo.json", "policy-geo.json", "rulegroup-geoip.json")...), []string{"--flows", "testdata/nfw/flows-geo.jsonl"}), "", 0},
		{"nfw-geoip-no-file", cat([]string{"eval", "--output", "table"}, net(nfwFiles("firewall-geo.json", "policy-geo.json", "rulegroup-geoip.json")...), []string{"--flows", "testdata/nfw/flows-geo.jsonl"}), "", 0},
		// The seed's WAF rule (issue 4): URI path /admin/dashboard from
		// outside the office IP set is blocked; labels, SQLi, CAPTCHA with
		// and without a token, a flow without HTTP, a destination given
		// only by its load balancer's ARN.
		{"waf-seed", cat([]string{"eval"}, net(wafFiles("web-acl.json")...), []string{"--flows", "testdata/waf/flows.jsonl"}), "", 0},
		{"waf-seed-table", cat([]string{"eval", "--output", "table"}, net(wafFiles("web-acl.json")...), []string{"--flows", "testdata/waf/flows.jsonl"}), "", 0},
		// The same web ACL as the console prints it (plain-text
		// SearchStrings): read with --config-plain it gives the same
		// verdicts; read as AWS CLI output it is refused (never guessed).
		{"waf-console-plain", cat([]string{"eval", "--output", "table", "--config-plain", "testdata/waf/web-acl-console.json"}, net(wafFiles()...), []string{"--flows", "testdata/waf/flows.jsonl"}), "", 0},
		{"err-waf-console-as-cli", cat([]string{"eval"}, net(wafFiles("web-acl-console.json")...), []string{"--flows", "testdata/waf/flows.jsonl"}), "", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, strings.NewReader(tc.stdin), &stdout, &stderr)
			if code != tc.code {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			got := fmt.Sprintf("%s--- stderr ---\n%s--- exit %d ---\n", stdout.String(), stderr.String(), code)
			golden := filepath.Join("testdata", "golden", tc.name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (go test -update rewrites it)\n--- got ---\n%s\n--- want ---\n%s", golden, got, want)
			}
		})
	}
}
