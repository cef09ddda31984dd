package apiconv

import (
	"errors"
	"fmt"
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"

	"github.com/netverdict/netverdict/evaluator/model"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// flowJSON parses a Flow in the proto JSON mapping, as users write it.
func flowJSON(t testing.TB, js string) *netverdictv1.Flow {
	t.Helper()
	var f netverdictv1.Flow
	if err := protojson.Unmarshal([]byte(js), &f); err != nil {
		t.Fatalf("protojson.Unmarshal(%s): %v", js, err)
	}
	return &f
}

// baseFlow is a model.Flow with every optional number unset.
func baseFlow() model.Flow {
	return model.Flow{SourcePort: model.NoPort, DestinationPort: model.NoPort, ICMPType: model.NoPort, ICMPCode: model.NoPort}
}

func TestFlowFromProtoValid(t *testing.T) {
	t.Parallel()
	ip := netip.MustParseAddr
	tests := []struct {
		name string
		js   string
		want func(f *model.Flow)
	}{
		{
			name: "tcp with destination port",
			js:   `{"id":"f1","source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.1.5"},"protocol":"tcp","destinationPort":443}`,
			want: func(f *model.Flow) {
				f.ID = "f1"
				f.Source.IP, f.Destination.IP = ip("10.0.0.1"), ip("10.0.1.5")
				f.Protocol, f.DestinationPort = 6, 443
			},
		},
		{
			name: "udp with both ports",
			js:   `{"source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.1.5"},"protocol":"udp","sourcePort":53000,"destinationPort":53}`,
			want: func(f *model.Flow) {
				f.Source.IP, f.Destination.IP = ip("10.0.0.1"), ip("10.0.1.5")
				f.Protocol, f.SourcePort, f.DestinationPort = 17, 53000, 53
			},
		},
		{
			name: "ports 0 and 65535 are in range",
			js:   `{"source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.1.5"},"protocol":"tcp","sourcePort":65535,"destinationPort":0}`,
			want: func(f *model.Flow) {
				f.Source.IP, f.Destination.IP = ip("10.0.0.1"), ip("10.0.1.5")
				f.Protocol, f.SourcePort, f.DestinationPort = 6, 65535, 0
			},
		},
		{
			name: "protocol by number and in capitals",
			js:   `{"source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.1.5"},"protocol":"TCP","destinationPort":22}`,
			want: func(f *model.Flow) {
				f.Source.IP, f.Destination.IP = ip("10.0.0.1"), ip("10.0.1.5")
				f.Protocol, f.DestinationPort = 6, 22
			},
		},
		{
			name: "icmp code defaults to 0",
			js:   `{"source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.1.5"},"protocol":"icmp","icmpType":8}`,
			want: func(f *model.Flow) {
				f.Source.IP, f.Destination.IP = ip("10.0.0.1"), ip("10.0.1.5")
				f.Protocol, f.ICMPType, f.ICMPCode = 1, 8, 0
			},
		},
		{
			name: "icmpv6 over IPv6 with a code",
			js:   `{"source":{"ip":"2001:db8::1"},"destination":{"ip":"2001:db8:1::5"},"protocol":"icmpv6","icmpType":1,"icmpCode":4}`,
			want: func(f *model.Flow) {
				f.Source.IP, f.Destination.IP = ip("2001:db8::1"), ip("2001:db8:1::5")
				f.Protocol, f.ICMPType, f.ICMPCode = 58, 1, 4
			},
		},
		{
			name: "other protocol by number",
			js:   `{"source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.1.5"},"protocol":"50"}`,
			want: func(f *model.Flow) {
				f.Source.IP, f.Destination.IP = ip("10.0.0.1"), ip("10.0.1.5")
				f.Protocol = 50
			},
		},
		{
			name: "endpoints by interface only, with resource ARN",
			js:   `{"source":{"networkInterfaceId":"eni-1"},"destination":{"networkInterfaceId":"eni-2","resourceArn":"arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/x/1"},"protocol":"tcp","destinationPort":80}`,
			want: func(f *model.Flow) {
				f.Source.InterfaceID, f.Destination.InterfaceID = "eni-1", "eni-2"
				f.Destination.ResourceARN = "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/x/1"
				f.Protocol, f.DestinationPort = 6, 80
			},
		},
		{
			name: "icmpv6 with interfaces only: family unknown",
			js:   `{"source":{"networkInterfaceId":"eni-1"},"destination":{"networkInterfaceId":"eni-2"},"protocol":"icmpv6","icmpType":128}`,
			want: func(f *model.Flow) {
				f.Source.InterfaceID, f.Destination.InterfaceID = "eni-1", "eni-2"
				f.Protocol, f.ICMPType, f.ICMPCode = 58, 128, 0
			},
		},
		{
			name: "established and untracked",
			js:   `{"source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.1.5"},"protocol":"tcp","destinationPort":443,"state":"CONNECTION_STATE_ESTABLISHED","establishedTracking":"TRACKING_UNTRACKED"}`,
			want: func(f *model.Flow) {
				f.Source.IP, f.Destination.IP = ip("10.0.0.1"), ip("10.0.1.5")
				f.Protocol, f.DestinationPort = 6, 443
				f.State, f.EstablishedTracking = model.StateEstablished, model.TrackingUntracked
			},
		},
		{
			name: "explicit new state, tracked and automatic",
			js:   `{"source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.1.5"},"protocol":"tcp","destinationPort":443,"state":"CONNECTION_STATE_NEW","establishedTracking":"TRACKING_AUTOMATIC"}`,
			want: func(f *model.Flow) {
				f.Source.IP, f.Destination.IP = ip("10.0.0.1"), ip("10.0.1.5")
				f.Protocol, f.DestinationPort = 6, 443
				f.EstablishedTracking = model.TrackingAutomatic
			},
		},
		{
			name: "HTTP and SNI are read",
			js:   `{"source":{"ip":"198.51.100.7"},"destination":{"ip":"10.0.1.5"},"protocol":"tcp","destinationPort":443,"tlsServerName":"example.com","http":{"method":"GET","uriPath":"/","headers":[{"name":"Host","value":"example.com"}]}}`,
			want: func(f *model.Flow) {
				f.Source.IP, f.Destination.IP = ip("198.51.100.7"), ip("10.0.1.5")
				f.Protocol, f.DestinationPort = 6, 443
				f.TLSServerName = "example.com"
				f.HTTP = &model.HTTPRequest{Method: "GET", URIPath: "/", Headers: []model.HTTPHeader{{Name: "Host", Value: "example.com"}}}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := FlowFromProto(flowJSON(t, tt.js), 0)
			if err != nil {
				t.Fatalf("FlowFromProto: %v", err)
			}
			want := baseFlow()
			tt.want(&want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("FlowFromProto =\n %+v\nwant\n %+v", got, want)
			}
		})
	}
}

func TestFlowFromProtoInvalid(t *testing.T) {
	t.Parallel()
	const v4 = `"source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.1.5"}`
	const v6 = `"source":{"ip":"2001:db8::1"},"destination":{"ip":"2001:db8::2"}`
	tests := []struct {
		name string
		js   string
		// want lists "field: description" of every expected violation, in
		// order, with the flow index 3.
		want []string
	}{
		{
			name: "no source",
			js:   `{"destination":{"ip":"10.0.1.5"},"protocol":"tcp","destinationPort":22}`,
			want: []string{"flows[3].source: source needs an ip or a network_interface_id"},
		},
		{
			name: "source with only a resource ARN",
			js:   `{"source":{"resourceArn":"arn:aws:x"},"destination":{"ip":"10.0.0.1"},"protocol":"tcp","destinationPort":22}`,
			want: []string{"flows[3].source: source needs an ip or a network_interface_id"},
		},
		{
			name: "bad application protocol",
			js:   `{"source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.1.5"},"protocol":"tcp","destinationPort":22,"applicationProtocol":"SSH"}`,
			want: []string{"flows[3].application_protocol: \"SSH\" is not a protocol name as Suricata writes it: lower-case letters, digits and '-' ('tls', 'http', 'ssh', 'dns')"},
		},
		{
			name: "bad source address",
			js:   `{"source":{"ip":"10.0.0.300"},"destination":{"ip":"10.0.1.5"},"protocol":"tcp","destinationPort":22}`,
			want: []string{`flows[3].source.ip: invalid IP address "10.0.0.300"`},
		},
		{
			name: "address with a zone",
			js:   `{"source":{"ip":"fe80::1%eth0"},"destination":{"ip":"2001:db8::2"},"protocol":"tcp","destinationPort":22}`,
			want: []string{`flows[3].source.ip: IP address "fe80::1%eth0" has a zone; zones are not allowed`},
		},
		{
			name: "IPv4-mapped IPv6 address",
			js:   `{"source":{"ip":"10.0.0.1"},"destination":{"ip":"::ffff:10.0.1.5"},"protocol":"tcp","destinationPort":22}`,
			want: []string{`flows[3].destination.ip: IPv4-mapped IPv6 address "::ffff:10.0.1.5": give the IPv4 address 10.0.1.5`},
		},
		{
			name: "CIDR instead of an address",
			js:   `{"source":{"ip":"10.0.0.0/24"},"destination":{"ip":"10.0.1.5"},"protocol":"tcp","destinationPort":22}`,
			want: []string{`flows[3].source.ip: invalid IP address "10.0.0.0/24"`},
		},
		{
			name: "families differ",
			js:   `{"source":{"ip":"10.0.0.1"},"destination":{"ip":"2001:db8::2"},"protocol":"tcp","destinationPort":22}`,
			want: []string{`flows[3].destination.ip: IPv6 address "2001:db8::2" but source.ip "10.0.0.1" is IPv4: both ends must be of one family`},
		},
		{
			name: "no protocol",
			js:   `{` + v4 + `,"destinationPort":22}`,
			want: []string{"flows[3].protocol: protocol is required: tcp, udp, icmp, icmpv6 or an IANA number 0-255"},
		},
		{
			name: "rule wildcard is not a protocol",
			js:   `{` + v4 + `,"protocol":"-1"}`,
			want: []string{`flows[3].protocol: invalid protocol "-1": want tcp, udp, icmp, icmpv6 or a number 0-255`},
		},
		{
			name: "all is not a protocol",
			js:   `{` + v4 + `,"protocol":"all"}`,
			want: []string{`flows[3].protocol: invalid protocol "all": want tcp, udp, icmp, icmpv6 or a number 0-255`},
		},
		{
			name: "unknown protocol name",
			js:   `{` + v4 + `,"protocol":"sctp"}`,
			want: []string{`flows[3].protocol: invalid protocol "sctp": want tcp, udp, icmp, icmpv6 or a number 0-255`},
		},
		{
			name: "protocol number out of range",
			js:   `{` + v4 + `,"protocol":"256"}`,
			want: []string{`flows[3].protocol: invalid protocol "256": want tcp, udp, icmp, icmpv6 or a number 0-255`},
		},
		{
			name: "tcp without destination port",
			js:   `{` + v4 + `,"protocol":"tcp","sourcePort":40000}`,
			want: []string{"flows[3].destination_port: destination_port is required for tcp"},
		},
		{
			name: "udp by number without destination port",
			js:   `{` + v4 + `,"protocol":"17"}`,
			want: []string{"flows[3].destination_port: destination_port is required for udp"},
		},
		{
			name: "destination port too big",
			js:   `{` + v4 + `,"protocol":"tcp","destinationPort":70000}`,
			want: []string{"flows[3].destination_port: port 70000 out of range 0-65535"},
		},
		{
			name: "source port too big",
			js:   `{` + v4 + `,"protocol":"udp","sourcePort":65536,"destinationPort":53}`,
			want: []string{"flows[3].source_port: port 65536 out of range 0-65535"},
		},
		{
			name: "icmp fields on tcp",
			js:   `{` + v4 + `,"protocol":"tcp","destinationPort":22,"icmpType":8,"icmpCode":0}`,
			want: []string{
				"flows[3].icmp_type: icmp_type is for icmp and icmpv6 only, not tcp",
				"flows[3].icmp_code: icmp_code is for icmp and icmpv6 only, not tcp",
			},
		},
		{
			name: "icmp without type",
			js:   `{` + v4 + `,"protocol":"icmp","icmpCode":0}`,
			want: []string{"flows[3].icmp_type: icmp_type is required for icmp"},
		},
		{
			name: "icmp type and code out of range",
			js:   `{` + v4 + `,"protocol":"icmp","icmpType":256,"icmpCode":300}`,
			want: []string{
				"flows[3].icmp_type: ICMP type 256 out of range 0-255",
				"flows[3].icmp_code: ICMP code 300 out of range 0-255",
			},
		},
		{
			name: "ports on icmp",
			js:   `{` + v4 + `,"protocol":"icmp","icmpType":8,"sourcePort":1,"destinationPort":2}`,
			want: []string{
				"flows[3].source_port: ports are for tcp and udp only, not icmp",
				"flows[3].destination_port: ports are for tcp and udp only, not icmp",
			},
		},
		{
			name: "icmp with IPv6 addresses",
			js:   `{` + v6 + `,"protocol":"icmp","icmpType":8}`,
			want: []string{`flows[3].protocol: protocol "icmp" with IPv6 addresses: use icmpv6`},
		},
		{
			name: "icmpv6 with IPv4 addresses",
			js:   `{` + v4 + `,"protocol":"icmpv6","icmpType":128}`,
			want: []string{`flows[3].protocol: protocol "icmpv6" with IPv4 addresses: use icmp`},
		},
		{
			name: "icmp by number with one IPv6 address",
			js:   `{"source":{"networkInterfaceId":"eni-1"},"destination":{"ip":"2001:db8::2"},"protocol":"1","icmpType":8}`,
			want: []string{`flows[3].protocol: protocol "1" with IPv6 addresses: use icmpv6`},
		},
		{
			name: "ports and icmp fields on another protocol",
			js:   `{` + v4 + `,"protocol":"50","sourcePort":1,"destinationPort":2,"icmpType":3,"icmpCode":4}`,
			want: []string{
				"flows[3].source_port: ports are for tcp and udp only, not 50",
				"flows[3].destination_port: ports are for tcp and udp only, not 50",
				"flows[3].icmp_type: icmp_type is for icmp and icmpv6 only, not 50",
				"flows[3].icmp_code: icmp_code is for icmp and icmpv6 only, not 50",
			},
		},
		{
			name: "unknown state",
			js:   `{` + v4 + `,"protocol":"tcp","destinationPort":22,"state":7}`,
			want: []string{"flows[3].state: unknown connection state 7"},
		},
		{
			name: "unknown tracking",
			js:   `{` + v4 + `,"protocol":"tcp","destinationPort":22,"establishedTracking":9}`,
			want: []string{"flows[3].established_tracking: unknown tracking status 9"},
		},
		{
			name: "everything wrong at once",
			js:   `{"source":{"ip":"x"},"protocol":"tcp","destinationPort":99999,"state":5}`,
			want: []string{
				`flows[3].source.ip: invalid IP address "x"`,
				"flows[3].destination: destination needs an ip or a network_interface_id (or a resource_arn of a resource a web ACL protects)",
				"flows[3].destination_port: port 99999 out of range 0-65535",
				"flows[3].state: unknown connection state 5",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := FlowFromProto(flowJSON(t, tt.js), 3)
			if err == nil {
				t.Fatal("FlowFromProto: no error")
			}
			var got []string
			for _, v := range Violations(err) {
				got = append(got, v.Error())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("violations:\n got %q\nwant %q", got, tt.want)
			}
			// One problem is a *FieldError, several a FieldErrors; errors.As
			// finds the first either way.
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Error() != tt.want[0] {
				t.Errorf("errors.As(*FieldError) = %v, want %q", fe, tt.want[0])
			}
			var fes FieldErrors
			if isMulti := errors.As(err, &fes); isMulti != (len(tt.want) > 1) {
				t.Errorf("error is FieldErrors: %v, want %v", isMulti, len(tt.want) > 1)
			}
			if err.Error() != strings.Join(tt.want, "; ") {
				t.Errorf("Error() = %q", err.Error())
			}
		})
	}
}

func TestFieldErrorValue(t *testing.T) {
	t.Parallel()
	_, err := FlowFromProto(flowJSON(t, `{"source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.1.5"},"protocol":"tcp","destinationPort":70000}`), 0)
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v is not a *FieldError", err)
	}
	if fe.Field != "flows[0].destination_port" || fe.Value != "70000" {
		t.Errorf("FieldError = %+v, want field flows[0].destination_port value 70000", fe)
	}
}

