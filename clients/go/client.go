package netverdict

import (
	"errors"
	"fmt"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/keepalive"

	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/codec"
)

const (
	// DefaultBatchSize is how many flows EvaluateAll puts in one stream
	// message unless WithBatchSize says otherwise.
	DefaultBatchSize = 1000
	// DefaultMaxMsgSize is the default limit, in bytes, on the size of one
	// message received or sent (64 MiB).
	DefaultMaxMsgSize = 64 << 20
)

// DefaultServiceConfig is the gRPC service config Dial installs by default:
// round-robin load balancing over every address the target resolves to,
// and up to 3 attempts, with exponential backoff, of the idempotent unary
// methods (DecisionService.Evaluate, SnapshotService.GetSnapshot and
// SnapshotService.ListSnapshots) when they fail with UNAVAILABLE. A service
// config published by the name resolver takes precedence; pass
// grpc.WithDefaultServiceConfig through WithDialOptions to replace it.
const DefaultServiceConfig = `{
  "loadBalancingConfig": [{"round_robin": {}}],
  "methodConfig": [{
    "name": [
      {"service": "netverdict.v1.DecisionService", "method": "Evaluate"},
      {"service": "netverdict.v1.SnapshotService", "method": "GetSnapshot"},
      {"service": "netverdict.v1.SnapshotService", "method": "ListSnapshots"}
    ],
    "retryPolicy": {
      "maxAttempts": 3,
      "initialBackoff": "0.1s",
      "maxBackoff": "1s",
      "backoffMultiplier": 2,
      "retryableStatusCodes": ["UNAVAILABLE"]
    }
  }]
}`

// defaultKeepalive is the keepalive policy Dial uses by default: ping an
// idle connection every 30 s while a call is open, and drop it when a ping
// is not answered within 10 s. The server allows pings every 10 s or more.
var defaultKeepalive = keepalive.ClientParameters{
	Time:                30 * time.Second,
	Timeout:             10 * time.Second,
	PermitWithoutStream: false,
}

// settings collects what the Options set.
type settings struct {
	err         error // from an option, returned by Dial
	creds       credentials.TransportCredentials
	keepalive   keepalive.ClientParameters
	maxRecv     int
	maxSend     int
	batchSize   int
	dialOptions []grpc.DialOption
}

// Option configures Dial.
type Option func(*settings)

// WithTransportCredentials sets the transport credentials, for example
// credentials.NewTLS(cfg). The default is insecure (plaintext) transport.
func WithTransportCredentials(creds credentials.TransportCredentials) Option {
	return func(s *settings) { s.creds = creds }
}

// WithKeepalive replaces the default keepalive policy: ping every 30 s
// (Time) while a call is open (PermitWithoutStream false), and close the
// connection when a ping is unanswered for 10 s (Timeout). The server
// rejects pings more frequent than every 10 s.
func WithKeepalive(p keepalive.ClientParameters) Option {
	return func(s *settings) { s.keepalive = p }
}

// WithMaxRecvMsgSize sets the largest message, in bytes, the client
// accepts (default DefaultMaxMsgSize).
func WithMaxRecvMsgSize(n int) Option {
	return func(s *settings) { s.maxRecv = n }
}

// WithMaxSendMsgSize sets the largest message, in bytes, the client sends
// (default DefaultMaxMsgSize).
func WithMaxSendMsgSize(n int) Option {
	return func(s *settings) { s.maxSend = n }
}

// WithBatchSize sets how many flows EvaluateAll puts in one stream message
// (default DefaultBatchSize). It must be positive.
func WithBatchSize(n int) Option {
	return func(s *settings) { s.batchSize = n }
}

// WithDialOptions appends gRPC dial options after the ones Dial derives
// from its defaults and the other Options, so they take precedence (for
// example grpc.WithDefaultServiceConfig, or interceptors).
func WithDialOptions(opts ...grpc.DialOption) Option {
	return func(s *settings) { s.dialOptions = append(s.dialOptions, opts...) }
}

// Client is a connection to a netverdict server. It is safe for concurrent
// use. Close it when done.
type Client struct {
	conn      *grpc.ClientConn
	decisions netverdictv1.DecisionServiceClient
	snapshots netverdictv1.SnapshotServiceClient
	batchSize int
}

// Dial creates a Client for target, a gRPC target such as
// "127.0.0.1:50051" or "dns:///netverdict.internal:50051" (names resolve
// through DNS by default). Like grpc.NewClient, which it uses, it does not
// connect: the connection is made by the first call and re-made as needed.
func Dial(target string, opts ...Option) (*Client, error) {
	s := settings{
		creds:     insecure.NewCredentials(),
		keepalive: defaultKeepalive,
		maxRecv:   DefaultMaxMsgSize,
		maxSend:   DefaultMaxMsgSize,
		batchSize: DefaultBatchSize,
	}
	for _, o := range opts {
		o(&s)
	}
	if s.batchSize <= 0 {
		return nil, fmt.Errorf("netverdict: batch size %d is not positive", s.batchSize)
	}
	if s.maxRecv <= 0 || s.maxSend <= 0 {
		return nil, errors.New("netverdict: message size limits must be positive")
	}
	if s.err != nil {
		return nil, s.err
	}
	if s.creds == nil {
		return nil, errors.New("netverdict: nil transport credentials")
	}
	dopts := []grpc.DialOption{
		grpc.WithTransportCredentials(s.creds),
		grpc.WithKeepaliveParams(s.keepalive),
		// Large fixed HTTP/2 windows, so that a stream's sending and
		// receiving overlap instead of waiting on window updates (the
		// default 64 KiB start and BDP estimation stay small on fast links).
		grpc.WithInitialWindowSize(4 << 20),
		grpc.WithInitialConnWindowSize(16 << 20),
		grpc.WithDefaultCallOptions(
			grpc.ForceCodecV2(codec.Codec{}),
			grpc.MaxCallRecvMsgSize(s.maxRecv),
			grpc.MaxCallSendMsgSize(s.maxSend),
		),
		grpc.WithDefaultServiceConfig(DefaultServiceConfig),
	}
	dopts = append(dopts, s.dialOptions...)
	conn, err := grpc.NewClient(target, dopts...)
	if err != nil {
		return nil, fmt.Errorf("netverdict: %w", err)
	}
	return &Client{
		conn:      conn,
		decisions: netverdictv1.NewDecisionServiceClient(conn),
		snapshots: netverdictv1.NewSnapshotServiceClient(conn),
		batchSize: s.batchSize,
	}, nil
}

// Conn returns the underlying gRPC connection, for other services or for
// watching its state.
func (c *Client) Conn() *grpc.ClientConn { return c.conn }

// Decisions returns the generated DecisionService stub on the connection.
func (c *Client) Decisions() netverdictv1.DecisionServiceClient { return c.decisions }

// Snapshots returns the generated SnapshotService stub on the connection.
// ListSnapshots pages through all snapshots.
func (c *Client) Snapshots() netverdictv1.SnapshotServiceClient { return c.snapshots }

// Close closes the connection; calls in progress fail with Canceled.
func (c *Client) Close() error { return c.conn.Close() }
