package server_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/resolver/manual"
	"google.golang.org/grpc/status"

	netverdict "github.com/netverdict/netverdict/clients/go"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/testpki"
	"github.com/netverdict/netverdict/server"
)

// tokens are the test's clients: an all-scope and an evaluate-only one.
func testTokens(t *testing.T) []server.Token {
	t.Helper()
	text := fmt.Sprintf("# test tokens\nadmin %s\nreader %s evaluate\n", server.HashToken("admin-secret"), server.HashToken("reader-secret"))
	tokens, err := server.ParseTokens(strings.NewReader(text), "tokens.txt")
	if err != nil {
		t.Fatal(err)
	}
	return tokens
}

// dialTLS dials the test server over TLS with the given options.
func dialTLS(t *testing.T, ts *testServer, p *testpki.PKI, mtls bool, opts ...netverdict.Option) *netverdict.Client {
	t.Helper()
	files := netverdict.TLSFiles{CA: p.CAFile}
	if mtls {
		files.Cert, files.Key = p.ClientCert, p.ClientKey
	}
	c, err := netverdict.Dial(ts.addr, append([]netverdict.Option{netverdict.WithTLS(files)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestTLSAndTokens: TLS, bearer tokens with scopes, open health, closed
// reflection, and the codes for each refusal.
func TestTLSAndTokens(t *testing.T) {
	p := testpki.New(t)
	ts := start(t, server.Options{
		TLS:  &tls.Config{Certificates: []tls.Certificate{p.ServerTLS}, MinVersion: tls.VersionTLS12},
		Auth: &server.Auth{Tokens: testTokens(t), OpenHealth: true},
	})
	ctx := context.Background()
	flows := exampleFlows(t)

	admin := dialTLS(t, ts, p, false, netverdict.WithBearerToken("admin-secret"))
	if _, err := admin.Evaluate(ctx, nil, flows, nil); err != nil {
		t.Fatalf("TLS + valid token: %v", err)
	}
	if _, err := admin.CreateSnapshot(ctx, awsDocs(exampleDocs()[:3])); err != nil {
		t.Fatalf("all-scope token creating a snapshot: %v", err)
	}

	reader := dialTLS(t, ts, p, false, netverdict.WithBearerToken("reader-secret"))
	if _, err := reader.Evaluate(ctx, nil, flows, nil); err != nil {
		t.Fatalf("evaluate-scope token evaluating: %v", err)
	}
	if _, err := reader.CreateSnapshot(ctx, awsDocs(exampleDocs()[:2])); status.Code(err) != codes.PermissionDenied {
		t.Errorf("evaluate-scope token creating a snapshot: %v, want PERMISSION_DENIED", err)
	}

	anon := dialTLS(t, ts, p, false)
	if _, err := anon.Evaluate(ctx, nil, flows, nil); status.Code(err) != codes.Unauthenticated {
		t.Errorf("no token: %v, want UNAUTHENTICATED", err)
	}
	wrong := dialTLS(t, ts, p, false, netverdict.WithBearerToken("guess"))
	if _, err := wrong.Evaluate(ctx, nil, flows, nil); status.Code(err) != codes.Unauthenticated {
		t.Errorf("wrong token: %v, want UNAUTHENTICATED", err)
	}
	// A malformed header, sent by hand.
	md := metadata.Pairs("authorization", "Basic YWRtaW4=")
	if _, err := anon.Decisions().Evaluate(metadata.NewOutgoingContext(ctx, md), &netverdictv1.EvaluateRequest{}); status.Code(err) != codes.Unauthenticated {
		t.Errorf("Basic auth header: %v, want UNAUTHENTICATED", err)
	}
	// Streams are guarded too.
	for _, err := range anon.EvaluateAll(ctx, nil, nil, sliceSeq(flows)) {
		if status.Code(err) != codes.Unauthenticated {
			t.Errorf("stream without token: %v, want UNAUTHENTICATED", err)
		}
		break
	}

	// Health is open; reflection is not.
	r, err := healthpb.NewHealthClient(anon.Conn()).Check(ctx, &healthpb.HealthCheckRequest{})
	if err != nil || r.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("open health without a token: %v %v", r, err)
	}
	st, err := reflectionpb.NewServerReflectionClient(anon.Conn()).ServerReflectionInfo(ctx)
	if err == nil {
		st.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}})
		_, err = st.Recv()
	}
	if status.Code(err) != codes.Unauthenticated {
		t.Errorf("reflection without a token: %v, want UNAUTHENTICATED", err)
	}

	// Plaintext clients cannot talk to the TLS server.
	plain, _ := netverdict.Dial(ts.addr)
	defer plain.Close()
	sctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if _, err := plain.Evaluate(sctx, nil, flows, nil); status.Code(err) != codes.Unavailable && status.Code(err) != codes.DeadlineExceeded {
		t.Errorf("plaintext client to a TLS server: %v", err)
	}
	// The Go client refuses to send a token in clear.
	if c, err := netverdict.Dial(ts.addr, netverdict.WithBearerToken("admin-secret")); err == nil {
		_, err = c.Evaluate(ctx, nil, flows, nil)
		c.Close()
		if err == nil || !strings.Contains(err.Error(), "transport") {
			t.Errorf("token over plaintext: %v, want a transport security error", err)
		}
	}
	if !strings.Contains(ts.logs.String(), `"client":"admin"`) {
		t.Errorf("the access log does not name the client:\n%s", ts.logs.String())
	}
}

