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

func findSG(t *testing.T, cfg *model.Config, id string) *model.SecurityGroup {
	t.Helper()
	for i := range cfg.SecurityGroups {
		if cfg.SecurityGroups[i].ID == id {
			return &cfg.SecurityGroups[i]
		}
	}
	t.Fatalf("security group %s not imported", id)
	return nil
}

func findRule(t *testing.T, g *model.SecurityGroup, id string) model.SGRule {
	t.Helper()
	for _, r := range g.Rules {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("rule %s not in %s: %v", id, g.ID, ruleIDs(g))
	return model.SGRule{}
}

func ruleIDs(g *model.SecurityGroup) []string {
	var ids []string
	for _, r := range g.Rules {
		ids = append(ids, r.ID)
	}
	return ids
}

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }

func addrs(ss ...string) []netip.Addr {
	var out []netip.Addr
	for _, s := range ss {
		out = append(out, netip.MustParseAddr(s))
	}
	return out
}

// TestSecurityGroupFlattening checks the rule per peer, the synthetic ids,
// protocols and ports of describe-security-groups.
func TestSecurityGroupFlattening(t *testing.T) {
	cfg, warns := decodeFixture(t, "ec2-describe-security-groups.json")

	ssh := findSG(t, cfg, "sg-0a55000000000000d")
	if ssh.Name != "ssh-admin" || ssh.VPCID != "vpc-0c0ffee0000000001" || ssh.OwnerID != "111122223333" || ssh.RulesFromSGRules {
		t.Errorf("group fields: %+v", ssh)
	}
	// One permission, one peer in each list: peer indexes count across the
	// four lists in AWS's order.
	wantPeers := []model.Peer{
		{Kind: model.PeerCIDR, CIDR: pfx("203.0.113.0/24")},
		{Kind: model.PeerCIDR, CIDR: pfx("2001:db8:4400::/40")},
		{Kind: model.PeerPrefixList, PrefixListID: "pl-0c0a11c0de5eed001"},
		{Kind: model.PeerGroup, GroupID: "sg-0ba5710000000000b", UserID: "111122223333"},
	}
	wantDesc := []string{"Lisbon office", "Lisbon office (IPv6)", "corporate offices", "bastion hosts"}
	if len(ssh.Rules) != 4 {
		t.Fatalf("rules: %v", ruleIDs(ssh))
	}
	for i, r := range ssh.Rules {
		want := model.SGRule{
			ID: "sg-0a55000000000000d/ingress/0/" + string(rune('0'+i)), GroupID: ssh.ID,
			Protocol: model.ProtoTCP, ProtocolText: "6", FromPort: 22, ToPort: 22, HasPorts: true,
			Peer: wantPeers[i], Description: wantDesc[i],
		}
		if r != want {
			t.Errorf("rule %d:\n got %+v\nwant %+v", i, r, want)
		}
	}
	// The permission with no peer (RDP) gives no rule, and a warning.
	if !slices.ContainsFunc(warns, func(w Warning) bool {
		return w.Path == "SecurityGroups[1].IpPermissions[1]" && strings.Contains(w.Msg, "no peer")
	}) {
		t.Errorf("no warning for the permission without peers: %v", warns)
	}

	web := findSG(t, cfg, "sg-0e0b000000000000a")
	tests := []struct {
		id       string
		egress   bool
		proto    int16
		text     string
		from, to int32
		hasPorts bool
		cidr     string
		desc     string
	}{
		{"sg-0e0b000000000000a/ingress/0/0", false, 6, "tcp", 443, 443, true, "0.0.0.0/0", "HTTPS from the internet"},
		{"sg-0e0b000000000000a/ingress/0/1", false, 6, "tcp", 443, 443, true, "::/0", "HTTPS from the internet (IPv6)"},
		{"sg-0e0b000000000000a/ingress/1/0", false, 6, "tcp", 80, 80, true, "0.0.0.0/0", ""},
		// ICMP: FromPort is the type, ToPort the code.
		{"sg-0e0b000000000000a/ingress/2/0", false, 1, "icmp", 3, 4, true, "0.0.0.0/0", "path MTU discovery"},
		// ICMPv6 without ports: all types and codes.
		{"sg-0e0b000000000000a/ingress/3/0", false, 58, "icmpv6", 0, 0, false, "::/0", ""},
		// All protocols, no ports.
		{"sg-0e0b000000000000a/egress/0/0", true, -1, "-1", 0, 0, false, "0.0.0.0/0", ""},
		{"sg-0e0b000000000000a/egress/0/1", true, -1, "-1", 0, 0, false, "::/0", ""},
	}
	if len(web.Rules) != len(tests) {
		t.Errorf("web rules: %v", ruleIDs(web))
	}
	for _, tt := range tests {
		r := findRule(t, web, tt.id)
		want := model.SGRule{ID: tt.id, GroupID: web.ID, Egress: tt.egress, Protocol: tt.proto, ProtocolText: tt.text,
			FromPort: tt.from, ToPort: tt.to, HasPorts: tt.hasPorts, Peer: model.Peer{Kind: model.PeerCIDR, CIDR: pfx(tt.cidr)}, Description: tt.desc}
		if r != want {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.id, r, want)
		}
	}

	app := findSG(t, cfg, "sg-0a990000000000000")
	esp := findRule(t, app, "sg-0a990000000000000/ingress/2/0")
	if esp.Protocol != 50 || esp.ProtocolText != "50" || esp.HasPorts {
		t.Errorf("ESP rule: %+v", esp)
	}
	if r := findRule(t, app, "sg-0a990000000000000/ingress/0/0"); r.Peer.Kind != model.PeerPrefixList || r.FromPort != 8080 || r.ToPort != 8090 {
		t.Errorf("prefix list rule: %+v", r)
	}
	if r := findRule(t, app, "sg-0a990000000000000/ingress/0/1"); r.Peer.Kind != model.PeerGroup || r.Peer.GroupID != "sg-0e0b000000000000a" {
		t.Errorf("group rule: %+v", r)
	}

	db := findSG(t, cfg, "sg-0db00000000000000")
	peered := findRule(t, db, "sg-0db00000000000000/ingress/0/1")
	wantPeer := model.Peer{Kind: model.PeerGroup, GroupID: "sg-0a7a1000000000001", UserID: "444455556666", VPCID: "vpc-0a7a1000000000001",
		VPCPeeringConnectionID: "pcx-0a1b2c3d4e5f60718", PeeringStatus: "active"}
	if peered.Peer != wantPeer || peered.Description != "analytics account, peered VPC" {
		t.Errorf("peered reference: %+v", peered)
	}
	if stale := findRule(t, db, "sg-0db00000000000000/ingress/0/2"); !stale.Peer.Stale() {
		t.Errorf("deleted peering not stale: %+v", stale)
	}
}

