package awsjson_test

import (
	"errors"
	"fmt"

	"github.com/netverdict/netverdict/evaluator/awsjson"
	"github.com/netverdict/netverdict/evaluator/model"
)

func ExampleDecode() {
	// aws ec2 describe-security-groups --group-ids sg-0123 > sg.json
	doc := []byte(`{"SecurityGroups": [{
		"GroupId": "sg-0123", "GroupName": "web", "VpcId": "vpc-0abc",
		"IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
			"IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}],
		"IpPermissionsEgress": []}]}`)
	cfg, _, err := awsjson.Decode("sg.json", doc)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range cfg.SecurityGroups[0].Rules {
		fmt.Println(r.ID, r.ProtocolText, r.FromPort, r.Peer.CIDR)
	}

	// A broken document: every problem, with its path and value.
	_, _, err = awsjson.Decode("sg.json", []byte(`{"SecurityGroups": [{"GroupId": "sg-0123",
		"IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.300/24"}]}]}]}`))
	fmt.Println(err)

	// Not AWS output: try another format.
	_, _, err = awsjson.Decode("net.json", []byte(`{"securityGroups": []}`))
	fmt.Println(errors.Is(err, awsjson.ErrNotAWS))
	// Output:
	// sg-0123/ingress/0/0 tcp 443 0.0.0.0/0
	// sg-0123/ingress/0/1 tcp 443 ::/0
	// sg.json: SecurityGroups[0].IpPermissions[0].IpRanges[0].CidrIp: invalid CIDR "10.0.0.300/24"
	// true
}

func ExampleMerge() {
	groups, _, _ := awsjson.Decode("sg.json", []byte(`{"SecurityGroups": [{"GroupId": "sg-0123", "GroupName": "web", "VpcId": "vpc-0abc",
		"IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}`))
	rules, _, _ := awsjson.Decode("sgr.json", []byte(`{"SecurityGroupRules": [{"SecurityGroupRuleId": "sgr-0aaa", "GroupId": "sg-0123",
		"IsEgress": false, "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIpv4": "0.0.0.0/0"}]}`))
	cfg, warns, _ := awsjson.Merge([]*model.Config{groups, rules})
	g := cfg.SecurityGroups[0]
	fmt.Println(g.ID, g.Name, g.VPCID, g.Rules[0].ID, len(warns))
	// Output:
	// sg-0123 web vpc-0abc sgr-0aaa 0
}
