// Package server is netverdict's gRPC service: DecisionService (Evaluate,
// EvaluateStream) and SnapshotService on top of the evaluator, with the
// ecosystem a gRPC user expects: grpc.health.v1, server reflection,
// Prometheus metrics, structured access logs, panic recovery, message size
// and request limits, keepalive enforcement and graceful shutdown.
//
// The evaluator knows nothing of gRPC; this package is the edge where
// evaluator and import errors become gRPC statuses (INVALID_ARGUMENT with
// google.rpc.BadRequest field violations, NOT_FOUND, RESOURCE_EXHAUSTED).
package server
