package stateful

import (
	"slices"
	"strings"

	"github.com/netverdict/netverdict/evaluator/nfw/suricata"
)

// refFlowApp is what the reference knows of a flow's application layer.
type refFlowApp struct {
	layer bool   // TCP or UDP: the flow has an application layer
	udp   bool   // the flow is UDP
	proto string // the Suricata name of its protocol when known, else ""
	bad   string // why a declared protocol was not taken, as a reason suffix
}

// refAppOf reads the flow's application protocol: the declared one when
// given (it wins over the SNI and the Host), else TLS when a TCP flow has
// an SNI, HTTP when it has a Host, else unknown.
func refAppOf(f Flow) refFlowApp {
	a := refFlowApp{layer: f.Proto == 6 || f.Proto == 17, udp: f.Proto == 17}
	if !a.layer {
		return a
	}
	if f.AppProto != "" {
		name := strings.ToLower(f.AppProto)
		if name == "http1" {
			name = "http"
		}
		if refDetectable(name) {
			a.proto = name
		} else {
			a.bad = " (the declared protocol " + f.AppProto + " is not detected by Suricata on AWS)"
		}
		return a
	}
	if !a.udp && f.TLSSNI != "" {
		a.proto = "tls"
	} else if !a.udp && f.HTTPHost != "" {
		a.proto = "http"
	}
	return a
}

// refDetectable says whether a flow can be detected as name: the rule
// grammar accepts it as an application-layer protocol of a rule header,
// and it is not a rule-only wildcard (http-any) or a protocol whose
// detection AWS does not support (ftp-data, §5.6).
func refDetectable(name string) bool {
	for _, c := range name {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	switch name {
	case "ip", "tcp", "udp", "icmp", "icmpv4", "icmpv6", "ipv4", "ipv6", "pkthdr", "tcp-pkt", "tcp-stream", // not application protocols
		"http-any", "ftp-data":
		return false
	}
	_, err := suricata.Parse("declared", "alert "+name+" any any -> any any (sid:1;)")
	return err == nil
}

// refAlsoMatches lists, by flow protocol, the rule protocol names other
// than its own that match it: Suricata's http1 and http-any aliases.
var refAlsoMatches = map[string][]string{
	"http":  {"http1", "http-any"},
	"http2": {"http-any"},
}

// refUnsure lists the rule protocol names whose match on a flow of a
// related protocol depends on the Suricata version or on what the flow
// carries.
var refUnsure = []struct {
	flow  string
	rules []string
	why   string
}{
	{"http2", []string{"http", "http1"}, "http rules on HTTP/2 differ between Suricata versions"},
	{"http2", []string{"doh2"}, "an HTTP/2 flow may carry DNS over HTTP/2"},
	{"doh2", []string{"http", "http1", "http-any", "http2", "dns"}, "DNS over HTTP/2 is HTTP/2 and DNS to some keywords"},
	{"websocket", []string{"http", "http1", "http-any"}, "WebSocket starts with an HTTP upgrade"},
	{"smb", []string{"dcerpc"}, "dcerpc matches DCERPC over SMB"},
	{"ike", []string{"ikev2"}, "ike and ikev2 are one parser in some versions"},
	{"ikev2", []string{"ike"}, "ike and ikev2 are one parser in some versions"},
}

// refCarriers lists, by the protocol a request buffer belongs to, the
// other flow protocols on which some Suricata versions expose it.
var refCarriers = map[string][]string{
	"tls":  {"quic"},
	"http": {"http2", "doh2", "websocket"},
	"dns":  {"doh2"},
}

// refProtoMatch says whether a rule for protocol p (header or
// app-layer-protocol name) matches a flow of protocol d.
func refProtoMatch(p, d string) (tri, string) {
	if p == d || slices.Contains(refAlsoMatches[d], p) {
		return yes, ""
	}
	for _, u := range refUnsure {
		if u.flow == d && slices.Contains(u.rules, p) {
			return unknown, u.why
		}
	}
	return no, ""
}
