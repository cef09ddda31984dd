package server_test

import (
	"context"
	"errors"
	"io"
	"os"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/server"
)

// seedSource is the seed network with one security-group document, as
// AWS documents.
func seedSource(t *testing.T, sg string) *netverdictv1.ConfigSource {
	t.Helper()
	var docs []*netverdictv1.AwsDocument
	for _, f := range []string{"network.json", sg} {
		b, err := os.ReadFile("../cmd/netverdict/testdata/seed/" + f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, &netverdictv1.AwsDocument{Name: f, Content: b})
	}
	return &netverdictv1.ConfigSource{Source: &netverdictv1.ConfigSource_AwsDocuments{AwsDocuments: &netverdictv1.AwsDocuments{Documents: docs}}}
}

// TestWhatIf: the seed scenario through AnalysisService.WhatIf:
// comparisons in order, the existing connection's fate, then the summary.
func TestWhatIf(t *testing.T) {
	ts := start(t, server.Options{})
	ctx := context.Background()
	st, err := netverdictv1.NewAnalysisServiceClient(ts.client.Conn()).WhatIf(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.Send(&netverdictv1.WhatIfRequest{Message: &netverdictv1.WhatIfRequest_Config{Config: &netverdictv1.WhatIfConfig{
		Base: seedSource(t, "sg-open.json"), Proposed: seedSource(t, "sg-after.json"),
		Options: &netverdictv1.EvaluationOptions{View: netverdictv1.DecisionView_DECISION_VIEW_VERDICT},
	}}})
	p := func(v uint32) *uint32 { return &v }
	flows := []*netverdictv1.Flow{
		{Id: "session", Source: &netverdictv1.Endpoint{Ip: "198.51.100.7"}, Destination: &netverdictv1.Endpoint{Ip: "34.240.1.15"},
			Protocol: "tcp", SourcePort: p(50022), DestinationPort: p(22), State: netverdictv1.ConnectionState_CONNECTION_STATE_ESTABLISHED},
		{Id: "new", Source: &netverdictv1.Endpoint{Ip: "198.51.100.7"}, Destination: &netverdictv1.Endpoint{Ip: "34.240.1.15"},
			Protocol: "tcp", SourcePort: p(50023), DestinationPort: p(22)},
	}
	st.Send(&netverdictv1.WhatIfRequest{Message: &netverdictv1.WhatIfRequest_Flows{Flows: &netverdictv1.FlowBatch{Flows: flows}}})
	st.CloseSend()
	var got []*netverdictv1.FlowComparison
	var sum *netverdictv1.WhatIfSummary
	for {
		m, err := st.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, m.GetComparisons().GetComparisons()...)
		if m.GetSummary() != nil {
			sum = m.GetSummary()
		}
	}
	if len(got) != 2 || got[0].GetFlowId() != "session" || got[1].GetFlowId() != "new" {
		t.Fatalf("comparisons %v", got)
	}
	if got[0].GetChange() != netverdictv1.Change_CHANGE_NEWLY_DENIED || got[0].GetExisting().GetFate() != netverdictv1.ExistingConnection_FATE_CUT {
		t.Errorf("untracked session: %v, want newly denied and cut", got[0])
	}
	if got[1].GetChange() != netverdictv1.Change_CHANGE_NEWLY_DENIED || got[1].GetExisting() != nil {
		t.Errorf("new connection: %v", got[1])
	}
	if sum.GetFlows() != 2 || sum.GetExistingCut() != 1 || len(sum.GetRules()) == 0 {
		t.Errorf("summary %v", sum)
	}

	// The same through stored snapshots (the comparison reads their
	// configurations from the store).
	sb, err := ts.client.CreateSnapshot(ctx, seedSource(t, "sg-open.json"))
	if err != nil {
		t.Fatal(err)
	}
	sp, err := ts.client.CreateSnapshot(ctx, seedSource(t, "sg-after.json"))
	if err != nil {
		t.Fatal(err)
	}
	st3, _ := netverdictv1.NewAnalysisServiceClient(ts.client.Conn()).WhatIf(ctx)
	st3.Send(&netverdictv1.WhatIfRequest{Message: &netverdictv1.WhatIfRequest_Config{Config: &netverdictv1.WhatIfConfig{
		Base:     &netverdictv1.ConfigSource{Source: &netverdictv1.ConfigSource_Snapshot{Snapshot: sb.GetName()}},
		Proposed: &netverdictv1.ConfigSource{Source: &netverdictv1.ConfigSource_Snapshot{Snapshot: sp.GetName()}},
	}}})
	st3.Send(&netverdictv1.WhatIfRequest{Message: &netverdictv1.WhatIfRequest_Flows{Flows: &netverdictv1.FlowBatch{Flows: flows}}})
	st3.CloseSend()
	var viaSnap []*netverdictv1.FlowComparison
	for {
		m, err := st3.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		viaSnap = append(viaSnap, m.GetComparisons().GetComparisons()...)
	}
	if len(viaSnap) != 2 || viaSnap[0].GetChange() != got[0].GetChange() || viaSnap[1].GetChange() != got[1].GetChange() ||
		viaSnap[0].GetExisting().GetFate() != got[0].GetExisting().GetFate() {
		t.Errorf("through snapshots: %v\ninline: %v", viaSnap, got)
	}

	// Both sources are required.
	st2, _ := netverdictv1.NewAnalysisServiceClient(ts.client.Conn()).WhatIf(ctx)
	st2.Send(&netverdictv1.WhatIfRequest{Message: &netverdictv1.WhatIfRequest_Config{Config: &netverdictv1.WhatIfConfig{Base: seedSource(t, "sg-open.json")}}})
	if _, err := st2.Recv(); status.Code(err) != codes.InvalidArgument {
		t.Errorf("no proposed config: %v", err)
	}
}
