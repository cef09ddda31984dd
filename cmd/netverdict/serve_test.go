package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/netverdict/netverdict/internal/testpki"
)

// lockedBuffer is a bytes.Buffer safe for concurrent writes and reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serveForTest runs `netverdict serve` in process on loopback ports until
// the test ends, and returns the gRPC and metrics addresses it printed.
func serveForTest(t *testing.T, extra ...string) (addr, metrics string, stdout, stderr *lockedBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr = &lockedBuffer{}, &lockedBuffer{}
	args := append([]string{"serve", "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0"}, extra...)
	done := make(chan int, 1)
	go func() { done <- runContext(ctx, args, strings.NewReader(""), stdout, stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited %d; stderr:\n%s", code, stderr)
			}
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop after its context was cancelled")
		}
	})
	grpcRE := regexp.MustCompile(`serving gRPC on (\S+)`)
	metricsRE := regexp.MustCompile(`metrics: http://(\S+)/metrics`)
	for range 500 { // bounded: 500 × 10 ms
		out := stdout.String()
		if m := grpcRE.FindStringSubmatch(out); m != nil {
			if mm := metricsRE.FindStringSubmatch(out); mm != nil {
				return m[1], mm[1], stdout, stderr
			}
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d; stderr:\n%s", code, stderr)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("serve printed no address; stdout:\n%s\nstderr:\n%s", stdout, stderr)
	return
}

// TestEvalThroughServer: `eval --server` prints exactly what in-process
// eval prints, in both output formats, on the server's built-in default
// config and on configs sent with the request.
func TestEvalThroughServer(t *testing.T) {
	addr, metrics, stdout, _ := serveForTest(t)
	for _, want := range []string{"grpcurl -plaintext " + addr + " list", "bin/netverdict eval --server " + addr, "snapshots/"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, stdout)
		}
	}
	var exampleNet []string
	for _, f := range []string{"vpcs", "subnets", "network-interfaces", "security-groups", "network-acls", "prefix-lists"} {
		exampleNet = append(exampleNet, "--config", examplesDir+"/network/"+f+".json")
	}
	seed := []string{"--config", "testdata/seed/network.json", "--config", "testdata/seed/sg-after.json"}
	cases := []struct {
		name     string
		inproc   []string
		remote   []string
		wantCode int
	}{
		{"default-json", append(append([]string{"eval"}, exampleNet...), "--flows", examplesDir+"/flows.jsonl"),
			[]string{"eval", "--server", addr, "--flows", examplesDir + "/flows.jsonl"}, 0},
		{"default-table", append(append([]string{"eval"}, exampleNet...), "--flows", examplesDir+"/flows.jsonl", "--output", "table"),
			[]string{"eval", "--server", addr, "--flows", examplesDir + "/flows.jsonl", "--output", "table"}, 0},
		{"seed-configs-sent", append(append([]string{"eval"}, seed...), "--flows", "testdata/seed/flows-after.jsonl"),
			append(append([]string{"eval", "--server", addr}, seed...), "--flows", "testdata/seed/flows-after.jsonl"), 0},
		{"ephemeral", append(append([]string{"eval"}, exampleNet...), "--ephemeral-ports", "49152-65535", "--flows", examplesDir+"/flows.jsonl"),
			[]string{"eval", "--server", addr, "--ephemeral-ports", "49152-65535", "--flows", examplesDir + "/flows.jsonl"}, 0},
		{"flow-contradicts-config", append(append([]string{"eval"}, exampleNet...), "--flow", `{"id":"y","source":{"networkInterfaceId":"eni-0ba5710000000000a","ip":"10.9.9.9"},"destination":{"ip":"10.0.2.30"},"protocol":"tcp","destinationPort":80}`),
			[]string{"eval", "--server", addr, "--flow", `{"id":"y","source":{"networkInterfaceId":"eni-0ba5710000000000a","ip":"10.9.9.9"},"destination":{"ip":"10.0.2.30"},"protocol":"tcp","destinationPort":80}`}, 2},
		{"bad-flow", append(append([]string{"eval"}, exampleNet...), "--flow", `{"id":"x","source":{"ip":"10.0.1.20"},"destination":{"ip":"10.0.2.30"},"protocol":"tcp","destinationPort":70000}`),
			[]string{"eval", "--server", addr, "--flow", `{"id":"x","source":{"ip":"10.0.1.20"},"destination":{"ip":"10.0.2.30"},"protocol":"tcp","destinationPort":70000}`}, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var wantOut, wantErr, gotOut, gotErr bytes.Buffer
			wantCode := run(tc.inproc, strings.NewReader(""), &wantOut, &wantErr)
			gotCode := run(tc.remote, strings.NewReader(""), &gotOut, &gotErr)
			if wantCode != tc.wantCode || gotCode != tc.wantCode {
				t.Fatalf("exit in-process %d, through server %d, want %d\nin-process stderr: %s\nserver stderr: %s", wantCode, gotCode, tc.wantCode, &wantErr, &gotErr)
			}
			if gotOut.String() != wantOut.String() {
				t.Errorf("stdout differs\n--- through server ---\n%s\n--- in process ---\n%s", &gotOut, &wantOut)
			}
			if tc.wantCode != 0 && gotErr.String() != wantErr.String() {
				t.Errorf("stderr differs\n--- through server ---\n%s\n--- in process ---\n%s", &gotErr, &wantErr)
			}
		})
	}

	resp, err := http.Get("http://" + metrics + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "netverdict_flows_evaluated_total") {
		t.Error("metrics endpoint lacks netverdict_flows_evaluated_total")
	}
}

