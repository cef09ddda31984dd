package apiconv

import (
	"net/netip"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/netverdict/netverdict/evaluator/model"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// sampleDecision is a DENY decision with a security-group allow, a NACL
// allow and a NACL deny on the return leg.
func sampleDecision() (*model.Decision, *model.Flow) {
	f := &model.Flow{
		ID:              "f-1",
		Source:          model.Endpoint{IP: netip.MustParseAddr("203.0.113.5")},
		Destination:     model.Endpoint{IP: netip.MustParseAddr("10.0.1.5"), InterfaceID: "eni-1"},
		Protocol:        6,
		SourcePort:      model.NoPort,
		DestinationPort: 22,
		ICMPType:        model.NoPort,
		ICMPCode:        model.NoPort,
	}
	d := &model.Decision{FlowID: "f-1", Verdict: model.VerdictDeny, Checks: []model.Check{
		{
			Layer: model.LayerNetworkACL, Leg: model.LegForward, Direction: model.DirectionIngress,
			ResourceID: "acl-1", Verdict: model.VerdictAllow,
			Rules: []model.RuleRef{{ResourceID: "acl-1", RuleID: "100", RuleNumber: 100}},
			// Tracking on a NACL check must not reach the API.
			Tracking: model.TrackingTracked,
			Reason:   model.Reason{Code: model.ReasonNACLEntry},
		},
		{
			Layer: model.LayerSecurityGroup, Leg: model.LegForward, Direction: model.DirectionIngress,
			ResourceID: "eni-1", Verdict: model.VerdictAllow,
			Rules: []model.RuleRef{
				{ResourceID: "sg-1", RuleID: "sgr-1", Description: "ssh from office"},
				{ResourceID: "sg-2", RuleID: "sg-2/ingress/0/0"},
			},
			Tracking: model.TrackingTracked,
			Reason:   model.Reason{Code: model.ReasonSGAllowed},
		},
		{
			Layer: model.LayerNetworkACL, Leg: model.LegReturn, Direction: model.DirectionEgress,
			ResourceID: "acl-1", Verdict: model.VerdictDeny,
			Rules:  []model.RuleRef{{ResourceID: "acl-1", RuleID: "32767", RuleNumber: 32767, Description: "default deny"}},
			Reason: model.Reason{Code: model.ReasonNACLPortsNone, Ports: []model.PortRange{{From: 1024, To: 65535}}},
		},
	}}
	return d, f
}

func TestDecisionToProto(t *testing.T) {
	t.Parallel()
	d, f := sampleDecision()
	got := DecisionToProto(d, f)
	want := &netverdictv1.Decision{
		FlowId:  "f-1",
		Verdict: netverdictv1.Verdict_VERDICT_DENY,
		Checks: []*netverdictv1.Check{
			{
				Layer: netverdictv1.Layer_LAYER_NETWORK_ACL, Leg: netverdictv1.Leg_LEG_FORWARD, Direction: netverdictv1.Direction_DIRECTION_INGRESS,
				ResourceId: "acl-1", Verdict: netverdictv1.Verdict_VERDICT_ALLOW,
				Rules:  []*netverdictv1.RuleRef{{ResourceId: "acl-1", RuleId: "100", RuleNumber: 100}},
				Reason: model.Describe(&d.Checks[0], f),
			},
			{
				Layer: netverdictv1.Layer_LAYER_SECURITY_GROUP, Leg: netverdictv1.Leg_LEG_FORWARD, Direction: netverdictv1.Direction_DIRECTION_INGRESS,
				ResourceId: "eni-1", Verdict: netverdictv1.Verdict_VERDICT_ALLOW,
				Rules: []*netverdictv1.RuleRef{
					{ResourceId: "sg-1", RuleId: "sgr-1", Description: "ssh from office"},
					{ResourceId: "sg-2", RuleId: "sg-2/ingress/0/0"},
				},
				Tracking: netverdictv1.Tracking_TRACKING_TRACKED,
				Reason:   model.Describe(&d.Checks[1], f),
			},
			{
				Layer: netverdictv1.Layer_LAYER_NETWORK_ACL, Leg: netverdictv1.Leg_LEG_RETURN, Direction: netverdictv1.Direction_DIRECTION_EGRESS,
				ResourceId: "acl-1", Verdict: netverdictv1.Verdict_VERDICT_DENY,
				Rules:  []*netverdictv1.RuleRef{{ResourceId: "acl-1", RuleId: "32767", RuleNumber: 32767, Description: "default deny"}},
				Reason: model.Describe(&d.Checks[2], f),
			},
		},
	}
	if !proto.Equal(got, want) {
		t.Errorf("DecisionToProto =\n%v\nwant\n%v", got, want)
	}
	for i, c := range got.GetChecks() {
		if c.GetReason() == "" || c.GetReason() == "no reason recorded" {
			t.Errorf("check %d has no reason: %q", i, c.GetReason())
		}
	}
	if r := got.GetChecks()[1].GetReason(); !strings.Contains(r, "2 rules") || !strings.Contains(r, "203.0.113.5") {
		t.Errorf("security group reason %q does not name the rule count and the peer", r)
	}

	// The result shares nothing with d: reusing d leaves it unchanged.
	d.Reset("other")
	d.NextCheck().ResourceID = "changed"
	if !proto.Equal(got, want) {
		t.Error("DecisionToProto result changed when the model decision was reused")
	}
}

func TestDecisionToProtoEmpty(t *testing.T) {
	t.Parallel()
	got := DecisionToProto(&model.Decision{FlowID: "x", Verdict: model.VerdictAllow}, nil)
	js, err := protojson.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if compact(js) != `{"flowId":"x","verdict":"VERDICT_ALLOW"}` {
		t.Errorf("JSON = %s", js)
	}
}

// TestEnumsMatchModel holds every model enum value to the API value of the
// same name, so that a value added on one side is noticed.
func TestEnumsMatchModel(t *testing.T) {
	t.Parallel()
	name := func(s string) string { return strings.ToUpper(strings.ReplaceAll(s, "-", "_")) }
	for v := model.VerdictUnspecified; v <= model.VerdictIndeterminate+1; v++ {
		want := "VERDICT_" + name(v.String())
		if v > model.VerdictIndeterminate {
			want = "VERDICT_UNSPECIFIED"
		}
		if got := VerdictToProto(v).String(); got != want {
			t.Errorf("VerdictToProto(%v) = %s, want %s", v, got, want)
		}
	}
	for l := model.LayerUnspecified; l <= model.LayerWAF; l++ {
		if got, want := layerToProto(l).String(), "LAYER_"+name(l.String()); got != want {
			t.Errorf("layerToProto(%v) = %s, want %s", l, got, want)
		}
	}
	for l := model.LegUnspecified; l <= model.LegReturn; l++ {
		if got, want := legToProto(l).String(), "LEG_"+name(l.String()); got != want {
			t.Errorf("legToProto(%v) = %s, want %s", l, got, want)
		}
	}
	for d := model.DirectionUnspecified; d <= model.DirectionIngress; d++ {
		if got, want := directionToProto(d).String(), "DIRECTION_"+name(d.String()); got != want {
			t.Errorf("directionToProto(%v) = %s, want %s", d, got, want)
		}
	}
	for tr := model.TrackingUnspecified; tr <= model.TrackingAutomatic; tr++ {
		if got, want := TrackingToProto(tr).String(), "TRACKING_"+name(tr.String()); got != want {
			t.Errorf("TrackingToProto(%v) = %s, want %s", tr, got, want)
		}
	}
	// Every API tracking value a flow may carry converts to the model value
	// of the same name.
	for n := range netverdictv1.Tracking_name {
		tr := netverdictv1.Tracking(n)
		f := flowJSON(t, `{"source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.0.2"},"protocol":"tcp","destinationPort":1}`)
		f.EstablishedTracking = tr
		mf, err := FlowFromProto(f, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := TrackingToProto(mf.EstablishedTracking); got != tr {
			t.Errorf("tracking %s came back as %s", tr, got)
		}
	}
}

func BenchmarkDecisionToProto(b *testing.B) {
	d, f := sampleDecision()
	b.ReportAllocs()
	for b.Loop() {
		DecisionToProto(d, f)
	}
}

func BenchmarkFlowFromProto(b *testing.B) {
	pf := flowJSON(b, `{"id":"f1","source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.1.5"},"protocol":"tcp","sourcePort":40000,"destinationPort":443}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FlowFromProto(pf, 0); err != nil {
			b.Fatal(err)
		}
	}
}
