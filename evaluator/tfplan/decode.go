package tfplan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/netverdict/netverdict/evaluator/awsjson"
	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
	"github.com/netverdict/netverdict/evaluator/model"
)

// Side selects which values of a plan's resource_changes are read.
type Side uint8

// The two sides of a plan.
const (
	// Before is the state the plan starts from (change.before): the base.
	Before Side = iota
	// After is the state the plan proposes (change.after): the what-if.
	After
)

func (s Side) String() string {
	if s == After {
		return "after"
	}
	return "before"
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// IsPlan reports whether data looks like a Terraform plan JSON document: a
// JSON object with a top-level "format_version" and "resource_changes" or
// "planned_values".
func IsPlan(data []byte) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(bytes.TrimPrefix(data, utf8BOM), &top) != nil {
		return false
	}
	_, fv := top["format_version"]
	_, rc := top["resource_changes"]
	_, pv := top["planned_values"]
	return fv && (rc || pv)
}

// Decode reads a Terraform plan JSON document (format_version "1.x", the
// output of `terraform show -json PLANFILE`) named name (used in messages)
// and returns the AWS network configuration on one side of it: the before
// values (the base) or the after values (the proposal) of its
// resource_changes, as a Config whose Source is name.
//
// Resources a change deletes are absent from After, created ones absent
// from Before. Values unknown until apply get placeholders (see the package
// documentation) and warnings.
//
// Both sides are always read, so a plan decodes on both sides or on none:
// an error is an *awsjson.Error (Doc = name, Path = the JSON path of the
// value, e.g. "resource_changes[3].change.after.ingress[0].from_port"), or
// several joined with errors.Join (at most awsjson.MaxErrors and a count of
// the rest); the Config is then nil. The warnings are those of the side
// asked for.
func Decode(name string, data []byte, side Side) (*model.Config, []awsjson.Warning, error) {
	d := &decoder{Problems: newProblems(name), doc: name}
	top, ok := d.parse(data)
	if !ok {
		return nil, nil, d.Err()
	}
	d.read(top)
	var cfgs [2]*model.Config
	var warns [2][]awsjson.Warning
	for _, s := range []Side{Before, After} {
		b := newBuilder(d, s)
		cfgs[s] = b.build()
		warns[s] = b.warns
	}
	if err := d.Err(); err != nil {
		return nil, warns[side], err
	}
	cfgs[side].Source = name
	return cfgs[side], warns[side], nil
}

// decoder holds what both sides share: the resources and the configuration.
type decoder struct {
	*jsonwalk.Problems
	doc       string // the document's name
	resources []*resource
	// byName indexes resource instances by module instance and type.name.
	byName map[string][]*resource
	// exprs indexes the configuration's expressions by module path (without
	// instance keys) and type.name.
	exprs map[string]map[string]any
}

// resource is one item of resource_changes.
type resource struct {
	path    string // "resource_changes[3]"
	address string
	module  string // module_address, "" at the root
	typ     string
	name    string
	index   string // the instance key as JSON text (0, "a"), "" without
	actions []string
	before  val // change.before (v nil when null)
	after   val // change.after, with after_unknown
	exprs   map[string]any
}

// values returns the resource's values on side s, or false when it does not
// exist on that side. A resource the plan forgets (removed from the state,
// not destroyed) keeps existing after apply with its before values.
func (r *resource) values(s Side) (val, bool) {
	v := r.before
	if s == After {
		v = r.after
		if slices.Equal(r.actions, []string{"forget"}) {
			v = r.before
		}
	}
	_, ok := v.v.(map[string]any)
	return v, ok
}

// deleted reports whether the plan deletes (or replaces) the resource's
// before object.
func (r *resource) deleted() bool {
	return slices.Contains(r.actions, "delete") && r.before.v != nil
}

