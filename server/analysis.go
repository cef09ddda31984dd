package server

import (
	"errors"
	"fmt"
	"io"

	"google.golang.org/grpc"

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
	base, err := s.compiled("config.base", wc.GetBase())
	if err != nil {
		return err
	}
	proposed, err := s.compiled("config.proposed", wc.GetProposed())
	if err != nil {
		return err
	}
	// Reuse EvaluateStream's receiver: a WhatIfRequest's flows are read
	// through a thin adapter.
	batches := make(chan recvBatch, recvAhead)
	go s.receive(ctx, whatIfStream{stream}, batches)
	var (
		sum whatif.Summary
		c   whatif.Comparison
	)
	for b := range batches {
		if b.err != nil {
			return b.err
		}
		out := make([]*netverdictv1.FlowComparison, 0, len(b.flows))
		var errs apiconv.FieldErrors
		for i := range b.flows {
			if i%ctxCheckEvery == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			f := &b.flows[i]
			if err := whatif.Compare(base, proposed, f, set.opts, &c); err != nil {
				var se *whatif.SideError
				if errors.As(err, &se) && len(errs) < maxFlowErrors {
					for _, v := range apiconv.Violations(apiconv.FlowErrorAt(b.base+i, se.Err)) {
						v.Description = se.Side + " configuration: " + v.Description
						errs = append(errs, v)
					}
				}
				continue
			}
			sum.Add(f, &c)
			out = append(out, apiconv.ComparisonToProto(&c, f, set.view))
		}
		addFlows(ctx, len(b.flows))
		if len(errs) > 0 {
			return invalidArgument("flows", errs)
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
