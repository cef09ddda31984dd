package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/netverdict/netverdict/examples"
	"github.com/netverdict/netverdict/internal/configload"
	"github.com/netverdict/netverdict/server"
)

// runServe is `netverdict serve`: the gRPC server, until ctx is done (a
// SIGINT or SIGTERM), then a graceful shutdown.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var configs stringList
	fs.Var(&configs, "config", "default configuration `FILE` for requests that name none: AWS CLI JSON output or netverdict JSON (repeatable; default: the built-in example network)")
	var layers layerFlags
	layers.register(fs)
	listen := fs.String("listen", "127.0.0.1:50051", "gRPC listen `ADDR`")
	metricsListen := fs.String("metrics-listen", "127.0.0.1:9090", "Prometheus metrics listen `ADDR` (/metrics); empty disables")
	dataDir := fs.String("data-dir", "", "`DIR` where snapshots persist across restarts (default: memory only)")
	cacheBytes := fs.Int64("cache-bytes", 0, "memory bound, in `BYTES`, of cached compiled snapshots (default 512 MiB)")
	lim := server.DefaultLimits
	fs.IntVar(&lim.MaxFlowsPerRequest, "max-flows-per-request", lim.MaxFlowsPerRequest, "most flows in one Evaluate request or stream message")
	fs.Int64Var(&lim.MaxFlowsPerStream, "max-flows-per-stream", lim.MaxFlowsPerStream, "most flows in one EvaluateStream call (0: no limit)")
	fs.IntVar(&lim.MaxStreams, "max-streams", lim.MaxStreams, "most EvaluateStream calls served at once")
	fs.IntVar(&lim.MaxInflightFlows, "max-inflight-flows", lim.MaxInflightFlows, "most flows of Evaluate requests evaluated at once")
	fs.IntVar(&lim.MaxRecvMsgBytes, "max-recv-bytes", lim.MaxRecvMsgBytes, "largest gRPC message received")
	fs.IntVar(&lim.MaxSnapshots, "max-snapshots", lim.MaxSnapshots, "most snapshots stored")
	shutdownTimeout := fs.Duration("shutdown-timeout", 30*time.Second, "how long a shutdown waits for calls in flight")
	drainDelay := fs.Duration("drain-delay", 0, "how long a shutdown reports NOT_SERVING before it stops accepting calls")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn or error (access logs are info)")
	tlsCert := fs.String("tls-cert", "", "serve TLS with this PEM certificate `FILE` (with --tls-key)")
	tlsKey := fs.String("tls-key", "", "PEM private key `FILE` of --tls-cert")
	clientCA := fs.String("client-ca", "", "require client certificates signed by the CAs in this PEM `FILE` (mTLS; needs --tls-cert)")
	authTokens := fs.String("auth-tokens", "", "require \"authorization: Bearer <token>\" on every call; `FILE` lines: \"<name> sha256:<hex> [all|evaluate]\" (netverdict hash-token makes them)")
	openHealth := fs.Bool("open-health", true, "with --auth-tokens, leave grpc.health.v1 callable without a token (for probes)")
	openReflection := fs.Bool("open-reflection", false, "with --auth-tokens, leave server reflection callable without a token")
	maxPerClient := fs.Int("max-calls-per-client", 0, "most calls one client (token name, certificate subject or address) has in progress (0: no limit)")
	accessLogMode := fs.String("access-log", "all", "which calls get a JSON access log line on stderr: all, errors (calls not OK) or off")
	pprofOn := fs.Bool("pprof", false, "also serve Go's /debug/pprof/ profiles on --metrics-listen (keep that address private)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return usagef("--log-level %q: want debug, info, warn or error", *logLevel)
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))
	accessLog, err := server.ParseAccessLog(*accessLogMode)
	if err != nil {
		return usagef("--access-log: %v", err)
	}
	if os.Getenv("GOGC") == "" {
		// The live heap is mostly compiled snapshots, while evaluation
		// allocates short-lived answers fast: collecting at 5x the live heap
		// rather than 2x cuts GC work (+25-50% stream throughput measured,
		// server/bench_test.go). GOGC in the environment overrides this.
		debug.SetGCPercent(serveGCPercent)
	}

	docs, what, err := defaultDocuments(configs, &layers)
	if err != nil {
		return err
	}
	copts, err := layers.compileOptions()
	if err != nil {
		return err
	}
	tlsConfig, err := serverTLS(*tlsCert, *tlsKey, *clientCA)
	if err != nil {
		return err
	}
	var auth *server.Auth
	if *authTokens != "" {
		f, err := os.Open(*authTokens)
		if err != nil {
			return usagef("--auth-tokens: %v", err)
		}
		tokens, err := server.ParseTokens(f, *authTokens)
		f.Close()
		if err != nil {
			return usagef("--auth-tokens: %v", err)
		}
		auth = &server.Auth{Tokens: tokens, OpenHealth: *openHealth, OpenReflection: *openReflection}
	}
	srv, err := server.New(server.Options{
		Logger:     log,
		DataDir:    *dataDir,
		CacheBytes: *cacheBytes,
		Default:    docs,
		Compile:    copts,
		Limits:     lim,
		TLS:        tlsConfig,
		Auth:       auth,

		MaxCallsPerClient: *maxPerClient,
		AccessLog:         accessLog,
		DrainDelay:        *drainDelay,
	})
	if err != nil {
		return usageError{err}
	}
	lis, err := net.Listen("tcp", *listen)
	if err != nil {
		srv.Shutdown(context.Background())
		return usagef("--listen: %v", err)
	}
	var metricsSrv *http.Server
	if *metricsListen != "" {
		mlis, err := net.Listen("tcp", *metricsListen)
		if err != nil {
			lis.Close()
			srv.Shutdown(context.Background())
			return usagef("--metrics-listen: %v", err)
		}
		mux := http.NewServeMux()
		mux.Handle("/metrics", srv.MetricsHandler())
		if *pprofOn {
			mux.HandleFunc("/debug/pprof/", pprof.Index)
			mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
			mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
			mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
			mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
		}
		metricsSrv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go metricsSrv.Serve(mlis)
		*metricsListen = mlis.Addr().String()
	}
	addr := lis.Addr().String()
	log.Info("serving", slog.String("listen", addr), slog.String("metrics", *metricsListen),
		slog.String("default_snapshot", srv.DefaultSnapshot()), slog.String("data_dir", *dataDir))
	printBanner(stdout, addr, *metricsListen, what, srv.DefaultSnapshot(), tlsConfig != nil, auth != nil)

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(lis) }()
	select {
	case err := <-serveErr:
		srv.Shutdown(context.Background())
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", slog.String("timeout", shutdownTimeout.String()))
	sctx, cancel := context.WithTimeout(context.Background(), *shutdownTimeout+*drainDelay)
	defer cancel()
	err = srv.Shutdown(sctx)
	if metricsSrv != nil {
		metricsSrv.Shutdown(sctx)
	}
	if serr := <-serveErr; err == nil {
		err = serr
	}
	log.Info("stopped")
	return err
}

