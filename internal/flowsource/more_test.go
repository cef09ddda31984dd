package flowsource

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"maps"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want Format
		ok   bool
	}{
		{"auto", FormatAuto, true},
		{"jsonl", FormatJSONLines, true},
		{"CSV", FormatCSV, true},
		{" flowlogs ", FormatFlowLogs, true},
		{"json", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseFormat(tt.in)
		if (err == nil) != tt.ok || tt.ok && got != tt.want {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if tt.ok && got.String() != strings.ToLower(strings.TrimSpace(tt.in)) {
			t.Errorf("%v.String() = %q", got, got.String())
		}
	}
}

func formatOf(r *Reader) Format {
	switch r.p.(type) {
	case *jsonLines:
		return FormatJSONLines
	case *csvFlows:
		return FormatCSV
	case *flowLogs:
		return FormatFlowLogs
	}
	return FormatAuto
}

func TestAutoDetect(t *testing.T) {
	tests := []struct {
		name, in string
		want     Format
		records  int
	}{
		{"json", `{"source":{"ip":"10.0.0.1"},"destination":{"ip":"10.0.0.2"},"protocol":"tcp","destinationPort":1}`, FormatJSONLines, 1},
		{"json after blank and comment", "\n  \n# flows\n\t{\"source\":{\"ip\":\"10.0.0.1\"},\"destination\":{\"ip\":\"10.0.0.2\"},\"protocol\":\"6\",\"destinationPort\":1}\n", FormatJSONLines, 1},
		{"empty", "", FormatJSONLines, 0},
		{"blank only", "\n\n  \n", FormatJSONLines, 0},
		{"flow log header", "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n", FormatFlowLogs, 0},
		{"flow log header with underscores", "version account_id interface_id srcaddr dstaddr srcport dstport protocol packets bytes start end action log_status\n2 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 1 ACCEPT OK\n", FormatFlowLogs, 1},
		{"custom header", "srcaddr dstaddr protocol action\n10.0.0.1 10.0.0.2 4 ACCEPT\n", FormatFlowLogs, 1},
		{"headerless record", "\r\n2 123456789010 eni-1 10.0.0.1 10.0.0.2 40000 443 6 1 60 1 2 ACCEPT OK\r\n", FormatFlowLogs, 1},
		{"headerless nodata", "2 123456789010 eni-1 - - - - - - - 1 2 - NODATA\n", FormatFlowLogs, 0},
		{"csv", "src_ip,dst_ip,protocol,dst_port\n10.0.0.1,10.0.0.2,tcp,22\n", FormatCSV, 1},
		{"csv one column", "id\n", FormatCSV, 0},
		{"csv with BOM", "\ufeffsrc_ip,dst_ip,protocol,dst_port\r\n10.0.0.1,10.0.0.2,tcp,22\r\n", FormatCSV, 1},
		{"csv after comment", "# exported\nsrcIp,dstIp,protocol,dstPort\n10.0.0.1,10.0.0.2,tcp,22\n", FormatCSV, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(tt.in), "in", FormatAuto)
			if err != nil {
				t.Fatal(err)
			}
			if got := formatOf(r); got != tt.want {
				t.Errorf("format %v, want %v", got, tt.want)
			}
			recs, errs := readAll(t, r)
			if len(recs) != tt.records || len(errs) > 0 {
				t.Errorf("records %q errors %q, want %d records", recs, errs, tt.records)
			}
		})
	}
}

func TestHeaderErrors(t *testing.T) {
	tests := []struct {
		name, in string
		format   Format
		want     string
	}{
		{"csv unknown", "id,src_ip,dst_ip,proto,dport,colour\n", FormatCSV,
			`in:1: unknown column(s) "proto", "dport", "colour" in the header row`},
		{"csv unknown after blank", "\n\nid,src,dst\n", FormatAuto, `in:3: unknown column(s) "src", "dst"`},
		{"csv repeated", "src_ip,dst_ip,protocol,source_ip\n", FormatCSV, `in:1: column(s) "source_ip" given twice in the header row`},
		{"flow log unknown", "version account-id interface-id srcaddr dstaddr protocol action ecs-cluster-name\n", FormatAuto,
			`in:1: unknown flow log field(s) "ecs-cluster-name" in the header line (fields of versions 2 to 5 are known)`},
		{"flow log missing", "version interface-id srcaddr dstaddr\n", FormatFlowLogs,
			`in:1: the header line lacks protocol, action: a flow needs srcaddr, dstaddr, protocol and action`},
		{"flow log repeated", "srcaddr dstaddr protocol action srcaddr\n", FormatFlowLogs, `in:1: field(s) "srcaddr" given twice in the header line`},
		{"csv bad quote in header", "id,\"src_ip\n", FormatCSV, `in:1: invalid CSV: `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewReader(strings.NewReader(tt.in), "in", tt.format)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("NewReader error %v, want %s...", err, tt.want)
			}
		})
	}
}

