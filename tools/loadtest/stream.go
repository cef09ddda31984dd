package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"strconv"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	netverdict "github.com/netverdict/netverdict/clients/go"
	"github.com/netverdict/netverdict/evaluator/corpus"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// streamResult is the JSON line of stream.
type streamResult struct {
	Kind        string        `json:"kind"`
	Mode        string        `json:"mode"`
	View        string        `json:"view"`
	Streams     int           `json:"streams"`
	Connections int           `json:"connections"`
	Batch       int           `json:"batch"`
	Flows       int64         `json:"flows"`
	Seconds     float64       `json:"seconds"`
	FlowsPerSec float64       `json:"flows_per_s"`
	Verdicts    verdictCounts `json:"verdicts"`
}

// streamJob is one stream's share of the work: count flows with ids
// first, first+1, ... (unique across streams).
type streamJob struct {
	cc       *grpc.ClientConn
	client   *netverdict.Client // client mode only
	snapshot string
	view     viewFlag
	c        *corpusData
	first    uint64
	count    uint64
	batch    int
	verdicts verdictCounts
}

// runStream replays corpus flows through EvaluateStream on --streams
// concurrent streams and reports the decisions received per second.
//
// Modes: "stub" uses the generated stub with a sender goroutine that
// refills a ring of pre-built batches (ids rewritten per flow); "wire"
// pre-encodes the flows and decodes only each decision's flow id and
// verdict, so that the client costs as little CPU as possible on a machine
// it shares with the server; "client" uses clients/go EvaluateAll with a
// fresh Flow per flow, as an application would.
func runStream(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("stream", flag.ContinueOnError)
	server := fs.String("server", "127.0.0.1:50551", "server `ADDR`")
	snapshot := fs.String("snapshot", "", "snapshot `NAME` (setup prints it)")
	size := sizeFlag{corpus.Large}
	fs.Var(&size, "size", "corpus size: small, medium or large (as given to setup)")
	seed := fs.Int64("seed", 1, "corpus seed (as given to setup)")
	flows := fs.Int64("flows", 5_000_000, "flows to send in all")
	batch := fs.Int("batch", 1000, "flows per stream message")
	streams := fs.Int("streams", 1, "concurrent streams")
	conns := fs.Int("connections", 0, "gRPC connections the streams spread over (0: one per stream)")
	mode := fs.String("mode", "stub", "stub, wire or client")
	view := viewFlag{netverdictv1.DecisionView_DECISION_VIEW_FULL}
	fs.Var(&view, "view", "decision view: full, basic or verdict")
	clientMode := fs.Bool("client", false, "shorthand for --mode client")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *clientMode {
		*mode = "client"
	}
	switch {
	case *snapshot == "":
		return usageError{errors.New("--snapshot is required")}
	case *flows <= 0 || *batch <= 0 || *streams <= 0 || *conns < 0:
		return usageError{errors.New("--flows, --batch and --streams must be positive")}
	case *mode != "stub" && *mode != "wire" && *mode != "client":
		return usageError{fmt.Errorf("--mode %q: want stub, wire or client", *mode)}
	}
	if *conns == 0 || *conns > *streams {
		*conns = *streams
	}
	c, err := loadCorpus(size.Size, *seed)
	if err != nil {
		return err
	}

	ccs := make([]*grpc.ClientConn, *conns)
	clients := make([]*netverdict.Client, *conns)
	for i := range ccs {
		if *mode == "client" {
			cl, err := netverdict.Dial(*server, netverdict.WithBatchSize(*batch))
			if err != nil {
				return fmt.Errorf("dialing %s: %w", *server, err)
			}
			defer cl.Close()
			clients[i], ccs[i] = cl, cl.Conn()
			continue
		}
		cc, err := dial(*server)
		if err != nil {
			return err
		}
		defer cc.Close()
		ccs[i] = cc
	}

	jobs := make([]*streamJob, *streams)
	per, rest := uint64(*flows)/uint64(*streams), uint64(*flows)%uint64(*streams)
	next := uint64(0)
	for k := range jobs {
		n := per
		if uint64(k) < rest {
			n++
		}
		jobs[k] = &streamJob{cc: ccs[k%*conns], client: clients[k%*conns], snapshot: *snapshot, view: view, c: c,
			first: next, count: n, batch: *batch}
		next += n
	}
	// Build each stream's ring before the clock starts.
	runners := make([]func(context.Context) error, len(jobs))
	for k, j := range jobs {
		switch *mode {
		case "stub":
			runners[k] = j.stubRunner()
		case "wire":
			r, err := j.wireRunner()
			if err != nil {
				return err
			}
			runners[k] = r
		case "client":
			runners[k] = j.clientRun
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	t0 := time.Now()
	for k := range jobs {
		wg.Go(func() {
			if errs[k] = runners[k](ctx); errs[k] != nil {
				cancel()
			}
		})
	}
	wg.Wait()
	took := time.Since(t0)
	for k, err := range errs {
		if err != nil {
			return fmt.Errorf("stream %d: %w", k, err)
		}
	}

	var v verdictCounts
	for _, j := range jobs {
		v.merge(j.verdicts)
	}
	rate := float64(*flows) / took.Seconds()
	return emit(stdout,
		fmt.Sprintf("stream (%s, view %s): %d flows on %d stream(s) over %d connection(s), batch %d, in %v: %.0f flows/s (%s)",
			*mode, view, *flows, *streams, *conns, *batch, took.Round(time.Millisecond), rate, v),
		streamResult{Kind: "stream", Mode: *mode, View: view.String(), Streams: *streams, Connections: *conns, Batch: *batch,
			Flows: *flows, Seconds: took.Seconds(), FlowsPerSec: rate, Verdicts: v})
}

// ring returns ceil(len(corpus)/batch) batches that together cover the
// corpus flows in order (the last batch wraps around to the first flows).
// Each flow is a private copy, so the sender may rewrite its id.
func (j *streamJob) ring() [][]*netverdictv1.Flow {
	n := len(j.c.protos)
	nb := (n + j.batch - 1) / j.batch
	out := make([][]*netverdictv1.Flow, nb)
	for b := range out {
		out[b] = make([]*netverdictv1.Flow, j.batch)
		for i := range out[b] {
			out[b][i] = proto.CloneOf(j.c.protos[(b*j.batch+i)%n])
		}
	}
	return out
}

// streamConfig is the first message of every stream.
func (j *streamJob) streamConfig() *netverdictv1.EvaluateStreamRequest {
	return &netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Config{
		Config: &netverdictv1.StreamConfig{Source: netverdict.SnapshotSource(j.snapshot), Options: j.view.options()},
	}}
}

// stubRunner returns the stream's run function in stub mode.
//
// The sender rewrites the ids of a ring batch and sends it; grpc-go
// encodes a message completely inside Send (no stats handler is installed
// that could keep it), so the batch may be rewritten once Send returns.
func (j *streamJob) stubRunner() func(context.Context) error {
	ring := j.ring()
	return func(ctx context.Context) error {
		ctx, cancel := context.WithCancelCause(ctx)
		defer cancel(nil)
		stream, err := netverdictv1.NewDecisionServiceClient(j.cc).EvaluateStream(ctx)
		if err != nil {
			return fmt.Errorf("opening EvaluateStream: %w", err)
		}
		senderDone := make(chan struct{})
		go func() {
			defer close(senderDone)
			if err := stream.Send(j.streamConfig()); err != nil {
				if err != io.EOF {
					cancel(fmt.Errorf("sending config: %w", err))
				}
				return
			}
			fb := &netverdictv1.FlowBatch{}
			req := &netverdictv1.EvaluateStreamRequest{Message: &netverdictv1.EvaluateStreamRequest_Flows{Flows: fb}}
			for sent, r := uint64(0), 0; sent < j.count; r = (r + 1) % len(ring) {
				n := min(uint64(j.batch), j.count-sent)
				b := ring[r][:n]
				for i, f := range b {
					f.Id = strconv.FormatUint(j.first+sent+uint64(i), 10)
				}
				fb.Flows = b
				if err := stream.Send(req); err != nil {
					if err != io.EOF { // io.EOF: the stream ended; Recv says why
						cancel(fmt.Errorf("sending flows: %w", err))
					}
					return
				}
				sent += n
			}
			if err := stream.CloseSend(); err != nil {
				cancel(fmt.Errorf("closing the send side: %w", err))
			}
		}()
		defer func() { cancel(nil); <-senderDone }()

		want := j.first
		for {
			resp, err := stream.Recv()
			if err == io.EOF {
				break
			}
			if err != nil {
				if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
					return cause
				}
				return fmt.Errorf("receiving decisions: %w", err)
			}
			for _, d := range resp.GetDecisions() {
				if id, err := strconv.ParseUint(d.GetFlowId(), 10, 64); err != nil || id != want {
					return fmt.Errorf("decision %d is for flow %q, want %d", want-j.first, d.GetFlowId(), want)
				}
				want++
				j.verdicts.add(d.GetVerdict())
			}
		}
		if got := want - j.first; got != j.count {
			return fmt.Errorf("stream ended after %d decisions for %d flows", got, j.count)
		}
		return nil
	}
}

