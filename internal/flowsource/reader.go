package flowsource

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/model"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
)

// Format of a flow file.
type Format uint8

// Formats. FormatAuto tells NewReader to recognise the format.
const (
	FormatAuto Format = iota
	FormatJSONLines
	FormatCSV
	FormatFlowLogs
)

// String returns the name ParseFormat reads.
func (f Format) String() string {
	switch f {
	case FormatAuto:
		return "auto"
	case FormatJSONLines:
		return "jsonl"
	case FormatCSV:
		return "csv"
	case FormatFlowLogs:
		return "flowlogs"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// ParseFormat reads a format name: "auto", "jsonl", "csv" or "flowlogs"
// (any case).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "auto":
		return FormatAuto, nil
	case "jsonl":
		return FormatJSONLines, nil
	case "csv":
		return FormatCSV, nil
	case "flowlogs":
		return FormatFlowLogs, nil
	}
	return FormatAuto, fmt.Errorf("unknown flow file format %q: want auto, jsonl, csv or flowlogs", s)
}

// MaxLine bounds one input line (one CSV record): a flow with an HTTP body
// can be large, but not unbounded.
const MaxLine = 16 << 20

// Reasons counted by Skipped.
const (
	SkipNoData          = "log-status NODATA"
	SkipSkipData        = "log-status SKIPDATA"
	SkipICMPWithoutType = "icmp record without type"
	SkipNoFlowData      = "record without flow data"
	// SkipHeader counts header lines repeated further down, as when
	// files with one header each are concatenated.
	SkipHeader = "repeated header line"
)

// Record is one flow read from a source, with where it came from and, for
// VPC Flow Logs, what AWS logged.
type Record struct {
	// Flow is the flow as the API sees it; it passes
	// apiconv.FlowFromProto.
	Flow *netverdictv1.Flow
	// Model is Flow as apiconv.FlowFromProto converts it.
	Model model.Flow
	// Where is "file:line" for messages.
	Where string
	// Logged is the flow log's action: "ACCEPT", "REJECT", or "" when the
	// source is not a flow log.
	Logged string
	// LogInterface is the flow log record's interface-id ("eni-..."), ""
	// otherwise.
	LogInterface string
}

// LooksLikeReply reports whether a record looks like the reply direction
// of a connection: its source port is below 1024 and its destination port
// 1024 or above, as when a server on a well-known port answers a client on
// an ephemeral port. It is a heuristic (see the package documentation) and
// false when either port is absent.
func LooksLikeReply(rec Record) bool {
	f := rec.Flow
	if f == nil || f.SourcePort == nil || f.DestinationPort == nil {
		return false
	}
	return f.GetSourcePort() < 1024 && f.GetDestinationPort() >= 1024
}

// Problem is one thing wrong with an input line.
type Problem struct {
	// Kind is "column" (CSV), "field" (flow logs, JSON) or "" when the
	// problem is with the line as a whole.
	Kind string
	// Name is the column or field as the input spells it.
	Name string
	// Description says what is wrong, quoting the value.
	Description string
}

func (p Problem) String() string {
	if p.Name == "" {
		return p.Description
	}
	return fmt.Sprintf("%s %q: %s", p.Kind, p.Name, p.Description)
}

// Error is an input line that does not give a valid flow.
type Error struct {
	// Where is "file:line".
	Where string
	// Problems lists what is wrong, at least one.
	Problems []Problem
}

