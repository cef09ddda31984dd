package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/path"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
	"github.com/netverdict/netverdict/internal/configload"
)

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// maxFlowLine bounds one JSON line of --flows (a flow with an HTTP body can
// be large, but not unbounded).
const maxFlowLine = 16 << 20

func runEval(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var configs, inline stringList
	fs.Var(&configs, "config", "configuration `FILE`: AWS CLI JSON output or netverdict JSON (repeatable; with --server, default: the server's own configuration)")
	var layers layerFlags
	layers.register(fs)
	serverAddr := fs.String("server", "", "evaluate through the netverdict server at `ADDR` (host:port) instead of in this process")
	var remote remoteFlags
	fs.StringVar(&remote.ca, "server-ca", "", "with --server: connect with TLS, trusting the CA certificates in this PEM `FILE`")
	fs.StringVar(&remote.cert, "client-cert", "", "with --server-ca: client certificate PEM `FILE` (mTLS)")
	fs.StringVar(&remote.key, "client-key", "", "with --client-cert: its private key PEM `FILE`")
	fs.StringVar(&remote.tokenFile, "token-file", "", "with --server: send the bearer token in this `FILE` (needs TLS)")
	flowsFile := fs.String("flows", "", "`FILE` of flows, one Flow JSON per line; - for standard input")
	fs.Var(&inline, "flow", "one flow as `JSON` (repeatable)")
	output := fs.String("output", "json", "output format: json (one Decision JSON per line) or table")
	ephemeral := fs.String("ephemeral-ports", "", "client port `RANGE` for return legs of flows without a source port (default 1024-65535)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if len(configs) == 0 && len(layers.plain) == 0 && *serverAddr == "" {
		return usagef("no configuration: give --config FILE (for example the output of aws ec2 describe-security-groups)")
	}
	if *flowsFile == "" && len(inline) == 0 {
		return usagef("no flows: give --flows FILE, --flows - or --flow JSON")
	}
	if *output != "json" && *output != "table" {
		return usagef("--output %q: want json or table", *output)
	}
	var opts model.Options
	if *ephemeral != "" {
		r, err := parsePortRange(*ephemeral)
		if err != nil {
			return usagef("--ephemeral-ports: %v", err)
		}
		opts.Ephemeral = r
	}

	var out decisionWriter = &jsonWriter{w: bufio.NewWriter(stdout)}
	if *output == "table" {
		out = newTableWriter(stdout)
	}
	if *serverAddr != "" {
		dialOpts, err := remote.options()
		if err != nil {
			return err
		}
		if layers.geoFile != "" {
			return usagef("--geo-file is for evaluation in this process; with --server the server's --geo-file applies")
		}
		return evalRemote(ctx, *serverAddr, dialOpts, configs, layers.plain, opts, inline, *flowsFile, stdin, out)
	}

	snap, err := loadSnapshotWith("netverdict eval", configs, &layers, stderr)
	if err != nil {
		return err
	}
	ev := evaluation{snap: snap, opts: opts, out: out}
	for i, js := range inline {
		if err := ev.one(fmt.Sprintf("--flow #%d", i+1), []byte(js)); err != nil {
			return err
		}
	}
	if *flowsFile != "" {
		if err := ev.file(*flowsFile, stdin); err != nil {
			return err
		}
	}
	return out.Flush()
}

// loadSnapshotWith reads every --config (and --config-plain) file,
// imports and compiles them; warnings go to stderr, starting with who.
func loadSnapshotWith(who string, files []string, layers *layerFlags, stderr io.Writer) (*path.Snapshot, error) {
	docs, err := readDocuments(files)
	if err != nil {
		return nil, err
	}
	plain, err := layers.documents()
	if err != nil {
		return nil, err
	}
	copts, err := layers.compileOptions()
	if err != nil {
		return nil, err
	}
	cfg, warnings, err := configload.Load(append(docs, plain...))
	if err != nil {
		return nil, usageError{err}
	}
	for _, w := range warnings {
		fmt.Fprintf(stderr, "%s: warning: %s\n", who, w)
	}
	snap, err := path.CompileWith(cfg, copts)
	if err != nil {
		return nil, usageError{err}
	}
	for _, w := range snap.Warnings() {
		fmt.Fprintf(stderr, "%s: warning: %s\n", who, w)
	}
	return snap, nil
}

