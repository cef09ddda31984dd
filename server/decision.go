package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/path"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
)

// decisionService implements netverdict.v1.DecisionService.
type decisionService struct {
	netverdictv1.UnimplementedDecisionServiceServer
	s *Server
}

// ctxCheckEvery is how many flows are evaluated between two looks at the
// call's deadline: often enough to stop a cancelled 10,000-flow request
// within a millisecond, rarely enough to cost nothing.
const ctxCheckEvery = 256

// Evaluate judges the flows of one request.
func (ds *decisionService) Evaluate(ctx context.Context, req *netverdictv1.EvaluateRequest) (*netverdictv1.EvaluateResponse, error) {
	s := ds.s
	n := len(req.GetFlows())
	if n > s.limits.MaxFlowsPerRequest {
		return nil, resourceExhausted("flows", fmt.Sprintf(
			"flows: %d flows in one request, the limit is %d; send more with EvaluateStream", n, s.limits.MaxFlowsPerRequest))
	}
	if !s.inflight.tryAcquire(int64(n)) {
		return nil, resourceExhausted("server.inflight_flows", fmt.Sprintf(
			"the server is evaluating its limit of %d flows at once; retry later", s.limits.MaxInflightFlows))
	}
	defer s.inflight.release(int64(n))

	set, err := settingsFromProto(req.GetOptions(), "")
	if err != nil {
		return nil, err
	}
	snap, err := s.compiled("config", req.GetConfig())
	if err != nil {
		return nil, err
	}
	flows, err := flowsAt(req.GetFlows(), 0)
	if err != nil {
		return nil, err
	}
	out, t, err := evaluateBatch(ctx, snap, set, flows, 0)
	s.metrics.add(t)
	addFlows(ctx, n)
	if err != nil {
		return nil, err
	}
	return &netverdictv1.EvaluateResponse{Decisions: out}, nil
}

// settings are a request's evaluation options, checked.
type settings struct {
	opts model.Options
	view netverdictv1.DecisionView
}

// settingsFromProto checks evaluation options; prefix goes in front of
// their field paths ("config." in a stream's first message).
func settingsFromProto(o *netverdictv1.EvaluationOptions, prefix string) (settings, error) {
	opts, err := apiconv.OptionsFromProto(o)
	if err == nil {
		var view netverdictv1.DecisionView
		view, err = apiconv.ViewFromProto(o)
		if err == nil {
			return settings{opts: opts, view: view}, nil
		}
	}
	if prefix != "" {
		err = apiconv.Prefix(strings.TrimSuffix(prefix, "."), err)
	}
	return settings{}, invalidArgument(prefix+"options", err)
}

// evaluateBatch judges flows in order; base is the index of flows[0] in
// the request or stream, for error paths. Every flow the configuration
// cannot place is reported (up to a bound), not only the first.
func evaluateBatch(ctx context.Context, snap *path.Snapshot, set settings, flows []model.Flow, base int) ([]*netverdictv1.Decision, *tally, error) {
	out := make([]*netverdictv1.Decision, len(flows))
	results := make([]partResult, partsFor(len(flows)))
	inParts(len(flows), func(p, lo, hi int) {
		evaluatePart(ctx, snap, set, flows[lo:hi], out[lo:hi], base+lo, &results[p])
	})
	t := &results[0].t
	var errs apiconv.FieldErrors
	for p := range results {
		r := &results[p]
		if p > 0 {
			t.merge(&r.t)
		}
		if r.ctxErr != nil {
			return nil, t, status.FromContextError(r.ctxErr).Err()
		}
		if room := maxFlowErrors - len(errs); room > 0 {
			errs = append(errs, r.errs[:min(room, len(r.errs))]...)
		}
	}
	if err := flowsError(errs); err != nil {
		return nil, t, err
	}
	return out, t, nil
}

// flowsError is the INVALID_ARGUMENT status of the flow problems errs, or
// nil when there are none.
func flowsError(errs apiconv.FieldErrors) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return invalidArgument("flows", errs[0])
	}
	return invalidArgument("flows", errs)
}

// partResult is what one part of a batch evaluation found.
type partResult struct {
	t      tally
	errs   apiconv.FieldErrors
	ctxErr error
}

// evaluatePart judges flows into out (same length); base is the index of
// flows[0] in the request or stream.
func evaluatePart(ctx context.Context, snap *path.Snapshot, set settings, flows []model.Flow, out []*netverdictv1.Decision, base int, r *partResult) {
	var d model.Decision
	for i := range flows {
		if i%ctxCheckEvery == 0 && ctx.Err() != nil {
			r.ctxErr = ctx.Err()
			return
		}
		if err := snap.Evaluate(&flows[i], set.opts, &d); err != nil {
			if len(r.errs) < maxFlowErrors {
				r.errs = append(r.errs, apiconv.Violations(apiconv.FlowErrorAt(base+i, err))...)
			}
			continue
		}
		r.t.count(&d)
		out[i] = apiconv.DecisionToProtoView(&d, &flows[i], set.view)
	}
}

// maxFlowErrors bounds the flows reported in one error.
const maxFlowErrors = 100

