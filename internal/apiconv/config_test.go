package apiconv

import (
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/netverdict/netverdict/evaluator/model"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

var (
	pfx  = netip.MustParsePrefix
	addr = netip.MustParseAddr
)

// richConfig uses every field of the model, in canonical form.
func richConfig() *model.Config {
	return &model.Config{
		VPCs: []model.VPC{
			{ID: "vpc-1", OwnerID: "111122223333", CIDRs: []netip.Prefix{pfx("10.0.0.0/16"), pfx("2001:db8::/56")}},
			{ID: "vpc-2"},
		},
		Subnets: []model.Subnet{
			{ID: "subnet-a", VPCID: "vpc-1", AvailabilityZone: "eu-west-1a", CIDRs: []netip.Prefix{pfx("10.0.1.0/24"), pfx("2001:db8::/64")}},
			{ID: "subnet-b", CIDRs: []netip.Prefix{pfx("10.0.2.0/24")}},
		},
		Interfaces: []model.Interface{
			{
				ID: "eni-1", SubnetID: "subnet-a", VPCID: "vpc-1", Type: "interface", Description: "web",
				PrivateIPs:       []netip.Addr{addr("10.0.1.5"), addr("10.0.1.6"), addr("2001:db8::5")},
				PublicIPs:        []netip.Addr{addr("34.240.1.15")},
				SecurityGroupIDs: []string{"sg-web", "sg-missing"},
			},
			{ID: "eni-nat", SubnetID: "subnet-b", Type: "nat_gateway", PrivateIPs: []netip.Addr{addr("10.0.2.9")}},
		},
		SecurityGroups: []model.SecurityGroup{
			{
				ID: "sg-web", Name: "web", VPCID: "vpc-1", OwnerID: "111122223333",
				Rules: []model.SGRule{
					{ID: "sgr-1", GroupID: "sg-web", Protocol: 6, ProtocolText: "tcp", FromPort: 443, ToPort: 443, HasPorts: true,
						Peer: model.Peer{Kind: model.PeerCIDR, CIDR: pfx("0.0.0.0/0")}, Description: "https"},
					{ID: "sg-web/ingress/1/0", GroupID: "sg-web", Protocol: 6, ProtocolText: "6", FromPort: 22, ToPort: 22, HasPorts: true,
						Peer: model.Peer{Kind: model.PeerPrefixList, PrefixListID: "pl-office"}},
					{ID: "sg-web/ingress/2/0", GroupID: "sg-web", Protocol: 1, ProtocolText: "icmp", FromPort: -1, ToPort: -1, HasPorts: true,
						Peer: model.Peer{Kind: model.PeerGroup, GroupID: "sg-peer", UserID: "444455556666", VPCID: "vpc-9",
							VPCPeeringConnectionID: "pcx-1", PeeringStatus: "active"}},
					{ID: "sg-web/ingress/3/0", GroupID: "sg-web", Protocol: 58, ProtocolText: "icmpv6",
						Peer: model.Peer{Kind: model.PeerCIDR, CIDR: pfx("::/0")}},
					{ID: "sgr-out", GroupID: "sg-web", Egress: true, Protocol: model.ProtoAll, ProtocolText: "-1",
						Peer: model.Peer{Kind: model.PeerCIDR, CIDR: pfx("0.0.0.0/0")}},
				},
			},
			{ID: "sg-empty"},
		},
		NetworkACLs: []model.NetworkACL{
			{
				ID: "acl-1", VPCID: "vpc-1", IsDefault: true, OwnerID: "111122223333",
				Associations: []model.NACLAssociation{{ID: "aclassoc-1", SubnetID: "subnet-a"}, {SubnetID: "subnet-b"}},
				Entries: []model.NACLEntry{
					{RuleNumber: 100, Protocol: 6, ProtocolText: "6", Action: model.ActionAllow, CIDR: pfx("0.0.0.0/0"),
						PortFrom: 22, PortTo: 22, HasPortRange: true},
					{RuleNumber: 110, Protocol: 1, ProtocolText: "1", Action: model.ActionAllow, CIDR: pfx("10.0.0.0/8"),
						ICMPType: 8, ICMPCode: -1, HasICMP: true},
					{RuleNumber: 120, Protocol: 58, ProtocolText: "58", Action: model.ActionAllow, CIDR: pfx("::/0"),
						ICMPType: -1, ICMPCode: -1, HasICMP: true},
					{RuleNumber: 100, Egress: true, Protocol: model.ProtoAll, ProtocolText: "-1", Action: model.ActionAllow, CIDR: pfx("0.0.0.0/0")},
					{RuleNumber: 32767, Protocol: model.ProtoAll, ProtocolText: "-1", Action: model.ActionDeny, CIDR: pfx("0.0.0.0/0")},
					{RuleNumber: 32768, Protocol: model.ProtoAll, ProtocolText: "-1", Action: model.ActionDeny, CIDR: pfx("::/0")},
				},
			},
		},
		PrefixLists: []model.PrefixList{
			{ID: "pl-office", Name: "office", AddressFamily: "IPv4", OwnerID: "111122223333", MaxEntries: 5, EntriesKnown: true,
				Entries: []model.PrefixListEntry{{CIDR: pfx("198.51.100.0/24"), Description: "hq"}, {CIDR: pfx("203.0.113.7/32")}}},
			{ID: "pl-s3", Name: "com.amazonaws.eu-west-1.s3", AddressFamily: "IPv4"},
			{ID: "pl-empty", EntriesKnown: true},
		},
	}
}

func TestModelRoundTrip(t *testing.T) {
	t.Parallel()
	want := richConfig()
	pc := ModelToNetworkConfig(want)
	got, err := NetworkConfigToModel(pc)
	if err != nil {
		t.Fatalf("NetworkConfigToModel(ModelToNetworkConfig(cfg)): %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the config:\n got %+v\nwant %+v", got, want)
	}

	// Through JSON too, as a native config file would be.
	js, err := protojson.Marshal(pc)
	if err != nil {
		t.Fatal(err)
	}
	var back netverdictv1.NetworkConfig
	if err := protojson.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(&back, pc) {
		t.Errorf("JSON round trip changed the config:\n%s", js)
	}
}

func TestNetworkConfigRoundTrip(t *testing.T) {
	t.Parallel()
	// A canonical API config converts to the model and back unchanged.
	in := &netverdictv1.NetworkConfig{}
	err := protojson.Unmarshal([]byte(`{
	  "vpcs": [{"id": "vpc-1", "cidrBlocks": ["10.0.0.0/16"]}],
	  "subnets": [{"id": "subnet-a", "vpcId": "vpc-1", "cidrBlocks": ["10.0.1.0/24"]}],
	  "networkInterfaces": [{"id": "eni-1", "subnetId": "subnet-a", "privateIpAddresses": ["10.0.1.5"], "securityGroupIds": ["sg-1"]}],
	  "securityGroups": [{"id": "sg-1", "rules": [
	    {"id": "sgr-1", "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidr": "10.0.0.0/8"},
	    {"id": "sgr-2", "egress": true, "ipProtocol": "-1", "cidr": "0.0.0.0/0"},
	    {"id": "sgr-3", "ipProtocol": "udp", "fromPort": 0, "toPort": 65535, "referencedGroup": {"groupId": "sg-1"}}
	  ]}],
	  "networkAcls": [{"id": "acl-1", "vpcId": "vpc-1", "isDefault": true,
	    "entries": [{"ruleNumber": 100, "protocol": "6", "ruleAction": "RULE_ACTION_ALLOW", "cidr": "0.0.0.0/0", "portRange": {"fromPort": 0, "toPort": 65535}}]}],
	  "prefixLists": [{"id": "pl-1", "entries": [{"cidr": "10.9.0.0/16"}], "entriesKnown": true}]
	}`), in)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := NetworkConfigToModel(in)
	if err != nil {
		t.Fatal(err)
	}
	if out := ModelToNetworkConfig(cfg); !proto.Equal(out, in) {
		t.Errorf("round trip:\n got %v\nwant %v", out, in)
	}
}

func TestNetworkConfigToModelNormalises(t *testing.T) {
	t.Parallel()
	in := &netverdictv1.NetworkConfig{
		Vpcs: []*netverdictv1.Vpc{{Id: "vpc-1", CidrBlocks: []string{"10.0.0.18/18", "2001:db8::1/56"}}},
		SecurityGroups: []*netverdictv1.SecurityGroup{{Id: "sg-1", Rules: []*netverdictv1.SecurityGroupRule{
			{IpProtocol: "tcp", FromPort: proto.Int32(80), ToPort: proto.Int32(80), Peer: &netverdictv1.SecurityGroupRule_Cidr{Cidr: "192.168.7.9/24"}},
			{Egress: true, IpProtocol: "-1", Peer: &netverdictv1.SecurityGroupRule_Cidr{Cidr: "0.0.0.0/0"}},
			{Id: "sgr-x", IpProtocol: "all", Peer: &netverdictv1.SecurityGroupRule_PrefixListId{PrefixListId: "pl-1"}},
			{IpProtocol: "icmp", Peer: &netverdictv1.SecurityGroupRule_Cidr{Cidr: "10.0.0.0/8"}},
		}}},
		PrefixLists: []*netverdictv1.PrefixList{
			{Id: "pl-1", Entries: []*netverdictv1.PrefixListEntry{{Cidr: "10.1.2.3/16"}}},
			{Id: "pl-2"},
		},
	}
	cfg, err := NetworkConfigToModel(in)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.VPCs[0].CIDRs; !reflect.DeepEqual(got, []netip.Prefix{pfx("10.0.0.0/18"), pfx("2001:db8::/56")}) {
		t.Errorf("VPC CIDRs not masked: %v", got)
	}
	rules := cfg.SecurityGroups[0].Rules
	if got := rules[0].Peer.CIDR; got != pfx("192.168.7.0/24") {
		t.Errorf("rule CIDR not masked: %v", got)
	}
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.ID)
		if r.GroupID != "sg-1" {
			t.Errorf("rule %s GroupID = %q", r.ID, r.GroupID)
		}
	}
	// Ids count the rules of each direction separately; given ids are kept.
	if want := []string{"sg-1/ingress/0/0", "sg-1/egress/0/0", "sgr-x", "sg-1/ingress/2/0"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("rule ids = %q, want %q", ids, want)
	}
	if rules[2].Protocol != model.ProtoAll || rules[2].ProtocolText != "all" {
		t.Errorf("protocol all = %d %q", rules[2].Protocol, rules[2].ProtocolText)
	}
	if rules[3].HasPorts || rules[0].FromPort != 80 || !rules[0].HasPorts {
		t.Errorf("ports: %+v %+v", rules[0], rules[3])
	}
	if got := cfg.PrefixLists[0]; !got.EntriesKnown || got.Entries[0].CIDR != pfx("10.1.0.0/16") {
		t.Errorf("prefix list with entries = %+v, want known entries, masked", got)
	}
	if cfg.PrefixLists[1].EntriesKnown {
		t.Error("prefix list without entries and entries_known false counts as known")
	}
}

