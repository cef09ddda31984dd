package routes

import (
	"fmt"
	"net/netip"
	"testing"
)

// benchIndex is the fixture plus a large table: 1,000 static /24 routes,
// the local route, a default route and 100 IPv6 /64 routes.
func benchIndex(b *testing.B) *Index {
	tables, _ := loadFixture(b)
	big := RouteTable{ID: "rtb-big", VPCID: "vpc-big", Routes: []Route{
		{Destination: netip.MustParsePrefix("10.0.0.0/16"), Target: TargetLocal, TargetID: "local", TargetField: "GatewayId", Origin: OriginCreateRouteTable},
		{Destination: netip.MustParsePrefix("0.0.0.0/0"), Target: TargetVPCEndpoint, TargetID: fwEP, TargetField: "GatewayId"},
	}}
	for i := range 1000 {
		big.Routes = append(big.Routes, Route{Destination: netip.PrefixFrom(netip.AddrFrom4([4]byte{100, byte(i >> 8), byte(i), 0}), 24), Target: TargetTransitGateway, TargetID: fmt.Sprintf("tgw-%d", i), TargetField: "TransitGatewayId"})
	}
	for i := range 100 {
		big.Routes = append(big.Routes, Route{Destination: netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 0, byte(i)}), 64), Target: TargetPeeringConnection, TargetID: fmt.Sprintf("pcx-%d", i), TargetField: "VpcPeeringConnectionId"})
	}
	tables = append(tables, big)
	x, err := Compile(tables, map[string][]netip.Prefix{
		"pl-63a5400a":           {netip.MustParsePrefix("52.216.0.0/15")},
		"pl-0corp000000000001":  {netip.MustParsePrefix("10.20.0.0/16")},
		"pl-0partner0000000001": {netip.MustParsePrefix("10.40.0.0/16")},
	})
	if err != nil {
		b.Fatal(err)
	}
	return x
}

var sinkRoute Route
var sinkRes LookupResult

func BenchmarkLookup(b *testing.B) {
	x := benchIndex(b)
	dsts := []netip.Addr{
		netip.MustParseAddr("100.3.200.9"),   // a /24
		netip.MustParseAddr("10.0.7.7"),      // local
		netip.MustParseAddr("93.184.216.34"), // default
		netip.MustParseAddr("2001:db8:0:42::1"),
	}
	b.Run("by-id", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			sinkRoute, sinkRes = x.Lookup("rtb-big", dsts[i&3])
		}
	})
	b.Run("by-ref", func(b *testing.B) {
		ref, _ := x.Ref("rtb-big")
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			sinkRoute, sinkRes = x.LookupRef(ref, dsts[i&3])
		}
	})
	b.Run("next-hop", func(b *testing.B) {
		dst := netip.MustParseAddr("10.0.3.7")
		b.ReportAllocs()
		for b.Loop() {
			sinkRoute, sinkRes, _ = x.NextHop(vpc, subPriv, dst)
		}
	})
}
