package apiconv

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/netverdict/netverdict/evaluator/model"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// Limits of the numeric flow fields.
const (
	maxPort     = 65535
	maxICMPType = 255 // ICMP type and code are one octet each
)

// FlowFromProto validates flow number index of a request and converts it to
// the model. Field paths in errors start with "flows[index]".
//
// The rules:
//   - source and destination each give an ip or a network_interface_id (or
//     both); an ip parses as an IPv4 or IPv6 address, without a zone, and
//     not IPv4-mapped IPv6; when both give an ip, the families agree;
//   - protocol is tcp, udp, icmp, icmpv6 or an IANA number 0-255
//     (model.ParseFlowProtocol); icmp goes with IPv4 and icmpv6 with IPv6;
//   - tcp and udp need destination_port; ports are 0-65535 and allowed for
//     tcp and udp only;
//   - icmp and icmpv6 need icmp_type; icmp_code defaults to 0; both are
//     0-255 and allowed for icmp and icmpv6 only;
//   - state and established_tracking are known enum values;
//   - http, when given: method is empty or an HTTP token; uri_path is
//     empty or starts with "/"; header names are HTTP tokens (non-empty,
//     no ':', spaces or control characters); body is at most
//     MaxHTTPBodyBytes; rate_limited_rules names are non-empty;
//   - ja3_fingerprint and ja4_fingerprint need http (they are read into
//     HTTPRequest, the WAF layer's view of the request).
//
// tls_server_name and fragmented are copied as given. Every broken rule is
// reported: the error is a *FieldError for one problem, a FieldErrors for
// several.
func FlowFromProto(pf *netverdictv1.Flow, index int) (model.Flow, error) {
	f := model.Flow{
		SourcePort:      model.NoPort,
		DestinationPort: model.NoPort,
		ICMPType:        model.NoPort,
		ICMPCode:        model.NoPort,
	}
	if pf == nil {
		return f, &FieldError{Field: flowPath(index), Description: "flow is missing"}
	}
	var c collector
	f.ID = pf.GetId()
	f.Source = endpointFromProto(&c, index, "source", pf.GetSource())
	f.Destination = endpointFromProto(&c, index, "destination", pf.GetDestination())
	if s, d := f.Source.IP, f.Destination.IP; s.IsValid() && d.IsValid() && s.Is4() != d.Is4() {
		c.add(flowField(index, "destination.ip"), d.String(), "%s address %q but source.ip %q is %s: both ends must be of one family",
			family(d), d, s, family(s))
	}
	flowProtocol(&c, index, pf, &f)
	switch st := pf.GetState(); st {
	case netverdictv1.ConnectionState_CONNECTION_STATE_UNSPECIFIED, netverdictv1.ConnectionState_CONNECTION_STATE_NEW:
		f.State = model.StateNew
	case netverdictv1.ConnectionState_CONNECTION_STATE_ESTABLISHED:
		f.State = model.StateEstablished
	default:
		c.add(flowField(index, "state"), st.String(), "unknown connection state %d", int32(st))
	}
	switch tr := pf.GetEstablishedTracking(); tr {
	case netverdictv1.Tracking_TRACKING_UNSPECIFIED:
		f.EstablishedTracking = model.TrackingUnspecified
	case netverdictv1.Tracking_TRACKING_TRACKED:
		f.EstablishedTracking = model.TrackingTracked
	case netverdictv1.Tracking_TRACKING_UNTRACKED:
		f.EstablishedTracking = model.TrackingUntracked
	case netverdictv1.Tracking_TRACKING_AUTOMATIC:
		f.EstablishedTracking = model.TrackingAutomatic
	default:
		c.add(flowField(index, "established_tracking"), tr.String(), "unknown tracking status %d", int32(tr))
	}
	f.TLSServerName = pf.GetTlsServerName()
	f.Fragmented = pf.GetFragmented()
	if ap := pf.GetApplicationProtocol(); ap != "" {
		if !validAppProtocol(ap) {
			c.add(flowField(index, "application_protocol"), ap, "%q is not a protocol name as Suricata writes it: lower-case letters, digits and '-' ('tls', 'http', 'ssh', 'dns')", ap)
		}
		f.AppProtocol = ap
	}
	f.HTTP = httpFromProto(&c, index, pf)
	return f, c.err()
}

