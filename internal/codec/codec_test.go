package codec

import (
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/proto"

	"github.com/netverdict/netverdict/evaluator/corpus"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
)

// TestSameWireFormat: the codec's bytes decode with protobuf-go to the same
// message and vice versa, for generated messages (vtprotobuf path, small
// and pooled sizes) and for messages without generated methods.
func TestSameWireFormat(t *testing.T) {
	cfg, flows := corpus.Generate(corpus.Small, 3)
	batch := &netverdictv1.FlowBatch{}
	for i := range flows {
		batch.Flows = append(batch.Flows, apiconv.FlowToProto(&flows[i]))
	}
	msgs := []proto.Message{
		&netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Flows{Flows: batch}},
		&netverdictv1.EvaluateRequest{Flows: batch.Flows[:1]},
		&netverdictv1.CreateSnapshotRequest{Config: &netverdictv1.ConfigSource{Source: &netverdictv1.ConfigSource_NetworkConfig{NetworkConfig: apiconv.ModelToNetworkConfig(cfg)}}},
		&healthpb.HealthCheckResponse{Status: healthpb.HealthCheckResponse_SERVING},
		&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: "flows[1]", Description: "x"}}},
	}
	var c Codec
	for _, m := range msgs {
		data, err := c.Marshal(m)
		if err != nil {
			t.Fatalf("%T: %v", m, err)
		}
		got := m.ProtoReflect().New().Interface()
		if err := proto.Unmarshal(data.Materialize(), got); err != nil {
			t.Fatalf("%T: protobuf-go cannot read the codec's bytes: %v", m, err)
		}
		if !proto.Equal(got, m) {
			t.Errorf("%T: codec bytes decode to another message", m)
		}
		std, err := proto.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		back := m.ProtoReflect().New().Interface()
		if err := c.Unmarshal(mem.BufferSlice{mem.SliceBuffer(std)}, back); err != nil || !proto.Equal(back, m) {
			t.Errorf("%T: the codec misreads protobuf-go's bytes: %v", m, err)
		}
		data.Free()
	}
	if _, err := c.Marshal(42); err == nil {
		t.Error("marshalling a non-message: no error")
	}
}
