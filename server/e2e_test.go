package server_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/emptypb"

	netverdict "github.com/netverdict/netverdict/clients/go"
	"github.com/netverdict/netverdict/evaluator/corpus"
	"github.com/netverdict/netverdict/evaluator/model"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
	"github.com/netverdict/netverdict/internal/configload"
	"github.com/netverdict/netverdict/server"
)

// TestUnaryMatchesInProcess: Evaluate through the server on each kind of
// config source gives exactly the in-process decisions.
func TestUnaryMatchesInProcess(t *testing.T) {
	ts := start(t, server.Options{})
	ctx := context.Background()
	flows := exampleFlows(t)
	want := inProcess(t, exampleDocs(), flows, model.Options{})

	cfg, _, err := configload.Load(exampleDocs())
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string]*netverdictv1.ConfigSource{
		"default":        nil,
		"aws_documents":  awsDocs(exampleDocs()),
		"network_config": netverdict.NetworkConfigSource(apiconv.ModelToNetworkConfig(cfg)),
		"snapshot":       netverdict.SnapshotSource(ts.srv.DefaultSnapshot()),
	}
	for name, src := range sources {
		t.Run(name, func(t *testing.T) {
			got, err := ts.client.Evaluate(ctx, src, flows, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d decisions, want %d", len(got), len(want))
			}
			for i := range want {
				if !proto.Equal(got[i], want[i]) {
					t.Errorf("flow %s:\n got %v\nwant %v", flows[i].GetId(), got[i], want[i])
				}
			}
		})
	}
	// Options travel: a narrower ephemeral range changes return-leg checks.
	opts := &netverdictv1.EvaluationOptions{EphemeralPortRange: &netverdictv1.PortRange{FromPort: 49152, ToPort: 65535}}
	got, err := ts.client.Evaluate(ctx, nil, flows, opts)
	if err != nil {
		t.Fatal(err)
	}
	wantOpt := inProcess(t, exampleDocs(), flows, model.Options{Ephemeral: model.PortRange{From: 49152, To: 65535}})
	for i := range wantOpt {
		if !proto.Equal(got[i], wantOpt[i]) {
			t.Errorf("with options, flow %s:\n got %v\nwant %v", flows[i].GetId(), got[i], wantOpt[i])
		}
	}
}

