package awsjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// sg wraps one IpPermission in a describe-security-groups document.
func sg(perm string) string {
	return `{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "g", "VpcId": "vpc-1", "IpPermissions": [` + perm + `]}]}`
}

// sgr wraps one rule in a describe-security-group-rules document.
func sgr(rule string) string {
	return `{"SecurityGroupRules": [` + rule + `]}`
}

// acl wraps one entry in a describe-network-acls document.
func acl(entry string) string {
	return `{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": false, "Entries": [` + entry + `]}]}`
}

// TestDecodeErrors checks the message of each kind of error.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		// Malformed JSON: line, column and offset of the offending byte.
		{"syntax", `{"SecurityGroups": [}`, `t.json: invalid JSON at line 1, column 21 (byte offset 20): invalid character '}' looking for beginning of value`},
		{"syntax multiline", "{\n  \"Vpcs\": [\n    {\"VpcId\": \"vpc-1\",}\n  ]\n}", `t.json: invalid JSON at line 3, column 23 (byte offset 36): invalid character '}' looking for beginning of object key string`},
		{"truncated", `{"Vpcs": [`, `t.json: invalid JSON at line 1, column 10 (byte offset 9): unexpected end of JSON input`},
		{"empty", ``, `t.json: invalid JSON at line 1, column 1 (byte offset 0): unexpected end of JSON input`},

		// Security groups.
		{"invalid CIDR, path as in the design", `{"SecurityGroups": [{"GroupId": "sg-0"}, {"GroupId": "sg-1"}, {"GroupId": "sg-2"}, {"GroupId": "sg-3", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/24"}, {"CidrIp": "10.0.0.300/24"}]}]}]}`,
			`t.json: SecurityGroups[3].IpPermissions[0].IpRanges[1].CidrIp: invalid CIDR "10.0.0.300/24"`},
		{"bare address is no CIDR", sg(`{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.1"}]}`), `t.json: SecurityGroups[0].IpPermissions[0].IpRanges[0].CidrIp: invalid CIDR "10.0.0.1"`},
		{"IPv6 in CidrIp", sg(`{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "::/0"}]}`), `t.json: SecurityGroups[0].IpPermissions[0].IpRanges[0].CidrIp: want an IPv4 CIDR, got IPv6 "::/0"`},
		{"IPv4 in CidrIpv6", sg(`{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "Ipv6Ranges": [{"CidrIpv6": "0.0.0.0/0"}]}`), `t.json: SecurityGroups[0].IpPermissions[0].Ipv6Ranges[0].CidrIpv6: want an IPv6 CIDR, got IPv4 "0.0.0.0/0"`},
		{"missing CidrIp", sg(`{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"Description": "x"}]}`), `t.json: SecurityGroups[0].IpPermissions[0].IpRanges[0].CidrIp: is required`},
		{"port as string", sg(`{"IpProtocol": "tcp", "FromPort": "22", "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}`), `t.json: SecurityGroups[0].IpPermissions[0].FromPort: expected a number, got a string "22"`},
		{"port not an integer", sg(`{"IpProtocol": "tcp", "FromPort": 22.5, "ToPort": 23, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}`), `t.json: SecurityGroups[0].IpPermissions[0].FromPort: expected an integer "22.5"`},
		{"tcp port out of range", sg(`{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 70000, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}`), `t.json: SecurityGroups[0].IpPermissions[0].ToPort: tcp port out of range 0 to 65535 "70000"`},
		{"udp port -1", sg(`{"IpProtocol": "udp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}`), "t.json: SecurityGroups[0].IpPermissions[0].FromPort: udp port out of range 0 to 65535 \"-1\"\nt.json: SecurityGroups[0].IpPermissions[0].ToPort: udp port out of range 0 to 65535 \"-1\""},
		{"reversed range", sg(`{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}`), `t.json: SecurityGroups[0].IpPermissions[0]: port range 80-22 is reversed (FromPort > ToPort)`},
		{"tcp without ports", sg(`{"IpProtocol": "tcp", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}`), `t.json: SecurityGroups[0].IpPermissions[0]: tcp rule needs FromPort and ToPort`},
		{"FromPort alone", sg(`{"IpProtocol": "tcp", "FromPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}`), `t.json: SecurityGroups[0].IpPermissions[0].ToPort: is required when FromPort is given`},
		{"ICMP type out of range", sg(`{"IpProtocol": "icmp", "FromPort": 256, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}`), `t.json: SecurityGroups[0].IpPermissions[0].FromPort: ICMP type out of range -1 to 255 "256"`},
		{"ICMP code below -1", sg(`{"IpProtocol": "icmpv6", "FromPort": 128, "ToPort": -2, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}`), `t.json: SecurityGroups[0].IpPermissions[0].ToPort: ICMP code out of range -1 to 255 "-2"`},
		{"ICMP all types with a code", sg(`{"IpProtocol": "icmp", "FromPort": -1, "ToPort": 4, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}`), `t.json: SecurityGroups[0].IpPermissions[0].ToPort: ICMP code must be -1 when FromPort (the ICMP type) is -1 "4"`},
		{"unknown protocol", sg(`{"IpProtocol": "sctp", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}`), `t.json: SecurityGroups[0].IpPermissions[0].IpProtocol: invalid protocol: want tcp, udp, icmp, icmpv6, -1 or a number 0-255 "sctp"`},
		{"protocol 256", sg(`{"IpProtocol": "256", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}`), `t.json: SecurityGroups[0].IpPermissions[0].IpProtocol: invalid protocol: want tcp, udp, icmp, icmpv6, -1 or a number 0-255 "256"`},
		{"protocol as number", sg(`{"IpProtocol": 6, "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}`), `t.json: SecurityGroups[0].IpPermissions[0].IpProtocol: expected a string, got a number "6"`},
		{"missing protocol", sg(`{"IpRanges": [{"CidrIp": "10.0.0.0/8"}]}`), `t.json: SecurityGroups[0].IpPermissions[0].IpProtocol: is required`},
		{"group pair without GroupId", sg(`{"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupName": "default", "UserId": "111122223333"}]}`), `t.json: SecurityGroups[0].IpPermissions[0].UserIdGroupPairs[0].GroupId: is required`},
		{"empty PrefixListId", sg(`{"IpProtocol": "-1", "PrefixListIds": [{"PrefixListId": ""}]}`), `t.json: SecurityGroups[0].IpPermissions[0].PrefixListIds[0].PrefixListId: must not be empty`},
		{"missing GroupId", `{"SecurityGroups": [{"GroupName": "web"}]}`, `t.json: SecurityGroups[0].GroupId: is required`},
		{"SecurityGroups not an array", `{"SecurityGroups": {"GroupId": "sg-1"}}`, `t.json: SecurityGroups: expected an array, got an object "{\"GroupId\":\"sg-1\"}"`},
		{"group not an object", `{"SecurityGroups": ["sg-1"]}`, `t.json: SecurityGroups[0]: expected an object, got a string "sg-1"`},
		{"IpRanges not an array", sg(`{"IpProtocol": "-1", "IpRanges": "0.0.0.0/0"}`), `t.json: SecurityGroups[0].IpPermissions[0].IpRanges: expected an array, got a string "0.0.0.0/0"`},
		{"name not a string", `{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": ["web"]}]}`, `t.json: SecurityGroups[0].GroupName: expected a string, got an array "[\"web\"]"`},

		// Security group rules.
		{"rule with two peers", sgr(`{"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "-1", "FromPort": -1, "ToPort": -1, "CidrIpv4": "10.0.0.0/8", "PrefixListId": "pl-1"}`), `t.json: SecurityGroupRules[0]: a rule needs exactly one of CidrIpv4, CidrIpv6, PrefixListId, ReferencedGroupInfo (found CidrIpv4, PrefixListId)`},
		{"rule without peer", sgr(`{"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "-1", "FromPort": -1, "ToPort": -1}`), `t.json: SecurityGroupRules[0]: a rule needs exactly one of CidrIpv4, CidrIpv6, PrefixListId, ReferencedGroupInfo (found none)`},
		{"rule without IsEgress", sgr(`{"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-1", "IpProtocol": "-1", "FromPort": -1, "ToPort": -1, "CidrIpv4": "10.0.0.0/8"}`), `t.json: SecurityGroupRules[0].IsEgress: is required`},
		{"IsEgress as string", sgr(`{"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-1", "IsEgress": "false", "IpProtocol": "-1", "FromPort": -1, "ToPort": -1, "CidrIpv4": "10.0.0.0/8"}`), `t.json: SecurityGroupRules[0].IsEgress: expected true or false, got a string "false"`},
		{"rule without id", sgr(`{"GroupId": "sg-1", "IsEgress": true, "IpProtocol": "-1", "CidrIpv4": "10.0.0.0/8"}`), `t.json: SecurityGroupRules[0].SecurityGroupRuleId: is required`},
		{"referenced group without id", sgr(`{"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "-1", "FromPort": -1, "ToPort": -1, "ReferencedGroupInfo": {"UserId": "111122223333"}}`), `t.json: SecurityGroupRules[0].ReferencedGroupInfo.GroupId: is required`},
		{"IPv6 in CidrIpv4", sgr(`{"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIpv4": "2001:db8::/32"}`), `t.json: SecurityGroupRules[0].CidrIpv4: want an IPv4 CIDR, got IPv6 "2001:db8::/32"`},

		// Network ACLs.
		{"rule number 0", acl(`{"RuleNumber": 0, "Egress": false, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}`), `t.json: NetworkAcls[0].Entries[0].RuleNumber: rule number (1-32766, or 32767/32768 for the default entries) out of range 1 to 32768 "0"`},
		{"rule number 40000", acl(`{"RuleNumber": 40000, "Egress": false, "Protocol": "-1", "RuleAction": "deny", "CidrBlock": "0.0.0.0/0"}`), `t.json: NetworkAcls[0].Entries[0].RuleNumber: rule number (1-32766, or 32767/32768 for the default entries) out of range 1 to 32768 "40000"`},
		{"missing rule number", acl(`{"Egress": false, "Protocol": "-1", "RuleAction": "deny", "CidrBlock": "0.0.0.0/0"}`), `t.json: NetworkAcls[0].Entries[0].RuleNumber: is required`},
		{"bad action", acl(`{"RuleNumber": 100, "Egress": false, "Protocol": "-1", "RuleAction": "reject", "CidrBlock": "0.0.0.0/0"}`), `t.json: NetworkAcls[0].Entries[0].RuleAction: invalid rule action: want allow or deny "reject"`},
		{"both CIDRs", acl(`{"RuleNumber": 100, "Egress": false, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0", "Ipv6CidrBlock": "::/0"}`), `t.json: NetworkAcls[0].Entries[0]: an entry has either CidrBlock or Ipv6CidrBlock, not both`},
		{"no CIDR", acl(`{"RuleNumber": 100, "Egress": false, "Protocol": "-1", "RuleAction": "allow"}`), `t.json: NetworkAcls[0].Entries[0]: an entry needs CidrBlock or Ipv6CidrBlock`},
		{"IPv4 in Ipv6CidrBlock", acl(`{"RuleNumber": 100, "Egress": true, "Protocol": "-1", "RuleAction": "allow", "Ipv6CidrBlock": "10.0.0.0/8"}`), `t.json: NetworkAcls[0].Entries[0].Ipv6CidrBlock: want an IPv6 CIDR, got IPv4 "10.0.0.0/8"`},
		{"bad NACL protocol", acl(`{"RuleNumber": 100, "Egress": true, "Protocol": "-2", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}`), `t.json: NetworkAcls[0].Entries[0].Protocol: invalid protocol: want a number 0-255, -1, or tcp, udp, icmp, icmpv6 "-2"`},
		{"reversed port range", acl(`{"RuleNumber": 100, "Egress": true, "Protocol": "6", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 65535, "To": 1024}}`), `t.json: NetworkAcls[0].Entries[0].PortRange: port range 65535-1024 is reversed (From > To)`},
		{"port range without To", acl(`{"RuleNumber": 100, "Egress": true, "Protocol": "17", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 53}}`), `t.json: NetworkAcls[0].Entries[0].PortRange.To: is required`},
		{"ICMP type 300", acl(`{"RuleNumber": 100, "Egress": true, "Protocol": "1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0", "IcmpTypeCode": {"Type": 300, "Code": -1}}`), `t.json: NetworkAcls[0].Entries[0].IcmpTypeCode.Type: ICMP type out of range -1 to 255 "300"`},
		{"Egress missing", acl(`{"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}`), `t.json: NetworkAcls[0].Entries[0].Egress: is required`},
		{"NetworkAcl not an object", `{"NetworkAcl": []}`, `t.json: NetworkAcl: expected an object, got an array "[]"`},
		{"association without subnet", `{"NetworkAcls": [{"NetworkAclId": "acl-1", "Associations": [{"NetworkAclAssociationId": "aclassoc-1"}]}]}`, `t.json: NetworkAcls[0].Associations[0].SubnetId: is required`},

		// Interfaces, subnets, VPCs.
		{"bad private IP", `{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "PrivateIpAddress": "10.0.0.999"}]}`, `t.json: NetworkInterfaces[0].PrivateIpAddress: invalid IP address "10.0.0.999"`},
		{"IPv6 as private IPv4", `{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "PrivateIpAddresses": [{"PrivateIpAddress": "2001:db8::1", "Primary": true}]}]}`, `t.json: NetworkInterfaces[0].PrivateIpAddresses[0].PrivateIpAddress: want an IPv4 address, got IPv6 "2001:db8::1"`},
		{"IPv4 as IPv6 address", `{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "Ipv6Addresses": [{"Ipv6Address": "10.0.0.1"}]}]}`, `t.json: NetworkInterfaces[0].Ipv6Addresses[0].Ipv6Address: want an IPv6 address, got IPv4 "10.0.0.1"`},
		{"Primary as string", `{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.1", "Primary": "true"}]}]}`, `t.json: NetworkInterfaces[0].PrivateIpAddresses[0].Primary: expected true or false, got a string "true"`},
		{"group without id", `{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "Groups": [{"GroupName": "web"}]}]}`, `t.json: NetworkInterfaces[0].Groups[0].GroupId: is required`},
		{"bad public IP", `{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "Association": {"PublicIp": "203.0.113"}}]}`, `t.json: NetworkInterfaces[0].Association.PublicIp: invalid IP address "203.0.113"`},
		{"subnet IPv6 CidrBlock", `{"Subnets": [{"SubnetId": "subnet-1", "CidrBlock": "2001:db8::/64"}]}`, `t.json: Subnets[0].CidrBlock: want an IPv4 CIDR, got IPv6 "2001:db8::/64"`},
		{"subnet IPv6 block invalid", `{"Subnets": [{"SubnetId": "subnet-1", "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2001:db8::/129"}]}]}`, `t.json: Subnets[0].Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock: invalid CIDR "2001:db8::/129"`},
		{"VPC without id", `{"Vpcs": [{"CidrBlock": "10.0.0.0/16"}]}`, `t.json: Vpcs[0].VpcId: is required`},
		{"VPC block state not an object", `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlockAssociationSet": [{"CidrBlock": "10.0.0.0/16", "CidrBlockState": "associated"}]}]}`, `t.json: Vpcs[0].CidrBlockAssociationSet[0].CidrBlockState: expected an object, got a string "associated"`},

		// Prefix lists.
		{"bare entries", `{"Entries": [{"Cidr": "10.0.0.0/16", "Description": "vpc-a"}]}`, `t.json: Entries: get-managed-prefix-list-entries output does not say which prefix list the entries belong to; add its id beside them: jq '{PrefixListId:"pl-…"} + .' entries.json`},
		{"list id without entries", `{"PrefixListId": "pl-1"}`, `t.json: PrefixListId: is given without Entries: expected get-managed-prefix-list-entries output with its list id added`},
		{"entry of the wrong family", `{"PrefixLists": [{"PrefixListId": "pl-1", "AddressFamily": "IPv4", "Entries": [{"Cidr": "2001:db8::/32"}]}]}`, `t.json: PrefixLists[0].Entries[0].Cidr: want an IPv4 CIDR, got IPv6 "2001:db8::/32"`},
		{"MaxEntries negative", `{"PrefixLists": [{"PrefixListId": "pl-1", "MaxEntries": -1}]}`, `t.json: PrefixLists[0].MaxEntries: MaxEntries out of range 0 to 2147483647 "-1"`},
		{"entries invalid", `{"PrefixListId": "pl-1", "Entries": [{"Cidr": "10.0.0.0/33"}]}`, `t.json: Entries[0].Cidr: invalid CIDR "10.0.0.0/33"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := Decode("t.json", []byte(tt.doc))
			if err == nil {
				t.Fatalf("no error, want %s", tt.want)
			}
			if cfg != nil {
				t.Errorf("config returned with an error")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error:\n got %s\nwant %s", got, tt.want)
			}
			if errors.Is(err, ErrNotAWS) {
				t.Errorf("error wraps ErrNotAWS")
			}
			var e *Error
			if !errors.As(err, &e) || e.Doc != "t.json" {
				t.Errorf("error is not an *Error for t.json: %#v", err)
			}
		})
	}
}

// TestErrorFields checks the parts of an *Error, which servers turn into
// field violations.
func TestErrorFields(t *testing.T) {
	_, _, err := Decode("sg.json", []byte(sg(`{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.300/24"}]}`)))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("not an *Error: %v", err)
	}
	want := Error{Doc: "sg.json", Path: "SecurityGroups[0].IpPermissions[0].IpRanges[0].CidrIp", Value: "10.0.0.300/24", Msg: "invalid CIDR"}
	if e.Doc != want.Doc || e.Path != want.Path || e.Value != want.Value || e.Msg != want.Msg {
		t.Errorf("got %+v, want %+v", *e, want)
	}

	_, _, err = Decode("bad.json", []byte(`{"Vpcs": [`))
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		t.Errorf("syntax error does not unwrap to *json.SyntaxError: %v", err)
	}
}

