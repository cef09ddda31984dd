package codec

import (
	"testing"

	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/proto"

	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// FuzzUnmarshal checks the codec decodes arbitrary bytes exactly as
// protobuf-go does (same acceptance, same message), and that what it
// accepts re-encodes, through the generated marshaller, to bytes that
// protobuf-go reads back as the same message. (The generated decoder is
// not used: it accepts invalid UTF-8, see Codec.Unmarshal.)
func FuzzUnmarshal(f *testing.F) {
	port := uint32(443)
	seed := &netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Flows{Flows: &netverdictv1.FlowBatch{
		Flows: []*netverdictv1.Flow{{Id: "a", Source: &netverdictv1.Endpoint{Ip: "10.0.0.1"}, Protocol: "tcp", DestinationPort: &port,
			Http: &netverdictv1.HttpRequest{Method: "GET", Headers: []*netverdictv1.HttpHeader{{Name: "host", Value: "x"}}}}},
	}}}
	b, _ := proto.Marshal(seed)
	f.Add(b)
	cfg := &netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Config{Config: &netverdictv1.StreamConfig{
		Source: &netverdictv1.ConfigSource{Source: &netverdictv1.ConfigSource_Snapshot{Snapshot: "snapshots/x"}}}}}
	b, _ = proto.Marshal(cfg)
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		var fast, slow netverdictv1.EvaluateStreamRequest
		errFast := Codec{}.Unmarshal(mem.BufferSlice{mem.SliceBuffer(data)}, &fast)
		errSlow := proto.Unmarshal(data, &slow)
		if (errFast == nil) != (errSlow == nil) {
			t.Fatalf("codec err=%v, protobuf-go err=%v", errFast, errSlow)
		}
		if errFast != nil {
			return
		}
		if !proto.Equal(&fast, &slow) {
			t.Fatalf("decoders disagree:\n codec %v\n protobuf-go %v", &fast, &slow)
		}
		enc, err := Codec{}.Marshal(&fast)
		if err != nil {
			t.Fatal(err)
		}
		var back netverdictv1.EvaluateStreamRequest
		if err := proto.Unmarshal(enc.Materialize(), &back); err != nil || !proto.Equal(&back, &slow) {
			t.Fatalf("generated marshaller: %v\n got %v\nwant %v", err, &back, &slow)
		}
	})
}