// parse reads the document's top-level object.
func (d *decoder) parse(data []byte) (map[string]any, bool) {
	doc := bytes.TrimPrefix(data, utf8BOM)
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		msg := "invalid JSON: " + err.Error()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			_, line, col := jsonwalk.Locate(doc, int(se.Offset))
			msg = fmt.Sprintf("invalid JSON at line %d, column %d: %s", line, col, se.Error())
		}
		d.Report("", "", msg)
		return nil, false
	}
	if _, err := dec.Token(); err == nil {
		d.Report("", "", "invalid JSON: data after the top-level value")
		return nil, false
	}
	top, ok := v.(map[string]any)
	if !ok {
		d.Report("", "", "not a Terraform plan: the top level is "+jsonwalk.Kind(v)+", not an object")
		return nil, false
	}
	fv, ok := top["format_version"]
	if !ok {
		d.Report("", "", "not a Terraform plan: no top-level format_version (want the output of terraform show -json PLANFILE)")
		return nil, false
	}
	s, ok := fv.(string)
	if !ok {
		d.Report("format_version", jsonwalk.Text(fv), "expected a string, got "+jsonwalk.Kind(fv))
		return nil, false
	}
	if major, _, _ := strings.Cut(s, "."); major != "1" {
		d.Report("format_version", s, "unsupported plan format version: want 1.x")
		return nil, false
	}
	if _, rc := top["resource_changes"]; !rc {
		if _, pv := top["planned_values"]; !pv {
			d.Report("", "", "not a Terraform plan: no resource_changes or planned_values (a state file? use terraform show -json PLANFILE)")
			return nil, false
		}
	}
	return top, true
}

// read indexes the configuration and reads resource_changes.
func (d *decoder) read(top map[string]any) {
	d.exprs = map[string]map[string]any{}
	d.byName = map[string][]*resource{}
	if c, ok := top["configuration"]; ok && c != nil {
		cv := val{p: d.Problems, path: "configuration", v: c}
		if cv.obj() {
			if rm := cv.key("root_module"); rm.obj() {
				d.module(rm, "")
			}
		}
	}
	rcs := val{p: d.Problems, path: "resource_changes", v: top["resource_changes"]}
	for _, rc := range rcs.list() {
		if !rc.obj() {
			continue
		}
		if r := d.resource(rc); r != nil {
			d.resources = append(d.resources, r)
			k := r.module + "|" + r.typ + "." + r.name
			d.byName[k] = append(d.byName[k], r)
		}
	}
}