// clientRun runs the stream through clients/go EvaluateAll, allocating a
// Flow per flow as an application would; EvaluateAll checks the order of
// the ids itself, this checks them again and counts them.
func (j *streamJob) clientRun(ctx context.Context) error {
	n := len(j.c.protos)
	flows := func(yield func(*netverdictv1.Flow) bool) {
		for i := range j.count {
			p := j.c.protos[i%uint64(n)]
			f := &netverdictv1.Flow{
				Id:                  strconv.FormatUint(j.first+i, 10),
				Source:              p.Source,
				Destination:         p.Destination,
				Protocol:            p.Protocol,
				SourcePort:          p.SourcePort,
				DestinationPort:     p.DestinationPort,
				IcmpType:            p.IcmpType,
				IcmpCode:            p.IcmpCode,
				State:               p.State,
				Http:                p.Http,
				TlsServerName:       p.TlsServerName,
				EstablishedTracking: p.EstablishedTracking,
			}
			if !yield(f) {
				return
			}
		}
	}
	want := j.first
	var seq iter.Seq2[*netverdictv1.Decision, error] = j.client.EvaluateAll(ctx, netverdict.SnapshotSource(j.snapshot), j.view.options(), flows)
	for d, err := range seq {
		if err != nil {
			return fmt.Errorf("EvaluateAll: %w", err)
		}
		if id, err := strconv.ParseUint(d.GetFlowId(), 10, 64); err != nil || id != want {
			return fmt.Errorf("decision %d is for flow %q, want %d", want-j.first, d.GetFlowId(), want)
		}
		want++
		j.verdicts.add(d.GetVerdict())
	}
	if got := want - j.first; got != j.count {
		return fmt.Errorf("EvaluateAll ended after %d decisions for %d flows", got, j.count)
	}
	return nil
}
