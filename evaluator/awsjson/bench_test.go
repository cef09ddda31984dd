package awsjson

import (
	"encoding/json"
	"fmt"
	"testing"
)

// bigSecurityGroups builds a describe-security-groups document of n groups
// with 10 permissions of 3 peers each.
func bigSecurityGroups(n int) []byte {
	groups := make([]any, n)
	for i := range groups {
		var perms []any
		for j := range 10 {
			perms = append(perms, map[string]any{
				"IpProtocol": "tcp", "FromPort": 1000 + j, "ToPort": 1000 + j,
				"IpRanges":         []any{map[string]any{"CidrIp": fmt.Sprintf("10.%d.%d.0/24", i%250, j), "Description": "office"}},
				"Ipv6Ranges":       []any{map[string]any{"CidrIpv6": fmt.Sprintf("2001:db8:%x::/48", i)}},
				"PrefixListIds":    []any{},
				"UserIdGroupPairs": []any{map[string]any{"GroupId": fmt.Sprintf("sg-%017d", (i+1)%n), "UserId": "111122223333"}},
			})
		}
		groups[i] = map[string]any{
			"GroupId": fmt.Sprintf("sg-%017d", i), "GroupName": fmt.Sprintf("g%d", i), "VpcId": "vpc-1", "OwnerId": "111122223333",
			"Description": "generated", "IpPermissions": perms,
			"IpPermissionsEgress": []any{map[string]any{"IpProtocol": "-1", "IpRanges": []any{map[string]any{"CidrIp": "0.0.0.0/0"}}}},
		}
	}
	data, _ := json.Marshal(map[string]any{"SecurityGroups": groups})
	return data
}

// BenchmarkDecodeSecurityGroups decodes 1,000 groups (31,000 rules).
func BenchmarkDecodeSecurityGroups(b *testing.B) {
	data := bigSecurityGroups(1000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Decode("big.json", data); err != nil {
			b.Fatal(err)
		}
	}
}
