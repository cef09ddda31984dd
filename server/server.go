package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/recovery"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/reflection"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/path"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/codec"
	"github.com/netverdict/netverdict/internal/configload"
	"github.com/netverdict/netverdict/server/snapshots"
)

// Limits bound what one request, one stream and the whole server take on.
// A request over a limit fails with RESOURCE_EXHAUSTED naming the limit.
type Limits struct {
	// MaxFlowsPerRequest bounds the flows of one Evaluate request and of one
	// EvaluateStream message. Default 10,000.
	MaxFlowsPerRequest int
	// MaxFlowsPerStream bounds the flows of one EvaluateStream call; 0 means
	// no bound. Default 0.
	MaxFlowsPerStream int64
	// MaxStreams bounds the EvaluateStream calls served at once, over every
	// connection. Default 64.
	MaxStreams int
	// MaxInflightFlows bounds the flows of Evaluate requests being evaluated
	// at once, over every connection. Default 1,000,000.
	MaxInflightFlows int
	// MaxRecvMsgBytes and MaxSendMsgBytes bound one gRPC message. Default
	// 64 MiB each (a config of tens of thousands of rules fits).
	MaxRecvMsgBytes, MaxSendMsgBytes int
	// MaxConcurrentStreamsPerConn is the HTTP/2 limit on concurrent calls
	// per connection. Default 1,000.
	MaxConcurrentStreamsPerConn uint32
	// MaxSnapshots bounds the stored snapshots. Default 10,000.
	MaxSnapshots int
}

// DefaultLimits are the limits of a server whose Options leave them zero.
var DefaultLimits = Limits{
	MaxFlowsPerRequest:          10_000,
	MaxStreams:                  64,
	MaxInflightFlows:            1_000_000,
	MaxRecvMsgBytes:             64 << 20,
	MaxSendMsgBytes:             64 << 20,
	MaxConcurrentStreamsPerConn: 1000,
	MaxSnapshots:                10_000,
}

// withDefaults fills the fields of l that are not positive from
// DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	return Limits{
		MaxFlowsPerRequest:          positive(l.MaxFlowsPerRequest, d.MaxFlowsPerRequest),
		MaxFlowsPerStream:           positive(l.MaxFlowsPerStream, d.MaxFlowsPerStream),
		MaxStreams:                  positive(l.MaxStreams, d.MaxStreams),
		MaxInflightFlows:            positive(l.MaxInflightFlows, d.MaxInflightFlows),
		MaxRecvMsgBytes:             positive(l.MaxRecvMsgBytes, d.MaxRecvMsgBytes),
		MaxSendMsgBytes:             positive(l.MaxSendMsgBytes, d.MaxSendMsgBytes),
		MaxConcurrentStreamsPerConn: positive(l.MaxConcurrentStreamsPerConn, d.MaxConcurrentStreamsPerConn),
		MaxSnapshots:                positive(l.MaxSnapshots, d.MaxSnapshots),
	}
}

