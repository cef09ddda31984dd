package flowsource

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// flowLogFields lists the VPC Flow Logs fields of versions 2 to 5 with the
// version that introduced them (AWS VPC User Guide, "Flow log records",
// available fields). The version 2 fields, in this order, are the default
// format.
var flowLogFields = []struct {
	name    string
	version int
}{
	{"version", 2}, {"account-id", 2}, {"interface-id", 2}, {"srcaddr", 2}, {"dstaddr", 2},
	{"srcport", 2}, {"dstport", 2}, {"protocol", 2}, {"packets", 2}, {"bytes", 2},
	{"start", 2}, {"end", 2}, {"action", 2}, {"log-status", 2},
	{"vpc-id", 3}, {"subnet-id", 3}, {"instance-id", 3}, {"tcp-flags", 3}, {"type", 3},
	{"pkt-srcaddr", 3}, {"pkt-dstaddr", 3},
	{"region", 4}, {"az-id", 4}, {"sublocation-type", 4}, {"sublocation-id", 4},
	{"pkt-src-aws-service", 5}, {"pkt-dst-aws-service", 5}, {"flow-direction", 5}, {"traffic-path", 5},
}

// defaultFlowLogFormat is the default (version 2) format.
var defaultFlowLogFormat = []string{
	"version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
	"protocol", "packets", "bytes", "start", "end", "action", "log-status",
}

var knownFlowLogField = func() map[string]bool {
	m := make(map[string]bool, len(flowLogFields))
	for _, f := range flowLogFields {
		m[f.name] = true
	}
	return m
}()

// flowLogFieldName normalises a header token: '_' may stand for '-'.
func flowLogFieldName(tok string) string {
	return strings.ReplaceAll(strings.ToLower(tok), "_", "-")
}

// isFlowLogHeader reports whether the tokens of a line make a flow log
// header: they start with "version account-id" or are all field names.
func isFlowLogHeader(toks []string) bool {
	if len(toks) == 0 {
		return false
	}
	if len(toks) >= 2 && flowLogFieldName(toks[0]) == "version" && flowLogFieldName(toks[1]) == "account-id" {
		return true
	}
	for _, t := range toks {
		if !knownFlowLogField[flowLogFieldName(t)] {
			return false
		}
	}
	return true
}

// isDefaultFlowLogRecord reports whether the tokens of a line make a record
// of the default format.
func isDefaultFlowLogRecord(toks []string) bool {
	if len(toks) != len(defaultFlowLogFormat) {
		return false
	}
	if _, err := strconv.ParseUint(toks[0], 10, 8); err != nil {
		return false
	}
	switch toks[12] {
	case "ACCEPT", "REJECT", "-":
	default:
		return false
	}
	switch toks[13] {
	case "OK", "NODATA", "SKIPDATA":
		return true
	}
	return false
}

// flowLogs reads VPC Flow Logs records.
type flowLogs struct {
	sc         *bufio.Scanner
	line       int
	headerLine int // line of the header, 0 without one
	width      int // fields per record
	custom     bool
	format     []string // field names, in order
	// Positions of the fields read, -1 when the format lacks them.
	interfaceID, srcaddr, dstaddr, srcport, dstport, protocol, start, action, logStatus int
	done                                                                                bool
}

func newFlowLogs(r *Reader, in io.Reader, first string, firstLine int) (*flowLogs, error) {
	p := &flowLogs{sc: newScanner(in)}
	format := defaultFlowLogFormat
	if toks := strings.Fields(first); isFlowLogHeader(toks) {
		p.headerLine, p.custom = firstLine, true
		format = make([]string, len(toks))
		seen := map[string]bool{}
		var unknown, repeated, missing []string
		for i, t := range toks {
			name := flowLogFieldName(t)
			format[i] = name
			switch {
			case !knownFlowLogField[name]:
				unknown = append(unknown, strconv.Quote(t))
			case seen[name]:
				repeated = append(repeated, strconv.Quote(t))
			}
			seen[name] = true
		}
		for _, need := range []string{"srcaddr", "dstaddr", "protocol", "action"} {
			if !seen[need] {
				missing = append(missing, need)
			}
		}
		var probs []Problem
		if len(unknown) > 0 {
			probs = append(probs, Problem{Description: fmt.Sprintf("unknown flow log field(s) %s in the header line (fields of versions 2 to 5 are known)", strings.Join(unknown, ", "))})
		}
		if len(repeated) > 0 {
			probs = append(probs, Problem{Description: fmt.Sprintf("field(s) %s given twice in the header line", strings.Join(repeated, ", "))})
		}
		if len(missing) > 0 {
			probs = append(probs, Problem{Description: fmt.Sprintf("the header line lacks %s: a flow needs srcaddr, dstaddr, protocol and action", strings.Join(missing, ", "))})
		}
		if len(probs) > 0 {
			return nil, &Error{Where: r.where(firstLine), Problems: probs}
		}
	}
	p.width, p.format = len(format), format
	pos := func(name string) int {
		for i, f := range format {
			if f == name {
				return i
			}
		}
		return -1
	}
	p.interfaceID, p.srcaddr, p.dstaddr = pos("interface-id"), pos("srcaddr"), pos("dstaddr")
	p.srcport, p.dstport, p.protocol = pos("srcport"), pos("dstport"), pos("protocol")
	p.start, p.action, p.logStatus = pos("start"), pos("action"), pos("log-status")
	return p, nil
}

