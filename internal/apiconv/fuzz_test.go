package apiconv

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/netverdict/netverdict/evaluator/model"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// FuzzFlowFromProto feeds arbitrary bytes, read as proto JSON and as proto
// wire format, through FlowFromProto: it must never panic, every error must
// name fields of the flow, and every accepted flow must keep the promises
// the evaluators rely on.
func FuzzFlowFromProto(f *testing.F) {
	for _, seed := range []string{
		`{"id":"f1","source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.1.5"},"protocol":"tcp","destinationPort":443}`,
		`{"source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.1.5"},"protocol":"udp","sourcePort":53000,"destinationPort":53}`,
		`{"source":{"ip":"2001:db8::1"},"destination":{"ip":"2001:db8::2"},"protocol":"icmpv6","icmpType":128,"icmpCode":0}`,
		`{"source":{"networkInterfaceId":"eni-1"},"destination":{"ip":"10.0.1.5"},"protocol":"icmp","icmpType":8}`,
		`{"source":{"ip":"10.0.0.1"},"destination":{"ip":"::ffff:10.0.1.5"},"protocol":"50","sourcePort":1}`,
		`{"source":{"ip":"fe80::1%eth0"},"destination":{},"protocol":"-1","state":"CONNECTION_STATE_ESTABLISHED","establishedTracking":7}`,
		`{"source":{"ip":"10.0.0.1"},"destination":{"ip":"2001:db8::2"},"protocol":"TCP","destinationPort":70000,"icmpCode":3}`,
		`{}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var pf netverdictv1.Flow
		if protojson.Unmarshal(data, &pf) == nil {
			checkFlow(t, &pf)
		}
		pf.Reset()
		if proto.Unmarshal(data, &pf) == nil {
			checkFlow(t, &pf)
		}
	})
}

func checkFlow(t *testing.T, pf *netverdictv1.Flow) {
	fl, err := FlowFromProto(pf, 7)
	if err != nil {
		vs := Violations(err)
		if len(vs) == 0 {
			t.Fatalf("error without field errors: %v", err)
		}
		for _, v := range vs {
			if !strings.HasPrefix(v.Field, "flows[7]") || v.Description == "" {
				t.Fatalf("field error %+v does not name a field of flows[7]", v)
			}
		}
		return
	}
	p := fl.Proto()
	inRange := func(v, lo, hi int32) bool { return lo <= v && v <= hi }
	switch {
	case model.HasPorts(p):
		if !inRange(fl.DestinationPort, 0, 65535) || !inRange(fl.SourcePort, -1, 65535) || fl.ICMPType != model.NoPort || fl.ICMPCode != model.NoPort {
			t.Fatalf("accepted %s flow with ports %d->%d icmp %d/%d", model.ProtocolName(p), fl.SourcePort, fl.DestinationPort, fl.ICMPType, fl.ICMPCode)
		}
	case model.IsICMP(p):
		if !inRange(fl.ICMPType, 0, 255) || !inRange(fl.ICMPCode, 0, 255) || fl.SourcePort != model.NoPort || fl.DestinationPort != model.NoPort {
			t.Fatalf("accepted %s flow with ports %d->%d icmp %d/%d", model.ProtocolName(p), fl.SourcePort, fl.DestinationPort, fl.ICMPType, fl.ICMPCode)
		}
	default:
		if fl.SourcePort != model.NoPort || fl.DestinationPort != model.NoPort || fl.ICMPType != model.NoPort || fl.ICMPCode != model.NoPort {
			t.Fatalf("accepted protocol %d flow with ports or ICMP fields", p)
		}
	}
	for _, e := range []model.Endpoint{fl.Source, fl.Destination} {
		if !e.IP.IsValid() && e.InterfaceID == "" {
			t.Fatalf("accepted an endpoint with neither address nor interface: %+v", e)
		}
		if e.IP.IsValid() && (e.IP.Zone() != "" || e.IP.Is4In6()) {
			t.Fatalf("accepted address %v", e.IP)
		}
	}
	if s, d := fl.Source.IP, fl.Destination.IP; s.IsValid() && d.IsValid() && s.Is4() != d.Is4() {
		t.Fatalf("accepted mixed families %v -> %v", s, d)
	}
	// The decision path must cope with whatever was accepted.
	d := model.Decision{FlowID: fl.ID, Verdict: model.VerdictDeny}
	c := d.NextCheck()
	c.Layer, c.Leg, c.Direction, c.Verdict = model.LayerSecurityGroup, model.LegReturn, model.DirectionIngress, model.VerdictDeny
	c.Reason.Code = model.ReasonSGNoRule
	if pd := DecisionToProto(&d, &fl); pd.GetChecks()[0].GetReason() == "" {
		t.Fatal("empty reason")
	}
}
