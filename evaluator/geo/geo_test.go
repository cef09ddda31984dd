package geo

import (
	"net/netip"
	"strings"
	"testing"
)

const sample = `network,country_code,region_code,asn
# documentation ranges, invented owners
192.0.2.0/24,US,WA,AS64500
192.0.2.128/25,US,OR
198.51.100.7,jp,,64501
2001:db8::/32,DE
203.0.113.0/24,,,64502
10.0.0.0/8,gb
`

func TestLoadAndLookup(t *testing.T) {
	db, err := Load("geo.csv", strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if db.Len() != 6 || db.Name() != "geo.csv" {
		t.Fatalf("Len %d Name %q", db.Len(), db.Name())
	}
	tests := []struct {
		ip         string
		cc, region string
		ok         bool
		asn        uint32
		asnOK      bool
	}{
		{"192.0.2.1", "US", "WA", true, 64500, true},
		{"192.0.2.200", "US", "OR", true, 64500, true}, // most specific country, broader ASN
		{"198.51.100.7", "JP", "", true, 64501, true},  // bare address, lower-case code
		{"198.51.100.8", "", "", false, 0, false},
		{"2001:db8::1", "DE", "", true, 0, false},
		{"203.0.113.5", "", "", false, 64502, true},   // ASN-only line
		{"::ffff:10.1.2.3", "GB", "", true, 0, false}, // IPv4-mapped looks up IPv4
	}
	for _, tc := range tests {
		ip := netip.MustParseAddr(tc.ip)
		cc, region, ok := db.Country(ip)
		if cc != tc.cc || region != tc.region || ok != tc.ok {
			t.Errorf("Country(%s) = %q %q %v, want %q %q %v", tc.ip, cc, region, ok, tc.cc, tc.region, tc.ok)
		}
		asn, aok := db.ASN(ip)
		if asn != tc.asn || aok != tc.asnOK {
			t.Errorf("ASN(%s) = %d %v, want %d %v", tc.ip, asn, aok, tc.asn, tc.asnOK)
		}
	}
	var none *DB
	if _, _, ok := none.Country(netip.MustParseAddr("192.0.2.1")); ok {
		t.Error("nil DB found a country")
	}
	if _, ok := none.ASN(netip.MustParseAddr("192.0.2.1")); ok {
		t.Error("nil DB found an ASN")
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"192.0.2.0/24", "g.csv:1: want network,country_code"},
		{"# c\n192.0.2.0/33,US", "g.csv:2: network \"192.0.2.0/33\": not a CIDR"},
		{"nope,US", "g.csv:1: network \"nope\": not a CIDR or an IP address"},
		{"192.0.2.0/24,USA", "country_code \"USA\""},
		{"192.0.2.0/24,U1", "country_code \"U1\""},
		{"192.0.2.0/24,,WA", "region_code \"WA\" without a country_code"},
		{"192.0.2.0/24,US,W-A", "region_code \"W-A\""},
		{"192.0.2.0/24,US,,ASX", "asn \"ASX\""},
		{"192.0.2.0/24,US,,4294967296", "asn \"4294967296\""},
		{"192.0.2.0/24,,", "neither a country_code nor an asn"},
		{"192.0.2.0/24,US\n192.0.2.9/24,DE", "g.csv:2: network 192.0.2.0/24: listed twice"},
		{"a,b,c,d,e", "got 5 fields"},
	}
	for _, tc := range tests {
		_, err := Load("g.csv", strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%q) error %v, want %q", tc.in, err, tc.want)
		}
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(sample)
	f.Add("network,country_code\n::/0,XX\n0.0.0.0/0,ZZ,1,0")
	f.Fuzz(func(t *testing.T, in string) {
		db, err := Load("f.csv", strings.NewReader(in))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.csv:") {
				t.Fatalf("error without file:line: %v", err)
			}
			return
		}
		for _, s := range []string{"192.0.2.1", "::1", "10.0.0.1"} {
			cc, region, ok := db.Country(netip.MustParseAddr(s))
			if ok && len(cc) != 2 || !ok && (cc != "" || region != "") {
				t.Fatalf("Country(%s) = %q %q %v", s, cc, region, ok)
			}
			db.ASN(netip.MustParseAddr(s))
		}
	})
}

func TestLabels(t *testing.T) {
	db, err := Load("geo.csv", strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ip              string
		fwd             bool
		country, region string
	}{ // §4.6: geo labels, XX for unknown locations
		{"192.0.2.1", false, "awswaf:clientip:geo:country:US", "awswaf:clientip:geo:region:US-WA"},
		{"192.0.2.1", true, "awswaf:forwardedip:geo:country:US", "awswaf:forwardedip:geo:region:US-WA"},
		{"2001:db8::5", false, "awswaf:clientip:geo:country:DE", ""},
		{"203.0.113.5", false, "awswaf:clientip:geo:country:XX", ""},
	}
	for _, tc := range tests {
		c, r := db.Labels(netip.MustParseAddr(tc.ip), tc.fwd)
		if c != tc.country || r != tc.region {
			t.Errorf("Labels(%s, %v) = %q %q, want %q %q", tc.ip, tc.fwd, c, r, tc.country, tc.region)
		}
	}
}