// TestServeBadFlags: bad serve flags exit 2 with the problem named.
func TestServeBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--listen", "not-an-address"}, "--listen"},
		{[]string{"serve", "--config", "testdata/does-not-exist.json"}, "does-not-exist.json"},
		{[]string{"serve", "--config", "testdata/bad-cidr.json"}, "bad-cidr.json"},
		{[]string{"serve", "--log-level", "loud"}, "--log-level"},
		{[]string{"serve", "--access-log", "some"}, "--access-log"},
		{[]string{"serve", "extra"}, "unexpected argument"},
	} {
		var out, errb bytes.Buffer
		if code := run(tc.args, strings.NewReader(""), &out, &errb); code != 2 || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 naming %q", tc.args, code, errb.String(), tc.want)
		}
	}
}

// TestServeTLSAndTokens: serve's TLS and token flags, and eval --server
// with --server-ca and --token-file; the same output as in process.
func TestServeTLSAndTokens(t *testing.T) {
	p := testpki.New(t)
	var hashed, stderrH bytes.Buffer
	if code := run([]string{"hash-token", "--name", "ci"}, strings.NewReader("tok-123\n"), &hashed, &stderrH); code != 0 {
		t.Fatalf("hash-token: exit %d: %s", code, &stderrH)
	}
	tokens := filepath.Join(p.Dir, "tokens.txt")
	tokenFile := filepath.Join(p.Dir, "token")
	if err := os.WriteFile(tokens, hashed.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tokenFile, []byte("tok-123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	addr, _, stdout, _ := serveForTest(t, "--tls-cert", p.ServerCert, "--tls-key", p.ServerKey,
		"--client-ca", p.CAFile, "--auth-tokens", tokens)
	if !strings.Contains(stdout.String(), "TLS: true, bearer tokens required: true") {
		t.Errorf("banner does not say TLS and tokens:\n%s", stdout)
	}
	var exampleNet []string
	for _, f := range []string{"vpcs", "subnets", "network-interfaces", "security-groups", "network-acls", "prefix-lists"} {
		exampleNet = append(exampleNet, "--config", examplesDir+"/network/"+f+".json")
	}
	var want, wantErr bytes.Buffer
	if code := run(append(append([]string{"eval"}, exampleNet...), "--flows", examplesDir+"/flows.jsonl"), strings.NewReader(""), &want, &wantErr); code != 0 {
		t.Fatalf("in process: %s", &wantErr)
	}
	tlsArgs := []string{"--server-ca", p.CAFile, "--client-cert", p.ClientCert, "--client-key", p.ClientKey}
	var got, gotErr bytes.Buffer
	args := append(append([]string{"eval", "--server", addr, "--token-file", tokenFile}, tlsArgs...), "--flows", examplesDir+"/flows.jsonl")
	if code := run(args, strings.NewReader(""), &got, &gotErr); code != 0 || got.String() != want.String() {
		t.Errorf("eval over TLS with a token: exit %d, stderr %s; same output: %v", code, &gotErr, got.String() == want.String())
	}
	got.Reset()
	gotErr.Reset()
	args = append(append([]string{"eval", "--server", addr}, tlsArgs...), "--flows", examplesDir+"/flows.jsonl")
	if code := run(args, strings.NewReader(""), &got, &gotErr); code != 2 || !strings.Contains(gotErr.String(), "Unauthenticated") {
		t.Errorf("eval without a token: exit %d, stderr %q; want 2 and Unauthenticated", code, &gotErr)
	}
	// A refused stream while the client is still reading a long flows
	// file ends promptly (it once deadlocked: the error path held the lock
	// the client's flow reader needed).
	flowsBody, err := os.ReadFile(examplesDir + "/flows.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	long := filepath.Join(p.Dir, "long.jsonl")
	if err := os.WriteFile(long, bytes.Repeat(flowsBody, 5000), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		done := make(chan int, 1)
		go func() {
			var o, e bytes.Buffer
			done <- run(append(append([]string{"eval", "--server", addr}, tlsArgs...), "--flows", long), strings.NewReader(""), &o, &e)
		}()
		select {
		case code := <-done:
			if code != 2 {
				t.Errorf("long flows without a token: exit %d, want 2", code)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("eval --server did not end after the server refused the stream")
		}
	}
	for _, bad := range [][]string{
		{"serve", "--tls-cert", p.ServerCert},
		{"serve", "--tls-cert", p.ServerCert, "--tls-key", p.ServerCert},
		{"serve", "--auth-tokens", tokenFile},
		{"eval", "--server", addr, "--token-file", tokenFile, "--flow", "{}"},
		{"hash-token", "--name", "x", "secret-on-the-command-line"},
	} {
		var o, e bytes.Buffer
		if code := run(bad, strings.NewReader(""), &o, &e); code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", bad, code, &e)
		}
	}
}
