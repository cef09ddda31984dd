package server

import (
	"errors"
	"fmt"
	"strings"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/protoadapt"

	"github.com/netverdict/netverdict/evaluator/awsjson"
	"github.com/netverdict/netverdict/internal/apiconv"
)

// invalidArgument builds an INVALID_ARGUMENT status whose BadRequest
// details carry one field violation per field error in err (see
// apiconv.Violations); an error without field errors becomes one violation
// under fallbackField. The status message is err's text, so a client that
// ignores details still reads what is wrong.
func invalidArgument(fallbackField string, err error) error {
	vs := apiconv.Violations(err)
	br := &errdetails.BadRequest{}
	if len(vs) == 0 {
		br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{
			Field: fallbackField, Description: err.Error(),
		})
	}
	for _, v := range vs {
		br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{
			Field: v.Field, Description: v.Description,
		})
	}
	return withDetails(codes.InvalidArgument, err.Error(), br)
}

// resourceExhausted builds a RESOURCE_EXHAUSTED status with a QuotaFailure
// naming the limit that was hit.
func resourceExhausted(subject, msg string) error {
	qf := &errdetails.QuotaFailure{Violations: []*errdetails.QuotaFailure_Violation{{
		Subject: subject, Description: msg,
	}}}
	return withDetails(codes.ResourceExhausted, msg, qf)
}

func withDetails(c codes.Code, msg string, details ...protoadapt.MessageV1) error {
	st := status.New(c, truncate(msg, maxStatusMessage))
	if withD, err := st.WithDetails(details...); err == nil {
		st = withD
	}
	return st.Err()
}

// maxStatusMessage bounds a status message: a request with many problems
// lists them all in the details, and the message need not repeat them in
// full (gRPC metadata is size-limited).
const maxStatusMessage = 4 << 10

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "… (truncated; see the BadRequest details)"
}

// documentViolations turns the import errors of a request's AWS documents
// into field errors: the field is the document's proto path followed by the
// JSON path inside it ("config.aws_documents.documents[1]:
// SecurityGroups[0].IpPermissions[0].FromPort"), so a client can go from
// the violation to the offending value. indexOf maps a document name, as
// the importer reports it, to the document's index.
func documentViolations(prefix string, err error, indexOf func(string) (int, bool)) error {
	var out apiconv.FieldErrors
	var walk func(error)
	walk = func(e error) {
		var ae *awsjson.Error
		switch {
		case e == nil:
			return
		case errors.As(e, &ae) && asDirect(e, ae):
			field := prefix
			if i, ok := indexOf(ae.Doc); ok {
				field = fmt.Sprintf("%s.aws_documents.documents[%d]", prefix, i)
			}
			if ae.Path != "" {
				field += ": " + ae.Path
			}
			desc := ae.Msg
			if ae.Value != "" {
				desc += fmt.Sprintf(" (got %q)", ae.Value)
			}
			if ae.Doc != "" {
				desc = ae.Doc + ": " + desc
			}
			out = append(out, &apiconv.FieldError{Field: field, Value: ae.Value, Description: desc})
			return
		}
		if vs := apiconv.Violations(e); len(vs) > 0 {
			// netverdict-JSON documents report proto field paths; the
			// document is named at the front of the message.
			for _, v := range vs {
				c := *v
				c.Field = locateNative(prefix, e.Error(), c.Field, indexOf)
				out = append(out, &c)
			}
			return
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				walk(inner)
			}
		default:
			out = append(out, &apiconv.FieldError{Field: prefix + ".aws_documents", Description: e.Error()})
		}
	}
	walk(err)
	if len(out) == 1 {
		return out[0]
	}
	return out
}

// asDirect reports whether ae is e itself or reached from e through single
// wraps only (not through a join, whose other members would be lost).
func asDirect(e error, ae *awsjson.Error) bool {
	for e != nil {
		if e == error(ae) {
			return true
		}
		if _, ok := e.(interface{ Unwrap() []error }); ok {
			return false
		}
		e = errors.Unwrap(e)
	}
	return false
}

// locateNative prefixes the field path of an error from a netverdict-JSON
// document with that document's proto path, found from the document name
// that configload puts at the front of the message.
func locateNative(prefix, msg, field string, indexOf func(string) (int, bool)) string {
	name, _, ok := strings.Cut(msg, ": ")
	if ok {
		if i, found := indexOf(name); found {
			return fmt.Sprintf("%s.aws_documents.documents[%d]: %s", prefix, i, field)
		}
	}
	return prefix + ".aws_documents: " + field
}
