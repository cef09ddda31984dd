package netverdict

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

type (
	evalStream = grpc.BidiStreamingServer[netverdictv1.EvaluateStreamRequest, netverdictv1.EvaluateStreamResponse]
	decision   = netverdictv1.Decision
)

// fakeDecisions is a DecisionService whose behaviour each test sets.
type fakeDecisions struct {
	netverdictv1.UnimplementedDecisionServiceServer
	evaluate func(context.Context, *netverdictv1.EvaluateRequest) (*netverdictv1.EvaluateResponse, error)
	stream   func(evalStream) error
}

func (f *fakeDecisions) Evaluate(ctx context.Context, req *netverdictv1.EvaluateRequest) (*netverdictv1.EvaluateResponse, error) {
	return f.evaluate(ctx, req)
}

func (f *fakeDecisions) EvaluateStream(s evalStream) error { return f.stream(s) }

// fakeSnapshots is a SnapshotService whose behaviour each test sets.
type fakeSnapshots struct {
	netverdictv1.UnimplementedSnapshotServiceServer
	create func(context.Context, *netverdictv1.CreateSnapshotRequest) (*netverdictv1.CreateSnapshotResponse, error)
	get    func(context.Context, *netverdictv1.GetSnapshotRequest) (*netverdictv1.GetSnapshotResponse, error)
	list   func(context.Context, *netverdictv1.ListSnapshotsRequest) (*netverdictv1.ListSnapshotsResponse, error)
	delete func(context.Context, *netverdictv1.DeleteSnapshotRequest) (*netverdictv1.DeleteSnapshotResponse, error)
}

func (f *fakeSnapshots) CreateSnapshot(ctx context.Context, r *netverdictv1.CreateSnapshotRequest) (*netverdictv1.CreateSnapshotResponse, error) {
	return f.create(ctx, r)
}

func (f *fakeSnapshots) GetSnapshot(ctx context.Context, r *netverdictv1.GetSnapshotRequest) (*netverdictv1.GetSnapshotResponse, error) {
	return f.get(ctx, r)
}

func (f *fakeSnapshots) ListSnapshots(ctx context.Context, r *netverdictv1.ListSnapshotsRequest) (*netverdictv1.ListSnapshotsResponse, error) {
	return f.list(ctx, r)
}

func (f *fakeSnapshots) DeleteSnapshot(ctx context.Context, r *netverdictv1.DeleteSnapshotRequest) (*netverdictv1.DeleteSnapshotResponse, error) {
	return f.delete(ctx, r)
}

// start serves the fakes on a real TCP port of 127.0.0.1 and returns a
// Client dialled to it; both are stopped when the test ends.
func start(t *testing.T, d *fakeDecisions, s *fakeSnapshots, opts ...Option) *Client {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	if d != nil {
		netverdictv1.RegisterDecisionServiceServer(srv, d)
	}
	if s != nil {
		netverdictv1.RegisterSnapshotServiceServer(srv, s)
	}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(lis)
	}()
	c, err := Dial(lis.Addr().String(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Error(err)
		}
		srv.Stop()
		<-served
	})
	return c
}

// echo answers every batch with one ALLOW decision per flow, in order,
// after passing them through transform (batch index, decisions) if set.
func echo(transform func(int, []*decision) []*decision) func(evalStream) error {
	return func(s evalStream) error {
		if err := recvConfig(s); err != nil {
			return err
		}
		for i := 0; ; i++ {
			req, err := s.Recv()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			ds := allow(req.GetFlows().GetFlows())
			if transform != nil {
				ds = transform(i, ds)
			}
			if err := s.Send(&netverdictv1.EvaluateStreamResponse{Decisions: ds}); err != nil {
				return err
			}
		}
	}
}

func recvConfig(s evalStream) error {
	req, err := s.Recv()
	if err != nil {
		return err
	}
	if req.GetConfig() == nil {
		return status.Error(codes.InvalidArgument, "first message is not a StreamConfig")
	}
	return nil
}

func allow(fs []*netverdictv1.Flow) []*decision {
	ds := make([]*decision, len(fs))
	for i, f := range fs {
		ds[i] = &decision{FlowId: f.GetId(), Verdict: netverdictv1.Verdict_VERDICT_ALLOW}
	}
	return ds
}

// genFlows yields n flows with ids "0", "1", ..., counting them in pulled.
func genFlows(n int, pulled *atomic.Int64) iter.Seq[*netverdictv1.Flow] {
	return func(yield func(*netverdictv1.Flow) bool) {
		for i := range n {
			if pulled != nil {
				pulled.Add(1)
			}
			if !yield(&netverdictv1.Flow{Id: strconv.Itoa(i), Protocol: "tcp"}) {
				return
			}
		}
	}
}

