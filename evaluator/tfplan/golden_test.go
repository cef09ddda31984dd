package tfplan

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"

	"github.com/netverdict/netverdict/evaluator/awsjson"
	"github.com/netverdict/netverdict/internal/apiconv"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// golden is what a golden file holds: the config as netverdict JSON
// (apiconv.ModelToNetworkConfig, protojson, compacted) and the warnings.
type golden struct {
	Config   json.RawMessage `json:"config"`
	Warnings []string        `json:"warnings"`
}

func warningStrings(ws []awsjson.Warning) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.String()
	}
	return out
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestDecodeGolden decodes both sides of every fixture and compares them
// with testdata/golden/<fixture>.<side>.json (rewritten with -update).
func TestDecodeGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		for _, side := range []Side{Before, After} {
			t.Run(name+"/"+side.String(), func(t *testing.T) {
				cfg, warns, err := Decode(name, readFixture(t, name), side)
				if err != nil {
					t.Fatal(err)
				}
				if cfg.Source != name {
					t.Errorf("Source = %q", cfg.Source)
				}
				pj, err := protojson.Marshal(apiconv.ModelToNetworkConfig(cfg))
				if err != nil {
					t.Fatal(err)
				}
				var c bytes.Buffer
				if err := json.Compact(&c, pj); err != nil {
					t.Fatal(err)
				}
				got, err := json.MarshalIndent(golden{Config: c.Bytes(), Warnings: warningStrings(warns)}, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, '\n')
				path := filepath.Join("testdata", "golden", strings.TrimSuffix(name, ".json")+"."+side.String()+".json")
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
				var g, w any
				if err := json.Unmarshal(got, &g); err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(want, &w); err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				if !reflect.DeepEqual(g, w) {
					t.Errorf("%s differs (go test -update rewrites it):\nwant %s\ngot  %s", path, want, got)
				}
			})
		}
	}
}
