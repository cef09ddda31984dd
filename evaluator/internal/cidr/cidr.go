// Package cidr holds the address arithmetic the compiled evaluators share:
// an address as two 64-bit words and a prefix as a precomputed mask, so a
// containment test is two AND-and-compare operations instead of
// netip.Prefix.Contains re-deriving the mask on every call.
//
// Both families use the same representation: an IPv4 address sits in the
// low 32 bits of Lo with Hi zero. Rules are kept in per-family lists, so an
// IPv4 mask is never tested against an IPv6 address and the overlap of the
// encodings does not matter.
package cidr

import (
	"encoding/binary"
	"net/netip"
)

// Addr is an address as two 64-bit words (big-endian halves for IPv6;
// IPv4 in the low 32 bits of Lo). The zero Addr is 0.0.0.0 / ::.
type Addr struct{ Hi, Lo uint64 }

// FromAddr converts a netip.Addr. IPv4-mapped IPv6 addresses stay IPv6,
// as netip treats them (they never match IPv4 prefixes).
func FromAddr(a netip.Addr) Addr {
	if a.Is4() {
		b := a.As4()
		return Addr{Lo: uint64(binary.BigEndian.Uint32(b[:]))}
	}
	b := a.As16()
	return Addr{Hi: binary.BigEndian.Uint64(b[:8]), Lo: binary.BigEndian.Uint64(b[8:])}
}

// Net is a prefix with its mask precomputed: an address is inside when
// (addr AND mask) equals the network.
type Net struct {
	Hi, Lo   uint64 // network bits (host bits zero)
	MHi, MLo uint64 // mask
}

// FromPrefix converts a prefix, masking host bits. The prefix must be valid.
func FromPrefix(p netip.Prefix) Net {
	p = p.Masked()
	a := FromAddr(p.Addr())
	bits := p.Bits()
	var n Net
	if p.Addr().Is4() {
		// Shifting a uint64 by 32 or more yields 0 in Go, which is the /0 mask.
		n.MLo = (uint64(0xffffffff) << (32 - bits)) & 0xffffffff
	} else {
		switch {
		case bits <= 64:
			n.MHi = ^uint64(0) << (64 - bits)
		default:
			n.MHi = ^uint64(0)
			n.MLo = ^uint64(0) << (128 - bits)
		}
	}
	n.Hi, n.Lo = a.Hi&n.MHi, a.Lo&n.MLo
	return n
}

// Contains reports whether a lies inside n (same family assumed).
func (n *Net) Contains(a Addr) bool {
	return a.Hi&n.MHi == n.Hi && a.Lo&n.MLo == n.Lo
}

// Fam is an address family index: 0 for IPv4, 1 for IPv6, used to pick
// per-family rule lists.
func Fam(a netip.Addr) int {
	if a.Is4() {
		return 0
	}
	return 1
}