// TestErrorRendering covers Error and Warning strings with parts left out.
func TestErrorRendering(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{(&Error{Doc: "a.json", Path: "Vpcs[0].CidrBlock", Value: "x", Msg: "invalid CIDR"}).Error(), `a.json: Vpcs[0].CidrBlock: invalid CIDR "x"`},
		{(&Error{Path: "Vpcs[0].VpcId", Msg: "is required"}).Error(), `Vpcs[0].VpcId: is required`},
		{(&Error{Doc: "a.json", Msg: "broken"}).Error(), `a.json: broken`},
		{Warning{Doc: "a.json", Path: "RouteTables", Msg: "not supported yet, ignored"}.String(), `a.json: RouteTables: not supported yet, ignored`},
		{Warning{Msg: "m"}.String(), `m`},
		{(&Error{Msg: "bad", Value: strings.Repeat("é", 100)}).Error(), `bad "` + strings.Repeat("é", 100) + `"`},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %s, want %s", i, tt.got, tt.want)
		}
	}
	// Long values are shortened on a rune boundary.
	_, _, err := Decode("t.json", []byte(`{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "`+strings.Repeat("é", 100)+`"}]}`))
	var e *Error
	if !errors.As(err, &e) || !strings.HasSuffix(e.Value, "…") || len(e.Value) > maxValueLen+len("…") {
		t.Errorf("long value not shortened: %q", e.Value)
	}
}

