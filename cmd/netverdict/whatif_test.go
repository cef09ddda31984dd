package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
