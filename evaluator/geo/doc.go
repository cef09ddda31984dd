// Package geo maps IP addresses to a country, a region and an autonomous
// system number for the WAF GeoMatch and AsnMatch statements
// (shared/reference/aws-semantics.md §4.3, §4.6) and the Network Firewall
// geoip keyword (§5.6).
//
// AWS resolves these from MaxMind data it does not publish, so netverdict
// takes the mapping from the caller as a CSV file and never guesses: without
// a DB the WAF evaluator says the statements are INDETERMINATE.
//
// Format, one entry a line:
//
//	network,country_code[,region_code][,asn]
//
// network is a CIDR ("192.0.2.0/24") or a bare address (a host prefix);
// host bits are masked. country_code is ISO 3166 alpha-2 (upper-cased) or
// empty for an ASN-only line; region_code is the ISO 3166-2 subdivision
// without the country ("WA" for US-WA), possibly empty; asn is a decimal
// number with or without an "AS" prefix. Blank lines and lines starting
// with '#' are skipped; the first other line is a header when its first
// field is "network". The most specific network containing an address answers.
package geo
