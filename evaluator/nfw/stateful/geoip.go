package stateful

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/netverdict/netverdict/evaluator/geo"
	"github.com/netverdict/netverdict/evaluator/nfw/suricata"
)

// geoDir is the geoip keyword's "match on" condition.
type geoDir uint8

const (
	geoSrc  geoDir = iota // the packet's source address
	geoDst                // the packet's destination address
	geoBoth               // both addresses must match
	geoAny                // either address may match
)

// geoM is a geoip keyword compiled for one DB (§5.6).
//
// Semantics, read from Suricata's detect-geoip.c (OISF/suricata; the same
// in the 5.x to 7.x sources; the docs only give the directions): the
// addresses are the packet's own (so the server's for reply packets);
// src/dst look at one address, both needs both to match, any either. A
// "!" before any code negates the whole list: "src,!US,UK" matches a
// source in neither US nor UK (Suricata's unit test "src,!ES,JP,US,UK,PT"
// does not match a US source). An address without a country never
// matches in Suricata, negated or not, but AWS runs its own build (it adds
// IPv6) and does not document that case, and a user's file may simply
// lack the address: its match is unknown, naming the address.
type geoM struct {
	dir   geoDir
	neg   bool
	codes []string // upper-case alpha-2, without "!"
	db    *geo.DB
}

func compileGeo(g *suricata.GeoIP, db *geo.DB) *geoM {
	m := &geoM{db: db}
	switch g.Direction {
	case "dst":
		m.dir = geoDst
	case "both":
		m.dir = geoBoth
	case "any":
		m.dir = geoAny
	}
	for _, c := range g.Countries {
		if code, ok := strings.CutPrefix(c, "!"); ok {
			m.neg = true
			c = code
		}
		m.codes = append(m.codes, c)
	}
	return m
}

// one matches one address; unknown when the DB has no country for it.
func (g *geoM) one(ip netip.Addr) tri {
	cc, _, ok := g.db.Country(ip)
	if !ok {
		return unknown
	}
	return boolTri(slices.Contains(g.codes, cc) != g.neg)
}

// match matches the packet's addresses src and dst into m.
func (g *geoM) match(src, dst netip.Addr, m *match) {
	var t, ts, td tri
	switch g.dir {
	case geoSrc:
		ts = g.one(src)
		t = ts
	case geoDst:
		td = g.one(dst)
		t = td
	case geoBoth:
		ts = g.one(src)
		if ts == no {
			t = no
			break
		}
		td = g.one(dst)
		t = and(ts, td)
	case geoAny:
		ts = g.one(src)
		if ts == yes {
			t = yes
			break
		}
		td = g.one(dst)
		t = or(ts, td)
	}
	if t != unknown {
		m.and(t, "")
		return
	}
	// The rare path: name each address the file does not know.
	if ts == unknown {
		m.and(unknown, g.notFound(src))
	}
	if td == unknown {
		m.and(unknown, g.notFound(dst))
	}
}

func (g *geoM) notFound(ip netip.Addr) string {
	return "geoip: " + ip.String() + " has no country in the geo file " + g.db.Name() +
		" (AWS does not document how an address without a country matches)"
}

// noGeoFile is why geoip is unknown without Options.Geo.
const noGeoFile = "geoip needs the countries of the packet's addresses: no geo file given"