// flowProtocol checks the protocol and the port and ICMP fields that go
// with it, and sets them in f.
func flowProtocol(c *collector, index int, pf *netverdictv1.Flow, f *model.Flow) {
	text := pf.GetProtocol()
	if text == "" {
		c.add(flowField(index, "protocol"), "", "protocol is required: tcp, udp, icmp, icmpv6 or an IANA number 0-255")
		return
	}
	n, err := model.ParseFlowProtocol(text)
	if err != nil {
		c.add(flowField(index, "protocol"), text, "%v", err)
		return
	}
	f.Protocol = n
	p := int16(n)
	name := model.ProtocolName(p)
	switch {
	case model.HasPorts(p):
		if pf.DestinationPort == nil {
			c.add(flowField(index, "destination_port"), "", "destination_port is required for %s", name)
		} else if v := pf.GetDestinationPort(); v > maxPort {
			c.add(flowField(index, "destination_port"), fmt.Sprint(v), "port %d out of range 0-65535", v)
		} else {
			f.DestinationPort = int32(v)
		}
		if pf.SourcePort != nil {
			if v := pf.GetSourcePort(); v > maxPort {
				c.add(flowField(index, "source_port"), fmt.Sprint(v), "port %d out of range 0-65535", v)
			} else {
				f.SourcePort = int32(v)
			}
		}
		forbidICMP(c, index, pf, name)
	case model.IsICMP(p):
		if pf.IcmpType == nil {
			c.add(flowField(index, "icmp_type"), "", "icmp_type is required for %s", name)
		} else if v := pf.GetIcmpType(); v > maxICMPType {
			c.add(flowField(index, "icmp_type"), fmt.Sprint(v), "ICMP type %d out of range 0-255", v)
		} else {
			f.ICMPType = int32(v)
		}
		f.ICMPCode = 0
		if pf.IcmpCode != nil {
			if v := pf.GetIcmpCode(); v > maxICMPType {
				c.add(flowField(index, "icmp_code"), fmt.Sprint(v), "ICMP code %d out of range 0-255", v)
			} else {
				f.ICMPCode = int32(v)
			}
		}
		forbidPorts(c, index, pf, name)
		ip := f.Source.IP
		if !ip.IsValid() {
			ip = f.Destination.IP
		}
		switch {
		case !ip.IsValid():
		case p == model.ProtoICMP && ip.Is6():
			c.add(flowField(index, "protocol"), text, "protocol %q with IPv6 addresses: use icmpv6", text)
		case p == model.ProtoICMPv6 && ip.Is4():
			c.add(flowField(index, "protocol"), text, "protocol %q with IPv4 addresses: use icmp", text)
		}
	default:
		forbidPorts(c, index, pf, name)
		forbidICMP(c, index, pf, name)
	}
}

func forbidPorts(c *collector, index int, pf *netverdictv1.Flow, name string) {
	if pf.SourcePort != nil {
		c.add(flowField(index, "source_port"), fmt.Sprint(pf.GetSourcePort()), "ports are for tcp and udp only, not %s", name)
	}
	if pf.DestinationPort != nil {
		c.add(flowField(index, "destination_port"), fmt.Sprint(pf.GetDestinationPort()), "ports are for tcp and udp only, not %s", name)
	}
}

func forbidICMP(c *collector, index int, pf *netverdictv1.Flow, name string) {
	if pf.IcmpType != nil {
		c.add(flowField(index, "icmp_type"), fmt.Sprint(pf.GetIcmpType()), "icmp_type is for icmp and icmpv6 only, not %s", name)
	}
	if pf.IcmpCode != nil {
		c.add(flowField(index, "icmp_code"), fmt.Sprint(pf.GetIcmpCode()), "icmp_code is for icmp and icmpv6 only, not %s", name)
	}
}

