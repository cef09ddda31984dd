package main

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	netverdict "github.com/netverdict/netverdict/clients/go"
	"github.com/netverdict/netverdict/evaluator/corpus"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
	"github.com/netverdict/netverdict/server"
)

// startServer serves a netverdict server on a loopback port of this
// process and stores the corpus as a snapshot; it returns the address and
// the snapshot name.
func startServer(tb testing.TB, c *corpusData) (addr, snapshot string) {
	tb.Helper()
	srv, err := server.New(server.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go srv.Serve(lis)
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	client, err := netverdict.Dial(lis.Addr().String())
	if err != nil {
		tb.Fatal(err)
	}
	defer client.Close()
	snap, err := client.CreateSnapshot(context.Background(), netverdict.NetworkConfigSource(apiconv.ModelToNetworkConfig(c.cfg)))
	if err != nil {
		tb.Fatal(err)
	}
	return lis.Addr().String(), snap.GetName()
}

// BenchmarkStream runs the stream subcommand's stub and wire modes against
// a server in this process, one op per flow, so that a CPU profile shows
// client and server together:
//
//	go test -run '^$' -bench Stream -benchtime 500000x -cpuprofile cpu.prof ./tools/loadtest/
//	go tool pprof -top tools/loadtest.test cpu.prof
func BenchmarkStream(b *testing.B) {
	c, err := loadCorpus(corpus.Large, 1)
	if err != nil {
		b.Fatal(err)
	}
	addr, snapshot := startServer(b, c)
	cc, err := dial(addr)
	if err != nil {
		b.Fatal(err)
	}
	defer cc.Close()
	for _, view := range []netverdictv1.DecisionView{netverdictv1.DecisionView_DECISION_VIEW_FULL, netverdictv1.DecisionView_DECISION_VIEW_VERDICT} {
		for _, mode := range []string{"stub", "wire"} {
			v := viewFlag{view}
			b.Run(mode+"/"+v.String(), func(b *testing.B) {
				j := &streamJob{cc: cc, snapshot: snapshot, view: v, c: c, count: uint64(b.N), batch: 1000}
				run := j.stubRunner()
				if mode == "wire" {
					if run, err = j.wireRunner(); err != nil {
						b.Fatal(err)
					}
				}
				b.ResetTimer()
				if err := run(context.Background()); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "flows/s")
			})
		}
	}
}

// TestStreamAndUnarySmoke runs every subcommand briefly against a server
// in this process on the small corpus.
func TestStreamAndUnarySmoke(t *testing.T) {
	c, err := loadCorpus(corpus.Small, 1)
	if err != nil {
		t.Fatal(err)
	}
	addr, snapshot := startServer(t, c)
	ctx := context.Background()
	for _, args := range [][]string{
		{"wait", "--server", addr, "--timeout", "5s"},
		{"setup", "--server", addr, "--size", "small", "--out", t.TempDir()},
		{"inproc", "--size", "small", "--flows", "5000"},
		{"stream", "--server", addr, "--snapshot", snapshot, "--size", "small", "--flows", "5000", "--batch", "300", "--streams", "2"},
		{"stream", "--server", addr, "--snapshot", snapshot, "--size", "small", "--flows", "5000", "--mode", "wire", "--view", "verdict"},
		{"stream", "--server", addr, "--snapshot", snapshot, "--size", "small", "--flows", "5000", "--client"},
		{"unary", "--server", addr, "--snapshot", snapshot, "--size", "small", "--rps", "500", "--duration", "500ms", "--warmup", "100ms", "--workers", "4"},
	} {
		if err := run(ctx, args, io.Discard); err != nil {
			t.Errorf("%v: %v", args, err)
		}
	}
}
