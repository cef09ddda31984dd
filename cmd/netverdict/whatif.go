package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/netverdict/netverdict/evaluator/awsjson"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/tfplan"
	"github.com/netverdict/netverdict/evaluator/whatif"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
	"github.com/netverdict/netverdict/internal/apiconv"
	"github.com/netverdict/netverdict/internal/configload"
	"github.com/netverdict/netverdict/internal/flowsource"
)

// exitFailOn is whatif's exit status when a --fail-on class occurred.
const exitFailOn = 3

// failClasses are the --fail-on values.
var failClasses = []string{"newly-allowed", "newly-denied", "newly-allowed-from-internet", "indeterminate", "existing-cut", "any-change"}

// whatifRun is one what-if run: its configurations and options, and what
// its output so far adds up to.
type whatifRun struct {
	pair   *whatif.Pair
	opts   model.Options
	view   netverdictv1.DecisionView
	out    *bufio.Writer
	failOn map[string]bool
	n      int // flows read
	tally
	skipped map[string]int
}

// tally is what a run, or one batch of it, counted and kept for the
// summary and the report.
type tally struct {
	summary  whatif.Summary
	failed   map[string]int
	examples [numChangeClasses][]*netverdictv1.FlowComparison // per change class, the first few
	cut      []*netverdictv1.FlowComparison
	// Flow log records: how many, how many the base disagrees with, and
	// the first of those.
	logged, disagreements int
	disagree              []logDisagreement
}

// numChangeClasses sizes per-class arrays (whatif.Change values), as the
// summary's counts do.
const numChangeClasses = len(whatif.Summary{}.Changes)

// merge adds a later batch's tally to t, keeping the first examples.
func (t *tally) merge(o *tally) {
	t.summary.Merge(&o.summary)
	for k, v := range o.failed {
		if t.failed == nil {
			t.failed = map[string]int{}
		}
		t.failed[k] += v
	}
	for c := range t.examples {
		t.examples[c] = appendUpTo(t.examples[c], o.examples[c], maxExamples)
	}
	t.cut = appendUpTo(t.cut, o.cut, maxExamples)
	t.logged += o.logged
	t.disagreements += o.disagreements
	t.disagree = appendUpTo(t.disagree, o.disagree, maxExamples)
}

func appendUpTo[T any](dst, src []T, n int) []T {
	return append(dst, src[:max(0, min(len(src), n-len(dst)))]...)
}

// maxExamples bounds the example flows a report keeps per class.
const maxExamples = 20

