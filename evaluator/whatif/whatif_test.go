package whatif_test

import (
	"github.com/netverdict/netverdict/evaluator/whatif"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/path"
	"github.com/netverdict/netverdict/internal/configload"
)

// compile loads testdata files into a compiled snapshot.
func compile(t *testing.T, files ...string) *path.Snapshot {
	t.Helper()
	var docs []configload.Document
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, configload.Document{Name: f, Data: b})
	}
	cfg, _, err := configload.Load(docs)
	if err != nil {
		t.Fatal(err)
	}
	s, err := path.Compile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func tcpFlow(id, src, dst string, sport, dport int32, est bool) model.Flow {
	f := model.Flow{ID: id, Protocol: uint8(model.ProtoTCP), SourcePort: sport, DestinationPort: dport,
		ICMPType: model.NoPort, ICMPCode: model.NoPort,
		Source: model.Endpoint{IP: netip.MustParseAddr(src)}, Destination: model.Endpoint{IP: netip.MustParseAddr(dst)}}
	if est {
		f.State = model.StateEstablished
	}
	return f
}

// TestSeedScenario is the seed's lesson (aws-semantics §1.4): the SSH rule
// is removed during a session. The tracked session survives, a reconnect
// is newly denied; with an all-open group the same flows are untracked and
// the session is cut at once.
func TestSeedScenario(t *testing.T) {
	before := compile(t, "network.json", "sg-before.json")
	after := compile(t, "network.json", "sg-after.json")
	open := compile(t, "network.json", "sg-open.json")
	const me, web = "198.51.100.7", "34.240.1.15"
	tests := []struct {
		name       string
		base, prop *path.Snapshot
		flow       model.Flow
		change     whatif.Change
		fate       whatif.Fate
		reason     string
	}{
		// Same verdict, but the rule that matched it is gone: RULES_CHANGED.
		{"tracked session survives", before, after, tcpFlow("s", me, web, 50022, 22, true), whatif.RulesChanged, whatif.Survives, "tracked at"},
		{"reconnect is denied", before, after, tcpFlow("r", me, web, 50023, 22, false), whatif.NewlyDenied, whatif.NotExisting, ""},
		{"stranger stays denied", before, after, tcpFlow("x", "203.0.113.9", web, 50023, 22, false), whatif.Unchanged, whatif.NotExisting, ""},
		{"untracked session is cut", open, after, tcpFlow("u", me, web, 50022, 80, true), whatif.NewlyDenied, whatif.Cut, "untracked at"},
		{"untracked session kept by the rule", open, open, tcpFlow("k", me, web, 50022, 80, true), whatif.Unchanged, whatif.Survives, "still allow"},
		{"new access opened", after, open, tcpFlow("n", "203.0.113.9", web, 40000, 80, false), whatif.NewlyAllowed, whatif.NotExisting, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var c whatif.Comparison
			if err := whatif.Compare(tc.base, tc.prop, &tc.flow, model.Options{}, &c); err != nil {
				t.Fatal(err)
			}
			if c.Change != tc.change || c.Fate != tc.fate || !strings.Contains(c.FateReason, tc.reason) {
				t.Errorf("change %v fate %v (%q); want %v %v (…%q…)\nbase %v\nproposed %v",
					c.Change, c.Fate, c.FateReason, tc.change, tc.fate, tc.reason, c.Base, c.Proposed)
			}
		})
	}
}

// TestTrackingComesFromBase: without what-if's carry-over, the proposed
// rules would retrack the session (untracked under the proposed group, so
// judged and allowed on them); with it, the base's tracking decides.
func TestTrackingComesFromBase(t *testing.T) {
	before := compile(t, "network.json", "sg-before.json")
	open := compile(t, "network.json", "sg-open.json")
	f := tcpFlow("s", "198.51.100.7", "34.240.1.15", 50022, 22, true)
	var c whatif.Comparison
	if err := whatif.Compare(before, open, &f, model.Options{}, &c); err != nil {
		t.Fatal(err)
	}
	for _, ch := range c.Proposed.Checks {
		if ch.Layer == model.LayerSecurityGroup && ch.Tracking != model.TrackingTracked {
			t.Errorf("proposed check at %s has tracking %v, want the base's tracked", ch.ResourceID, ch.Tracking)
		}
	}
	if f.EstablishedTrackingAt != [2]model.Tracking{} {
		t.Error("whatif.Compare changed the caller's flow")
	}
}

// TestSummary counts classes, destinations and changed rules.
func TestSummary(t *testing.T) {
	before := compile(t, "network.json", "sg-before.json")
	after := compile(t, "network.json", "sg-after.json")
	var s whatif.Summary
	for _, f := range []model.Flow{
		tcpFlow("s", "198.51.100.7", "34.240.1.15", 50022, 22, true),
		tcpFlow("r", "198.51.100.7", "34.240.1.15", 50023, 22, false),
		tcpFlow("r2", "198.51.100.7", "34.240.1.15", 50024, 22, false),
	} {
		var c whatif.Comparison
		if err := whatif.Compare(before, after, &f, model.Options{}, &c); err != nil {
			t.Fatal(err)
		}
		s.Add(&f, &c)
	}
	if s.Flows != 3 || s.Changes[whatif.RulesChanged] != 1 || s.Changes[whatif.NewlyDenied] != 2 || s.Survive != 1 || s.Cut != 0 {
		t.Errorf("summary %+v", s)
	}
	if top := whatif.Top(s.Destinations, 0); len(top) != 1 || top[0] != (whatif.KeyCount{"34.240.1.15", 3}) {
		t.Errorf("destinations %v", top)
	}
	if rules := whatif.Top(s.Rules, 0); len(rules) != 1 || rules[0] != (whatif.KeyCount{"sg-05eed000000000001/ingress/0/0", 3}) {
		t.Errorf("rules %v", rules)
	}
}

// TestSummaryMerge: summaries of the parts of a run merge into the
// summary of the whole run.
func TestSummaryMerge(t *testing.T) {
	before := compile(t, "network.json", "sg-open.json")
	after := compile(t, "network.json", "sg-after.json")
	flows := []model.Flow{
		tcpFlow("a", "198.51.100.7", "34.240.1.15", 50022, 22, true),
		tcpFlow("b", "198.51.100.7", "34.240.1.15", 50023, 22, false),
		tcpFlow("c", "203.0.113.9", "34.240.1.15", 40000, 80, true),
		tcpFlow("d", "203.0.113.9", "34.240.1.15", 40001, 443, false),
	}
	var whole, left, right whatif.Summary
	for i := range flows {
		var c whatif.Comparison
		if err := whatif.Compare(before, after, &flows[i], model.Options{}, &c); err != nil {
			t.Fatal(err)
		}
		whole.Add(&flows[i], &c)
		if i < 2 {
			left.Add(&flows[i], &c)
		} else {
			right.Add(&flows[i], &c)
		}
	}
	var merged whatif.Summary
	merged.Merge(&left)
	merged.Merge(&right)
	if !reflect.DeepEqual(merged, whole) {
		t.Errorf("merged %+v\nwhole  %+v", merged, whole)
	}
}
