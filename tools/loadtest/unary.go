package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	netverdict "github.com/netverdict/netverdict/clients/go"
	"github.com/netverdict/netverdict/evaluator/corpus"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// latencySummary is a latency distribution, in milliseconds.
type latencySummary struct {
	P50  float64 `json:"p50_ms"`
	P90  float64 `json:"p90_ms"`
	P99  float64 `json:"p99_ms"`
	P999 float64 `json:"p999_ms"`
	Max  float64 `json:"max_ms"`
}

// summarize sorts ds and returns its percentiles.
func summarize(ds []time.Duration) latencySummary {
	if len(ds) == 0 {
		return latencySummary{}
	}
	slices.Sort(ds)
	q := func(p float64) float64 {
		i := int(p * float64(len(ds)))
		if i >= len(ds) {
			i = len(ds) - 1
		}
		return float64(ds[i]) / 1e6
	}
	return latencySummary{P50: q(0.50), P90: q(0.90), P99: q(0.99), P999: q(0.999), Max: float64(ds[len(ds)-1]) / 1e6}
}

func (l latencySummary) String() string {
	return fmt.Sprintf("p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms", l.P50, l.P90, l.P99, l.P999, l.Max)
}

// unaryResult is the JSON line of unary.
type unaryResult struct {
	Kind        string           `json:"kind"`
	View        string           `json:"view"`
	TargetRPS   float64          `json:"target_rps"`
	AchievedRPS float64          `json:"achieved_rps"`
	Seconds     float64          `json:"seconds"`
	Requests    int64            `json:"requests"`
	OK          int64            `json:"ok"`
	Errors      map[string]int64 `json:"errors,omitempty"`
	Connections int              `json:"connections"`
	Workers     int              `json:"workers"`
	// Latency is measured from each request's scheduled send time: it
	// includes any wait for a free worker or a late pacer (no coordinated
	// omission).
	Latency latencySummary `json:"latency"`
	// Service is measured from the moment the request was actually sent.
	Service latencySummary `json:"service"`
	// PacerLag is how late requests were sent after their scheduled time.
	PacerLag latencySummary `json:"pacer_lag"`
}

