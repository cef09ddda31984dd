package geo

import (
	"bufio"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"

	"github.com/gaissmai/bart"
)

// DB is an immutable IP-to-location table; safe for concurrent use.
// The zero DB is empty (every lookup says not found).
type DB struct {
	name    string
	country bart.Table[place]  // networks with a country
	asn     bart.Table[uint32] // networks with an ASN
	size    int
}

// place is a country and optional region with the WAF labels for it,
// built once at load so that labelling a request allocates nothing.
type place struct {
	country, region string
	labels          [2][2]string // [client, forwarded][country, region]
}

// Load reads a CSV (see the package doc) from r. name labels the source
// in errors, which read "name:line: message".
func Load(name string, r io.Reader) (*DB, error) {
	db := &DB{name: name}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	line := 0
	first := true // no entry or header seen yet: a header may come
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff") // a BOM from spreadsheet exports
		}
		if text == "" || text[0] == '#' {
			continue
		}
		fields := strings.Split(text, ",")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		// The header is the first line that is not blank or a comment.
		if first && strings.EqualFold(fields[0], "network") {
			first = false
			continue
		}
		first = false
		if err := db.add(fields); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, line+1, err)
	}
	return db, nil
}

func (db *DB) add(fields []string) error {
	if len(fields) < 2 || len(fields) > 4 {
		return fmt.Errorf("want network,country_code[,region_code][,asn], got %d fields", len(fields))
	}
	pfx, err := parseNetwork(fields[0])
	if err != nil {
		return err
	}
	var e place
	var asn uint32
	hasASN := false
	if cc := fields[1]; cc != "" {
		if !alpha2(cc) {
			return fmt.Errorf("country_code %q: want two letters (ISO 3166 alpha-2)", cc)
		}
		e.country = strings.ToUpper(cc)
	}
	if len(fields) >= 3 && fields[2] != "" {
		rc := fields[2]
		if e.country == "" {
			return fmt.Errorf("region_code %q without a country_code", rc)
		}
		if len(rc) > 3 || !alnum(rc) {
			return fmt.Errorf("region_code %q: want 1-3 letters or digits (ISO 3166-2 without the country)", rc)
		}
		e.region = strings.ToUpper(rc)
	}
	if len(fields) == 4 && fields[3] != "" {
		s := fields[3]
		if len(s) > 2 && strings.EqualFold(s[:2], "AS") {
			s = s[2:]
		}
		n, err := strconv.ParseUint(s, 10, 32)
		if err != nil {
			return fmt.Errorf("asn %q: want a number from 0 to 4294967295", fields[3])
		}
		asn, hasASN = uint32(n), true
	}
	if e.country == "" && !hasASN {
		return fmt.Errorf("network %s: neither a country_code nor an asn", fields[0])
	}
	if e.country != "" {
		e.labels = placeLabels(e.country, e.region)
	}
	if db.listed(pfx) {
		return fmt.Errorf("network %s: listed twice", pfx)
	}
	if e.country != "" {
		db.country.Insert(pfx, e)
	}
	if hasASN {
		db.asn.Insert(pfx, asn)
	}
	db.size++
	return nil
}

// listed reports whether pfx is already in the table: every line puts
// its network in the country table, the ASN table or both.
func (db *DB) listed(pfx netip.Prefix) bool {
	if _, ok := db.country.Get(pfx); ok {
		return true
	}
	_, ok := db.asn.Get(pfx)
	return ok
}

func parseNetwork(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("network %q: not a CIDR", s)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, fmt.Errorf("network %q: not a CIDR or an IP address", s)
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

func alpha2(s string) bool {
	return len(s) == 2 && letter(s[0]) && letter(s[1])
}

func letter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !letter(s[i]) && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return s != ""
}

// Name is the source name given to Load.
func (db *DB) Name() string { return db.name }

// Len is the number of networks in the table.
func (db *DB) Len() int { return db.size }

// Country returns the country (ISO alpha-2) and region code of ip from the
// most specific network with a country containing it. ok is false when
// there is none (AWS then labels the request with country XX).
// IPv4-mapped IPv6 addresses are looked up as IPv4.
func (db *DB) Country(ip netip.Addr) (cc, region string, ok bool) {
	if db == nil {
		return "", "", false
	}
	e, found := db.country.Lookup(ip.Unmap())
	return e.country, e.region, found
}

// ASN returns the autonomous system number of ip from the most specific
// network with an asn containing it; ok is false when there is none.
func (db *DB) ASN(ip netip.Addr) (uint32, bool) {
	if db == nil {
		return 0, false
	}
	return db.asn.Lookup(ip.Unmap())
}

// The WAF geo label namespaces (§4.6): the client IP's or, with a
// ForwardedIPConfig, the forwarded IP's location.
const (
	ClientIPNamespace    = "awswaf:clientip:geo:"
	ForwardedIPNamespace = "awswaf:forwardedip:geo:"
)

// unknownLabels are the labels of an address in no network: AWS uses XX.
var unknownLabels = placeLabels("XX", "")

func placeLabels(cc, region string) [2][2]string {
	var l [2][2]string
	for i, ns := range [2]string{ClientIPNamespace, ForwardedIPNamespace} {
		l[i][0] = ns + "country:" + cc
		if region != "" {
			l[i][1] = ns + "region:" + cc + "-" + region
		}
	}
	return l
}

// Labels returns the labels AWS WAF's GeoMatch adds for ip
// ("awswaf:clientip:geo:country:US", "awswaf:clientip:geo:region:US-WA";
// forwardedip instead of clientip when forwarded). An address in no network
// gets country XX; region is "" when the network has no region. The
// strings are shared, not built per call.
func (db *DB) Labels(ip netip.Addr, forwarded bool) (country, region string) {
	i := 0
	if forwarded {
		i = 1
	}
	if db != nil {
		if e, ok := db.country.Lookup(ip.Unmap()); ok {
			return e.labels[i][0], e.labels[i][1]
		}
	}
	return unknownLabels[i][0], unknownLabels[i][1]
}
