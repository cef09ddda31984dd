package netverdict

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

// WithBearerToken sends "authorization: Bearer <token>" on every call, for
// a server started with --auth-tokens. gRPC refuses to send it over a
// plaintext connection: combine it with WithTLS or
// WithTransportCredentials.
func WithBearerToken(token string) Option {
	return WithDialOptions(grpc.WithPerRPCCredentials(bearer(token)))
}

type bearer string

func (b bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(b)}, nil
}

// RequireTransportSecurity keeps the token off plaintext connections.
func (bearer) RequireTransportSecurity() bool { return true }

// TLSFiles names the PEM files of a TLS connection to the server.
type TLSFiles struct {
	// CA is the CA bundle that signed the server's certificate; empty uses
	// the system's roots.
	CA string
	// Cert and Key are the client's certificate and key, for a server
	// that requires them (--client-ca); empty for none.
	Cert, Key string
	// ServerName overrides the name checked in the server's certificate.
	ServerName string
}

// WithTLS connects with TLS (and mTLS when f gives a client certificate).
// Files are read when the option is applied; errors surface from Dial.
func WithTLS(f TLSFiles) Option {
	cfg, err := f.config()
	return func(s *settings) {
		if err != nil {
			s.err = err
			return
		}
		s.creds = credentials.NewTLS(cfg)
	}
}

func (f TLSFiles) config() (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: f.ServerName}
	if f.CA != "" {
		pem, err := os.ReadFile(f.CA)
		if err != nil {
			return nil, fmt.Errorf("netverdict: TLS CA: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("netverdict: TLS CA %s: no PEM certificate in it", f.CA)
		}
		cfg.RootCAs = pool
	}
	switch {
	case f.Cert != "" && f.Key != "":
		cert, err := tls.LoadX509KeyPair(f.Cert, f.Key)
		if err != nil {
			return nil, fmt.Errorf("netverdict: TLS client certificate: %w", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	case f.Cert != "" || f.Key != "":
		return nil, errors.New("netverdict: TLS client certificate and key go together")
	}
	return cfg, nil
}