// TestSecurityGroupRules checks describe-security-group-rules and the
// authorize-security-group-ingress output.
func TestSecurityGroupRules(t *testing.T) {
	cfg, warns := decodeFixture(t, "ec2-describe-security-group-rules.json")
	if len(warns) != 0 {
		t.Errorf("warnings: %v", warns)
	}
	web := findSG(t, cfg, "sg-0e0b000000000000a")
	if !web.RulesFromSGRules || web.OwnerID != "111122223333" || web.VPCID != "" || web.Name != "" {
		t.Errorf("group from rules: %+v", web)
	}
	// "-1" rules carry FromPort/ToPort -1 here: kept as given.
	all := findRule(t, web, "sgr-0a1b2c3d4e5f60005")
	want := model.SGRule{ID: "sgr-0a1b2c3d4e5f60005", GroupID: web.ID, Egress: true, Protocol: -1, ProtocolText: "-1",
		FromPort: -1, ToPort: -1, HasPorts: true, Peer: model.Peer{Kind: model.PeerCIDR, CIDR: pfx("0.0.0.0/0")}}
	if all != want {
		t.Errorf("all-protocol rule:\n got %+v\nwant %+v", all, want)
	}
	if r := findRule(t, web, "sgr-0a1b2c3d4e5f60004"); r.Protocol != model.ProtoICMPv6 || r.FromPort != -1 || r.ToPort != -1 || !r.HasPorts {
		t.Errorf("icmpv6 rule: %+v", r)
	}
	db := findSG(t, cfg, "sg-0db00000000000000")
	if got := ruleIDs(db); !slices.Equal(got, []string{"sgr-0b1c2d3e4f5a60001", "sgr-0b1c2d3e4f5a60002", "sgr-0b1c2d3e4f5a60003"}) {
		t.Errorf("db rules in document order: %v", got)
	}
	ref := findRule(t, db, "sgr-0b1c2d3e4f5a60002").Peer
	if ref != (model.Peer{Kind: model.PeerGroup, GroupID: "sg-0a7a1000000000001", UserID: "444455556666", VPCID: "vpc-0a7a1000000000001", VPCPeeringConnectionID: "pcx-0a1b2c3d4e5f60718", PeeringStatus: "active"}) {
		t.Errorf("ReferencedGroupInfo: %+v", ref)
	}
	if pl := findRule(t, db, "sgr-0b1c2d3e4f5a60003"); pl.Peer.Kind != model.PeerPrefixList || pl.Peer.PrefixListID != "pl-0c0a11c0de5eed001" || pl.Description != "DBA workstations" {
		t.Errorf("prefix list rule: %+v", pl)
	}
	bastion := findSG(t, cfg, "sg-0ba5710000000000b")
	if r := findRule(t, bastion, "sgr-0c1d2e3f4a5b60002"); !r.Egress || r.Peer.GroupID != "sg-0a55000000000000d" {
		t.Errorf("egress reference: %+v", r)
	}

	// authorize-security-group-ingress prints "Return": true beside the rules.
	cfg, warns = decodeFixture(t, "ec2-authorize-security-group-ingress.json")
	app := findSG(t, cfg, "sg-0a990000000000000")
	if len(warns) != 0 || !slices.Equal(ruleIDs(app), []string{"sgr-0d1e2f3a4b5c60001", "sgr-0d1e2f3a4b5c60002"}) {
		t.Errorf("authorize output: %v %v", ruleIDs(app), warns)
	}
}

