package netverdict

import (
	"errors"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/status"
)

// ErrProtocol is wrapped by the errors the client reports when the server
// broke the API's contract rather than failing with a status: EvaluateAll
// and Evaluate when the decisions do not match the flows one for one, in
// order (fewer, more, or a decision for another flow than the next one);
// ListSnapshots when the server repeats a page token. Test for it with
// errors.Is.
var ErrProtocol = errors.New("netverdict: protocol violation by the server")

// FieldViolations returns the field violations (google.rpc.BadRequest
// details) of a gRPC status error, such as "flows[3].destination_port"
// with why it is invalid. err may wrap the status error. It returns nil if
// err carries none.
func FieldViolations(err error) []*errdetails.BadRequest_FieldViolation {
	if err == nil {
		return nil
	}
	st, ok := status.FromError(err)
	if !ok {
		return nil
	}
	var out []*errdetails.BadRequest_FieldViolation
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			out = append(out, br.GetFieldViolations()...)
		}
	}
	return out
}
