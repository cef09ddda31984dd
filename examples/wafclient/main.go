// Command wafclient asks a running netverdict server whether two HTTP
// requests get through an AWS WAF web ACL, with the Go client: the seed's
// rule blocks /admin/dashboard from outside the office IP set.
//
//	netverdict serve &
//	go run ./examples/wafclient --server 127.0.0.1:50051
//
// The documents are the CLI's WAF scenario (cmd/netverdict/testdata/waf):
// the network, the IP and regex pattern sets, the association of the web
// ACL with the load balancer, and the web ACL as the WAF console prints it
// (plain-text SearchStrings, hence SEARCH_STRING_ENCODING_PLAIN; the AWS
// CLI's get-web-acl output, base64, needs no encoding).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	netverdict "github.com/netverdict/netverdict/clients/go"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

func main() {
	server := flag.String("server", "127.0.0.1:50051", "netverdict server address")
	dir := flag.String("dir", "cmd/netverdict/testdata/waf", "directory of the WAF scenario's AWS documents")
	flag.Parse()
	if err := run(*server, *dir); err != nil {
		log.Fatal(err)
	}
}

func run(server, dir string) error {
	var docs []*netverdictv1.AwsDocument
	for _, f := range []string{"ec2.json", "ip-set.json", "regex-set.json", "associations.json", "web-acl-console.json"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return err
		}
		doc := &netverdictv1.AwsDocument{Name: f, Content: b}
		if f == "web-acl-console.json" {
			doc.SearchStringEncoding = netverdictv1.SearchStringEncoding_SEARCH_STRING_ENCODING_PLAIN
		}
		docs = append(docs, doc)
	}
	flows := []*netverdictv1.Flow{
		adminRequest("admin-from-office", "198.51.100.23"),
		adminRequest("admin-from-elsewhere", "192.0.2.44"),
	}

	c, err := netverdict.Dial(server)
	if err != nil {
		return err
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ds, err := c.Evaluate(ctx, netverdict.AWSDocumentsSource(docs...), flows, nil)
	if err != nil {
		for _, v := range netverdict.FieldViolations(err) {
			fmt.Fprintf(os.Stderr, "  %s: %s\n", v.GetField(), v.GetDescription())
		}
		return err
	}
	for _, d := range ds {
		fmt.Printf("%-22s %s\n", d.GetFlowId(), d.GetVerdict())
		for _, ch := range d.GetChecks() {
			if ch.GetLayer() == netverdictv1.Layer_LAYER_WAF {
				fmt.Printf("  WAF: %s\n", ch.GetReason())
			}
		}
	}
	return nil
}

// adminRequest is a browser's GET of the shop's admin page on its load
// balancer (10.30.0.10:443) from clientIP.
func adminRequest(id, clientIP string) *netverdictv1.Flow {
	return &netverdictv1.Flow{
		Id:              id,
		Source:          &netverdictv1.Endpoint{Ip: clientIP},
		Destination:     &netverdictv1.Endpoint{Ip: "10.30.0.10"},
		Protocol:        "tcp",
		DestinationPort: new(uint32(443)),
		Http: &netverdictv1.HttpRequest{
			Method:  "GET",
			UriPath: "/admin/dashboard",
			Headers: []*netverdictv1.HttpHeader{{Name: "Host", Value: "shop.example.com"}},
		},
	}
}