// runWhatIf is `netverdict whatif`.
func runWhatIf(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("whatif", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var baseFiles, propFiles, inline stringList
	fs.Var(&baseFiles, "base", "base configuration `FILE` (AWS CLI JSON or netverdict JSON; repeatable)")
	fs.Var(&propFiles, "proposed", "proposed configuration `FILE` (repeatable); a Terraform plan JSON (terraform show -json) gives its after values, one given to --base its before values")
	var planFiles stringList
	fs.Var(&planFiles, "plan", "Terraform plan JSON `FILE` (terraform show -json plan.out) for both sides: before values to the base, after values to the proposed (repeatable)")
	flowsFile := fs.String("flows", "", "`FILE` of flows (JSON lines, CSV or VPC Flow Logs records); - for standard input")
	formatName := fs.String("format", "auto", "format of --flows: auto, jsonl, csv or flowlogs (AWS VPC Flow Logs, default version 2 format or a header)")
	fs.Var(&inline, "flow", "one flow as `JSON` (repeatable)")
	summaryFile := fs.String("summary", "", "write the summary to `FILE` instead of standard error")
	failOn := fs.String("fail-on", "", "exit 3 when any flow falls in one of these comma-separated `CLASSES`: "+strings.Join(failClasses, ", "))
	report := fs.String("report", "", "also write a report for a pull request: markdown or json (to --report-file)")
	reportFile := fs.String("report-file", "", "`FILE` of --report")
	viewName := fs.String("view", "full", "decisions in the output: full, basic (no reason sentences) or verdict")
	ephemeral := fs.String("ephemeral-ports", "", "client port `RANGE` for return legs of flows without a source port (default 1024-65535)")
	geoFile := fs.String("geo-file", "", "IP-to-country/ASN CSV `FILE` for WAF GeoMatch/AsnMatch and Network Firewall geoip (both sides)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err}
	}
	switch {
	case fs.NArg() > 0:
		return usagef("unexpected argument %q", fs.Arg(0))
	case (len(baseFiles) == 0 || len(propFiles) == 0) && len(planFiles) == 0:
		return usagef("give both --base FILE and --proposed FILE (each repeatable), or --plan FILE")
	case *flowsFile == "" && len(inline) == 0:
		return usagef("no flows: give --flows FILE, --flows - or --flow JSON")
	case (*report == "") != (*reportFile == ""):
		return usagef("--report and --report-file go together")
	case *report != "" && *report != "markdown" && *report != "json":
		return usagef("--report %q: want markdown or json", *report)
	}
	r := &whatifRun{out: bufio.NewWriter(stdout), failOn: map[string]bool{}}
	for _, c := range strings.Split(*failOn, ",") {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		if !slices.Contains(failClasses, c) {
			return usagef("--fail-on %q: want some of %s", c, strings.Join(failClasses, ", "))
		}
		r.failOn[c] = true
	}
	switch *viewName {
	case "full":
		r.view = netverdictv1.DecisionView_DECISION_VIEW_FULL
	case "basic":
		r.view = netverdictv1.DecisionView_DECISION_VIEW_BASIC
	case "verdict":
		r.view = netverdictv1.DecisionView_DECISION_VIEW_VERDICT
	default:
		return usagef("--view %q: want full, basic or verdict", *viewName)
	}
	format, err := flowsource.ParseFormat(*formatName)
	if err != nil {
		return usagef("--format: %v", err)
	}
	if *ephemeral != "" {
		pr, err := parsePortRange(*ephemeral)
		if err != nil {
			return usagef("--ephemeral-ports: %v", err)
		}
		r.opts.Ephemeral = pr
	}
	baseCfg, err := loadSide("netverdict whatif: base", baseFiles, planFiles, tfplan.Before, stderr)
	if err != nil {
		return err
	}
	propCfg, err := loadSide("netverdict whatif: proposed", propFiles, planFiles, tfplan.After, stderr)
	if err != nil {
		return err
	}
	copts, err := (&layerFlags{geoFile: *geoFile}).compileOptions()
	if err != nil {
		return err
	}
	if r.pair, err = whatif.NewPairWith(baseCfg, propCfg, copts); err != nil {
		return usageError{err}
	}
	runErr := r.run(inline, *flowsFile, format, stdin)
	if err := r.out.Flush(); err != nil {
		return err
	}
	if runErr != nil {
		return runErr
	}
	if err := r.writeSummary(*summaryFile, stderr); err != nil {
		return err
	}
	if *report != "" {
		if err := r.writeReport(*report, *reportFile); err != nil {
			return err
		}
	}
	if len(r.failed) > 0 {
		var parts []string
		for _, c := range failClasses {
			if n := r.failed[c]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, c))
			}
		}
		return exitError{code: exitFailOn, err: fmt.Errorf("--fail-on: %s", strings.Join(parts, ", "))}
	}
	return nil
}

