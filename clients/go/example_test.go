package netverdict_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"slices"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	netverdict "github.com/netverdict/netverdict/clients/go"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

func ExampleDial() {
	c, err := netverdict.Dial("127.0.0.1:50051", netverdict.WithBatchSize(5000))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
}

func ExampleClient_EvaluateAll() {
	c, err := netverdict.Dial("127.0.0.1:50051")
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	src, err := netverdict.AWSFiles("vpcs.json", "subnets.json", "network-interfaces.json",
		"security-groups.json", "network-acls.json")
	if err != nil {
		log.Fatal(err)
	}
	flows := []*netverdictv1.Flow{{
		Id:              "ssh",
		Source:          &netverdictv1.Endpoint{Ip: "198.51.100.7"},
		Destination:     &netverdictv1.Endpoint{Ip: "10.0.1.20"},
		Protocol:        "tcp",
		DestinationPort: new(uint32(22)),
	}}
	for d, err := range c.EvaluateAll(context.Background(), src, nil, slices.Values(flows)) {
		if errors.Is(err, netverdict.ErrProtocol) {
			log.Fatalf("server misbehaved: %v", err)
		}
		if err != nil {
			log.Fatalf("%v (%v)", err, netverdict.FieldViolations(err))
		}
		fmt.Println(d.GetFlowId(), d.GetVerdict())
	}
}

func ExampleClient_Evaluate() {
	c, err := netverdict.Dial("127.0.0.1:50051")
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	src, err := netverdict.AWSFiles("security-groups.json", "network-interfaces.json")
	if err != nil {
		log.Fatal(err)
	}
	// Store the configuration once, then refer to it by name.
	snap, err := c.CreateSnapshot(ctx, src)
	if err != nil {
		log.Fatal(err)
	}
	flows := []*netverdictv1.Flow{{Id: "https", Source: &netverdictv1.Endpoint{Ip: "203.0.113.5"},
		Destination: &netverdictv1.Endpoint{Ip: "10.0.1.20"}, Protocol: "tcp", DestinationPort: new(uint32(443))}}
	ds, err := c.Evaluate(ctx, netverdict.SnapshotSource(snap.GetName()), flows, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range ds {
		fmt.Println(d.GetFlowId(), d.GetVerdict())
	}
}

func ExampleClient_ListSnapshots() {
	c, err := netverdict.Dial("127.0.0.1:50051")
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	for s, err := range c.ListSnapshots(context.Background(), 100) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(s.GetName(), s.GetCreateTime().AsTime(), s.GetSizeBytes())
	}
}

func ExampleFieldViolations() {
	c, err := netverdict.Dial("127.0.0.1:50051")
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	_, err = c.Evaluate(context.Background(), netverdict.SnapshotSource("snapshots/0"),
		[]*netverdictv1.Flow{{Id: "bad", Protocol: "tcp", DestinationPort: new(uint32(70000))}}, nil)
	if status.Code(err) == codes.InvalidArgument {
		for _, v := range netverdict.FieldViolations(err) {
			fmt.Printf("%s: %s\n", v.GetField(), v.GetDescription())
		}
	}
}
