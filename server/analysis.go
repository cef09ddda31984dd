package server

import (
	"context"
	"errors"
	"fmt"
	"io"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/whatif"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
)

// analysisService implements netverdict.v1.AnalysisService.
type analysisService struct {
	netverdictv1.UnimplementedAnalysisServiceServer
	s *Server
}

// summaryTop bounds the destination and rule lists of a WhatIf summary.
const summaryTop = 100

// WhatIf compares a stream of flows under two configurations, with the
// same receive pipeline, limits and flow control as EvaluateStream.
func (as *analysisService) WhatIf(stream grpc.BidiStreamingServer[netverdictv1.WhatIfRequest, netverdictv1.WhatIfResponse]) error {
	s := as.s
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
	wc := first.GetConfig()
	if wc == nil {
		return invalidArgument("config", &apiconv.FieldError{Field: "config",
			Description: "the first message of a stream must carry config (base and proposed configuration sources)"})
	}
	if wc.GetBase() == nil || wc.GetProposed() == nil {
		return invalidArgument("config", &apiconv.FieldError{Field: "config",
			Description: "give both config.base and config.proposed (a snapshot name, a typed config or AWS documents each)"})
	}
	set, err := settingsFromProto(wc.GetOptions(), "config.")
	if err != nil {
		return err
	}
	base, baseCfg, err := s.resolve("config.base", wc.GetBase(), true)
	if err != nil {
		return err
	}
	proposed, propCfg, err := s.resolve("config.proposed", wc.GetProposed(), true)
	if err != nil {
		return err
	}
	pair := whatif.NewPairCompiled(base, proposed, baseCfg, propCfg)
	// Reuse EvaluateStream's receiver: a WhatIfRequest's flows are read
	// through a thin adapter.
	batches := make(chan recvBatch, recvAhead)
	go s.receive(ctx, whatIfStream{stream}, batches)
	var sum whatif.Summary
	for b := range batches {
		if b.err != nil {
			return b.err
		}
		out, err := compareBatch(ctx, pair, set, b.flows, b.base, &sum)
		addFlows(ctx, len(b.flows))
		if err != nil {
			return err
		}
		for len(out) > 0 {
			k := min(len(out), streamResponseBatch)
			msg := &netverdictv1.WhatIfResponse{Message: &netverdictv1.WhatIfResponse_Comparisons{
				Comparisons: &netverdictv1.FlowComparisonBatch{Comparisons: out[:k]}}}
			if err := stream.Send(msg); err != nil {
				return err
			}
			out = out[k:]
		}
	}
	return stream.Send(&netverdictv1.WhatIfResponse{Message: &netverdictv1.WhatIfResponse_Summary{
		Summary: apiconv.SummaryToProto(&sum, summaryTop)}})
}

// compareBatch compares a batch of flows, split over the cores like
// evaluateBatch, and adds their counts to sum. base is the index of
// flows[0] in the stream, for error paths.
func compareBatch(ctx context.Context, pair *whatif.Pair, set settings, flows []model.Flow, base int, sum *whatif.Summary) ([]*netverdictv1.FlowComparison, error) {
	out := make([]*netverdictv1.FlowComparison, len(flows))
	type result struct {
		sum    whatif.Summary
		errs   apiconv.FieldErrors
		ctxErr error
	}
	results := make([]result, partsFor(len(flows)))
	inParts(len(flows), func(p, lo, hi int) {
		r := &results[p]
		var c whatif.Comparison
		for i := lo; i < hi; i++ {
			if (i-lo)%ctxCheckEvery == 0 && ctx.Err() != nil {
				r.ctxErr = ctx.Err()
				return
			}
			f := &flows[i]
			if err := pair.Compare(f, set.opts, &c); err != nil {
				var se *whatif.SideError
				if errors.As(err, &se) && len(r.errs) < maxFlowErrors {
					for _, v := range apiconv.Violations(apiconv.FlowErrorAt(base+i, se.Err)) {
						v.Description = se.Side + " configuration: " + v.Description
						r.errs = append(r.errs, v)
					}
				}
				continue
			}
			r.sum.Add(f, &c)
			out[i] = apiconv.ComparisonToProto(&c, f, set.view)
		}
	})
	var errs apiconv.FieldErrors
	for p := range results {
		r := &results[p]
		if r.ctxErr != nil {
			return nil, status.FromContextError(r.ctxErr).Err()
		}
		errs = append(errs, r.errs...)
		sum.Merge(&r.sum)
	}
	if err := flowsError(errs[:min(len(errs), maxFlowErrors)]); err != nil {
		return nil, err
	}
	return out, nil
}

// whatIfStream adapts a WhatIf stream to the receiver, which reads
// EvaluateStreamRequest messages: it turns each WhatIfRequest's flows into
// one, and a config message into one without flows (refused as a second
// config).
type whatIfStream struct {
	s grpc.BidiStreamingServer[netverdictv1.WhatIfRequest, netverdictv1.WhatIfResponse]
}

func (w whatIfStream) Recv() (*netverdictv1.EvaluateStreamRequest, error) {
	m, err := w.s.Recv()
	if err != nil {
		return nil, err
	}
	if fl := m.GetFlows(); fl != nil {
		return &netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Flows{Flows: fl}}, nil
	}
	return &netverdictv1.EvaluateStreamRequest{}, nil
}
