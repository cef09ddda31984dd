package netverdict

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"

	"google.golang.org/grpc"

	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// maxUnansweredFlows bounds how many flows EvaluateAll keeps the ids of
// while their decisions are outstanding. HTTP/2 flow control keeps the real
// number far lower (a few hundred thousand of the smallest flows at the
// largest windows); when the bound is reached the sender waits for
// decisions, so memory stays bounded whatever the server does.
const maxUnansweredFlows = 1 << 20

// maxUnansweredBatches bounds the same record in batches, for small batch
// sizes.
const maxUnansweredBatches = 1 << 16

// Evaluate judges flows against the configuration of src with
// DecisionService.Evaluate and returns one decision per flow, in order.
// opts may be nil. The request must fit the server's limits; use
// EvaluateAll for large or unbounded numbers of flows. A response whose
// decisions do not match the flows one for one fails with an error
// wrapping ErrProtocol.
func (c *Client) Evaluate(ctx context.Context, src *netverdictv1.ConfigSource, flows []*netverdictv1.Flow, opts *netverdictv1.EvaluationOptions) ([]*netverdictv1.Decision, error) {
	resp, err := c.decisions.Evaluate(ctx, &netverdictv1.EvaluateRequest{Config: src, Flows: flows, Options: opts})
	if err != nil {
		return nil, err
	}
	ds := resp.GetDecisions()
	if len(ds) != len(flows) {
		return nil, fmt.Errorf("%w: %d decisions for %d flows", ErrProtocol, len(ds), len(flows))
	}
	for i, d := range ds {
		if got, want := d.GetFlowId(), flows[i].GetId(); got != want {
			return nil, fmt.Errorf("%w: decision %d is for flow %q, want %q", ErrProtocol, i, got, want)
		}
	}
	return ds, nil
}

// EvaluateAll judges flows against the configuration of src with one
// DecisionService.EvaluateStream call and yields their decisions in flow
// order as they arrive. opts may be nil.
//
// A goroutine sends the StreamConfig and then the flows, in messages of
// the client's batch size (WithBatchSize), while the caller receives;
// sending waits for HTTP/2 flow control, so memory stays bounded however
// many flows there are and however slowly the caller consumes decisions.
// flows is iterated at most once per iteration of the result, from that
// goroutine.
//
// Each decision is checked against the flow ids sent: if the server ends
// the stream with fewer decisions than flows, sends more, or answers out of
// order, an error wrapping ErrProtocol is yielded. An error from the server
// is yielded as the gRPC status error it is (see FieldViolations). A nil
// flow, or a message over the send size limit, is yielded as an error too.
// After an error iteration stops; an error is always the last element.
//
// Stopping early (break) cancels the stream. Iteration returns only once
// the sending goroutine has exited; that goroutine stops at its next send
// or its next flow, so flows should not block indefinitely.
func (c *Client) EvaluateAll(ctx context.Context, src *netverdictv1.ConfigSource, opts *netverdictv1.EvaluationOptions, flows iter.Seq[*netverdictv1.Flow]) iter.Seq2[*netverdictv1.Decision, error] {
	return func(yield func(*netverdictv1.Decision, error) bool) {
		streamCtx, cancel := context.WithCancelCause(ctx)
		defer cancel(nil)
		stream, err := c.decisions.EvaluateStream(streamCtx)
		if err != nil {
			yield(nil, err)
			return
		}

		// pending holds, batch by batch, the ids of the flows sent and not
		// yet answered. The sender puts a batch's ids in before sending the
		// batch, so a decision's flow id is always there when the decision
		// arrives, and closes pending once every flow is sent.
		capacity := min(max((maxUnansweredFlows+c.batchSize-1)/c.batchSize, 2), maxUnansweredBatches)
		pending := make(chan []string, capacity)
		senderDone := make(chan struct{})
		go func() {
			defer close(senderDone)
			if err := sendFlows(streamCtx, stream, src, opts, flows, c.batchSize, pending); err != nil {
				cancel(err)
			}
		}()
		defer func() {
			cancel(nil)
			<-senderDone
		}()

		var (
			ids      []string // the current batch's unanswered ids
			received int      // decisions received
		)
		for {
			resp, err := stream.Recv()
			if err == io.EOF {
				if len(ids) > 0 {
					yield(nil, fmt.Errorf("%w: stream ended after %d decisions, flow %q unanswered", ErrProtocol, received, ids[0]))
					return
				}
				select {
				case next, ok := <-pending:
					if ok {
						yield(nil, fmt.Errorf("%w: stream ended after %d decisions, flow %q unanswered", ErrProtocol, received, next[0]))
					}
					// Closed and drained: every flow was answered.
				default:
					yield(nil, fmt.Errorf("%w: stream ended after %d decisions, before all flows were sent", ErrProtocol, received))
				}
				return
			}
			if err != nil {
				// A failing sender cancels the stream with its reason, which
				// says more than the Canceled status Recv then reports.
				if cause := context.Cause(streamCtx); ctx.Err() == nil && cause != nil && !errors.Is(cause, context.Canceled) {
					err = cause
				}
				yield(nil, err)
				return
			}
			for _, d := range resp.GetDecisions() {
				if len(ids) == 0 {
					var ok bool
					select {
					case ids, ok = <-pending:
					default:
					}
					if !ok {
						yield(nil, fmt.Errorf("%w: decision %d (flow %q) is more than the flows sent", ErrProtocol, received, d.GetFlowId()))
						return
					}
				}
				if got, want := d.GetFlowId(), ids[0]; got != want {
					yield(nil, fmt.Errorf("%w: decision %d is for flow %q, want %q", ErrProtocol, received, got, want))
					return
				}
				ids = ids[1:]
				received++
				if !yield(d, nil) {
					return
				}
			}
		}
	}
}