// positive returns v when it is positive, else def.
func positive[T int | int64 | uint32](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// HTTP/2 flow-control windows (see New).
const (
	streamWindow = 4 << 20
	connWindow   = 16 << 20
)

// Options configure a Server.
type Options struct {
	// Logger receives access logs and server events; nil discards them.
	Logger *slog.Logger
	// DataDir is where snapshots are persisted; "" keeps them in memory
	// only.
	DataDir string
	// CacheBytes bounds the memory of cached compiled snapshots; 0 is the
	// store's default.
	CacheBytes int64
	// Default is the configuration used by requests that give no config
	// source (the serve command's --config files, or the built-in example).
	// It is also stored as a snapshot.
	Default []configload.Document
	// Compile tunes the compilation of every configuration (the WAF geo
	// database).
	Compile path.CompileOptions
	// Limits; zero fields take DefaultLimits.
	Limits Limits
	// TLS, when set, serves TLS (and mTLS when it requires client
	// certificates); nil serves plaintext.
	TLS *tls.Config
	// Auth, when set, requires a bearer token on every call but the ones
	// it leaves open.
	Auth *Auth
	// MaxCallsPerClient bounds the calls one client (token name, else
	// certificate subject, else address) has in progress; 0: no bound.
	// Health checks are not counted.
	MaxCallsPerClient int
	// AccessLog selects the calls logged; the zero value logs all.
	AccessLog AccessLog
	// DrainDelay is how long Shutdown reports NOT_SERVING on the health
	// service while still serving, so load balancers stop sending new
	// calls before connections close.
	DrainDelay time.Duration
}

// Auth configures bearer-token authentication.
type Auth struct {
	// Tokens are the accepted tokens (see ParseTokens).
	Tokens []Token
	// OpenHealth and OpenReflection leave grpc.health.v1 and server
	// reflection callable without a token (for probes and grpcurl).
	OpenHealth, OpenReflection bool
}

// Server is a netverdict gRPC server. Create it with New, run it with
// Serve, stop it with Shutdown.
type Server struct {
	log     *slog.Logger
	limits  Limits
	store   *snapshots.Store
	metrics *Metrics
	grpc    *grpc.Server
	health  *health.Server

	defaultName string
	defaultSnap *path.Snapshot
	defaultCfg  *model.Config
	drainDelay  time.Duration

	inflight limiter
	streams  limiter

	shutdownOnce sync.Once
}

// limiter counts units in use against a maximum, without blocking:
// requests over it are refused (load shedding), not queued.
type limiter struct {
	max int64
	cur atomic.Int64
}

func (l *limiter) tryAcquire(n int64) bool {
	if l.cur.Add(n) > l.max {
		l.cur.Add(-n)
		return false
	}
	return true
}

func (l *limiter) release(n int64) { l.cur.Add(-n) }

// serviceNames are the services whose health is reported.
var serviceNames = []string{
	netverdictv1.DecisionService_ServiceDesc.ServiceName,
	netverdictv1.SnapshotService_ServiceDesc.ServiceName,
	netverdictv1.AnalysisService_ServiceDesc.ServiceName,
}

// New opens the snapshot store, compiles and stores the default
// configuration and builds the gRPC server with every service, interceptor
// and limit. It does not listen yet.
func New(opts Options) (*Server, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{log: log, limits: opts.Limits.withDefaults(), drainDelay: opts.DrainDelay}
	s.inflight.max = int64(s.limits.MaxInflightFlows)
	s.streams.max = int64(s.limits.MaxStreams)

	var store *snapshots.Store
	s.metrics = NewMetrics(func() int {
		if store == nil {
			return 0
		}
		return store.Len()
	})
	store, err := snapshots.Open(snapshots.Options{
		Dir:        opts.DataDir,
		CacheBytes: opts.CacheBytes,
		Compile:    opts.Compile,
		Hooks: snapshots.Hooks{
			Compiled:  s.metrics.compiled,
			CacheHit:  s.metrics.cacheHits.Inc,
			CacheMiss: s.metrics.cacheMisses.Inc,
		},
	})
	if err != nil {
		return nil, err
	}
	s.store = store

	if err := s.loadDefault(opts.Default); err != nil {
		store.Close()
		return nil, err
	}

	recoverOpt := recoveryOption(log)
	g := &guard{maxPerClient: int64(opts.MaxCallsPerClient)}
	if opts.Auth != nil {
		if len(opts.Auth.Tokens) == 0 {
			store.Close()
			return nil, errors.New("authentication without tokens would refuse every call")
		}
		g.tokens = opts.Auth.Tokens
		g.openHealth, g.openReflection = opts.Auth.OpenHealth, opts.Auth.OpenReflection
	}
	creds := insecure.NewCredentials()
	if opts.TLS != nil {
		creds = credentials.NewTLS(opts.TLS)
	}
	s.grpc = grpc.NewServer(
		grpc.Creds(creds),
		grpc.ForceServerCodecV2(codec.Codec{}),
		// Calls run on a pool of long-lived goroutines, whose stacks have
		// already grown to what evaluation needs, instead of a new goroutine
		// per call that grows its stack each time (visible in unary
		// profiles at 10,000 calls/s).
		grpc.NumStreamWorkers(uint32(4*runtime.GOMAXPROCS(0))),
		// Large fixed HTTP/2 windows: with the default 64 KiB start (and BDP
		// estimation, which stays small on low-latency links) a stream of
		// decision batches waits on window updates and client and server
		// take turns instead of working at once. Memory per stream stays
		// bounded by the window.
		grpc.InitialWindowSize(streamWindow),
		grpc.InitialConnWindowSize(connWindow),
		grpc.MaxRecvMsgSize(s.limits.MaxRecvMsgBytes),
		grpc.MaxSendMsgSize(s.limits.MaxSendMsgBytes),
		grpc.MaxConcurrentStreams(s.limits.MaxConcurrentStreamsPerConn),
		// Clients may ping every 10 s, even between calls; faster pingers
		// are sent GOAWAY (ENHANCE_YOUR_CALM).
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: 10 * time.Second, PermitWithoutStream: true}),
		grpc.KeepaliveParams(keepalive.ServerParameters{
			MaxConnectionIdle: 15 * time.Minute,
			// Connections are recycled every 30 minutes (GOAWAY; calls in
			// flight finish, with no grace limit), so round_robin clients
			// re-resolve DNS and spread onto replicas added since.
			MaxConnectionAge: 30 * time.Minute,
			Time:             2 * time.Minute,
			Timeout:          20 * time.Second,
		}),
		// Metrics outermost, then the access log, then authentication and
		// per-client limits, then recovery: refused calls are logged and
		// counted, and a panic is logged and counted as the INTERNAL it
		// becomes.
		grpc.ChainUnaryInterceptor(
			s.metrics.GRPC.UnaryServerInterceptor(),
			unaryAccessLog(log, opts.AccessLog),
			g.unary(),
			recovery.UnaryServerInterceptor(recoverOpt),
		),
		grpc.ChainStreamInterceptor(
			s.metrics.GRPC.StreamServerInterceptor(),
			streamAccessLog(log, opts.AccessLog),
			g.stream(),
			recovery.StreamServerInterceptor(recoverOpt),
		),
	)
	netverdictv1.RegisterDecisionServiceServer(s.grpc, &decisionService{s: s})
	netverdictv1.RegisterSnapshotServiceServer(s.grpc, &snapshotService{s: s})
	netverdictv1.RegisterAnalysisServiceServer(s.grpc, &analysisService{s: s})
	s.health = health.NewServer()
	healthpb.RegisterHealthServer(s.grpc, s.health)
	reflection.Register(s.grpc)
	s.metrics.GRPC.InitializeMetrics(s.grpc)
	s.health.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	for _, name := range serviceNames {
		s.health.SetServingStatus(name, healthpb.HealthCheckResponse_SERVING)
	}
	return s, nil
}

