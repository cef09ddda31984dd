package flowsource

import (
	"bufio"
	"bytes"
	"io"

	"google.golang.org/protobuf/encoding/protojson"

	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// jsonLines reads one proto JSON Flow per line, as `netverdict eval
// --flows` does.
type jsonLines struct {
	sc   *bufio.Scanner
	line int
	done bool
}

func newJSONLines(r io.Reader) *jsonLines { return &jsonLines{sc: newScanner(r)} }

func (p *jsonLines) next(r *Reader) (Record, error) {
	for !p.done && p.sc.Scan() {
		p.line++
		b := bytes.TrimSpace(p.sc.Bytes())
		if len(b) == 0 || b[0] == '#' {
			continue
		}
		where := r.where(p.line)
		pf := &netverdictv1.Flow{}
		if err := protojson.Unmarshal(b, pf); err != nil {
			return Record{}, lineError(where, "invalid flow JSON: %v", err)
		}
		f, err := r.validate(where, pf, jsonField)
		if err != nil {
			return Record{}, err
		}
		return Record{Flow: pf, Model: f, Where: where}, nil
	}
	p.done = true
	if err := p.sc.Err(); err != nil {
		return Record{}, r.scanError(err, p.line+1)
	}
	return Record{}, io.EOF
}

// jsonField names a proto field of a JSON flow by its proto path.
func jsonField(field string) (string, string) { return "field", field }
