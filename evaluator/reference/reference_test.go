package reference_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/evaltest"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/reference"
)

// TestSemantics holds the reference evaluator to every shared semantic case:
// zero differences, rules and reasons included.
func TestSemantics(t *testing.T) {
	evaltest.Run(t, reference.Evaluate)
}

// TestDecisionReuse evaluates every case into one Decision, as servers do,
// and expects the same answers as with a fresh Decision each time.
func TestDecisionReuse(t *testing.T) {
	var d model.Decision
	for _, c := range evaltest.Cases() {
		err := reference.Evaluate(c.Config, &c.Flow, c.Opts, &d)
		if msg := evaltest.CheckResult(&c, &d, err); msg != "" {
			t.Errorf("%s (reused decision):\n%s", c.Name, msg)
		}
	}
}

// TestNeverPanics evaluates every case's config with many mutated flows and
// options: Evaluate must never panic, must reject only with a
// *model.FlowError (or the documented options error), and every decision
// must be well formed.
func TestNeverPanics(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	perCase := 60
	if testing.Short() {
		perCase = 10
	}
	for _, c := range evaltest.Cases() {
		ips, ids := addressesOf(c.Config)
		for i := range perCase {
			f := c.Flow
			opts := c.Opts
			mutate(rng, &f, &opts, ips, ids)
			var d model.Decision
			err := evaluateSafely(c.Config, &f, opts, &d)
			if msg := wellFormed(&f, &d, err); msg != "" {
				t.Fatalf("%s, mutation %d: flow %+v, options %+v:\n%s", c.Name, i, f, opts, msg)
			}
		}
	}
}

func evaluateSafely(cfg *model.Config, f *model.Flow, opts model.Options, d *model.Decision) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return reference.Evaluate(cfg, f, opts, d)
}

// wellFormed checks the invariants every answer has.
func wellFormed(f *model.Flow, d *model.Decision, err error) string {
	if err != nil {
		var fe *model.FlowError
		if errors.As(err, &fe) || strings.HasPrefix(err.Error(), "options:") {
			return ""
		}
		return "error: " + err.Error()
	}
	if d.FlowID != f.ID {
		return fmt.Sprintf("flow id %q, want %q", d.FlowID, f.ID)
	}
	if len(d.Checks) == 0 && d.Verdict != model.VerdictAllow {
		// Only traffic AWS does not filter has no checks (spec §2).
		return fmt.Sprintf("no checks and verdict %v", d.Verdict)
	}
	worst := model.VerdictAllow
	for i, c := range d.Checks {
		switch {
		case c.Verdict < model.VerdictAllow || c.Verdict > model.VerdictIndeterminate:
			return fmt.Sprintf("check %d: verdict %v", i, c.Verdict)
		case c.Reason.Code == model.ReasonUnspecified:
			return fmt.Sprintf("check %d: no reason", i)
		case c.Leg != model.LegForward && c.Leg != model.LegReturn:
			return fmt.Sprintf("check %d: leg %v", i, c.Leg)
		case c.Layer == model.LayerNetworkFirewall && (c.Direction != model.DirectionUnspecified || c.Tracking != model.TrackingUnspecified ||
			c.Reason.Code != model.ReasonNetworkFirewall || c.Reason.Subject == "" || len(c.Rules) > 1):
			// Spec §5.2: "no direction", one sentence, at most the deciding rule.
			return fmt.Sprintf("check %d: firewall check %+v", i, c)
		case c.Layer == model.LayerWAF && (c.Leg != model.LegForward || c.Direction != model.DirectionUnspecified ||
			c.Tracking != model.TrackingUnspecified || c.Reason.Code != model.ReasonWAF || c.Reason.Subject == ""):
			// Spec §6: forward leg, no direction, one sentence.
			return fmt.Sprintf("check %d: WAF check %+v", i, c)
		case c.Layer != model.LayerNetworkFirewall && c.Layer != model.LayerWAF && c.Direction != model.DirectionEgress && c.Direction != model.DirectionIngress:
			return fmt.Sprintf("check %d: direction %v", i, c.Direction)
		case c.Layer == model.LayerSecurityGroup && (c.Tracking == model.TrackingUnspecified || c.Leg != model.LegForward):
			return fmt.Sprintf("check %d: security group check with tracking %v on the %v leg", i, c.Tracking, c.Leg)
		case c.Layer == model.LayerNetworkACL && c.Tracking != model.TrackingUnspecified:
			return fmt.Sprintf("check %d: network ACL check with tracking", i)
		case c.Layer != model.LayerSecurityGroup && c.Layer != model.LayerNetworkACL && c.Layer != model.LayerNetworkFirewall && c.Layer != model.LayerWAF:
			return fmt.Sprintf("check %d: layer %v", i, c.Layer)
		}
		switch {
		case c.Verdict == model.VerdictDeny:
			worst = model.VerdictDeny
		case c.Verdict == model.VerdictIndeterminate && worst != model.VerdictDeny:
			worst = model.VerdictIndeterminate
		}
	}
	if d.Verdict != worst {
		return fmt.Sprintf("overall verdict %v, checks say %v", d.Verdict, worst)
	}
	return ""
}

