package netverdict

import (
	"fmt"
	"os"

	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// SnapshotSource returns a ConfigSource naming a stored snapshot
// ("snapshots/{digest}").
func SnapshotSource(name string) *netverdictv1.ConfigSource {
	return &netverdictv1.ConfigSource{Source: &netverdictv1.ConfigSource_Snapshot{Snapshot: name}}
}

// AWSDocumentsSource returns a ConfigSource of raw AWS CLI / API JSON
// documents, which the server imports and merges in order.
func AWSDocumentsSource(docs ...*netverdictv1.AwsDocument) *netverdictv1.ConfigSource {
	return &netverdictv1.ConfigSource{Source: &netverdictv1.ConfigSource_AwsDocuments{
		AwsDocuments: &netverdictv1.AwsDocuments{Documents: docs},
	}}
}

// AWSFiles reads AWS CLI / API JSON outputs (aws ec2 describe-security-groups
// and so on) from files and returns them as a ConfigSource; each document is
// named by its path. It fails if a file cannot be read or no path is given.
func AWSFiles(paths ...string) (*netverdictv1.ConfigSource, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("netverdict: AWSFiles: no files")
	}
	docs := make([]*netverdictv1.AwsDocument, 0, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("netverdict: %w", err)
		}
		docs = append(docs, &netverdictv1.AwsDocument{Name: p, Content: b})
	}
	return AWSDocumentsSource(docs...), nil
}

// NetworkConfigSource returns a ConfigSource of a typed configuration.
func NetworkConfigSource(cfg *netverdictv1.NetworkConfig) *netverdictv1.ConfigSource {
	return &netverdictv1.ConfigSource{Source: &netverdictv1.ConfigSource_NetworkConfig{NetworkConfig: cfg}}
}
