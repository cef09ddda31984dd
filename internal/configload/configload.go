// Package configload turns configuration documents, as users hand them to
// the command line or the server, into one model.Config.
//
// A document is either netverdict's own JSON (a NetworkConfig in the proto
// JSON mapping: top-level keys such as "securityGroups" or
// "security_groups") or an AWS CLI / API output (top-level keys such as
// "SecurityGroups"), imported by evaluator/awsjson. Documents of both kinds
// may be mixed; they are merged in order by awsjson.Merge.
package configload

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/netverdict/netverdict/evaluator/awsjson"
	"github.com/netverdict/netverdict/evaluator/model"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
)

// Document is one configuration document.
type Document struct {
	// Name identifies the document in messages, usually its file name.
	Name string
	// Data is the document's JSON.
	Data []byte
	// WAFRawSearchStrings says the document's WAF ByteMatch SearchStrings
	// are plain text (the console's JSON view, create-web-acl input files)
	// rather than base64, as AWS CLI/API output prints blobs. It is never
	// guessed.
	WAFRawSearchStrings bool
}

// Load imports every document and merges them, in order, into one config.
// It returns the warnings of the import and the merge (parts of documents
// that were ignored or changed, conflicts resolved in favour of a later
// document), each as one line naming its document.
//
// A document whose top-level JSON object has a key that names a
// NetworkConfig field (its JSON name "networkAcls" or proto name
// "network_acls") is read as netverdict JSON: any other key in it is an
// error naming that key, and problems are reported with their field path
// ("net.json: security_groups[2].rules[0].cidr: invalid CIDR
// \"10.0.0.300/24\""); see apiconv.NetworkConfigToModel. Any other document
// goes to awsjson.Decode.
//
// Load reports the problems of every document, joined; the config is nil
// when there is any. No documents give an empty config.
func Load(docs []Document) (*model.Config, []string, error) {
	if len(docs) == 0 {
		return &model.Config{}, nil, nil
	}
	var (
		warnings []string
		errs     []error
		parts    = make([]*model.Config, 0, len(docs))
	)
	for _, d := range docs {
		var (
			cfg   *model.Config
			warns []awsjson.Warning
			err   error
		)
		if IsNative(d.Data) {
			cfg, err = decodeNative(d)
		} else {
			cfg, warns, err = decodeAWS(d)
		}
		for _, w := range warns {
			warnings = append(warnings, w.String())
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		parts = append(parts, cfg)
	}
	if len(errs) > 0 {
		return nil, warnings, errors.Join(errs...)
	}
	cfg, warns, err := awsjson.Merge(parts)
	for _, w := range warns {
		warnings = append(warnings, w.String())
	}
	if err != nil {
		return nil, warnings, fmt.Errorf("merging %d documents: %w", len(docs), err)
	}
	return cfg, warnings, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// networkConfigFields describes NetworkConfig's fields, for IsNative.
var networkConfigFields = (&netverdictv1.NetworkConfig{}).ProtoReflect().Descriptor().Fields()

// IsNative reports whether data is a netverdict NetworkConfig JSON document:
// a JSON object with at least one top-level key that is the JSON or proto
// name of a NetworkConfig field. AWS outputs use other names
// ("SecurityGroups", not "securityGroups").
func IsNative(data []byte) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(bytes.TrimPrefix(data, utf8BOM), &top) != nil {
		return false
	}
	for k := range top {
		if networkConfigFields.ByJSONName(k) != nil || networkConfigFields.ByName(protoreflect.Name(k)) != nil {
			return true
		}
	}
	return false
}

// decodeNative reads a NetworkConfig JSON document.
func decodeNative(d Document) (*model.Config, error) {
	var nc netverdictv1.NetworkConfig
	if err := protojson.Unmarshal(bytes.TrimPrefix(d.Data, utf8BOM), &nc); err != nil {
		return nil, fmt.Errorf("%s: invalid netverdict config: %w", d.Name, err)
	}
	cfg, err := apiconv.NetworkConfigToModel(&nc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.Name, err)
	}
	cfg.Source = d.Name
	return cfg, nil
}