// TestSGAndRulesInOneFile checks a `jq -s add` of describe-security-groups
// and describe-security-group-rules: rules with sgr- ids win, the group keeps
// its name and VPC.
func TestSGAndRulesInOneFile(t *testing.T) {
	cfg, _ := decodeFixture(t, "jq-s-add-sg-and-sgr.json")
	web := findSG(t, cfg, "sg-0e0b000000000000a")
	if !web.RulesFromSGRules || web.Name != "web" || web.VPCID != "vpc-0c0ffee0000000001" {
		t.Errorf("web: %+v", web)
	}
	for _, r := range web.Rules {
		if !strings.HasPrefix(r.ID, "sgr-") {
			t.Errorf("rule %s kept beside sgr- rules", r.ID)
		}
	}
	// Groups without sgr- rules keep theirs.
	if ssh := findSG(t, cfg, "sg-0a55000000000000d"); ssh.RulesFromSGRules || len(ssh.Rules) != 4 {
		t.Errorf("ssh-admin: %+v", ssh)
	}
	// A group known only from the rules exists, without a VPC.
	if b := findSG(t, cfg, "sg-0ba5710000000000b"); b.VPCID != "" || len(b.Rules) != 2 {
		t.Errorf("bastion: %+v", b)
	}
}

// TestNetworkACLs checks entries in document order with their fields.
func TestNetworkACLs(t *testing.T) {
	cfg, warns := decodeFixture(t, "ec2-describe-network-acls.json")
	if len(warns) != 0 {
		t.Errorf("warnings: %v", warns)
	}
	if len(cfg.NetworkACLs) != 3 {
		t.Fatalf("ACLs: %d", len(cfg.NetworkACLs))
	}
	def, db := cfg.NetworkACLs[0], cfg.NetworkACLs[1]
	if def.ID != "acl-0de0000000000000a" || !def.IsDefault || def.OwnerID != "111122223333" || def.VPCID != "vpc-0c0ffee0000000001" ||
		!slices.Equal(def.Associations, []model.NACLAssociation{{ID: "aclassoc-0a1a1a1a1a1a1a1a1", SubnetID: "subnet-0a1a1a1a1a1a1a1a1"}, {ID: "aclassoc-0b2b2b2b2b2b2b2b2", SubnetID: "subnet-0b2b2b2b2b2b2b2b2"}}) {
		t.Errorf("default ACL: %+v", def)
	}
	if db.IsDefault || len(db.Entries) != 13 {
		t.Fatalf("db ACL: %+v", db)
	}
	var numbers []int32
	for _, e := range db.Entries {
		numbers = append(numbers, e.RuleNumber)
	}
	if !slices.Equal(numbers, []int32{100, 110, 120, 32767, 32768, 90, 100, 110, 120, 130, 140, 32767, 32768}) {
		t.Errorf("document order lost: %v", numbers)
	}
	tests := []struct {
		i    int
		want model.NACLEntry
	}{
		{0, model.NACLEntry{RuleNumber: 100, Egress: true, Protocol: 6, ProtocolText: "6", Action: model.ActionAllow, CIDR: pfx("10.20.2.0/24"), PortFrom: 1024, PortTo: 65535, HasPortRange: true}},
		{1, model.NACLEntry{RuleNumber: 110, Egress: true, Protocol: 1, ProtocolText: "1", Action: model.ActionAllow, CIDR: pfx("10.20.0.0/16"), ICMPType: 0, ICMPCode: -1, HasICMP: true}},
		{4, model.NACLEntry{RuleNumber: 32768, Egress: true, Protocol: -1, ProtocolText: "-1", Action: model.ActionDeny, CIDR: pfx("::/0")}},
		{5, model.NACLEntry{RuleNumber: 90, Protocol: 6, ProtocolText: "6", Action: model.ActionDeny, CIDR: pfx("10.20.1.0/24"), PortFrom: 5432, PortTo: 5432, HasPortRange: true}},
		{9, model.NACLEntry{RuleNumber: 130, Protocol: 58, ProtocolText: "58", Action: model.ActionAllow, CIDR: pfx("2600:1f18:1234:5600::/56"), ICMPType: -1, ICMPCode: -1, HasICMP: true}},
		{10, model.NACLEntry{RuleNumber: 140, Protocol: 50, ProtocolText: "50", Action: model.ActionAllow, CIDR: pfx("198.51.100.0/24")}},
	}
	for _, tt := range tests {
		if got := db.Entries[tt.i]; got != tt.want {
			t.Errorf("entry %d:\n got %+v\nwant %+v", tt.i, got, tt.want)
		}
	}

	// create-network-acl prints one NetworkAcl object.
	cfg, _ = decodeFixture(t, "ec2-create-network-acl.json")
	if len(cfg.NetworkACLs) != 1 || cfg.NetworkACLs[0].ID != "acl-0e1e0000000000001" || len(cfg.NetworkACLs[0].Entries) != 2 || cfg.NetworkACLs[0].Associations != nil {
		t.Errorf("create-network-acl: %+v", cfg.NetworkACLs)
	}
}