// module indexes the expressions of one configuration module, and of the
// modules it calls.
func (d *decoder) module(m val, path string) {
	for _, r := range m.key("resources").list() {
		if !r.obj() {
			continue
		}
		addr, _ := r.key("address").str()
		ex := r.key("expressions")
		if addr == "" || !ex.obj() {
			continue
		}
		d.exprs[path+"|"+addr] = ex.v.(map[string]any)
	}
	calls := m.key("module_calls")
	if !calls.obj() {
		return
	}
	names := make([]string, 0)
	for k := range calls.v.(map[string]any) {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, n := range names {
		c := calls.key(n)
		if !c.obj() {
			continue
		}
		if sub := c.key("module"); sub.obj() {
			p := "module." + n
			if path != "" {
				p = path + "." + p
			}
			d.module(sub, p)
		}
	}
}

// resource reads one item of resource_changes; nil for data sources and
// items too broken to use (reported).
func (d *decoder) resource(rc val) *resource {
	r := &resource{path: rc.path}
	if mode, _ := rc.key("mode").str(); mode == "data" {
		return nil
	}
	var ok bool
	if r.typ, ok = rc.key("type").str(); !ok || r.typ == "" {
		if rc.key("type").null() {
			d.Report(rc.path+".type", "", "is required")
		}
		return nil
	}
	r.name = rc.key("name").opt()
	r.module = rc.key("module_address").opt()
	if ix := rc.key("index"); ix.v != nil {
		r.index = jsonwalk.Text(ix.v)
		if _, isStr := ix.v.(string); isStr {
			b, _ := json.Marshal(ix.v)
			r.index = string(b)
		}
	}
	r.address = rc.key("address").opt()
	if r.address == "" {
		r.address = r.typ + "." + r.name
		if r.index != "" {
			r.address += "[" + r.index + "]"
		}
		if r.module != "" {
			r.address = r.module + "." + r.address
		}
	}
	ch := rc.key("change")
	if !ch.obj() {
		if ch.null() {
			d.Report(ch.path, "", "is required")
		}
		return nil
	}
	for _, a := range ch.key("actions").list() {
		if s, ok := a.str(); ok {
			r.actions = append(r.actions, s)
		}
	}
	r.before = ch.key("before")
	r.before.unk = nil
	r.after = ch.key("after")
	r.after.unk = ch.key("after_unknown").v
	if r.before.v != nil {
		r.before.obj()
	}
	if r.after.v != nil {
		r.after.obj()
	}
	switch u := r.after.unk.(type) {
	case nil, map[string]any:
	case bool:
		if u && r.after.v == nil {
			r.after.v = map[string]any{}
		}
	default:
		d.Report(ch.path+".after_unknown", jsonwalk.Text(u), "expected an object, got "+jsonwalk.Kind(u))
		r.after.unk = nil
	}
	r.exprs = d.exprs[stripKeys(r.module)+"|"+r.typ+"."+r.name]
	return r
}

// stripKeys removes the instance keys from a module address:
// module.a["x"].module.b[0] -> module.a.module.b.
func stripKeys(addr string) string {
	if !strings.Contains(addr, "[") {
		return addr
	}
	var b strings.Builder
	depth, quoted := 0, false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case quoted:
			if c == '\\' {
				i++
			} else if c == '"' {
				quoted = false
			}
		case c == '"' && depth > 0:
			quoted = true
		case c == '[':
			depth++
		case c == ']':
			depth = max(depth-1, 0)
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// ref is a reference to an attribute of a managed resource, as Terraform
// lists them in configuration expressions ("aws_security_group.web.id",
// `aws_subnet.a["x"].id`), relative to the referencing module.
type ref struct {
	typ, name, index, attr string
}

// parseRef reads a reference; false for references to anything but a
// managed resource (var., local., module., data., each., count., ...).
func parseRef(s string) (ref, bool) {
	var r ref
	head, rest, ok := strings.Cut(s, ".")
	if !ok || !strings.Contains(head, "_") || strings.ContainsAny(head, "[]\"") {
		return r, false
	}
	switch head {
	case "data", "var", "local", "module", "each", "count", "path", "terraform", "self":
		return r, false
	}
	r.typ = head
	i := strings.IndexAny(rest, ".[")
	if i < 0 {
		r.name = rest
		return r, r.name != ""
	}
	r.name = rest[:i]
	rest = rest[i:]
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return r, false
		}
		r.index = rest[1:end]
		rest = rest[end+1:]
	}
	if strings.HasPrefix(rest, ".") {
		r.attr = rest[1:]
		if j := strings.IndexAny(r.attr, ".["); j >= 0 {
			r.attr = r.attr[:j]
		}
	}
	return r, r.name != ""
}

// exprRefs returns the references of the expression at path (attribute
// names, descending into blocks) in the resource's configuration. An
// expression object covering a whole attribute gives all its references.
func exprRefs(e any, path []string) []string {
	switch e := e.(type) {
	case []any:
		var out []string
		for _, b := range e {
			out = append(out, exprRefs(b, path)...)
		}
		return out
	case map[string]any:
		if refs, ok := e["references"]; ok {
			var out []string
			if a, ok := refs.([]any); ok {
				for _, s := range a {
					if s, ok := s.(string); ok {
						out = append(out, s)
					}
				}
			}
			return out
		}
		if _, ok := e["constant_value"]; ok {
			return nil
		}
		if len(path) == 0 {
			return nil
		}
		return exprRefs(e[path[0]], path[1:])
	}
	return nil
}