// serverTLS builds the TLS configuration of the serve flags; nil without
// --tls-cert.
func serverTLS(certFile, keyFile, caFile string) (*tls.Config, error) {
	switch {
	case certFile == "" && keyFile == "" && caFile == "":
		return nil, nil
	case certFile == "" || keyFile == "":
		return nil, usagef("--tls-cert and --tls-key go together")
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, usagef("--tls-cert/--tls-key: %v", err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, usagef("--client-ca: %v", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, usagef("--client-ca %s: no PEM certificate in it", caFile)
		}
		cfg.ClientCAs = pool
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
	}
	return cfg, nil
}

// serveGCPercent is serve's GOGC unless the environment sets one.
const serveGCPercent = 400

// defaultDocuments reads the --config files, or returns the built-in
// example network; what describes the choice for the banner.
func defaultDocuments(files []string, layers *layerFlags) ([]configload.Document, string, error) {
	if len(files) == 0 && len(layers.plain) == 0 {
		var docs []configload.Document
		for _, d := range examples.Network() {
			docs = append(docs, configload.Document{Name: "examples/" + d.Name, Data: d.Data})
		}
		return docs, "the built-in example network (examples/network)", nil
	}
	docs, err := readDocuments(files)
	if err != nil {
		return nil, "", err
	}
	plain, err := layers.documents()
	if err != nil {
		return nil, "", err
	}
	return append(docs, plain...), strings.Join(append(append([]string(nil), files...), layers.plain...), ", "), nil
}

// printBanner tells a first-time user how to query the server; every
// command in it works as printed from the repository root.
func printBanner(w io.Writer, addr, metrics, what, snapshot string, tlsOn, authOn bool) {
	fmt.Fprintf(w, `netverdict serving gRPC on %[1]s
default configuration: %[2]s
  stored as snapshot %[3]s
`, addr, what, snapshot)
	if metrics != "" {
		fmt.Fprintf(w, "metrics: http://%s/metrics\n", metrics)
	}
	if tlsOn || authOn {
		// The plaintext examples below do not apply; say what does.
		fmt.Fprintf(w, "TLS: %v, bearer tokens required: %v\n", tlsOn, authOn)
		fmt.Fprintf(w, "  grpcurl -cacert CA.pem -H 'authorization: Bearer TOKEN' %s list\n", addr)
		return
	}
	fmt.Fprintf(w, `
Try it (from the repository root, in another terminal; grpcurl and
grpc-health-probe are installed by make setup into $(go env GOPATH)/bin):

  bin/netverdict eval --server %[1]s --flows examples/flows.jsonl --output table
  grpcurl -plaintext %[1]s list
  grpcurl -plaintext -d '{"flows":[{"id":"web-to-app","source":{"ip":"10.0.1.20"},"destination":{"ip":"10.0.2.30"},"protocol":"tcp","destinationPort":8080}]}' %[1]s netverdict.v1.DecisionService/Evaluate
  grpcurl -plaintext -d '{"name":"%[2]s"}' %[1]s netverdict.v1.SnapshotService/GetSnapshot
  grpc-health-probe -addr %[1]s
`, addr, snapshot)
	if metrics != "" {
		fmt.Fprintf(w, "  curl -s http://%s/metrics | grep ^netverdict_\n", metrics)
	}
	fmt.Fprintln(w, "\nStop with Ctrl-C (graceful: calls in flight finish).")
}