// loadSide loads one side of a what-if: AWS CLI and netverdict documents
// through configload (the network as it is), and Terraform plans (among
// files, or given by --plan) laid over it with tfplan.Overlay: the base
// side gets the plans' before values, the proposed side the plans'
// changes. Overlaying rather than merging keeps what a plan only partly
// describes (a rule resource of a group the plan does not contain) from
// replacing the whole exported resource.
func loadSide(who string, files, plans []string, side tfplan.Side, stderr io.Writer) (*model.Config, error) {
	warn := func(w string) { fmt.Fprintf(stderr, "%s: warning: %s\n", who, w) }
	all, err := readDocuments(files)
	if err != nil {
		return nil, err
	}
	var docs, planDocs []configload.Document
	for _, d := range all {
		if tfplan.IsPlan(d.Data) {
			planDocs = append(planDocs, d)
		} else {
			docs = append(docs, d)
		}
	}
	given, err := readDocuments(plans)
	if err != nil {
		return nil, err
	}
	for _, d := range given {
		if !tfplan.IsPlan(d.Data) {
			return nil, usagef("--plan %s: not a Terraform plan JSON (terraform show -json plan.out)", d.Name)
		}
		planDocs = append(planDocs, d)
	}
	cur := &model.Config{}
	if len(docs) > 0 {
		cfg, warnings, err := configload.Load(docs)
		if err != nil {
			return nil, usageError{err}
		}
		for _, w := range warnings {
			warn(w)
		}
		cur = cfg
	}
	cfg := cur
	if len(planDocs) > 0 {
		var befores, afters []*model.Config
		for _, d := range planDocs {
			for _, sd := range []tfplan.Side{tfplan.Before, tfplan.After} {
				c, warnings, err := tfplan.Decode(d.Name, d.Data, sd)
				if err != nil {
					return nil, usageError{err}
				}
				if sd == side {
					for _, w := range warnings {
						warn(w.String())
					}
				}
				if sd == tfplan.Before {
					befores = append(befores, c)
				} else {
					afters = append(afters, c)
				}
			}
		}
		before, err := mergeParts(befores)
		if err != nil {
			return nil, err
		}
		after, err := mergeParts(afters)
		if err != nil {
			return nil, err
		}
		base, proposed := tfplan.Overlay(cur, before, after)
		cfg = base
		if side == tfplan.After {
			cfg = proposed
		}
	}
	return cfg, nil
}

// mergeParts merges the configs of several plans' same side.
func mergeParts(parts []*model.Config) (*model.Config, error) {
	if len(parts) == 1 {
		return parts[0], nil
	}
	cfg, _, err := awsjson.Merge(parts)
	if err != nil {
		return nil, usageError{err}
	}
	return cfg, nil
}

// exitError ends the command with a given status.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }

// item is one flow to compare, with where it came from.
type item struct {
	where  string
	f      model.Flow
	logged string // a flow log's action, or ""
	reply  bool   // the flow log record looks like a reply
}

// batchSize is how many flows a worker compares at a time.
const batchSize = 512

// input reads the flows (the --flow ones, then the --flows file) into
// batches for run; it stops early when stop is closed. It returns the
// first input error, after the batches before it were passed on.
func (r *whatifRun) input(inline []string, name string, format flowsource.Format, stdin io.Reader, emit func([]item) bool) error {
	var batch []item
	flush := func() bool {
		if len(batch) == 0 {
			return true
		}
		ok := emit(batch)
		batch = nil
		return ok
	}
	add := func(it item) bool {
		batch = append(batch, it)
		r.n++
		if len(batch) == batchSize {
			return flush()
		}
		return true
	}
	for i, js := range inline {
		where := fmt.Sprintf("--flow #%d", i+1)
		_, f, err := parseFlow(where, []byte(js), r.n)
		if err != nil {
			flush()
			return err
		}
		if !add(item{where: where, f: f}) {
			return nil
		}
	}
	if name == "" {
		flush()
		return nil
	}
	in := stdin
	if name != "-" {
		fh, err := os.Open(name)
		if err != nil {
			flush()
			return usageError{err}
		}
		defer fh.Close()
		in = fh
	} else {
		name = "stdin"
	}
	src, err := flowsource.NewReader(bufio.NewReaderSize(in, 1<<16), name, format)
	if err != nil {
		flush()
		return usageError{err}
	}
	for {
		rec, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			flush()
			return usageError{err}
		}
		if !add(item{where: rec.Where, f: rec.Model, logged: rec.Logged, reply: flowsource.LooksLikeReply(rec)}) {
			return nil
		}
	}
	r.skipped = src.Skipped()
	flush()
	return nil
}