func flowSlice(n int) []*netverdictv1.Flow {
	return slices.Collect(genFlows(n, nil))
}

var testSource = SnapshotSource("snapshots/0123")

func badRequest(t *testing.T, field, desc string) error {
	t.Helper()
	st, err := status.New(codes.InvalidArgument, "bad flow").WithDetails(&errdetails.BadRequest{
		FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: field, Description: desc}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return st.Err()
}

// collect drains seq, checking that an error, if any, comes last, and
// returns the decisions' flow ids and the error.
func collect(t *testing.T, seq iter.Seq2[*decision, error]) ([]string, error) {
	t.Helper()
	var ids []string
	var gotErr error
	for d, err := range seq {
		if gotErr != nil {
			t.Fatalf("element after error %v", gotErr)
		}
		if err != nil {
			if d != nil {
				t.Errorf("decision %v yielded with error", d)
			}
			gotErr = err
			continue
		}
		ids = append(ids, d.GetFlowId())
	}
	return ids, gotErr
}

func TestEvaluateAllInOrder(t *testing.T) {
	const n, batch = 100_000, 1000
	var (
		mu      sync.Mutex
		sizes   []int
		configs []*netverdictv1.StreamConfig
	)
	fd := &fakeDecisions{stream: func(s evalStream) error {
		first, err := s.Recv()
		if err != nil {
			return err
		}
		mu.Lock()
		configs = append(configs, first.GetConfig())
		mu.Unlock()
		for {
			req, err := s.Recv()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			fs := req.GetFlows().GetFlows()
			mu.Lock()
			sizes = append(sizes, len(fs))
			mu.Unlock()
			if err := s.Send(&netverdictv1.EvaluateStreamResponse{Decisions: allow(fs)}); err != nil {
				return err
			}
		}
	}}
	c := start(t, fd, nil, WithBatchSize(batch))
	opts := &netverdictv1.EvaluationOptions{EphemeralPortRange: &netverdictv1.PortRange{FromPort: 32768, ToPort: 60999}}

	got := 0
	for d, err := range c.EvaluateAll(t.Context(), testSource, opts, genFlows(n, nil)) {
		if err != nil {
			t.Fatalf("after %d decisions: %v", got, err)
		}
		if want := strconv.Itoa(got); d.GetFlowId() != want || d.GetVerdict() != netverdictv1.Verdict_VERDICT_ALLOW {
			t.Fatalf("decision %d = %v, want ALLOW for flow %s", got, d, want)
		}
		got++
	}
	if got != n {
		t.Fatalf("got %d decisions, want %d", got, n)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(configs) != 1 || !proto.Equal(configs[0], &netverdictv1.StreamConfig{Source: testSource, Options: opts}) {
		t.Errorf("server got configs %v", configs)
	}
	if len(sizes) != n/batch {
		t.Errorf("server got %d batches, want %d", len(sizes), n/batch)
	}
	for i, sz := range sizes {
		if sz != batch {
			t.Errorf("batch %d has %d flows, want %d", i, sz, batch)
		}
	}
}

func TestEvaluateAllSmallBatchesAndEmpty(t *testing.T) {
	c := start(t, &fakeDecisions{stream: echo(nil)}, nil, WithBatchSize(7))
	for _, n := range []int{0, 1, 6, 7, 8, 100} {
		ids, err := collect(t, c.EvaluateAll(t.Context(), testSource, nil, genFlows(n, nil)))
		if err != nil {
			t.Fatalf("%d flows: %v", n, err)
		}
		if want := flowIDs(n); !slices.Equal(ids, want) {
			t.Fatalf("%d flows: got %v", n, ids)
		}
	}
}

func flowIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = strconv.Itoa(i)
	}
	if n == 0 {
		return nil
	}
	return ids
}

