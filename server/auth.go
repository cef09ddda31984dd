package server

import (
	"bufio"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"

	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// Scope is what a token may do.
type Scope uint8

// Token scopes.
const (
	// ScopeAll allows every call.
	ScopeAll Scope = iota
	// ScopeEvaluate allows evaluations and reading snapshots, not creating
	// or deleting them.
	ScopeEvaluate
)

// Token is one accepted bearer token, stored hashed: the server never
// holds a token in clear.
type Token struct {
	// Name identifies the client in logs, metrics and per-client limits.
	Name string
	// Hash is the SHA-256 of the token.
	Hash [sha256.Size]byte
	// Scope is what the token may do.
	Scope Scope
}

// HashToken returns the --auth-tokens form of a token's hash:
// "sha256:<lower-case hex>".
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return "sha256:" + hex.EncodeToString(h[:])
}

// ParseTokens reads an --auth-tokens file: one token per line as
// "<name> sha256:<64 hex digits> [all|evaluate]"; blank lines and lines
// starting with # are skipped. Errors name the file and the line.
func ParseTokens(r io.Reader, file string) ([]Token, error) {
	var out []Token
	names := map[string]bool{}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Fields(text)
		if len(f) < 2 || len(f) > 3 {
			return nil, fmt.Errorf("%s:%d: want \"<name> sha256:<hex> [all|evaluate]\", got %d fields", file, line, len(f))
		}
		hexHash, ok := strings.CutPrefix(f[1], "sha256:")
		if !ok {
			return nil, fmt.Errorf("%s:%d: hash %q: want sha256:<64 hex digits> (netverdict hash-token makes it)", file, line, f[1])
		}
		b, err := hex.DecodeString(hexHash)
		if err != nil || len(b) != sha256.Size {
			return nil, fmt.Errorf("%s:%d: hash %q: want 64 hex digits", file, line, f[1])
		}
		t := Token{Name: f[0]}
		copy(t.Hash[:], b)
		if len(f) == 3 {
			switch f[2] {
			case "all":
			case "evaluate":
				t.Scope = ScopeEvaluate
			default:
				return nil, fmt.Errorf("%s:%d: scope %q: want all or evaluate", file, line, f[2])
			}
		}
		if names[t.Name] {
			return nil, fmt.Errorf("%s:%d: client name %q is used twice", file, line, t.Name)
		}
		names[t.Name] = true
		out = append(out, t)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no tokens: every call would be refused", file)
	}
	return out, nil
}

// writeMethods are the calls ScopeEvaluate tokens may not make.
var writeMethods = map[string]bool{
	"/" + netverdictv1.SnapshotService_ServiceDesc.ServiceName + "/CreateSnapshot": true,
	"/" + netverdictv1.SnapshotService_ServiceDesc.ServiceName + "/DeleteSnapshot": true,
}

// guard authenticates calls and bounds each client's concurrent calls.
type guard struct {
	tokens         []Token // nil: no authentication
	openHealth     bool
	openReflection bool
	maxPerClient   int64 // 0: no bound

	mu      sync.Mutex
	clients map[string]*atomic.Int64
}

// open reports whether method needs no token.
func (g *guard) open(method string) bool {
	switch {
	case strings.HasPrefix(method, "/grpc.health.v1.Health/"):
		return g.openHealth
	case strings.HasPrefix(method, "/grpc.reflection."):
		return g.openReflection
	}
	return false
}

// check authenticates the call of ctx to method, tells the access log the
// client's name and returns a release function for its call slot.
func (g *guard) check(ctx context.Context, method string) (func(), error) {
	name := ""
	if g.tokens != nil && !g.open(method) {
		t, err := g.authenticate(ctx)
		if err != nil {
			return nil, err
		}
		if t.Scope == ScopeEvaluate && writeMethods[method] {
			return nil, status.Errorf(codes.PermissionDenied, "client %q has an evaluate-only token: it may not call %s", t.Name, method)
		}
		name = t.Name
	}
	if name == "" {
		name = peerName(ctx)
	}
	if ci, ok := ctx.Value(callInfoKey{}).(*callInfo); ok {
		ci.client = name
	}
	if g.maxPerClient <= 0 || strings.HasPrefix(method, "/grpc.health.v1.Health/") {
		return func() {}, nil
	}
	n := g.counter(name)
	if n.Add(1) > g.maxPerClient {
		n.Add(-1)
		return nil, resourceExhausted("client."+name+".calls", fmt.Sprintf(
			"client %q has its limit of %d calls in progress; retry when one ends", name, g.maxPerClient))
	}
	return func() { n.Add(-1) }, nil
}

// authenticate finds the token of the call's "authorization: Bearer"
// header. Every stored hash is compared, in constant time, whatever
// matches, so the time taken tells nothing about the tokens.
func (g *guard) authenticate(ctx context.Context) (*Token, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	vals := md.Get("authorization")
	if len(vals) == 0 {
		return nil, status.Error(codes.Unauthenticated, `missing credentials: send "authorization: Bearer <token>"`)
	}
	raw, ok := cutPrefixFold(vals[0], "bearer ")
	if !ok || raw == "" {
		return nil, status.Error(codes.Unauthenticated, `malformed authorization header: want "Bearer <token>"`)
	}
	h := sha256.Sum256([]byte(strings.TrimSpace(raw)))
	found := -1
	for i := range g.tokens {
		if subtle.ConstantTimeCompare(h[:], g.tokens[i].Hash[:]) == 1 {
			found = i
		}
	}
	if found < 0 {
		return nil, status.Error(codes.Unauthenticated, "invalid token")
	}
	return &g.tokens[found], nil
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

// peerName identifies an unauthenticated client: the subject of its
// verified TLS certificate, else its IP address.
func peerName(ctx context.Context) string {
	p, ok := peer.FromContext(ctx)
	if !ok {
		return "unknown"
	}
	if ti, ok := p.AuthInfo.(credentials.TLSInfo); ok && len(ti.State.VerifiedChains) > 0 && len(ti.State.VerifiedChains[0]) > 0 {
		return "cert:" + ti.State.VerifiedChains[0][0].Subject.CommonName
	}
	if p.Addr == nil {
		return "unknown"
	}
	host := p.Addr.String()
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return host
}

// maxClientCounters bounds the per-client counters kept; past it, idle
// clients' counters are dropped (clients identified by address come and go).
const maxClientCounters = 4096

// counter returns the in-progress call counter of a client.
func (g *guard) counter(name string) *atomic.Int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.clients == nil {
		g.clients = make(map[string]*atomic.Int64)
	}
	if len(g.clients) >= maxClientCounters {
		for k, c := range g.clients {
			if c.Load() == 0 {
				delete(g.clients, k)
			}
		}
	}
	n, ok := g.clients[name]
	if !ok {
		n = new(atomic.Int64)
		g.clients[name] = n
	}
	return n
}

func (g *guard) unary() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		release, err := g.check(ctx, info.FullMethod)
		if err != nil {
			return nil, err
		}
		defer release()
		return handler(ctx, req)
	}
}

func (g *guard) stream() grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		release, err := g.check(ss.Context(), info.FullMethod)
		if err != nil {
			return err
		}
		defer release()
		return handler(srv, ss)
	}
}
