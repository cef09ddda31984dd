package path

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/model"
)

var (
	pfx  = netip.MustParsePrefix
	addr = netip.MustParseAddr
)

func tcp(from, to int32) model.SGRule {
	return model.SGRule{Protocol: 6, ProtocolText: "tcp", FromPort: from, ToPort: to, HasPorts: true}
}

func cidrPeer(r model.SGRule, p string) model.SGRule {
	r.Peer = model.Peer{Kind: model.PeerCIDR, CIDR: pfx(p)}
	return r
}

func egress(r model.SGRule) model.SGRule { r.Egress = true; return r }

func withID(r model.SGRule, id string) model.SGRule { r.ID = id; return r }

func entry(n int32, eg bool, proto int16, allow bool, c string, from, to int32) model.NACLEntry {
	e := model.NACLEntry{RuleNumber: n, Egress: eg, Protocol: proto, Action: model.ActionDeny, CIDR: pfx(c)}
	if allow {
		e.Action = model.ActionAllow
	}
	if proto == 6 || proto == 17 {
		e.HasPortRange, e.PortFrom, e.PortTo = true, from, to
	}
	return e
}

// testConfig: VPC 10.0.0.0/16 with subnets a (10.0.1.0/24, acl-a) and b
// (10.0.2.0/24, default acl-d); web in a (public 203.0.113.5), db in b,
// nlb in b.
func testConfig() *model.Config {
	return &model.Config{
		VPCs: []model.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16"), pfx("2001:db8::/56")}}},
		Subnets: []model.Subnet{
			{ID: "subnet-a", VPCID: "vpc-1", CIDRs: []netip.Prefix{pfx("10.0.1.0/24"), pfx("2001:db8:0:1::/64")}},
			{ID: "subnet-b", VPCID: "vpc-1", CIDRs: []netip.Prefix{pfx("10.0.2.0/24")}},
		},
		Interfaces: []model.Interface{
			{ID: "eni-web", SubnetID: "subnet-a", VPCID: "vpc-1", PrivateIPs: []netip.Addr{addr("10.0.1.10"), addr("2001:db8:0:1::10")},
				PublicIPs: []netip.Addr{addr("203.0.113.5")}, SecurityGroupIDs: []string{"sg-web", "sg-all-out"}},
			{ID: "eni-db", SubnetID: "subnet-b", VPCID: "vpc-1", PrivateIPs: []netip.Addr{addr("10.0.2.20")},
				SecurityGroupIDs: []string{"sg-db", "sg-missing"}},
			{ID: "eni-web2", SubnetID: "subnet-a", VPCID: "vpc-1", PrivateIPs: []netip.Addr{addr("10.0.1.11")},
				SecurityGroupIDs: []string{"sg-web"}},
			{ID: "eni-nlb", SubnetID: "subnet-b", VPCID: "vpc-1", Type: "network_load_balancer", PrivateIPs: []netip.Addr{addr("10.0.2.30")},
				SecurityGroupIDs: []string{"sg-all-out"}},
		},
		SecurityGroups: []model.SecurityGroup{
			{ID: "sg-web", Rules: []model.SGRule{
				withID(cidrPeer(tcp(443, 443), "0.0.0.0/0"), "sgr-https"),
				withID(cidrPeer(tcp(22, 22), "10.0.0.0/16"), "sgr-ssh"),
				withID(model.SGRule{Protocol: 6, FromPort: 0, ToPort: 65535, HasPorts: true, Peer: model.Peer{Kind: model.PeerPrefixList, PrefixListID: "pl-unknown"}}, "sgr-pl"),
				withID(model.SGRule{Protocol: 1, FromPort: 8, ToPort: -1, HasPorts: true, Peer: model.Peer{Kind: model.PeerCIDR, CIDR: pfx("0.0.0.0/0")}}, "sgr-ping"),
			}},
			{ID: "sg-all-out", Rules: []model.SGRule{
				withID(egress(model.SGRule{Protocol: -1, Peer: model.Peer{Kind: model.PeerCIDR, CIDR: pfx("0.0.0.0/0")}}), "sgr-out4"),
				withID(egress(model.SGRule{Protocol: -1, Peer: model.Peer{Kind: model.PeerCIDR, CIDR: pfx("::/0")}}), "sgr-out6"),
			}},
			{ID: "sg-db", Rules: []model.SGRule{
				withID(model.SGRule{Protocol: 6, FromPort: 5432, ToPort: 5432, HasPorts: true, Peer: model.Peer{Kind: model.PeerGroup, GroupID: "sg-web"}}, "sgr-pg"),
				withID(cidrPeer(tcp(5432, 5432), "10.0.1.0/24"), "sgr-pg-cidr"),
			}},
		},
		NetworkACLs: []model.NetworkACL{
			{ID: "acl-a", VPCID: "vpc-1", Associations: []model.NACLAssociation{{SubnetID: "subnet-a"}}, Entries: []model.NACLEntry{
				entry(100, false, -1, true, "10.0.0.0/16", 0, 0),
				entry(110, false, 6, true, "0.0.0.0/0", 443, 443),
				entry(120, false, 6, false, "0.0.0.0/0", 1024, 2047),
				entry(130, false, 6, true, "0.0.0.0/0", 1024, 65535),
				entry(100, true, -1, true, "10.0.0.0/16", 0, 0),
				entry(110, true, 6, true, "0.0.0.0/0", 32768, 65535),
			}},
			{ID: "acl-d", VPCID: "vpc-1", IsDefault: true, Entries: []model.NACLEntry{
				entry(100, false, -1, true, "0.0.0.0/0", 0, 0),
				entry(100, true, -1, true, "0.0.0.0/0", 0, 0),
			}},
		},
	}
}

