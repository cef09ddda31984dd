// Command loadtest is netverdict's load benchmark: it drives a running
// server over loopback (or any address) and measures it against an
// in-process baseline evaluated in the same run.
//
// Subcommands:
//
//	setup   generate a corpus, store it as a snapshot, write ghz request data
//	stream  replay corpus flows through DecisionService.EvaluateStream
//	unary   open-loop DecisionService.Evaluate load at a fixed request rate
//	inproc  the baseline: the same flows evaluated in process
//	wait    wait until the server's health service reports SERVING
//	report  print a summary table of the results collected by the script
//
// Every measuring subcommand prints one human-readable line and then one
// JSON line ({"kind":"stream",...}) for scripts/loadtest.sh to collect.
// See docs/load.md.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/netverdict/netverdict/evaluator/corpus"
	"github.com/netverdict/netverdict/evaluator/model"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
)

// maxMsgBytes is the largest message the load tool sends or receives; it
// matches the server's default limit.
const maxMsgBytes = 64 << 20

const usage = `usage: loadtest <command> [flags]

commands:
  setup   --server ADDR --size large --seed N --out DIR
  stream  --server ADDR --snapshot NAME --size large --seed N --flows N --batch N --streams K [--mode stub|wire|client]
  unary   --server ADDR --snapshot NAME --size large --rps N --duration D --connections N --workers N --warmup D
  inproc  --size large --seed N --flows N
  wait    --server ADDR --timeout D
  report  --results FILE [--ghz FILE]

Run "loadtest <command> -h" for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	var ue usageError
	switch {
	case err == nil:
	case errors.As(err, &ue):
		fmt.Fprintf(os.Stderr, "loadtest: %v\n", err)
		os.Exit(2)
	default:
		fmt.Fprintf(os.Stderr, "loadtest: %v\n", err)
		os.Exit(1)
	}
}

// run dispatches to the subcommand named by args[0].
func run(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
		return usageError{errors.New("no command")}
	}
	cmds := map[string]func(context.Context, []string, io.Writer) error{
		"setup":  runSetup,
		"stream": runStream,
		"unary":  runUnary,
		"inproc": runInproc,
		"wait":   runWait,
		"report": runReport,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprint(os.Stderr, usage)
		return usageError{fmt.Errorf("unknown command %q", args[0])}
	}
	if err := cmd(ctx, args[1:], stdout); err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	return nil
}

// usageError is a command-line mistake; main exits with status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// parseFlags parses args with fs, turning parse errors into usageErrors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(os.Stderr)
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

// sizeFlag is a corpus.Size flag: small, medium or large.
type sizeFlag struct{ corpus.Size }

func (s *sizeFlag) Set(v string) error {
	for _, c := range []corpus.Size{corpus.Small, corpus.Medium, corpus.Large} {
		if c.String() == strings.ToLower(v) {
			s.Size = c
			return nil
		}
	}
	return fmt.Errorf("want small, medium or large, got %q", v)
}

// viewFlag is a DecisionView flag: full, basic or verdict.
type viewFlag struct{ netverdictv1.DecisionView }

func (v *viewFlag) Set(s string) error {
	x, ok := netverdictv1.DecisionView_value["DECISION_VIEW_"+strings.ToUpper(s)]
	if !ok || x == 0 {
		return fmt.Errorf("want full, basic or verdict, got %q", s)
	}
	v.DecisionView = netverdictv1.DecisionView(x)
	return nil
}

func (v viewFlag) String() string {
	return strings.ToLower(strings.TrimPrefix(v.DecisionView.String(), "DECISION_VIEW_"))
}

// options returns the EvaluationOptions selecting the view; nil for full,
// the default, so that requests stay as small as possible.
func (v viewFlag) options() *netverdictv1.EvaluationOptions {
	if v.DecisionView == netverdictv1.DecisionView_DECISION_VIEW_FULL {
		return nil
	}
	return &netverdictv1.EvaluationOptions{View: v.DecisionView}
}

// corpusData is a generated corpus with its flows converted to the API.
type corpusData struct {
	cfg    *model.Config
	flows  []model.Flow
	protos []*netverdictv1.Flow
	// dropped counts the generated flows the API rejects (left out).
	dropped int
}

// loadCorpus generates the corpus of size and seed and converts its flows
// to the API once. Flows the API would reject are left out, with a note on
// stderr: the generator makes a few the evaluator accepts but the API does
// not (an icmpv6 flow between IPv4 addresses), and one invalid flow fails
// a whole stream.
func loadCorpus(size corpus.Size, seed int64) (*corpusData, error) {
	cfg, all := corpus.Generate(size, seed)
	c := &corpusData{cfg: cfg, flows: all[:0:0]}
	for i := range all {
		p := apiconv.FlowToProto(&all[i])
		if _, err := apiconv.FlowFromProto(p, i); err != nil {
			c.dropped++
			fmt.Fprintf(os.Stderr, "loadtest: leaving out corpus flow %d (%s): %v\n", i, all[i].ID, err)
			continue
		}
		c.flows = append(c.flows, all[i])
		c.protos = append(c.protos, p)
	}
	if len(c.flows) == 0 {
		return nil, fmt.Errorf("corpus %s/%d has no valid flows", size, seed)
	}
	return c, nil
}

// dial opens a plaintext gRPC connection to addr with the message limits
// of the server. Like grpc.NewClient it connects on first use.
func dial(addr string, extra ...grpc.DialOption) (*grpc.ClientConn, error) {
	opts := append([]grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(maxMsgBytes), grpc.MaxCallSendMsgSize(maxMsgBytes)),
	}, extra...)
	cc, err := grpc.NewClient(addr, opts...)
	if err != nil {
		return nil, fmt.Errorf("dialing %s: %w", addr, err)
	}
	return cc, nil
}

// startCPUProfile starts a CPU profile written to name; stop ends it.
func startCPUProfile(name string) (stop func(), err error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, fmt.Errorf("creating CPU profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("starting CPU profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// emit prints a result: the human line, then the result as one JSON line.
func emit(w io.Writer, human string, result any) error {
	b, err := json.Marshal(result)
	if err != nil {
		return fmt.Errorf("encoding result: %w", err)
	}
	_, err = fmt.Fprintf(w, "%s\n%s\n", human, b)
	return err
}

// verdictCounts counts decisions by verdict.
type verdictCounts struct {
	Allow         int64 `json:"allow"`
	Deny          int64 `json:"deny"`
	Indeterminate int64 `json:"indeterminate"`
	Other         int64 `json:"other,omitempty"`
}

func (v *verdictCounts) add(x netverdictv1.Verdict) {
	switch x {
	case netverdictv1.Verdict_VERDICT_ALLOW:
		v.Allow++
	case netverdictv1.Verdict_VERDICT_DENY:
		v.Deny++
	case netverdictv1.Verdict_VERDICT_INDETERMINATE:
		v.Indeterminate++
	default:
		v.Other++
	}
}

func (v *verdictCounts) merge(o verdictCounts) {
	v.Allow += o.Allow
	v.Deny += o.Deny
	v.Indeterminate += o.Indeterminate
	v.Other += o.Other
}

func (v verdictCounts) String() string {
	s := fmt.Sprintf("allow %d, deny %d, indeterminate %d", v.Allow, v.Deny, v.Indeterminate)
	if v.Other > 0 {
		s += fmt.Sprintf(", other %d", v.Other)
	}
	return s
}
