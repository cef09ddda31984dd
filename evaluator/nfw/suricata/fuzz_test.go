package suricata

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse: Parse never panics; every error carries a line and column
// inside the input; every rule it returns round-trips through String.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.rules")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
		for l := range strings.SplitSeq(string(b), "\n") {
			f.Add(l)
		}
	}
	f.Add(`pass tcp [1.2.3.4,![5.6.7.8/32,$X]] [1:2,!3] <> any any (content:!"a|00 ff|b\;"; nocase; pcre:"/a/i"; sid:9;)`)
	f.Add("drop tcp any any -> any any (msg:\"a\\\nb\"; sid:1;)")
	f.Fuzz(func(t *testing.T, text string) {
		rs, err := Parse("f", text)
		if rs == nil {
			t.Fatal("nil RuleSet")
		}
		lines := strings.Count(text, "\n") + 1
		if err != nil {
			var el ErrorList
			if !errors.As(err, &el) || len(el) == 0 || len(el) > MaxErrors {
				t.Fatalf("error %v is not a non-empty ErrorList of at most %d", err, MaxErrors)
			}
			for _, e := range el {
				if e.Line < 1 || e.Line > lines || e.Col < 1 {
					t.Fatalf("error %q has no position inside the input", e)
				}
				if !strings.HasPrefix(e.Error(), fmt.Sprintf("f:%d:%d: ", e.Line, e.Col)) {
					t.Fatalf("error %q is not name:line:col:", e)
				}
			}
		}
		for _, r := range rs.Rules {
			roundTrip(t, r)
		}
	})
}