// loadDefault imports, compiles and stores the default configuration; the
// compiled snapshot is kept by the server, so deleting its stored copy does
// not take it away.
func (s *Server) loadDefault(docs []configload.Document) error {
	cfg, warnings, err := configload.Load(docs)
	if err != nil {
		return fmt.Errorf("default configuration: %w", err)
	}
	for _, w := range warnings {
		s.log.Warn("default configuration", slog.String("warning", w))
	}
	info, _, err := s.store.Create(cfg, warnings)
	if err != nil {
		return fmt.Errorf("default configuration: %w", err)
	}
	snap, _, err := s.store.Compiled(info.Name)
	if err != nil {
		return fmt.Errorf("default configuration: %w", err)
	}
	s.defaultName, s.defaultSnap, s.defaultCfg = info.Name, snap, cfg
	return nil
}

// DefaultSnapshot is the snapshot name of the default configuration.
func (s *Server) DefaultSnapshot() string { return s.defaultName }

// GRPCServer returns the underlying gRPC server (to register more services
// before Serve).
func (s *Server) GRPCServer() *grpc.Server { return s.grpc }

// MetricsHandler serves the Prometheus metrics.
func (s *Server) MetricsHandler() http.Handler {
	return promhttp.HandlerFor(s.metrics.Registry, promhttp.HandlerOpts{Registry: s.metrics.Registry})
}

// Metrics returns the server's collectors.
func (s *Server) Metrics() *Metrics { return s.metrics }

// Serve accepts gRPC connections on lis until Shutdown. It returns nil
// after a Shutdown.
func (s *Server) Serve(lis net.Listener) error {
	err := s.grpc.Serve(lis)
	if errors.Is(err, grpc.ErrServerStopped) {
		return nil
	}
	return err
}

// Shutdown stops the server gracefully: the health service reports
// NOT_SERVING at once, the server keeps serving for the drain delay, then
// stops accepting calls and waits for the calls in flight until ctx is
// done, when it cuts the rest. The snapshot store is closed last.
func (s *Server) Shutdown(ctx context.Context) error {
	var err error
	s.shutdownOnce.Do(func() {
		s.health.Shutdown()
		s.log.Info("draining", slog.String("drain_delay", s.drainDelay.String()))
		if s.drainDelay > 0 {
			t := time.NewTimer(s.drainDelay)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
			}
		}
		done := make(chan struct{})
		go func() {
			s.grpc.GracefulStop()
			close(done)
		}()
		select {
		case <-done:
		case <-ctx.Done():
			s.log.Warn("shutdown timeout: cancelling the calls still running")
			s.grpc.Stop()
			<-done
		}
		err = s.store.Close()
	})
	return err
}