// endpointFromProto checks one end of flow index; side is "source" or
// "destination".
func endpointFromProto(c *collector, index int, side string, e *netverdictv1.Endpoint) model.Endpoint {
	var out model.Endpoint
	// A destination given only by a protected resource's ARN gets the
	// checks that can be made for it (WAF); anything else needs a place on
	// the network.
	if e.GetIp() == "" && e.GetNetworkInterfaceId() == "" && (side != "destination" || e.GetResourceArn() == "") {
		want := "an ip or a network_interface_id"
		if side == "destination" {
			want += " (or a resource_arn of a resource a web ACL protects)"
		}
		c.add(flowField(index, side), "", "%s needs %s", side, want)
	}
	out.InterfaceID = e.GetNetworkInterfaceId()
	out.ResourceARN = e.GetResourceArn()
	if s := e.GetIp(); s != "" {
		ip, desc := parseAddr(s)
		if desc != "" {
			c.add(flowField(index, side+".ip"), s, "%s", desc)
		} else {
			out.IP = ip
		}
	}
	return out
}

// parseAddr parses an IP address as the API accepts it: no zone, no
// IPv4-mapped IPv6. On failure it returns a description quoting s.
func parseAddr(s string) (netip.Addr, string) {
	ip, err := netip.ParseAddr(s)
	switch {
	case err != nil:
		return netip.Addr{}, fmt.Sprintf("invalid IP address %q", s)
	case ip.Zone() != "":
		return netip.Addr{}, fmt.Sprintf("IP address %q has a zone; zones are not allowed", s)
	case ip.Is4In6():
		return netip.Addr{}, fmt.Sprintf("IPv4-mapped IPv6 address %q: give the IPv4 address %s", s, ip.Unmap())
	}
	return ip, ""
}

func family(ip netip.Addr) string {
	if ip.Is4() {
		return "IPv4"
	}
	return "IPv6"
}

func flowField(index int, name string) string {
	return fmt.Sprintf("flows[%d].%s", index, name)
}