// addressesOf lists interesting addresses and interface ids of a config:
// every interface address, an address inside every subnet and VPC, and
// some external ones.
func addressesOf(cfg *model.Config) ([]netip.Addr, []string) {
	ips := []netip.Addr{
		{}, // no IP
		netip.MustParseAddr("203.0.113.9"), netip.MustParseAddr("198.51.100.7"),
		netip.MustParseAddr("172.16.5.5"), netip.MustParseAddr("2001:db8:ffff::7"),
		netip.MustParseAddr("fd00::1"), netip.MustParseAddr("0.0.0.0"), netip.MustParseAddr("::"),
		netip.MustParseAddr("::ffff:10.0.1.10"),
	}
	ids := []string{"", "eni-unknown"}
	for _, i := range cfg.Interfaces {
		ids = append(ids, i.ID)
		ips = append(ips, i.PrivateIPs...)
		ips = append(ips, i.PublicIPs...)
	}
	// step returns the address n after a.
	step := func(a netip.Addr, n int) netip.Addr {
		for range n {
			a = a.Next()
		}
		return a
	}
	for _, s := range cfg.Subnets {
		for _, p := range s.CIDRs {
			// The VPC router (reserved, not filtered) and two ordinary
			// hosts past the four reserved addresses.
			ips = append(ips, step(p.Addr(), 1), step(p.Addr(), 4), step(p.Addr(), 99))
		}
	}
	for _, v := range cfg.VPCs {
		for _, p := range v.CIDRs {
			ips = append(ips, step(p.Addr(), 2), step(p.Addr(), 200))
		}
	}
	return ips, ids
}

// mutate changes a few fields of f and opts at random.
func mutate(rng *rand.Rand, f *model.Flow, opts *model.Options, ips []netip.Addr, ids []string) {
	pick := func(xs []int32) int32 { return xs[rng.IntN(len(xs))] }
	ports := []int32{model.NoPort, 0, 1, 22, 1023, 1024, 2049, 32768, 65535, 65536, -7}
	icmps := []int32{model.NoPort, 0, 3, 4, 8, 128, 129, 255, 256}
	for range 1 + rng.IntN(4) {
		switch rng.IntN(12) {
		case 0:
			f.Source, f.Destination = f.Destination, f.Source
		case 1:
			f.Source.IP = ips[rng.IntN(len(ips))]
		case 2:
			f.Destination.IP = ips[rng.IntN(len(ips))]
		case 3:
			f.Source.InterfaceID = ids[rng.IntN(len(ids))]
		case 4:
			f.Destination.InterfaceID = ids[rng.IntN(len(ids))]
		case 5:
			f.Protocol = []uint8{0, 1, 6, 17, 47, 50, 58, 255}[rng.IntN(8)]
		case 6:
			f.SourcePort = pick(ports)
		case 7:
			f.DestinationPort = pick(ports)
		case 8:
			f.ICMPType, f.ICMPCode = pick(icmps), pick(icmps)
		case 9:
			f.State = model.ConnState(rng.IntN(2))
			f.EstablishedTracking = model.Tracking(rng.IntN(4))
		case 10:
			opts.Ephemeral = []model.PortRange{{}, {From: 1, To: 1}, {From: 65535, To: 65535},
				{From: 0, To: 65535}, {From: 49152, To: 65535}, {From: 5000, To: 1000}}[rng.IntN(6)]
		case 11:
			f.ID = ""
		}
	}
}

// BenchmarkEvaluate measures the reference evaluator over every case, to
// keep an eye on how slow the oracle is (it is meant to be slow, not
// unusable).
func BenchmarkEvaluate(b *testing.B) {
	cases := evaltest.Cases()
	var d model.Decision
	b.ReportAllocs()
	for b.Loop() {
		for i := range cases {
			_ = reference.Evaluate(cases[i].Config, &cases[i].Flow, cases[i].Opts, &d)
		}
	}
}
