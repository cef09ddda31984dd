package model

import "fmt"

// FlowError rejects a flow that is malformed or contradicts the config
// (an IP that is not the named interface's, an ambiguous address). Field is
// the flow field's proto path ("source.ip", "destination_port"); Value the
// offending value. Servers turn it into a BadRequest field violation.
type FlowError struct {
	Field string
	Value string
	Msg   string
}

func (e *FlowError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Msg)
	}
	return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Msg)
}