// batchOut is a compared batch: its output lines, its tally, and the
// error that stopped it (the lines before it are kept).
type batchOut struct {
	buf bytes.Buffer
	t   tally
	err error
}

// run compares the flows input gives on every core and writes the
// results in input order. Memory stays bounded: input blocks when the
// writer is 2×cores batches behind.
func (r *whatifRun) run(inline []string, name string, format flowsource.Format, stdin io.Reader) error {
	workers := runtime.GOMAXPROCS(0)
	type job struct {
		items []item
		res   chan *batchOut
	}
	jobs := make(chan job)
	order := make(chan chan *batchOut, 2*workers)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				j.res <- r.compareBatch(j.items)
			}
		})
	}
	inputErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(jobs)
		inputErr <- r.input(inline, name, format, stdin, func(items []item) bool {
			res := make(chan *batchOut, 1)
			select {
			case order <- res:
			case <-stop:
				return false
			}
			select {
			case jobs <- job{items, res}:
				return true
			case <-stop:
				return false
			}
		})
	}()
	var err error
	for res := range order {
		if err != nil {
			continue // drain, so the input goroutine ends
		}
		var b *batchOut
		select {
		case b = <-res:
		case <-stop:
		}
		if b == nil {
			continue
		}
		if _, werr := r.out.Write(b.buf.Bytes()); werr != nil && err == nil {
			err = werr
		}
		r.tally.merge(&b.t)
		if b.err != nil && err == nil {
			err = b.err
		}
		if err != nil {
			close(stop)
		}
	}
	wg.Wait()
	if ierr := <-inputErr; err == nil {
		err = ierr
	}
	return err
}

// logDisagreement is a flow log record whose logged action the base
// configuration does not explain.
type logDisagreement struct {
	flowID, where, logged, base string
	reply                       bool
}

// compareBatch compares a batch and renders its output lines.
func (r *whatifRun) compareBatch(items []item) *batchOut {
	out := &batchOut{}
	var c whatif.Comparison
	var line bytes.Buffer
	for i := range items {
		it := &items[i]
		if err := r.pair.Compare(&it.f, r.opts, &c); err != nil {
			var se *whatif.SideError
			if errors.As(err, &se) {
				if vs := apiconv.Violations(se.Err); len(vs) > 0 {
					out.err = usageError{errors.New(violationLine(it.where, vs[0].Field, se.Side+" configuration: "+vs[0].Description))}
					return out
				}
			}
			out.err = usagef("%s: %v", it.where, err)
			return out
		}
		t := &out.t
		t.summary.Add(&it.f, &c)
		if it.logged != "" {
			t.logged++
			want := model.VerdictAllow
			if it.logged == "REJECT" {
				want = model.VerdictDeny
			}
			if c.Base.Verdict != want {
				t.disagreements++
				if len(t.disagree) < maxExamples {
					t.disagree = append(t.disagree, logDisagreement{it.f.ID, it.where, it.logged, c.Base.Verdict.String(), it.reply})
				}
			}
		}
		pc := apiconv.ComparisonToProto(&c, &it.f, r.view)
		r.track(t, &c, &it.f, pc)
		b, err := protojson.Marshal(pc)
		if err != nil {
			out.err = err
			return out
		}
		line.Reset()
		if err := json.Compact(&line, b); err != nil {
			out.err = err
			return out
		}
		line.WriteByte('\n')
		out.buf.Write(line.Bytes())
	}
	return out
}

