package apiconv

import (
	"fmt"
	"strings"

	"github.com/netverdict/netverdict/evaluator/model"
)

// FieldError is one invalid field of a request.
type FieldError struct {
	// Field is the proto path of the field, with snake_case names and list
	// indexes: "flows[3].source.ip", "security_groups[2].rules[0].cidr".
	Field string
	// Value is the offending value as text, "" when the field is missing.
	Value string
	// Description says what is wrong, quoting the value when there is one:
	// `invalid CIDR "10.0.0.300/24"`.
	Description string
}

// Error renders the error as "field: description".
func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Description
	}
	return e.Field + ": " + e.Description
}

// FieldErrors lists several field errors of one request, in the order the
// fields were checked. It is never empty: a function returning it has found
// at least two problems (a single problem is returned as a *FieldError).
type FieldErrors []*FieldError

// Error renders every field error, separated by "; ".
func (es FieldErrors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the field errors, so that errors.As finds the first one.
func (es FieldErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// maxViolations bounds the field errors collected for one request, so that
// a million bad flows do not make a million-line error.
const maxViolations = 100

// Violations returns the field errors in err, in order: err itself when it
// is a *FieldError, the elements of a FieldErrors, and the field errors of
// errors it wraps or joins. A *model.FlowError is returned as a field error
// with the same field. Violations returns nil when err holds none.
func Violations(err error) []*FieldError {
	var out []*FieldError
	collectViolations(err, &out)
	return out
}

func collectViolations(err error, out *[]*FieldError) {
	switch e := err.(type) {
	case nil:
		return
	case *FieldError:
		*out = append(*out, e)
		return
	case FieldErrors:
		*out = append(*out, e...)
		return
	case *model.FlowError:
		*out = append(*out, fromFlowError(e))
		return
	case interface{ Unwrap() []error }:
		for _, inner := range e.Unwrap() {
			collectViolations(inner, out)
		}
	case interface{ Unwrap() error }:
		collectViolations(e.Unwrap(), out)
	}
}

// fromFlowError turns an evaluator's flow error into a field error.
func fromFlowError(e *model.FlowError) *FieldError {
	desc := e.Msg
	if e.Value != "" && !strings.Contains(desc, e.Value) {
		desc = fmt.Sprintf("%s (got %q)", desc, e.Value)
	}
	return &FieldError{Field: e.Field, Value: e.Value, Description: desc}
}

// Prefix returns err with prefix put in front of the field path of every
// field error it holds: Prefix("config.network_config", err) turns
// "vpcs[0].id" into "config.network_config.vpcs[0].id". A *model.FlowError
// becomes a *FieldError. An error holding no field error is wrapped as
// "prefix: err". Prefix returns nil for a nil err and never changes the
// errors it is given.
func Prefix(prefix string, err error) error {
	if err == nil {
		return nil
	}
	vs := Violations(err)
	if len(vs) == 0 {
		return fmt.Errorf("%s: %w", prefix, err)
	}
	out := make(FieldErrors, len(vs))
	for i, v := range vs {
		c := *v
		c.Field = joinPath(prefix, v.Field)
		out[i] = &c
	}
	if len(out) == 1 {
		return out[0]
	}
	return out
}

// FlowErrorAt turns an error about flow number index of a request (for
// instance a *model.FlowError from an evaluator, whose field is relative to
// the flow) into a request-level error under "flows[index]".
func FlowErrorAt(index int, err error) error {
	return Prefix(flowPath(index), err)
}

func joinPath(prefix, field string) string {
	switch {
	case field == "":
		return prefix
	case prefix == "":
		return field
	case field[0] == '[':
		return prefix + field
	}
	return prefix + "." + field
}

func flowPath(index int) string { return fmt.Sprintf("flows[%d]", index) }

// collector gathers field errors. The zero value is ready to use.
type collector struct {
	errs      FieldErrors
	truncated bool
}

// add records a field error; format and args make the description.
func (c *collector) add(field, value, format string, args ...any) {
	if len(c.errs) >= maxViolations {
		c.truncated = true
		return
	}
	c.errs = append(c.errs, &FieldError{Field: field, Value: value, Description: fmt.Sprintf(format, args...)})
}

// addAll records the field errors of err (see Violations); an error without
// field errors is recorded under field.
func (c *collector) addAll(field string, err error) {
	vs := Violations(err)
	if len(vs) == 0 && err != nil {
		c.add(field, "", "%v", err)
		return
	}
	for _, v := range vs {
		if len(c.errs) >= maxViolations {
			c.truncated = true
			return
		}
		c.errs = append(c.errs, v)
	}
}

// full reports whether the collector stopped recording.
func (c *collector) full() bool { return len(c.errs) >= maxViolations }

// err returns nil, the single field error, or all of them.
func (c *collector) err() error {
	switch len(c.errs) {
	case 0:
		return nil
	case 1:
		return c.errs[0]
	}
	if c.truncated {
		return append(c.errs[:len(c.errs):len(c.errs)], &FieldError{
			Description: fmt.Sprintf("more problems not listed: only the first %d are reported", maxViolations),
		})
	}
	return c.errs
}
