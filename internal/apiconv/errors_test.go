package apiconv

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/netverdict/netverdict/evaluator/model"
)

func TestFlowErrorAt(t *testing.T) {
	t.Parallel()
	plain := errors.New("snapshot is closed")
	tests := []struct {
		name string
		err  error
		// want: Error() of the result and, when it holds field errors,
		// their fields and values.
		want       string
		wantFields []string
		wantValues []string
	}{
		{name: "nil", err: nil},
		{
			name:       "evaluator flow error with a value",
			err:        &model.FlowError{Field: "source.ip", Value: "10.0.0.9", Msg: "10.0.0.9 is not an address of eni-1"},
			want:       "flows[4].source.ip: 10.0.0.9 is not an address of eni-1",
			wantFields: []string{"flows[4].source.ip"},
			wantValues: []string{"10.0.0.9"},
		},
		{
			name:       "evaluator flow error whose message omits the value",
			err:        &model.FlowError{Field: "destination.ip", Value: "10.0.0.7", Msg: "address of several interfaces: give network_interface_id"},
			want:       `flows[4].destination.ip: address of several interfaces: give network_interface_id (got "10.0.0.7")`,
			wantFields: []string{"flows[4].destination.ip"},
			wantValues: []string{"10.0.0.7"},
		},
		{
			name:       "wrapped flow error",
			err:        fmt.Errorf("evaluate: %w", &model.FlowError{Field: "source", Msg: "nothing of the config is on the path"}),
			want:       "flows[4].source: nothing of the config is on the path",
			wantFields: []string{"flows[4].source"},
			wantValues: []string{""},
		},
		{
			name:       "field errors keep their order",
			err:        FieldErrors{{Field: "source.ip", Value: "a", Description: "x"}, {Field: "protocol", Value: "b", Description: "y"}},
			want:       "flows[4].source.ip: x; flows[4].protocol: y",
			wantFields: []string{"flows[4].source.ip", "flows[4].protocol"},
			wantValues: []string{"a", "b"},
		},
		{
			name: "error without a field",
			err:  plain,
			want: "flows[4]: snapshot is closed",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := FlowErrorAt(4, tt.err)
			if tt.err == nil {
				if got != nil {
					t.Fatalf("FlowErrorAt(nil) = %v", got)
				}
				return
			}
			if got.Error() != tt.want {
				t.Errorf("Error() = %q, want %q", got.Error(), tt.want)
			}
			var fields, values []string
			for _, v := range Violations(got) {
				fields = append(fields, v.Field)
				values = append(values, v.Value)
			}
			if !reflect.DeepEqual(fields, tt.wantFields) || !reflect.DeepEqual(values, tt.wantValues) {
				t.Errorf("violations fields %q values %q, want %q %q", fields, values, tt.wantFields, tt.wantValues)
			}
			if tt.wantFields == nil && !errors.Is(got, plain) {
				t.Errorf("FlowErrorAt lost the wrapped error: %v", got)
			}
		})
	}
}

func TestPrefixDoesNotChangeItsInput(t *testing.T) {
	t.Parallel()
	in := &FieldError{Field: "vpcs[0].id", Description: "id is required"}
	out := Prefix("config.network_config", in)
	if in.Field != "vpcs[0].id" {
		t.Errorf("input changed to %q", in.Field)
	}
	if out.Error() != "config.network_config.vpcs[0].id: id is required" {
		t.Errorf("Prefix = %q", out.Error())
	}
	if got := Prefix("flows", &FieldError{Field: "[2].protocol", Description: "d"}).Error(); got != "flows[2].protocol: d" {
		t.Errorf("Prefix before an index = %q", got)
	}
	if got := Prefix("flows[1]", &FieldError{Description: "flow is missing"}).Error(); got != "flows[1]: flow is missing" {
		t.Errorf("Prefix of an empty field = %q", got)
	}
}

func TestViolationsOfJoinedErrors(t *testing.T) {
	t.Parallel()
	a := &FieldError{Field: "a", Description: "1"}
	b := &FieldError{Field: "b", Description: "2"}
	c := &FieldError{Field: "c", Description: "3"}
	err := errors.Join(a, fmt.Errorf("wrapped: %w", FieldErrors{b, c}), errors.New("no field"))
	got := Violations(err)
	if !reflect.DeepEqual(got, []*FieldError{a, b, c}) {
		t.Errorf("Violations = %v", got)
	}
	if Violations(errors.New("x")) != nil || Violations(nil) != nil {
		t.Error("Violations of an error without field errors is not nil")
	}
}
