package apiconv

import (
	"slices"

	"github.com/netverdict/netverdict/evaluator/model"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// FlowToProto converts a model flow to the API, the inverse of
// FlowFromProto for every flow it accepts: FlowFromProto(FlowToProto(f))
// gives f back. The protocol is written by name when it has one ("tcp"),
// else as its decimal number.
func FlowToProto(f *model.Flow) *netverdictv1.Flow {
	out := &netverdictv1.Flow{
		Id:          f.ID,
		Source:      endpointToProto(f.Source),
		Destination: endpointToProto(f.Destination),
		Protocol:    model.ProtocolName(f.Proto()),
	}
	opt := func(v int32) *uint32 {
		if v < 0 {
			return nil
		}
		u := uint32(v)
		return &u
	}
	out.SourcePort = opt(f.SourcePort)
	out.DestinationPort = opt(f.DestinationPort)
	out.IcmpType = opt(f.ICMPType)
	if model.IsICMP(f.Proto()) && f.ICMPCode > 0 {
		out.IcmpCode = opt(f.ICMPCode)
	}
	if f.State == model.StateEstablished {
		out.State = netverdictv1.ConnectionState_CONNECTION_STATE_ESTABLISHED
	}
	out.EstablishedTracking = TrackingToProto(f.EstablishedTracking)
	out.TlsServerName = f.TLSServerName
	out.Fragmented = f.Fragmented
	out.ApplicationProtocol = f.AppProtocol
	httpToProto(f, out)
	return out
}

func endpointToProto(e model.Endpoint) *netverdictv1.Endpoint {
	out := &netverdictv1.Endpoint{NetworkInterfaceId: e.InterfaceID, ResourceArn: e.ResourceARN}
	if e.IP.IsValid() {
		out.Ip = e.IP.String()
	}
	return out
}

// httpToProto writes f's HTTP request and fingerprints into out.
func httpToProto(f *model.Flow, out *netverdictv1.Flow) {
	h := f.HTTP
	if h == nil {
		return
	}
	ph := &netverdictv1.HttpRequest{
		Method:              h.Method,
		UriPath:             h.URIPath,
		QueryString:         h.QueryString,
		Body:                slices.Clone(h.Body),
		UriFragment:         h.URIFragment,
		CaptchaTokenValid:   h.CaptchaTokenValid,
		ChallengeTokenValid: h.ChallengeTokenValid,
		RateLimitedRules:    cloneStrings(h.RateLimitedRules),
	}
	for _, hd := range h.Headers {
		ph.Headers = append(ph.Headers, &netverdictv1.HttpHeader{Name: hd.Name, Value: hd.Value})
	}
	out.Http = ph
	out.Ja3Fingerprint, out.Ja4Fingerprint = h.JA3Fingerprint, h.JA4Fingerprint
}
