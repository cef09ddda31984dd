package stateful

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/nfw/nfwjson"
	"github.com/netverdict/netverdict/evaluator/nfw/suricata"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestDomainListGolden pins the rules generated for each GeneratedRulesType
// (§5.8; REJECTLIST and ALERTLIST are [inferred]) and checks they parse.
func TestDomainListGolden(t *testing.T) {
	for _, kind := range []string{"ALLOWLIST", "DENYLIST", "REJECTLIST", "ALERTLIST"} {
		t.Run(kind, func(t *testing.T) {
			text, err := DomainListText(&nfwjson.DomainList{Targets: []string{".example.com", "evil.com"},
				TargetTypes: []string{"TLS_SNI", "HTTP_HOST"}, GeneratedRulesType: kind})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := suricata.Parse(kind, text); err != nil {
				t.Fatalf("generated rules do not parse: %v", err)
			}
			file := filepath.Join("testdata", "domainlist_"+strings.ToLower(kind)+".rules")
			if *update {
				if err := os.WriteFile(file, []byte(text+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if text+"\n" != string(want) {
				t.Errorf("got\n%s\nwant\n%s", text, want)
			}
		})
	}
}
