package waf

import (
	"net/netip"
	"strings"
)

// fwdConfig is a compiled forwarded-IP config (§4.8).
type fwdConfig struct {
	header        string // as written, for reasons
	fallbackMatch bool   // FallbackBehavior MATCH
	pos           fwdPos
}

type fwdPos uint8

const (
	posFirst fwdPos = iota // FIRST, and ForwardedIPConfig (geo, ASN, rate-based)
	posLast
	posAny
)

// maxAnyIPs is how many addresses Position ANY inspects: the last ten (§4.8).
const maxAnyIPs = 10

// fwdStatus is what a forwarded-IP header gave.
type fwdStatus uint8

const (
	fwdOK        fwdStatus = iota
	fwdMalformed           // FallbackBehavior decides (an absent header skips the rule before: Scratch.skipped)
)

// forwardedIPs parses header value v per pos into out (up to maxAnyIPs)
// without allocating. Addresses are comma-separated with optional
// spaces; an element that is not an IP address (a port, an empty
// element, garbage) among the ones inspected makes the header malformed
// [inferred: AWS only says malformed/invalid → fallback].
func forwardedIPs(v string, pos fwdPos, out *[maxAnyIPs]netip.Addr) (int, fwdStatus) {
	n := strings.Count(v, ",") + 1
	first, last := 0, n-1 // element indexes to inspect
	switch pos {
	case posFirst:
		last = 0
	case posLast:
		first = n - 1
	case posAny:
		first = max(0, n-maxAnyIPs)
	}
	k := 0
	for i := 0; i <= last; i++ {
		elem := v
		if j := strings.IndexByte(v, ','); j >= 0 {
			elem, v = v[:j], v[j+1:]
		}
		if i < first {
			continue
		}
		a, err := netip.ParseAddr(strings.TrimSpace(elem))
		if err != nil || a.Zone() != "" {
			return 0, fwdMalformed
		}
		out[k] = a.Unmap()
		k++
	}
	return k, fwdOK
}
