package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/encoding/protojson"

	netverdict "github.com/netverdict/netverdict/clients/go"
	"github.com/netverdict/netverdict/evaluator/corpus"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
)

// setupResult is the JSON line of setup.
type setupResult struct {
	Kind     string  `json:"kind"`
	Snapshot string  `json:"snapshot"`
	Size     string  `json:"size"`
	Seed     int64   `json:"seed"`
	Flows    int     `json:"flows"`
	Bytes    int64   `json:"snapshot_bytes"`
	Seconds  float64 `json:"create_seconds"`
}

// runSetup stores the corpus configuration as a snapshot and writes
// DIR/snapshot.txt (the snapshot name) and DIR/ghz-unary.json (one
// EvaluateRequest per corpus flow, for ghz to cycle through).
func runSetup(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("setup", flag.ContinueOnError)
	server := fs.String("server", "127.0.0.1:50551", "server `ADDR`")
	size := sizeFlag{corpus.Large}
	fs.Var(&size, "size", "corpus size: small, medium or large")
	seed := fs.Int64("seed", 1, "corpus seed")
	out := fs.String("out", "loadtest-out", "output `DIR`")
	view := viewFlag{netverdictv1.DecisionView_DECISION_VIEW_FULL}
	fs.Var(&view, "view", "decision view of the ghz requests: full, basic or verdict")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	c, err := loadCorpus(size.Size, *seed)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("creating output directory: %w", err)
	}

	client, err := netverdict.Dial(*server)
	if err != nil {
		return fmt.Errorf("dialing %s: %w", *server, err)
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	t0 := time.Now()
	snap, err := client.CreateSnapshot(ctx, netverdict.NetworkConfigSource(apiconv.ModelToNetworkConfig(c.cfg)))
	if err != nil {
		return fmt.Errorf("creating snapshot of the %s corpus: %w", size, err)
	}
	took := time.Since(t0)

	if err := os.WriteFile(filepath.Join(*out, "snapshot.txt"), []byte(snap.GetName()+"\n"), 0o644); err != nil {
		return fmt.Errorf("writing snapshot name: %w", err)
	}
	if err := writeGhzData(filepath.Join(*out, "ghz-unary.json"), snap.GetName(), view.options(), c.protos); err != nil {
		return err
	}
	fmt.Fprintln(stdout, snap.GetName())
	return emit(stdout,
		fmt.Sprintf("setup: %s corpus (seed %d, %d flows) stored as %s (%d bytes) in %v; wrote %s",
			size, *seed, len(c.protos), snap.GetName(), snap.GetSizeBytes(), took.Round(time.Millisecond), *out),
		setupResult{Kind: "setup", Snapshot: snap.GetName(), Size: size.String(), Seed: *seed,
			Flows: len(c.protos), Bytes: snap.GetSizeBytes(), Seconds: took.Seconds()})
}

// writeGhzData writes a JSON array of EvaluateRequests in proto JSON, one
// flow each, naming the snapshot. ghz sends the array's elements
// round-robin, one per unary call.
func writeGhzData(name, snapshot string, opts *netverdictv1.EvaluationOptions, flows []*netverdictv1.Flow) error {
	var buf bytes.Buffer
	buf.WriteString("[\n")
	src := netverdict.SnapshotSource(snapshot)
	for i, f := range flows {
		b, err := protojson.Marshal(&netverdictv1.EvaluateRequest{Config: src, Flows: []*netverdictv1.Flow{f}, Options: opts})
		if err != nil {
			return fmt.Errorf("encoding request %d: %w", i, err)
		}
		if i > 0 {
			buf.WriteString(",\n")
		}
		buf.Write(b)
	}
	buf.WriteString("\n]\n")
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing ghz data: %w", err)
	}
	return nil
}

// runWait polls the server's health service until it reports SERVING or
// the timeout passes.
func runWait(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("wait", flag.ContinueOnError)
	server := fs.String("server", "127.0.0.1:50551", "server `ADDR`")
	timeout := fs.Duration("timeout", 30*time.Second, "how long to wait")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cc, err := dial(*server)
	if err != nil {
		return err
	}
	defer cc.Close()
	health := grpc_health_v1.NewHealthClient(cc)
	deadline := time.Now().Add(*timeout)
	for {
		cctx, cancel := context.WithTimeout(ctx, time.Second)
		resp, err := health.Check(cctx, &grpc_health_v1.HealthCheckRequest{})
		cancel()
		if err == nil && resp.GetStatus() == grpc_health_v1.HealthCheckResponse_SERVING {
			fmt.Fprintf(stdout, "wait: %s is serving\n", *server)
			return nil
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = fmt.Errorf("status %v", resp.GetStatus())
			}
			return fmt.Errorf("%s not serving after %v: %w", *server, *timeout, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