// readDocuments reads configuration files, named by their paths.
func readDocuments(files []string) ([]configload.Document, error) {
	docs := make([]configload.Document, 0, len(files))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, usageError{err}
		}
		docs = append(docs, configload.Document{Name: name, Data: data})
	}
	return docs, nil
}

// evaluation judges flows one by one on a compiled snapshot, reusing one
// Decision so that a long --flows file costs no allocation in the evaluator.
type evaluation struct {
	snap *path.Snapshot
	opts model.Options
	out  decisionWriter
	d    model.Decision
	n    int
}

func (e *evaluation) file(name string, stdin io.Reader) error {
	return flowLines(name, stdin, e.one)
}

// flowLines calls fn on every flow line of the --flows file name ("-" for
// stdin) with its location ("flows.jsonl:3"), skipping blank and # lines.
func flowLines(name string, stdin io.Reader, fn func(where string, js []byte) error) error {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return usageError{err}
		}
		defer f.Close()
		r = f
	} else {
		name = "stdin"
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxFlowLine)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 || b[0] == '#' {
			continue
		}
		if err := fn(name+":"+strconv.Itoa(line), b); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return usagef("%s: line %d: %v", name, line+1, err)
	}
	return nil
}

func (e *evaluation) one(where string, js []byte) error {
	_, f, err := parseFlow(where, js, e.n)
	if err != nil {
		return err
	}
	e.n++
	if err := e.snap.Evaluate(&f, e.opts, &e.d); err != nil {
		// Rendered as the server renders it (see remoteError), so that
		// eval and eval --server print the same error.
		vs := apiconv.Violations(apiconv.FlowErrorAt(e.n-1, err))
		if len(vs) == 0 {
			return usagef("%s: %v", where, err)
		}
		lines := make([]string, len(vs))
		for i, v := range vs {
			lines[i] = violationLine(where, v.Field, v.Description)
		}
		return usageError{errors.New(strings.Join(lines, "\n"))}
	}
	return e.out.Write(apiconv.DecisionToProto(&e.d, &f), &f)
}

// parseFlow reads one Flow JSON and checks it as the server would, so that
// a bad flow gets the same message in and out of process; index is the
// flow's position, for field paths.
func parseFlow(where string, js []byte, index int) (*netverdictv1.Flow, model.Flow, error) {
	var pf netverdictv1.Flow
	if err := protojson.Unmarshal(js, &pf); err != nil {
		return nil, model.Flow{}, usagef("%s: invalid flow JSON: %v", where, err)
	}
	f, err := apiconv.FlowFromProto(&pf, index)
	if err != nil {
		return nil, model.Flow{}, usagef("%s: %v", where, err)
	}
	return &pf, f, nil
}

// decisionWriter prints decisions in one output format.
type decisionWriter interface {
	Write(d *netverdictv1.Decision, f *model.Flow) error
	Flush() error
}

// jsonWriter prints one Decision per line in the proto JSON mapping.
type jsonWriter struct {
	w   *bufio.Writer
	buf bytes.Buffer
}

func (j *jsonWriter) Write(d *netverdictv1.Decision, _ *model.Flow) error {
	b, err := protojson.Marshal(d)
	if err != nil {
		return err
	}
	// protojson varies its whitespace on purpose; compact it so the output
	// is stable line-oriented JSON.
	j.buf.Reset()
	if err := json.Compact(&j.buf, b); err != nil {
		return err
	}
	j.buf.WriteByte('\n')
	_, err = j.w.Write(j.buf.Bytes())
	return err
}

func (j *jsonWriter) Flush() error { return j.w.Flush() }

// parsePortRange reads "FROM-TO" (or a single port).
func parsePortRange(s string) (model.PortRange, error) {
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		to = from
	}
	a, err1 := strconv.ParseUint(strings.TrimSpace(from), 10, 16)
	b, err2 := strconv.ParseUint(strings.TrimSpace(to), 10, 16)
	if err1 != nil || err2 != nil || a > b || a == 0 && b == 0 {
		return model.PortRange{}, fmt.Errorf("invalid port range %q: want FROM-TO with 0 <= FROM <= TO <= 65535", s)
	}
	return model.PortRange{From: uint16(a), To: uint16(b)}, nil
}
