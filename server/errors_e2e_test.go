package server_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	netverdict "github.com/netverdict/netverdict/clients/go"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/server"
)

func u32(v uint32) *uint32 { return &v }

// flowTo is a valid TCP flow from the web server to the app server of the
// example network.
func flowTo(id string, port uint32) *netverdictv1.Flow {
	return &netverdictv1.Flow{Id: id, Source: &netverdictv1.Endpoint{Ip: "10.0.1.20"},
		Destination: &netverdictv1.Endpoint{Ip: "10.0.2.30"}, Protocol: "tcp", DestinationPort: u32(port)}
}

// wantViolations checks err is code with BadRequest violations whose
// fields are exactly fields (in order) and whose descriptions contain the
// matching substrings.
func wantViolations(t *testing.T, err error, fields, descs []string) {
	t.Helper()
	if status.Code(err) != codes.InvalidArgument {
		t.Fatalf("got %v, want INVALID_ARGUMENT", err)
	}
	vs := netverdict.FieldViolations(err)
	if len(vs) != len(fields) {
		t.Fatalf("violations %v, want fields %v", vs, fields)
	}
	for i, v := range vs {
		if v.GetField() != fields[i] || !strings.Contains(v.GetDescription(), descs[i]) {
			t.Errorf("violation %d = %q: %q, want %q: …%q…", i, v.GetField(), v.GetDescription(), fields[i], descs[i])
		}
	}
}

