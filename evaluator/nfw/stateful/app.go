package stateful

import (
	"slices"
	"strconv"
	"strings"
)

// appKind is what the flow's application layer is known to be.
type appKind uint8

const (
	appNone       appKind = iota // not TCP or UDP: no application layer (a declaration is ignored)
	appTLS                       // TLS: declared "tls", or undeclared TCP with a TLS SNI
	appHTTP                      // HTTP/1: declared "http", or undeclared TCP with an HTTP Host and no SNI
	appNamed                     // another protocol the caller declared (appInfo.name)
	appTCPUnknown                // TCP whose protocol is neither declared nor derivable
	appUDP                       // UDP whose protocol is not declared: never tls or http
)

// appInfo is the flow's application layer as the rules see it, computed
// once per Evaluate.
type appInfo struct {
	kind appKind
	// name is the protocol's Suricata name when it is known (appTLS "tls",
	// appHTTP "http", appNamed the declared name), else "".
	name string
	// why says why the protocol is unknown when the caller declared a name
	// Suricata does not detect; "" otherwise.
	why string
}

// flowApp derives the flow's application layer. A declared Flow.AppProto
// wins over TLSSNI and HTTPHost: an SSH flow that somehow carries an SNI
// is still SSH. A declared name that is not a protocol Suricata detects
// (e.g. "https") leaves the protocol unknown rather than guessing.
func flowApp(f *Flow) appInfo {
	if f.Proto != protoTCP && f.Proto != protoUDP {
		return appInfo{kind: appNone}
	}
	if f.AppProto != "" {
		d := strings.ToLower(f.AppProto) // no allocation when already lower case
		if d == "http1" {
			d = "http" // Suricata's alias for HTTP/1
		}
		switch {
		case d == "tls":
			return appInfo{kind: appTLS, name: d}
		case d == "http":
			return appInfo{kind: appHTTP, name: d}
		case detected(d):
			return appInfo{kind: appNamed, name: d}
		}
		a := appInfo{kind: appTCPUnknown, why: "the declared application protocol " + strconv.Quote(f.AppProto) +
			" is not one AWS Network Firewall's Suricata detects"}
		if f.Proto == protoUDP {
			a.kind = appUDP
		}
		return a
	}
	switch {
	case f.Proto == protoUDP:
		return appInfo{kind: appUDP}
	case f.TLSSNI != "":
		return appInfo{kind: appTLS, name: "tls"}
	case f.HTTPHost != "":
		return appInfo{kind: appHTTP, name: "http"}
	}
	return appInfo{kind: appTCPUnknown}
}

// detected says whether name is an application protocol Suricata detects
// on a flow, as its rule header names it (tls and http are handled before).
// Not included: http-any (a rule-side wildcard), ftp-data (AWS does not
// support its detection, §5.6) and ENIP/CIP/SCTP (not supported, §5.6).
func detected(name string) bool {
	switch name {
	case "http2", "dns", "ssh", "ftp", "smtp", "imap", "pop3", "smb", "dcerpc", "dhcp", "krb5",
		"ntp", "snmp", "sip", "rfb", "mqtt", "nfs", "tftp", "ike", "ikev2", "modbus", "dnp3", "quic",
		"rdp", "pgsql", "telnet", "bittorrent-dht", "websocket", "ldap", "doh2":
		return true
	}
	return false
}

// httpCarrier says whether a flow of protocol name (not http) may still
// expose HTTP request buffers to some Suricata versions: HTTP/2 (and DNS
// over HTTP/2) through the HTTP keywords, WebSocket through its HTTP
// upgrade request.
func httpCarrier(name string) bool {
	return name == "http2" || name == "doh2" || name == "websocket"
}

// Why a protocol name relation is unknown (see appRelation).
const (
	whyHTTP2     = "whether an http or http1 rule matches HTTP/2 depends on the Suricata version"
	whyDoH2      = "a DNS over HTTP/2 flow is HTTP/2 (and DNS) to some Suricata keywords"
	whyWebSocket = "a WebSocket flow begins with an HTTP upgrade request"
	whyDCERPC    = "Suricata's dcerpc also matches DCERPC carried over SMB"
	whyIKE       = "ike and ikev2 name the same parser in some Suricata versions"
)

// appRelation says whether a rule for application protocol p (a rule
// header protocol or an app-layer-protocol name) matches a flow whose
// protocol is d (§5.5: app-layer rules match the identified protocol).
// Equal names match; http1 and http-any match HTTP/1 ("http"), http-any
// HTTP/2 too; related protocols whose relation Suricata versions treat
// differently are unknown, naming why; any other pair does not match.
func appRelation(p, d string) (tri, string) {
	if p == d || (d == "http" && (p == "http1" || p == "http-any")) || (d == "http2" && p == "http-any") {
		return yes, ""
	}
	switch d {
	case "http2":
		switch p {
		case "http", "http1":
			return unknown, whyHTTP2
		case "doh2":
			return unknown, whyDoH2
		}
	case "doh2":
		switch p {
		case "http", "http1", "http-any", "http2", "dns":
			return unknown, whyDoH2
		}
	case "websocket":
		switch p {
		case "http", "http1", "http-any":
			return unknown, whyWebSocket
		}
	case "smb":
		if p == "dcerpc" {
			return unknown, whyDCERPC
		}
	case "ike", "ikev2":
		if p == "ike" || p == "ikev2" {
			return unknown, whyIKE
		}
	}
	return no, ""
}