// render prints a decision one check per line, compactly, so expected
// decisions read like the semantics. Reason codes print as numbers
// (model.ReasonSGAllowed = 1, ... ReasonNACLEntry = 7, ReasonUnknownHost =
// 13, ReasonUnknownSubnet = 14).
func render(d *model.Decision) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v\n", d.Verdict)
	for _, c := range d.Checks {
		layer := "SG"
		if c.Layer == model.LayerNetworkACL {
			layer = "NACL"
		}
		fmt.Fprintf(&b, "%s %v %v %s %v", layer, c.Leg, c.Direction, c.ResourceID, c.Verdict)
		if c.Layer == model.LayerSecurityGroup {
			fmt.Fprintf(&b, " %v", c.Tracking)
		}
		var ids []string
		for _, r := range c.Rules {
			ids = append(ids, r.ResourceID+"/"+r.RuleID)
		}
		fmt.Fprintf(&b, " [%s] code=%d", strings.Join(ids, " "), c.Reason.Code)
		if c.Reason.Subject != "" {
			fmt.Fprintf(&b, " subject=%q", c.Reason.Subject)
		}
		for _, p := range c.Reason.Ports {
			fmt.Fprintf(&b, " %d-%d", p.From, p.To)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func flow(src, dst model.Endpoint, proto uint8, sport, dport int32) model.Flow {
	return model.Flow{ID: "f", Source: src, Destination: dst, Protocol: proto, SourcePort: sport, DestinationPort: dport,
		ICMPType: model.NoPort, ICMPCode: model.NoPort}
}

func id(s string) model.Endpoint { return model.Endpoint{InterfaceID: s} }
func ip(s string) model.Endpoint { return model.Endpoint{IP: addr(s)} }

func TestEvaluate(t *testing.T) {
	snap, err := Compile(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	echo := flow(ip("198.51.100.1"), ip("203.0.113.5"), 1, model.NoPort, model.NoPort)
	echo.ICMPType, echo.ICMPCode = 8, 0
	unreach := echo
	unreach.ICMPType, unreach.ICMPCode = 3, 4
	est := flow(id("eni-web"), id("eni-db"), 6, 40000, 80)
	est.State = model.StateEstablished
	tests := []struct {
		name string
		f    model.Flow
		want string
	}{{
		name: "web to db across subnets, all six checks",
		f:    flow(id("eni-web"), ip("10.0.2.20"), 6, 40000, 5432),
		want: `ALLOW
SG forward egress eni-web ALLOW tracked [sg-all-out/sgr-out4] code=1
NACL forward egress acl-a ALLOW [acl-a/100] code=7
NACL forward ingress acl-d ALLOW [acl-d/100] code=7
SG forward ingress eni-db ALLOW tracked [sg-db/sgr-pg sg-db/sgr-pg-cidr] code=1
NACL return egress acl-d ALLOW [acl-d/100] code=7
NACL return ingress acl-a ALLOW [acl-a/100] code=7
`,
	}, {
		name: "same subnet: no network ACL",
		f:    flow(id("eni-web2"), id("eni-web"), 6, 40000, 22),
		want: `DENY
SG forward egress eni-web2 DENY tracked [] code=2
SG forward ingress eni-web ALLOW tracked [sg-web/sgr-ssh] code=1
`,
	}, {
		name: "internet to public IP, unknown client port: ephemeral sweep",
		f:    flow(ip("198.51.100.1"), ip("203.0.113.5"), 6, model.NoPort, 443),
		want: `INDETERMINATE
NACL forward ingress acl-a ALLOW [acl-a/110] code=7
SG forward ingress eni-web ALLOW untracked [sg-web/sgr-https] code=1
NACL return egress acl-a INDETERMINATE [acl-a/110 acl-a/32767] code=10 32768-65535
`,
	}, {
		name: "prefix list without entries is undecidable",
		f:    flow(ip("198.51.100.1"), ip("203.0.113.5"), 6, 40000, 8080),
		want: `INDETERMINATE
NACL forward ingress acl-a ALLOW [acl-a/130] code=7
SG forward ingress eni-web INDETERMINATE tracked [sg-web/sgr-pl] code=5 subject="pl-unknown"
NACL return egress acl-a ALLOW [acl-a/110] code=7
`,
	}, {
		name: "ICMP echo: reply leg with type 0",
		f:    echo,
		want: `DENY
NACL forward ingress acl-a DENY [acl-a/32767] code=7
SG forward ingress eni-web ALLOW tracked [sg-web/sgr-ping] code=1
NACL return egress acl-a DENY [acl-a/32767] code=7
`,
	}, {
		name: "ICMP unreachable: no return leg",
		f:    unreach,
		want: `DENY
NACL forward ingress acl-a DENY [acl-a/32767] code=7
SG forward ingress eni-web DENY tracked [] code=2
`,
	}, {
		name: "unknown group and no rule: indeterminate naming the group",
		f:    flow(id("eni-web"), id("eni-db"), 6, 40000, 80),
		want: `INDETERMINATE
SG forward egress eni-web ALLOW tracked [sg-all-out/sgr-out4] code=1
NACL forward egress acl-a ALLOW [acl-a/100] code=7
NACL forward ingress acl-d ALLOW [acl-d/100] code=7
SG forward ingress eni-db INDETERMINATE tracked [] code=6 subject="sg-missing"
NACL return egress acl-d ALLOW [acl-d/100] code=7
NACL return ingress acl-a ALLOW [acl-a/100] code=7
`,
	}, {
		name: "established and tracked: allowed whatever the rules",
		f:    est,
		want: `ALLOW
SG forward egress eni-web ALLOW tracked [sg-all-out/sgr-out4] code=3
NACL forward egress acl-a ALLOW [acl-a/100] code=7
NACL forward ingress acl-d ALLOW [acl-d/100] code=7
SG forward ingress eni-db ALLOW tracked [] code=3
NACL return egress acl-d ALLOW [acl-d/100] code=7
NACL return ingress acl-a ALLOW [acl-a/100] code=7
`,
	}, {
		name: "automatic tracking toward a load balancer",
		f:    flow(id("eni-web"), id("eni-nlb"), 6, 40000, 80),
		want: `DENY
SG forward egress eni-web ALLOW automatic [sg-all-out/sgr-out4] code=1
NACL forward egress acl-a ALLOW [acl-a/100] code=7
NACL forward ingress acl-d ALLOW [acl-d/100] code=7
SG forward ingress eni-nlb DENY tracked [] code=2
NACL return egress acl-d ALLOW [acl-d/100] code=7
NACL return ingress acl-a ALLOW [acl-a/100] code=7
`,
	}, {
		name: "unknown host in a subnet",
		f:    flow(ip("10.0.2.99"), id("eni-web"), 6, 40000, 22),
		want: `INDETERMINATE
SG forward egress 10.0.2.99 INDETERMINATE tracked [] code=13 subject="10.0.2.99"
NACL forward egress acl-d ALLOW [acl-d/100] code=7
NACL forward ingress acl-a ALLOW [acl-a/100] code=7
SG forward ingress eni-web ALLOW tracked [sg-web/sgr-ssh] code=1
NACL return egress acl-a ALLOW [acl-a/100] code=7
NACL return ingress acl-d ALLOW [acl-d/100] code=7
`,
	}, {
		name: "unknown host outside subnets: membership undecidable, unknown subnet",
		f:    flow(ip("10.0.9.9"), id("eni-db"), 6, 40000, 5432),
		want: `INDETERMINATE
SG forward egress 10.0.9.9 INDETERMINATE tracked [] code=13 subject="10.0.9.9"
NACL forward egress  INDETERMINATE [] code=14 subject="10.0.9.9"
NACL forward ingress acl-d ALLOW [acl-d/100] code=7
SG forward ingress eni-db INDETERMINATE tracked [sg-db/sgr-pg] code=5 subject="membership of 10.0.9.9 in sg-web"
NACL return egress acl-d ALLOW [acl-d/100] code=7
NACL return ingress  INDETERMINATE [] code=14 subject="10.0.9.9"
`,
	}}
	var d model.Decision
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := snap.Evaluate(&tc.f, model.Options{}, &d); err != nil {
				t.Fatal(err)
			}
			if got := render(&d); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestEvaluateRejects(t *testing.T) {
	snap, err := Compile(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		f     model.Flow
		field string
	}{
		{"IP not the interface's", flow(model.Endpoint{InterfaceID: "eni-web", IP: addr("10.0.1.99")}, id("eni-db"), 6, 1, 2), "source.ip"},
		{"public IP from inside", flow(id("eni-db"), ip("203.0.113.5"), 6, 1, 2), "destination.ip"},
		{"public IP with its id from inside", flow(model.Endpoint{InterfaceID: "eni-web", IP: addr("203.0.113.5")}, ip("10.0.2.99"), 6, 1, 2), "source.ip"},
		{"unknown interface without IP", flow(id("eni-nope"), id("eni-db"), 6, 1, 2), "source.network_interface_id"},
		{"no address of the family", flow(id("eni-db"), ip("2001:db8:0:1::10"), 6, 1, 2), "source.network_interface_id"},
		{"families differ", flow(ip("10.0.1.10"), ip("2001:db8:0:1::99"), 6, 1, 2), "destination.ip"},
		{"nothing on the path", flow(ip("198.51.100.1"), ip("8.8.8.8"), 6, 1, 2), "destination.ip"},
	}
	var d model.Decision
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := snap.Evaluate(&tc.f, model.Options{}, &d)
			var fe *model.FlowError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a *model.FlowError", err)
			}
			if fe.Field != tc.field {
				t.Errorf("field %q, want %q (%v)", fe.Field, tc.field, err)
			}
		})
	}
}

func TestCompileErrorsNameTheResource(t *testing.T) {
	cfg := testConfig()
	cfg.SecurityGroups[0].Rules[1].Peer.CIDR = netip.Prefix{}
	if _, err := Compile(cfg); err == nil || !strings.HasPrefix(err.Error(), "security group sg-web rule 1: ") {
		t.Errorf("got %v", err)
	}
	cfg = testConfig()
	cfg.NetworkACLs[1].Entries[0].Action = 0
	if _, err := Compile(cfg); err == nil || !strings.HasPrefix(err.Error(), "network ACL acl-d entry 0: ") {
		t.Errorf("got %v", err)
	}
}