// TestNACLNamesAndWarnings checks protocol names and action case accepted
// in network ACL entries, and the warnings for odd entries.
func TestNACLNamesAndWarnings(t *testing.T) {
	cfg, warns, err := Decode("t.json", []byte(acl(`
		{"RuleNumber": 100, "Egress": false, "Protocol": "tcp", "RuleAction": "Allow", "CidrBlock": "10.0.0.0/8", "PortRange": {"From": 22, "To": 22}},
		{"RuleNumber": 100, "Egress": false, "Protocol": "udp", "RuleAction": "deny", "CidrBlock": "10.0.0.0/8"},
		{"RuleNumber": 110, "Egress": false, "Protocol": "icmp", "RuleAction": "allow", "CidrBlock": "10.0.0.0/8", "IcmpTypeCode": {"Type": 8}}`)))
	if err != nil {
		t.Fatal(err)
	}
	e := cfg.NetworkACLs[0].Entries
	if e[0].Protocol != 6 || e[0].ProtocolText != "tcp" || e[0].Action != model.ActionAllow || e[1].Protocol != 17 {
		t.Errorf("entries: %+v", e)
	}
	if e[2].ICMPType != 8 || e[2].ICMPCode != -1 || !e[2].HasICMP {
		t.Errorf("missing code is -1 (all): %+v", e[2])
	}
	want := []string{
		"t.json: NetworkAcls[0].Entries[1]: udp entry without PortRange matches no port (AWS requires one)",
		"t.json: NetworkAcls[0].Entries[1]: rule number 100 is used twice in one direction (first at NetworkAcls[0].Entries[0]); AWS allows one entry per number and direction",
	}
	if got := warningStrings(warns); !slices.Equal(got, want) {
		t.Errorf("warnings:\n got %q\nwant %q", got, want)
	}
}