func TestEvaluateAllMismatches(t *testing.T) {
	const n = 5000 // 5 batches of 1000
	tests := []struct {
		name   string
		stream func(evalStream) error
		// decisions yielded before the error
		wantDecisions int
		wantErr       string
	}{
		{
			name: "fewer decisions than flows",
			stream: func(s evalStream) error {
				// Lags one decision behind and drops the last one.
				if err := recvConfig(s); err != nil {
					return err
				}
				var held *decision
				for {
					req, err := s.Recv()
					if err == io.EOF {
						return nil
					}
					if err != nil {
						return err
					}
					ds := allow(req.GetFlows().GetFlows())
					if held != nil {
						ds = append([]*decision{held}, ds...)
					}
					held = ds[len(ds)-1]
					if err := s.Send(&netverdictv1.EvaluateStreamResponse{Decisions: ds[:len(ds)-1]}); err != nil {
						return err
					}
				}
			},
			wantDecisions: n - 1,
			wantErr:       `stream ended after 4999 decisions, flow "4999" unanswered`,
		},
		{
			name: "more decisions than flows",
			stream: func(s evalStream) error {
				if err := echo(nil)(s); err != nil {
					return err
				}
				return s.Send(&netverdictv1.EvaluateStreamResponse{Decisions: []*decision{{FlowId: "extra"}}})
			},
			wantDecisions: n,
			wantErr:       `decision 5000 (flow "extra") is more than the flows sent`,
		},
		{
			name: "out of order",
			stream: echo(func(i int, ds []*decision) []*decision {
				if i == 2 {
					ds[5], ds[6] = ds[6], ds[5]
				}
				return ds
			}),
			wantDecisions: 2005,
			wantErr:       `decision 2005 is for flow "2006", want "2005"`,
		},
		{
			name: "ends after the first batch",
			stream: func(s evalStream) error {
				if err := recvConfig(s); err != nil {
					return err
				}
				req, err := s.Recv()
				if err != nil {
					return err
				}
				return s.Send(&netverdictv1.EvaluateStreamResponse{Decisions: allow(req.GetFlows().GetFlows())})
			},
			wantDecisions: 1000,
			wantErr:       "stream ended after 1000 decisions",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := start(t, &fakeDecisions{stream: tt.stream}, nil)
			ids, err := collect(t, c.EvaluateAll(t.Context(), testSource, nil, genFlows(n, nil)))
			if !errors.Is(err, ErrProtocol) {
				t.Fatalf("error %v, want ErrProtocol", err)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not say %q", err, tt.wantErr)
			}
			if !slices.Equal(ids, flowIDs(tt.wantDecisions)) {
				t.Errorf("got %d decisions before the error, want %d in order", len(ids), tt.wantDecisions)
			}
		})
	}
}

func TestEvaluateAllServerErrors(t *testing.T) {
	tests := []struct {
		name          string
		stream        func(evalStream) error
		wantDecisions int
		wantCode      codes.Code
		wantField     string
	}{
		{
			name: "invalid argument with field violations",
			stream: func(s evalStream) error {
				if err := recvConfig(s); err != nil {
					return err
				}
				return badRequest(t, "flows[3].destination_port", "must be 0-65535")
			},
			wantCode:  codes.InvalidArgument,
			wantField: "flows[3].destination_port",
		},
		{
			name: "not found before reading flows",
			stream: func(evalStream) error {
				return status.Error(codes.NotFound, "snapshot snapshots/0123 not found")
			},
			wantCode: codes.NotFound,
		},
		{
			name: "internal error after two batches",
			stream: func(s evalStream) error {
				if err := recvConfig(s); err != nil {
					return err
				}
				for range 2 {
					req, err := s.Recv()
					if err != nil {
						return err
					}
					if err := s.Send(&netverdictv1.EvaluateStreamResponse{Decisions: allow(req.GetFlows().GetFlows())}); err != nil {
						return err
					}
				}
				return status.Error(codes.Internal, "boom")
			},
			wantDecisions: 2000,
			wantCode:      codes.Internal,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := start(t, &fakeDecisions{stream: tt.stream}, nil)
			ids, err := collect(t, c.EvaluateAll(t.Context(), testSource, nil, genFlows(5000, nil)))
			if status.Code(err) != tt.wantCode {
				t.Fatalf("error %v, want code %v", err, tt.wantCode)
			}
			if _, ok := status.FromError(err); !ok || errors.Is(err, ErrProtocol) {
				t.Errorf("error %v is not the server's status", err)
			}
			if !slices.Equal(ids, flowIDs(tt.wantDecisions)) {
				t.Errorf("got %d decisions before the error, want %d", len(ids), tt.wantDecisions)
			}
			fv := FieldViolations(err)
			if tt.wantField == "" {
				if fv != nil {
					t.Errorf("FieldViolations = %v, want none", fv)
				}
				return
			}
			if len(fv) != 1 || fv[0].GetField() != tt.wantField || fv[0].GetDescription() == "" {
				t.Errorf("FieldViolations = %v, want %s", fv, tt.wantField)
			}
		})
	}
}

