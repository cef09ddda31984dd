package flowsource

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
)

// summary renders a record on one line for comparisons.
func summary(rec Record) string {
	f := rec.Flow
	var b strings.Builder
	fmt.Fprintf(&b, "%s id=%s %s %s>%s", rec.Where, f.GetId(), f.GetProtocol(), endpoint(f.GetSource()), endpoint(f.GetDestination()))
	if f.SourcePort != nil {
		fmt.Fprintf(&b, " sport=%d", f.GetSourcePort())
	}
	if f.DestinationPort != nil {
		fmt.Fprintf(&b, " dport=%d", f.GetDestinationPort())
	}
	if f.IcmpType != nil {
		fmt.Fprintf(&b, " type=%d", f.GetIcmpType())
	}
	if f.IcmpCode != nil {
		fmt.Fprintf(&b, " code=%d", f.GetIcmpCode())
	}
	if f.GetState() == netverdictv1.ConnectionState_CONNECTION_STATE_ESTABLISHED {
		b.WriteString(" established")
	}
	if rec.Logged != "" || rec.LogInterface != "" {
		fmt.Fprintf(&b, " logged=%s@%s", rec.Logged, rec.LogInterface)
	}
	return b.String()
}

func endpoint(e *netverdictv1.Endpoint) string {
	switch {
	case e.GetIp() != "" && e.GetNetworkInterfaceId() != "":
		return e.GetIp() + "/" + e.GetNetworkInterfaceId()
	case e.GetIp() != "":
		return e.GetIp()
	}
	return e.GetNetworkInterfaceId()
}

// readAll reads every record of a reader, going on past line errors. It
// checks that every record passes FlowFromProto.
func readAll(t testing.TB, r *Reader) (recs []string, errs []string) {
	t.Helper()
	for i := 0; ; i++ {
		rec, err := r.Next()
		if err == io.EOF {
			return recs, errs
		}
		if err != nil {
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("final error: %v", err)
			}
			errs = append(errs, err.Error())
			continue
		}
		if _, err := apiconv.FlowFromProto(rec.Flow, i); err != nil {
			t.Fatalf("%s: record fails FlowFromProto: %v", rec.Where, err)
		}
		recs = append(recs, summary(rec))
	}
}

func openReader(t *testing.T, file string, f Format) *Reader {
	t.Helper()
	fh, err := os.Open(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fh.Close() })
	r, err := NewReader(fh, file, f)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	return r
}

