package flowsource

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/internal/apiconv"
)

// checkStream reads data in format f and checks the reader's promises: no
// panic, every record passes FlowFromProto, line errors name the file, and
// the reader ends.
func checkStream(t *testing.T, data []byte, f Format) {
	r, err := NewReader(bytes.NewReader(data), "fuzz", f)
	if err != nil {
		if !strings.HasPrefix(err.Error(), "fuzz:") {
			t.Fatalf("NewReader error without file:line: %v", err)
		}
		return
	}
	// Every Next answer consumes at least one byte (a line or a CSV
	// record), so the reader ends within len(data)+2 calls.
	for i := 0; i <= len(data)+2; i++ {
		rec, err := r.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz:") {
				t.Fatalf("error without file:line: %v", err)
			}
			var le *Error
			if !errors.As(err, &le) {
				return // final
			}
			if len(le.Problems) == 0 {
				t.Fatalf("line error without problems: %v", err)
			}
			continue
		}
		if _, err := apiconv.FlowFromProto(rec.Flow, i); err != nil {
			t.Fatalf("%s: record fails FlowFromProto: %v", rec.Where, err)
		}
		if !strings.HasPrefix(rec.Where, "fuzz:") {
			t.Fatalf("record Where %q", rec.Where)
		}
		if fl := formatOf(r); fl == FormatFlowLogs {
			if rec.Logged != "ACCEPT" && rec.Logged != "REJECT" {
				t.Fatalf("%s: Logged %q", rec.Where, rec.Logged)
			}
		} else if rec.Logged != "" || rec.LogInterface != "" {
			t.Fatalf("%s: Logged %q LogInterface %q outside flow logs", rec.Where, rec.Logged, rec.LogInterface)
		}
		if rec.Flow.GetId() == "" && formatOf(r) != FormatJSONLines {
			t.Fatalf("%s: record without id", rec.Where)
		}
	}
	t.Fatalf("reader did not end after %d calls", len(data)+3)
}

func addSeeds(f *testing.F, pattern string, extra ...string) {
	files, _ := filepath.Glob(filepath.Join("testdata", pattern))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

func FuzzFlowLogs(f *testing.F) {
	addSeeds(f, "*flowlogs*.log",
		"2 1 eni-1 10.0.0.1 ::1 1 2 6 1 1 1 1 ACCEPT OK\n",
		"2 1 eni-1 ::ffff:10.0.0.1 10.0.0.2 1 2 17 1 1 1 1 REJECT OK\n",
		"2 1 eni-1 fe80::1%eth0 fe80::2 - - 58 1 1 1 1 ACCEPT OK\n",
		"srcaddr dstaddr protocol action log-status\n10.0.0.1 10.0.0.2 0 ACCEPT -\n- - - - -\n",
		"interface_id srcaddr dstaddr dstport protocol action\neni-1 10.0.0.1 10.0.0.2 65535 6 ACCEPT\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		checkStream(t, data, FormatFlowLogs)
		checkStream(t, data, FormatAuto)
	})
}

func FuzzCSV(f *testing.F) {
	addSeeds(f, "*.csv",
		"src_ip,dst_ip,protocol,icmp_type,icmp_code\n10.0.0.1,10.0.0.2,icmp,3,4\n::1,::2,icmp,1,\n",
		"srcEni,dstEni,protocol,dstPort,srcPort,state\neni-1,eni-2,udp,53,5353,Established\n",
		"id,src_ip,dst_ip,protocol,dst_port\n\"a\"\"b\",10.0.0.1,10.0.0.2,tcp,\"80\"\n\"unterminated,1,2\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		checkStream(t, data, FormatCSV)
		checkStream(t, data, FormatAuto)
	})
}
