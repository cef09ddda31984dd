package apiconv

import (
	"testing"

	"github.com/netverdict/netverdict/evaluator/corpus"
)

// TestFlowToProtoRoundTrip checks FlowFromProto(FlowToProto(f)) == f over
// every flow of the medium corpus (TCP, UDP, ICMP, other protocols, IPv4
// and IPv6, interfaces and addresses, NEW and ESTABLISHED).
func TestFlowToProtoRoundTrip(t *testing.T) {
	_, flows := corpus.Generate(corpus.Medium, 7)
	for i := range flows {
		f := &flows[i]
		back, err := FlowFromProto(FlowToProto(f), i)
		if err != nil {
			t.Fatalf("flow %d %+v: %v", i, f, err)
		}
		if back != *f {
			t.Fatalf("flow %d: round trip changed it\n got %+v\nwant %+v", i, back, *f)
		}
	}
}