func TestEvaluateAllClientErrors(t *testing.T) {
	bigFlows := func(yield func(*netverdictv1.Flow) bool) {
		for i := range 1000 {
			if !yield(&netverdictv1.Flow{Id: strconv.Itoa(i), TlsServerName: strings.Repeat("x", 100)}) {
				return
			}
		}
	}
	tests := []struct {
		name     string
		opts     []Option
		flows    iter.Seq[*netverdictv1.Flow]
		wantErr  string
		wantCode codes.Code
	}{
		{
			name:     "nil flow",
			flows:    slices.Values([]*netverdictv1.Flow{{Id: "a"}, nil}),
			wantErr:  "flow 1 is nil",
			wantCode: codes.Unknown,
		},
		{
			name:     "batch over the send limit",
			opts:     []Option{WithMaxSendMsgSize(16 << 10)},
			flows:    bigFlows,
			wantErr:  "larger than max",
			wantCode: codes.ResourceExhausted,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := start(t, &fakeDecisions{stream: echo(nil)}, nil, tt.opts...)
			ids, err := collect(t, c.EvaluateAll(t.Context(), testSource, nil, tt.flows))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || status.Code(err) != tt.wantCode {
				t.Fatalf("error %v, want %q with code %v", err, tt.wantErr, tt.wantCode)
			}
			if len(ids) != 0 {
				t.Errorf("got decisions %v", ids)
			}
		})
	}
}

func TestEvaluateAllParentCancel(t *testing.T) {
	c := start(t, &fakeDecisions{stream: echo(nil)}, nil)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var got int
	var gotErr error
	for _, err := range c.EvaluateAll(ctx, testSource, nil, genFlows(10_000_000, nil)) {
		if err != nil {
			gotErr = err
			break
		}
		got++
		if got == 10 {
			cancel()
		}
	}
	if status.Code(gotErr) != codes.Canceled {
		t.Fatalf("error %v after %d decisions, want Canceled", gotErr, got)
	}
}

// waitGoroutines waits, for a bounded time, until at most n goroutines run.
func waitGoroutines(t *testing.T, n int) {
	t.Helper()
	var now int
	for range 1000 {
		if now = runtime.NumGoroutine(); now <= n {
			return
		}
		runtime.Gosched()
		time.Sleep(5 * time.Millisecond)
	}
	buf := make([]byte, 1<<20)
	t.Fatalf("%d goroutines, want at most %d:\n%s", now, n, buf[:runtime.Stack(buf, true)])
}

