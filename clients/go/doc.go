// Package netverdict is the Go client of the netverdict gRPC service, which
// judges whether network flows get through an AWS network.
//
// Dial connects with sane defaults (round-robin load balancing, retries of
// UNAVAILABLE for the idempotent unary methods, keepalive, 64 MiB message
// limits); the Client's helpers wrap DecisionService and SnapshotService, and
// Decisions and Snapshots give the generated stubs for everything else.
//
// EvaluateAll streams any number of flows through DecisionService.EvaluateStream
// with bounded memory and checks that the server answers every flow, once, in
// order:
//
//	c, err := netverdict.Dial("127.0.0.1:50051")
//	if err != nil {
//		return err
//	}
//	defer c.Close()
//
//	src, err := netverdict.AWSFiles("security-groups.json", "network-acls.json")
//	if err != nil {
//		return err
//	}
//	for d, err := range c.EvaluateAll(ctx, src, nil, slices.Values(flows)) {
//		if err != nil {
//			return err // a gRPC status error, or one wrapping ErrProtocol
//		}
//		fmt.Println(d.GetFlowId(), d.GetVerdict())
//	}
//
// A large configuration is best sent once and referenced by name afterwards:
//
//	snap, err := c.CreateSnapshot(ctx, src)
//	if err != nil {
//		return err
//	}
//	decisions, err := c.Evaluate(ctx, netverdict.SnapshotSource(snap.GetName()), flows, nil)
//
// Malformed input fails with codes.InvalidArgument; FieldViolations lists
// which fields were wrong.
package netverdict
