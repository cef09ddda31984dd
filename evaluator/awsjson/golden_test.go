package awsjson

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/model"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// golden is what a golden file holds: the imported model and the warnings.
type golden struct {
	Config   *model.Config `json:"config"`
	Warnings []string      `json:"warnings"`
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func decodeFixture(t testing.TB, name string) (*model.Config, []Warning) {
	t.Helper()
	cfg, warns, err := Decode(name, readFixture(t, name))
	if err != nil {
		t.Fatalf("Decode(%s): %v", name, err)
	}
	return cfg, warns
}

func warningStrings(ws []Warning) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.String()
	}
	return out
}

// checkGolden compares cfg and warns with testdata/golden/<name>.golden.json
// (rewritten with -update). The comparison is on the decoded values, so a
// field added to the model later, zero here, does not break it.
func checkGolden(t *testing.T, name string, cfg *model.Config, warns []Warning) {
	t.Helper()
	got, err := json.MarshalIndent(golden{Config: cfg, Warnings: warningStrings(warns)}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	var g, w golden
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s differs (go test -update rewrites it):\n%s", path, firstDiff(want, got))
	}
}

// firstDiff shows the first differing line of two texts, with context.
func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			var b bytes.Buffer
			for j := max(0, i-3); j < i; j++ {
				fmt.Fprintf(&b, "   %4d %s\n", j+1, wl[j])
			}
			fmt.Fprintf(&b, "-  %4d %s\n+  %4d %s\n", i+1, w, i+1, g)
			return b.String()
		}
	}
	return "(same text; values differ)"
}

// TestDecodeGolden imports every fixture and compares the model and the
// warnings with its golden file.
func TestDecodeGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			cfg, warns := decodeFixture(t, name)
			checkGolden(t, strings.TrimSuffix(name, ".json"), cfg, warns)
		})
	}
}

// TestMergeGolden merges fixtures as the command line does with several
// --config files.
func TestMergeGolden(t *testing.T) {
	tests := []struct {
		name  string
		files []string
	}{
		{"merge-sg-then-sgr", []string{"ec2-describe-security-groups.json", "ec2-describe-security-group-rules.json", "ec2-authorize-security-group-ingress.json"}},
		{"merge-prefix-lists", []string{"ec2-describe-managed-prefix-lists.json", "ec2-get-managed-prefix-list-entries-with-id.json", "ec2-prefix-lists-with-entries.json"}},
		{"merge-network", []string{"ec2-describe-vpcs.json", "ec2-describe-subnets.json", "ec2-describe-network-interfaces.json", "ec2-describe-security-groups.json", "ec2-describe-network-acls.json", "ec2-create-network-acl.json", "ec2-describe-managed-prefix-lists.json", "ec2-get-managed-prefix-list-entries-with-id.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var parts []*model.Config
			var warns []Warning
			for _, f := range tt.files {
				cfg, w := decodeFixture(t, f)
				parts = append(parts, cfg)
				warns = append(warns, w...)
			}
			cfg, w, err := Merge(parts)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.name, cfg, append(warns, w...))
		})
	}
}

// filepathGlobBase returns the base names of the files matching pattern.
func filepathGlobBase(pattern string) ([]string, error) {
	files, err := filepath.Glob(pattern)
	for i, f := range files {
		files[i] = filepath.Base(f)
	}
	return files, err
}
