package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/netverdict/netverdict/evaluator/geo"
	"github.com/netverdict/netverdict/evaluator/path"
	"github.com/netverdict/netverdict/internal/configload"
)

// layerFlags are the configuration options of the WAF layer that eval and
// serve share: WAF documents written with plain-text SearchStrings, and
// the IP-to-country/ASN file GeoMatch and AsnMatch need.
type layerFlags struct {
	plain   stringList
	geoFile string
}

func (l *layerFlags) register(fs *flag.FlagSet) {
	fs.Var(&l.plain, "config-plain", "WAF configuration `FILE` whose ByteMatch SearchStrings are plain text (the console's JSON view, create-web-acl rule files) instead of base64 as the AWS CLI prints them (repeatable; read after the --config files)")
	fs.StringVar(&l.geoFile, "geo-file", "", "IP-to-country/ASN CSV `FILE` (network,country_code[,region_code][,asn] lines) for WAF GeoMatch and AsnMatch; without it they are INDETERMINATE")
}

// documents reads the --config-plain files.
func (l *layerFlags) documents() ([]configload.Document, error) {
	docs, err := readDocuments(l.plain)
	for i := range docs {
		docs[i].WAFRawSearchStrings = true
	}
	return docs, err
}

// compileOptions loads --geo-file.
func (l *layerFlags) compileOptions() (path.CompileOptions, error) {
	if l.geoFile == "" {
		return path.CompileOptions{}, nil
	}
	f, err := os.Open(l.geoFile)
	if err != nil {
		return path.CompileOptions{}, usagef("--geo-file: %v", err)
	}
	defer f.Close()
	db, err := geo.Load(l.geoFile, f)
	if err != nil {
		return path.CompileOptions{}, usageError{fmt.Errorf("--geo-file: %w", err)}
	}
	return path.CompileOptions{Geo: db}, nil
}