// track counts --fail-on classes and keeps report examples in t, with
// full decisions whatever --view says (a report names the deciding
// checks).
func (r *whatifRun) track(t *tally, c *whatif.Comparison, f *model.Flow, pc *netverdictv1.FlowComparison) {
	ch := c.Change
	keep := func() *netverdictv1.FlowComparison {
		if r.view == netverdictv1.DecisionView_DECISION_VIEW_FULL {
			return proto.Clone(pc).(*netverdictv1.FlowComparison)
		}
		return apiconv.ComparisonToProto(c, f, netverdictv1.DecisionView_DECISION_VIEW_FULL)
	}
	hit := func(class string) {
		if r.failOn[class] {
			if t.failed == nil {
				t.failed = map[string]int{}
			}
			t.failed[class]++
		}
	}
	switch ch {
	case whatif.NewlyAllowed:
		hit("newly-allowed")
		if fromInternet(f, &c.Proposed) {
			hit("newly-allowed-from-internet")
		}
	case whatif.NewlyDenied:
		hit("newly-denied")
	case whatif.Indeterminate:
		hit("indeterminate")
	}
	if ch != whatif.Unchanged {
		hit("any-change")
	}
	if c.Fate == whatif.Cut {
		hit("existing-cut")
		if len(t.cut) < maxExamples {
			t.cut = append(t.cut, keep())
		}
	}
	if ch != whatif.Unchanged && int(ch) < len(t.examples) && len(t.examples[ch]) < maxExamples {
		t.examples[ch] = append(t.examples[ch], keep())
	}
}

// fromInternet reports whether a flow comes from outside the configured
// networks: a public source address and no check on the source side (no
// source interface in the config).
func fromInternet(f *model.Flow, d *model.Decision) bool {
	ip := f.Source.IP
	if f.Source.InterfaceID != "" || !ip.IsValid() || ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast() {
		return false
	}
	for i := range d.Checks {
		c := &d.Checks[i]
		if c.Leg == model.LegForward && c.Direction == model.DirectionEgress {
			return false
		}
	}
	return true
}

// writeSummary prints the counts for people.
func (r *whatifRun) writeSummary(file string, stderr io.Writer) error {
	w := stderr
	if file != "" {
		f, err := os.Create(file)
		if err != nil {
			return usageError{err}
		}
		defer f.Close()
		w = f
	}
	s := &r.summary
	fmt.Fprintf(w, "what-if: %d flows: %d newly allowed, %d newly denied, %d rules changed, %d indeterminate, %d unchanged\n",
		s.Flows, s.Changes[whatif.NewlyAllowed], s.Changes[whatif.NewlyDenied], s.Changes[whatif.RulesChanged],
		s.Changes[whatif.Indeterminate], s.Changes[whatif.Unchanged])
	fmt.Fprintf(w, "existing connections: %d survive, %d cut\n", s.Survive, s.Cut)
	if d := whatif.Top(s.Destinations, 20); len(d) > 0 {
		fmt.Fprintln(w, "changed flows by destination:")
		for _, kc := range d {
			fmt.Fprintf(w, "  %-40s %d\n", kc.Key, kc.Count)
		}
	}
	if rs := whatif.Top(s.Rules, 20); len(rs) > 0 {
		fmt.Fprintln(w, "changed flows by rule (deciding on one side only):")
		for _, kc := range rs {
			fmt.Fprintf(w, "  %-40s %d\n", kc.Key, kc.Count)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(r.skipped)) {
		fmt.Fprintf(w, "skipped input lines: %d %s\n", r.skipped[k], k)
	}
	if r.logged > 0 {
		fmt.Fprintf(w, "flow log records: %d, of which %d logged an action the base configuration does not give (it does not explain what AWS logged)\n",
			r.logged, r.disagreements)
		for _, d := range r.disagree {
			note := ""
			if d.reply {
				note = " (looks like a reply: replayed as a new flow from the server's port)"
			}
			fmt.Fprintf(w, "  %s %s: logged %s, base %s%s\n", d.where, d.flowID, d.logged, d.base, note)
		}
	}
	return nil
}

// writeReport writes the pull-request report.
func (r *whatifRun) writeReport(format, file string) error {
	var b bytes.Buffer
	switch format {
	case "json":
		m := protojson.MarshalOptions{}
		sum, err := m.Marshal(apiconv.SummaryToProto(&r.summary, 20))
		if err != nil {
			return err
		}
		list := func(cs []*netverdictv1.FlowComparison) []json.RawMessage {
			out := []json.RawMessage{}
			for _, c := range cs {
				if j, err := m.Marshal(c); err == nil {
					out = append(out, j)
				}
			}
			return out
		}
		examples := map[string][]json.RawMessage{}
		for ch, cs := range r.examples {
			if len(cs) > 0 {
				examples[whatif.Change(ch).String()] = list(cs)
			}
		}
		doc := map[string]any{"summary": json.RawMessage(sum), "examples": examples, "existingCut": list(r.cut)}
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return err
		}
	case "markdown":
		r.markdown(&b)
	}
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		return usageError{err}
	}
	return nil
}

