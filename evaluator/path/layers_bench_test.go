package path

import (
	"testing"

	"github.com/netverdict/netverdict/evaluator/model"
)

// BenchmarkFirewallPath is one egress flow per op through the domain
// allowlist firewall of fwConfig (stateless packets both ways, stateful
// engine, the firewall subnet's ACL checks), against the same flow with
// the route tables removed (no firewall on the path) as the baseline of
// the same run.
func BenchmarkFirewallPath(b *testing.B) {
	f := model.Flow{ID: "out", Source: model.Endpoint{InterfaceID: "eni-app"}, Destination: model.Endpoint{IP: addr("93.184.216.34")},
		Protocol: 6, SourcePort: 50000, DestinationPort: 443, ICMPType: -1, ICMPCode: -1, TLSServerName: "www.example.com"}
	for _, tc := range []struct {
		name   string
		routes bool
	}{{"baseline-no-routes", false}, {"through-firewall", true}} {
		cfg := fwConfig(false, nil)
		if !tc.routes {
			cfg.RouteTables = nil
		}
		s, err := Compile(cfg)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tc.name, func(b *testing.B) {
			var d model.Decision
			b.ReportAllocs()
			for b.Loop() {
				if err := s.Evaluate(&f, model.Options{}, &d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
