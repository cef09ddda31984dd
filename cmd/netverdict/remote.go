package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	netverdict "github.com/netverdict/netverdict/clients/go"
	"github.com/netverdict/netverdict/evaluator/model"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
)

// evalRemote is `eval --server`: the same flows, read and checked the same
// way, judged by a running server through one EvaluateStream, printed by
// the same writer. Without --config the server's default configuration is
// used; --config files are sent as AWS documents (the server reads
// netverdict JSON among them too).
func evalRemote(ctx context.Context, addr string, dialOpts []netverdict.Option, configs, plain []string, opts model.Options, inline []string, flowsFile string, stdin io.Reader, out decisionWriter) error {
	var src *netverdictv1.ConfigSource
	if len(configs)+len(plain) > 0 {
		var err error
		if src, err = netverdict.AWSFiles(append(append([]string(nil), configs...), plain...)...); err != nil {
			return usageError{err}
		}
		// The --config-plain files are the last ones: their SearchStrings
		// are plain text.
		docs := src.GetAwsDocuments().GetDocuments()
		for _, d := range docs[len(configs):] {
			d.SearchStringEncoding = netverdictv1.SearchStringEncoding_SEARCH_STRING_ENCODING_PLAIN
		}
	}
	c, err := netverdict.Dial(addr, dialOpts...)
	if err != nil {
		return usagef("--server %q: %v", addr, err)
	}
	defer c.Close()

	// where[i] locates flow i in the input, to point server errors back at
	// the line. The flows are read in the client's sender goroutine, hence
	// the lock.
	var (
		mu      sync.Mutex
		where   []string
		readErr error
	)
	setErr := func(err error) { mu.Lock(); readErr = err; mu.Unlock() }
	flows := func(yield func(*netverdictv1.Flow) bool) {
		n := 0
		emit := func(w string, js []byte) error {
			pf, _, err := parseFlow(w, js, n)
			if err != nil {
				return err
			}
			n++
			mu.Lock()
			where = append(where, w)
			mu.Unlock()
			if !yield(pf) {
				return errStop
			}
			return nil
		}
		for i, js := range inline {
			if err := emit(fmt.Sprintf("--flow #%d", i+1), []byte(js)); err != nil {
				if !errors.Is(err, errStop) {
					setErr(err)
				}
				return
			}
		}
		if flowsFile != "" {
			if err := flowLines(flowsFile, stdin, emit); err != nil && !errors.Is(err, errStop) {
				setErr(err)
			}
		}
	}
	for d, err := range c.EvaluateAll(ctx, src, apiconv.OptionsToProto(opts), flows) {
		if err != nil {
			// Copy the locations and let go of the lock before returning:
			// leaving the range loop waits for the client's sender, which
			// may be about to take the lock for its next flow.
			mu.Lock()
			w := slices.Clone(where)
			mu.Unlock()
			if ferr := out.Flush(); ferr != nil {
				return ferr
			}
			return remoteError(addr, err, w)
		}
		if err := out.Write(d, nil); err != nil {
			return err
		}
	}
	if err := out.Flush(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	return readErr
}

var errStop = errors.New("stop")

// remoteFlags are eval's flags for a TLS or authenticated server.
type remoteFlags struct {
	ca, cert, key, tokenFile string
}

// options turns the flags into client options.
func (r remoteFlags) options() ([]netverdict.Option, error) {
	var out []netverdict.Option
	if r.ca != "" {
		out = append(out, netverdict.WithTLS(netverdict.TLSFiles{CA: r.ca, Cert: r.cert, Key: r.key}))
	} else if r.cert != "" || r.key != "" {
		return nil, usagef("--client-cert and --client-key need --server-ca")
	}
	if r.tokenFile != "" {
		if r.ca == "" {
			return nil, usagef("--token-file needs --server-ca: a token is never sent over plaintext")
		}
		b, err := os.ReadFile(r.tokenFile)
		if err != nil {
			return nil, usageError{err}
		}
		token := strings.TrimSpace(string(b))
		if token == "" {
			return nil, usagef("--token-file %s is empty", r.tokenFile)
		}
		out = append(out, netverdict.WithBearerToken(token))
	}
	return out, nil
}

var flowIndex = regexp.MustCompile(`^flows\[(\d+)\]\.?`)

// violationLine renders a field violation of a flow at its input location:
// "flows.jsonl:3: source.ip: is not an address of eni-… (got "10.9.9.9")".
func violationLine(where, field, desc string) string {
	return fmt.Sprintf("%s: %s: %s", where, flowIndex.ReplaceAllString(field, ""), desc)
}

// remoteError turns a server error into the CLI's: bad input (exit 2) with
// each field violation pointed at its input line, or a failure (exit 1).
func remoteError(addr string, err error, where []string) error {
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	vs := netverdict.FieldViolations(err)
	if st.Code() != codes.InvalidArgument || len(vs) == 0 {
		switch st.Code() {
		case codes.InvalidArgument, codes.NotFound, codes.ResourceExhausted, codes.Unauthenticated, codes.PermissionDenied:
			return usagef("server %s: %s: %s", addr, st.Code(), st.Message())
		}
		return fmt.Errorf("server %s: %s: %s", addr, st.Code(), st.Message())
	}
	lines := make([]string, 0, len(vs))
	for _, v := range vs {
		field := v.GetField()
		if m := flowIndex.FindStringSubmatch(field); m != nil {
			if i, err := strconv.Atoi(m[1]); err == nil && i < len(where) {
				lines = append(lines, violationLine(where[i], field, v.GetDescription()))
				continue
			}
		}
		lines = append(lines, fmt.Sprintf("%s: %s", field, v.GetDescription()))
	}
	return usageError{errors.New(strings.Join(lines, "\n"))}
}
