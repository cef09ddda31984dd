package corpus

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/netverdict/netverdict/evaluator/model"
)

func TestGenerateIsDeterministicAndSized(t *testing.T) {
	a, fa := Generate(Medium, 42)
	b, fb := Generate(Medium, 42)
	if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(fa, fb) {
		t.Fatal("same size and seed gave different corpora")
	}
	if c, _ := Generate(Medium, 43); reflect.DeepEqual(a, c) {
		t.Error("different seeds gave the same config")
	}
	if testing.Short() {
		return
	}
	cfg, flows := Generate(Large, 1)
	rules := 0
	for _, g := range cfg.SecurityGroups {
		rules += len(g.Rules)
	}
	entries := 0
	for _, a := range cfg.NetworkACLs {
		entries += len(a.Entries) - 4 // the four "*" entries
	}
	if len(cfg.Interfaces) != 2000 || len(cfg.SecurityGroups) != 500 || rules != 500*60 ||
		len(cfg.NetworkACLs) != 50 || entries != 50*40 || len(cfg.Interfaces[0].SecurityGroupIDs) != 5 || len(flows) == 0 {
		t.Errorf("large: %d interfaces, %d groups, %d rules, %d ACLs, %d entries, %d flows",
			len(cfg.Interfaces), len(cfg.SecurityGroups), rules, len(cfg.NetworkACLs), entries, len(flows))
	}
	seen := map[string]bool{}
	for _, it := range cfg.Interfaces {
		for _, a := range it.PrivateIPs {
			if seen[a.String()] {
				t.Fatalf("private address %v used twice", a)
			}
			seen[a.String()] = true
		}
	}
}

// TestFromBytesFlowsShareOneFamily: every input gives a flow whose given
// addresses are of one family, and the same input the same result.
func TestFromBytesFlowsShareOneFamily(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		data := make([]byte, r.IntN(400))
		for i := range data {
			data[i] = byte(r.UintN(256))
		}
		cfg, f := FromBytes(data)
		cfg2, f2 := FromBytes(data)
		if !reflect.DeepEqual(cfg, cfg2) || !reflect.DeepEqual(f, f2) {
			t.Fatalf("FromBytes(%x) is not deterministic", data)
		}
		if s, d := f.Source.IP, f.Destination.IP; s.IsValid() && d.IsValid() && s.Is4() != d.Is4() {
			t.Fatalf("FromBytes(%x): families differ: %v, %v", data, s, d)
		}
	}
}

// TestFlowsValidForTheAPI: every generated flow passes the API's checks
// (apiconv.FlowFromProto), so load tests and server benchmarks can send
// the corpus unchanged. An icmpv6 flow between IPv4 addresses once slipped
// through.
func TestFlowsValidForTheAPI(t *testing.T) {
	for _, size := range []Size{Small, Medium, Large} {
		for seed := range int64(3) {
			_, flows := Generate(size, seed)
			for i := range flows {
				f := &flows[i]
				v4 := func(e model.Endpoint) bool { return e.IP.IsValid() && e.IP.Is4() }
				v6 := func(e model.Endpoint) bool { return e.IP.IsValid() && e.IP.Is6() }
				if (v4(f.Source) && v6(f.Destination)) || (v6(f.Source) && v4(f.Destination)) {
					t.Fatalf("%v seed %d %s: mixed families", size, seed, f.ID)
				}
				if f.Proto() == model.ProtoICMPv6 && (v4(f.Source) || v4(f.Destination)) {
					t.Fatalf("%v seed %d %s: icmpv6 with an IPv4 address", size, seed, f.ID)
				}
				if f.Proto() == model.ProtoICMP && (v6(f.Source) || v6(f.Destination)) {
					t.Fatalf("%v seed %d %s: icmp with an IPv6 address", size, seed, f.ID)
				}
			}
		}
	}
}