// sendFlows sends the stream's StreamConfig and then flows in batches of
// batchSize, recording each batch's ids in pending before sending it; once
// all are sent it closes pending and half-closes the stream. It returns nil
// when the stream ended (the receiver learns why from Recv) and an error
// when sending itself failed.
func sendFlows(ctx context.Context, stream grpc.BidiStreamingClient[netverdictv1.EvaluateStreamRequest, netverdictv1.EvaluateStreamResponse],
	src *netverdictv1.ConfigSource, opts *netverdictv1.EvaluationOptions, flows iter.Seq[*netverdictv1.Flow], batchSize int, pending chan<- []string) error {
	send := func(req *netverdictv1.EvaluateStreamRequest) (stop bool, err error) {
		err = stream.Send(req)
		if err == io.EOF {
			return true, nil // the stream ended; Recv reports the status
		}
		// Any other error is the client's own (a message over the size
		// limit, say), a gRPC status that also ends the stream.
		return err != nil, err
	}
	if stop, err := send(&netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Config{
		Config: &netverdictv1.StreamConfig{Source: src, Options: opts},
	}}); stop {
		return err
	}

	batch := make([]*netverdictv1.Flow, 0, batchSize)
	var ids []string
	n := 0
	flush := func() (stop bool, err error) {
		select {
		case pending <- ids:
		case <-ctx.Done():
			return true, nil
		}
		stop, err = send(&netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Flows{
			Flows: &netverdictv1.FlowBatch{Flows: batch},
		}})
		// Send has marshalled the batch: reuse its slice, dropping the
		// references to the sent flows. The ids now belong to the receiver.
		clear(batch)
		batch, ids = batch[:0], make([]string, 0, batchSize)
		return stop, err
	}
	ids = make([]string, 0, batchSize)
	for f := range flows {
		if ctx.Err() != nil {
			return nil
		}
		if f == nil {
			return fmt.Errorf("netverdict: flow %d is nil", n)
		}
		n++
		batch = append(batch, f)
		ids = append(ids, f.GetId())
		if len(batch) == batchSize {
			if stop, err := flush(); stop {
				return err
			}
		}
	}
	if len(batch) > 0 {
		if stop, err := flush(); stop {
			return err
		}
	}
	close(pending)
	if err := stream.CloseSend(); err != nil {
		return fmt.Errorf("netverdict: closing EvaluateStream: %w", err)
	}
	return nil
}