// TestBadInputs: malformed requests get INVALID_ARGUMENT with field
// violations that lead to the value; unknown snapshots NOT_FOUND.
func TestBadInputs(t *testing.T) {
	ts := start(t, server.Options{})
	ctx := context.Background()
	docs := exampleDocs()
	badSG := bytes.Replace(docs[3].Data, []byte(`"FromPort": 22`), []byte(`"FromPort": "twenty-two"`), 1)
	if !strings.Contains(docs[3].Name, "security-groups") || bytes.Equal(badSG, docs[3].Data) {
		t.Fatalf("example documents changed: %s", docs[3].Name)
	}
	badDocs := awsDocs(docs)
	badDocs.GetAwsDocuments().GetDocuments()[3].Content = badSG

	t.Run("flow fields", func(t *testing.T) {
		bad := flowTo("b", 80)
		bad.DestinationPort = u32(70000)
		noProto := flowTo("c", 80)
		noProto.Protocol = ""
		_, err := ts.client.Evaluate(ctx, nil, []*netverdictv1.Flow{flowTo("a", 80), bad, noProto}, nil)
		wantViolations(t, err, []string{"flows[1].destination_port", "flows[2].protocol"}, []string{"70000", "protocol"})
	})
	t.Run("flow contradicts config", func(t *testing.T) {
		f := flowTo("a", 80)
		f.Source = &netverdictv1.Endpoint{NetworkInterfaceId: "eni-does-not-exist"}
		_, err := ts.client.Evaluate(ctx, nil, []*netverdictv1.Flow{flowTo("ok", 80), f}, nil)
		wantViolations(t, err, []string{"flows[1].source.network_interface_id"}, []string{"eni-does-not-exist"})
	})
	t.Run("aws document", func(t *testing.T) {
		_, err := ts.client.Evaluate(ctx, badDocs, []*netverdictv1.Flow{flowTo("a", 80)}, nil)
		wantViolations(t, err, []string{"config.aws_documents.documents[3]: SecurityGroups[0].IpPermissions[0].FromPort"}, []string{"twenty-two"})
	})
	t.Run("typed config", func(t *testing.T) {
		nc := &netverdictv1.NetworkConfig{Vpcs: []*netverdictv1.Vpc{{Id: "vpc-1", CidrBlocks: []string{"10.0.0.300/16"}}}}
		_, err := ts.client.Evaluate(ctx, netverdict.NetworkConfigSource(nc), nil, nil)
		wantViolations(t, err, []string{"config.network_config.vpcs[0].cidr_blocks[0]"}, []string{"10.0.0.300/16"})
	})
	t.Run("options", func(t *testing.T) {
		opts := &netverdictv1.EvaluationOptions{EphemeralPortRange: &netverdictv1.PortRange{FromPort: 9, ToPort: 70000}}
		_, err := ts.client.Evaluate(ctx, nil, nil, opts)
		wantViolations(t, err, []string{"options.ephemeral_port_range.to_port"}, []string{"70000"})
		_, err = ts.client.Evaluate(ctx, nil, nil, &netverdictv1.EvaluationOptions{View: 99})
		wantViolations(t, err, []string{"options.view"}, []string{"99"})
	})
	t.Run("snapshot names", func(t *testing.T) {
		_, err := ts.client.Evaluate(ctx, netverdict.SnapshotSource("snapshots/nope"), nil, nil)
		wantViolations(t, err, []string{"config.snapshot"}, []string{"snapshots/nope"})
		_, err = ts.client.GetSnapshot(ctx, "snapshots/"+strings.Repeat("0", 64))
		if status.Code(err) != codes.NotFound {
			t.Errorf("unknown snapshot: %v, want NOT_FOUND", err)
		}
		_, err = ts.client.Snapshots().ListSnapshots(ctx, &netverdictv1.ListSnapshotsRequest{PageToken: "garbage!"})
		wantViolations(t, err, []string{"page_token"}, []string{"garbage!"})
		_, err = ts.client.Snapshots().CreateSnapshot(ctx, &netverdictv1.CreateSnapshotRequest{Config: badDocs})
		wantViolations(t, err, []string{"config.aws_documents.documents[3]: SecurityGroups[0].IpPermissions[0].FromPort"}, []string{"twenty-two"})
		_, err = ts.client.Snapshots().CreateSnapshot(ctx, &netverdictv1.CreateSnapshotRequest{})
		wantViolations(t, err, []string{"config"}, []string{"no configuration"})
	})
	t.Run("stream", func(t *testing.T) {
		// The first message must be the config.
		st, err := ts.client.Decisions().EvaluateStream(ctx)
		if err != nil {
			t.Fatal(err)
		}
		st.Send(&netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Flows{Flows: &netverdictv1.FlowBatch{}}})
		_, err = st.Recv()
		wantViolations(t, err, []string{"config"}, []string{"first message"})

		// A bad flow in the second batch is located from the stream start.
		bad := flowTo("bad", 80)
		bad.Protocol = "tcpp"
		flows := []*netverdictv1.Flow{flowTo("0", 80), flowTo("1", 80), flowTo("2", 80), bad}
		n := 0
		for _, err := range mustDial(t, ts.addr, 3).EvaluateAll(ctx, nil, nil, sliceSeq(flows)) {
			if err != nil {
				wantViolations(t, err, []string{"flows[3].protocol"}, []string{"tcpp"})
				break
			}
			n++
		}
		if n != 3 {
			t.Errorf("%d decisions before the error, want 3", n)
		}
	})
}

func sliceSeq(fs []*netverdictv1.Flow) func(func(*netverdictv1.Flow) bool) {
	return func(yield func(*netverdictv1.Flow) bool) {
		for _, f := range fs {
			if !yield(f) {
				return
			}
		}
	}
}

// wantExhausted checks err is RESOURCE_EXHAUSTED with a QuotaFailure on
// subject (empty: no details needed, for gRPC's own message size limit).
func wantExhausted(t *testing.T, err error, subject string) {
	t.Helper()
	st := status.Convert(err)
	if st.Code() != codes.ResourceExhausted {
		t.Fatalf("got %v, want RESOURCE_EXHAUSTED", err)
	}
	if subject == "" {
		return
	}
	for _, d := range st.Details() {
		if qf, ok := d.(*errdetails.QuotaFailure); ok && len(qf.GetViolations()) > 0 && qf.GetViolations()[0].GetSubject() == subject {
			return
		}
	}
	t.Errorf("no QuotaFailure on %q in %v", subject, st.Details())
}