func TestFlowFromProtoNil(t *testing.T) {
	t.Parallel()
	_, err := FlowFromProto(nil, 2)
	if err == nil || err.Error() != "flows[2]: flow is missing" {
		t.Errorf("FlowFromProto(nil) error = %v", err)
	}
}

func TestFlowsFromProto(t *testing.T) {
	t.Parallel()
	good := `{"id":"%d","source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.1.5"},"protocol":"tcp","destinationPort":22}`
	bad := `{"id":"%d","source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.1.5"},"protocol":"tcp"}`
	mk := func(pattern ...string) []*netverdictv1.Flow {
		out := make([]*netverdictv1.Flow, len(pattern))
		for i, p := range pattern {
			out[i] = flowJSON(t, fmt.Sprintf(p, i))
		}
		return out
	}

	t.Run("all valid", func(t *testing.T) {
		t.Parallel()
		flows, err := FlowsFromProto(mk(good, good, good))
		if err != nil {
			t.Fatal(err)
		}
		if len(flows) != 3 || flows[2].ID != "2" || flows[1].DestinationPort != 22 {
			t.Errorf("flows = %+v", flows)
		}
	})
	t.Run("empty", func(t *testing.T) {
		t.Parallel()
		flows, err := FlowsFromProto(nil)
		if err != nil || len(flows) != 0 {
			t.Errorf("FlowsFromProto(nil) = %v, %v", flows, err)
		}
	})
	t.Run("every bad flow is reported with its index", func(t *testing.T) {
		t.Parallel()
		flows, err := FlowsFromProto(mk(good, bad, good, bad))
		if flows != nil {
			t.Errorf("flows returned with an error: %v", flows)
		}
		var fields []string
		for _, v := range Violations(err) {
			fields = append(fields, v.Field)
		}
		want := []string{"flows[1].destination_port", "flows[3].destination_port"}
		if !reflect.DeepEqual(fields, want) {
			t.Errorf("fields = %q, want %q", fields, want)
		}
	})
	t.Run("violations are bounded", func(t *testing.T) {
		t.Parallel()
		pattern := make([]string, 3*maxViolations)
		for i := range pattern {
			pattern[i] = bad
		}
		_, err := FlowsFromProto(mk(pattern...))
		vs := Violations(err)
		if len(vs) != maxViolations+1 {
			t.Fatalf("%d violations, want %d", len(vs), maxViolations+1)
		}
		if last := vs[len(vs)-1]; last.Field != "" || !strings.Contains(last.Description, "more problems") {
			t.Errorf("last violation = %+v, want a note that more were left out", last)
		}
	})
}

