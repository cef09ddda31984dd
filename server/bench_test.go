package server_test

import (
	"context"
	"errors"
	"io"
	"strconv"
	"testing"

	"github.com/netverdict/netverdict/evaluator/corpus"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
	"github.com/netverdict/netverdict/server"

	netverdict "github.com/netverdict/netverdict/clients/go"
)

// BenchmarkEvaluateStream measures EvaluateStream over loopback, client and
// server in this process, on the large corpus, per decision view. One op is
// one flow; see also tools/loadtest for the two-process figure.
func BenchmarkEvaluateStream(b *testing.B) {
	cfg, flows := corpus.Generate(corpus.Large, 1)
	t := &testing.T{}
	ts := start(t, server.Options{})
	b.Cleanup(func() { ts.stop(t) })
	ctx := context.Background()
	snap, err := ts.client.CreateSnapshot(ctx, netverdict.NetworkConfigSource(apiconv.ModelToNetworkConfig(cfg)))
	if err != nil {
		b.Fatal(err)
	}
	const batch = 1000
	var batches []*netverdictv1.EvaluateStreamRequest
	// Leave out any flow the API refuses (the corpus once generated icmpv6
	// between IPv4 addresses; evaluator/corpus now tests it does not).
	var valid []*netverdictv1.Flow
	for i := range flows {
		pf := apiconv.FlowToProto(&flows[i])
		if _, err := apiconv.FlowFromProto(pf, 0); err == nil {
			pf.Id = strconv.Itoa(i)
			valid = append(valid, pf)
		}
	}
	for i := 0; i+batch <= len(valid); i += batch {
		fb := &netverdictv1.FlowBatch{Flows: valid[i : i+batch]}
		batches = append(batches, &netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Flows{Flows: fb}})
	}
	for _, view := range []netverdictv1.DecisionView{
		netverdictv1.DecisionView_DECISION_VIEW_FULL,
		netverdictv1.DecisionView_DECISION_VIEW_BASIC,
		netverdictv1.DecisionView_DECISION_VIEW_VERDICT,
	} {
		b.Run(view.String(), func(b *testing.B) {
			stream, err := ts.client.Decisions().EvaluateStream(ctx)
			if err != nil {
				b.Fatal(err)
			}
			cfgMsg := &netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Config{Config: &netverdictv1.StreamConfig{
				Source:  netverdict.SnapshotSource(snap.GetName()),
				Options: &netverdictv1.EvaluationOptions{View: view},
			}}}
			if err := stream.Send(cfgMsg); err != nil {
				b.Fatal(err)
			}
			nb := (b.N + batch - 1) / batch
			b.ResetTimer()
			go func() {
				for i := range nb {
					if stream.Send(batches[i%len(batches)]) != nil {
						return
					}
				}
				stream.CloseSend()
			}()
			got := 0
			for {
				resp, err := stream.Recv()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				got += len(resp.GetDecisions())
			}
			if got != nb*batch {
				b.Fatalf("%d decisions, want %d", got, nb*batch)
			}
			b.ReportMetric(float64(got)/b.Elapsed().Seconds(), "flows/s")
		})
	}
}

// BenchmarkWhatIf measures AnalysisService.WhatIf over loopback on the
// large corpus, verdict view, base against a proposed config where one
// group (one-group: a typical pull request) or every tenth group
// (tenth-of-groups) lost its last rule; one op is one flow.
func BenchmarkWhatIf(b *testing.B) {
	for _, tc := range []struct {
		name  string
		every int
	}{{"one-group", 1 << 30}, {"tenth-of-groups", 10}} {
		b.Run(tc.name, func(b *testing.B) { benchWhatIf(b, tc.every) })
	}
}

func benchWhatIf(b *testing.B, every int) {
	cfg, flows := corpus.Generate(corpus.Large, 1)
	prop, err := apiconv.NetworkConfigToModel(apiconv.ModelToNetworkConfig(cfg))
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < len(prop.SecurityGroups); i += every {
		if g := &prop.SecurityGroups[i]; len(g.Rules) > 0 {
			g.Rules = g.Rules[:len(g.Rules)-1]
		}
	}
	t := &testing.T{}
	ts := start(t, server.Options{})
	b.Cleanup(func() { ts.stop(t) })
	ctx := context.Background()
	sb, err := ts.client.CreateSnapshot(ctx, netverdict.NetworkConfigSource(apiconv.ModelToNetworkConfig(cfg)))
	if err != nil {
		b.Fatal(err)
	}
	sp, err := ts.client.CreateSnapshot(ctx, netverdict.NetworkConfigSource(apiconv.ModelToNetworkConfig(prop)))
	if err != nil {
		b.Fatal(err)
	}
	const batch = 1000
	var reqs []*netverdictv1.WhatIfRequest
	var valid []*netverdictv1.Flow
	for i := range flows {
		pf := apiconv.FlowToProto(&flows[i])
		if _, err := apiconv.FlowFromProto(pf, 0); err == nil {
			valid = append(valid, pf)
		}
	}
	for i := 0; i+batch <= len(valid); i += batch {
		reqs = append(reqs, &netverdictv1.WhatIfRequest{Message: &netverdictv1.WhatIfRequest_Flows{Flows: &netverdictv1.FlowBatch{Flows: valid[i : i+batch]}}})
	}
	st, err := netverdictv1.NewAnalysisServiceClient(ts.client.Conn()).WhatIf(ctx)
	if err != nil {
		b.Fatal(err)
	}
	st.Send(&netverdictv1.WhatIfRequest{Message: &netverdictv1.WhatIfRequest_Config{Config: &netverdictv1.WhatIfConfig{
		Base: netverdict.SnapshotSource(sb.GetName()), Proposed: netverdict.SnapshotSource(sp.GetName()),
		Options: &netverdictv1.EvaluationOptions{View: netverdictv1.DecisionView_DECISION_VIEW_VERDICT},
	}}})
	nb := (b.N + batch - 1) / batch
	b.ResetTimer()
	go func() {
		for i := range nb {
			if st.Send(reqs[i%len(reqs)]) != nil {
				return
			}
		}
		st.CloseSend()
	}()
	got := 0
	for {
		m, err := st.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		got += len(m.GetComparisons().GetComparisons())
	}
	if got != nb*batch {
		b.Fatalf("%d comparisons, want %d", got, nb*batch)
	}
	b.ReportMetric(float64(got)/b.Elapsed().Seconds(), "flows/s")
}