// runUnary is an open-loop load generator for DecisionService.Evaluate: a
// pacer releases request i at start + i/rps whatever the responses do, a
// pool of workers sends them, and latency counts from the scheduled time,
// so a slow server shows as latency rather than as a lower request rate.
// Requests cycle through the corpus flows, one flow each, naming the
// snapshot; the first --warmup of requests is not recorded.
func runUnary(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("unary", flag.ContinueOnError)
	server := fs.String("server", "127.0.0.1:50551", "server `ADDR`")
	snapshot := fs.String("snapshot", "", "snapshot `NAME` (setup prints it)")
	size := sizeFlag{corpus.Large}
	fs.Var(&size, "size", "corpus size: small, medium or large (as given to setup)")
	seed := fs.Int64("seed", 1, "corpus seed (as given to setup)")
	rps := fs.Float64("rps", 10_000, "requests per second")
	duration := fs.Duration("duration", 20*time.Second, "measured duration")
	warmup := fs.Duration("warmup", 3*time.Second, "unrecorded load before the measurement")
	conns := fs.Int("connections", 2, "gRPC connections the requests spread over")
	workers := fs.Int("workers", 64, "concurrent requests at most")
	timeout := fs.Duration("timeout", 10*time.Second, "per-request deadline")
	view := viewFlag{netverdictv1.DecisionView_DECISION_VIEW_FULL}
	fs.Var(&view, "view", "decision view: full, basic or verdict")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *snapshot == "":
		return usageError{errors.New("--snapshot is required")}
	case *rps <= 0 || *duration <= 0 || *warmup < 0 || *conns <= 0 || *workers <= 0:
		return usageError{errors.New("--rps, --duration, --connections and --workers must be positive")}
	}
	c, err := loadCorpus(size.Size, *seed)
	if err != nil {
		return err
	}
	src := netverdict.SnapshotSource(*snapshot)
	reqs := make([]*netverdictv1.EvaluateRequest, len(c.protos))
	for i, f := range c.protos {
		reqs[i] = &netverdictv1.EvaluateRequest{Config: src, Flows: []*netverdictv1.Flow{f}, Options: view.options()}
	}
	stubs := make([]netverdictv1.DecisionServiceClient, *conns)
	for i := range stubs {
		cc, err := dial(*server)
		if err != nil {
			return err
		}
		defer cc.Close()
		stubs[i] = netverdictv1.NewDecisionServiceClient(cc)
		// Connect and warm the connection before the clock starts.
		if _, err := stubs[i].Evaluate(ctx, reqs[0]); err != nil {
			return fmt.Errorf("first request on connection %d: %w", i, err)
		}
	}

	interval := time.Duration(float64(time.Second) / *rps)
	warmN := int64(float64(*warmup) / float64(interval))
	total := warmN + int64(float64(*duration)/float64(interval))
	measured := total - warmN
	// Pre-allocated: workers write their own slots, nothing grows.
	lat := make([]time.Duration, measured)
	svc := make([]time.Duration, measured)
	lag := make([]time.Duration, measured)
	var nOK atomic.Int64
	var errCount [32]atomic.Int64 // by codes.Code
	var lastDone atomic.Int64     // UnixNano of the last measured response

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct {
		i     int64
		sched time.Time
	}
	jobs := make(chan job, 1<<16)
	start := time.Now().Add(20 * time.Millisecond)
	var wg sync.WaitGroup
	for w := range *workers {
		wg.Go(func() {
			for j := range jobs {
				sent := time.Now()
				rctx, rcancel := context.WithTimeout(ctx, *timeout)
				_, err := stubs[(int(j.i)+w)%len(stubs)].Evaluate(rctx, reqs[j.i%int64(len(reqs))])
				rcancel()
				done := time.Now()
				if j.i < warmN {
					continue
				}
				if err != nil {
					if code := status.Code(err); int(code) < len(errCount) {
						errCount[code].Add(1)
					}
					continue
				}
				k := nOK.Add(1) - 1
				lat[k], svc[k], lag[k] = done.Sub(j.sched), done.Sub(sent), sent.Sub(j.sched)
				for t := done.UnixNano(); ; {
					if old := lastDone.Load(); t <= old || lastDone.CompareAndSwap(old, t) {
						break
					}
				}
			}
		})
	}

	// The pacer: nanosleep (about 60 µs late under Linux's timer slack)
	// rather than time.Sleep, which is up to a millisecond late for short
	// sleeps; every request whose time has come is released at once.
	var i int64
	for i < total && ctx.Err() == nil {
		now := time.Now()
		for ; i < total; i++ {
			sched := start.Add(time.Duration(i) * interval)
			if sched.After(now) {
				break
			}
			select {
			case jobs <- job{i: i, sched: sched}:
			case <-ctx.Done():
			}
		}
		if i < total {
			if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
				ts := syscall.NsecToTimespec(int64(d))
				_ = syscall.Nanosleep(&ts, nil) // EINTR: the loop re-checks the time
			}
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}

	ok := nOK.Load()
	errs := map[string]int64{}
	var nErr int64
	for code := range errCount {
		if n := errCount[code].Load(); n > 0 {
			errs[codes.Code(code).String()] = n
			nErr += n
		}
	}
	measureStart := start.Add(time.Duration(warmN) * interval)
	elapsed := time.Unix(0, lastDone.Load()).Sub(measureStart)
	if ok == 0 {
		elapsed = *duration
	}
	res := unaryResult{
		Kind: "unary", View: view.String(), TargetRPS: *rps, AchievedRPS: float64(ok+nErr) / elapsed.Seconds(), Seconds: elapsed.Seconds(),
		Requests: ok + nErr, OK: ok, Errors: errs, Connections: *conns, Workers: *workers,
		Latency: summarize(lat[:ok]), Service: summarize(svc[:ok]), PacerLag: summarize(lag[:ok]),
	}
	var errText []string
	for code, n := range errs {
		errText = append(errText, fmt.Sprintf("%s %d", code, n))
	}
	sort.Strings(errText)
	if len(errText) == 0 {
		errText = []string{"none"}
	}
	return emit(stdout,
		fmt.Sprintf("unary (view %s): %.0f rps target, %.0f achieved over %v (%d requests, errors: %s); latency from schedule %v; service time p99 %.3f ms; pacer lag p99 %.3f ms",
			view, *rps, res.AchievedRPS, elapsed.Round(time.Millisecond), res.Requests, strings.Join(errText, ", "),
			res.Latency, res.Service.P99, res.PacerLag.P99),
		res)
}