func TestFiles(t *testing.T) {
	tests := []struct {
		file    string
		format  Format
		recs    []string
		errs    []string
		skipped map[string]int
	}{
		{
			file:   "flows.jsonl",
			format: FormatJSONLines,
			recs: []string{
				"flows.jsonl:2 id=web tcp 203.0.113.7>eni-0a1 dport=443",
				"flows.jsonl:4 id=ping icmp 10.0.0.5>10.0.1.9 type=8",
				"flows.jsonl:5 id=dns udp 10.0.0.5>10.0.0.2 sport=53000 dport=53 established",
			},
		},
		{
			file:   "flows.csv",
			format: FormatCSV,
			recs: []string{
				"flows.csv:2 id=web tcp 203.0.113.7>eni-0a1 dport=443",
				"flows.csv:3 id=flows.csv:3 icmp 10.0.0.5>10.0.1.9 type=8 code=0",
				"flows.csv:5 id=dns 17 10.0.0.5>10.0.0.2 sport=53000 dport=53 established",
				"flows.csv:6 id=quoted, id icmpv6 2001:db8::1>2001:db8::2 type=128",
			},
		},
		{
			file:   "flows_camel.csv",
			format: FormatCSV,
			recs:   []string{"flows_camel.csv:2 id=web tcp 203.0.113.7>eni-0a1 dport=443"},
		},
		{
			file:   "flows_subset.csv",
			format: FormatCSV,
			recs:   []string{"flows_subset.csv:2 id=flows_subset.csv:2 tcp 10.0.0.5>10.0.1.9 dport=22"},
		},
		{
			file:   "flowlogs_default.log",
			format: FormatFlowLogs,
			recs: []string{
				"flowlogs_default.log:1 id=eni-1235b8ca123456789:1418530010:1 tcp 172.31.16.139>172.31.16.21 sport=20641 dport=22 logged=ACCEPT@eni-1235b8ca123456789",
				"flowlogs_default.log:2 id=eni-1235b8ca123456789:1418530010:2 tcp 172.31.9.69>172.31.9.12 sport=49761 dport=3389 logged=REJECT@eni-1235b8ca123456789",
				"flowlogs_default.log:8 id=eni-1235b8ca123456789:1477913708:8 tcp 2001:db8:1234:a100:8d6e:3477:df66:f105>2001:db8:1234:a102:3304:8879:34cf:4071 sport=34892 dport=22 logged=ACCEPT@eni-1235b8ca123456789",
				"flowlogs_default.log:9 id=eni-1235b8ca123456789:1418530010:9 tcp 172.31.16.21>172.31.16.139 sport=22 dport=20641 logged=ACCEPT@eni-1235b8ca123456789",
				"flowlogs_default.log:10 id=eni-1235b8ca123456789:1418530010:10 50 10.0.0.5>10.0.0.9 logged=ACCEPT@eni-1235b8ca123456789",
			},
			skipped: map[string]int{SkipNoData: 1, SkipSkipData: 1, SkipICMPWithoutType: 2},
		},
		{
			file:   "flowlogs_s3.log",
			format: FormatFlowLogs,
			recs: []string{
				"flowlogs_s3.log:2 id=eni-1235b8ca123456789:1418530010:2 tcp 172.31.16.139>172.31.16.21 sport=20641 dport=22 logged=ACCEPT@eni-1235b8ca123456789",
				"flowlogs_s3.log:3 id=eni-1235b8ca123456789:1418530010:3 tcp 172.31.9.69>172.31.9.12 sport=49761 dport=3389 logged=REJECT@eni-1235b8ca123456789",
			},
		},
		{
			file:   "flowlogs_custom.log",
			format: FormatFlowLogs,
			recs: []string{
				"flowlogs_custom.log:2 id=eni-1235b8ca123456789:1616729292:2 tcp 52.95.128.179>10.0.0.71 sport=80 dport=34210 logged=ACCEPT@eni-1235b8ca123456789",
				"flowlogs_custom.log:3 id=eni-1235b8ca123456789:1616729292:3 tcp 10.0.0.71>52.95.128.179 sport=34210 dport=80 logged=ACCEPT@eni-1235b8ca123456789",
			},
		},
		{
			file:    "flowlogs_minimal.log",
			format:  FormatFlowLogs,
			recs:    []string{"flowlogs_minimal.log:2 id=flowlogs_minimal.log:2 47 10.0.0.5>10.0.1.9 logged=REJECT@"},
			errs:    []string{`flowlogs_minimal.log:4: field "dstport": destination_port is required for udp`},
			skipped: map[string]int{SkipNoFlowData: 1},
		},
		{
			file:   "bad.csv",
			format: FormatCSV,
			recs: []string{
				"bad.csv:2 id=a tcp 10.0.0.1>10.0.0.2 dport=443",
				"bad.csv:9 id=h udp 10.0.0.1>10.0.0.2 dport=53",
			},
			errs: []string{
				`bad.csv:3: column "dst_port": "70000" is not a port`,
				`bad.csv:4: column "dst_port": destination_port is required for tcp`,
				`bad.csv:5: column "dst_ip": IPv6 address "2001:db8::1" but source.ip "10.0.0.1" is IPv4: both ends must be of one family`,
				`bad.csv:6: column "state": "half-open" is not NEW or ESTABLISHED`,
				`bad.csv:7: 4 columns, but the header row has 6`,
				`bad.csv:8: column "protocol": invalid protocol "gre": want tcp, udp, icmp, icmpv6 or a number 0-255`,
			},
		},
		{
			file:   "bad_flowlogs.log",
			format: FormatFlowLogs,
			recs: []string{
				"bad_flowlogs.log:1 id=eni-1:1418530010:1 tcp 10.0.0.1>10.0.0.2 sport=40000 dport=443 logged=ACCEPT@eni-1",
				"bad_flowlogs.log:9 id=eni-1:1418530010:9 tcp 10.0.0.3>10.0.0.4 sport=40000 dport=443 logged=ACCEPT@eni-1",
			},
			errs: []string{
				`bad_flowlogs.log:2: field "dstport": "70000" is not a port`,
				`bad_flowlogs.log:3: field "action": "MAYBE" is not ACCEPT or REJECT`,
				`bad_flowlogs.log:4: field "protocol": "300" is not an IANA protocol number (0-255)`,
				`bad_flowlogs.log:5: 13 fields, want the 14 of the default flow log format (version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status); a custom format needs a header line`,
				`bad_flowlogs.log:6: field "dstaddr": invalid IP address "10.0.0.300"`,
				`bad_flowlogs.log:7: field "dstport": destination_port is required for tcp`,
				`bad_flowlogs.log:8: field "log-status": "WHATEVER" is not OK, NODATA or SKIPDATA`,
			},
		},
		{
			file:   "bad.jsonl",
			format: FormatJSONLines,
			recs: []string{
				"bad.jsonl:1 id=ok tcp 10.0.0.1>10.0.0.2 dport=22",
				"bad.jsonl:4 id=last udp 10.0.0.1>10.0.0.2 dport=53",
			},
			errs: []string{
				"bad.jsonl:2: invalid flow JSON: ",
				`bad.jsonl:3: field "destination_port": destination_port is required for tcp`,
			},
		},
	}
	for _, tt := range tests {
		for _, f := range []Format{tt.format, FormatAuto} {
			t.Run(tt.file+"/"+f.String(), func(t *testing.T) {
				r := openReader(t, tt.file, f)
				recs, errs := readAll(t, r)
				if !slices.Equal(recs, tt.recs) {
					t.Errorf("records:\n%s\nwant:\n%s", strings.Join(recs, "\n"), strings.Join(tt.recs, "\n"))
				}
				if len(errs) != len(tt.errs) {
					t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(tt.errs, "\n"))
				} else {
					for i := range errs {
						if !strings.HasPrefix(errs[i], tt.errs[i]) {
							t.Errorf("error %d = %s\nwant %s", i, errs[i], tt.errs[i])
						}
					}
				}
				want := tt.skipped
				if want == nil {
					want = map[string]int{}
				}
				if got := r.Skipped(); !maps.Equal(got, want) {
					t.Errorf("Skipped() = %v, want %v", got, want)
				}
			})
		}
	}
}
