package cidr

import (
	"net/netip"
	"testing"
)

// TestContainsAgreesWithNetip holds the mask arithmetic to netip's own
// containment over prefixes of every length in both families.
func TestContainsAgreesWithNetip(t *testing.T) {
	addrs := []string{"0.0.0.0", "10.0.0.1", "10.0.1.255", "192.168.3.4", "255.255.255.255",
		"::", "2001:db8::1", "2001:db8:0:1::5", "fe80::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"}
	for _, base := range addrs {
		b := netip.MustParseAddr(base)
		for bits := 0; bits <= b.BitLen(); bits++ {
			p := netip.PrefixFrom(b, bits)
			n := FromPrefix(p)
			for _, s := range addrs {
				a := netip.MustParseAddr(s)
				if a.Is4() != b.Is4() {
					continue
				}
				if got, want := n.Contains(FromAddr(a)), p.Masked().Contains(a); got != want {
					t.Errorf("%v contains %v: got %v, want %v", p, a, got, want)
				}
			}
		}
	}
}
