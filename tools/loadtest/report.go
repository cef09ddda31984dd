package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// ghzReport is the part of ghz's JSON output (-O json) the report uses.
// Durations are in nanoseconds.
type ghzReport struct {
	Count               int64            `json:"count"`
	Total               int64            `json:"total"`
	Average             int64            `json:"average"`
	Fastest             int64            `json:"fastest"`
	Slowest             int64            `json:"slowest"`
	RPS                 float64          `json:"rps"`
	ErrorDistribution   map[string]int64 `json:"errorDistribution"`
	StatusCodeDist      map[string]int64 `json:"statusCodeDistribution"`
	LatencyDistribution []struct {
		Percentage int   `json:"percentage"`
		Latency    int64 `json:"latency"`
	} `json:"latencyDistribution"`
}

// Targets of the benchmark (docs/load.md).
const (
	targetStreamFlowsPerSec = 1_000_000
	targetUnaryP99ms        = 2.0
)

// runReport prints the summary table of a run from the JSON result lines
// the other subcommands printed (--results) and ghz's JSON report (--ghz).
func runReport(_ context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	results := fs.String("results", "", "`FILE` of JSON result lines")
	ghz := fs.String("ghz", "", "ghz JSON report `FILE` (optional)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *results == "" {
		return usageError{errors.New("--results is required")}
	}
	data, err := os.ReadFile(*results)
	if err != nil {
		return fmt.Errorf("reading results: %w", err)
	}

	var (
		baselines []inprocResult
		streams   []streamResult
		unaries   []unaryResult
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Bytes()
		var k struct {
			Kind string `json:"kind"`
		}
		if !bytes.HasPrefix(line, []byte("{")) || json.Unmarshal(line, &k) != nil {
			continue
		}
		var err error
		switch k.Kind {
		case "inproc":
			var r inprocResult
			err = json.Unmarshal(line, &r)
			baselines = append(baselines, r)
		case "stream":
			var r streamResult
			err = json.Unmarshal(line, &r)
			streams = append(streams, r)
		case "unary":
			var r unaryResult
			err = json.Unmarshal(line, &r)
			unaries = append(unaries, r)
		}
		if err != nil {
			return fmt.Errorf("decoding %s result: %w", k.Kind, err)
		}
	}

	fmt.Fprintf(stdout, "netverdict load test, %s\n", time.Now().Format(time.RFC3339))
	fmt.Fprintf(stdout, "machine: %d CPUs (%s), GOMAXPROCS %d, %s %s/%s, load average %s\n\n",
		runtime.NumCPU(), cpuModel(), runtime.GOMAXPROCS(0), runtime.Version(), runtime.GOOS, runtime.GOARCH, loadAvg())
	tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "test\tresult\tvs baseline\ttarget")
	fmt.Fprintln(tw, "----\t------\t-----------\t------")
	// ratio compares a rate with the baseline of the same decision view.
	ratio := func(view string, rate float64) string {
		for _, b := range baselines {
			if b.View == view && b.FlowsPerSec > 0 {
				return fmt.Sprintf("x%.2f", rate/b.FlowsPerSec)
			}
		}
		return "-"
	}
	for _, b := range baselines {
		fmt.Fprintf(tw, "in-process baseline, view %s (evaluate+convert+marshal, %d goroutines)\t%s flows/s\tx1.00\t-\n", b.View, b.Goroutines, thousands(b.FlowsPerSec))
		fmt.Fprintf(tw, "  evaluate only\t%s flows/s\t%s\t-\n", thousands(b.EvalOnlyPerSec), ratio(b.View, b.EvalOnlyPerSec))
		fmt.Fprintf(tw, "  with request decode (all the server does but gRPC)\t%s flows/s\t%s\t-\n", thousands(b.PipelinePerSec), ratio(b.View, b.PipelinePerSec))
	}
	for _, s := range streams {
		fmt.Fprintf(tw, "EvaluateStream %s, view %s, %d stream(s), batch %d\t%s flows/s\t%s\t%s\n",
			s.Mode, s.View, s.Streams, s.Batch, thousands(s.FlowsPerSec), ratio(s.View, s.FlowsPerSec),
			verdict(s.FlowsPerSec >= targetStreamFlowsPerSec, ">= 1,000,000 flows/s"))
	}
	for _, u := range unaries {
		errs := "no errors"
		if n := u.Requests - u.OK; n > 0 {
			errs = fmt.Sprintf("%d errors", n)
		}
		fmt.Fprintf(tw, "Evaluate open loop (loadtest), view %s, %.0f rps\t%.0f rps, p50 %.2f / p99 %.2f / p99.9 %.2f ms, %s\t-\t%s\n",
			u.View, u.TargetRPS, u.AchievedRPS, u.Latency.P50, u.Latency.P99, u.Latency.P999, errs,
			verdict(u.Latency.P99 <= targetUnaryP99ms && u.AchievedRPS >= 0.98*u.TargetRPS, "p99 <= 2 ms"))
		fmt.Fprintf(tw, "  same, service time (from actual send)\tp50 %.2f / p99 %.2f / p99.9 %.2f ms\t-\t-\n",
			u.Service.P50, u.Service.P99, u.Service.P999)
	}
	if *ghz != "" {
		if err := ghzRow(tw, *ghz); err != nil {
			return err
		}
	}
	return tw.Flush()
}

// ghzRow adds ghz's figures to the table.
func ghzRow(w io.Writer, name string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return fmt.Errorf("reading ghz report: %w", err)
	}
	var g ghzReport
	if err := json.Unmarshal(data, &g); err != nil {
		return fmt.Errorf("decoding ghz report %s: %w", name, err)
	}
	pct := map[int]float64{}
	for _, l := range g.LatencyDistribution {
		pct[l.Percentage] = float64(l.Latency) / 1e6
	}
	var codes []string
	for c, n := range g.StatusCodeDist {
		codes = append(codes, fmt.Sprintf("%s %d", c, n))
	}
	sort.Strings(codes)
	fmt.Fprintf(w, "Evaluate via ghz (closed pool, -rps cap)\t%.0f rps, p50 %.2f / p99 %.2f ms, max %.2f ms, %s\t-\t%s\n",
		g.RPS, pct[50], pct[99], float64(g.Slowest)/1e6, strings.Join(codes, ", "),
		verdict(pct[99] <= targetUnaryP99ms, "p99 <= 2 ms"))
	return nil
}

// verdict renders whether a target was met.
func verdict(ok bool, target string) string {
	if ok {
		return "met (" + target + ")"
	}
	return "MISSED (" + target + ")"
}

// thousands formats v rounded, with thousands separators.
func thousands(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// loadAvg returns the 1, 5 and 15 minute load averages of /proc/loadavg:
// other work on the machine skews every figure.
func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// cpuModel returns the first "model name" of /proc/cpuinfo, or "unknown".
func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}
