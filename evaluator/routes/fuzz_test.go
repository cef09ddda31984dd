package routes

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/netverdict/netverdict/evaluator/awsjson"
)

// FuzzDecode checks that Decode never panics, that its errors are
// *awsjson.Error values naming the document, that it is deterministic, and
// that what it returns compiles (when consistent) and answers lookups
// without panicking.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		``, `{}`, `[]`, `null`, `{"RouteTables": null}`, `{"RouteTable": {}}`,
		routeDoc(`{"DestinationCidrBlock":"10.0.0.1/8","GatewayId":"vpce-1","VpcEndpointId":"vpce-1"}`),
		routeDoc(`{"DestinationPrefixListId":"pl-1","TransitGatewayId":"tgw-1","State":"blackhole"}`),
		routeDoc(`{"DestinationIpv6CidrBlock":"::/0","FooArn":"x","Origin":"EnableVgwRoutePropagation"}`),
		`{"RouteTables":[{"RouteTableId":"rtb-1","Associations":[{"Main":true},{"GatewayId":"igw-1"},{"SubnetId":"s","AssociationState":{"State":"disassociated"}}]}]}`,
	} {
		f.Add([]byte(s))
	}
	addrs := []netip.Addr{netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("0.0.0.0"), netip.MustParseAddr("255.255.255.255"), netip.MustParseAddr("::"), netip.MustParseAddr("2001:db8::1")}
	f.Fuzz(func(t *testing.T, data []byte) {
		tables, warns, err := Decode("f.json", data)
		if err != nil {
			if tables != nil {
				t.Fatal("tables with an error")
			}
			for _, e := range flatten(err) {
				var ae *awsjson.Error
				if !errors.As(e, &ae) || ae.Doc != "f.json" || ae.Msg == "" {
					t.Fatalf("error %T %v", e, e)
				}
			}
			return
		}
		for _, w := range warns {
			if w.Doc != "f.json" || w.Msg == "" {
				t.Fatalf("warning %+v", w)
			}
		}
		again, warns2, err2 := Decode("f.json", data)
		if err2 != nil || !reflect.DeepEqual(tables, again) || !reflect.DeepEqual(warns, warns2) {
			t.Fatal("Decode is not deterministic")
		}
		for _, rt := range tables {
			for i, r := range rt.Routes {
				if r.Index != i || (r.Destination.IsValid() == (r.PrefixListID != "")) || r.TargetID == "" || r.TargetField == "" {
					t.Fatalf("malformed route %+v", r)
				}
				if r.Destination.IsValid() && r.Destination != r.Destination.Masked() {
					t.Fatalf("unmasked %v", r.Destination)
				}
			}
		}
		x, err := Compile(tables, map[string][]netip.Prefix{"pl-1": {netip.MustParsePrefix("10.0.0.0/8")}})
		if err != nil {
			return
		}
		for _, rt := range tables {
			for _, a := range addrs {
				r, res := x.Lookup(rt.ID, a)
				if res.Outcome == NoTable || res.TableID != rt.ID {
					t.Fatalf("lookup in %s: %+v", rt.ID, res)
				}
				if res.Outcome == Forward && (r.TargetID == "" || !res.Matched.Contains(a)) {
					t.Fatalf("forward without a route: %v %+v", r, res)
				}
			}
		}
	})
}