func TestCustomFlowLogFieldCount(t *testing.T) {
	in := "srcaddr dstaddr protocol action\n10.0.0.1 10.0.0.2 6 ACCEPT OK\n"
	r, err := NewReader(strings.NewReader(in), "in", FormatFlowLogs)
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Next()
	if err == nil || err.Error() != "in:2: 5 fields, but the header line has 4" {
		t.Fatalf("Next error %v", err)
	}
}

func TestFlowLogWithoutInterface(t *testing.T) {
	in := "srcaddr dstaddr srcport dstport protocol action\n10.0.0.1 10.0.0.2 40000 443 6 ACCEPT\n"
	r, err := NewReader(strings.NewReader(in), "vpc.log", FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if rec.Flow.GetId() != "vpc.log:2" || rec.LogInterface != "" || rec.Logged != "ACCEPT" {
		t.Errorf("record %s", summary(rec))
	}
}

// nReader yields n bytes of c.
type nReader struct {
	n int
	c byte
}

func (r *nReader) Read(b []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := min(len(b), r.n)
	for i := range k {
		b[i] = r.c
	}
	r.n -= k
	return k, nil
}

func TestLineTooLong(t *testing.T) {
	long := func() io.Reader { return &nReader{n: MaxLine + 10, c: 'x'} }
	tests := []struct {
		name   string
		in     io.Reader
		format Format
		atNew  bool
	}{
		{"first line", long(), FormatAuto, true},
		{"jsonl", io.MultiReader(strings.NewReader("{}\n"), long()), FormatJSONLines, false},
		{"flow logs", io.MultiReader(strings.NewReader("srcaddr dstaddr protocol action\n"), long()), FormatFlowLogs, false},
		{"csv", io.MultiReader(strings.NewReader("src_ip,dst_ip,protocol\n"), long()), FormatCSV, false},
		{"csv quoted", io.MultiReader(strings.NewReader("src_ip,dst_ip,protocol\n\""), &nReader{n: MaxLine + 10, c: '\n'}), FormatCSV, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(tt.in, "in", tt.format)
			if tt.atNew {
				if !errors.Is(err, errLineTooLong) {
					t.Fatalf("NewReader error %v, want line too long", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var le *Error
			for range 3 {
				_, err = r.Next()
				if errors.As(err, &le) {
					continue // the "{}" line of the JSON case
				}
				break
			}
			if !errors.Is(err, errLineTooLong) || !strings.HasPrefix(err.Error(), "in:") {
				t.Fatalf("Next error %v, want a final line too long error", err)
			}
			if _, err2 := r.Next(); err2 != err {
				t.Errorf("second Next error %v, want the same final error", err2)
			}
		})
	}
}

func TestLooksLikeReply(t *testing.T) {
	port := func(v uint32) *uint32 { return &v }
	tests := []struct {
		src, dst *uint32
		want     bool
	}{
		{port(443), port(50000), true},
		{port(22), port(1024), true},
		{port(50000), port(443), false},
		{port(1023), port(1023), false},
		{port(8080), port(50000), false},
		{nil, port(50000), false},
		{port(443), nil, false},
	}
	for _, tt := range tests {
		rec := Record{Flow: &netverdictv1.Flow{SourcePort: tt.src, DestinationPort: tt.dst}}
		if got := LooksLikeReply(rec); got != tt.want {
			t.Errorf("LooksLikeReply(%v>%v) = %v", tt.src, tt.dst, got)
		}
	}
	if LooksLikeReply(Record{}) {
		t.Error("LooksLikeReply of a record without flow")
	}
}

// TestStreamingMemory reads 200,000 flow log lines generated on the fly and
// checks that the heap stays small.
func TestStreamingMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("long input")
	}
	const lines = 200_000
	const limit = 32 << 20
	runtime.GC() // drop what earlier tests left
	pr, pw := io.Pipe()
	var written atomic.Int64 // lines the generator has written so far
	go func() {
		w := bufio.NewWriter(pw)
		fmt.Fprintln(w, "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status")
		for i := range lines {
			written.Store(int64(i))
			action := "ACCEPT"
			if i%3 == 0 {
				action = "REJECT"
			}
			switch {
			case i%1000 == 999:
				fmt.Fprintf(w, "2 123456789010 eni-%08x - - - - - - - 1418530010 1418530070 - NODATA\n", i%97)
			case i%500 == 1:
				fmt.Fprintf(w, "2 123456789010 eni-%08x 10.%d.%d.%d 10.0.0.9 0 0 1 1 84 1418530010 1418530070 %s OK\n", i%97, i>>16&255, i>>8&255, i&255, action)
			default:
				fmt.Fprintf(w, "2 123456789010 eni-%08x 10.%d.%d.%d 10.0.0.9 %d 443 6 10 840 1418530010 1418530070 %s OK\n", i%97, i>>16&255, i>>8&255, i&255, 1024+i%60000, action)
			}
		}
		pw.CloseWithError(w.Flush())
	}()
	r, err := NewReader(pr, "big.log", FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	var ms runtime.MemStats
	var n int
	var peak uint64
	logged := map[string]int{}
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n == 1 {
			// Streaming: the first record comes long before the input ends.
			if w := written.Load(); w > lines/10 {
				t.Errorf("first record after %d of %d lines were written", w, lines)
			}
		}
		logged[rec.Logged]++
		if n%20_000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
			if ms.HeapAlloc > limit {
				t.Fatalf("heap %d MiB after %d records, limit %d MiB", ms.HeapAlloc>>20, n, limit>>20)
			}
		}
	}
	nodata, icmp := lines/1000, lines/500
	if n != lines-nodata-icmp {
		t.Errorf("%d records, want %d", n, lines-nodata-icmp)
	}
	want := map[string]int{SkipNoData: nodata, SkipICMPWithoutType: icmp}
	if got := r.Skipped(); !maps.Equal(got, want) {
		t.Errorf("Skipped() = %v, want %v", got, want)
	}
	if logged["ACCEPT"] == 0 || logged["REJECT"] == 0 || logged[""] != 0 {
		t.Errorf("logged actions %v", logged)
	}
	t.Logf("%d records, peak heap %.1f MiB (sampled)", n, float64(peak)/(1<<20))
}

