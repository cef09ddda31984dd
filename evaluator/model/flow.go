package model

import (
	"net/netip"
	"strings"
)

// Endpoint is one end of a flow: an interface, an IP address, or both (the
// IP then must belong to the interface). ResourceARN names a protected
// resource (later layers); it does not place the endpoint on the network.
type Endpoint struct {
	IP          netip.Addr // zero when not given
	InterfaceID string
	ResourceARN string
}

// ConnState is the connection state of a flow.
type ConnState uint8

// Connection states. The zero value is StateNew.
const (
	StateNew ConnState = iota
	StateEstablished
)

// NoPort marks a port or ICMP field that the flow does not give.
const NoPort int32 = -1

// Flow is one validated flow. Importers and API converters build it; the
// evaluators trust it (addresses valid, ports in range, families agree).
type Flow struct {
	ID          string
	Source      Endpoint
	Destination Endpoint
	// Protocol is the IANA protocol number (6 tcp, 17 udp, 1 icmp, 58 icmpv6, ...).
	Protocol uint8
	// SourcePort is the client's port, NoPort when unknown (the return leg
	// is then checked over the ephemeral range).
	SourcePort int32
	// DestinationPort is the server port for TCP/UDP, NoPort otherwise.
	DestinationPort int32
	// ICMPType and ICMPCode are set for ICMP/ICMPv6 flows, NoPort otherwise.
	ICMPType, ICMPCode int32
	State              ConnState
	// EstablishedTracking says how an ESTABLISHED connection was tracked
	// when it was set up. TrackingUnspecified means: as the current rules
	// would track it.
	EstablishedTracking Tracking
	// EstablishedTrackingAt, when set, overrides EstablishedTracking at
	// one end: [0] at the source interface (its egress check), [1] at the
	// destination interface (its ingress check). AWS tracks a connection
	// per interface; what-if sets both from the base decision, so that the
	// proposed rules judge an existing connection as it was tracked when
	// it started. The API does not set it.
	EstablishedTrackingAt [2]Tracking
	// TLSServerName is the TLS SNI of the flow's ClientHello, "" when not
	// given (Network Firewall TLS_SNI domain lists and tls.sni rules).
	TLSServerName string
	// HTTP is the HTTP request the flow carries, nil when none is given
	// (WAF; Network Firewall HTTP_HOST domain lists and http.* rules).
	HTTP *HTTPRequest
	// AppProtocol is the application protocol the connection carries as
	// Suricata names it ("tls", "http", "ssh", "dns", ...), "" when not
	// given (Network Firewall rules on application protocols).
	AppProtocol string
	// Fragmented says the flow's packets include non-first IP fragments
	// (both directions): Network Firewall's stateless engine applies its
	// fragment default action to UDP fragments and drops other fragments.
	Fragmented bool
}

// HTTPRequest is one HTTP request as the WAF layer sees it.
type HTTPRequest struct {
	Method, URIPath, QueryString, URIFragment string
	// Headers are in request order.
	Headers []HTTPHeader
	Body    []byte
	// JA3Fingerprint and JA4Fingerprint are the TLS client fingerprints,
	// "" when not given.
	JA3Fingerprint, JA4Fingerprint string
	// CaptchaTokenValid and ChallengeTokenValid say the request carries a
	// valid, unexpired CAPTCHA / challenge token.
	CaptchaTokenValid, ChallengeTokenValid bool
	// RateLimitedRules names the rate-based rules whose limit the caller
	// says this request's aggregation key has exceeded ("*": all of them).
	RateLimitedRules []string
}

// HTTPHeader is one request header as sent.
type HTTPHeader struct {
	Name, Value string
}

// Host returns the value of the first Host header (case-insensitive
// name), "" when there is none.
func (r *HTTPRequest) Host() string {
	if r == nil {
		return ""
	}
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, "host") {
			return h.Value
		}
	}
	return ""
}

// TrackingAt returns the tracking an ESTABLISHED flow states for its
// source end (ingress false) or destination end (ingress true):
// EstablishedTrackingAt when set, else EstablishedTracking.
func (f *Flow) TrackingAt(ingress bool) Tracking {
	i := 0
	if ingress {
		i = 1
	}
	if t := f.EstablishedTrackingAt[i]; t != TrackingUnspecified {
		return t
	}
	return f.EstablishedTracking
}

// Proto returns the protocol as the int16 used by rules.
func (f *Flow) Proto() int16 { return int16(f.Protocol) }

// PortRange is an inclusive range of ports.
type PortRange struct {
	From, To uint16
}

// Contains reports whether p lies in the range.
func (r PortRange) Contains(p uint16) bool { return r.From <= p && p <= r.To }

// DefaultEphemeral is the client port range assumed for the return leg when
// a flow gives no source port: 1024-65535 covers every client type AWS lists
// (VPC guide, "Ephemeral ports").
var DefaultEphemeral = PortRange{From: 1024, To: 65535}

// Options tunes an evaluation. The zero value uses the defaults.
type Options struct {
	// Ephemeral is the client port range for return legs of flows without a
	// source port; the zero value means DefaultEphemeral.
	Ephemeral PortRange
}

// EphemeralRange returns the effective ephemeral range.
func (o Options) EphemeralRange() PortRange {
	if o.Ephemeral == (PortRange{}) {
		return DefaultEphemeral
	}
	return o.Ephemeral
}
