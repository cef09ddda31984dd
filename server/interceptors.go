package server

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/recovery"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
)

// callInfo is what a handler tells the access log about its call.
type callInfo struct {
	flows  atomic.Int64
	client string // set by the guard: token name, certificate subject or address
}

type callInfoKey struct{}

// addFlows records n more flows evaluated by the call of ctx.
func addFlows(ctx context.Context, n int) {
	if ci, ok := ctx.Value(callInfoKey{}).(*callInfo); ok {
		ci.flows.Add(int64(n))
	}
}

// AccessLog selects which calls get an access log line.
type AccessLog uint8

// Access log modes.
const (
	// AccessLogAll logs every call (at info level; errors at error level).
	AccessLogAll AccessLog = iota
	// AccessLogErrors logs only the calls that did not end OK.
	AccessLogErrors
	// AccessLogOff logs no calls.
	AccessLogOff
)

// ParseAccessLog reads "all", "errors" or "off".
func ParseAccessLog(s string) (AccessLog, error) {
	switch s {
	case "all":
		return AccessLogAll, nil
	case "errors":
		return AccessLogErrors, nil
	case "off":
		return AccessLogOff, nil
	}
	return 0, fmt.Errorf("access log mode %q: want all, errors or off", s)
}

// accessLog writes one structured line per call: method, code, duration,
// flows evaluated, peer, and the error message for a failed call.
func accessLog(log *slog.Logger, mode AccessLog, ctx context.Context, method string, start time.Time, ci *callInfo, err error) {
	code := status.Code(err)
	if mode == AccessLogOff || (mode == AccessLogErrors && code == codes.OK) {
		return
	}
	level := slog.LevelInfo
	switch code {
	case codes.Internal, codes.Unknown, codes.DataLoss:
		level = slog.LevelError
	}
	if !log.Enabled(ctx, level) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", method),
		slog.String("code", code.String()),
		slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
		slog.Int64("flows", ci.flows.Load()),
	}
	if ci.client != "" {
		attrs = append(attrs, slog.String("client", ci.client))
	}
	if p, ok := peer.FromContext(ctx); ok && p.Addr != nil {
		attrs = append(attrs, slog.String("peer", p.Addr.String()))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", truncate(status.Convert(err).Message(), 512)))
	}
	log.LogAttrs(ctx, level, "rpc", attrs...)
}

func unaryAccessLog(log *slog.Logger, mode AccessLog) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		start := time.Now()
		ci := &callInfo{}
		resp, err := handler(context.WithValue(ctx, callInfoKey{}, ci), req)
		accessLog(log, mode, ctx, info.FullMethod, start, ci, err)
		return resp, err
	}
}

// wrappedStream replaces a server stream's context.
type wrappedStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (w *wrappedStream) Context() context.Context { return w.ctx }

func streamAccessLog(log *slog.Logger, mode AccessLog) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		start := time.Now()
		ci := &callInfo{}
		ctx := context.WithValue(ss.Context(), callInfoKey{}, ci)
		err := handler(srv, &wrappedStream{ServerStream: ss, ctx: ctx})
		accessLog(log, mode, ss.Context(), info.FullMethod, start, ci, err)
		return err
	}
}

// recoveryOption turns a panic in a handler into INTERNAL with a fixed
// message: the panic value and stack go to the log, never to the client.
func recoveryOption(log *slog.Logger) recovery.Option {
	return recovery.WithRecoveryHandlerContext(func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in handler", slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
		return status.Error(codes.Internal, "internal error (logged on the server)")
	})
}
