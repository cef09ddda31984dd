// Command goclient evaluates the example flows against the example network
// on a running netverdict server, with the Go client:
//
//	netverdict serve &
//	go run ./examples/goclient --server 127.0.0.1:50051
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"slices"
	"time"

	"google.golang.org/protobuf/encoding/protojson"

	netverdict "github.com/netverdict/netverdict/clients/go"
	"github.com/netverdict/netverdict/examples"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

func main() {
	server := flag.String("server", "127.0.0.1:50051", "netverdict server address")
	flag.Parse()
	if err := run(*server); err != nil {
		log.Fatal(err)
	}
}

func run(server string) error {
	var docs []*netverdictv1.AwsDocument
	for _, d := range examples.Network() {
		docs = append(docs, &netverdictv1.AwsDocument{Name: d.Name, Content: d.Data})
	}
	var flows []*netverdictv1.Flow
	for line := range bytes.Lines(examples.Flows()) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		f := &netverdictv1.Flow{}
		if err := protojson.Unmarshal(line, f); err != nil {
			return fmt.Errorf("example flow %d: %w", len(flows)+1, err)
		}
		flows = append(flows, f)
	}

	c, err := netverdict.Dial(server)
	if err != nil {
		return err
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	src := netverdict.AWSDocumentsSource(docs...)
	for d, err := range c.EvaluateAll(ctx, src, nil, slices.Values(flows)) {
		if err != nil {
			for _, v := range netverdict.FieldViolations(err) {
				fmt.Fprintf(os.Stderr, "  %s: %s\n", v.GetField(), v.GetDescription())
			}
			return err
		}
		reason := ""
		for _, ch := range d.GetChecks() {
			if ch.GetVerdict() != netverdictv1.Verdict_VERDICT_ALLOW {
				reason = ch.GetReason()
				break
			}
		}
		fmt.Printf("%-24s %-22s %s\n", d.GetFlowId(), d.GetVerdict(), reason)
	}
	return nil
}