func TestEvaluateAllEarlyBreak(t *testing.T) {
	// stall answers the first batch and then stops reading, so that the
	// client's sender ends up blocked by flow control.
	stall := func(s evalStream) error {
		if err := recvConfig(s); err != nil {
			return err
		}
		req, err := s.Recv()
		if err != nil {
			return err
		}
		if err := s.Send(&netverdictv1.EvaluateStreamResponse{Decisions: allow(req.GetFlows().GetFlows())}); err != nil {
			return err
		}
		<-s.Context().Done()
		return s.Context().Err()
	}
	tests := []struct {
		name       string
		stream     func(evalStream) error
		breakAfter int
	}{
		{"server keeps answering", echo(nil), 2500},
		{"server stops reading", stall, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				active         atomic.Int32 // running stream handlers
				serverCanceled = make(chan struct{}, 1)
				stream         atomic.Value // func(evalStream) error
			)
			stream.Store(echo(nil)) // for the warm-up
			fd := &fakeDecisions{stream: func(s evalStream) error {
				active.Add(1)
				defer active.Add(-1)
				err := stream.Load().(func(evalStream) error)(s)
				if s.Context().Err() == context.Canceled {
					serverCanceled <- struct{}{}
				}
				return err
			}}
			c := start(t, fd, nil)

			// Warm up, so that the connection's goroutines are in the
			// baseline, and wait for the warm-up's handler to return.
			if _, err := collect(t, c.EvaluateAll(t.Context(), testSource, nil, genFlows(10, nil))); err != nil {
				t.Fatal(err)
			}
			for i := 0; active.Load() != 0; i++ {
				if i == 1000 {
					t.Fatal("warm-up handler still running")
				}
				time.Sleep(time.Millisecond)
			}
			baseline := runtime.NumGoroutine()
			stream.Store(tt.stream)

			var pulled atomic.Int64
			const total = 10_000_000
			got := 0
			for d, err := range c.EvaluateAll(t.Context(), testSource, nil, genFlows(total, &pulled)) {
				if err != nil {
					t.Fatal(err)
				}
				if d.GetFlowId() != strconv.Itoa(got) {
					t.Fatalf("decision %d is for flow %s", got, d.GetFlowId())
				}
				got++
				if got == tt.breakAfter {
					break
				}
			}
			// The sender has exited by now: the flows are no longer pulled.
			stopped := pulled.Load()
			select {
			case <-serverCanceled:
			case <-time.After(10 * time.Second):
				t.Fatal("the server did not see the stream canceled")
			}
			waitGoroutines(t, baseline)
			if now := pulled.Load(); now != stopped || now >= total {
				t.Errorf("flows pulled: %d at the break, %d later, of %d", stopped, now, total)
			}
			t.Logf("%d flows pulled for %d decisions consumed", stopped, got)

			// The connection is still usable.
			stream.Store(echo(nil))
			if _, err := collect(t, c.EvaluateAll(t.Context(), testSource, nil, genFlows(10, nil))); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestEvaluate(t *testing.T) {
	flows := flowSlice(3)
	opts := &netverdictv1.EvaluationOptions{EphemeralPortRange: &netverdictv1.PortRange{FromPort: 1024, ToPort: 65535}}
	tests := []struct {
		name      string
		evaluate  func(context.Context, *netverdictv1.EvaluateRequest) (*netverdictv1.EvaluateResponse, error)
		wantErr   error
		wantCode  codes.Code
		wantField string
	}{
		{
			name: "ok",
			evaluate: func(_ context.Context, r *netverdictv1.EvaluateRequest) (*netverdictv1.EvaluateResponse, error) {
				if !proto.Equal(r.GetConfig(), testSource) || !proto.Equal(r.GetOptions(), opts) || len(r.GetFlows()) != len(flows) {
					return nil, status.Errorf(codes.InvalidArgument, "unexpected request %v", r)
				}
				return &netverdictv1.EvaluateResponse{Decisions: allow(r.GetFlows())}, nil
			},
		},
		{
			name: "too few decisions",
			evaluate: func(_ context.Context, r *netverdictv1.EvaluateRequest) (*netverdictv1.EvaluateResponse, error) {
				return &netverdictv1.EvaluateResponse{Decisions: allow(r.GetFlows()[1:])}, nil
			},
			wantErr:  ErrProtocol,
			wantCode: codes.Unknown,
		},
		{
			name: "out of order",
			evaluate: func(_ context.Context, r *netverdictv1.EvaluateRequest) (*netverdictv1.EvaluateResponse, error) {
				ds := allow(r.GetFlows())
				ds[0], ds[1] = ds[1], ds[0]
				return &netverdictv1.EvaluateResponse{Decisions: ds}, nil
			},
			wantErr:  ErrProtocol,
			wantCode: codes.Unknown,
		},
		{
			name: "field violation",
			evaluate: func(context.Context, *netverdictv1.EvaluateRequest) (*netverdictv1.EvaluateResponse, error) {
				return nil, badRequest(t, "flows[1].protocol", "unknown protocol")
			},
			wantCode:  codes.InvalidArgument,
			wantField: "flows[1].protocol",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := start(t, &fakeDecisions{evaluate: tt.evaluate}, nil)
			ds, err := c.Evaluate(t.Context(), testSource, flows, opts)
			if status.Code(err) != tt.wantCode || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Fatalf("error %v, want %v with code %v", err, tt.wantErr, tt.wantCode)
			}
			if err != nil {
				if ds != nil {
					t.Errorf("decisions %v with error", ds)
				}
				if fv := FieldViolations(err); tt.wantField != "" && (len(fv) != 1 || fv[0].GetField() != tt.wantField) {
					t.Errorf("FieldViolations = %v", fv)
				}
				return
			}
			if len(ds) != len(flows) || ds[2].GetFlowId() != "2" {
				t.Errorf("decisions %v", ds)
			}
		})
	}
}