// TestDecodeManyErrors checks that Decode reports every problem of a
// document, joined, and caps the list.
func TestDecodeManyErrors(t *testing.T) {
	doc := `{"SecurityGroups": [
		{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.300/24"}]}]},
		{"GroupName": "no-id"}
	], "NetworkAcls": [{"NetworkAclId": "acl-1", "Entries": [{"RuleNumber": 0, "Egress": true, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}]}]}`
	_, _, err := Decode("t.json", []byte(doc))
	want := []string{
		`t.json: SecurityGroups[0].IpPermissions[0].IpRanges[0].CidrIp: invalid CIDR "10.0.0.300/24"`,
		`t.json: SecurityGroups[1].GroupId: is required`,
		`t.json: NetworkAcls[0].Entries[0].RuleNumber: rule number (1-32766, or 32767/32768 for the default entries) out of range 1 to 32768 "0"`,
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Fatalf("got\n%v\nwant\n%s", err, strings.Join(want, "\n"))
	}
	var e *Error
	if !errors.As(err, &e) || e.Path != "SecurityGroups[0].IpPermissions[0].IpRanges[0].CidrIp" {
		t.Errorf("errors.As on the joined error: %+v", e)
	}

	var ranges []string
	for i := range MaxErrors + 10 {
		ranges = append(ranges, fmt.Sprintf(`{"CidrIp": "10.0.0.%d/33"}`, i))
	}
	_, _, err = Decode("t.json", []byte(sg(`{"IpProtocol": "-1", "IpRanges": [`+strings.Join(ranges, ",")+`]}`)))
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != MaxErrors+1 || lines[MaxErrors] != "t.json: 10 more errors not shown" {
		t.Errorf("got %d lines, last %q", len(lines), lines[len(lines)-1])
	}
}

