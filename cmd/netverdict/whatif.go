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
	"slices"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/netverdict/netverdict/evaluator/awsjson"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/path"
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

// whatifRun is one what-if run's state.
type whatifRun struct {
	base, proposed *path.Snapshot
	opts           model.Options
	view           netverdictv1.DecisionView
	out            *bufio.Writer
	summary        whatif.Summary
	c              whatif.Comparison
	n              int
	failOn         map[string]bool
	failed         map[string]int
	examples       [][]*netverdictv1.FlowComparison // per change class, the first few
	cut            []*netverdictv1.FlowComparison
	buf            bytes.Buffer
	// Flow log records: how many, how many the base disagrees with, the
	// first of those, and the lines the source skipped.
	logged, disagreements int
	disagree              []logDisagreement
	skipped               map[string]int
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
	r := &whatifRun{out: bufio.NewWriter(stdout), failOn: map[string]bool{}, failed: map[string]int{},
		examples: make([][]*netverdictv1.FlowComparison, 6)}
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
	if r.base, err = loadSide("netverdict whatif: base", baseFiles, planFiles, tfplan.Before, stderr); err != nil {
		return err
	}
	if r.proposed, err = loadSide("netverdict whatif: proposed", propFiles, planFiles, tfplan.After, stderr); err != nil {
		return err
	}
	for i, js := range inline {
		if err := r.one(fmt.Sprintf("--flow #%d", i+1), []byte(js)); err != nil {
			return err
		}
	}
	if *flowsFile != "" {
		if err := r.file(*flowsFile, format, stdin); err != nil {
			return err
		}
	}
	if err := r.out.Flush(); err != nil {
		return err
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
// through configload, Terraform plans (among files, or given by --plan)
// on the given side; the plans are merged last, so that what a plan
// changes wins over an export of the same resource.
func loadSide(who string, files, plans []string, side tfplan.Side, stderr io.Writer) (*path.Snapshot, error) {
	var docs []configload.Document
	var planDocs []configload.Document
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, usageError{err}
		}
		if tfplan.IsPlan(data) {
			planDocs = append(planDocs, configload.Document{Name: name, Data: data})
			continue
		}
		docs = append(docs, configload.Document{Name: name, Data: data})
	}
	for _, name := range plans {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, usageError{err}
		}
		if !tfplan.IsPlan(data) {
			return nil, usagef("--plan %s: not a Terraform plan JSON (terraform show -json plan.out)", name)
		}
		planDocs = append(planDocs, configload.Document{Name: name, Data: data})
	}
	var parts []*model.Config
	if len(docs) > 0 {
		cfg, warnings, err := configload.Load(docs)
		if err != nil {
			return nil, usageError{err}
		}
		for _, w := range warnings {
			fmt.Fprintf(stderr, "%s: warning: %s\n", who, w)
		}
		parts = append(parts, cfg)
	}
	for _, d := range planDocs {
		cfg, warnings, err := tfplan.Decode(d.Name, d.Data, side)
		if err != nil {
			return nil, usageError{err}
		}
		for _, w := range warnings {
			fmt.Fprintf(stderr, "%s: warning: %s\n", who, w)
		}
		parts = append(parts, cfg)
	}
	cfg := &model.Config{}
	if len(parts) > 0 {
		var warnings []awsjson.Warning
		var err error
		if cfg, warnings, err = awsjson.Merge(parts); err != nil {
			return nil, usageError{err}
		}
		for _, w := range warnings {
			fmt.Fprintf(stderr, "%s: warning: %s\n", who, w)
		}
	}
	snap, err := path.Compile(cfg)
	if err != nil {
		return nil, usageError{err}
	}
	return snap, nil
}

// exitError ends the command with a given status.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }

// file compares every flow of a flow source.
func (r *whatifRun) file(name string, format flowsource.Format, stdin io.Reader) error {
	in := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return usageError{err}
		}
		defer f.Close()
		in = f
	} else {
		name = "stdin"
	}
	src, err := flowsource.NewReader(bufio.NewReaderSize(in, 1<<16), name, format)
	if err != nil {
		return usageError{err}
	}
	for {
		rec, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return usageError{err}
		}
		f, err := apiconv.FlowFromProto(rec.Flow, r.n)
		if err != nil {
			return usagef("%s: %v", rec.Where, err)
		}
		if err := r.compare(rec.Where, f, rec.Logged, flowsource.LooksLikeReply(rec)); err != nil {
			return err
		}
	}
	r.skipped = src.Skipped()
	return nil
}

// one compares one --flow JSON.
func (r *whatifRun) one(where string, js []byte) error {
	_, f, err := parseFlow(where, js, r.n)
	if err != nil {
		return err
	}
	return r.compare(where, f, "", false)
}

// logDisagreement is a flow log record whose logged action the base
// configuration does not explain.
type logDisagreement struct {
	flowID, where, logged, base string
	reply                       bool
}

// compare compares one flow and prints its comparison. logged is the
// action a flow log recorded for it ("" for other sources).
func (r *whatifRun) compare(where string, f model.Flow, logged string, reply bool) error {
	r.n++
	if err := whatif.Compare(r.base, r.proposed, &f, r.opts, &r.c); err != nil {
		var se *whatif.SideError
		if errors.As(err, &se) {
			vs := apiconv.Violations(apiconv.FlowErrorAt(r.n-1, se.Err))
			if len(vs) > 0 {
				return usageError{errors.New(violationLine(where, vs[0].Field, se.Side+" configuration: "+vs[0].Description))}
			}
		}
		return usagef("%s: %v", where, err)
	}
	r.summary.Add(&f, &r.c)
	if logged != "" {
		r.logged++
		want := model.VerdictAllow
		if logged == "REJECT" {
			want = model.VerdictDeny
		}
		if r.c.Base.Verdict != want {
			r.disagreements++
			if len(r.disagree) < maxExamples {
				r.disagree = append(r.disagree, logDisagreement{f.ID, where, logged,
					r.c.Base.Verdict.String(), reply})
			}
		}
	}
	pc := apiconv.ComparisonToProto(&r.c, &f, r.view)
	r.track(&f, pc)
	b, err := protojson.Marshal(pc)
	if err != nil {
		return err
	}
	r.buf.Reset()
	if err := json.Compact(&r.buf, b); err != nil {
		return err
	}
	r.buf.WriteByte('\n')
	_, err = r.out.Write(r.buf.Bytes())
	return err
}

// track counts --fail-on classes and keeps report examples, with full
// decisions whatever --view says (a report names the deciding checks).
func (r *whatifRun) track(f *model.Flow, pc *netverdictv1.FlowComparison) {
	ch := r.c.Change
	keep := func() *netverdictv1.FlowComparison {
		if r.view == netverdictv1.DecisionView_DECISION_VIEW_FULL {
			return proto.Clone(pc).(*netverdictv1.FlowComparison)
		}
		return apiconv.ComparisonToProto(&r.c, f, netverdictv1.DecisionView_DECISION_VIEW_FULL)
	}
	hit := func(class string) {
		if r.failOn[class] {
			r.failed[class]++
		}
	}
	switch ch {
	case whatif.NewlyAllowed:
		hit("newly-allowed")
		if fromInternet(f, &r.c.Proposed) {
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
	if r.c.Fate == whatif.Cut {
		hit("existing-cut")
		if len(r.cut) < maxExamples {
			r.cut = append(r.cut, keep())
		}
	}
	if ch != whatif.Unchanged && int(ch) < len(r.examples) && len(r.examples[ch]) < maxExamples {
		r.examples[ch] = append(r.examples[ch], keep())
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