// TestRetries checks the default service config: the idempotent unary
// methods are retried on UNAVAILABLE, up to 3 attempts, and the others
// are not.
func TestRetries(t *testing.T) {
	var calls atomic.Int32
	var failFirst atomic.Int32 // the first failFirst calls fail with UNAVAILABLE
	fail := func() error {
		if calls.Add(1) <= failFirst.Load() {
			return status.Error(codes.Unavailable, "try again")
		}
		return nil
	}
	fd := &fakeDecisions{evaluate: func(_ context.Context, r *netverdictv1.EvaluateRequest) (*netverdictv1.EvaluateResponse, error) {
		if err := fail(); err != nil {
			return nil, err
		}
		return &netverdictv1.EvaluateResponse{Decisions: allow(r.GetFlows())}, nil
	}}
	snap := &netverdictv1.Snapshot{Name: "snapshots/0123"}
	fs := &fakeSnapshots{
		get: func(context.Context, *netverdictv1.GetSnapshotRequest) (*netverdictv1.GetSnapshotResponse, error) {
			if err := fail(); err != nil {
				return nil, err
			}
			return &netverdictv1.GetSnapshotResponse{Snapshot: snap}, nil
		},
		list: func(context.Context, *netverdictv1.ListSnapshotsRequest) (*netverdictv1.ListSnapshotsResponse, error) {
			if err := fail(); err != nil {
				return nil, err
			}
			return &netverdictv1.ListSnapshotsResponse{Snapshots: []*netverdictv1.Snapshot{snap}}, nil
		},
		create: func(context.Context, *netverdictv1.CreateSnapshotRequest) (*netverdictv1.CreateSnapshotResponse, error) {
			if err := fail(); err != nil {
				return nil, err
			}
			return &netverdictv1.CreateSnapshotResponse{Snapshot: snap}, nil
		},
		delete: func(context.Context, *netverdictv1.DeleteSnapshotRequest) (*netverdictv1.DeleteSnapshotResponse, error) {
			if err := fail(); err != nil {
				return nil, err
			}
			return &netverdictv1.DeleteSnapshotResponse{}, nil
		},
	}
	c := start(t, fd, fs)
	methods := []struct {
		name    string
		retried bool
		call    func(context.Context) error
	}{
		{"Evaluate", true, func(ctx context.Context) error {
			_, err := c.Evaluate(ctx, testSource, flowSlice(2), nil)
			return err
		}},
		{"GetSnapshot", true, func(ctx context.Context) error {
			_, err := c.GetSnapshot(ctx, snap.GetName())
			return err
		}},
		{"ListSnapshots", true, func(ctx context.Context) error {
			for _, err := range c.ListSnapshots(ctx, 0) {
				if err != nil {
					return err
				}
			}
			return nil
		}},
		{"CreateSnapshot", false, func(ctx context.Context) error {
			_, err := c.CreateSnapshot(ctx, testSource)
			return err
		}},
		{"DeleteSnapshot", false, func(ctx context.Context) error {
			return c.DeleteSnapshot(ctx, snap.GetName())
		}},
	}
	for _, m := range methods {
		for _, tc := range []struct {
			failures  int32
			wantCalls int32
			wantCode  codes.Code
		}{
			{failures: 2, wantCalls: 3, wantCode: codes.OK},
			{failures: 3, wantCalls: 3, wantCode: codes.Unavailable},
		} {
			if !m.retried {
				tc.wantCalls, tc.wantCode = 1, codes.Unavailable
			}
			t.Run(fmt.Sprintf("%s/%d failures", m.name, tc.failures), func(t *testing.T) {
				calls.Store(0)
				failFirst.Store(tc.failures)
				err := m.call(t.Context())
				if status.Code(err) != tc.wantCode || calls.Load() != tc.wantCalls {
					t.Errorf("error %v after %d calls, want code %v after %d", err, calls.Load(), tc.wantCode, tc.wantCalls)
				}
			})
		}
	}
}