func (p *flowLogs) next(r *Reader) (Record, error) {
	for !p.done && p.sc.Scan() {
		p.line++
		text := strings.TrimSpace(p.sc.Text())
		if text == "" || text[0] == '#' || p.line == p.headerLine {
			continue
		}
		rec, skip, err := p.record(r, text)
		if skip != "" {
			r.skip(skip)
			continue
		}
		return rec, err
	}
	p.done = true
	if err := p.sc.Err(); err != nil {
		return Record{}, r.scanError(err, p.line+1)
	}
	return Record{}, io.EOF
}

// record reads one record: a flow, a reason to skip it, or an *Error.
func (p *flowLogs) record(r *Reader, text string) (Record, string, error) {
	where := r.where(p.line)
	toks := strings.Fields(text)
	if isFlowLogHeader(toks) {
		if p.sameFormat(toks) {
			return Record{}, SkipHeader, nil
		}
		return Record{}, "", lineError(where, "a header line with other fields than the first (%s): files of different formats cannot be mixed", strings.Join(p.format, " "))
	}
	if len(toks) != p.width {
		if p.custom {
			return Record{}, "", lineError(where, "%d fields, but the header line has %d", len(toks), p.width)
		}
		return Record{}, "", lineError(where, "%d fields, want the %d of the default flow log format (%s); a custom format needs a header line",
			len(toks), p.width, strings.Join(defaultFlowLogFormat, " "))
	}
	get := func(i int) string {
		if i < 0 || toks[i] == "-" {
			return ""
		}
		return toks[i]
	}
	e := &Error{Where: where}
	bad := func(field, format string, args ...any) {
		e.Problems = append(e.Problems, Problem{Kind: "field", Name: field, Description: fmt.Sprintf(format, args...)})
	}
	switch st := get(p.logStatus); st {
	case "", "OK":
	case "NODATA":
		return Record{}, SkipNoData, nil
	case "SKIPDATA":
		return Record{}, SkipSkipData, nil
	default:
		bad("log-status", "%q is not OK, NODATA or SKIPDATA", st)
		return Record{}, "", e
	}
	src, dst, proto := get(p.srcaddr), get(p.dstaddr), get(p.protocol)
	if src == "" && dst == "" && proto == "" {
		return Record{}, SkipNoFlowData, nil
	}
	action := get(p.action)
	if action != "ACCEPT" && action != "REJECT" {
		bad("action", "%q is not ACCEPT or REJECT", toks[p.action])
	}
	pf := &netverdictv1.Flow{}
	if proto != "" {
		n, err := strconv.ParseUint(proto, 10, 8)
		if err != nil {
			bad("protocol", "%q is not an IANA protocol number (0-255)", proto)
		}
		switch n {
		case 6:
			pf.Protocol = "tcp"
		case 17:
			pf.Protocol = "udp"
		case 1, 58:
			if err == nil {
				return Record{}, SkipICMPWithoutType, nil
			}
		default:
			pf.Protocol = strconv.FormatUint(n, 10)
		}
	}
	if pf.Protocol == "tcp" || pf.Protocol == "udp" {
		port := func(i int, field string) *uint32 {
			s := get(i)
			if s == "" {
				return nil
			}
			v, err := strconv.ParseUint(s, 10, 16)
			if err != nil {
				bad(field, "%q is not a port", s)
				return nil
			}
			u := uint32(v)
			return &u
		}
		pf.SourcePort = port(p.srcport, "srcport")
		pf.DestinationPort = port(p.dstport, "dstport")
	}
	if len(e.Problems) > 0 {
		return Record{}, "", e
	}
	if src != "" {
		pf.Source = &netverdictv1.Endpoint{Ip: src}
	}
	if dst != "" {
		pf.Destination = &netverdictv1.Endpoint{Ip: dst}
	}
	iface := get(p.interfaceID)
	if iface != "" {
		start := get(p.start)
		if start == "" {
			start = "-"
		}
		pf.Id = iface + ":" + start + ":" + strconv.Itoa(p.line)
	} else {
		pf.Id = where
	}
	f, err := r.validate(where, pf, flowLogField)
	if err != nil {
		return Record{}, "", err
	}
	return Record{Flow: pf, Model: f, Where: where, Logged: action, LogInterface: iface}, "", nil
}

// sameFormat reports whether a header line gives the format being read.
func (p *flowLogs) sameFormat(toks []string) bool {
	if len(toks) != len(p.format) {
		return false
	}
	for i, t := range toks {
		if flowLogFieldName(t) != p.format[i] {
			return false
		}
	}
	return true
}

// flowLogField names the flow log field behind a proto field path.
func flowLogField(field string) (string, string) {
	switch field {
	case "source", "source.ip":
		return "field", "srcaddr"
	case "destination", "destination.ip":
		return "field", "dstaddr"
	case "protocol":
		return "field", "protocol"
	case "source_port":
		return "field", "srcport"
	case "destination_port":
		return "field", "dstport"
	}
	return "field", field
}
