// Package codec is the gRPC codec of netverdict's server and Go client:
// the standard "proto" wire format, encoded with the reflection-free
// methods vtprotobuf generates (gen/go/.../*_vtproto.pb.go) when a message
// has them, and with protobuf-go otherwise (health, reflection, error
// details); decoded always with protobuf-go, which checks UTF-8.
// EvaluateStream's per-flow cost is largely protobuf encoding of decisions.
//
// The codec is registered under the name "proto", so installing it with
// grpc.ForceServerCodecV2 / grpc.ForceCodecV2 changes nothing on the wire.
package codec

import (
	"google.golang.org/grpc/encoding"
	grpcproto "google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"
)

// vtMessage is a message with vtprotobuf's generated methods.
type vtMessage interface {
	SizeVT() int
	MarshalToSizedBufferVT(dAtA []byte) (int, error)
}

// std is gRPC's own proto codec, for everything but the generated
// encoding.
var std = encoding.GetCodecV2(grpcproto.Name)

// Codec implements encoding.CodecV2.
type Codec struct{}

var _ encoding.CodecV2 = Codec{}

// Name is "proto": the codec speaks the standard protobuf wire format.
func (Codec) Name() string { return "proto" }

// Marshal encodes v into a pooled buffer when it is large enough to be
// worth pooling, as grpc's own codec does.
func (Codec) Marshal(v any) (mem.BufferSlice, error) {
	vt, ok := v.(vtMessage)
	if !ok {
		return std.Marshal(v)
	}
	size := vt.SizeVT()
	if mem.IsBelowBufferPoolingThreshold(size) {
		buf := make([]byte, size)
		if _, err := vt.MarshalToSizedBufferVT(buf); err != nil {
			return nil, err
		}
		return mem.BufferSlice{mem.SliceBuffer(buf)}, nil
	}
	pool := mem.DefaultBufferPool()
	buf := pool.Get(size)
	if _, err := vt.MarshalToSizedBufferVT((*buf)[:size]); err != nil {
		pool.Put(buf)
		return nil, err
	}
	*buf = (*buf)[:size]
	return mem.BufferSlice{mem.NewBuffer(buf, pool)}, nil
}

// Unmarshal decodes data into v with gRPC's codec (protobuf-go), not with
// the generated code: vtprotobuf does not check that strings are valid
// UTF-8, as proto3 requires and protobuf-go does (FuzzUnmarshal found it),
// and every string a request brings in must be valid before the server
// echoes it (flow ids) or other clients could not read the answer.
// Marshalling with the generated code is then safe: everything sent was
// checked on the way in.
func (Codec) Unmarshal(data mem.BufferSlice, v any) error {
	return std.Unmarshal(data, v)
}
