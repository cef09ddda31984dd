// Package jsonwalk walks a parsed JSON document one object at a time for the
// importers of AWS and Terraform documents (awsjson, routes, wafjson,
// tfplan), so that every problem is reported with its exact JSON path and
// value and decoding goes on after it to find the others.
//
// encoding/json parses the document once (Parse, with UseNumber so numbers
// keep their text); a Node is one object of it. Keys are matched exactly, in
// the document's spelling, unlike encoding/json's case-insensitive struct
// decoding. Values are what encoding/json produces for an interface:
// map[string]any, []any, string, json.Number, bool, and nil for null.
//
// Problems collects errors and warnings; the importer says how they become
// its error and warning values (awsjson.Error and awsjson.Warning), so this
// package depends on none of them. Messages are the importers' contract:
// their tests pin every text this package produces.
package jsonwalk