// TestStreamMillionFlows streams 1,000,000 flows of the medium corpus
// through EvaluateStream and checks every decision comes back in order, and
// a sample against in-process evaluation.
func TestStreamMillionFlows(t *testing.T) {
	if testing.Short() {
		t.Skip("1M flows: not in -short")
	}
	const total = 1_000_000
	cfg, flows := corpus.Generate(corpus.Medium, 42)
	ts := start(t, server.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	snap, err := ts.client.CreateSnapshot(ctx, netverdict.NetworkConfigSource(apiconv.ModelToNetworkConfig(cfg)))
	if err != nil {
		t.Fatal(err)
	}
	protos := make([]*netverdictv1.Flow, len(flows))
	for i := range flows {
		protos[i] = apiconv.FlowToProto(&flows[i])
	}
	seq := func(yield func(*netverdictv1.Flow) bool) {
		for i := range total {
			f := proto.Clone(protos[i%len(protos)]).(*netverdictv1.Flow)
			f.Id = strconv.Itoa(i)
			if !yield(f) {
				return
			}
		}
	}
	// The in-process answers for one pass over the corpus.
	want := make([]*netverdictv1.Decision, len(protos))
	{
		var sc []*netverdictv1.Flow
		sc = append(sc, protos...)
		cfgDocs, _ := protoConfigDoc(t, cfg)
		want = inProcess(t, cfgDocs, sc, model.Options{})
	}
	n := 0
	start := time.Now()
	for d, err := range ts.client.EvaluateAll(ctx, netverdict.SnapshotSource(snap.GetName()), nil, seq) {
		if err != nil {
			t.Fatalf("after %d decisions: %v", n, err)
		}
		if d.GetFlowId() != strconv.Itoa(n) {
			t.Fatalf("decision %d has flow id %q", n, d.GetFlowId())
		}
		if n%997 == 0 { // a sample, all corpus flows over the run
			w := proto.Clone(want[n%len(want)]).(*netverdictv1.Decision)
			w.FlowId = d.GetFlowId()
			if !proto.Equal(d, w) {
				t.Fatalf("decision %d differs from in-process:\n got %v\nwant %v", n, d, w)
			}
		}
		n++
	}
	if n != total {
		t.Fatalf("%d decisions, want %d", n, total)
	}
	t.Logf("%d flows in %v (%.0f flows/s, medium corpus, race=%v)", n, time.Since(start), float64(n)/time.Since(start).Seconds(), raceEnabled)
	m := ts.scrape(t)
	if v := metricValue(t, m, "netverdict_flows_evaluated_total"); v < total {
		t.Errorf("netverdict_flows_evaluated_total = %v, want >= %d", v, total)
	}
}

// protoConfigDoc renders a model config as one netverdict-JSON document.
func protoConfigDoc(t *testing.T, cfg *model.Config) ([]configload.Document, []byte) {
	t.Helper()
	b, err := protojsonMarshal(apiconv.ModelToNetworkConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	return []configload.Document{{Name: "corpus.json", Data: b}}, b
}

// TestSnapshotLifecycleAndRestart: create (idempotent by content), get,
// list, evaluate by name, survive a restart, delete.
func TestSnapshotLifecycleAndRestart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	ts := start(t, server.Options{DataDir: dir})
	docs := exampleDocs()
	src := awsDocs(docs)

	created, err := ts.client.Snapshots().CreateSnapshot(ctx, &netverdictv1.CreateSnapshotRequest{Config: src})
	if err != nil {
		t.Fatal(err)
	}
	s := created.GetSnapshot()
	// The example network is also the default config: already stored.
	if s.GetName() != ts.srv.DefaultSnapshot() || created.GetCreated() {
		t.Errorf("create of the default config: name %q created %v, want %q false", s.GetName(), created.GetCreated(), ts.srv.DefaultSnapshot())
	}
	if !regexp.MustCompile(`^snapshots/[0-9a-f]{64}$`).MatchString(s.GetName()) || s.GetName() != "snapshots/"+s.GetDigest() {
		t.Errorf("name %q digest %q", s.GetName(), s.GetDigest())
	}
	rc := s.GetResourceCounts()
	if rc.GetVpcs() != 1 || rc.GetSecurityGroups() != 4 || rc.GetNetworkAcls() != 3 || rc.GetSecurityGroupRules() == 0 || rc.GetNetworkInterfaces() == 0 {
		t.Errorf("resource counts %v", rc)
	}
	if s.GetCreateTime() == nil || s.GetSizeBytes() <= 0 {
		t.Errorf("create_time %v size %d", s.GetCreateTime(), s.GetSizeBytes())
	}

	// Same content, documents in another order: same name.
	rev := make([]configload.Document, len(docs))
	for i := range docs {
		rev[len(docs)-1-i] = docs[i]
	}
	again, err := ts.client.CreateSnapshot(ctx, awsDocs(rev))
	if err != nil {
		t.Fatal(err)
	}
	if again.GetName() != s.GetName() {
		t.Errorf("reordered documents: %q, want %q", again.GetName(), s.GetName())
	}

	// A second snapshot: the example without its network ACLs document.
	var noACL []configload.Document
	for _, d := range docs {
		if !strings.Contains(d.Name, "network-acls") {
			noACL = append(noACL, d)
		}
	}
	second, err := ts.client.CreateSnapshot(ctx, awsDocs(noACL))
	if err != nil {
		t.Fatal(err)
	}
	if second.GetName() == s.GetName() {
		t.Fatal("different content, same name")
	}

	var names []string
	for sn, err := range ts.client.ListSnapshots(ctx, 1) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, sn.GetName())
	}
	if len(names) != 2 {
		t.Fatalf("listed %v, want 2 snapshots", names)
	}

	flows := exampleFlows(t)
	before, err := ts.client.Evaluate(ctx, netverdict.SnapshotSource(second.GetName()), flows, nil)
	if err != nil {
		t.Fatal(err)
	}

	// Restart on the same data dir.
	ts.stop(t)
	ts2 := start(t, server.Options{DataDir: dir})
	got, err := ts2.client.GetSnapshot(ctx, second.GetName())
	if err != nil {
		t.Fatalf("after restart: %v", err)
	}
	if !proto.Equal(got, second) {
		t.Errorf("after restart:\n got %v\nwant %v", got, second)
	}
	after, err := ts2.client.Evaluate(ctx, netverdict.SnapshotSource(second.GetName()), flows, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range before {
		if !proto.Equal(before[i], after[i]) {
			t.Errorf("flow %d differs after restart", i)
		}
	}

	if err := ts2.client.DeleteSnapshot(ctx, second.GetName()); err != nil {
		t.Fatal(err)
	}
	for _, call := range []func() error{
		func() error { _, err := ts2.client.GetSnapshot(ctx, second.GetName()); return err },
		func() error { return ts2.client.DeleteSnapshot(ctx, second.GetName()) },
		func() error {
			_, err := ts2.client.Evaluate(ctx, netverdict.SnapshotSource(second.GetName()), flows, nil)
			return err
		},
	} {
		if c := status.Code(call()); c != codes.NotFound {
			t.Errorf("deleted snapshot: code %v, want NOT_FOUND", c)
		}
	}
	// The default configuration survives the deletion of its stored copy.
	if err := ts2.client.DeleteSnapshot(ctx, ts2.srv.DefaultSnapshot()); err != nil {
		t.Fatal(err)
	}
	if _, err := ts2.client.Evaluate(ctx, nil, flows, nil); err != nil {
		t.Errorf("default config after deleting its snapshot: %v", err)
	}
}

