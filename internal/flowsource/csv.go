package flowsource

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// CSV columns, by their canonical key.
const (
	colID = iota
	colSrcIP
	colDstIP
	colSrcENI
	colDstENI
	colProtocol
	colSrcPort
	colDstPort
	colICMPType
	colICMPCode
	colState
	numCols
)

// csvNames maps a header name, lower case without '_', '-' and spaces, to
// its column.
var csvNames = map[string]int{
	"id":                            colID,
	"srcip":                         colSrcIP,
	"sourceip":                      colSrcIP,
	"dstip":                         colDstIP,
	"destinationip":                 colDstIP,
	"srceni":                        colSrcENI,
	"sourceeni":                     colSrcENI,
	"sourcenetworkinterfaceid":      colSrcENI,
	"dsteni":                        colDstENI,
	"destinationeni":                colDstENI,
	"destinationnetworkinterfaceid": colDstENI,
	"protocol":                      colProtocol,
	"srcport":                       colSrcPort,
	"sourceport":                    colSrcPort,
	"dstport":                       colDstPort,
	"destinationport":               colDstPort,
	"icmptype":                      colICMPType,
	"icmpcode":                      colICMPCode,
	"state":                         colState,
}

// csvFields maps the proto field paths of FlowFromProto's errors to
// columns.
var csvFields = map[string]int{
	"id":                               colID,
	"source.ip":                        colSrcIP,
	"destination.ip":                   colDstIP,
	"source.network_interface_id":      colSrcENI,
	"destination.network_interface_id": colDstENI,
	"protocol":                         colProtocol,
	"source_port":                      colSrcPort,
	"destination_port":                 colDstPort,
	"icmp_type":                        colICMPType,
	"icmp_code":                        colICMPCode,
	"state":                            colState,
	"source":                           colSrcIP, // or colSrcENI, see column
	"destination":                      colDstIP,
}

func canonicalColumn(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer("_", "", "-", "", " ", "").Replace(s)
}

// csvFlows reads CSV records with a header row.
type csvFlows struct {
	cr     *csv.Reader
	lim    *limitReader
	index  [numCols]int    // cell index of each column, -1 when absent
	names  [numCols]string // header names as written
	width  int
	header []string
	done   bool
}

func newCSV(r *Reader, in io.Reader) (*csvFlows, error) {
	lim := &limitReader{r: in, max: MaxLine}
	cr := csv.NewReader(lim)
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1 // checked against the header here
	p := &csvFlows{cr: cr, lim: lim}
	for i := range p.index {
		p.index[i] = -1
	}
	header, err := cr.Read()
	if err == io.EOF {
		p.done = true
		return p, nil
	}
	if err != nil {
		return nil, p.readError(r, err)
	}
	line, _ := cr.FieldPos(0)
	where := r.where(line)
	var unknown, repeated []string
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff") // a byte order mark
		}
		h = strings.TrimSpace(h)
		c, ok := csvNames[canonicalColumn(h)]
		switch {
		case !ok:
			unknown = append(unknown, strconv.Quote(h))
		case p.index[c] >= 0:
			repeated = append(repeated, strconv.Quote(h))
		default:
			p.index[c] = i
			p.names[c] = h
		}
	}
	var probs []Problem
	if len(unknown) > 0 {
		probs = append(probs, Problem{Description: fmt.Sprintf("unknown column(s) %s in the header row: want id, src_ip, dst_ip, src_eni, dst_eni, protocol, src_port, dst_port, icmp_type, icmp_code, state", strings.Join(unknown, ", "))})
	}
	if len(repeated) > 0 {
		probs = append(probs, Problem{Description: fmt.Sprintf("column(s) %s given twice in the header row", strings.Join(repeated, ", "))})
	}
	if len(probs) > 0 {
		return nil, &Error{Where: where, Problems: probs}
	}
	p.width = len(header)
	p.header = slices.Clone(header)
	p.header[0] = strings.TrimPrefix(p.header[0], "\ufeff")
	return p, nil
}

// readError turns an error of the CSV reader into the reader's error: a
// *Error for a malformed record (the next one can be read), final
// otherwise.
func (p *csvFlows) readError(r *Reader, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) && !errors.Is(err, errLineTooLong) {
		return lineError(r.where(pe.Line), "invalid CSV: %v (at byte %d of the line)", pe.Err, pe.Column)
	}
	p.done = true
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", r.where(pe.StartLine), pe.Err)
	}
	return fmt.Errorf("%s: %w", r.name, err)
}

