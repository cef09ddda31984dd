package snapshots

import "github.com/netverdict/netverdict/evaluator/path"

// build decodes canonical content and compiles it with default options.
func build(content []byte) (*path.Snapshot, error) {
	nc, err := decodeContent(content)
	if err != nil {
		return nil, err
	}
	return buildConfig(nc, path.CompileOptions{})
}