// TestInterfaces checks address order: primary private IPv4 first, then the
// secondaries, then IPv6; public IPs of every private IP.
func TestInterfaces(t *testing.T) {
	cfg, _ := decodeFixture(t, "ec2-describe-network-interfaces.json")
	want := []model.Interface{
		{ID: "eni-0f0000000000000a1", SubnetID: "subnet-0a1a1a1a1a1a1a1a1", VPCID: "vpc-0c0ffee0000000001", Type: "interface",
			PrivateIPs: addrs("10.20.1.10", "10.20.1.11", "2600:1f18:1234:5601::10"), PublicIPs: addrs("203.0.113.10", "203.0.113.11"),
			SecurityGroupIDs: []string{"sg-0e0b000000000000a", "sg-0a55000000000000d"}},
		{ID: "eni-0f0000000000000a2", SubnetID: "subnet-0a1a1a1a1a1a1a1a1", VPCID: "vpc-0c0ffee0000000001", Type: "nat_gateway",
			Description: "Interface for NAT Gateway nat-0a1b2c3d4e5f60718", PrivateIPs: addrs("10.20.1.200"), PublicIPs: addrs("203.0.113.20")},
		{ID: "eni-0f0000000000000b1", SubnetID: "subnet-0b2b2b2b2b2b2b2b2", VPCID: "vpc-0c0ffee0000000001", Type: "lambda",
			Description: "AWS Lambda VPC ENI-orders-worker-5f1c8a3e-2b7d-4c9a-9e0f-1a2b3c4d5e6f", PrivateIPs: addrs("10.20.2.37"),
			SecurityGroupIDs: []string{"sg-0a990000000000000"}},
		// The primary is listed second in PrivateIpAddresses: it comes first.
		{ID: "eni-0f0000000000000c1", SubnetID: "subnet-0c3c3c3c3c3c3c3c3", VPCID: "vpc-0c0ffee0000000001", Type: "interface",
			Description: "orders database", PrivateIPs: addrs("10.21.3.50", "10.21.3.51"), SecurityGroupIDs: []string{"sg-0db00000000000000"}},
	}
	if len(cfg.Interfaces) != len(want) {
		t.Fatalf("interfaces: %d", len(cfg.Interfaces))
	}
	for i := range want {
		if !equalInterface(&cfg.Interfaces[i], &want[i]) {
			t.Errorf("interface %d:\n got %+v\nwant %+v", i, cfg.Interfaces[i], want[i])
		}
	}

	// Only the top-level fields: primary from PrivateIpAddress.
	cfg, _, err := Decode("t.json", []byte(`{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "PrivateIpAddress": "10.0.0.5",
		"PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.6"}], "Association": {"PublicIp": "198.51.100.1"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Interfaces[0]; !slices.Equal(got.PrivateIPs, addrs("10.0.0.5", "10.0.0.6")) || !slices.Equal(got.PublicIPs, addrs("198.51.100.1")) {
		t.Errorf("interface: %+v", got)
	}
}

// TestSubnetsAndVPCs checks CIDR blocks: associations no longer in force are
// skipped, duplicates dropped.
func TestSubnetsAndVPCs(t *testing.T) {
	cfg, _ := decodeFixture(t, "ec2-describe-vpcs.json")
	want := []model.VPC{
		{ID: "vpc-0c0ffee0000000001", OwnerID: "111122223333", CIDRs: []netip.Prefix{pfx("10.20.0.0/16"), pfx("10.21.0.0/16"), pfx("2600:1f18:1234:5600::/56")}},
		{ID: "vpc-0beef000000000002", OwnerID: "111122223333", CIDRs: []netip.Prefix{pfx("172.31.0.0/16")}},
	}
	for i := range want {
		if !equalVPC(&cfg.VPCs[i], &want[i]) {
			t.Errorf("VPC %d: got %+v, want %+v", i, cfg.VPCs[i], want[i])
		}
	}
	cfg, _ = decodeFixture(t, "ec2-describe-subnets.json")
	wantS := []model.Subnet{
		{ID: "subnet-0a1a1a1a1a1a1a1a1", VPCID: "vpc-0c0ffee0000000001", AvailabilityZone: "us-east-1a", CIDRs: []netip.Prefix{pfx("10.20.1.0/24"), pfx("2600:1f18:1234:5601::/64")}},
		{ID: "subnet-0b2b2b2b2b2b2b2b2", VPCID: "vpc-0c0ffee0000000001", AvailabilityZone: "us-east-1b", CIDRs: []netip.Prefix{pfx("10.20.2.0/24"), pfx("2600:1f18:1234:5612::/64")}},
		{ID: "subnet-0c3c3c3c3c3c3c3c3", VPCID: "vpc-0c0ffee0000000001", AvailabilityZone: "us-east-1b", CIDRs: []netip.Prefix{pfx("10.21.3.0/24")}},
		{ID: "subnet-0d4d4d4d4d4d4d4d4", VPCID: "vpc-0beef000000000002", AvailabilityZone: "us-east-1a", CIDRs: []netip.Prefix{pfx("172.31.0.0/20")}},
	}
	for i := range wantS {
		if !equalSubnet(&cfg.Subnets[i], &wantS[i]) {
			t.Errorf("subnet %d: got %+v, want %+v", i, cfg.Subnets[i], wantS[i])
		}
	}
}

// TestPrefixLists checks descriptions without entries, entries inside
// items, and get-managed-prefix-list-entries with its id added.
func TestPrefixLists(t *testing.T) {
	cfg, _ := decodeFixture(t, "ec2-describe-managed-prefix-lists.json")
	want := model.PrefixList{ID: "pl-0c0a11c0de5eed001", Name: "corp-offices", AddressFamily: "IPv4", OwnerID: "111122223333", MaxEntries: 10}
	if got := cfg.PrefixLists[0]; !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if got := cfg.PrefixLists[1]; got.EntriesKnown || got.MaxEntries != 0 || got.OwnerID != "AWS" {
		t.Errorf("AWS-managed list: %+v", got)
	}

	cfg, _ = decodeFixture(t, "ec2-get-managed-prefix-list-entries-with-id.json")
	want = model.PrefixList{ID: "pl-0c0a11c0de5eed001", EntriesKnown: true, Entries: []model.PrefixListEntry{
		{CIDR: pfx("192.0.2.0/24"), Description: "Berlin office"}, {CIDR: pfx("203.0.113.0/24"), Description: "Lisbon office"}}}
	if len(cfg.PrefixLists) != 1 || !reflect.DeepEqual(cfg.PrefixLists[0], want) {
		t.Errorf("got %+v, want %+v", cfg.PrefixLists, want)
	}

	cfg, _ = decodeFixture(t, "ec2-prefix-lists-with-entries.json")
	if got := cfg.PrefixLists[0]; !got.EntriesKnown || len(got.Entries) != 1 || got.Entries[0].CIDR != pfx("2001:db8:4400::/40") {
		t.Errorf("IPv6 list: %+v", got)
	}
	// An empty Entries array is known to be empty.
	if got := cfg.PrefixLists[1]; !got.EntriesKnown || len(got.Entries) != 0 {
		t.Errorf("empty list: %+v", got)
	}
}

// TestHostBitsMasked checks that CIDRs are stored as EC2 stores them.
func TestHostBitsMasked(t *testing.T) {
	cfg, warns := decodeFixture(t, "hand-written-host-bits.json")
	g := cfg.SecurityGroups[0]
	if got := g.Rules[0].Peer.CIDR; got != pfx("100.68.0.0/18") {
		t.Errorf("100.68.0.18/18 -> %s", got)
	}
	if got := g.Rules[1].Peer.CIDR; got != pfx("2001:db8::/64") {
		t.Errorf("2001:db8::1/64 -> %s", got)
	}
	if got := cfg.Subnets[0].CIDRs[0]; got != pfx("10.20.9.0/24") {
		t.Errorf("subnet -> %s", got)
	}
	if got := cfg.NetworkACLs[0].Entries[0].CIDR; got != pfx("192.0.2.0/25") {
		t.Errorf("NACL -> %s", got)
	}
	if len(warns) != 4 || warns[1].String() != "hand-written-host-bits.json: SecurityGroups[0].IpPermissions[0].IpRanges[0].CidrIp: CIDR 100.68.0.18/18 has host bits set; AWS stores it as 100.68.0.0/18" {
		t.Errorf("warnings: %q", warningStrings(warns))
	}
}

// TestOtherLayers checks the keys of layers other importers read (route
// tables, WAF): accepted without a warning, the rest of the document
// imported; NextToken ignored.
func TestOtherLayers(t *testing.T) {
	cfg, warns := decodeFixture(t, "unsupported-layers.json")
	if len(cfg.SecurityGroups) != 1 {
		t.Errorf("groups: %+v", cfg.SecurityGroups)
	}
	if got := warningStrings(warns); len(got) != 0 {
		t.Errorf("warnings: %q", got)
	}
	cfg, warns = decodeFixture(t, "wafv2-get-web-acl-only.json")
	if !reflect.DeepEqual(*cfg, model.Config{Source: "wafv2-get-web-acl-only.json"}) || len(warns) != 0 {
		t.Errorf("web ACL only: %+v %v", cfg, warns)
	}
}

// TestUnknownFieldsIgnored adds unknown fields to every object of every
// fixture (AWS adds fields over time) and checks the import is unchanged.
func TestUnknownFieldsIgnored(t *testing.T) {
	for _, name := range fixtureNames(t) {
		data := readFixture(t, name)
		want, wantW := decodeFixture(t, name)
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatal(err)
		}
		addUnknown(v)
		more, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, gotW, err := Decode(name, more)
		if err != nil {
			t.Fatalf("%s with unknown fields: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotW, wantW) {
			t.Errorf("%s: unknown fields changed the import", name)
		}
	}
}

// addUnknown adds fields of every JSON type to every object below the top.
func addUnknown(v any) {
	switch v := v.(type) {
	case map[string]any:
		for _, c := range v {
			addUnknown(c)
		}
		v["ZzNewField"] = map[string]any{"Nested": []any{1.5, "x", nil, true}}
		v["ZzNewFlag"] = false
		v["ZzNewList"] = []any{map[string]any{"CidrIp": "not a CIDR"}}
	case []any:
		for _, c := range v {
			addUnknown(c)
		}
	}
}

func fixtureNames(t *testing.T) []string {
	t.Helper()
	names, err := filepathGlobBase("testdata/*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("fixtures: %v", err)
	}
	return names
}

// TestBOMAndNull checks a UTF-8 byte order mark (PowerShell redirection) and
// null values, which jq may print.
func TestBOMAndNull(t *testing.T) {
	doc := append([]byte{0xEF, 0xBB, 0xBF}, `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "OwnerId": null, "Ipv6CidrBlockAssociationSet": null}], "Subnets": null}`...)
	cfg, _, err := Decode("t.json", doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.VPCs) != 1 || cfg.VPCs[0].OwnerID != "" || len(cfg.VPCs[0].CIDRs) != 1 {
		t.Errorf("got %+v", cfg.VPCs)
	}
	_, _, err = Decode("t.json", append([]byte{0xEF, 0xBB, 0xBF}, "{\n}}"...))
	if err == nil || !strings.Contains(err.Error(), "line 2, column 2 (byte offset 6)") {
		t.Errorf("offset with a BOM: %v", err)
	}
}

// TestDuplicateInOneDocument checks an id given twice in one document.
func TestDuplicateInOneDocument(t *testing.T) {
	cfg, warns, err := Decode("t.json", []byte(`{"Subnets": [
		{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"},
		{"SubnetId": "subnet-2", "VpcId": "vpc-1", "CidrBlock": "10.0.2.0/24"},
		{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"},
		{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.9.0/24"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Subnets) != 2 || cfg.Subnets[0].CIDRs[0] != pfx("10.0.9.0/24") {
		t.Errorf("subnets: %+v", cfg.Subnets)
	}
	want := []string{"t.json: Subnets[3]: subnet subnet-1 is given again with different content (first at Subnets[2]); the later one wins"}
	if got := warningStrings(warns); !slices.Equal(got, want) {
		t.Errorf("warnings:\n got %q\nwant %q", got, want)
	}
}

func TestInterfaceTypeNATGatewaySpellings(t *testing.T) {
	for _, in := range []string{"natGateway", "nat_gateway"} {
		doc := `{"NetworkInterfaces":[{"NetworkInterfaceId":"eni-1","SubnetId":"subnet-1","VpcId":"vpc-1","InterfaceType":"` + in + `","PrivateIpAddress":"10.0.0.5"}]}`
		cfg, _, err := Decode("eni.json", []byte(doc))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got := cfg.Interfaces[0].Type; got != "nat_gateway" {
			t.Errorf("InterfaceType %q imported as %q, want nat_gateway", in, got)
		}
	}
}