func TestOptionsFromProto(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      *netverdictv1.EvaluationOptions
		want    model.Options
		wantErr string
	}{
		{name: "nil", in: nil},
		{name: "empty", in: &netverdictv1.EvaluationOptions{}},
		{
			name: "linux range",
			in:   &netverdictv1.EvaluationOptions{EphemeralPortRange: &netverdictv1.PortRange{FromPort: 32768, ToPort: 60999}},
			want: model.Options{Ephemeral: model.PortRange{From: 32768, To: 60999}},
		},
		{
			name: "one port",
			in:   &netverdictv1.EvaluationOptions{EphemeralPortRange: &netverdictv1.PortRange{FromPort: 5000, ToPort: 5000}},
			want: model.Options{Ephemeral: model.PortRange{From: 5000, To: 5000}},
		},
		{
			name:    "reversed",
			in:      &netverdictv1.EvaluationOptions{EphemeralPortRange: &netverdictv1.PortRange{FromPort: 60000, ToPort: 1024}},
			wantErr: "options.ephemeral_port_range.to_port: to_port 1024 is below from_port 60000",
		},
		{
			name:    "too big",
			in:      &netverdictv1.EvaluationOptions{EphemeralPortRange: &netverdictv1.PortRange{FromPort: 70000, ToPort: 80000}},
			wantErr: "options.ephemeral_port_range.from_port: port 70000 out of range 0-65535; options.ephemeral_port_range.to_port: port 80000 out of range 0-65535",
		},
		{
			name:    "zero range",
			in:      &netverdictv1.EvaluationOptions{EphemeralPortRange: &netverdictv1.PortRange{}},
			wantErr: "options.ephemeral_port_range.to_port: port range 0-0 holds no client port",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := OptionsFromProto(tt.in)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("OptionsFromProto = %+v, want %+v", got, tt.want)
			}
			back, err := OptionsFromProto(OptionsToProto(got))
			if err != nil || back != got {
				t.Errorf("round trip = %+v, %v; want %+v", back, err, got)
			}
		})
	}
}

// TestFlowFromProtoAllocs holds the conversion of a valid flow to zero
// allocations: it runs once per flow on the evaluation path.
func TestFlowFromProtoAllocs(t *testing.T) {
	pf := flowJSON(t, `{"id":"f1","source":{"ip":"2001:db8::1"},"destination":{"networkInterfaceId":"eni-1","ip":"2001:db8::5"},"protocol":"udp","sourcePort":40000,"destinationPort":53,"state":"CONNECTION_STATE_ESTABLISHED"}`)
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := FlowFromProto(pf, 0); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("FlowFromProto allocates %v times per valid flow, want 0", allocs)
	}
}
