package transform

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

// goldenInputs are evasion-style inputs run through every Kind; the
// results are pinned in testdata/kinds.golden so any behaviour change is a
// reviewed diff. The per-Kind tables hold the documented reasons.
var goldenInputs = []string{
	"",
	"%3Cscript%3Ealert(1)%3C/script%3E",
	"&lt;img src=x onerror=&#x61;lert(1)&gt;",
	"SeLeCt/**/0x61646d696e--",
	`\u003cscript\x3e \101 \uff1c ja\vascript`,
	"/a//b/./c/../../..\\win.ini",
	"  C^md /C \"dir\" , ls ; cat  ",
	"dGVzdCBzdHJpbmc=",
	"caf\xc3\xa9 \xf0\x9f\x98\x80 \xa0\x00end\t",
	"%u0041%uFF1C+%zz",
	"414243",
	`\u{1F600}\uD83D\uDE00`,
}

func TestGoldenKinds(t *testing.T) {
	var b strings.Builder
	for k := range numKinds {
		fmt.Fprintf(&b, "== %s\n", Kind(k))
		for _, in := range goldenInputs {
			fmt.Fprintf(&b, "%q -> %q\n", in, Apply(Kind(k), nil, []byte(in)))
		}
	}
	path := filepath.Join("testdata", "kinds.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGoldenKinds -update to create it)", err)
	}
	if got := b.String(); got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("golden mismatch at line %d:\n got  %s\n want %s\n(rerun with -update after review)", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("golden length mismatch: %d vs %d lines", len(gl), len(wl))
	}
}
