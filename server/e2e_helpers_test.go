package server_test

import (
	"bufio"
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	netverdict "github.com/netverdict/netverdict/clients/go"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/path"
	"github.com/netverdict/netverdict/examples"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
	"github.com/netverdict/netverdict/internal/configload"
	"github.com/netverdict/netverdict/server"
)

// syncBuffer is a bytes.Buffer safe for the server's log writes and the
// test's reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testServer is a real server on a loopback port with a client to it.
type testServer struct {
	srv     *server.Server
	addr    string
	client  *netverdict.Client
	logs    *syncBuffer
	metrics string // URL of /metrics
	done    chan error
}

// exampleDocs is the built-in example network, as serve uses it.
func exampleDocs() []configload.Document {
	var docs []configload.Document
	for _, d := range examples.Network() {
		docs = append(docs, configload.Document{Name: d.Name, Data: d.Data})
	}
	return docs
}

// start runs a server with opts (the example network as default config
// when opts.Default is nil) on 127.0.0.1:0 and dials it. The server is
// shut down at the end of the test unless the test did it.
func start(t *testing.T, opts server.Options) *testServer {
	t.Helper()
	if opts.Default == nil {
		opts.Default = exampleDocs()
	}
	logs := &syncBuffer{}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	}
	srv, err := server.New(opts)
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	ts := serveOn(t, srv)
	ts.logs = logs
	return ts
}

// serveOn serves srv on 127.0.0.1:0, with its metrics on an httptest
// server, and dials it.
func serveOn(t *testing.T, srv *server.Server) *testServer {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{srv: srv, addr: lis.Addr().String(), logs: &syncBuffer{}, done: make(chan error, 1)}
	go func() { ts.done <- srv.Serve(lis) }()
	hs := httptest.NewServer(srv.MetricsHandler()) // listens on 127.0.0.1
	ts.metrics = hs.URL + "/metrics"
	c, err := netverdict.Dial(ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	ts.client = c
	t.Cleanup(func() {
		c.Close()
		hs.Close()
		ts.stop(t)
	})
	return ts
}

// stop shuts the server down (once) and waits for Serve to return.
func (ts *testServer) stop(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := ts.srv.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	select {
	case err := <-ts.done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
		ts.done <- nil // later stops return at once
	case <-ctx.Done():
		t.Errorf("Serve did not return after Shutdown")
	}
}

// scrape returns the metrics text.
func (ts *testServer) scrape(t *testing.T) string {
	t.Helper()
	resp, err := http.Get(ts.metrics)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// exampleFlows parses examples/flows.jsonl.
func exampleFlows(t *testing.T) []*netverdictv1.Flow {
	t.Helper()
	var out []*netverdictv1.Flow
	sc := bufio.NewScanner(bytes.NewReader(examples.Flows()))
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		var f netverdictv1.Flow
		if err := protojson.Unmarshal(line, &f); err != nil {
			t.Fatal(err)
		}
		out = append(out, &f)
	}
	return out
}

// inProcess evaluates flows on docs without the server, for comparison.
func inProcess(t *testing.T, docs []configload.Document, flows []*netverdictv1.Flow, opts model.Options) []*netverdictv1.Decision {
	t.Helper()
	cfg, _, err := configload.Load(docs)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := path.Compile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*netverdictv1.Decision, len(flows))
	var d model.Decision
	for i, pf := range flows {
		f, err := apiconv.FlowFromProto(pf, i)
		if err != nil {
			t.Fatal(err)
		}
		if err := snap.Evaluate(&f, opts, &d); err != nil {
			t.Fatal(err)
		}
		out[i] = apiconv.DecisionToProto(&d, &f)
	}
	return out
}

// protojsonMarshal renders m in the proto JSON mapping.
func protojsonMarshal(m proto.Message) ([]byte, error) { return protojson.Marshal(m) }

// awsDocs turns configload documents into API documents.
func awsDocs(docs []configload.Document) *netverdictv1.ConfigSource {
	var out []*netverdictv1.AwsDocument
	for _, d := range docs {
		out = append(out, &netverdictv1.AwsDocument{Name: d.Name, Content: d.Data})
	}
	return netverdict.AWSDocumentsSource(out...)
}
