package suricata

import (
	"fmt"
	"strings"
)

// MaxErrors is how many errors Parse collects before it stops.
const MaxErrors = 100

// Error is one problem in a rules string, at a 1-based line and byte column.
type Error struct {
	Name string // the name given to Parse
	Line int
	Col  int
	Msg  string
}

// Error renders "name:line:col: msg".
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Name, e.Line, e.Col, e.Msg)
}

// ErrorList is the error Parse returns: up to MaxErrors errors in input order.
type ErrorList []*Error

// Error renders one error per line.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}
