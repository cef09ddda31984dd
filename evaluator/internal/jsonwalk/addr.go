package jsonwalk

import "net/netip"

// Family selects the address family a field must hold.
type Family uint8

// The families; AnyFamily accepts both.
const (
	AnyFamily Family = iota
	IPv4
	IPv6
)

// String returns "IPv4" or "IPv6" (AnyFamily is never named in messages).
func (f Family) String() string {
	if f == IPv6 {
		return "IPv6"
	}
	return "IPv4"
}

// FamilyOf returns the family of a.
func FamilyOf(a netip.Addr) Family {
	if a.Is4() {
		return IPv4
	}
	return IPv6
}

// CIDR parses s as a CIDR of family fam. Host bits are masked as EC2 does
// when it stores a CIDR (design reference section 0.3), and warning then
// says so; msg is the error when s is not a CIDR of that family.
func CIDR(s string, fam Family) (p netip.Prefix, msg, warning string) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, "invalid CIDR", ""
	}
	if got := FamilyOf(p.Addr()); fam != AnyFamily && got != fam {
		return netip.Prefix{}, "want an " + fam.String() + " CIDR, got " + got.String(), ""
	}
	if m := p.Masked(); m != p {
		return m, "", "CIDR " + s + " has host bits set; AWS stores it as " + m.String()
	}
	return p, "", ""
}

// IP parses s as an IP address of family fam, without a zone; msg is the
// error when it is not one.
func IP(s string, fam Family) (a netip.Addr, msg string) {
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, "invalid IP address"
	}
	if got := FamilyOf(a); fam != AnyFamily && got != fam {
		return netip.Addr{}, "want an " + fam.String() + " address, got " + got.String()
	}
	return a, ""
}

// Prefix reads the CIDR member key of family fam (see CIDR), warning about
// host bits it masks. A missing member is reported when required;
// otherwise it returns false quietly.
func (n Node) Prefix(key string, fam Family, required bool) (netip.Prefix, bool) {
	s, ok := n.addrText(key, required)
	if !ok {
		return netip.Prefix{}, false
	}
	p, msg, warning := CIDR(s, fam)
	if msg != "" {
		n.Problems.Report(n.At(key), s, msg)
		return netip.Prefix{}, false
	}
	if warning != "" {
		n.Problems.Warn(n.At(key), warning)
	}
	return p, true
}

// Address reads the IP address member key of family fam (see IP). A
// missing member is reported when required; otherwise it returns false
// quietly.
func (n Node) Address(key string, fam Family, required bool) (netip.Addr, bool) {
	s, ok := n.addrText(key, required)
	if !ok {
		return netip.Addr{}, false
	}
	a, msg := IP(s, fam)
	if msg != "" {
		n.Problems.Report(n.At(key), s, msg)
		return netip.Addr{}, false
	}
	return a, true
}

// addrText returns the string member key holding an address or CIDR; an
// absent member is reported only when required.
func (n Node) addrText(key string, required bool) (string, bool) {
	if !n.Has(key) {
		if required {
			n.Problems.Report(n.At(key), "", "is required")
		}
		return "", false
	}
	return n.Str(key)
}
