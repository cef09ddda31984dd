package path

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/corpus"
	"github.com/netverdict/netverdict/evaluator/evaltest"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/reference"
)

// optsFromByte picks the ephemeral range of a differential run: the
// default, narrow ones that make partial answers likely, or an empty one
// (both evaluators must reject it).
func optsFromByte(b byte) model.Options {
	switch b % 6 {
	case 1:
		return model.Options{Ephemeral: model.PortRange{From: 1024, To: 2047}}
	case 2:
		return model.Options{Ephemeral: model.PortRange{From: 32768, To: 65535}}
	case 3:
		return model.Options{Ephemeral: model.PortRange{From: 0, To: 100}}
	case 4:
		return model.Options{Ephemeral: model.PortRange{From: 443, To: 443}}
	case 5:
		if b%12 == 5 {
			return model.Options{Ephemeral: model.PortRange{From: 10, To: 5}}
		}
	}
	return model.Options{}
}

// differential judges the flow FromBytes builds from data with both
// evaluators and returns a description of any disagreement.
func differential(data []byte, optByte byte) string {
	cfg, f := corpus.FromBytes(data)
	b := newFwBytes(data)
	addFirewall(cfg, &f, b)
	addWAF(cfg, &f, b)
	opts := optsFromByte(optByte)
	s, err := Compile(cfg)
	if err != nil {
		return fmt.Sprintf("Compile: %v", err)
	}
	var got, want model.Decision
	gotErr := s.Evaluate(&f, opts, &got)
	wantErr := reference.Evaluate(cfg, &f, opts, &want)
	if (gotErr == nil) != (wantErr == nil) {
		return fmt.Sprintf("error: compiled %v, reference %v\nflow %+v", gotErr, wantErr, f)
	}
	if gotErr != nil {
		var g, w *model.FlowError
		if errors.As(gotErr, &g) != errors.As(wantErr, &w) {
			return fmt.Sprintf("error kind: compiled %v, reference %v", gotErr, wantErr)
		}
		return ""
	}
	if diff := evaltest.Compare(&got, &want); diff != "" {
		return fmt.Sprintf("%s\nflow %+v\nreference:\n%s", diff, f, evaltest.Format(&want))
	}
	return ""
}

// FuzzDifferential holds Snapshot.Evaluate to reference.Evaluate on small
// random configs and flows: same error or not, same decision with every
// check's rules, tracking and reason.
func FuzzDifferential(f *testing.F) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 64 {
		data := make([]byte, 200+r.IntN(400))
		for i := range data {
			data[i] = byte(r.UintN(256))
		}
		f.Add(data, byte(r.UintN(256)))
	}
	f.Fuzz(func(t *testing.T, data []byte, opt byte) {
		if diff := differential(data, opt); diff != "" {
			t.Fatal(diff)
		}
	})
}

// TestDifferential is the deterministic part of FuzzDifferential, so plain
// `go test` catches disagreements: a few thousand pseudo-random inputs.
func TestDifferential(t *testing.T) {
	n := 4000
	if testing.Short() {
		n = 500
	}
	r := rand.New(rand.NewPCG(7, 11))
	failures := 0
	for i := range n {
		data := make([]byte, 24+r.IntN(600))
		for j := range data {
			data[j] = byte(r.UintN(256))
		}
		opt := byte(r.UintN(256))
		if diff := differential(data, opt); diff != "" {
			t.Errorf("input %d (data %x, opt %d):\n%s", i, data, opt, diff)
			if failures++; failures == 5 {
				t.FailNow()
			}
		}
	}
}

// fwBytes hands out the firewall generator's choices from the fuzz input,
// read from its end backwards (corpus.FromBytes reads from the start, so
// a mutation near either end changes one side mostly), then from a
// xorshift generator seeded by the whole input.
type fwBytes struct {
	data  []byte
	state uint64
}

func newFwBytes(data []byte) *fwBytes {
	h := uint64(1469598103934665603)
	for _, c := range data {
		h = (h ^ uint64(c)) * 1099511628211
	}
	n := min(len(data), 64)
	return &fwBytes{data: data[len(data)-n:], state: h | 1}
}

func (b *fwBytes) next() byte {
	if n := len(b.data); n > 0 {
		c := b.data[n-1]
		b.data = b.data[:n-1]
		return c
	}
	b.state ^= b.state << 13
	b.state ^= b.state >> 7
	b.state ^= b.state << 17
	return byte(b.state >> 32)
}

// n returns a choice in [0, k).
func (b *fwBytes) n(k int) int { return int(b.next()) % k }

// pick returns one of the choices.
func pick[T any](b *fwBytes, choices ...T) T { return choices[b.n(len(choices))] }

