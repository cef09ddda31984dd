package routes

import (
	"errors"
	"net/netip"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/awsjson"
)

const (
	vpc      = "vpc-0a10000000000001"
	fwEP     = "vpce-0f1e0000000000001"
	subPub   = "subnet-0pub000000000001"
	subPriv  = "subnet-0prv000000000001"
	subFW    = "subnet-0fw0000000000001"
	subData  = "subnet-0dat000000000001"
	subOther = "subnet-0zzz000000000001" // no explicit association: main table
	igw      = "igw-0bbb0000000000001"
)

func loadFixture(t testing.TB) ([]RouteTable, []awsjson.Warning) {
	t.Helper()
	data, err := os.ReadFile("testdata/describe-route-tables.json")
	if err != nil {
		t.Fatal(err)
	}
	tables, warns, err := Decode("describe-route-tables.json", data)
	if err != nil {
		t.Fatal(err)
	}
	return tables, warns
}

func fixtureIndex(t testing.TB) *Index {
	t.Helper()
	tables, _ := loadFixture(t)
	x, err := Compile(tables, map[string][]netip.Prefix{
		"pl-63a5400a":           {netip.MustParsePrefix("52.216.0.0/15"), netip.MustParsePrefix("3.5.0.0/19")},
		"pl-0corp000000000001":  {netip.MustParsePrefix("10.20.0.0/16"), netip.MustParsePrefix("10.30.0.0/16")},
		"pl-0partner0000000001": {netip.MustParsePrefix("10.30.0.0/16"), netip.MustParsePrefix("10.40.0.0/16")},
	})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestDecodeFixture(t *testing.T) {
	tables, warns := loadFixture(t)
	if len(tables) != 6 {
		t.Fatalf("got %d tables", len(tables))
	}
	wantWarn := []string{
		"describe-route-tables.json: RouteTables[4].Associations[1].AssociationState.State: association is disassociated; ignored",
		"describe-route-tables.json: RouteTables[5].Routes[4].DestinationCidrBlock: CIDR 10.99.0.1/16 has host bits set; AWS stores it as 10.99.0.0/16",
	}
	var got []string
	for _, w := range warns {
		got = append(got, w.String())
	}
	if !reflect.DeepEqual(got, wantWarn) {
		t.Errorf("warnings:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantWarn, "\n"))
	}
	main := tables[0]
	if main.ID != "rtb-0main000000000001" || main.VPCID != vpc || main.OwnerID != "111122223333" ||
		!reflect.DeepEqual(main.Associations, []Association{{ID: "rtbassoc-0main0000000000001", Main: true}}) ||
		!reflect.DeepEqual(main.PropagatingVGWs, []string{"vgw-0aaa0000000000001"}) ||
		!reflect.DeepEqual(main.Tags, []Tag{{Key: "Name", Value: "main"}}) {
		t.Errorf("main table: %+v", main)
	}
	if ga := tables[1].GatewayAssociations; !reflect.DeepEqual(ga, []GatewayAssociation{{ID: "rtbassoc-0igw0000000000001", GatewayID: igw}}) || len(tables[1].Associations) != 0 {
		t.Errorf("edge association: %+v %+v", ga, tables[1].Associations)
	}
	if as := tables[4].Associations; len(as) != 1 || as[0].SubnetID != subPriv {
		t.Errorf("private associations: %+v", as)
	}
	p := netip.MustParsePrefix
	tests := []struct {
		table, route int
		want         Route
	}{
		{0, 0, Route{Index: 0, Destination: p("10.0.0.0/16"), Target: TargetLocal, TargetID: "local", TargetField: "GatewayId", Origin: OriginCreateRouteTable}},
		{0, 2, Route{Index: 2, Destination: p("0.0.0.0/0"), Target: TargetNATGateway, TargetID: "nat-0dead000000000001", TargetField: "NatGatewayId", State: StateBlackhole, Origin: OriginCreateRoute}},
		{0, 3, Route{Index: 3, Destination: p("192.168.0.0/16"), Target: TargetVirtualPrivateGateway, TargetID: "vgw-0aaa0000000000001", TargetField: "GatewayId", Origin: OriginEnableVgwRoutePropagation}},
		{1, 3, Route{Index: 3, Destination: p("2600:1f18:1234:5601::/64"), Target: TargetVPCEndpoint, TargetID: fwEP, TargetField: "VpcEndpointId", Origin: OriginCreateRoute}},
		// GatewayId and VpcEndpointId naming the same endpoint: one target.
		{2, 3, Route{Index: 3, Destination: p("::/0"), Target: TargetVPCEndpoint, TargetID: fwEP, TargetField: "GatewayId", Origin: OriginCreateRoute}},
		{2, 4, Route{Index: 4, PrefixListID: "pl-63a5400a", Target: TargetVPCEndpoint, TargetID: "vpce-0s30000000000001", TargetField: "GatewayId", Origin: OriginCreateRoute}},
		{3, 2, Route{Index: 2, Destination: p("0.0.0.0/0"), Target: TargetInternetGateway, TargetID: igw, TargetField: "GatewayId", Origin: OriginCreateRoute}},
		{4, 4, Route{Index: 4, Destination: p("::/0"), Target: TargetEgressOnlyInternetGateway, TargetID: "eigw-0aaa0000000000001", TargetField: "EgressOnlyInternetGatewayId", Origin: OriginCreateRoute}},
		{4, 7, Route{Index: 7, Destination: p("10.40.0.0/16"), Target: TargetInstance, TargetID: "i-0eee0000000000001", TargetField: "InstanceId", NetworkInterfaceID: "eni-0eee0000000000001", Origin: OriginCreateRoute}},
		// A target field this code does not know: kept as "other".
		{4, 8, Route{Index: 8, Destination: p("10.50.0.0/16"), Target: TargetOther, TargetID: "arn:aws:odb:us-east-1:111122223333:odb-network/odb-1", TargetField: "OdbNetworkArn", Origin: OriginCreateRoute}},
		{5, 3, Route{Index: 3, Destination: p("198.51.100.7/32"), Target: TargetNetworkInterface, TargetID: "eni-0fff0000000000001", TargetField: "NetworkInterfaceId", NetworkInterfaceID: "eni-0fff0000000000001", Origin: OriginCreateRoute}},
		{5, 4, Route{Index: 4, Destination: p("10.99.0.0/16"), Target: TargetNetworkInterface, TargetID: "eni-0fff0000000000001", TargetField: "NetworkInterfaceId", NetworkInterfaceID: "eni-0fff0000000000001", Origin: OriginCreateRoute}},
	}
	for _, tt := range tests {
		if got := tables[tt.table].Routes[tt.route]; got != tt.want {
			t.Errorf("RouteTables[%d].Routes[%d]:\n got %+v\nwant %+v", tt.table, tt.route, got, tt.want)
		}
	}
}

func TestAssociations(t *testing.T) {
	x := fixtureIndex(t)
	tests := []struct {
		vpc, subnet string
		table       string
		main        bool
	}{
		{vpc, subPub, "rtb-0pub0000000000001", false},
		{vpc, subPriv, "rtb-0prv0000000000001", false},
		{vpc, subFW, "rtb-0fw00000000000001", false},
		{"", subFW, "rtb-0fw00000000000001", false}, // explicit association needs no VPC
		{vpc, subOther, "rtb-0main000000000001", true},
		// A disassociated subnet falls back to the main table.
		{vpc, "subnet-0old000000000001", "rtb-0main000000000001", true},
		{"", subOther, "", false},
		{"vpc-0other", subOther, "", false},
	}
	for _, tt := range tests {
		id, how := x.TableForSubnet(tt.vpc, tt.subnet)
		if id != tt.table || how.Main != tt.main || (id != "" && !how.Main && how.SubnetID != tt.subnet) {
			t.Errorf("TableForSubnet(%q, %q) = %q, %+v; want %q main=%v", tt.vpc, tt.subnet, id, how, tt.table, tt.main)
		}
	}
	if id, ok := x.TableForGateway(igw); !ok || id != "rtb-0igw0000000000001" {
		t.Errorf("TableForGateway(igw) = %q, %v", id, ok)
	}
	if id, ok := x.TableForGateway("vgw-0aaa0000000000001"); ok {
		t.Errorf("TableForGateway(vgw) = %q, want none", id)
	}
}

func TestLookup(t *testing.T) {
	x := fixtureIndex(t)
	a := netip.MustParseAddr
	tests := []struct {
		name, table, dst string
		outcome          Outcome
		target           string // TargetID; "" for none
		matched          string
		note             string // UnknownPrefixList, or the candidates' targets
	}{
		// Ingress routing: the internet gateway's edge table sends traffic
		// for the public subnet to the firewall endpoint (NFW guide,
		// "VPC route table configuration"), other subnets by the local route.
		{"igw to public subnet via firewall", "rtb-0igw0000000000001", "10.0.1.10", Forward, fwEP, "10.0.1.0/24", ""},
		{"igw to public subnet via firewall v6", "rtb-0igw0000000000001", "2600:1f18:1234:5601::10", Forward, fwEP, "2600:1f18:1234:5601::/64", ""},
		{"igw to private subnet: local", "rtb-0igw0000000000001", "10.0.2.10", Forward, "local", "10.0.0.0/16", ""},
		{"igw to outside VPC: no route", "rtb-0igw0000000000001", "8.8.8.8", NoRoute, "", "", ""},
		// Egress from the public subnet through the firewall.
		{"public to internet via firewall", "rtb-0pub0000000000001", "93.184.216.34", Forward, fwEP, "0.0.0.0/0", ""},
		{"public to internet v6 via firewall", "rtb-0pub0000000000001", "2001:db8::1", Forward, fwEP, "::/0", ""},
		{"public to VPC: local", "rtb-0pub0000000000001", "10.0.2.10", Forward, "local", "10.0.0.0/16", ""},
		{"public to VPC v6: local", "rtb-0pub0000000000001", "2600:1f18:1234:5602::1", Forward, "local", "2600:1f18:1234:5600::/56", ""},
		{"public to S3 prefix list: gateway endpoint", "rtb-0pub0000000000001", "52.217.1.1", Forward, "vpce-0s30000000000001", "52.216.0.0/15", ""},
		{"IPv4-mapped destination is IPv4", "rtb-0pub0000000000001", "::ffff:52.217.1.1", Forward, "vpce-0s30000000000001", "52.216.0.0/15", ""},
		{"firewall subnet to internet", "rtb-0fw00000000000001", "93.184.216.34", Forward, igw, "0.0.0.0/0", ""},
		// East-west: a route more specific than the local route wins.
		{"private to data subnet via firewall", "rtb-0prv0000000000001", "10.0.3.7", Forward, fwEP, "10.0.3.0/24", ""},
		{"private to public subnet: local", "rtb-0prv0000000000001", "10.0.1.7", Forward, "local", "10.0.0.0/16", ""},
		{"private to internet: NAT", "rtb-0prv0000000000001", "1.1.1.1", Forward, "nat-0aaa0000000000001", "0.0.0.0/0", ""},
		{"private to internet v6: egress-only IGW", "rtb-0prv0000000000001", "2001:db8::1", Forward, "eigw-0aaa0000000000001", "::/0", ""},
		{"private to corp prefix list", "rtb-0prv0000000000001", "10.20.1.1", Forward, "tgw-0ccc0000000000001", "10.20.0.0/16", ""},
		// Two prefix lists hold 10.30.0.0/16 with different targets: AWS
		// picks one at random.
		{"overlapping prefix lists", "rtb-0prv0000000000001", "10.30.1.1", Undecidable, "tgw-0ccc0000000000001", "10.30.0.0/16", "tgw-0ccc0000000000001,pcx-0ddd0000000000001"},
		// A static CIDR route beats a prefix-list route to the same CIDR.
		{"static beats prefix list", "rtb-0prv0000000000001", "10.40.1.1", Forward, "i-0eee0000000000001", "10.40.0.0/16", ""},
		{"unknown target kept", "rtb-0prv0000000000001", "10.50.1.1", Forward, "arn:aws:odb:us-east-1:111122223333:odb-network/odb-1", "10.50.0.0/16", ""},
		// Main table: blackhole default route, propagated routes.
		{"blackhole", "rtb-0main000000000001", "1.1.1.1", Blackhole, "nat-0dead000000000001", "0.0.0.0/0", ""},
		{"propagated", "rtb-0main000000000001", "192.168.1.1", Forward, "vgw-0aaa0000000000001", "192.168.0.0/16", ""},
		{"propagated inside local loses to local", "rtb-0main000000000001", "10.0.5.5", Forward, "local", "10.0.0.0/16", ""},
		{"static beats propagated", "rtb-0main000000000001", "172.16.1.1", Forward, "tgw-0ccc0000000000001", "172.16.0.0/12", ""},
		{"v6 no default route", "rtb-0main000000000001", "2001:db8::1", NoRoute, "", "", ""},
		// A route to a prefix list of unknown entries.
		{"unknown prefix list could win", "rtb-0dat0000000000001", "1.1.1.1", Undecidable, "", "", "pl-0unknown00000000001"},
		{"unknown prefix list vs /16", "rtb-0dat0000000000001", "10.99.1.1", Undecidable, "eni-0fff0000000000001", "10.99.0.0/16", "pl-0unknown00000000001"},
		{"host route beats any prefix list", "rtb-0dat0000000000001", "198.51.100.7", Forward, "eni-0fff0000000000001", "198.51.100.7/32", ""},
		{"inside the VPC is decided", "rtb-0dat0000000000001", "10.0.1.1", Forward, "local", "10.0.0.0/16", ""},
		{"east-west from data subnet via firewall", "rtb-0dat0000000000001", "10.0.2.1", Forward, fwEP, "10.0.2.0/24", ""},
		{"unknown table", "rtb-nope", "10.0.0.1", NoTable, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, res := x.Lookup(tt.table, a(tt.dst))
			var note string
			if res.UnknownPrefixList != "" {
				note = res.UnknownPrefixList
			}
			for i, c := range res.Candidates {
				if i > 0 {
					note += ","
				}
				note += c.TargetID
			}
			matched := ""
			if res.Matched.IsValid() {
				matched = res.Matched.String()
			}
			if res.Outcome != tt.outcome || r.TargetID != tt.target || matched != tt.matched || note != tt.note {
				t.Errorf("Lookup(%s, %s) = %v %q matched %q note %q; want %v %q matched %q note %q (route %v)",
					tt.table, tt.dst, res.Outcome, r.TargetID, matched, note, tt.outcome, tt.target, tt.matched, tt.note, r)
			}
			if tt.outcome != NoTable && res.TableID != tt.table {
				t.Errorf("TableID %q", res.TableID)
			}
			if res.Dropped() != (tt.outcome == Blackhole || tt.outcome == NoRoute) {
				t.Errorf("Dropped() = %v", res.Dropped())
			}
			// LookupRef agrees with Lookup.
			if ref, ok := x.Ref(tt.table); ok {
				r2, res2 := x.LookupRef(ref, a(tt.dst))
				if !reflect.DeepEqual(r, r2) || !reflect.DeepEqual(res, res2) {
					t.Errorf("LookupRef disagrees: %v %+v", r2, res2)
				}
			}
		})
	}
}

func TestNextHop(t *testing.T) {
	x := fixtureIndex(t)
	a := netip.MustParseAddr
	tests := []struct {
		subnet, dst string
		outcome     Outcome
		table       string
		target      string
	}{
		{subPub, "93.184.216.34", Forward, "rtb-0pub0000000000001", fwEP},
		{subPriv, "10.0.3.9", Forward, "rtb-0prv0000000000001", fwEP},
		{subFW, "93.184.216.34", Forward, "rtb-0fw00000000000001", igw},
		{subOther, "1.1.1.1", Blackhole, "rtb-0main000000000001", "nat-0dead000000000001"},
		{subData, "10.0.2.200", Forward, "rtb-0dat0000000000001", fwEP},
	}
	for _, tt := range tests {
		r, res, how := x.NextHop(vpc, tt.subnet, a(tt.dst))
		if res.Outcome != tt.outcome || res.TableID != tt.table || r.TargetID != tt.target {
			t.Errorf("NextHop(%s, %s) = %v %s %s", tt.subnet, tt.dst, res.Outcome, res.TableID, r)
		}
		if wantMain := tt.subnet == subOther; how.Main != wantMain {
			t.Errorf("NextHop(%s): association %+v", tt.subnet, how)
		}
	}
	if _, res, _ := x.NextHop("vpc-other", subOther, a("1.1.1.1")); res.Outcome != NoTable {
		t.Errorf("no table: %v", res.Outcome)
	}
}

func TestCompileErrors(t *testing.T) {
	local := Route{Destination: netip.MustParsePrefix("10.0.0.0/16"), Target: TargetLocal, TargetID: "local"}
	tests := []struct {
		name   string
		tables []RouteTable
		want   string
	}{
		{"duplicate table", []RouteTable{{ID: "rtb-1"}, {ID: "rtb-1"}}, "route table rtb-1 is given twice"},
		{"two main tables", []RouteTable{
			{ID: "rtb-1", VPCID: "vpc-1", Associations: []Association{{Main: true}}},
			{ID: "rtb-2", VPCID: "vpc-1", Associations: []Association{{Main: true}}},
		}, `VPC "vpc-1" has two main route tables: rtb-1 and rtb-2`},
		{"subnet in two tables", []RouteTable{
			{ID: "rtb-1", Associations: []Association{{SubnetID: "subnet-1"}}},
			{ID: "rtb-2", Associations: []Association{{SubnetID: "subnet-1"}}},
		}, "subnet subnet-1 is associated with two route tables: rtb-1 and rtb-2"},
		{"gateway in two tables", []RouteTable{
			{ID: "rtb-1", GatewayAssociations: []GatewayAssociation{{GatewayID: "igw-1"}}},
			{ID: "rtb-2", GatewayAssociations: []GatewayAssociation{{GatewayID: "igw-1"}}},
		}, "gateway igw-1 is associated with two route tables: rtb-1 and rtb-2"},
		{"two static routes to one CIDR", []RouteTable{{ID: "rtb-1", Routes: []Route{local,
			{Destination: netip.MustParsePrefix("0.0.0.0/0"), Target: TargetInternetGateway, TargetID: "igw-1"},
			{Destination: netip.MustParsePrefix("0.0.0.0/0"), Target: TargetNATGateway, TargetID: "nat-1"},
		}}}, "route table rtb-1: routes 1 and 2 both go to 0.0.0.0/0"},
		{"route without destination", []RouteTable{{ID: "rtb-1", Routes: []Route{{Target: TargetLocal}}}}, "route table rtb-1: route 0 has no destination"},
	}
	for _, tt := range tests {
		x, err := Compile(tt.tables, nil)
		if err == nil || x != nil || err.Error() != tt.want {
			t.Errorf("%s: got %v, want %q", tt.name, err, tt.want)
		}
	}
}

// routeDoc wraps one route in a describe-route-tables document.
func routeDoc(route string) string {
	return `{"RouteTables":[{"RouteTableId":"rtb-1","VpcId":"vpc-1","Routes":[{"DestinationCidrBlock":"10.0.0.0/16","GatewayId":"local"},` + route + `]}]}`
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string // Path | Value | Msg of each error
	}{
		{"syntax", `{"RouteTables": [}`, []string{"||invalid JSON at line 1, column 18 (byte offset 17): invalid character '}' looking for beginning of value"}},
		{"not an object", `[]`, []string{"||not a describe-route-tables document: the top level is an array, not an object"}},
		{"other document", `{"SecurityGroups": []}`, []string{"||not a describe-route-tables document: no top-level key RouteTables or RouteTable (it has SecurityGroups)"}},
		{"tables not an array", `{"RouteTables": {}}`, []string{"RouteTables|{}|expected an array, got an object"}},
		{"table id missing", `{"RouteTables": [{"VpcId": "vpc-1"}]}`, []string{"RouteTables[0].RouteTableId||is required"}},
		{"bad CIDR", routeDoc(`{"DestinationCidrBlock":"10.0.0.300/24","GatewayId":"igw-1"}`), []string{"RouteTables[0].Routes[1].DestinationCidrBlock|10.0.0.300/24|invalid CIDR"}},
		{"IPv6 in the IPv4 field", routeDoc(`{"DestinationCidrBlock":"::/0","GatewayId":"igw-1"}`), []string{"RouteTables[0].Routes[1].DestinationCidrBlock|::/0|want an IPv4 CIDR, got IPv6"}},
		{"IPv4 in the IPv6 field", routeDoc(`{"DestinationIpv6CidrBlock":"0.0.0.0/0","GatewayId":"igw-1"}`), []string{"RouteTables[0].Routes[1].DestinationIpv6CidrBlock|0.0.0.0/0|want an IPv6 CIDR, got IPv4"}},
		{"no destination", routeDoc(`{"GatewayId":"igw-1"}`), []string{"RouteTables[0].Routes[1]||route has no destination: expected DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId"}},
		{"two destinations", routeDoc(`{"DestinationCidrBlock":"0.0.0.0/0","DestinationPrefixListId":"pl-1","GatewayId":"igw-1"}`), []string{"RouteTables[0].Routes[1]||route has more than one destination: DestinationCidrBlock, DestinationPrefixListId"}},
		{"no target", routeDoc(`{"DestinationCidrBlock":"0.0.0.0/0","State":"active"}`), []string{"RouteTables[0].Routes[1]||route has no target (GatewayId, NatGatewayId, NetworkInterfaceId, TransitGatewayId, ...)"}},
		{"two targets", routeDoc(`{"DestinationCidrBlock":"0.0.0.0/0","GatewayId":"igw-1","NatGatewayId":"nat-1"}`), []string{"RouteTables[0].Routes[1]||route has more than one target: GatewayId, NatGatewayId"}},
		{"endpoint ids disagree", routeDoc(`{"DestinationCidrBlock":"0.0.0.0/0","GatewayId":"vpce-1","VpcEndpointId":"vpce-2"}`), []string{`RouteTables[0].Routes[1].VpcEndpointId|vpce-2|names another endpoint than GatewayId "vpce-1"`}},
		{"bad state", routeDoc(`{"DestinationCidrBlock":"0.0.0.0/0","GatewayId":"igw-1","State":"up"}`), []string{`RouteTables[0].Routes[1].State|up|expected "active" or "blackhole"`}},
		{"target not a string", routeDoc(`{"DestinationCidrBlock":"0.0.0.0/0","GatewayId":7}`), []string{"RouteTables[0].Routes[1].GatewayId|7|expected a string, got a number"}},
		{"empty target", routeDoc(`{"DestinationCidrBlock":"0.0.0.0/0","NatGatewayId":""}`), []string{"RouteTables[0].Routes[1].NatGatewayId||must not be empty"}},
		{"route not an object", routeDoc(`"x"`), []string{"RouteTables[0].Routes[1]|x|expected an object, got a string"}},
		{"association of another table", `{"RouteTables":[{"RouteTableId":"rtb-1","Associations":[{"RouteTableId":"rtb-2","SubnetId":"subnet-1"}]}]}`,
			[]string{`RouteTables[0].Associations[0].RouteTableId|rtb-2|association names another route table than "rtb-1"`}},
		{"association without subnet", `{"RouteTables":[{"RouteTableId":"rtb-1","Associations":[{"Main":false}]}]}`,
			[]string{"RouteTables[0].Associations[0]||association names no subnet or gateway and is not the main association"}},
		{"main not a boolean", `{"RouteTables":[{"RouteTableId":"rtb-1","Associations":[{"Main":"yes"}]}]}`,
			[]string{"RouteTables[0].Associations[0].Main|yes|expected true or false, got a string", "RouteTables[0].Associations[0]||association names no subnet or gateway and is not the main association"}},
		{"duplicate table", `{"RouteTables":[{"RouteTableId":"rtb-1"},{"RouteTableId":"rtb-1"}]}`,
			[]string{"RouteTables[1].RouteTableId|rtb-1|route table is given twice (first at RouteTables[0])"}},
		{"several errors", `{"RouteTables":[{"RouteTableId":"rtb-1","Routes":[{"DestinationCidrBlock":"x","GatewayId":"igw-1"},{"DestinationCidrBlock":"0.0.0.0/0"}]}]}`,
			[]string{"RouteTables[0].Routes[0].DestinationCidrBlock|x|invalid CIDR", "RouteTables[0].Routes[1]||route has no target (GatewayId, NatGatewayId, NetworkInterfaceId, TransitGatewayId, ...)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tables, _, err := Decode("doc.json", []byte(tt.doc))
			if err == nil || tables != nil {
				t.Fatalf("got %v, %v", tables, err)
			}
			var got []string
			for _, e := range flatten(err) {
				var ae *awsjson.Error
				if !errors.As(e, &ae) {
					t.Fatalf("error %T %v is not an *awsjson.Error", e, e)
				}
				if ae.Doc != "doc.json" {
					t.Errorf("Doc %q", ae.Doc)
				}
				got = append(got, ae.Path+"|"+ae.Value+"|"+ae.Msg)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestDecodeForms(t *testing.T) {
	// create-route-table output, a BOM, null members.
	doc := "\uFEFF" + `{"RouteTable":{"RouteTableId":"rtb-1","VpcId":"vpc-1","Routes":[{"DestinationCidrBlock":"10.0.0.0/16","GatewayId":"local","Origin":"CreateRouteTable","State":"active"}],"Associations":null,"Tags":[]}}`
	tables, warns, err := Decode("c.json", []byte(doc))
	if err != nil || len(warns) != 0 || len(tables) != 1 || tables[0].ID != "rtb-1" || len(tables[0].Routes) != 1 {
		t.Fatalf("%+v %v %v", tables, warns, err)
	}
	// An empty list is not an error.
	tables, _, err = Decode("e.json", []byte(`{"RouteTables": []}`))
	if err != nil || tables == nil || len(tables) != 0 {
		t.Fatalf("%+v %v", tables, err)
	}
	// associating associations count, with a warning.
	tables, warns, err = Decode("a.json", []byte(`{"RouteTables":[{"RouteTableId":"rtb-1","Associations":[{"SubnetId":"subnet-1","AssociationState":{"State":"associating"}}]}]}`))
	if err != nil || len(tables[0].Associations) != 1 || len(warns) != 1 || warns[0].Path != "RouteTables[0].Associations[0].AssociationState.State" {
		t.Fatalf("%+v %v %v", tables, warns, err)
	}
}

// flatten undoes errors.Join.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// TestConcurrentLookups runs lookups from several goroutines (run with
// -race): a compiled Index is read-only.
func TestConcurrentLookups(t *testing.T) {
	x := fixtureIndex(t)
	dsts := []netip.Addr{netip.MustParseAddr("10.0.3.7"), netip.MustParseAddr("1.1.1.1"), netip.MustParseAddr("10.30.0.1"), netip.MustParseAddr("2001:db8::1")}
	done := make(chan struct{})
	for g := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range 1000 {
				x.NextHop(vpc, subPriv, dsts[(g+i)%len(dsts)])
				x.Lookup("rtb-0igw0000000000001", dsts[i%len(dsts)])
			}
		}()
	}
	for range 4 {
		<-done
	}
}