func (p *csvFlows) next(r *Reader) (Record, error) {
	for {
		rec, repeated, err := p.row(r)
		if !repeated {
			return rec, err
		}
		r.skip(SkipHeader)
	}
}

// row reads one CSV record; repeated reports a copy of the header row.
func (p *csvFlows) row(r *Reader) (_ Record, repeated bool, _ error) {
	if p.done {
		return Record{}, false, io.EOF
	}
	p.lim.n = 0
	cells, err := p.cr.Read()
	if err == io.EOF {
		p.done = true
		return Record{}, false, io.EOF
	}
	if err != nil {
		return Record{}, false, p.readError(r, err)
	}
	line, _ := p.cr.FieldPos(0)
	where := r.where(line)
	if slices.Equal(cells, p.header) {
		return Record{}, true, nil
	}
	if len(cells) != p.width {
		return Record{}, false, lineError(where, "%d columns, but the header row has %d", len(cells), p.width)
	}
	cell := func(c int) string {
		if p.index[c] < 0 {
			return ""
		}
		return strings.TrimSpace(cells[p.index[c]])
	}
	e := &Error{Where: where}
	bad := func(c int, format string, args ...any) {
		e.Problems = append(e.Problems, Problem{Kind: "column", Name: p.names[c], Description: fmt.Sprintf(format, args...)})
	}
	pf := &netverdictv1.Flow{
		Id:       cell(colID),
		Protocol: strings.ToLower(cell(colProtocol)),
	}
	if pf.Id == "" {
		pf.Id = where
	}
	if ip, eni := cell(colSrcIP), cell(colSrcENI); ip != "" || eni != "" {
		pf.Source = &netverdictv1.Endpoint{Ip: ip, NetworkInterfaceId: eni}
	}
	if ip, eni := cell(colDstIP), cell(colDstENI); ip != "" || eni != "" {
		pf.Destination = &netverdictv1.Endpoint{Ip: ip, NetworkInterfaceId: eni}
	}
	number := func(c int, max uint64, what string) *uint32 {
		s := cell(c)
		if s == "" {
			return nil
		}
		v, err := strconv.ParseUint(s, 10, 32)
		if err != nil || v > max {
			bad(c, "%q is not %s", s, what)
			return nil
		}
		u := uint32(v)
		return &u
	}
	pf.SourcePort = number(colSrcPort, 65535, "a port")
	pf.DestinationPort = number(colDstPort, 65535, "a port")
	pf.IcmpType = number(colICMPType, 255, "an ICMP type (0-255)")
	pf.IcmpCode = number(colICMPCode, 255, "an ICMP code (0-255)")
	switch s := cell(colState); strings.ToUpper(s) {
	case "":
	case "NEW":
		pf.State = netverdictv1.ConnectionState_CONNECTION_STATE_NEW
	case "ESTABLISHED":
		pf.State = netverdictv1.ConnectionState_CONNECTION_STATE_ESTABLISHED
	default:
		bad(colState, "%q is not NEW or ESTABLISHED", s)
	}
	if len(e.Problems) > 0 {
		return Record{}, false, e
	}
	f, err := r.validate(where, pf, func(field string) (string, string) { return p.column(pf, field) })
	if err != nil {
		return Record{}, false, err
	}
	return Record{Flow: pf, Model: f, Where: where}, false, nil
}

// column names the CSV column of a proto field path, or the field itself
// when the file has no such column.
func (p *csvFlows) column(pf *netverdictv1.Flow, field string) (string, string) {
	c, ok := csvFields[field]
	if ok && (field == "source" || field == "destination") {
		// An endpoint without ip nor interface: name a column of it that
		// the file has.
		eni := colSrcENI
		if field == "destination" {
			eni = colDstENI
		}
		if p.index[c] < 0 {
			c = eni
		}
	}
	if !ok || p.index[c] < 0 {
		return "field", field
	}
	return "column", p.names[c]
}

// limitReader fails once more than max bytes were read since n was last
// reset (before each CSV record), so that one huge record cannot take
// unbounded memory. encoding/csv reads ahead by its buffer (4 KiB), so the
// bound is approximate.
type limitReader struct {
	r   io.Reader
	n   int
	max int
}

func (l *limitReader) Read(b []byte) (int, error) {
	if l.n > l.max {
		return 0, errLineTooLong
	}
	n, err := l.r.Read(b)
	l.n += n
	return n, err
}