// streamResponseBatch bounds the decisions in one EvaluateStream response,
// so that a response stays well under a client's default 4 MiB receive
// limit however large the caller's request batches are.
const streamResponseBatch = 1000

// EvaluateStream judges a stream of flow batches. A receiving goroutine
// reads and converts the next batch while the handler evaluates and sends
// the current one, so one stream keeps two cores busy. Memory stays
// bounded: at most recvAhead batches wait between the two, and a client
// that stops reading blocks the server's Send (HTTP/2 flow control), which
// stops the handler taking batches, which stops the receiver reading,
// which blocks the client's sends.
func (ds *decisionService) EvaluateStream(stream grpc.BidiStreamingServer[netverdictv1.EvaluateStreamRequest, netverdictv1.EvaluateStreamResponse]) error {
	s := ds.s
	ctx := stream.Context()
	if !s.streams.tryAcquire(1) {
		return resourceExhausted("server.streams", fmt.Sprintf(
			"the server is serving its limit of %d evaluation streams; retry later", s.limits.MaxStreams))
	}
	defer s.streams.release(1)

	first, err := stream.Recv()
	if errors.Is(err, io.EOF) {
		return nil
	}
	if err != nil {
		return err
	}
	sc := first.GetConfig()
	if sc == nil {
		return invalidArgument("config", &apiconv.FieldError{Field: "config",
			Description: "the first message of a stream must carry config (the configuration source and options)"})
	}
	set, err := settingsFromProto(sc.GetOptions(), "config.")
	if err != nil {
		return err
	}
	snap, err := s.compiled("config.source", sc.GetSource())
	if err != nil {
		return err
	}

	// The receiver stops on its own when the call ends (Recv fails then);
	// the handler does not wait for it, since a client that keeps the
	// stream open would block that wait.
	batches := make(chan recvBatch, recvAhead)
	go s.receive(ctx, stream, batches)
	for b := range batches {
		if b.err != nil {
			return b.err
		}
		decisions, t, err := evaluateBatch(ctx, snap, set, b.flows, b.base)
		s.metrics.add(t)
		addFlows(ctx, len(b.flows))
		if err != nil {
			return err
		}
		for len(decisions) > 0 {
			k := min(len(decisions), streamResponseBatch)
			if err := stream.Send(&netverdictv1.EvaluateStreamResponse{Decisions: decisions[:k]}); err != nil {
				return err
			}
			decisions = decisions[k:]
		}
	}
	return nil
}

// flowReceiver is the receiving side of a stream of flow batches.
type flowReceiver interface {
	Recv() (*netverdictv1.EvaluateStreamRequest, error)
}

// recvAhead is how many converted batches may wait for evaluation.
const recvAhead = 2

// recvBatch is one received and converted batch of a stream, or the error
// that ends the stream.
type recvBatch struct {
	flows []model.Flow
	base  int // index of flows[0] in the stream
	err   error
}

// receive reads the flow batches of a stream after its first message,
// checks the limits and converts the flows, and passes them on in order.
// It closes out after the last batch; an error is passed as the last one.
func (s *Server) receive(ctx context.Context, stream flowReceiver, out chan<- recvBatch) {
	defer close(out)
	send := func(b recvBatch) bool {
		select {
		case out <- b:
			return b.err == nil
		case <-ctx.Done():
			return false
		}
	}
	total := 0
	for {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			send(recvBatch{err: err})
			return
		}
		batch := req.GetFlows()
		if batch == nil {
			send(recvBatch{err: invalidArgument("config", &apiconv.FieldError{Field: "config",
				Description: fmt.Sprintf("only the first message of a stream may carry config; a later one (after %d flows) does too", total)})})
			return
		}
		n := len(batch.GetFlows())
		if n > s.limits.MaxFlowsPerRequest {
			send(recvBatch{err: resourceExhausted("flows", fmt.Sprintf(
				"flows: %d flows in one stream message, the limit is %d; send smaller batches", n, s.limits.MaxFlowsPerRequest))})
			return
		}
		if s.limits.MaxFlowsPerStream > 0 && int64(total)+int64(n) > s.limits.MaxFlowsPerStream {
			send(recvBatch{err: resourceExhausted("stream.flows", fmt.Sprintf(
				"the stream reached its limit of %d flows; open a new stream for more", s.limits.MaxFlowsPerStream))})
			return
		}
		flows, err := flowsAt(batch.GetFlows(), total)
		if !send(recvBatch{flows: flows, base: total, err: err}) {
			return
		}
		total += n
	}
}

// flowsAt converts a stream batch whose first flow is number base of the
// stream; error paths count from the start of the stream ("flows[1042]").
func flowsAt(in []*netverdictv1.Flow, base int) ([]model.Flow, error) {
	out := make([]model.Flow, len(in))
	var errs apiconv.FieldErrors
	for i, pf := range in {
		f, err := apiconv.FlowFromProto(pf, base+i) // paths already say flows[base+i]
		if err != nil {
			if len(errs) < maxFlowErrors {
				errs = append(errs, apiconv.Violations(err)...)
			}
			continue
		}
		out[i] = f
	}
	if err := flowsError(errs); err != nil {
		return nil, err
	}
	return out, nil
}