func TestConcatenatedAndBrokenLines(t *testing.T) {
	const v2 = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"
	const rec = "2 1 eni-1 10.0.0.1 10.0.0.2 40000 443 6 1 60 1 2 ACCEPT OK\n"
	tests := []struct {
		name, in string
		format   Format
		records  int
		errs     []string
		skipped  map[string]int
	}{
		{"flow logs concatenated", v2 + rec + v2 + rec + rec, FormatAuto, 3, nil, map[string]int{SkipHeader: 1}},
		{"flow logs headerless then header", rec + v2 + rec, FormatFlowLogs, 2, nil, map[string]int{SkipHeader: 1}},
		{"flow logs other header", v2 + rec + "srcaddr dstaddr protocol action\n" + rec, FormatAuto, 2,
			[]string{"in:3: a header line with other fields than the first (version account-id"}, map[string]int{}},
		{"csv concatenated", "src_ip,dst_ip,protocol,dst_port\n10.0.0.1,10.0.0.2,tcp,22\nsrc_ip,dst_ip,protocol,dst_port\n10.0.0.1,10.0.0.2,tcp,23\n", FormatAuto, 2,
			nil, map[string]int{SkipHeader: 1}},
		{"csv bad quote", "src_ip,dst_ip,protocol,dst_port\n10.0.0.1,10.0.0.2,tcp,2\"2\n10.0.0.1,10.0.0.2,tcp,23\n", FormatCSV, 1,
			[]string{`in:2: invalid CSV: bare " in non-quoted-field`}, map[string]int{}},
		{"csv missing endpoint", "src_ip,dst_eni,protocol,dst_port\n10.0.0.1,,tcp,22\n", FormatCSV, 0,
			[]string{`in:2: column "dst_eni": destination needs an ip or a network_interface_id`}, map[string]int{}},
		{"csv no such column", "src_ip,dst_ip,protocol\n10.0.0.1,10.0.0.2,tcp\n", FormatCSV, 0,
			[]string{`in:2: field "destination_port": destination_port is required for tcp`}, map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(tt.in), "in", tt.format)
			if err != nil {
				t.Fatal(err)
			}
			recs, errs := readAll(t, r)
			if len(recs) != tt.records {
				t.Errorf("records %q, want %d", recs, tt.records)
			}
			if len(errs) != len(tt.errs) {
				t.Fatalf("errors %q, want %q", errs, tt.errs)
			}
			for i := range errs {
				if !strings.HasPrefix(errs[i], tt.errs[i]) {
					t.Errorf("error %s, want %s...", errs[i], tt.errs[i])
				}
			}
			if got := r.Skipped(); !maps.Equal(got, tt.skipped) {
				t.Errorf("Skipped() = %v, want %v", got, tt.skipped)
			}
		})
	}
}
