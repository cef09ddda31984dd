package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/netverdict/netverdict/evaluator/corpus"
	"github.com/netverdict/netverdict/internal/apiconv"
)

// TestWhatIfReports: the pull-request reports, markdown against a golden
// file and JSON checked for its parts.
func TestWhatIfReports(t *testing.T) {
	dir := t.TempDir()
	args := func(format, file string) []string {
		return []string{"whatif", "--view", "verdict",
			"--base", "testdata/seed/network.json", "--base", "testdata/seed/sg-open.json",
			"--proposed", "testdata/seed/network.json", "--proposed", "testdata/seed/sg-before.json",
			"--flows", "testdata/seed/flows-whatif.jsonl", "--summary", filepath.Join(dir, "summary.txt"),
			"--report", format, "--report-file", file}
	}
	md := filepath.Join(dir, "report.md")
	var out, errb bytes.Buffer
	if code := run(args("markdown", md), strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, &errb)
	}
	if errb.Len() != 0 {
		t.Errorf("--summary FILE still wrote to stderr: %q", &errb)
	}
	got, _ := os.ReadFile(md)
	golden := filepath.Join("testdata", "golden", "whatif-report.md")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("markdown report differs from %s (go test -update rewrites it):\n%s", golden, got)
	}
	sum, _ := os.ReadFile(filepath.Join(dir, "summary.txt"))
	if !strings.Contains(string(sum), "existing connections: 1 survive, 1 cut") {
		t.Errorf("summary file: %s", sum)
	}

	js := filepath.Join(dir, "report.json")
	if code := run(args("json", js), strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, &errb)
	}
	var doc struct {
		Summary struct {
			Flows string `json:"flows"`
			Rules []struct {
				Key   string `json:"key"`
				Count string `json:"count"`
			} `json:"rules"`
		} `json:"summary"`
		Examples    map[string][]json.RawMessage `json:"examples"`
		ExistingCut []struct {
			FlowID   string `json:"flowId"`
			Existing struct {
				Fate string `json:"fate"`
			} `json:"existing"`
		} `json:"existingCut"`
	}
	b, _ := os.ReadFile(js)
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("JSON report: %v\n%s", err, b)
	}
	if doc.Summary.Flows != "4" || len(doc.Examples["CHANGE_NEWLY_DENIED"]) != 2 ||
		len(doc.ExistingCut) != 1 || doc.ExistingCut[0].FlowID != "http-session" || doc.ExistingCut[0].Existing.Fate != "FATE_CUT" {
		t.Errorf("JSON report:\n%s", b)
	}
}