// TestMutualTLS: with client certificates required, a client without one
// is refused at the handshake and a client with one is served.
func TestMutualTLS(t *testing.T) {
	p := testpki.New(t)
	ts := start(t, server.Options{TLS: &tls.Config{
		Certificates: []tls.Certificate{p.ServerTLS}, MinVersion: tls.VersionTLS12,
		ClientCAs: p.Pool, ClientAuth: tls.RequireAndVerifyClientCert,
	}})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	flows := exampleFlows(t)
	with := dialTLS(t, ts, p, true)
	if _, err := with.Evaluate(ctx, nil, flows, nil); err != nil {
		t.Fatalf("client certificate: %v", err)
	}
	without := dialTLS(t, ts, p, false)
	if _, err := without.Evaluate(ctx, nil, flows, nil); status.Code(err) != codes.Unavailable {
		t.Errorf("no client certificate: %v, want UNAVAILABLE (handshake refused)", err)
	}
}

// TestPerClientLimit: a client at its limit of calls in progress is
// refused with RESOURCE_EXHAUSTED; another client is not affected.
func TestPerClientLimit(t *testing.T) {
	p := testpki.New(t)
	ts := start(t, server.Options{
		TLS:               &tls.Config{Certificates: []tls.Certificate{p.ServerTLS}, MinVersion: tls.VersionTLS12},
		Auth:              &server.Auth{Tokens: testTokens(t), OpenHealth: true},
		MaxCallsPerClient: 1,
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	admin := dialTLS(t, ts, p, false, netverdict.WithBearerToken("admin-secret"))
	reader := dialTLS(t, ts, p, false, netverdict.WithBearerToken("reader-secret"))
	// admin holds one call open: a stream that has been answered once.
	st, err := admin.Decisions().EvaluateStream(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.Send(&netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Config{Config: &netverdictv1.StreamConfig{}}})
	st.Send(&netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Flows{Flows: &netverdictv1.FlowBatch{Flows: exampleFlows(t)[:1]}}})
	if _, err := st.Recv(); err != nil {
		t.Fatal(err)
	}
	_, err = admin.Evaluate(ctx, nil, exampleFlows(t), nil)
	wantExhausted(t, err, "client.admin.calls")
	if _, err := reader.Evaluate(ctx, nil, exampleFlows(t), nil); err != nil {
		t.Errorf("another client: %v", err)
	}
	// Health checks are not counted.
	if _, err := healthpb.NewHealthClient(admin.Conn()).Check(ctx, &healthpb.HealthCheckRequest{}); err != nil {
		t.Errorf("health at the limit: %v", err)
	}
	st.CloseSend()
	for {
		if _, err := st.Recv(); err != nil {
			break
		}
	}
	ok := false
	for range 100 { // bounded: the server releases the slot as the stream ends
		if _, err := admin.Evaluate(ctx, nil, exampleFlows(t), nil); err == nil {
			ok = true
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !ok {
		t.Error("the client's slot was not released when its stream ended")
	}
}

// TestParseTokens: the token file's errors name the file and line.
func TestParseTokens(t *testing.T) {
	good := server.HashToken("x")
	for _, tc := range []struct{ text, want string }{
		{"a " + good + "\nb " + good + " evaluate\n", ""},
		{"", "no tokens"},
		{"a sha1:abcd\n", "tokens.txt:1"},
		{"a sha256:abcd\n", "64 hex digits"},
		{"a " + good + " root\n", `scope "root"`},
		{"a " + good + "\na " + good + "\n", `"a" is used twice`},
		{"justone\n", "got 1 fields"},
	} {
		_, err := server.ParseTokens(strings.NewReader(tc.text), "tokens.txt")
		if (err == nil) != (tc.want == "") || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%q: %v, want %q", tc.text, err, tc.want)
		}
	}
}

// TestScaleOut: three servers behind one client target with round_robin
// (as a headless Service gives through DNS): a batch of calls is spread
// over all three.
func TestScaleOut(t *testing.T) {
	var servers []*testServer
	var addrs []resolver.Address
	for range 3 {
		ts := start(t, server.Options{})
		servers = append(servers, ts)
		addrs = append(addrs, resolver.Address{Addr: ts.addr})
	}
	r := manual.NewBuilderWithScheme("nvtest")
	r.InitialState(resolver.State{Addresses: addrs})
	c, err := netverdict.Dial(r.Scheme()+":///netverdict", netverdict.WithDialOptions(grpc.WithResolvers(r)))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	flows := exampleFlows(t)
	const calls = 30
	for range calls {
		if _, err := c.Evaluate(ctx, nil, flows, nil); err != nil {
			t.Fatal(err)
		}
	}
	total := 0.0
	for i, ts := range servers {
		n := metricValue(t, ts.scrape(t), "netverdict_flows_evaluated_total")
		if n == 0 {
			t.Errorf("server %d got no calls", i)
		}
		total += n
	}
	if total != calls*float64(len(flows)) {
		t.Errorf("%v flows evaluated over the servers, want %d", total, calls*len(flows))
	}
}