// TestDamagedStore: a damaged snapshot store stops the server at start
// with an error naming the file, and the file is left as it was.
func TestDamagedStore(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "snapshots.db")
	junk := []byte(strings.Repeat("not a bbolt file ", 1000))
	if err := os.WriteFile(file, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := server.New(server.Options{DataDir: dir, Default: exampleDocs()})
	if err == nil || !strings.Contains(err.Error(), file) {
		t.Fatalf("New on a damaged store: %v, want an error naming %s", err, file)
	}
	b, _ := os.ReadFile(file)
	if string(b) != string(junk) {
		t.Error("the damaged store was changed")
	}
}

// TestHealthDuringShutdown: health is SERVING, turns NOT_SERVING as soon
// as shutdown starts (while a stream is still in flight and finishes), and
// the server stops.
func TestHealthDuringShutdown(t *testing.T) {
	ts := start(t, server.Options{DrainDelay: 500 * time.Millisecond})
	ctx := context.Background()
	hc := healthpb.NewHealthClient(ts.client.Conn())
	for _, svc := range []string{"", "netverdict.v1.DecisionService", "netverdict.v1.SnapshotService"} {
		r, err := hc.Check(ctx, &healthpb.HealthCheckRequest{Service: svc})
		if err != nil || r.GetStatus() != healthpb.HealthCheckResponse_SERVING {
			t.Fatalf("health %q: %v %v", svc, r.GetStatus(), err)
		}
	}

	// A stream in flight: config sent, flows sent after shutdown began.
	stream, err := ts.client.Decisions().EvaluateStream(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Config{Config: &netverdictv1.StreamConfig{}}}); err != nil {
		t.Fatal(err)
	}

	stopped := make(chan struct{})
	go func() {
		ts.stop(t)
		close(stopped)
	}()
	sawNotServing := false
	for range 200 { // bounded: 200 × 5 ms
		r, err := hc.Check(ctx, &healthpb.HealthCheckRequest{})
		if err == nil && r.GetStatus() == healthpb.HealthCheckResponse_NOT_SERVING {
			sawNotServing = true
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if !sawNotServing {
		t.Error("health never reported NOT_SERVING during the drain")
	}
	flows := exampleFlows(t)
	if err := stream.Send(&netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Flows{Flows: &netverdictv1.FlowBatch{Flows: flows}}}); err != nil {
		t.Fatal(err)
	}
	if err := stream.CloseSend(); err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		resp, err := stream.Recv()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				t.Fatalf("in-flight stream cut during graceful shutdown: %v", err)
			}
			break
		}
		n += len(resp.GetDecisions())
	}
	if n != len(flows) {
		t.Errorf("in-flight stream got %d decisions, want %d", n, len(flows))
	}
	select {
	case <-stopped:
	case <-time.After(15 * time.Second):
		t.Fatal("server did not stop")
	}
}

