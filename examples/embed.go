// Package examples holds the example network (AWS CLI output, as
// `aws ec2 describe-*` prints it) and example flows. The server embeds the
// network as its built-in configuration, so `netverdict serve` with no
// --config answers real requests on a first run.
package examples

import (
	"embed"
	"io/fs"
	"sort"
)

//go:embed network/*.json flows.jsonl
var files embed.FS

// Document is one embedded AWS CLI output file.
type Document struct {
	// Name is the file's path inside examples/ ("network/vpcs.json").
	Name string
	// Data is the file's content.
	Data []byte
}

// Network returns the example network's documents, sorted by name.
func Network() []Document {
	names, err := fs.Glob(files, "network/*.json")
	if err != nil {
		panic(err) // the pattern is constant and valid
	}
	sort.Strings(names)
	docs := make([]Document, 0, len(names))
	for _, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			panic(err) // embedded files are always readable
		}
		docs = append(docs, Document{Name: n, Data: b})
	}
	return docs
}

// Flows returns the example flows, one Flow JSON per line.
func Flows() []byte {
	b, err := files.ReadFile("flows.jsonl")
	if err != nil {
		panic(err)
	}
	return b
}