func TestListSnapshotsPaging(t *testing.T) {
	var all []*netverdictv1.Snapshot
	for i := range 7 {
		all = append(all, &netverdictv1.Snapshot{Name: fmt.Sprintf("snapshots/%02d", i)})
	}
	// page serves all in pages of page_size, the tokens being offsets.
	page := func(_ context.Context, r *netverdictv1.ListSnapshotsRequest) (*netverdictv1.ListSnapshotsResponse, error) {
		from := 0
		if r.GetPageToken() != "" {
			var err error
			if from, err = strconv.Atoi(r.GetPageToken()); err != nil {
				return nil, status.Error(codes.InvalidArgument, "bad token")
			}
		}
		to := min(from+int(r.GetPageSize()), len(all))
		resp := &netverdictv1.ListSnapshotsResponse{Snapshots: all[from:to]}
		if to < len(all) {
			resp.NextPageToken = strconv.Itoa(to)
		}
		return resp, nil
	}
	names := func(idx ...int) []string {
		var out []string
		for _, i := range idx {
			out = append(out, all[i].GetName())
		}
		return out
	}
	tests := []struct {
		name       string
		list       func(context.Context, *netverdictv1.ListSnapshotsRequest) (*netverdictv1.ListSnapshotsResponse, error)
		stopAfter  int // break after this many snapshots; 0 never
		wantNames  []string
		wantTokens []string
		wantCode   codes.Code
		wantErr    error
	}{
		{
			name:       "three pages",
			list:       page,
			wantNames:  names(0, 1, 2, 3, 4, 5, 6),
			wantTokens: []string{"", "3", "6"},
		},
		{
			name:       "early break",
			list:       page,
			stopAfter:  4,
			wantNames:  names(0, 1, 2, 3),
			wantTokens: []string{"", "3"},
		},
		{
			name: "error on the second page",
			list: func(ctx context.Context, r *netverdictv1.ListSnapshotsRequest) (*netverdictv1.ListSnapshotsResponse, error) {
				if r.GetPageToken() != "" {
					return nil, status.Error(codes.PermissionDenied, "no")
				}
				return page(ctx, r)
			},
			wantNames:  names(0, 1, 2),
			wantTokens: []string{"", "3"},
			wantCode:   codes.PermissionDenied,
		},
		{
			name: "repeated page token",
			list: func(ctx context.Context, r *netverdictv1.ListSnapshotsRequest) (*netverdictv1.ListSnapshotsResponse, error) {
				resp, err := page(ctx, &netverdictv1.ListSnapshotsRequest{PageSize: r.GetPageSize()})
				resp.NextPageToken = "same"
				return resp, err
			},
			wantNames:  names(0, 1, 2, 0, 1, 2),
			wantTokens: []string{"", "same"},
			wantCode:   codes.Unknown,
			wantErr:    ErrProtocol,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				mu     sync.Mutex
				tokens []string
			)
			c := start(t, nil, &fakeSnapshots{list: func(ctx context.Context, r *netverdictv1.ListSnapshotsRequest) (*netverdictv1.ListSnapshotsResponse, error) {
				mu.Lock()
				tokens = append(tokens, r.GetPageToken())
				mu.Unlock()
				if r.GetPageSize() != 3 {
					return nil, status.Errorf(codes.InvalidArgument, "page size %d", r.GetPageSize())
				}
				return tt.list(ctx, r)
			}})
			var got []string
			var gotErr error
			for s, err := range c.ListSnapshots(t.Context(), 3) {
				if gotErr != nil {
					t.Fatal("element after error")
				}
				if err != nil {
					gotErr = err
					continue
				}
				got = append(got, s.GetName())
				if len(got) == tt.stopAfter {
					break
				}
			}
			if status.Code(gotErr) != tt.wantCode || (tt.wantErr != nil && !errors.Is(gotErr, tt.wantErr)) {
				t.Errorf("error %v, want code %v", gotErr, tt.wantCode)
			}
			if !slices.Equal(got, tt.wantNames) {
				t.Errorf("names %v, want %v", got, tt.wantNames)
			}
			mu.Lock()
			defer mu.Unlock()
			if !slices.Equal(tokens, tt.wantTokens) {
				t.Errorf("page tokens %q, want %q", tokens, tt.wantTokens)
			}
		})
	}
}

func TestSnapshotHelpers(t *testing.T) {
	snap := &netverdictv1.Snapshot{Name: "snapshots/abc", Digest: "abc", SizeBytes: 42}
	src := AWSDocumentsSource(&netverdictv1.AwsDocument{Name: "vpcs.json", Content: []byte(`{"Vpcs":[]}`)})
	var deleted atomic.Value
	fs := &fakeSnapshots{
		create: func(_ context.Context, r *netverdictv1.CreateSnapshotRequest) (*netverdictv1.CreateSnapshotResponse, error) {
			if !proto.Equal(r.GetConfig(), src) {
				return nil, status.Error(codes.InvalidArgument, "wrong config")
			}
			return &netverdictv1.CreateSnapshotResponse{Snapshot: snap, Created: true}, nil
		},
		get: func(_ context.Context, r *netverdictv1.GetSnapshotRequest) (*netverdictv1.GetSnapshotResponse, error) {
			if r.GetName() != snap.GetName() {
				return nil, status.Errorf(codes.NotFound, "%s not found", r.GetName())
			}
			return &netverdictv1.GetSnapshotResponse{Snapshot: snap}, nil
		},
		delete: func(_ context.Context, r *netverdictv1.DeleteSnapshotRequest) (*netverdictv1.DeleteSnapshotResponse, error) {
			deleted.Store(r.GetName())
			return &netverdictv1.DeleteSnapshotResponse{}, nil
		},
	}
	c := start(t, nil, fs)
	ctx := t.Context()
	if got, err := c.CreateSnapshot(ctx, src); err != nil || !proto.Equal(got, snap) {
		t.Errorf("CreateSnapshot = %v, %v", got, err)
	}
	if got, err := c.GetSnapshot(ctx, snap.GetName()); err != nil || !proto.Equal(got, snap) {
		t.Errorf("GetSnapshot = %v, %v", got, err)
	}
	if got, err := c.GetSnapshot(ctx, "snapshots/nope"); status.Code(err) != codes.NotFound || got != nil {
		t.Errorf("GetSnapshot(unknown) = %v, %v", got, err)
	}
	if err := c.DeleteSnapshot(ctx, snap.GetName()); err != nil || deleted.Load() != snap.GetName() {
		t.Errorf("DeleteSnapshot: %v, deleted %v", err, deleted.Load())
	}
}