func TestNetworkConfigToModelEmpty(t *testing.T) {
	t.Parallel()
	for _, in := range []*netverdictv1.NetworkConfig{nil, {}} {
		cfg, err := NetworkConfigToModel(in)
		if err != nil || !reflect.DeepEqual(cfg, &model.Config{}) {
			t.Errorf("NetworkConfigToModel(%v) = %+v, %v", in, cfg, err)
		}
	}
	if got := ModelToNetworkConfig(nil); !proto.Equal(got, &netverdictv1.NetworkConfig{}) {
		t.Errorf("ModelToNetworkConfig(nil) = %v", got)
	}
}

func TestNetworkConfigToModelInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		js   string
		want []string
	}{
		{
			name: "bad rule CIDR",
			js: `{"securityGroups": [{"id": "sg-0"}, {"id": "sg-1"}, {"id": "sg-2", "rules": [
			  {"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidr": "10.0.0.300/24"}]}]}`,
			want: []string{`security_groups[2].rules[0].cidr: invalid CIDR "10.0.0.300/24"`},
		},
		{
			name: "CIDR without a length",
			js:   `{"vpcs": [{"id": "vpc-1", "cidrBlocks": ["10.0.0.0/16", "10.1.0.0"]}]}`,
			want: []string{`vpcs[0].cidr_blocks[1]: invalid CIDR "10.1.0.0"`},
		},
		{
			name: "IPv4-mapped CIDR",
			js:   `{"subnets": [{"id": "subnet-1", "cidrBlocks": ["::ffff:10.0.0.0/120"]}]}`,
			want: []string{`subnets[0].cidr_blocks[0]: IPv4-mapped IPv6 CIDR "::ffff:10.0.0.0/120": give the IPv4 CIDR`},
		},
		{
			name: "missing and duplicate ids",
			js:   `{"vpcs": [{"id": "vpc-1"}, {}, {"id": "vpc-1"}], "subnets": [{"id": "vpc-1"}]}`,
			want: []string{
				"vpcs[1].id: id is required",
				`vpcs[2].id: duplicate id "vpc-1" (also vpcs[0])`,
			},
		},
		{
			name: "bad interface addresses",
			js: `{"networkInterfaces": [{"id": "eni-1", "privateIpAddresses": ["10.0.1.5", "10.0.1.x"],
			  "publicIpAddresses": ["2001:db8::1"], "securityGroupIds": ["sg-1", ""]}]}`,
			want: []string{
				`network_interfaces[0].security_group_ids[1]: security group id is empty`,
				`network_interfaces[0].private_ip_addresses[1]: invalid IP address "10.0.1.x"`,
				`network_interfaces[0].public_ip_addresses[0]: "2001:db8::1" is not an IPv4 address: public addresses are IPv4`,
			},
		},
		{
			name: "duplicate interface",
			js:   `{"networkInterfaces": [{"id": "eni-1"}, {"id": "eni-1"}]}`,
			want: []string{`network_interfaces[1].id: duplicate id "eni-1" (also network_interfaces[0])`},
		},
		{
			name: "rule protocol",
			js:   `{"securityGroups": [{"id": "sg-1", "rules": [{"ipProtocol": "tcpp", "cidr": "0.0.0.0/0"}, {"cidr": "0.0.0.0/0"}]}]}`,
			want: []string{
				`security_groups[0].rules[0].ip_protocol: invalid protocol "tcpp": want tcp, udp, icmp, icmpv6, -1 or a number 0-255`,
				"security_groups[0].rules[1].ip_protocol: protocol is required: tcp, udp, icmp, icmpv6, -1 or a number 0-255",
			},
		},
		{
			name: "rule ports",
			js: `{"securityGroups": [{"id": "sg-1", "rules": [
			  {"ipProtocol": "tcp", "cidr": "0.0.0.0/0"},
			  {"ipProtocol": "tcp", "fromPort": 22, "cidr": "0.0.0.0/0"},
			  {"ipProtocol": "udp", "toPort": 53, "cidr": "0.0.0.0/0"},
			  {"ipProtocol": "tcp", "fromPort": -1, "toPort": 70000, "cidr": "0.0.0.0/0"},
			  {"ipProtocol": "tcp", "fromPort": 443, "toPort": 80, "cidr": "0.0.0.0/0"},
			  {"ipProtocol": "icmp", "fromPort": 256, "toPort": -2, "cidr": "0.0.0.0/0"},
			  {"ipProtocol": "50", "fromPort": -1, "toPort": -1, "cidr": "0.0.0.0/0"}]}]}`,
			want: []string{
				"security_groups[0].rules[0].from_port: from_port and to_port are required for tcp rules",
				"security_groups[0].rules[1].to_port: to_port is required when from_port is set",
				"security_groups[0].rules[2].from_port: from_port is required when to_port is set",
				"security_groups[0].rules[3].from_port: port -1 out of range 0-65535",
				"security_groups[0].rules[3].to_port: port 70000 out of range 0-65535",
				"security_groups[0].rules[4].to_port: to_port 80 is below from_port 443",
				"security_groups[0].rules[5].from_port: ICMP type 256 out of range: -1 (all) or 0-255",
				"security_groups[0].rules[5].to_port: ICMP code -2 out of range: -1 (all) or 0-255",
			},
		},
		{
			name: "rule peers",
			js: `{"securityGroups": [{"id": "sg-1", "rules": [
			  {"ipProtocol": "-1"},
			  {"ipProtocol": "-1", "prefixListId": ""},
			  {"ipProtocol": "-1", "referencedGroup": {"userId": "1"}}]}]}`,
			want: []string{
				"security_groups[0].rules[0].peer: a peer is required: cidr, prefix_list_id or referenced_group",
				"security_groups[0].rules[1].prefix_list_id: prefix list id is empty",
				"security_groups[0].rules[2].referenced_group.group_id: referenced group id is required",
			},
		},
		{
			name: "nacl entries",
			js: `{"networkAcls": [{"id": "acl-1", "associations": [{"id": "aclassoc-1"}], "entries": [
			  {"ruleNumber": 0, "protocol": "-1", "ruleAction": "RULE_ACTION_DENY", "cidr": "0.0.0.0/0"},
			  {"ruleNumber": 32769, "protocol": "-1", "ruleAction": "RULE_ACTION_DENY", "cidr": "0.0.0.0/0"},
			  {"ruleNumber": 100, "protocol": "6", "cidr": "0.0.0.0/0", "portRange": {"fromPort": 80, "toPort": 22}},
			  {"ruleNumber": 110, "protocol": "6", "ruleAction": 9, "cidr": "10.0.0.0/33", "portRange": {"fromPort": 70000, "toPort": 70000}},
			  {"ruleNumber": 120, "protocol": "1", "ruleAction": "RULE_ACTION_ALLOW", "icmpTypeCode": {"type": 300, "code": -5}},
			  {"ruleNumber": 130, "protocol": "x", "ruleAction": "RULE_ACTION_ALLOW", "cidr": "0.0.0.0/0", "portRange": {"fromPort": 0, "toPort": 70000}}]}]}`,
			want: []string{
				"network_acls[0].associations[0].subnet_id: subnet id is required",
				"network_acls[0].entries[0].rule_number: rule number 0 out of range 1-32766 (32767 and 32768 for the default entries)",
				"network_acls[0].entries[1].rule_number: rule number 32769 out of range 1-32766 (32767 and 32768 for the default entries)",
				"network_acls[0].entries[2].rule_action: rule action is required: RULE_ACTION_ALLOW or RULE_ACTION_DENY",
				"network_acls[0].entries[2].port_range.to_port: to_port 22 is below from_port 80",
				"network_acls[0].entries[3].rule_action: unknown rule action 9",
				`network_acls[0].entries[3].cidr: invalid CIDR "10.0.0.0/33"`,
				"network_acls[0].entries[3].port_range.from_port: port 70000 out of range 0-65535",
				"network_acls[0].entries[4].cidr: CIDR is required",
				"network_acls[0].entries[4].icmp_type_code.type: ICMP type 300 out of range: -1 (all) or 0-255",
				"network_acls[0].entries[4].icmp_type_code.code: ICMP code -5 out of range: -1 (all) or 0-255",
				`network_acls[0].entries[5].protocol: invalid protocol "x": want tcp, udp, icmp, icmpv6, -1 or a number 0-255`,
				"network_acls[0].entries[5].port_range.to_port: port 70000 out of range 0-65535",
			},
		},
		{
			name: "prefix lists",
			js:   `{"prefixLists": [{"id": "pl-1", "maxEntries": -1, "entries": [{"cidr": "10.0.0.0/8"}, {"cidr": "nope"}, {}]}]}`,
			want: []string{
				"prefix_lists[0].max_entries: max_entries -1 is negative",
				`prefix_lists[0].entries[1].cidr: invalid CIDR "nope"`,
				"prefix_lists[0].entries[2].cidr: CIDR is required",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var nc netverdictv1.NetworkConfig
			if err := protojson.Unmarshal([]byte(tt.js), &nc); err != nil {
				t.Fatal(err)
			}
			cfg, err := NetworkConfigToModel(&nc)
			if err == nil {
				t.Fatalf("no error; config %+v", cfg)
			}
			if cfg != nil {
				t.Errorf("config returned with an error")
			}
			var got []string
			for _, v := range Violations(err) {
				got = append(got, v.Error())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("violations:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tt.want, "\n     "))
			}
		})
	}
}

func TestNetworkConfigErrorPrefix(t *testing.T) {
	t.Parallel()
	_, err := NetworkConfigToModel(&netverdictv1.NetworkConfig{Vpcs: []*netverdictv1.Vpc{{}}})
	got := Prefix("config.network_config", err)
	if got.Error() != "config.network_config.vpcs[0].id: id is required" {
		t.Errorf("Prefix = %v", got)
	}
}