// TestLimits: every limit answers RESOURCE_EXHAUSTED naming it, and work
// under the limits still succeeds.
func TestLimits(t *testing.T) {
	ts := start(t, server.Options{Limits: server.Limits{
		MaxFlowsPerRequest: 10,
		MaxFlowsPerStream:  25,
		MaxStreams:         2,
		MaxInflightFlows:   8,
		MaxRecvMsgBytes:    1 << 20,
		MaxSnapshots:       2,
	}})
	ctx := context.Background()
	many := func(n int) []*netverdictv1.Flow {
		out := make([]*netverdictv1.Flow, n)
		for i := range out {
			out[i] = flowTo("f", 80)
		}
		return out
	}
	if _, err := ts.client.Evaluate(ctx, nil, many(8), nil); err != nil {
		t.Fatalf("under the limits: %v", err)
	}
	_, err := ts.client.Evaluate(ctx, nil, many(11), nil)
	wantExhausted(t, err, "flows")
	_, err = ts.client.Evaluate(ctx, nil, many(9), nil) // over the in-flight bound alone
	wantExhausted(t, err, "server.inflight_flows")

	// Message size: a 2 MiB document.
	big := awsDocs(exampleDocs())
	big.GetAwsDocuments().Documents = append(big.GetAwsDocuments().Documents, &netverdictv1.AwsDocument{Name: "big", Content: bytes.Repeat([]byte(" "), 2<<20)})
	_, err = ts.client.Evaluate(ctx, big, nil, nil)
	wantExhausted(t, err, "")

	// Per stream: a batch over the per-message bound, and over the stream's bound.
	c := mustDial(t, ts.addr, 11)
	for _, err := range c.EvaluateAll(ctx, nil, nil, sliceSeq(many(11))) {
		if err != nil {
			wantExhausted(t, err, "flows")
			break
		}
	}
	c10 := mustDial(t, ts.addr, 10)
	n := 0
	for _, err := range c10.EvaluateAll(ctx, nil, nil, sliceSeq(many(30))) {
		if err != nil {
			wantExhausted(t, err, "stream.flows")
			break
		}
		n++
	}
	if n != 20 {
		t.Errorf("stream over its flow bound: %d decisions before the error, want 20", n)
	}

	// Concurrent streams: two open, the third refused.
	var open []context.CancelFunc
	for range 2 {
		sctx, cancel := context.WithCancel(ctx)
		open = append(open, cancel)
		st, err := ts.client.Decisions().EvaluateStream(sctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Send(&netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Config{Config: &netverdictv1.StreamConfig{}}}); err != nil {
			t.Fatal(err)
		}
		if err := st.Send(&netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Flows{Flows: &netverdictv1.FlowBatch{Flows: many(1)}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Recv(); err != nil { // the server is in the handler now
			t.Fatal(err)
		}
	}
	st, err := ts.client.Decisions().EvaluateStream(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.Recv()
	wantExhausted(t, err, "server.streams")
	for _, cancel := range open {
		cancel()
	}
	// Once they end, streams are accepted again (bounded wait for the
	// server to see the cancellations).
	ok := false
	for range 100 {
		n := 0
		var last error
		for _, err := range ts.client.EvaluateAll(ctx, nil, nil, sliceSeq(many(1))) {
			last = err
			n++
		}
		if last == nil && n == 1 {
			ok = true
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !ok {
		t.Error("streams still refused after the others ended")
	}

	// Stored snapshots: the default is one; one more fits; a third does not,
	// but re-creating a stored one still works.
	docs := exampleDocs()
	if _, err := ts.client.CreateSnapshot(ctx, awsDocs(docs[:5])); err != nil {
		t.Fatal(err)
	}
	_, err = ts.client.CreateSnapshot(ctx, awsDocs(docs[:4]))
	wantExhausted(t, err, "server.snapshots")
	if _, err := ts.client.CreateSnapshot(ctx, awsDocs(docs[:5])); err != nil {
		t.Errorf("re-creating a stored snapshot at the limit: %v", err)
	}
}

// mustDial dials addr with a batch size; the client closes with the test.
func mustDial(t *testing.T, addr string, batch int) *netverdict.Client {
	t.Helper()
	c, err := netverdict.Dial(addr, netverdict.WithBatchSize(batch))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}