// TestMetricsScrape: the metrics the issue names are exported with their
// labels, and count what was done.
func TestMetricsScrape(t *testing.T) {
	ts := start(t, server.Options{})
	ctx := context.Background()
	flows := exampleFlows(t)
	if _, err := ts.client.Evaluate(ctx, nil, flows, nil); err != nil {
		t.Fatal(err)
	}
	// Twice the same inline config: one miss (compile), then a hit.
	m0 := ts.scrape(t)
	hits0 := metricValue(t, m0, "netverdict_snapshot_cache_hits_total")
	misses0 := metricValue(t, m0, "netverdict_snapshot_cache_misses_total")
	for range 2 {
		if _, err := ts.client.Evaluate(ctx, awsDocs(exampleDocs()[:2]), nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	m := ts.scrape(t)
	for _, want := range []string{
		`grpc_server_handled_total{grpc_code="OK",grpc_method="Evaluate",grpc_service="netverdict.v1.DecisionService",grpc_type="unary"} 3`,
		`grpc_server_handling_seconds_bucket{grpc_method="Evaluate"`,
		`go_goroutines `,
		`process_cpu_seconds_total `,
		`netverdict_decisions_total{layer="decision",verdict="allow"}`,
		`netverdict_decisions_total{layer="security_group",verdict="deny"}`,
		`netverdict_decisions_total{layer="network_acl",verdict="allow"}`,
		`netverdict_evaluate_batch_size_bucket{le="1"}`,
		`netverdict_snapshot_compile_seconds_count `,
		`netverdict_snapshots 1`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if v := metricValue(t, m, "netverdict_flows_evaluated_total"); v != float64(len(flows)) {
		t.Errorf("netverdict_flows_evaluated_total = %v, want %d", v, len(flows))
	}
	if d := metricValue(t, m, "netverdict_snapshot_cache_misses_total") - misses0; d != 1 {
		t.Errorf("cache misses grew by %v, want 1", d)
	}
	if d := metricValue(t, m, "netverdict_snapshot_cache_hits_total") - hits0; d != 1 {
		t.Errorf("cache hits grew by %v, want 1", d)
	}
	allow := metricValue(t, m, `netverdict_decisions_total{layer="decision",verdict="allow"}`)
	deny := metricValue(t, m, `netverdict_decisions_total{layer="decision",verdict="deny"}`)
	indet := metricValue(t, m, `netverdict_decisions_total{layer="decision",verdict="indeterminate"}`)
	if allow+deny+indet != float64(len(flows)) {
		t.Errorf("decision verdicts sum to %v, want %d", allow+deny+indet, len(flows))
	}
	// Access log: one JSON line per call with method, code, duration, flows.
	if !regexp.MustCompile(`"msg":"rpc","method":"/netverdict.v1.DecisionService/Evaluate","code":"OK","duration_ms":[0-9.e-]+,"flows":` + strconv.Itoa(len(flows))).MatchString(ts.logs.String()) {
		t.Errorf("no access log line for the Evaluate call in:\n%s", ts.logs.String())
	}
}

// metricValue returns the value of the sample whose name and labels are
// exactly series.
func metricValue(t *testing.T, text, series string) float64 {
	t.Helper()
	for _, line := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			return f
		}
	}
	t.Fatalf("no sample %s", series)
	return 0
}

// TestReflection: the reflection service lists netverdict's services.
func TestReflection(t *testing.T) {
	ts := start(t, server.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rc := reflectionpb.NewServerReflectionClient(ts.client.Conn())
	st, err := rc.ServerReflectionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}}); err != nil {
		t.Fatal(err)
	}
	resp, err := st.Recv()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, s := range resp.GetListServicesResponse().GetService() {
		got[s.GetName()] = true
	}
	for _, want := range []string{"netverdict.v1.DecisionService", "netverdict.v1.SnapshotService", "grpc.health.v1.Health"} {
		if !got[want] {
			t.Errorf("reflection lacks %s (has %v)", want, got)
		}
	}
}

// TestRecovery: a panicking handler answers INTERNAL without leaking the
// panic, and the server keeps serving.
func TestRecovery(t *testing.T) {
	// The test service must be registered before the server serves.
	srv, err := server.New(server.Options{Default: exampleDocs()})
	if err != nil {
		t.Fatal(err)
	}
	srv.GRPCServer().RegisterService(&grpc.ServiceDesc{
		ServiceName: "test.Panic",
		HandlerType: (*any)(nil),
		Methods: []grpc.MethodDesc{{
			MethodName: "Panic",
			Handler: func(_ any, ctx context.Context, dec func(any) error, in grpc.UnaryServerInterceptor) (any, error) {
				req := new(emptypb.Empty)
				if err := dec(req); err != nil {
					return nil, err
				}
				h := func(context.Context, any) (any, error) { panic("secret internal detail") }
				return in(ctx, req, &grpc.UnaryServerInfo{FullMethod: "/test.Panic/Panic"}, h)
			},
		}},
	}, struct{}{})
	ps := serveOn(t, srv)
	err = ps.client.Conn().Invoke(context.Background(), "/test.Panic/Panic", &emptypb.Empty{}, &emptypb.Empty{})
	if status.Code(err) != codes.Internal || strings.Contains(err.Error(), "secret") {
		t.Errorf("panic answered %v, want INTERNAL without the panic value", err)
	}
	if _, err := ps.client.Evaluate(context.Background(), nil, exampleFlows(t), nil); err != nil {
		t.Errorf("after a panic: %v", err)
	}
}

