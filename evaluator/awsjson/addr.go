package awsjson

import (
	"net/netip"
)

// family selects the address family a field must hold.
type family uint8

const (
	anyFamily family = iota
	ipv4
	ipv6
)

func (f family) String() string {
	if f == ipv6 {
		return "IPv6"
	}
	return "IPv4"
}

func familyOf(a netip.Addr) family {
	if a.Is4() {
		return ipv4
	}
	return ipv6
}

// prefix reads the CIDR member key of family fam, masking host bits as EC2
// does when it stores a CIDR (design reference section 0.3). A missing
// member is an error when required; otherwise it returns false quietly.
func (n node) prefix(key string, fam family, required bool) (netip.Prefix, bool) {
	if !n.has(key) {
		if required {
			n.p.errorf(n.at(key), "", "is required")
		}
		return netip.Prefix{}, false
	}
	s, ok := n.str(key)
	if !ok {
		return netip.Prefix{}, false
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		n.p.errorf(n.at(key), s, "invalid CIDR")
		return netip.Prefix{}, false
	}
	if got := familyOf(p.Addr()); fam != anyFamily && got != fam {
		n.p.errorf(n.at(key), s, "want an "+fam.String()+" CIDR, got "+got.String())
		return netip.Prefix{}, false
	}
	if m := p.Masked(); m != p {
		n.p.warn(n.at(key), "CIDR "+s+" has host bits set; AWS stores it as "+m.String())
		p = m
	}
	return p, true
}

// address reads the IP address member key of family fam. A missing member
// is an error when required; otherwise it returns false quietly.
func (n node) address(key string, fam family, required bool) (netip.Addr, bool) {
	if !n.has(key) {
		if required {
			n.p.errorf(n.at(key), "", "is required")
		}
		return netip.Addr{}, false
	}
	s, ok := n.str(key)
	if !ok {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		n.p.errorf(n.at(key), s, "invalid IP address")
		return netip.Addr{}, false
	}
	if got := familyOf(a); fam != anyFamily && got != fam {
		n.p.errorf(n.at(key), s, "want an "+fam.String()+" address, got "+got.String())
		return netip.Addr{}, false
	}
	return a, true
}
