package snapshots

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/netverdict/netverdict/evaluator/corpus"
	"github.com/netverdict/netverdict/evaluator/evaltest"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/path"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
	"github.com/netverdict/netverdict/internal/configload"
)

// permute returns a random order of n items that keeps the relative order
// of items with the same key (a random interleaving of the key groups).
func permute[K comparable](r *rand.Rand, n int, key func(i int) K) []int {
	var keys []K
	groups := map[K][]int{}
	for i := range n {
		k := key(i)
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	out := make([]int, 0, n)
	for len(out) < n {
		k := keys[r.IntN(len(keys))]
		if g := groups[k]; len(g) > 0 {
			out = append(out, g[0])
			groups[k] = g[1:]
		}
	}
	return out
}

// reorder returns s in the order of idx.
func reorder[T any](s []T, idx []int) []T {
	if s == nil {
		return nil
	}
	out := make([]T, len(s))
	for i, j := range idx {
		out[i] = s[j]
	}
	return out
}

// shuffleFree returns s shuffled freely.
func shuffleFree[T any](r *rand.Rand, s []T) []T {
	return reorder(s, permute(r, len(s), func(i int) int { return i }))
}

// shuffled returns a deep copy of cfg with every list whose order is
// meaningless to the evaluator in a random order, keeping what Canonical
// documents as meaningful: interface group ids, rules of one group and
// direction, ACL entries of one direction, family and rule number, the
// first private IP of each family, the ACL order when a subnet has
// several ACLs or a VPC several default ACLs, and the ordered lists of
// the route, Network Firewall and WAF objects (see shuffleLayers).
func shuffled(r *rand.Rand, cfg *model.Config) *model.Config {
	out := shuffleLayers(r, cfg) // route tables, Network Firewall, WAF
	out.VPCs = shuffleFree(r, cfg.VPCs)
	for i := range out.VPCs {
		out.VPCs[i].CIDRs = shuffleFree(r, out.VPCs[i].CIDRs)
	}
	out.Subnets = shuffleFree(r, cfg.Subnets)
	for i := range out.Subnets {
		out.Subnets[i].CIDRs = shuffleFree(r, out.Subnets[i].CIDRs)
	}
	out.Interfaces = shuffleFree(r, cfg.Interfaces)
	for i := range out.Interfaces {
		n := &out.Interfaces[i]
		n.PublicIPs = shuffleFree(r, n.PublicIPs)
		// Shuffle, then put each family's first address back before the
		// other addresses of its family.
		firsts := map[bool]netip.Addr{}
		for _, a := range n.PrivateIPs {
			if _, ok := firsts[a.Is4()]; !ok {
				firsts[a.Is4()] = a
			}
		}
		n.PrivateIPs = firstsFirst(shuffleFree(r, n.PrivateIPs), firsts)
		n.SecurityGroupIDs = slices.Clone(n.SecurityGroupIDs)
	}
	out.SecurityGroups = shuffleFree(r, cfg.SecurityGroups)
	for i := range out.SecurityGroups {
		g := &out.SecurityGroups[i]
		g.Rules = reorder(g.Rules, permute(r, len(g.Rules), func(i int) bool { return g.Rules[i].Egress }))
	}
	out.NetworkACLs = slices.Clone(cfg.NetworkACLs)
	if !modelACLOrderMatters(cfg) {
		out.NetworkACLs = shuffleFree(r, cfg.NetworkACLs)
	}
	for i := range out.NetworkACLs {
		a := &out.NetworkACLs[i]
		a.Associations = shuffleFree(r, a.Associations)
		a.Entries = reorder(a.Entries, permute(r, len(a.Entries), func(i int) [3]int32 {
			e := a.Entries[i]
			return [3]int32{b2i(e.Egress), b2i(e.CIDR.Addr().Is6()), e.RuleNumber}
		}))
	}
	out.PrefixLists = shuffleFree(r, cfg.PrefixLists)
	for i := range out.PrefixLists {
		out.PrefixLists[i].Entries = shuffleFree(r, out.PrefixLists[i].Entries)
	}
	return out
}

func b2i(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// firstsFirst moves each family's first address before the family's other
// addresses, keeping the rest of the order.
func firstsFirst(ips []netip.Addr, firsts map[bool]netip.Addr) []netip.Addr {
	out := slices.Clone(ips)
	for _, v4 := range []bool{true, false} {
		f, ok := firsts[v4]
		if !ok {
			continue
		}
		at := slices.Index(out, f)
		to := slices.IndexFunc(out, func(a netip.Addr) bool { return a.Is4() == v4 })
		if to < at {
			out = slices.Delete(out, at, at+1)
			out = slices.Insert(out, to, f)
		}
	}
	return out
}

func modelACLOrderMatters(cfg *model.Config) bool {
	assoc := map[string]int{}
	defaults := map[string]bool{}
	for i, a := range cfg.NetworkACLs {
		if a.IsDefault && a.VPCID != "" {
			if defaults[a.VPCID] {
				return true
			}
			defaults[a.VPCID] = true
		}
		for _, as := range a.Associations {
			if j, ok := assoc[as.SubnetID]; ok && j != i {
				return true
			}
			assoc[as.SubnetID] = i
		}
	}
	return false
}

// testConfigs are configurations with flows: the generated corpora, the
// fuzz generator's configurations (duplicate rule numbers, random
// associations, missing default ACLs) and the semantic cases.
type testConfig struct {
	name  string
	cfg   *model.Config
	flows []model.Flow
}

func testConfigs(t *testing.T) []testConfig {
	t.Helper()
	var out []testConfig
	for _, size := range []corpus.Size{corpus.Small, corpus.Medium} {
		for seed := range int64(2) {
			cfg, flows := corpus.Generate(size, seed)
			out = append(out, testConfig{fmt.Sprintf("%s/%d", size, seed), cfg, flows})
		}
	}
	r := rand.New(rand.NewPCG(7, 7))
	for i := range 300 {
		data := make([]byte, 64+r.IntN(400))
		for j := range data {
			data[j] = byte(r.Uint32())
		}
		cfg, flow := corpus.FromBytes(data)
		apiValid(cfg)
		out = append(out, testConfig{fmt.Sprintf("bytes/%d", i), cfg, []model.Flow{flow}})
	}
	for _, c := range evaltest.Cases() {
		out = append(out, testConfig{"case/" + c.Name, c.Config, []model.Flow{c.Flow}})
	}
	return out
}

// apiValid fixes what the fuzz generator makes and the API refuses: TCP
// and UDP rules without ports or with ports out of range, reversed port
// ranges.
func apiValid(cfg *model.Config) {
	for i := range cfg.SecurityGroups {
		for j := range cfg.SecurityGroups[i].Rules {
			r := &cfg.SecurityGroups[i].Rules[j]
			if !model.HasPorts(r.Protocol) {
				continue
			}
			if !r.HasPorts {
				r.FromPort, r.ToPort, r.HasPorts = 0, 65535, true
			}
			r.FromPort, r.ToPort = min(max(r.FromPort, 0), 65535), min(max(r.ToPort, 0), 65535)
			if r.FromPort > r.ToPort {
				r.FromPort, r.ToPort = r.ToPort, r.FromPort
			}
		}
	}
	for i := range cfg.NetworkACLs {
		for j := range cfg.NetworkACLs[i].Entries {
			if e := &cfg.NetworkACLs[i].Entries[j]; e.PortFrom > e.PortTo {
				e.PortFrom, e.PortTo = e.PortTo, e.PortFrom
			}
		}
	}
}

// decisions evaluates flows on snap; a rejected flow gives a decision
// whose FlowID carries the error.
func decisions(t *testing.T, snap *path.Snapshot, flows []model.Flow) []model.Decision {
	t.Helper()
	out := make([]model.Decision, len(flows))
	for i := range flows {
		if err := snap.Evaluate(&flows[i], model.Options{}, &out[i]); err != nil {
			out[i] = model.Decision{FlowID: "error: " + err.Error()}
		}
	}
	return out
}

func compareDecisions(t *testing.T, name string, got, want []model.Decision) {
	t.Helper()
	for i := range want {
		if got[i].FlowID != want[i].FlowID {
			t.Errorf("%s flow %d: got %q, want %q", name, i, got[i].FlowID, want[i].FlowID)
			return
		}
		if diff := evaltest.Compare(&got[i], &want[i]); diff != "" {
			t.Errorf("%s flow %d:\n%s", name, i, diff)
			return
		}
	}
}

// TestCanonicalOrderAndRoundTrip: a configuration shuffled in every list
// whose order is meaningless gets the same digest, and the snapshot
// decoded from the canonical content judges every flow exactly as the
// original configuration (decisions, rules in order, reasons).
func TestCanonicalOrderAndRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n, skipped := 0, 0
	for _, tc := range testConfigs(t) {
		want, err := path.Compile(tc.cfg)
		if err != nil {
			continue // a semantic case about a config the evaluator rejects
		}
		nc, content, digest, err := canonical(tc.cfg)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		// The store compiles nc for content it just encoded: it must be
		// what decoding the content gives.
		var back netverdictv1.NetworkConfig
		if err := proto.Unmarshal(content, &back); err != nil || !proto.Equal(&back, nc) {
			t.Errorf("%s: decoded content differs from the encoded message (%v)", tc.name, err)
		}
		if _, err := apiconv.NetworkConfigToModel(apiconv.ModelToNetworkConfig(tc.cfg)); err != nil {
			// The fuzz generator makes configs the API refuses (a TCP
			// rule without ports, ...): no request can carry them, and
			// Create refuses them (TestCreateRefusesInvalid).
			skipped++
			continue
		}
		got, err := build(content)
		if err != nil {
			t.Errorf("%s: canonical content does not build: %v", tc.name, err)
			continue
		}
		wantD := decisions(t, want, tc.flows)
		compareDecisions(t, tc.name+" (decoded)", decisions(t, got, tc.flows), wantD)
		for k := range 3 {
			sh := shuffled(r, tc.cfg)
			_, d2, err := Canonical(sh)
			if err != nil {
				t.Fatal(err)
			}
			if d2 != digest {
				t.Errorf("%s: shuffle %d: digest %s, want %s", tc.name, k, d2, digest)
			}
			// The shuffle keeps meaning: the shuffled config itself judges
			// like the original (this checks the claims of Canonical).
			ss, err := path.Compile(sh)
			if err != nil {
				t.Fatalf("%s: shuffled config does not compile: %v", tc.name, err)
			}
			compareDecisions(t, fmt.Sprintf("%s (shuffle %d)", tc.name, k), decisions(t, ss, tc.flows), wantD)
		}
		n++
	}
	t.Logf("%d configs checked, %d refused by the API", n, skipped)
	if n < 150 {
		t.Errorf("only %d configs checked", n)
	}
}

// TestCanonicalSemanticCases runs the semantic suite through canonical
// content: encode, decode, compile, evaluate.
func TestCanonicalSemanticCases(t *testing.T) {
	evaltest.Run(t, func(cfg *model.Config, f *model.Flow, opts model.Options, d *model.Decision) error {
		content, _, err := Canonical(cfg)
		if err != nil {
			return err
		}
		s, err := build(content)
		if err != nil {
			return err
		}
		return s.Evaluate(f, opts, d)
	})
}

// TestCanonicalChanges: changes of meaning change the digest, including
// reorderings the evaluator reports; a Source change does not.
func TestCanonicalChanges(t *testing.T) {
	base := func() *model.Config { cfg, _ := corpus.Generate(corpus.Small, 5); return cfg }
	_, want, err := Canonical(base())
	if err != nil {
		t.Fatal(err)
	}
	firstWith := func(cfg *model.Config, n int) *model.SecurityGroup {
		for i := range cfg.SecurityGroups {
			if len(cfg.SecurityGroups[i].Rules) >= n {
				return &cfg.SecurityGroups[i]
			}
		}
		t.Fatal("no group with enough rules")
		return nil
	}
	tests := []struct {
		name   string
		change func(cfg *model.Config)
		same   bool
	}{
		{"source", func(cfg *model.Config) { cfg.Source = "other.json" }, true},
		{"rule port", func(cfg *model.Config) {
			r := &firstWith(cfg, 1).Rules[0]
			r.FromPort, r.ToPort, r.HasPorts = 1, 2, true
		}, false},
		{"rule description", func(cfg *model.Config) { firstWith(cfg, 1).Rules[0].Description += "x" }, false},
		{"rule order within a direction", func(cfg *model.Config) {
			g := firstWith(cfg, 2)
			var idx []int
			for i, r := range g.Rules {
				if !r.Egress {
					idx = append(idx, i)
				}
			}
			if len(idx) < 2 {
				t.Skip("no group with two ingress rules")
			}
			g.Rules[idx[0]], g.Rules[idx[1]] = g.Rules[idx[1]], g.Rules[idx[0]]
		}, false},
		{"interface group order", func(cfg *model.Config) {
			for i := range cfg.Interfaces {
				if ids := cfg.Interfaces[i].SecurityGroupIDs; len(ids) > 1 && ids[0] != ids[1] {
					ids[0], ids[1] = ids[1], ids[0]
					return
				}
			}
			t.Skip("no interface with two groups")
		}, false},
		{"added entries", func(cfg *model.Config) {
			a := &cfg.NetworkACLs[0]
			e := a.Entries[0]
			e2 := e
			e2.Action = 3 - e.Action
			a.Entries = append(a.Entries, e, e2)
		}, false},
		{"nacl entry action", func(cfg *model.Config) {
			e := &cfg.NetworkACLs[0].Entries[0]
			e.Action = 3 - e.Action
		}, false},
		{"warnings are not content", func(*model.Config) {}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base()
			tt.change(cfg)
			_, got, err := Canonical(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if (got == want) != tt.same {
				t.Errorf("digest %s, base %s, want same=%v", got, want, tt.same)
			}
		})
	}
	// The two orders of equal-number entries differ too.
	cfg1, cfg2 := base(), base()
	e := cfg1.NetworkACLs[0].Entries[0]
	e2 := e
	e2.Action = 3 - e.Action
	cfg1.NetworkACLs[0].Entries = append(cfg1.NetworkACLs[0].Entries, e, e2)
	cfg2.NetworkACLs[0].Entries = append(cfg2.NetworkACLs[0].Entries, e2, e)
	_, d1, _ := Canonical(cfg1)
	_, d2, _ := Canonical(cfg2)
	if d1 == d2 {
		t.Error("entries with equal rule numbers in two orders: same digest")
	}
}

// TestCanonicalDoesNotModify: Canonical leaves its argument alone.
func TestCanonicalDoesNotModify(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cfg, _ := corpus.Generate(corpus.Small, 9)
	sh := shuffled(r, cfg)
	before := fmt.Sprintf("%+v", sh)
	if _, _, err := Canonical(sh); err != nil {
		t.Fatal(err)
	}
	if after := fmt.Sprintf("%+v", sh); after != before {
		t.Error("Canonical modified its argument")
	}
}

// TestCanonicalPrivateIPs pins the order of an interface's private IPs.
func TestCanonicalPrivateIPs(t *testing.T) {
	tests := []struct{ in, want []string }{
		{nil, nil},
		{[]string{"10.0.0.9"}, []string{"10.0.0.9"}},
		{[]string{"10.0.0.9", "2001:db8::2", "10.0.0.3", "2001:db8::1", "10.0.0.5"},
			[]string{"10.0.0.9", "10.0.0.3", "10.0.0.5", "2001:db8::2", "2001:db8::1"}},
		{[]string{"2001:db8::2", "10.0.0.9", "2001:db8::1"}, []string{"10.0.0.9", "2001:db8::2", "2001:db8::1"}},
		{[]string{"10.0.0.9", "bad", "10.0.0.1"}, []string{"10.0.0.9", "bad", "10.0.0.1"}},
	}
	for _, tt := range tests {
		got := canonicalPrivateIPs(slices.Clone(tt.in))
		if !slices.Equal(got, tt.want) {
			t.Errorf("canonicalPrivateIPs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// layersConfig is a config with route tables, Network Firewall and WAF
// objects, several of each, for the ordering tests.
func layersConfig() *model.Config {
	p := netip.MustParsePrefix
	stmt := func(s string) *model.WAFStatement {
		return &model.WAFStatement{Kind: model.WAFByteMatch, SearchString: []byte(s), PositionalConstraint: "CONTAINS",
			Field: model.WAFFieldToMatch{Kind: model.WAFFieldURIPath}, Transformations: []model.WAFTextTransformation{{Type: "NONE"}}}
	}
	rules := []model.WAFRule{
		{Name: "a", Priority: 1, Action: model.WAFAction{Kind: model.WAFBlock}, Statement: stmt("a")},
		{Name: "b", Priority: 2, Action: model.WAFAction{Kind: model.WAFCount}, Statement: stmt("b")},
	}
	return &model.Config{
		RouteTables: []model.RouteTable{
			{ID: "rtb-2", VPCID: "vpc-1", Routes: []model.Route{
				{Index: 0, Destination: p("10.0.0.0/16"), Target: model.RouteTargetLocal, TargetID: "local"},
				{Index: 1, Destination: p("0.0.0.0/0"), Target: model.RouteTargetVPCEndpoint, TargetID: "vpce-1"},
			},
				Associations:        []model.RouteAssociation{{ID: "a1", SubnetID: "subnet-b"}, {ID: "a2", SubnetID: "subnet-a"}, {ID: "a3", Main: true}},
				GatewayAssociations: []model.GatewayAssociation{{ID: "g2", GatewayID: "vgw-1"}, {ID: "g1", GatewayID: "igw-1"}},
				PropagatingVGWs:     []string{"vgw-2", "vgw-1"},
				Tags:                []model.Tag{{Key: "b"}, {Key: "a", Value: "1"}},
			},
			{ID: "rtb-1", VPCID: "vpc-1", Routes: []model.Route{{Index: 0, Destination: p("10.0.0.0/16"), Target: model.RouteTargetLocal, TargetID: "local"}}},
		},
		Firewalls: []model.Firewall{
			{ARN: "arn:fw2", SubnetIDs: []string{"subnet-2", "subnet-1"}, Endpoints: []model.FirewallEndpoint{
				{AvailabilityZone: "b", SubnetID: "subnet-2", EndpointID: "vpce-2"}, {AvailabilityZone: "a", SubnetID: "subnet-1", EndpointID: "vpce-1"}}},
			{ARN: "arn:fw1"},
		},
		FirewallPolicies: []model.FirewallPolicy{
			{ARN: "arn:p2", StatelessDefaultActions: []string{"aws:forward_to_sfe"}, StatelessFragmentDefaultActions: []string{"aws:drop"},
				StatefulRefs: []model.FirewallRuleGroupRef{{ARN: "arn:g2"}, {ARN: "arn:g1"}},
				HomeNet:      []netip.Prefix{p("192.168.0.0/16"), p("10.0.0.0/8")}},
			{ARN: "arn:p1", StatelessDefaultActions: []string{"aws:pass"}, StatelessFragmentDefaultActions: []string{"aws:pass"}},
		},
		FirewallRuleGroups: []model.FirewallRuleGroup{
			{ARN: "arn:g2", Type: "STATEFUL", StatefulRules: []model.StatefulRule{
				{Action: "PASS", Protocol: "TCP", Source: "ANY", SourcePort: "ANY", Direction: "FORWARD", Destination: "ANY", DestinationPort: "443"},
				{Action: "DROP", Protocol: "IP", Source: "ANY", SourcePort: "ANY", Direction: "ANY", Destination: "ANY", DestinationPort: "ANY"},
			}, IPSets: map[string][]string{"B": {"10.0.0.0/8"}, "A": {"10.1.0.0/16"}}, PortSets: map[string][]string{"P": {"80"}, "O": {"443"}}},
			{ARN: "arn:g1", Type: "STATEFUL", RulesString: "pass ip any any -> any any (sid:1;)"},
		},
		WebACLs: []model.WebACL{
			{ARN: "arn:acl2", DefaultAction: model.WAFAction{Kind: model.WAFAllow}, Rules: rules},
			{ARN: "arn:acl1", DefaultAction: model.WAFAction{Kind: model.WAFBlock}},
		},
		IPSets: []model.IPSet{
			{ARN: "arn:ips2", IPAddressVersion: "IPV4", Addresses: []netip.Prefix{p("198.51.100.0/24"), p("192.0.2.0/24")}},
			{ARN: "arn:ips1", IPAddressVersion: "IPV6", Addresses: []netip.Prefix{p("2001:db8::/32")}},
		},
		RegexPatternSets: []model.RegexPatternSet{{ARN: "arn:rx2", Patterns: []string{"b", "a"}}, {ARN: "arn:rx1"}},
		WAFRuleGroups:    []model.WAFRuleGroup{{ARN: "arn:wg2", Rules: rules}, {ARN: "arn:wg1"}},
		WebACLAssociations: []model.WebACLAssociation{
			{WebACLARN: "arn:acl1", ResourceARN: "arn:res2"}, {WebACLARN: "arn:acl2", ResourceARN: "arn:res1"},
		},
	}
}

// shuffleLayers returns a deep enough copy of cfg's layers with every
// list Canonical sorts in a random order.
func shuffleLayers(r *rand.Rand, cfg *model.Config) *model.Config {
	out := &model.Config{Source: "shuffled"}
	out.RouteTables = shuffleFree(r, cfg.RouteTables)
	for i := range out.RouteTables {
		t := &out.RouteTables[i]
		t.Associations = shuffleFree(r, t.Associations)
		t.GatewayAssociations = shuffleFree(r, t.GatewayAssociations)
		t.PropagatingVGWs = shuffleFree(r, t.PropagatingVGWs)
		t.Tags = shuffleFree(r, t.Tags)
	}
	out.Firewalls = shuffleFree(r, cfg.Firewalls)
	for i := range out.Firewalls {
		out.Firewalls[i].SubnetIDs = shuffleFree(r, out.Firewalls[i].SubnetIDs)
		out.Firewalls[i].Endpoints = shuffleFree(r, out.Firewalls[i].Endpoints)
	}
	out.FirewallPolicies = shuffleFree(r, cfg.FirewallPolicies)
	for i := range out.FirewallPolicies {
		out.FirewallPolicies[i].HomeNet = shuffleFree(r, out.FirewallPolicies[i].HomeNet)
	}
	out.FirewallRuleGroups = shuffleFree(r, cfg.FirewallRuleGroups)
	out.WebACLs = shuffleFree(r, cfg.WebACLs)
	out.IPSets = shuffleFree(r, cfg.IPSets)
	for i := range out.IPSets {
		out.IPSets[i].Addresses = shuffleFree(r, out.IPSets[i].Addresses)
	}
	out.RegexPatternSets = shuffleFree(r, cfg.RegexPatternSets)
	out.WAFRuleGroups = shuffleFree(r, cfg.WAFRuleGroups)
	out.WebACLAssociations = shuffleFree(r, cfg.WebACLAssociations)
	return out
}

// TestCanonicalLayers checks the ordering of route tables, Network
// Firewall and WAF objects: sets and keyed lists do not change the digest,
// ordered lists (routes, WAF rules, stateful rules, regex patterns) do,
// and the content decodes to the same config.
func TestCanonicalLayers(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cfg := layersConfig()
	nc, content, digest, err := canonical(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for k := range 20 {
		if _, d, err := Canonical(shuffleLayers(r, cfg)); err != nil || d != digest {
			t.Fatalf("shuffle %d: digest %s (%v), want %s", k, d, err, digest)
		}
	}
	if got := nc.GetRouteTables()[0].GetId(); got != "rtb-1" {
		t.Errorf("first route table %s, want rtb-1 (by id)", got)
	}
	if as := nc.GetRouteTables()[1].GetAssociations(); !as[0].GetMain() || as[1].GetSubnetId() != "subnet-a" {
		t.Errorf("associations not main first, then by subnet: %v", as)
	}
	if a := nc.GetWebAclAssociations(); a[0].GetResourceArn() != "arn:res1" {
		t.Errorf("associations not by resource: %v", a)
	}
	// The content is a config: decoding and converting it gives back the
	// same objects (in canonical order) and the same digest.
	var back netverdictv1.NetworkConfig
	if err := proto.Unmarshal(content, &back); err != nil {
		t.Fatal(err)
	}
	m, err := apiconv.NetworkConfigToModel(&back)
	if err != nil {
		t.Fatalf("canonical content does not convert: %v", err)
	}
	if _, d, _ := Canonical(m); d != digest {
		t.Errorf("decoded content has digest %s, want %s", d, digest)
	}
	if len(m.RouteTables) != 2 || len(m.WebACLs[1].Rules) != 2 || m.FirewallRuleGroups[1].IPSets["A"][0] != "10.1.0.0/16" {
		t.Errorf("decoded config lost objects: %+v", m)
	}

	changes := []struct {
		name   string
		change func(c *model.Config)
	}{
		{"route order", func(c *model.Config) {
			rs := c.RouteTables[0].Routes
			rs[0], rs[1] = rs[1], rs[0]
			rs[0].Index, rs[1].Index = 0, 1
		}},
		{"WAF rule order", func(c *model.Config) {
			c.WebACLs[0].Rules = []model.WAFRule{c.WebACLs[0].Rules[1], c.WebACLs[0].Rules[0]}
		}},
		{"WAF group rule order", func(c *model.Config) {
			c.WAFRuleGroups[0].Rules = []model.WAFRule{c.WAFRuleGroups[0].Rules[1], c.WAFRuleGroups[0].Rules[0]}
		}},
		{"stateful rule order", func(c *model.Config) {
			sr := c.FirewallRuleGroups[0].StatefulRules
			sr[0], sr[1] = sr[1], sr[0]
		}},
		{"stateful group reference order", func(c *model.Config) {
			refs := c.FirewallPolicies[0].StatefulRefs
			refs[0], refs[1] = refs[1], refs[0]
		}},
		{"regex pattern order", func(c *model.Config) { c.RegexPatternSets[0].Patterns = []string{"a", "b"} }},
		{"HOME_NET given empty", func(c *model.Config) { c.FirewallPolicies[1].HomeNet = []netip.Prefix{} }},
		{"route state", func(c *model.Config) { c.RouteTables[0].Routes[1].State = model.RouteBlackhole }},
		{"search string", func(c *model.Config) { c.WebACLs[0].Rules[0].Statement.SearchString = []byte("z") }},
		{"association", func(c *model.Config) { c.WebACLAssociations[0].WebACLARN = "arn:acl2" }},
	}
	for _, tt := range changes {
		c := layersConfig()
		tt.change(c)
		if _, d, err := Canonical(c); err != nil || d == digest {
			t.Errorf("%s: digest unchanged (%v)", tt.name, err)
		}
	}
}

// TestCanonicalImportedLayers loads the route, Network Firewall and WAF
// importers' sample documents and checks that the typed config carries
// everything they produce: the server stores imported documents as
// ModelToNetworkConfig and compiles NetworkConfigToModel of that, so a
// field the API dropped or a value it refused would be lost or fail there.
func TestCanonicalImportedLayers(t *testing.T) {
	var files []string
	for _, dir := range []string{"../../evaluator/routes/testdata", "../../evaluator/nfw/nfwjson/testdata", "../../evaluator/waf/wafjson/testdata"} {
		fs, err := filepath.Glob(filepath.Join(dir, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, fs...)
	}
	loaded := 0
	var kinds [3]int // route tables, Network Firewall objects, WAF objects
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cfg, _, err := configload.Load([]configload.Document{{Name: filepath.Base(f), Data: data}})
		if err != nil {
			// Console JSON and rule files write SearchString as text.
			cfg, _, err = configload.Load([]configload.Document{{Name: filepath.Base(f), Data: data, WAFRawSearchStrings: true}})
		}
		if err != nil {
			t.Logf("%s: not importable alone: %v", f, err)
			continue
		}
		loaded++
		kinds[0] += len(cfg.RouteTables)
		kinds[1] += len(cfg.Firewalls) + len(cfg.FirewallPolicies) + len(cfg.FirewallRuleGroups)
		kinds[2] += len(cfg.WebACLs) + len(cfg.IPSets) + len(cfg.RegexPatternSets) + len(cfg.WAFRuleGroups) + len(cfg.WebACLAssociations)
		back, err := apiconv.NetworkConfigToModel(apiconv.ModelToNetworkConfig(cfg))
		if err != nil {
			t.Errorf("%s: the typed config refuses the import: %v", f, err)
			continue
		}
		want := *cfg
		want.Source = "" // not part of the content (see Canonical)
		normalizeEmpty(reflect.ValueOf(&want).Elem())
		normalizeEmpty(reflect.ValueOf(back).Elem())
		if !reflect.DeepEqual(back, &want) {
			t.Errorf("%s: the typed config changes the import:\n got %+v\nwant %+v", f, back, &want)
		}
	}
	if loaded < 10 || kinds[0] == 0 || kinds[1] < 5 || kinds[2] < 5 {
		t.Errorf("only %d of %d sample documents loaded, objects %v", loaded, len(files), kinds)
	}
}

// normalizeEmpty sets empty slices and maps in v to nil, recursively: the
// API does not tell an empty list from a missing one (except where the
// model gives it a meaning, such as HOME_NET, which the API keeps).
func normalizeEmpty(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			normalizeEmpty(v.Elem())
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[netip.Prefix]() || v.Type() == reflect.TypeFor[netip.Addr]() {
			return
		}
		for i := range v.NumField() {
			if v.Field(i).CanSet() {
				normalizeEmpty(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.Len() == 0 {
			if v.CanSet() && !v.IsNil() && v.Type() != reflect.TypeFor[[]netip.Prefix]() {
				v.SetZero()
			}
			return
		}
		for i := range v.Len() {
			normalizeEmpty(v.Index(i))
		}
	case reflect.Map:
		if v.Len() == 0 {
			if v.CanSet() {
				v.SetZero()
			}
			return
		}
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			normalizeEmpty(e)
			v.SetMapIndex(k, e)
		}
	}
}
