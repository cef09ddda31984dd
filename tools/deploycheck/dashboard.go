package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
)

// dashboard is the part of a Grafana dashboard JSON model checked.
type dashboard struct {
	UID        string  `json:"uid"`
	Title      string  `json:"title"`
	Panels     []panel `json:"panels"`
	Templating struct {
		List []struct {
			Name       string `json:"name"`
			Type       string `json:"type"`
			Definition string `json:"definition"`
		} `json:"list"`
	} `json:"templating"`
}

type panel struct {
	ID         int    `json:"id"`
	Type       string `json:"type"`
	Title      string `json:"title"`
	Datasource *struct {
		UID string `json:"uid"`
	} `json:"datasource"`
	GridPos struct{ H, W, X, Y int } `json:"gridPos"`
	Targets []struct {
		RefID string `json:"refId"`
		Expr  string `json:"expr"`
	} `json:"targets"`
	Panels []panel `json:"panels"` // a collapsed row's panels
}

var (
	promString   = regexp.MustCompile(`"(\\.|[^"\\])*"|'(\\.|[^'\\])*'`)
	promBraces   = regexp.MustCompile(`\{[^}]*\}|\[[^\]]*\]`)
	promGrouping = regexp.MustCompile(`\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)`)
	promVar      = regexp.MustCompile(`\$\{[^}]*\}|\$\w+`)
	promNumber   = regexp.MustCompile(`(^|[^\w:])((\d+(ms|[smhdwy]))+|\d+(\.\d+)?([eE][-+]?\d+)?)`)
	promIdent    = regexp.MustCompile(`[a-zA-Z_:][a-zA-Z0-9_:]*(\s*\()?`)
	promKeywords = map[string]bool{"and": true, "or": true, "unless": true, "bool": true, "offset": true, "by": true, "without": true, "on": true, "ignoring": true, "group_left": true, "group_right": true, "inf": true, "nan": true}
)

// metricNames returns the metric names a PromQL expression selects: the
// identifiers left once strings, label matchers, ranges, grouping
// clauses, variables and numbers are removed, that are not a function or
// aggregation (followed by "(") or a keyword.
func metricNames(expr string) []string {
	e := promString.ReplaceAllString(expr, `""`)
	e = promBraces.ReplaceAllString(e, " ")
	e = promGrouping.ReplaceAllString(e, " ")
	e = promVar.ReplaceAllString(e, " ")
	e = promNumber.ReplaceAllString(e, "${1} ")
	var names []string
	for _, m := range promIdent.FindAllString(e, -1) {
		if strings.HasSuffix(m, "(") || promKeywords[strings.ToLower(m)] {
			continue
		}
		names = append(names, m)
	}
	return names
}

// readMetrics reads a Prometheus text exposition: the names of its samples
// and its metric families (from # TYPE lines) with their types.
func readMetrics(name string) (samples map[string]bool, families map[string]string, err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	samples, families = map[string]bool{}, map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "# TYPE ") {
			if f := strings.Fields(l); len(f) == 4 {
				families[f[2]] = f[3]
			}
			continue
		}
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		n := l
		if i := strings.IndexAny(l, "{ "); i >= 0 {
			n = l[:i]
		}
		samples[n] = true
	}
	return samples, families, sc.Err()
}

// checkDashboard checks a Grafana dashboard's structure and that every
// metric its queries use is one the server exports (metricsFile: a
// scrape of a running server), and that every netverdict_ metric family
// the server exports is on the dashboard.
func checkDashboard(r *report, name, metricsFile string) {
	errf := func(format string, args ...any) { r.errorf(nil, "%s: "+format, append([]any{name}, args...)...) }
	before := len(r.errs)
	data, err := os.ReadFile(name)
	if err != nil {
		errf("%v", err)
		return
	}
	var d dashboard
	dec := json.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&d); err != nil {
		errf("not a JSON dashboard: %v", err)
		return
	}
	if d.UID == "" || d.Title == "" {
		errf("uid and title are required")
	}
	vars := map[string]bool{"__rate_interval": true, "__interval": true, "__range": true}
	used := map[string][]string{} // metric -> where
	for _, v := range d.Templating.List {
		vars[v.Name] = true
		if v.Type == "query" {
			def := strings.TrimSuffix(strings.TrimPrefix(v.Definition, "label_values("), ")")
			if i := strings.LastIndex(def, ","); i >= 0 {
				for _, m := range metricNames(def[:i]) {
					used[m] = append(used[m], "variable "+v.Name)
				}
			}
		}
	}
	var all []panel
	for _, p := range d.Panels {
		all = append(all, p)
		all = append(all, p.Panels...)
	}
	ids := map[int]bool{}
	var boxes []panel
	queries := 0
	for _, p := range all {
		where := fmt.Sprintf("panel %d %q", p.ID, p.Title)
		if p.ID == 0 || ids[p.ID] {
			errf("%s: panel ids must be unique and non-zero", where)
		}
		ids[p.ID] = true
		g := p.GridPos
		if g.W <= 0 || g.H <= 0 || g.X < 0 || g.X+g.W > 24 {
			errf("%s: gridPos %+v outside the 24-column grid", where, g)
		}
		if p.Type == "row" {
			continue
		}
		for _, b := range boxes {
			bg := b.GridPos
			if g.X < bg.X+bg.W && bg.X < g.X+g.W && g.Y < bg.Y+bg.H && bg.Y < g.Y+g.H {
				errf("%s overlaps panel %d %q", where, b.ID, b.Title)
			}
		}
		boxes = append(boxes, p)
		if p.Datasource == nil || p.Datasource.UID != "${datasource}" {
			errf("%s: datasource should be the ${datasource} variable", where)
		}
		if len(p.Targets) == 0 {
			errf("%s: no queries", where)
		}
		refs := map[string]bool{}
		for _, t := range p.Targets {
			queries++
			if t.RefID == "" || refs[t.RefID] {
				errf("%s: refIds must be unique and non-empty", where)
			}
			refs[t.RefID] = true
			for _, v := range promVar.FindAllString(t.Expr, -1) {
				if n := strings.Trim(v, "${}"); !vars[n] {
					errf("%s: query uses undefined variable %s", where, v)
				}
			}
			names := metricNames(t.Expr)
			if len(names) == 0 {
				errf("%s: query %s selects no metric: %s", where, t.RefID, t.Expr)
			}
			for _, m := range names {
				used[m] = append(used[m], where)
			}
		}
	}
	if metricsFile == "" {
		return
	}
	samples, families, err := readMetrics(metricsFile)
	if err != nil {
		errf("%v", err)
		return
	}
	var names []string
	for m := range used {
		names = append(names, m)
	}
	sort.Strings(names)
	for _, m := range names {
		if !samples[m] {
			errf("%s uses metric %s, which the server does not export (scrape: %s)", strings.Join(dedup(used[m]), ", "), m, metricsFile)
		}
	}
	for fam, typ := range families {
		if !strings.HasPrefix(fam, "netverdict_") {
			continue
		}
		ok := used[fam]
		if typ == "histogram" || typ == "summary" {
			ok = append(append(append(ok, used[fam+"_bucket"]...), used[fam+"_sum"]...), used[fam+"_count"]...)
		}
		if len(ok) == 0 {
			errf("the server exports %s (%s), which no panel shows", fam, typ)
		}
	}
	if len(r.errs) > before {
		return
	}
	fmt.Printf("  dashboard %q: %d panels, %d queries, %d metric names, all exported by the server\n", d.Title, len(boxes), queries, len(names))
}

func dedup(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