// TestNotAWS checks the sentinel for documents that are not AWS output, and
// its absence for those that are (even when broken or not imported yet).
func TestNotAWS(t *testing.T) {
	tests := []struct {
		doc    string
		notAWS bool
		msg    string
	}{
		{`{}`, true, `t.json: not an AWS CLI document: no top-level key SecurityGroups, SecurityGroupRules, NetworkAcls, NetworkAcl, NetworkInterfaces, Subnets, Vpcs, PrefixLists, PrefixListId+Entries (it has no keys)`},
		{`{"securityGroups": [], "networkAcls": []}`, true, `t.json: not an AWS CLI document: no top-level key SecurityGroups, SecurityGroupRules, NetworkAcls, NetworkAcl, NetworkInterfaces, Subnets, Vpcs, PrefixLists, PrefixListId+Entries (it has networkAcls, securityGroups)`},
		{`[{"GroupId": "sg-1"}]`, true, `t.json: not an AWS CLI document: the top level is an array, not an object`},
		{`null`, true, `t.json: not an AWS CLI document: the top level is null, not an object`},
		{`"SecurityGroups"`, true, `t.json: not an AWS CLI document: the top level is a string, not an object`},
		{`{"NextToken": "abc", "Return": true}`, true, ""},
		{`{"SecurityGroups": []}`, false, ""},
		{`{"SecurityGroups": null}`, false, ""},
		{`{"WebACL": {}, "LockToken": "x"}`, false, ""},
		{`{"SecurityGroups": [}`, false, ""},
	}
	for _, tt := range tests {
		_, _, err := Decode("t.json", []byte(tt.doc))
		if got := errors.Is(err, ErrNotAWS); got != tt.notAWS {
			t.Errorf("%s: errors.Is(ErrNotAWS) = %v, want %v (err %v)", tt.doc, got, tt.notAWS, err)
		}
		if tt.msg != "" && (err == nil || err.Error() != tt.msg) {
			t.Errorf("%s:\n got %v\nwant %s", tt.doc, err, tt.msg)
		}
	}
}
