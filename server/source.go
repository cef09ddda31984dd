package server

import (
	"errors"
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/path"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
	"github.com/netverdict/netverdict/internal/configload"
	"github.com/netverdict/netverdict/server/snapshots"
)

// compiled returns the compiled configuration a request's config source
// names; field is the source's path in the request ("config",
// "config.source"), for error details. An unset source means the server's
// default configuration (its --config files, or the built-in example).
func (s *Server) compiled(field string, src *netverdictv1.ConfigSource) (*path.Snapshot, error) {
	snap, _, err := s.resolve(field, src, false)
	return snap, err
}

// resolve is compiled that also returns, when withConfig is set, the
// source's model configuration, for work that compares configurations. An
// inline source is imported once for both.
func (s *Server) resolve(field string, src *netverdictv1.ConfigSource, withConfig bool) (*path.Snapshot, *model.Config, error) {
	switch src.GetSource().(type) {
	case nil:
		return s.defaultSnap, s.defaultCfg, nil
	case *netverdictv1.ConfigSource_Snapshot:
		name := src.GetSnapshot()
		snap, _, err := s.store.Compiled(name)
		var cfg *model.Config
		if err == nil && withConfig {
			cfg, err = s.store.Config(name)
		}
		if err != nil {
			return nil, nil, snapshotError(field+".snapshot", name, err)
		}
		return snap, cfg, nil
	}
	cfg, _, err := loadConfig(field, src)
	if err != nil {
		return nil, nil, err
	}
	snap, _, err := s.store.CompileInline(cfg)
	if err != nil {
		return nil, nil, invalidArgument(field, err)
	}
	return snap, cfg, nil
}

// snapshotError maps a snapshot store error about name to a status.
func snapshotError(field, name string, err error) error {
	switch {
	case errors.Is(err, snapshots.ErrInvalidName):
		return invalidArgument(field, &apiconv.FieldError{
			Field: field, Value: name,
			Description: fmt.Sprintf("invalid snapshot name %q: want \"snapshots/\" followed by a 64-digit lower-case hex SHA-256", name),
		})
	case errors.Is(err, snapshots.ErrNotFound):
		return status.Errorf(codes.NotFound, "snapshot %q not found", name)
	}
	return status.Errorf(codes.Internal, "snapshot %q: %v", name, err)
}

// loadConfig imports a typed or AWS-documents config source into a model
// config, with the import's warnings. Errors are INVALID_ARGUMENT statuses
// whose field violations lead to the offending value.
func loadConfig(field string, src *netverdictv1.ConfigSource) (*model.Config, []string, error) {
	switch v := src.GetSource().(type) {
	case *netverdictv1.ConfigSource_NetworkConfig:
		cfg, err := apiconv.NetworkConfigToModel(v.NetworkConfig)
		if err != nil {
			return nil, nil, invalidArgument(field+".network_config", apiconv.Prefix(field+".network_config", err))
		}
		return cfg, nil, nil
	case *netverdictv1.ConfigSource_AwsDocuments:
		return loadDocuments(field, v.AwsDocuments.GetDocuments())
	case nil:
		return nil, nil, invalidArgument(field, &apiconv.FieldError{Field: field, Description: "no configuration: set network_config, aws_documents or snapshot"})
	}
	return nil, nil, invalidArgument(field, &apiconv.FieldError{Field: field, Description: "a snapshot cannot be used here"})
}

// loadDocuments imports a request's AWS documents. Documents are named for
// messages by their name when it is set and unique, else by their path
// ("documents[2]"), so that every problem maps back to one document.
func loadDocuments(field string, in []*netverdictv1.AwsDocument) (*model.Config, []string, error) {
	if len(in) == 0 {
		return nil, nil, invalidArgument(field+".aws_documents.documents", &apiconv.FieldError{
			Field: field + ".aws_documents.documents", Description: "no documents: give at least one AWS CLI / API JSON output",
		})
	}
	count := make(map[string]int, len(in))
	for _, d := range in {
		count[d.GetName()]++
	}
	docs := make([]configload.Document, len(in))
	index := make(map[string]int, len(in))
	for i, d := range in {
		name := d.GetName()
		if name == "" || count[name] > 1 {
			name = fmt.Sprintf("documents[%d]", i)
		}
		docs[i] = configload.Document{Name: name, Data: d.GetContent(),
			WAFRawSearchStrings: d.GetSearchStringEncoding() == netverdictv1.SearchStringEncoding_SEARCH_STRING_ENCODING_PLAIN}
		index[name] = i
	}
	cfg, warnings, err := configload.Load(docs)
	if err != nil {
		indexOf := func(name string) (int, bool) { i, ok := index[name]; return i, ok }
		verr := documentViolations(field, err, indexOf)
		return nil, warnings, invalidArgument(field+".aws_documents", verr)
	}
	return cfg, warnings, nil
}