// Error renders `flows.csv:7: column "dst_port": "70000" is not a port`,
// several problems separated by "; ".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Where)
	for i, p := range e.Problems {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

func lineError(where, format string, args ...any) *Error {
	return &Error{Where: where, Problems: []Problem{{Description: fmt.Sprintf(format, args...)}}}
}

// parser reads one format. next returns the next record, a *Error for a
// bad line (the parser can go on), io.EOF, or a final error.
type parser interface {
	next(r *Reader) (Record, error)
}

// Reader reads records one at a time.
type Reader struct {
	name    string
	p       parser
	n       int // records returned, the index for FlowFromProto
	skipped map[string]int
	err     error // final error, returned again
}

// NewReader returns a reader of the flows in r; name is the file name used
// in messages ("flows.csv"). FormatAuto recognises the format from the
// first line that is neither blank nor a '#' comment: '{' starts JSON
// lines; a flow log header (starting "version account-id", or made of
// flow log field names only) or a record of the default flow log format
// means flow logs; anything else is taken as a CSV header row. NewReader
// reads up to that line and reports a bad header.
func NewReader(r io.Reader, name string, f Format) (*Reader, error) {
	rd := &Reader{name: name, skipped: map[string]int{}}
	br := bufio.NewReaderSize(r, 64<<10)
	// Read up to the first significant line, keeping what was read so
	// that the chosen parser can start from the beginning.
	var consumed bytes.Buffer
	var first string
	firstLine := 0
	for line := 1; ; line++ {
		b, err := readLine(br)
		if len(b) > 0 {
			consumed.Write(b)
			if t := strings.TrimSpace(string(b)); t != "" && t[0] != '#' {
				first, firstLine = t, line
				break
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rd.where(line), err)
		}
	}
	if f == FormatAuto {
		f = sniff(first)
	}
	replay := io.MultiReader(bytes.NewReader(consumed.Bytes()), br)
	var err error
	switch f {
	case FormatJSONLines:
		rd.p = newJSONLines(replay)
	case FormatCSV:
		rd.p, err = newCSV(rd, replay)
	case FormatFlowLogs:
		rd.p, err = newFlowLogs(rd, replay, first, firstLine)
	default:
		return nil, fmt.Errorf("flowsource: unknown format %d", f)
	}
	if err != nil {
		return nil, err
	}
	return rd, nil
}

// Next returns the next record, io.EOF at the end. An *Error concerns one
// line and Next may be called again; other errors are final.
func (r *Reader) Next() (Record, error) {
	if r.err != nil {
		return Record{}, r.err
	}
	rec, err := r.p.next(r)
	if err != nil {
		var le *Error
		if !errors.As(err, &le) {
			r.err = err
		}
		return Record{}, err
	}
	r.n++
	return rec, nil
}

// Skipped reports how many input lines were skipped and why (counts per
// reason, see the Skip constants), for the summary. The map is a copy.
func (r *Reader) Skipped() map[string]int { return maps.Clone(r.skipped) }

func (r *Reader) skip(reason string) { r.skipped[reason]++ }

func (r *Reader) where(line int) string { return r.name + ":" + strconv.Itoa(line) }

// validate checks pf as the API does and returns its model form. Field
// errors are reported under the input's names: column(field) maps a proto
// field path ("source.ip") to a Problem naming the column or field that
// gave it.
func (r *Reader) validate(where string, pf *netverdictv1.Flow, column func(field string) (kind, name string)) (model.Flow, error) {
	f, err := apiconv.FlowFromProto(pf, r.n)
	if err == nil {
		return f, nil
	}
	vs := apiconv.Violations(err)
	if len(vs) == 0 {
		return f, &Error{Where: where, Problems: []Problem{{Description: err.Error()}}}
	}
	prefix := fmt.Sprintf("flows[%d].", r.n)
	e := &Error{Where: where}
	for _, v := range vs {
		field := strings.TrimPrefix(v.Field, prefix)
		kind, name := column(field)
		e.Problems = append(e.Problems, Problem{Kind: kind, Name: name, Description: v.Description})
	}
	return f, e
}

// errLineTooLong reports a line (CSV record) over MaxLine.
var errLineTooLong = fmt.Errorf("line longer than %d bytes", MaxLine)

// readLine reads one line with its newline, at most MaxLine bytes.
func readLine(br *bufio.Reader) ([]byte, error) {
	var out []byte
	for {
		b, err := br.ReadSlice('\n')
		out = append(out, b...)
		if len(out) > MaxLine {
			return nil, errLineTooLong
		}
		if err != bufio.ErrBufferFull {
			return out, err
		}
	}
}

// sniff picks the format of a file from its first significant line.
func sniff(first string) Format {
	switch {
	case first == "":
		return FormatJSONLines // empty input: any format gives no record
	case first[0] == '{':
		return FormatJSONLines
	case isFlowLogHeader(strings.Fields(first)), isDefaultFlowLogRecord(strings.Fields(first)):
		return FormatFlowLogs
	}
	return FormatCSV
}

// newScanner returns a line scanner with lines capped at MaxLine.
func newScanner(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	return sc
}

// scanError turns a scanner's error into the reader's final error (not an
// *Error: the scanner cannot go on).
func (r *Reader) scanError(err error, line int) error {
	if errors.Is(err, bufio.ErrTooLong) {
		err = errLineTooLong
	}
	return fmt.Errorf("%s: %w", r.where(line), err)
}
