package apiconv

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"

	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// TestJSONNamesContract pins the proto JSON names that architecture.md
// section 3 marks as contract: users' scripts rely on them.
func TestJSONNamesContract(t *testing.T) {
	t.Parallel()
	tests := []struct {
		msg  protoreflect.ProtoMessage
		want []string
	}{
		{&netverdictv1.Flow{}, []string{"id", "source", "destination", "protocol", "sourcePort", "destinationPort",
			"icmpType", "icmpCode", "state", "http", "tlsServerName", "establishedTracking",
			"ja3Fingerprint", "ja4Fingerprint", "fragmented", "applicationProtocol"}},
		{&netverdictv1.Endpoint{}, []string{"ip", "networkInterfaceId", "resourceArn"}},
		{&netverdictv1.HttpRequest{}, []string{"method", "uriPath", "queryString", "headers", "body",
			"uriFragment", "captchaTokenValid", "challengeTokenValid", "rateLimitedRules"}},
		{&netverdictv1.WebAclAssociation{}, []string{"webAclArn", "resourceArn"}},
		{&netverdictv1.HttpHeader{}, []string{"name", "value"}},
		{&netverdictv1.Decision{}, []string{"flowId", "verdict", "checks"}},
		{&netverdictv1.Check{}, []string{"layer", "leg", "direction", "resourceId", "verdict", "rules", "tracking", "reason"}},
		{&netverdictv1.RuleRef{}, []string{"resourceId", "ruleId", "ruleNumber", "description"}},
	}
	for _, tt := range tests {
		md := tt.msg.ProtoReflect().Descriptor()
		var got []string
		for i := range md.Fields().Len() {
			got = append(got, md.Fields().Get(i).JSONName())
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s JSON names = %q, want %q", md.FullName(), got, tt.want)
		}
	}
}

// TestEnumNamesContract pins the contract enum value names.
func TestEnumNamesContract(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ed   protoreflect.EnumDescriptor
		want []string
	}{
		{netverdictv1.Verdict(0).Descriptor(), []string{"VERDICT_UNSPECIFIED", "VERDICT_ALLOW", "VERDICT_DENY", "VERDICT_INDETERMINATE"}},
		{netverdictv1.Layer(0).Descriptor(), []string{"LAYER_UNSPECIFIED", "LAYER_SECURITY_GROUP", "LAYER_NETWORK_ACL", "LAYER_NETWORK_FIREWALL", "LAYER_WAF"}},
		{netverdictv1.Leg(0).Descriptor(), []string{"LEG_UNSPECIFIED", "LEG_FORWARD", "LEG_RETURN"}},
		{netverdictv1.Direction(0).Descriptor(), []string{"DIRECTION_UNSPECIFIED", "DIRECTION_EGRESS", "DIRECTION_INGRESS"}},
		{netverdictv1.Tracking(0).Descriptor(), []string{"TRACKING_UNSPECIFIED", "TRACKING_TRACKED", "TRACKING_UNTRACKED", "TRACKING_AUTOMATIC"}},
		{netverdictv1.ConnectionState(0).Descriptor(), []string{"CONNECTION_STATE_UNSPECIFIED", "CONNECTION_STATE_NEW", "CONNECTION_STATE_ESTABLISHED"}},
	}
	for _, tt := range tests {
		var got []string
		for i := range tt.ed.Values().Len() {
			got = append(got, string(tt.ed.Values().Get(i).Name()))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s values = %q, want %q", tt.ed.FullName(), got, tt.want)
		}
	}
	sd := netverdictv1.File_netverdict_v1_decision_service_proto.Services().ByName("DecisionService")
	if sd == nil || sd.Methods().ByName("Evaluate") == nil || sd.Methods().ByName("EvaluateStream") == nil {
		t.Fatal("DecisionService with Evaluate and EvaluateStream not found")
	}
	if m := sd.Methods().ByName("EvaluateStream"); !m.IsStreamingClient() || !m.IsStreamingServer() {
		t.Error("EvaluateStream is not bidirectional")
	}
}

// compact removes protojson's varying whitespace.
func compact(js []byte) string {
	var b bytes.Buffer
	if err := json.Compact(&b, js); err != nil {
		return string(js)
	}
	return b.String()
}
