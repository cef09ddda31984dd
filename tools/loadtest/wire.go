package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"google.golang.org/grpc"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// Field numbers of the messages the wire mode encodes and decodes by hand.
const (
	fieldStreamRequestFlows = 2 // EvaluateStreamRequest.flows
	fieldFlowBatchFlows     = 1 // FlowBatch.flows
	fieldFlowID             = 1 // Flow.id
	fieldResponseDecisions  = 1 // EvaluateStreamResponse.decisions
	fieldDecisionFlowID     = 1 // Decision.flow_id
	fieldDecisionVerdict    = 2 // Decision.verdict
)

// wireMsg is a message already in protobuf wire format; wireCodec sends
// and receives it as is. The bytes are the gRPC message, without framing.
type wireMsg struct{ b []byte }

// wireCodec is the proto codec, except that *wireMsg values pass through
// unencoded. It keeps the name "proto" so the server sees an ordinary
// application/grpc+proto call.
type wireCodec struct{ proto encoding.CodecV2 }

func newWireCodec() wireCodec { return wireCodec{proto: encoding.GetCodecV2("proto")} }

func (c wireCodec) Name() string { return "proto" }

// Marshal copies a wireMsg into a pooled buffer: the transport writes it
// after SendMsg returns, and the caller reuses its own bytes.
func (c wireCodec) Marshal(v any) (mem.BufferSlice, error) {
	if m, ok := v.(*wireMsg); ok {
		return mem.BufferSlice{mem.Copy(m.b, mem.DefaultBufferPool())}, nil
	}
	return c.proto.Marshal(v)
}

func (c wireCodec) Unmarshal(data mem.BufferSlice, v any) error {
	if m, ok := v.(*wireMsg); ok {
		m.b = m.b[:0]
		for _, b := range data {
			m.b = append(m.b, b.ReadOnlyData()...)
		}
		return nil
	}
	return c.proto.Unmarshal(data, v)
}

// wireRunner returns the stream's run function in wire mode: the corpus
// flows are encoded once without their ids, and each batch message is
// assembled from those bytes and fresh ids; decisions are decoded only as
// far as their flow id and verdict.
func (j *streamJob) wireRunner() (func(context.Context) error, error) {
	bodies := make([][]byte, len(j.c.protos))
	for i, p := range j.c.protos {
		f := proto.CloneOf(p)
		f.Id = ""
		b, err := proto.MarshalOptions{Deterministic: true}.Marshal(f)
		if err != nil {
			return nil, fmt.Errorf("encoding flow %d: %w", i, err)
		}
		bodies[i] = b
	}
	cfg, err := proto.Marshal(j.streamConfig())
	if err != nil {
		return nil, fmt.Errorf("encoding stream config: %w", err)
	}
	desc := &netverdictv1.DecisionService_ServiceDesc.Streams[0]
	if desc.StreamName != "EvaluateStream" {
		return nil, fmt.Errorf("unexpected stream %q in the service descriptor", desc.StreamName)
	}

	return func(ctx context.Context) error {
		ctx, cancel := context.WithCancelCause(ctx)
		defer cancel(nil)
		stream, err := j.cc.NewStream(ctx, desc, netverdictv1.DecisionService_EvaluateStream_FullMethodName,
			grpc.ForceCodecV2(newWireCodec()))
		if err != nil {
			return fmt.Errorf("opening EvaluateStream: %w", err)
		}
		senderDone := make(chan struct{})
		go func() {
			defer close(senderDone)
			if err := stream.SendMsg(&wireMsg{b: cfg}); err != nil {
				if err != io.EOF {
					cancel(fmt.Errorf("sending config: %w", err))
				}
				return
			}
			var batch, msg, id []byte
			pos := 0
			for sent := uint64(0); sent < j.count; {
				n := min(uint64(j.batch), j.count-sent)
				batch = batch[:0]
				for i := range n {
					body := bodies[pos]
					pos = (pos + 1) % len(bodies)
					id = appendUint(id[:0], j.first+sent+i)
					batch = protowire.AppendTag(batch, fieldFlowBatchFlows, protowire.BytesType)
					batch = protowire.AppendVarint(batch, uint64(protowire.SizeTag(fieldFlowID)+protowire.SizeBytes(len(id))+len(body)))
					batch = protowire.AppendTag(batch, fieldFlowID, protowire.BytesType)
					batch = protowire.AppendBytes(batch, id)
					batch = append(batch, body...)
				}
				msg = protowire.AppendTag(msg[:0], fieldStreamRequestFlows, protowire.BytesType)
				msg = protowire.AppendBytes(msg, batch)
				if err := stream.SendMsg(&wireMsg{b: msg}); err != nil {
					if err != io.EOF {
						cancel(fmt.Errorf("sending flows: %w", err))
					}
					return
				}
				sent += n
			}
			if err := stream.CloseSend(); err != nil {
				cancel(fmt.Errorf("closing the send side: %w", err))
			}
		}()
		defer func() { cancel(nil); <-senderDone }()

		want := j.first
		var resp wireMsg
		for {
			err := stream.RecvMsg(&resp)
			if err == io.EOF {
				break
			}
			if err != nil {
				if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
					return cause
				}
				return fmt.Errorf("receiving decisions: %w", err)
			}
			if err := j.decodeDecisions(resp.b, &want); err != nil {
				return err
			}
		}
		if got := want - j.first; got != j.count {
			return fmt.Errorf("stream ended after %d decisions for %d flows", got, j.count)
		}
		return nil
	}, nil
}

// decodeDecisions walks an encoded EvaluateStreamResponse, checking that
// each decision's flow id is *want (then incrementing it) and counting
// verdicts.
func (j *streamJob) decodeDecisions(b []byte, want *uint64) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return fmt.Errorf("decoding response: %w", protowire.ParseError(n))
		}
		b = b[n:]
		if num != fieldResponseDecisions || typ != protowire.BytesType {
			n = protowire.ConsumeFieldValue(num, typ, b)
			if n < 0 {
				return fmt.Errorf("decoding response: %w", protowire.ParseError(n))
			}
			b = b[n:]
			continue
		}
		d, n := protowire.ConsumeBytes(b)
		if n < 0 {
			return fmt.Errorf("decoding decision: %w", protowire.ParseError(n))
		}
		b = b[n:]
		id, verdict, err := decodeDecision(d)
		if err != nil {
			return fmt.Errorf("decision %d: %w", *want-j.first, err)
		}
		if got, ok := parseUint(id); !ok || got != *want {
			return fmt.Errorf("decision %d is for flow %q, want %d", *want-j.first, id, *want)
		}
		*want++
		j.verdicts.add(netverdictv1.Verdict(verdict))
	}
	return nil
}

// decodeDecision returns an encoded Decision's flow id and verdict.
func decodeDecision(b []byte) (id []byte, verdict uint64, err error) {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, 0, protowire.ParseError(n)
		}
		b = b[n:]
		switch {
		case num == fieldDecisionFlowID && typ == protowire.BytesType:
			id, n = protowire.ConsumeBytes(b)
		case num == fieldDecisionVerdict && typ == protowire.VarintType:
			verdict, n = protowire.ConsumeVarint(b)
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return nil, 0, protowire.ParseError(n)
		}
		b = b[n:]
	}
	return id, verdict, nil
}

// appendUint appends the decimal digits of v.
func appendUint(b []byte, v uint64) []byte {
	var tmp [20]byte
	i := len(tmp)
	for {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return append(b, tmp[i:]...)
}

// parseUint parses decimal digits without allocating.
func parseUint(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	return v, true
}