// TestDeadline: a stream whose deadline passes while the server waits for
// flows ends with DEADLINE_EXCEEDED.
func TestDeadline(t *testing.T) {
	ts := start(t, server.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	stream, err := ts.client.Decisions().EvaluateStream(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Config{Config: &netverdictv1.StreamConfig{}}}); err != nil {
		t.Fatal(err)
	}
	_, err = stream.Recv()
	if status.Code(err) != codes.DeadlineExceeded {
		t.Errorf("got %v, want DEADLINE_EXCEEDED", err)
	}
}

// TestAccessLogErrorsOnly: in "errors" mode an OK call leaves no line and
// a failed one does, with its code and message.
func TestAccessLogErrorsOnly(t *testing.T) {
	ts := start(t, server.Options{AccessLog: server.AccessLogErrors})
	ctx := context.Background()
	if _, err := ts.client.Evaluate(ctx, nil, exampleFlows(t), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.client.GetSnapshot(ctx, "snapshots/"+strings.Repeat("a", 64)); status.Code(err) != codes.NotFound {
		t.Fatalf("got %v", err)
	}
	logs := ts.logs.String()
	if strings.Contains(logs, `"method":"/netverdict.v1.DecisionService/Evaluate"`) {
		t.Errorf("OK call logged in errors mode:\n%s", logs)
	}
	if !strings.Contains(logs, `"method":"/netverdict.v1.SnapshotService/GetSnapshot","code":"NotFound"`) {
		t.Errorf("failed call not logged:\n%s", logs)
	}
}

// TestShutdownTimeout: a call still running when the shutdown timeout
// passes is cut, and Shutdown returns soon after the timeout.
func TestShutdownTimeout(t *testing.T) {
	ts := start(t, server.Options{})
	stream, err := ts.client.Decisions().EvaluateStream(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Config{Config: &netverdictv1.StreamConfig{}}}); err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Flows{Flows: &netverdictv1.FlowBatch{Flows: exampleFlows(t)[:1]}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := stream.Recv(); err != nil { // the call is running on the server
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	began := time.Now()
	if err := ts.srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if d := time.Since(began); d < 250*time.Millisecond || d > 5*time.Second {
		t.Errorf("Shutdown took %v with a 300ms timeout and an idle stream open", d)
	}
	if _, err := stream.Recv(); err == nil {
		t.Error("the stream survived the shutdown timeout")
	}
	if !strings.Contains(ts.logs.String(), "shutdown timeout") {
		t.Errorf("no log line for the cut calls:\n%s", ts.logs.String())
	}
}

// TestSlowReaderBoundsServer: a client that sends flows and never reads
// the decisions is blocked by flow control after a bounded number of
// flows; the server does not buffer the rest.
func TestSlowReaderBoundsServer(t *testing.T) {
	ts := start(t, server.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stream, err := ts.client.Decisions().EvaluateStream(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Config{Config: &netverdictv1.StreamConfig{}}}); err != nil {
		t.Fatal(err)
	}
	flows := exampleFlows(t)
	var batch []*netverdictv1.Flow
	for len(batch) < 1000 {
		batch = append(batch, flows...)
	}
	msg := &netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Flows{Flows: &netverdictv1.FlowBatch{Flows: batch}}}
	const maxBatches = 3000 // 3M flows: far more than the windows hold
	sent := make(chan int, maxBatches)
	go func() {
		for i := range maxBatches {
			if stream.Send(msg) != nil {
				return
			}
			sent <- i
		}
	}()
	n := 0
	for n < maxBatches {
		select {
		case <-sent:
			n++
			continue
		case <-time.After(time.Second):
		}
		break
	}
	if n == maxBatches {
		t.Fatalf("all %d batches were accepted without the client reading a decision", n)
	}
	// Each decision is ~1 KB and each flow ~100 bytes: the windows (4 MiB
	// per stream each way) and the receiver's few batches ahead hold some
	// thousands of flows, not millions.
	if flowsSent := n * len(batch); flowsSent > 200_000 {
		t.Errorf("%d flows accepted before the sender blocked", flowsSent)
	}
	t.Logf("sender blocked after %d batches of %d flows", n, len(batch))
}