func TestSources(t *testing.T) {
	if got := SnapshotSource("snapshots/x").GetSnapshot(); got != "snapshots/x" {
		t.Errorf("SnapshotSource: %q", got)
	}
	cfg := &netverdictv1.NetworkConfig{Vpcs: []*netverdictv1.Vpc{{Id: "vpc-1"}}}
	if got := NetworkConfigSource(cfg).GetNetworkConfig(); got != cfg {
		t.Errorf("NetworkConfigSource: %v", got)
	}

	dir := t.TempDir()
	a, b := filepath.Join(dir, "vpcs.json"), filepath.Join(dir, "subnets.json")
	for p, content := range map[string]string{a: `{"Vpcs":[]}`, b: `{"Subnets":[]}`} {
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	src, err := AWSFiles(a, b)
	if err != nil {
		t.Fatal(err)
	}
	want := AWSDocumentsSource(
		&netverdictv1.AwsDocument{Name: a, Content: []byte(`{"Vpcs":[]}`)},
		&netverdictv1.AwsDocument{Name: b, Content: []byte(`{"Subnets":[]}`)},
	)
	if !proto.Equal(src, want) {
		t.Errorf("AWSFiles = %v, want %v", src, want)
	}
	for _, paths := range [][]string{nil, {a, filepath.Join(dir, "missing.json")}} {
		if src, err := AWSFiles(paths...); err == nil || src != nil {
			t.Errorf("AWSFiles(%q) = %v, %v; want an error", paths, src, err)
		}
	}
}

func TestFieldViolations(t *testing.T) {
	withDetails := badRequest(t, "flows[0].id", "duplicate")
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{"nil", nil, nil},
		{"not a status", errors.New("plain"), nil},
		{"status without details", status.Error(codes.InvalidArgument, "bad"), nil},
		{"status with details", withDetails, []string{"flows[0].id"}},
		{"wrapped status", fmt.Errorf("evaluating: %w", withDetails), []string{"flows[0].id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, fv := range FieldViolations(tt.err) {
				got = append(got, fv.GetField())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("FieldViolations = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDialOptions(t *testing.T) {
	for _, opts := range [][]Option{
		{WithBatchSize(0)},
		{WithMaxRecvMsgSize(-1)},
		{WithTransportCredentials(nil)},
	} {
		if c, err := Dial("127.0.0.1:1", opts...); err == nil {
			c.Close()
			t.Errorf("Dial with invalid options succeeded")
		}
	}
	c, err := Dial("127.0.0.1:1", WithBatchSize(5), WithDialOptions(grpc.WithUserAgent("test")))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.batchSize != 5 || c.Conn() == nil || c.Decisions() == nil || c.Snapshots() == nil {
		t.Errorf("client %+v", c)
	}
}

// TestDefaultServiceConfig checks that the retried methods exist.
func TestDefaultServiceConfig(t *testing.T) {
	var sc struct {
		MethodConfig []struct {
			Name []struct{ Service, Method string }
		}
	}
	if err := json.Unmarshal([]byte(DefaultServiceConfig), &sc); err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, sd := range []grpc.ServiceDesc{netverdictv1.DecisionService_ServiceDesc, netverdictv1.SnapshotService_ServiceDesc} {
		for _, m := range sd.Methods {
			known[sd.ServiceName+"/"+m.MethodName] = true
		}
	}
	n := 0
	for _, mc := range sc.MethodConfig {
		for _, name := range mc.Name {
			n++
			if !known[name.Service+"/"+name.Method] {
				t.Errorf("unknown method %s/%s", name.Service, name.Method)
			}
		}
	}
	if n != 3 {
		t.Errorf("%d methods configured, want 3", n)
	}
}