// Pools for the firewall generator: few values, so routes, endpoints and
// rules collide often.
var (
	fzRouteDests = []string{"0.0.0.0/0", "10.0.1.0/24", "10.0.2.0/24", "10.0.0.0/22", "198.51.100.0/24", "8.8.8.0/24", "::/0",
		"2001:db8:0:1::/64", "10.0.1.10/32", "203.0.113.0/24", "10.1.0.0/16", "192.168.0.0/16"}
	fzRouteTargets = []string{"vpce-fw0", "vpce-fw0", "vpce-fw0b", "vpce-fw1", "vpce-unknown", "igw-1", "igw-1", "nat-1", "local-blackhole", "vpce-fw0-blackhole", "pcx-1"}
	fzPortRanges   = []model.PortRange{{From: 443, To: 443}, {From: 22, To: 22}, {From: 1024, To: 65535}, {From: 0, To: 1023}, {From: 1024, To: 32767}, {From: 53, To: 53}, {From: 50000, To: 50000}, {From: 80, To: 443}}
	fzSLPrefixes   = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16"), netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("10.0.1.0/24"),
		netip.MustParsePrefix("198.51.100.0/24"), netip.MustParsePrefix("::/0"), netip.MustParsePrefix("2001:db8::/56")}
	fzFlags = []model.TCPFlagMatch{
		{Flags: model.TCPFlagSYN, Masks: model.TCPFlagSYN | model.TCPFlagACK, MasksGiven: true},
		{Flags: model.TCPFlagSYN | model.TCPFlagACK, Masks: model.TCPFlagSYN | model.TCPFlagACK, MasksGiven: true},
		{Flags: model.TCPFlagACK},
		{Flags: model.TCPFlagFIN, Masks: model.TCPFlagFIN, MasksGiven: true},
	}
	fzStatefulLines = []string{
		`pass tcp $HOME_NET any -> $EXTERNAL_NET 443 (msg:"https out"; sid:%d;)`,
		`drop tcp any any -> any 22 (msg:"no ssh"; sid:%d;)`,
		`pass udp any any -> any 53 (sid:%d;)`,
		`alert tcp any any -> any any (msg:"log"; sid:%d;)`,
		`drop ip any any -> any any (sid:%d;)`,
		`reject tcp any any -> any 80 (sid:%d;)`,
		`pass tcp any 1024:65535 -> any any (sid:%d;)`,
		`drop tcp any any <> any 443 (sid:%d;)`,
		`pass tls $HOME_NET any -> $EXTERNAL_NET any (ssl_state:client_hello; tls.sni; content:"example.com"; nocase; endswith; msg:"tls ok"; flow:to_server, established; sid:%d;)`,
		`pass http $HOME_NET any -> $EXTERNAL_NET any (http.host; content:"example.com"; endswith; flow:to_server, established; sid:%d;)`,
		`drop icmp any any -> any any (sid:%d;)`,
		`pass ip 10.0.1.0/24 any -> any any (msg:"from subnet-1"; sid:%d;)`,
		`drop tcp any any -> any any (flow:established,to_server; sid:%d;)`,
		`pass tcp $EXTERNAL_NET any -> $HOME_NET any (priority:1; sid:%d;)`,
	}
	fzActions = []string{"aws:pass", "aws:drop", "aws:forward_to_sfe", "aws:forward_to_sfe"}
)