// TestWhatIfCIExample runs examples/whatif-ci.sh on the seed's plan: the
// SSH rule's removal cuts nothing tracked, so --fail-on existing-cut
// passes; asking for newly-denied fails with exit 3 and a report.
func TestWhatIfCIExample(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "netverdict")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	exports := t.TempDir()
	b, err := os.ReadFile("testdata/seed/network.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(exports, "network.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	seed, _ := filepath.Abs("testdata/seed")
	for _, tc := range []struct {
		failOn string
		code   int
	}{{"existing-cut", 0}, {"newly-denied", 3}} {
		work := t.TempDir()
		cmd := exec.Command("bash")
		report := filepath.Join(work, "whatif.md")
		cmd.Env = append(os.Environ(), "NETVERDICT="+bin, "PLAN_JSON="+seed+"/plan-remove-ssh.json", "EXPORTS="+exports,
			"FLOWS="+seed+"/flows-whatif.jsonl", "FAIL_ON="+tc.failOn, "REPORT="+report)
		cmd.Dir = work
		cmd.Args = []string{"bash", mustAbs(t, "../../examples/whatif-ci.sh")}
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tc.code {
			t.Errorf("--fail-on %s: exit %d, want %d\n%s", tc.failOn, code, tc.code, out)
		}
		if md, err := os.ReadFile(report); err != nil || !strings.Contains(string(md), "newly denied") {
			t.Errorf("report: %v\n%s", err, md)
		}
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// BenchmarkWhatIfCommand runs `netverdict whatif` over flows of the large
// corpus (JSON lines in, JSON lines out, verdict view), base against a
// proposed config where every tenth group lost its last rule. One op is
// one flow; it includes reading, comparing on every core and writing.
func BenchmarkWhatIfCommand(b *testing.B) {
	cfg, flows := corpus.Generate(corpus.Large, 1)
	dir := b.TempDir()
	write := func(name string, m proto.Message) string {
		js, err := protojson.Marshal(m)
		if err != nil {
			b.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, js, 0o644); err != nil {
			b.Fatal(err)
		}
		return p
	}
	basePath := write("base.json", apiconv.ModelToNetworkConfig(cfg))
	for i := 0; i < len(cfg.SecurityGroups); i += 10 {
		if g := &cfg.SecurityGroups[i]; len(g.Rules) > 0 {
			g.Rules = g.Rules[:len(g.Rules)-1]
		}
	}
	propPath := write("proposed.json", apiconv.ModelToNetworkConfig(cfg))
	var lines bytes.Buffer
	for i := 0; i < b.N; i++ {
		js, _ := protojson.Marshal(apiconv.FlowToProto(&flows[i%len(flows)]))
		lines.Write(js)
		lines.WriteByte('\n')
	}
	flowsPath := filepath.Join(dir, "flows.jsonl")
	if err := os.WriteFile(flowsPath, lines.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var errb bytes.Buffer
	if code := run([]string{"whatif", "--base", basePath, "--proposed", propPath, "--flows", flowsPath, "--view", "verdict",
		"--summary", filepath.Join(dir, "summary.txt")}, strings.NewReader(""), io.Discard, &errb); code != 0 {
		b.Fatalf("exit %d: %s", code, &errb)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "flows/s")
}

// TestWhatIfMemoryBounded streams 300,000 flows through `netverdict
// whatif` from a pipe and checks the heap stays bounded: the reader, the
// batches in flight and the writer hold a few batches, never the input.
func TestWhatIfMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("300,000 flows: not in -short")
	}
	const total = 300_000
	// A tight GC target, so that the heap measured is close to what is
	// live (with the default, garbage awaiting a busy collector doubles
	// it and makes the bound noisy when other packages test beside).
	defer debug.SetGCPercent(debug.SetGCPercent(20))
	cfg, flows := corpus.Generate(corpus.Medium, 3)
	dir := t.TempDir()
	js, err := protojson.Marshal(apiconv.ModelToNetworkConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	cfgFile := filepath.Join(dir, "net.json")
	if err := os.WriteFile(cfgFile, js, 0o644); err != nil {
		t.Fatal(err)
	}
	lines := make([][]byte, len(flows))
	for i := range flows {
		b, _ := protojson.Marshal(apiconv.FlowToProto(&flows[i]))
		lines[i] = append(b, '\n')
	}
	pr, pw := io.Pipe()
	go func() {
		for i := range total {
			if _, err := pw.Write(lines[i%len(lines)]); err != nil {
				return
			}
		}
		pw.Close()
	}()
	done := make(chan struct{})
	peak := make(chan uint64, 1)
	go func() {
		var m runtime.MemStats
		var max uint64
		for {
			select {
			case <-done:
				peak <- max
				return
			case <-time.After(20 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapInuse > max {
					max = m.HeapInuse
				}
			}
		}
	}()
	var errb bytes.Buffer
	code := run([]string{"whatif", "--base", cfgFile, "--proposed", cfgFile, "--flows", "-", "--view", "verdict",
		"--summary", filepath.Join(dir, "summary.txt")}, pr, io.Discard, &errb)
	close(done)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, &errb)
	}
	sum, _ := os.ReadFile(filepath.Join(dir, "summary.txt"))
	if !strings.Contains(string(sum), "what-if: 300000 flows") {
		t.Errorf("summary: %s", sum)
	}
	// The input is ~40 MB of JSON and the output more: a bounded pipeline
	// stays far below either.
	if p := <-peak; p > 48<<20 {
		t.Errorf("heap in use peaked at %d MiB", p>>20)
	} else {
		t.Logf("heap in use peaked at %d MiB for %d flows", p>>20, total)
	}
}