// markdown renders the report for a pull-request comment.
func (r *whatifRun) markdown(w *bytes.Buffer) {
	s := &r.summary
	fmt.Fprintf(w, "## netverdict what-if\n\n%d flows compared.\n\n", s.Flows)
	fmt.Fprintf(w, "| change | flows |\n|---|---|\n")
	for _, c := range []whatif.Change{whatif.NewlyAllowed, whatif.NewlyDenied, whatif.RulesChanged, whatif.Indeterminate, whatif.Unchanged} {
		fmt.Fprintf(w, "| %s | %d |\n", changeWords(c), s.Changes[c])
	}
	fmt.Fprintf(w, "\nExisting connections: %d survive, **%d cut**.\n", s.Survive, s.Cut)
	if rs := whatif.Top(s.Rules, 20); len(rs) > 0 {
		fmt.Fprintf(w, "\n### Rules behind the changes\n\n| rule | changed flows |\n|---|---|\n")
		for _, kc := range rs {
			fmt.Fprintf(w, "| `%s` | %d |\n", kc.Key, kc.Count)
		}
	}
	for _, c := range []whatif.Change{whatif.NewlyAllowed, whatif.NewlyDenied, whatif.Indeterminate, whatif.RulesChanged} {
		cs := r.examples[c]
		if len(cs) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n### %s (first %d)\n\n| flow | base | proposed | deciding check now |\n|---|---|---|---|\n",
			changeWords(c), len(cs))
		for _, fc := range cs {
			fmt.Fprintf(w, "| `%s` | %s | %s | %s |\n", fc.GetFlowId(), verdictWord(fc.GetBase()), verdictWord(fc.GetProposed()), decidingCheck(fc.GetProposed()))
		}
	}
	if len(r.disagree) > 0 {
		fmt.Fprintf(w, "\n### Flow log records the base configuration does not explain (%d of %d)\n\n| record | flow | logged | base |\n|---|---|---|---|\n",
			r.disagreements, r.logged)
		for _, d := range r.disagree {
			fmt.Fprintf(w, "| %s | `%s` | %s | %s |\n", d.where, d.flowID, d.logged, d.base)
		}
	}
	if len(r.cut) > 0 {
		fmt.Fprintf(w, "\n### Existing connections cut\n\n| flow | why |\n|---|---|\n")
		for _, fc := range r.cut {
			fmt.Fprintf(w, "| `%s` | %s |\n", fc.GetFlowId(), fc.GetExisting().GetReason())
		}
	}
}

// changeWords is "newly allowed" for CHANGE_NEWLY_ALLOWED.
func changeWords(c whatif.Change) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(c.String(), "CHANGE_"), "_", " "))
}

func verdictWord(d *netverdictv1.Decision) string {
	return strings.TrimPrefix(d.GetVerdict().String(), "VERDICT_")
}

// decidingCheck names the first check that is not ALLOW, else says that
// every check allows.
func decidingCheck(d *netverdictv1.Decision) string {
	for _, c := range d.GetChecks() {
		if c.GetVerdict() != netverdictv1.Verdict_VERDICT_ALLOW {
			s := fmt.Sprintf("%s %s %s", trimEnum(c.GetLayer().String(), "LAYER_"), c.GetResourceId(), verdictWord(&netverdictv1.Decision{Verdict: c.GetVerdict()}))
			if c.GetReason() != "" {
				s += ": " + c.GetReason()
			}
			return strings.ReplaceAll(s, "|", "\\|")
		}
	}
	return "every check allows"
}