// addFirewall gives about half of the fuzzed configs route tables and AWS
// Network Firewall (docs/semantics.md section 5): a firewall subnet (new,
// one of the config's, absent from the config, or not named) with an
// endpoint or two, sometimes a second firewall, route tables for subnets,
// the main table, the firewall subnet and the internet gateway's edge
// table with routes to firewall endpoints, to unknown vpce- endpoints, to
// prefix lists, blackholes and propagated routes, a policy with small
// random stateless groups and a stateful rules string or domain list, and
// sets the flow's Fragmented, TLS SNI and HTTP Host now and then. Every
// choice keeps the config valid for Compile.
func addFirewall(cfg *model.Config, f *model.Flow, b *fwBytes) {
	if b.n(2) == 0 {
		return
	}
	// The flow's application-layer facts.
	f.Fragmented = b.n(5) == 0
	if b.n(3) == 0 {
		f.TLSServerName = pick(b, "www.example.com", "evil.test", "example.com")
	}
	if b.n(4) == 0 {
		f.HTTP = &model.HTTPRequest{Method: "GET", URIPath: "/", Headers: []model.HTTPHeader{{Name: "Host", Value: pick(b, "example.com", "evil.test")}}}
	}

	// A prefix list with the same CIDRs as pl-a: routes to both are a
	// random pick for AWS.
	cfg.PrefixLists = append(cfg.PrefixLists, model.PrefixList{ID: "pl-dup", EntriesKnown: true, Entries: []model.PrefixListEntry{
		{CIDR: netip.MustParsePrefix("10.0.1.0/24")}, {CIDR: netip.MustParsePrefix("198.51.100.0/25")}}})

	// Firewall subnets.
	fwSub := "subnet-fw"
	switch b.n(8) {
	case 0:
		// An application subnet doubles as firewall subnet. (Not one
		// without a VPC id: the compiled evaluator then takes the
		// firewall's VPC for the subnet, where docs/semantics.md section 4
		// takes the interface's; see the report of this generator.)
		if sn := cfg.Subnets[b.n(len(cfg.Subnets))]; sn.VPCID != "" {
			fwSub = sn.ID
		}
	case 1:
		fwSub = "subnet-fwgone" // not in the config
	case 2:
		fwSub = "" // the endpoint names no subnet
	default:
		cfg.Subnets = append(cfg.Subnets, model.Subnet{ID: "subnet-fw", VPCID: "vpc-a",
			CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.200.0/28")}})
	}
	if b.n(3) == 0 {
		cfg.Subnets = append(cfg.Subnets, model.Subnet{ID: "subnet-fw2", VPCID: "vpc-a", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.201.0/28")}})
	}
	switch b.n(4) {
	case 0: // the VPC's default ACL, if any
	case 1:
		if len(cfg.NetworkACLs) > 0 {
			a := &cfg.NetworkACLs[b.n(len(cfg.NetworkACLs))]
			a.Associations = append(a.Associations, model.NACLAssociation{SubnetID: fwSub}, model.NACLAssociation{SubnetID: "subnet-fw2"})
		}
	default:
		acl := model.NetworkACL{ID: "acl-fw", VPCID: "vpc-a", Associations: []model.NACLAssociation{{SubnetID: fwSub}, {SubnetID: "subnet-fw2"}}}
		for _, eg := range []bool{false, true} {
			if b.n(4) == 0 {
				acl.Entries = append(acl.Entries, model.NACLEntry{RuleNumber: 50, Egress: eg, Protocol: pick[int16](b, 6, 17, -1), Action: model.ActionDeny,
					CIDR: netip.MustParsePrefix("0.0.0.0/0"), HasPortRange: true, PortFrom: pick[int32](b, 443, 22, 1024), PortTo: pick[int32](b, 443, 30000, 65535)})
			}
			acl.Entries = append(acl.Entries,
				model.NACLEntry{RuleNumber: 100, Egress: eg, Protocol: -1, Action: model.ActionAllow, CIDR: netip.MustParsePrefix("0.0.0.0/0")},
				model.NACLEntry{RuleNumber: 101, Egress: eg, Protocol: -1, Action: model.ActionAllow, CIDR: netip.MustParsePrefix("::/0")})
		}
		for i := range acl.Entries {
			acl.Entries[i].ProtocolText = model.ProtocolName(acl.Entries[i].Protocol)
		}
		cfg.NetworkACLs = append(cfg.NetworkACLs, acl)
	}

	// Firewalls and their endpoints.
	fw0 := model.Firewall{Name: "fw0", ARN: "arn:firewall/fw0", VPCID: pick(b, "vpc-a", "vpc-a", "vpc-a", "vpc-x", ""), PolicyARN: "arn:policy/p0",
		Endpoints: []model.FirewallEndpoint{{SubnetID: fwSub, EndpointID: "vpce-fw0"}}}
	if b.n(2) == 0 {
		fw0.Endpoints = append(fw0.Endpoints, model.FirewallEndpoint{SubnetID: "subnet-fw2", EndpointID: "vpce-fw0b"})
	}
	cfg.Firewalls = []model.Firewall{fw0}
	if b.n(3) == 0 {
		cfg.Firewalls = append(cfg.Firewalls, model.Firewall{Name: "fw1", ARN: "arn:firewall/fw1", VPCID: pick(b, "vpc-a", "vpc-b"),
			PolicyARN: pick(b, "arn:policy/p0", "arn:policy/p1"), Endpoints: []model.FirewallEndpoint{{SubnetID: pick(b, "subnet-fw2", fwSub), EndpointID: "vpce-fw1"}}})
	}
	addPolicy(cfg, b)

	// Route tables.
	tables := []model.RouteTable{}
	routesOf := func(n int, vpc string) []model.Route {
		rs := []model.Route{{Destination: netip.MustParsePrefix("10.0.0.0/16"), Target: model.RouteTargetLocal, TargetID: "local", TargetField: "GatewayId", Origin: model.RouteOriginCreateRouteTable}}
		if vpc == "vpc-b" {
			rs[0].Destination = netip.MustParsePrefix("10.1.0.0/16")
		}
		if b.n(4) == 0 {
			rs = append(rs, model.Route{Destination: netip.MustParsePrefix("2001:db8::/56"), Target: model.RouteTargetLocal, TargetID: "local", TargetField: "GatewayId", Origin: model.RouteOriginCreateRouteTable})
		}
		used := map[string]bool{rs[0].Destination.String(): true}
		for k := range n {
			r := model.Route{TargetField: "GatewayId"}
			lead := b.n(8)
			if k == 0 && lead < 5 {
				// Most tables lead with a route the flows use, to the firewall.
				r.Destination = netip.MustParsePrefix(pick(b, "0.0.0.0/0", "0.0.0.0/0", "10.0.0.0/22", "10.0.1.0/24", "10.0.2.0/24", "::/0"))
				used[r.Destination.String()] = true
				r.Target, r.TargetID = model.RouteTargetVPCEndpoint, pick(b, "vpce-fw0", "vpce-fw0", "vpce-fw0", "vpce-fw0b", "vpce-fw1")
				rs = append(rs, r)
				continue
			}
			switch b.n(8) {
			case 0: // prefix-list route: known entries, unknown entries, absent list
				r.PrefixListID = pick(b, "pl-a", "pl-big", "pl-b", "pl-c", "pl-dup", "pl-dup")
				if used[r.PrefixListID] {
					continue
				}
				used[r.PrefixListID] = true
			case 1: // propagated from a virtual private gateway
				r.Destination = netip.MustParsePrefix(pick(b, "10.0.1.0/24", "198.51.100.0/24", "0.0.0.0/0", "8.8.8.0/24"))
				r.Origin, r.Target, r.TargetID = model.RouteOriginEnableVgwRoutePropagation, model.RouteTargetVirtualPrivateGateway, pick(b, "vgw-1", "vgw-2")
				if used["p"+r.Destination.String()] {
					continue
				}
				used["p"+r.Destination.String()] = true
				rs = append(rs, r)
				continue
			default:
				d := fzRouteDests[b.n(len(fzRouteDests))]
				if used[d] {
					continue
				}
				used[d] = true
				r.Destination = netip.MustParsePrefix(d)
			}
			switch t := fzRouteTargets[b.n(len(fzRouteTargets))]; t {
			case "igw-1":
				r.Target, r.TargetID = model.RouteTargetInternetGateway, t
			case "nat-1":
				r.Target, r.TargetID, r.TargetField = model.RouteTargetNATGateway, "nat-1", "NatGatewayId"
			case "pcx-1":
				r.Target, r.TargetID, r.TargetField = model.RouteTargetPeeringConnection, "pcx-1", "VpcPeeringConnectionId"
			case "local-blackhole":
				r.Target, r.TargetID, r.TargetField, r.State = model.RouteTargetNATGateway, "nat-gone", "NatGatewayId", model.RouteBlackhole
			case "vpce-fw0-blackhole":
				r.Target, r.TargetID, r.State = model.RouteTargetVPCEndpoint, "vpce-fw0", model.RouteBlackhole
			default:
				r.Target, r.TargetID = model.RouteTargetVPCEndpoint, t
				if b.n(3) == 0 {
					r.TargetField = "VpcEndpointId"
				}
				if r.PrefixListID != "" && b.n(2) == 0 {
					r.TargetID = "vpce-s3" // a gateway endpoint
				}
			}
			if r.PrefixListID == "pl-dup" {
				// pl-dup's route goes to a vpce- and comes first, so it is
				// the one the lookup reports among the random picks: when
				// the reported route is not a vpce- the compiled evaluator
				// names its target as the check's resource, where
				// docs/semantics.md section 5.2 names the vpce- (see the
				// report of this generator).
				r.Target, r.TargetID, r.State = model.RouteTargetVPCEndpoint, pick(b, "vpce-s3", "vpce-fw0"), model.RouteActive
				rs = slices.Insert(rs, 1, r)
				continue
			}
			rs = append(rs, r)
		}
		for i := range rs {
			rs[i].Index = i
		}
		return rs
	}
	assoc := func(subnets ...string) []model.RouteAssociation {
		var as []model.RouteAssociation
		for _, s := range subnets {
			as = append(as, model.RouteAssociation{SubnetID: s})
		}
		return as
	}
	// Application subnets: some with their own table, the others on the
	// main table.
	var own []string
	for _, sn := range cfg.Subnets {
		if sn.ID != fwSub && sn.ID != "subnet-fw2" && b.n(2) == 0 {
			own = append(own, sn.ID)
			tables = append(tables, model.RouteTable{ID: "rtb-" + sn.ID, VPCID: sn.VPCID, Routes: routesOf(1+b.n(3), sn.VPCID), Associations: assoc(sn.ID)})
		}
	}
	if b.n(8) > 0 {
		t := model.RouteTable{ID: "rtb-main", VPCID: "vpc-a", Routes: routesOf(1+b.n(3), "vpc-a"), Associations: []model.RouteAssociation{{Main: true}}}
		tables = append(tables, t)
	}
	if b.n(3) == 0 {
		tables = append(tables, model.RouteTable{ID: "rtb-mainb", VPCID: "vpc-b", Routes: routesOf(b.n(2), "vpc-b"), Associations: []model.RouteAssociation{{Main: true}}})
	}
	// The firewall subnets' tables: usually on to the internet gateway,
	// sometimes to another endpoint (a chain or a loop).
	if fwSub != "" && !slices.Contains(own, fwSub) && b.n(4) > 0 {
		rs := routesOf(0, "vpc-a")
		rs = append(rs, model.Route{Index: len(rs), Destination: netip.MustParsePrefix("0.0.0.0/0"), TargetField: "GatewayId",
			Target: model.RouteTargetInternetGateway, TargetID: "igw-1"})
		if b.n(4) == 0 {
			rs[len(rs)-1].Target, rs[len(rs)-1].TargetID = model.RouteTargetVPCEndpoint, pick(b, "vpce-fw0", "vpce-fw0b", "vpce-fw1")
		}
		if b.n(3) == 0 {
			rs = append(rs, routesOf(1, "vpc-a")[1:]...)
			for i := range rs {
				rs[i].Index = i
			}
			rs = dedupe(rs)
		}
		tables = append(tables, model.RouteTable{ID: "rtb-fw", VPCID: "vpc-a", Routes: rs, Associations: assoc(fwSub)})
	}
	if b.n(2) == 0 {
		rs := routesOf(b.n(2), "vpc-a")
		rs = append(rs, model.Route{Index: len(rs), Destination: netip.MustParsePrefix("0.0.0.0/0"), TargetField: "GatewayId",
			Target: model.RouteTargetInternetGateway, TargetID: "igw-1"})
		if b.n(3) == 0 {
			rs[len(rs)-1].Target, rs[len(rs)-1].TargetID = model.RouteTargetVPCEndpoint, pick(b, "vpce-fw0", "vpce-fw1")
		}
		tables = append(tables, model.RouteTable{ID: "rtb-fw2", VPCID: "vpc-a", Routes: dedupe(rs), Associations: assoc("subnet-fw2")})
	}
	// The internet gateway's edge table.
	if b.n(3) > 0 {
		rs := routesOf(1+b.n(3), "vpc-a")
		tables = append(tables, model.RouteTable{ID: "rtb-edge", VPCID: "vpc-a", Routes: rs,
			GatewayAssociations: []model.GatewayAssociation{{GatewayID: "igw-1"}}})
	}
	cfg.RouteTables = tables
}

// dedupe drops later static routes to a destination an earlier static
// route of the table has (AWS refuses them: RouteAlreadyExists) and
// renumbers the rest.
func dedupe(rs []model.Route) []model.Route {
	var out []model.Route
	seen := map[string]bool{}
	for _, r := range rs {
		k := r.DestinationText()
		if r.Propagated() {
			k = "p" + k
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		r.Index = len(out)
		out = append(out, r)
	}
	return out
}

// addPolicy adds policy p0 (sometimes without a group it references,
// sometimes not at all) and p1, with random stateless groups and one
// stateful group.
func addPolicy(cfg *model.Config, b *fwBytes) {
	for pi, arn := range []string{"arn:policy/p0", "arn:policy/p1"} {
		if b.n(10) == 0 {
			continue // the policy is not in the config
		}
		p := model.FirewallPolicy{ARN: arn, Name: fmt.Sprintf("p%d", pi),
			StatelessDefaultActions:         []string{fzActions[b.n(len(fzActions))]},
			StatelessFragmentDefaultActions: []string{fzActions[b.n(len(fzActions))]},
			RuleOrder:                       pick(b, "DEFAULT_ACTION_ORDER", "STRICT_ORDER")}
		if b.n(4) == 0 {
			p.HomeNet = []netip.Prefix{pick(b, netip.MustParsePrefix("10.0.1.0/24"), netip.MustParsePrefix("10.0.0.0/8"))}
		}
		if p.RuleOrder == "STRICT_ORDER" {
			p.StatefulDefaultActions = pick(b, []string(nil), []string{"aws:drop_established"}, []string{"aws:drop_strict"},
				[]string{"aws:alert_established"}, []string{"aws:drop_established", "aws:alert_established"})
		}
		for gi := range b.n(3) {
			g := model.FirewallRuleGroup{ARN: fmt.Sprintf("arn:stateless/p%d-g%d", pi, gi), Type: "STATELESS"}
			for ri := range 1 + b.n(3) {
				r := model.StatelessRule{Priority: int32(10*ri + 1 + b.n(5)), Action: pick(b, model.StatelessPass, model.StatelessDrop, model.StatelessForwardToSFE)}
				if b.n(2) == 0 {
					r.Protocols = pick(b, []uint8{6}, []uint8{17}, []uint8{6, 17}, []uint8{1}, []uint8{6, 1, 58})
				}
				if b.n(3) == 0 {
					r.SourcePorts = []model.PortRange{fzPortRanges[b.n(len(fzPortRanges))]}
				}
				if b.n(3) == 0 {
					r.DestinationPorts = []model.PortRange{fzPortRanges[b.n(len(fzPortRanges))]}
				}
				if b.n(4) == 0 {
					r.Sources = []netip.Prefix{fzSLPrefixes[b.n(len(fzSLPrefixes))]}
				}
				if b.n(4) == 0 {
					r.Destinations = []netip.Prefix{fzSLPrefixes[b.n(len(fzSLPrefixes))]}
				}
				if b.n(3) == 0 {
					r.TCPFlags = []model.TCPFlagMatch{fzFlags[b.n(len(fzFlags))]}
				}
				g.Stateless = append(g.Stateless, r)
			}
			if b.n(12) > 0 {
				cfg.FirewallRuleGroups = append(cfg.FirewallRuleGroups, g)
			}
			p.StatelessRefs = append(p.StatelessRefs, model.FirewallRuleGroupRef{ARN: g.ARN, Priority: int32(gi*10 + 5)})
		}
		if b.n(4) > 0 {
			g := model.FirewallRuleGroup{ARN: fmt.Sprintf("arn:stateful/p%d", pi), Type: "STATEFUL"}
			if b.n(4) == 0 {
				g.DomainList = &model.DomainList{Targets: []string{pick(b, ".example.com", "example.com")},
					TargetTypes: pick(b, []string{"TLS_SNI"}, []string{"HTTP_HOST"}, []string{"TLS_SNI", "HTTP_HOST"}), GeneratedRulesType: pick(b, "ALLOWLIST", "DENYLIST")}
			} else {
				var lines []string
				taken := map[int]bool{}
				for range 1 + b.n(4) {
					k := b.n(len(fzStatefulLines))
					if taken[k] {
						continue
					}
					taken[k] = true
					lines = append(lines, fmt.Sprintf(fzStatefulLines[k], 100+k))
				}
				g.RulesString = strings.Join(lines, "\n")
			}
			if b.n(12) > 0 {
				cfg.FirewallRuleGroups = append(cfg.FirewallRuleGroups, g)
			}
			p.StatefulRefs = append(p.StatefulRefs, model.FirewallRuleGroupRef{ARN: g.ARN, Priority: 1})
		}
		cfg.FirewallPolicies = append(cfg.FirewallPolicies, p)
	}
}

// Pools for the WAF generator (docs/semantics.md section 6).
const (
	wzACL      = "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/shop/0001"
	wzACLGone  = "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/gone/0002"
	wzOffice   = "arn:aws:wafv2:us-east-1:111122223333:regional/ipset/office/0003"
	wzOffice6  = "arn:aws:wafv2:us-east-1:111122223333:regional/ipset/office6/0004"
	wzSetGone  = "arn:aws:wafv2:us-east-1:111122223333:regional/ipset/gone/0005"
	wzALB      = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/shop/50dc6c495c0c9188"
	wzALBDesc  = "ELB app/shop/50dc6c495c0c9188"
	wzOtherALB = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/blog/6d0ecf831eec9f09"
	wzCDN      = "arn:aws:cloudfront::111122223333:distribution/E2QWRUHAPOMQZL"
	wzAPI      = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod"
	wzLabel    = "tagged"
)

var (
	wzPaths   = []string{"/", "/admin", "/admin/dashboard", "/Admin/Dashboard", "/login.php", "/api/v1/items", "/admin/../login", ""}
	wzMethods = []string{"GET", "GET", "POST", "PUT", "DELETE", ""}
	wzHeaders = []model.HTTPHeader{{Name: "Host", Value: "shop.example.com"}, {Name: "User-Agent", Value: "curl/8.5.0"},
		{Name: "user-agent", Value: "EvilBot/1.0"}, {Name: "X-Api-Key", Value: "secret"}, {Name: "x-api-key", Value: "SECRET"},
		{Name: "X-Forwarded-For", Value: "198.51.100.9, 10.0.1.5"}, {Name: "Cookie", Value: "session=abc"}}
	wzSearch = []struct{ pos, s string }{{"EXACTLY", "/admin/dashboard"}, {"STARTS_WITH", "/admin"}, {"CONTAINS", "login"},
		{"ENDS_WITH", ".php"}, {"CONTAINS_WORD", "admin"}, {"EXACTLY", "/"}}
	wzActions = []model.WAFActionKind{model.WAFBlock, model.WAFBlock, model.WAFAllow, model.WAFCount, model.WAFCaptcha, model.WAFChallenge}
)

// addWAF gives about two configs in five AWS WAF (docs/semantics.md
// section 6): an IP set or two, a web ACL with a few rules from a small
// menu (URI path byte match, IP set reference, header match, method, And,
// Or, Not, a Count rule adding a label and rules matching it, now and then
// a GeoMatch or a rate-based rule) and a default Allow or Block, associated
// with an Application Load Balancer whose node interface is one of the
// config's (its description set to "ELB app/NAME/ID"), with a CloudFront
// distribution or an API stage, sometimes with a web ACL that is not in
// the config. The flow then sometimes carries a random HTTP request and
// sometimes goes to a destination given only by resource ARN, to the ALB's
// interface, or names a resource ARN next to its address. Every choice
// keeps the config valid for Compile.
func addWAF(cfg *model.Config, f *model.Flow, b *fwBytes) {
	if b.n(5) >= 2 {
		return
	}
	cfg.IPSets = append(cfg.IPSets, model.IPSet{Name: "office", ARN: wzOffice, IPAddressVersion: "IPV4",
		Addresses: []netip.Prefix{netip.MustParsePrefix("198.51.100.0/25"), netip.MustParsePrefix("10.0.1.0/24")}})
	if b.n(2) == 0 {
		cfg.IPSets = append(cfg.IPSets, model.IPSet{Name: "office6", ARN: wzOffice6, IPAddressVersion: "IPV6",
			Addresses: []netip.Prefix{netip.MustParsePrefix("2001:db8:0:1::/64")}})
	}
	acl := model.WebACL{Name: "shop", ARN: wzACL, DefaultAction: model.WAFAction{Kind: pick(b, model.WAFAllow, model.WAFAllow, model.WAFBlock)}}
	labelled := false
	for i := range 1 + b.n(4) {
		r := model.WAFRule{Name: fmt.Sprintf("r%d", i), Priority: int32(10*i + b.n(10)), Action: model.WAFAction{Kind: wzActions[b.n(len(wzActions))]}}
		switch k := b.n(10); {
		case k < 2 && !labelled: // a Count rule adding the label
			r.Statement, r.Action.Kind, r.Labels = wzLeaf(b), model.WAFCount, []string{wzLabel}
			labelled = true
		case k < 4: // a rule on the label (unknown before its Count rule)
			r.Statement = &model.WAFStatement{Kind: model.WAFLabelMatch, LabelScope: "LABEL", LabelKey: pick(b, wzLabel, wzLabel, "awswaf:111122223333:webacl:shop:"+wzLabel)}
			if b.n(3) == 0 {
				r.Statement = &model.WAFStatement{Kind: model.WAFLabelMatch, LabelScope: "NAMESPACE", LabelKey: "awswaf:111122223333:webacl:shop:"}
			}
		case k < 6:
			r.Statement = &model.WAFStatement{Kind: pick(b, model.WAFAnd, model.WAFOr), Statements: []*model.WAFStatement{wzLeaf(b), wzLeaf(b)}}
		case k < 7:
			r.Statement = &model.WAFStatement{Kind: model.WAFNot, Statements: []*model.WAFStatement{wzLeaf(b)}}
		case k < 8 && b.n(2) == 0:
			r.Statement = &model.WAFStatement{Kind: model.WAFGeoMatch, CountryCodes: []string{pick(b, "US", "KP")}}
		case k < 8:
			r.Statement = &model.WAFStatement{Kind: model.WAFRateBased, RateLimit: 100, EvaluationWindowSec: 300, AggregateKeyType: "IP"}
			if b.n(2) == 0 {
				r.Statement.ScopeDown = wzLeaf(b)
			}
		default:
			r.Statement = wzLeaf(b)
		}
		acl.Rules = append(acl.Rules, r)
	}
	cfg.WebACLs = append(cfg.WebACLs, acl)

	// Associations. (Not two web ACLs for one resource: AWS allows one, and
	// the evaluators pick different ones; see the report of this generator.)
	var alb *model.Interface
	if len(cfg.Interfaces) > 0 && b.n(4) > 0 {
		alb = &cfg.Interfaces[b.n(len(cfg.Interfaces))]
		alb.Description = pick(b, wzALBDesc, wzALBDesc, wzALBDesc, "ELB app/blog/6d0ecf831eec9f09", "ELB net/shop/50dc6c495c0c9188")
	}
	cfg.WebACLAssociations = append(cfg.WebACLAssociations, model.WebACLAssociation{WebACLARN: pick(b, wzACL, wzACL, wzACL, wzACLGone), ResourceARN: wzALB})
	if b.n(2) == 0 {
		cfg.WebACLAssociations = append(cfg.WebACLAssociations, model.WebACLAssociation{WebACLARN: wzACL, ResourceARN: pick(b, wzCDN, wzAPI)})
	}

	// The flow.
	f.HTTP = nil
	if b.n(5) > 0 {
		h := &model.HTTPRequest{Method: wzMethods[b.n(len(wzMethods))], URIPath: wzPaths[b.n(len(wzPaths))],
			CaptchaTokenValid: b.n(3) == 0, ChallengeTokenValid: b.n(3) == 0}
		if b.n(3) == 0 {
			h.QueryString = pick(b, "a=1", "id=1%20OR%201=1", "")
		}
		for range b.n(4) {
			h.Headers = append(h.Headers, wzHeaders[b.n(len(wzHeaders))])
		}
		if b.n(4) == 0 {
			h.RateLimitedRules = pick(b, []string{"*"}, []string{"r1"}, []string{"r0", "r2"})
		}
		f.HTTP = h
	}
	switch b.n(6) {
	case 0, 1: // only a resource ARN
		f.Destination = model.Endpoint{ResourceARN: pick(b, wzALB, wzALB, wzCDN, wzAPI, wzOtherALB)}
	case 2: // the ALB's interface
		if alb != nil {
			f.Destination = model.Endpoint{InterfaceID: alb.ID}
		}
	case 3: // a resource ARN next to the address
		f.Destination.ResourceARN = pick(b, wzALB, wzCDN, wzOtherALB)
	}
	if f.Destination.ResourceARN != "" && b.n(4) == 0 {
		// The source by interface id only, unknown, or not at all.
		f.Source = pick(b, model.Endpoint{InterfaceID: "eni-0"}, model.Endpoint{InterfaceID: "eni-unknown"}, model.Endpoint{})
	}
}

// wzLeaf draws one leaf statement: a URI path byte match, an IP set
// reference (IPv4, IPv6 or missing set), a header or method match.
func wzLeaf(b *fwBytes) *model.WAFStatement {
	none := []model.WAFTextTransformation{{Type: "NONE"}}
	switch b.n(5) {
	case 0, 1:
		m := wzSearch[b.n(len(wzSearch))]
		st := &model.WAFStatement{Kind: model.WAFByteMatch, Field: model.WAFFieldToMatch{Kind: model.WAFFieldURIPath},
			PositionalConstraint: m.pos, SearchString: []byte(m.s), Transformations: none}
		if b.n(3) == 0 {
			st.Transformations = []model.WAFTextTransformation{{Priority: 0, Type: "LOWERCASE"}, {Priority: 1, Type: "NORMALIZE_PATH"}}
		}
		return st
	case 2:
		return &model.WAFStatement{Kind: model.WAFIPSetReference, ARN: pick(b, wzOffice, wzOffice, wzOffice6, wzSetGone)}
	case 3:
		st := &model.WAFStatement{Kind: model.WAFByteMatch, Field: model.WAFFieldToMatch{Kind: model.WAFFieldSingleHeader, Name: pick(b, "user-agent", "X-Api-Key")},
			PositionalConstraint: "CONTAINS", SearchString: []byte(pick(b, "bot", "secret")), Transformations: none}
		if b.n(2) == 0 {
			st.Transformations = []model.WAFTextTransformation{{Type: "LOWERCASE"}}
		}
		return st
	}
	return &model.WAFStatement{Kind: model.WAFByteMatch, Field: model.WAFFieldToMatch{Kind: model.WAFFieldMethod},
		PositionalConstraint: "EXACTLY", SearchString: []byte(pick(b, "POST", "GET")), Transformations: none}
}

// TestDifferentialReachesWAF checks that the generator exercises the WAF
// check of docs/semantics.md section 6: among the inputs TestDifferential
// draws, WAF checks of every verdict, on the network path and alone
// (resource ARN only), flows without http, and rejected resource ARNs.
func TestDifferentialReachesWAF(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	counts := map[string]int{}
	for range 4000 {
		data := make([]byte, 24+r.IntN(600))
		for j := range data {
			data[j] = byte(r.UintN(256))
		}
		cfg, f := corpus.FromBytes(data)
		b := newFwBytes(data)
		addFirewall(cfg, &f, b)
		addWAF(cfg, &f, b)
		s, err := Compile(cfg)
		if err != nil {
			t.Fatalf("Compile: %v", err)
		}
		var d model.Decision
		if err := s.Evaluate(&f, model.Options{}, &d); err != nil {
			var fe *model.FlowError
			if errors.As(err, &fe) && fe.Field == "destination.resource_arn" {
				counts["rejected resource_arn"]++
			}
			continue
		}
		for _, c := range d.Checks {
			if c.Layer != model.LayerWAF {
				continue
			}
			where := "on the path"
			if len(d.Checks) == 1 {
				where = "alone"
			}
			counts[c.Verdict.String()+" "+where]++
			if f.HTTP == nil {
				counts["no http"]++
			}
			if len(c.Rules) > 1 {
				counts["several rules"]++
			}
		}
	}
	for _, k := range []string{"ALLOW on the path", "DENY on the path", "INDETERMINATE on the path", "ALLOW alone", "DENY alone",
		"INDETERMINATE alone", "no http", "several rules", "rejected resource_arn"} {
		if counts[k] < 5 {
			t.Errorf("%s: %d of 4000 inputs, want at least 5 (all: %v)", k, counts[k], counts)
		}
	}
	t.Logf("WAF checks: %v", counts)
}