// matchProto matches the rule's protocol keyword against the packet.
func (c *crule) matchProto(pk *packet, f *Flow, app *appInfo, m *match) {
	switch c.proto {
	case pAny, pUnmodelled:
	case pTCP:
		m.and(boolTri(f.Proto == protoTCP), "")
	case pUDP:
		m.and(boolTri(f.Proto == protoUDP), "")
	case pICMP:
		m.and(boolTri(f.Proto == protoICMP || f.Proto == protoICMPv6), "")
	case pICMP4:
		m.and(boolTri(f.Proto == protoICMP), "")
	case pICMP6:
		m.and(boolTri(f.Proto == protoICMPv6), "")
	default:
		// §5.5: application-layer rules match only once the protocol is
		// identified, after the handshake.
		if !pk.app {
			m.and(no, "")
			return
		}
		switch app.kind {
		case appTLS, appHTTP, appNamed:
			m.and(appRelation(c.r.Protocol, app.name))
		case appTCPUnknown:
			switch {
			case app.why != "":
				m.and(unknown, app.why)
			case c.proto == pTLS:
				m.and(unknown, "the flow's application protocol is unknown (tls rule needs the TLS SNI)")
			case c.proto == pHTTP:
				m.and(unknown, "the flow's application protocol is unknown (http rule needs the HTTP Host)")
			default:
				m.and(unknown, "the flow's application protocol is unknown ("+c.r.Protocol+" rule needs it declared)")
			}
		case appUDP:
			switch {
			case c.proto == pTLS || c.proto == pHTTP:
				m.and(no, "")
			case app.why != "":
				m.and(unknown, app.why)
			default:
				m.and(unknown, "the flow's application protocol is unknown ("+c.r.Protocol+" rule needs it declared)")
			}
		default:
			m.and(no, "")
		}
	}
}

// matchSSLState: ssl_state is about the TLS handshake, so it can only hold
// on TLS flows (or TCP flows that might be TLS); client_hello on the
// client's first data segment of a TLS flow.
func (c *crule) matchSSLState(pk *packet, app *appInfo, m *match) {
	switch {
	case !pk.app || (app.kind != appTLS && app.kind != appTCPUnknown):
		m.and(no, "")
	case slices.Equal(c.r.SSLState.States, []string{"client_hello"}):
		switch {
		case !pk.toServer:
			m.and(no, "")
		case app.kind == appTLS:
		case app.why != "":
			m.and(unknown, app.why)
		default:
			m.and(unknown, "ssl_state:client_hello needs to know whether the flow is TLS")
		}
	default:
		m.and(unknown, "ssl_state:"+strings.Join(c.r.SSLState.States, "|")+" needs TLS handshake data")
	}
}

// matchALP matches app-layer-protocol:[!]NAME by the flow's protocol.
// Before the protocol is identified (the TCP handshake, or a flow without
// an application layer) a name cannot match; whether a negated one does
// then differs between Suricata versions (8 documents that it does not
// match the "unknown" state), so it is unknown.
func (c *crule) matchALP(pk *packet, app *appInfo, m *match) {
	a := c.r.AppLayerProtocol
	switch {
	case a.Name == "failed" || a.Name == "unknown":
		m.and(unknown, "app-layer-protocol:failed and app-layer-protocol:unknown are not modelled")
	case !pk.app || app.kind == appNone:
		if a.Negated {
			m.and(unknown, "app-layer-protocol:! before the protocol is identified depends on the Suricata version")
		} else {
			m.and(no, "")
		}
	case app.name == "":
		if app.why != "" {
			m.and(unknown, app.why)
		} else {
			m.and(unknown, "the flow's application protocol is unknown (app-layer-protocol needs it declared)")
		}
	default:
		t, why := appRelation(a.Name, app.name)
		if a.Negated {
			t = not(t)
		}
		m.and(t, why)
	}
}

// packetBuffer returns the content of a sticky buffer ("" = the payload)
// on packet pk, or whether the buffer is absent (no) or unknown.
// tls.sni, http.host, http.uri and dns.query exist on the client's
// requests only, and only on flows of their protocol.
func packetBuffer(name string, pk *packet, f *Flow, app *appInfo) (string, tri, string) {
	switch name {
	case "tls.sni":
		switch {
		case !pk.toServer:
		case app.kind == appTLS && f.TLSSNI == "":
			return "", unknown, "the flow's TLS SNI is not given"
		case app.kind == appTLS:
			return f.TLSSNI, yes, ""
		case app.kind == appTCPUnknown:
			return "", unknown, "the flow's TLS SNI is unknown"
		case app.kind == appNamed && app.name == "quic":
			return "", unknown, "tls.sni on a QUIC flow is not modelled"
		}
		return "", no, ""
	case "http.host":
		switch {
		case !pk.toServer:
		case app.kind == appHTTP && f.HTTPHost == "":
			return "", unknown, "the flow's HTTP Host is not given"
		case app.kind == appHTTP:
			return strings.ToLower(f.HTTPHost), yes, "" // Suricata normalises http.host to lower case
		case app.kind == appTCPUnknown:
			return "", unknown, "the flow's HTTP Host is unknown"
		case app.kind == appNamed && httpCarrier(app.name):
			return "", unknown, "http.host on this flow's protocol is not modelled"
		}
		return "", no, ""
	case "http.uri":
		switch {
		case !pk.toServer:
		case app.kind == appHTTP || app.kind == appTCPUnknown || (app.kind == appNamed && httpCarrier(app.name)):
			return "", unknown, "the flow's HTTP URI is not modelled"
		}
		return "", no, ""
	case "dns.query":
		switch {
		case !pk.toServer:
		case app.kind == appUDP || app.kind == appTCPUnknown || (app.kind == appNamed && (app.name == "dns" || app.name == "doh2")):
			return "", unknown, "the flow's DNS query is not modelled"
		}
		return "", no, ""
	case "":
		return "", unknown, "content on the payload is not modelled"
	}
	return "", unknown, "content on " + name + " is not modelled"
}
