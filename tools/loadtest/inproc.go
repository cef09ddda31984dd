package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/netverdict/netverdict/evaluator/corpus"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/path"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
)

// inprocResult is the JSON line of inproc.
type inprocResult struct {
	Kind       string `json:"kind"`
	View       string `json:"view"`
	Goroutines int    `json:"goroutines"`
	Flows      int64  `json:"flows"`
	// FlowsPerSec is the baseline: evaluate, convert to the API and
	// marshal the decisions, per second over all goroutines.
	FlowsPerSec float64 `json:"flows_per_s"`
	// EvalOnlyPerSec is Snapshot.Evaluate alone.
	EvalOnlyPerSec float64 `json:"eval_only_flows_per_s"`
	// PipelinePerSec adds what a server does to a request before
	// evaluating: unmarshal the flow batch and convert it to the model.
	PipelinePerSec float64 `json:"pipeline_flows_per_s"`
	// DecisionBytes is the mean encoded size of a decision.
	DecisionBytes float64       `json:"decision_bytes"`
	Verdicts      verdictCounts `json:"verdicts"`
}

// inprocBatch is the batch size of the in-process measurement, the same as
// the server's stream response batch.
const inprocBatch = 1000

// runInproc measures the in-process baseline on GOMAXPROCS goroutines:
// (1) Snapshot.Evaluate alone, (2) Evaluate, apiconv.DecisionToProto and
// proto.Marshal of each batch of decisions (the baseline the server is
// compared with), (3) that plus unmarshaling the request batch and
// apiconv.FlowFromProto, which is all the server does short of gRPC.
func runInproc(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("inproc", flag.ContinueOnError)
	size := sizeFlag{corpus.Large}
	fs.Var(&size, "size", "corpus size: small, medium or large")
	seed := fs.Int64("seed", 1, "corpus seed")
	flows := fs.Int64("flows", 2_000_000, "flows to evaluate per measurement")
	view := viewFlag{netverdictv1.DecisionView_DECISION_VIEW_FULL}
	fs.Var(&view, "view", "decision view: full, basic or verdict")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the measurements to `FILE`")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if *flows <= 0 {
		return usageError{fmt.Errorf("--flows must be positive")}
	}
	c, err := loadCorpus(size.Size, *seed)
	if err != nil {
		return err
	}
	snap, err := path.Compile(c.cfg)
	if err != nil {
		return fmt.Errorf("compiling the %s corpus: %w", size, err)
	}
	// The request batches of measurement 3, encoded once.
	nb := (len(c.protos) + inprocBatch - 1) / inprocBatch
	encoded := make([][]byte, nb)
	for b := range encoded {
		batch := &netverdictv1.FlowBatch{Flows: c.protos[b*inprocBatch : min((b+1)*inprocBatch, len(c.protos))]}
		if encoded[b], err = proto.Marshal(batch); err != nil {
			return fmt.Errorf("encoding flow batch %d: %w", b, err)
		}
	}

	g := runtime.GOMAXPROCS(0)
	var (
		res = inprocResult{Kind: "inproc", View: view.String(), Goroutines: g, Flows: *flows}
		mu  sync.Mutex
		enc atomic.Int64 // encoded decision bytes in measurement 2
	)
	// measure runs work on g goroutines over *flows flows, claimed a batch
	// at a time, and returns flows per second. work evaluates the corpus
	// flows [lo, hi).
	measure := func(work func(state *workerState, lo, hi int) error) (float64, error) {
		var next atomic.Int64
		errs := make([]error, g)
		var wg sync.WaitGroup
		t0 := time.Now()
		for w := range g {
			wg.Go(func() {
				st := &workerState{}
				for ctx.Err() == nil {
					b := next.Add(1) - 1
					first := b * inprocBatch
					if first >= *flows {
						break
					}
					lo := int(first % int64(len(c.flows)))
					n := min(inprocBatch, int(*flows-first), len(c.flows)-lo)
					if err := work(st, lo, lo+n); err != nil {
						errs[w] = err
						return
					}
				}
				mu.Lock()
				res.Verdicts.merge(st.verdicts)
				mu.Unlock()
			})
		}
		wg.Wait()
		took := time.Since(t0)
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		for _, err := range errs {
			if err != nil {
				return 0, err
			}
		}
		return float64(*flows) / took.Seconds(), nil
	}

	evalOnly := func(st *workerState, lo, hi int) error {
		for i := lo; i < hi; i++ {
			if err := snap.Evaluate(&c.flows[i], model.Options{}, &st.d); err != nil {
				return fmt.Errorf("flow %d: %w", i, err)
			}
		}
		return nil
	}
	baseline := func(st *workerState, lo, hi int) error {
		st.resp.Decisions = st.resp.Decisions[:0]
		for i := lo; i < hi; i++ {
			if err := snap.Evaluate(&c.flows[i], model.Options{}, &st.d); err != nil {
				return fmt.Errorf("flow %d: %w", i, err)
			}
			st.verdicts.add(apiconv.VerdictToProto(st.d.Verdict))
			st.resp.Decisions = append(st.resp.Decisions, apiconv.DecisionToProtoView(&st.d, &c.flows[i], view.DecisionView))
		}
		b, err := proto.MarshalOptions{}.MarshalAppend(st.buf[:0], &st.resp)
		if err != nil {
			return fmt.Errorf("encoding decisions: %w", err)
		}
		st.buf = b
		enc.Add(int64(len(b)))
		return nil
	}
	pipeline := func(st *workerState, lo, hi int) error {
		// The batches are those of the corpus, so lo is a batch start
		// unless the corpus size is not a multiple of the batch size.
		var in netverdictv1.FlowBatch
		if err := proto.Unmarshal(encoded[lo/inprocBatch], &in); err != nil {
			return fmt.Errorf("decoding flow batch: %w", err)
		}
		st.resp.Decisions = st.resp.Decisions[:0]
		for i := lo; i < hi; i++ {
			f, err := apiconv.FlowFromProto(in.Flows[(i-lo)%len(in.Flows)], i)
			if err != nil {
				return fmt.Errorf("converting flow %d: %w", i, err)
			}
			if err := snap.Evaluate(&f, model.Options{}, &st.d); err != nil {
				return fmt.Errorf("flow %d: %w", i, err)
			}
			st.resp.Decisions = append(st.resp.Decisions, apiconv.DecisionToProtoView(&st.d, &f, view.DecisionView))
		}
		b, err := proto.MarshalOptions{}.MarshalAppend(st.buf[:0], &st.resp)
		if err != nil {
			return fmt.Errorf("encoding decisions: %w", err)
		}
		st.buf = b
		return nil
	}

	if res.EvalOnlyPerSec, err = measure(evalOnly); err != nil {
		return err
	}
	res.Verdicts = verdictCounts{} // count the verdicts of the baseline only
	if res.FlowsPerSec, err = measure(baseline); err != nil {
		return err
	}
	verdicts := res.Verdicts
	if res.PipelinePerSec, err = measure(pipeline); err != nil {
		return err
	}
	res.Verdicts = verdicts
	res.DecisionBytes = float64(enc.Load()) / float64(*flows)
	return emit(stdout,
		fmt.Sprintf("inproc: %s corpus, view %s, %d flows on %d goroutines: baseline (evaluate+convert+marshal) %.0f flows/s; evaluate only %.0f flows/s; with request decode %.0f flows/s; %.0f bytes/decision (%s)",
			size, view, *flows, g, res.FlowsPerSec, res.EvalOnlyPerSec, res.PipelinePerSec, res.DecisionBytes, res.Verdicts),
		res)
}

// workerState is one goroutine's reusable storage.
type workerState struct {
	d        model.Decision
	resp     netverdictv1.EvaluateStreamResponse
	buf      []byte
	verdicts verdictCounts
}