// FlowsFromProto validates and converts the flows of a request, in order.
// It reports the problems of every flow (up to a bound), with paths
// "flows[i]....", and returns no flows when there is any.
func FlowsFromProto(flows []*netverdictv1.Flow) ([]model.Flow, error) {
	out := make([]model.Flow, len(flows))
	var c collector
	for i, pf := range flows {
		f, err := FlowFromProto(pf, i)
		if err != nil {
			c.addAll(flowPath(i), err)
			if c.full() {
				c.truncated = true
				break
			}
			continue
		}
		out[i] = f
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// OptionsFromProto validates and converts evaluation options; nil means the
// defaults. Field paths in errors start with "options".
func OptionsFromProto(o *netverdictv1.EvaluationOptions) (model.Options, error) {
	var opts model.Options
	r := o.GetEphemeralPortRange()
	if r == nil {
		return opts, nil
	}
	var c collector
	from, to := r.GetFromPort(), r.GetToPort()
	if from > maxPort {
		c.add("options.ephemeral_port_range.from_port", fmt.Sprint(from), "port %d out of range 0-65535", from)
	}
	if to > maxPort {
		c.add("options.ephemeral_port_range.to_port", fmt.Sprint(to), "port %d out of range 0-65535", to)
	}
	switch {
	case c.err() != nil:
	case from > to:
		c.add("options.ephemeral_port_range.to_port", fmt.Sprint(to), "to_port %d is below from_port %d", to, from)
	case to == 0:
		c.add("options.ephemeral_port_range.to_port", "0", "port range 0-0 holds no client port")
	}
	if err := c.err(); err != nil {
		return opts, err
	}
	opts.Ephemeral = model.PortRange{From: uint16(from), To: uint16(to)}
	return opts, nil
}

// ViewFromProto validates the decision view of evaluation options; unset
// means FULL.
func ViewFromProto(o *netverdictv1.EvaluationOptions) (netverdictv1.DecisionView, error) {
	v := o.GetView()
	switch v {
	case netverdictv1.DecisionView_DECISION_VIEW_UNSPECIFIED:
		return netverdictv1.DecisionView_DECISION_VIEW_FULL, nil
	case netverdictv1.DecisionView_DECISION_VIEW_FULL, netverdictv1.DecisionView_DECISION_VIEW_BASIC, netverdictv1.DecisionView_DECISION_VIEW_VERDICT:
		return v, nil
	}
	return v, &FieldError{Field: "options.view", Value: v.String(), Description: fmt.Sprintf("unknown decision view %d", int32(v))}
}

// OptionsToProto converts evaluation options to the API. Defaults are left
// unset.
func OptionsToProto(o model.Options) *netverdictv1.EvaluationOptions {
	out := &netverdictv1.EvaluationOptions{}
	if o.Ephemeral != (model.PortRange{}) {
		out.EphemeralPortRange = &netverdictv1.PortRange{FromPort: uint32(o.Ephemeral.From), ToPort: uint32(o.Ephemeral.To)}
	}
	return out
}

// MaxHTTPBodyBytes bounds a flow's HTTP request body. It is well above
// the largest body AWS WAF inspects (64 KB, semantics §4.5), so every
// oversize case can be stated, and keeps one flow from holding megabytes.
const MaxHTTPBodyBytes = 1 << 20

// httpFromProto checks and converts flow index's HTTP request and TLS
// fingerprints; nil when the flow has no http.
func httpFromProto(c *collector, index int, pf *netverdictv1.Flow) *model.HTTPRequest {
	h := pf.GetHttp()
	if h == nil {
		for _, fp := range []struct{ name, v string }{{"ja3_fingerprint", pf.GetJa3Fingerprint()}, {"ja4_fingerprint", pf.GetJa4Fingerprint()}} {
			if fp.v != "" {
				c.add(flowField(index, fp.name), fp.v, "%s needs http: fingerprints are part of the WAF request", fp.name)
			}
		}
		return nil
	}
	out := &model.HTTPRequest{
		Method:              h.GetMethod(),
		URIPath:             h.GetUriPath(),
		QueryString:         h.GetQueryString(),
		URIFragment:         h.GetUriFragment(),
		JA3Fingerprint:      pf.GetJa3Fingerprint(),
		JA4Fingerprint:      pf.GetJa4Fingerprint(),
		CaptchaTokenValid:   h.GetCaptchaTokenValid(),
		ChallengeTokenValid: h.GetChallengeTokenValid(),
		RateLimitedRules:    cloneStrings(h.GetRateLimitedRules()),
	}
	if m := h.GetMethod(); m != "" && !isToken(m) {
		c.add(flowField(index, "http.method"), m, "method %q is not an HTTP token", m)
	}
	if p := h.GetUriPath(); p != "" && p[0] != '/' {
		c.add(flowField(index, "http.uri_path"), p, "uri_path %q must start with \"/\"", p)
	}
	if hs := h.GetHeaders(); len(hs) > 0 {
		out.Headers = make([]model.HTTPHeader, len(hs))
		for i, hd := range hs {
			switch n := hd.GetName(); {
			case n == "":
				c.add(flowField(index, fmt.Sprintf("http.headers[%d].name", i)), "", "header name is required")
			case !isToken(n):
				c.add(flowField(index, fmt.Sprintf("http.headers[%d].name", i)), n,
					"header name %q is not an HTTP token (no ':', spaces or control characters)", n)
			}
			out.Headers[i] = model.HTTPHeader{Name: hd.GetName(), Value: hd.GetValue()}
		}
	}
	if b := h.GetBody(); len(b) > MaxHTTPBodyBytes {
		c.add(flowField(index, "http.body"), fmt.Sprint(len(b)), "body of %d bytes is over the %d-byte limit", len(b), MaxHTTPBodyBytes)
	} else if len(b) > 0 {
		out.Body = slices.Clone(b)
	}
	for i, r := range h.GetRateLimitedRules() {
		if r == "" {
			c.add(flowField(index, fmt.Sprintf("http.rate_limited_rules[%d]", i)), "", "rule name is empty")
		}
	}
	return out
}

// isToken reports whether s is an HTTP token (RFC 9110 section 5.6.2):
// one or more of the visible ASCII characters except the delimiters.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if !isTchar(s[i]) {
			return false
		}
	}
	return true
}

func isTchar(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	switch b {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}

// validAppProtocol reports whether s is a Suricata application protocol
// name: 1-32 lower-case letters, digits and '-', starting with a letter.
func validAppProtocol(s string) bool {
	if len(s) == 0 || len(s) > 32 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if b := s[i]; !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-') {
			return false
		}
	}
	return true
}
