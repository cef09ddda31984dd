package routes

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/netverdict/netverdict/evaluator/awsjson"
)

// maxErrors caps the errors reported for one document, like
// awsjson.MaxErrors.
const maxErrors = awsjson.MaxErrors

// Decode imports `aws ec2 describe-route-tables` output (top-level key
// "RouteTables") or `aws ec2 create-route-table` output ("RouteTable"),
// unchanged, from the document named name (used in messages).
//
// Errors are *awsjson.Error values with the JSON path of the offending
// value (several joined with errors.Join, at most awsjson.MaxErrors and a
// count of the rest); on error no tables are returned. Warnings report what
// was accepted but changed or ignored: CIDRs with host bits set (masked, as
// EC2 stores them) and associations that are not in force.
func Decode(name string, data []byte) ([]RouteTable, []awsjson.Warning, error) {
	top, err := parseTop(name, data)
	if err != nil {
		return nil, nil, err
	}
	d := &decoder{doc: name}
	_, many := top["RouteTables"]
	_, one := top["RouteTable"]
	if !many && !one {
		keys := make([]string, 0, len(top))
		for k := range top {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		found := "it has no keys"
		if len(keys) > 0 {
			if len(keys) > 8 {
				keys = append(keys[:8], "…")
			}
			found = "it has " + strings.Join(keys, ", ")
		}
		return nil, nil, &awsjson.Error{Doc: name, Msg: "not a describe-route-tables document: no top-level key RouteTables or RouteTable (" + found + ")"}
	}
	var tables []RouteTable
	seen := map[string]string{}
	add := func(n node) {
		t, ok := d.table(n)
		if !ok {
			return
		}
		if first, dup := seen[t.ID]; dup {
			d.errorf(n.at("RouteTableId"), t.ID, "route table is given twice (first at "+first+")")
			return
		}
		seen[t.ID] = n.path
		tables = append(tables, t)
	}
	if many {
		for _, n := range d.objects(top["RouteTables"], "RouteTables") {
			if n.ok() {
				add(n)
			}
		}
	}
	if one && top["RouteTable"] != nil {
		if n := d.object(top["RouteTable"], "RouteTable"); n.ok() {
			add(n)
		}
	}
	if err := d.err(); err != nil {
		return nil, d.warns, err
	}
	if tables == nil {
		tables = []RouteTable{}
	}
	return tables, d.warns, nil
}

// table reads one route table.
func (d *decoder) table(n node) (RouteTable, bool) {
	nerrs := d.nerrs
	id, _ := n.req("RouteTableId")
	t := RouteTable{ID: id, VPCID: n.opt("VpcId"), OwnerID: n.opt("OwnerId")}
	for i, rn := range n.objects("Routes") {
		if !rn.ok() {
			continue
		}
		if r, ok := d.route(rn, i); ok {
			t.Routes = append(t.Routes, r)
		}
	}
	for _, an := range n.objects("Associations") {
		if an.ok() {
			d.association(an, &t)
		}
	}
	for _, g := range n.objects("PropagatingVgws") {
		if !g.ok() {
			continue
		}
		if gw, ok := g.req("GatewayId"); ok {
			t.PropagatingVGWs = append(t.PropagatingVGWs, gw)
		}
	}
	for _, tg := range n.objects("Tags") {
		if !tg.ok() {
			continue
		}
		if k, ok := tg.req("Key"); ok {
			t.Tags = append(t.Tags, Tag{Key: k, Value: tg.opt("Value")})
		}
	}
	return t, d.nerrs == nerrs
}

// targetFields are the route fields that name a target, with their kind
// (GatewayId is classified by its value). NetworkInterfaceId is handled
// apart: it accompanies InstanceId.
var targetFields = []struct {
	key  string
	kind TargetKind
}{
	{"GatewayId", TargetUnknown},
	{"VpcEndpointId", TargetVPCEndpoint},
	{"NatGatewayId", TargetNATGateway},
	{"TransitGatewayId", TargetTransitGateway},
	{"InstanceId", TargetInstance},
	{"VpcPeeringConnectionId", TargetPeeringConnection},
	{"CarrierGatewayId", TargetCarrierGateway},
	{"LocalGatewayId", TargetLocalGateway},
	{"EgressOnlyInternetGatewayId", TargetEgressOnlyInternetGateway},
	{"CoreNetworkArn", TargetCoreNetwork},
}

// nonTargetFields are route fields ending in Id or Arn that do not name a
// target.
var nonTargetFields = map[string]bool{
	"DestinationPrefixListId": true, "InstanceOwnerId": true, "NetworkInterfaceId": true,
}

// gatewayKind classifies a GatewayId value by its prefix.
func gatewayKind(id string) TargetKind {
	switch {
	case id == "local":
		return TargetLocal
	case strings.HasPrefix(id, "igw-"):
		return TargetInternetGateway
	case strings.HasPrefix(id, "vgw-"):
		return TargetVirtualPrivateGateway
	case strings.HasPrefix(id, "vpce-"):
		return TargetVPCEndpoint
	}
	return TargetOther
}

// route reads one route at index i.
func (d *decoder) route(n node, i int) (Route, bool) {
	nerrs := d.nerrs
	r := Route{Index: i}

	// Destination: exactly one of the three.
	var dests []string
	for _, k := range []string{"DestinationCidrBlock", "DestinationIpv6CidrBlock", "DestinationPrefixListId"} {
		if n.has(k) {
			dests = append(dests, k)
		}
	}
	switch len(dests) {
	case 0:
		d.errorf(n.path, "", "route has no destination: expected DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId")
	case 1:
		switch dests[0] {
		case "DestinationCidrBlock":
			r.Destination, _ = n.prefix("DestinationCidrBlock", true)
		case "DestinationIpv6CidrBlock":
			r.Destination, _ = n.prefix("DestinationIpv6CidrBlock", false)
		default:
			r.PrefixListID, _ = n.req("DestinationPrefixListId")
		}
	default:
		d.errorf(n.path, "", "route has more than one destination: "+strings.Join(dests, ", "))
	}

	// Target: GatewayId and VpcEndpointId may both name the same endpoint;
	// InstanceId comes with NetworkInterfaceId; any other pair is an error.
	r.NetworkInterfaceID = n.opt("NetworkInterfaceId")
	var found []string
	for _, f := range targetFields {
		id, ok := n.str(f.key)
		if !ok {
			continue
		}
		if id == "" {
			d.errorf(n.at(f.key), "", "must not be empty")
			continue
		}
		kind := f.kind
		if f.key == "GatewayId" {
			kind = gatewayKind(id)
		}
		if f.key == "VpcEndpointId" && r.TargetField == "GatewayId" {
			if r.TargetID != id {
				d.errorf(n.at(f.key), id, "names another endpoint than GatewayId "+strconv.Quote(r.TargetID))
			}
			continue
		}
		found = append(found, f.key)
		if r.TargetField == "" {
			r.Target, r.TargetID, r.TargetField = kind, id, f.key
		}
	}
	// Unknown fields ending in Id or Arn: targets AWS added after this code.
	var unknown []string
	for k := range n.m {
		if nonTargetFields[k] || !(strings.HasSuffix(k, "Id") || strings.HasSuffix(k, "Arn")) {
			continue
		}
		if slices.ContainsFunc(targetFields, func(f struct {
			key  string
			kind TargetKind
		}) bool {
			return f.key == k
		}) {
			continue
		}
		unknown = append(unknown, k)
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		id, ok := n.str(k)
		if !ok || id == "" {
			continue
		}
		found = append(found, k)
		if r.TargetField == "" {
			r.Target, r.TargetID, r.TargetField = TargetOther, id, k
		}
	}
	switch {
	case len(found) == 0 && r.NetworkInterfaceID != "":
		r.Target, r.TargetID, r.TargetField = TargetNetworkInterface, r.NetworkInterfaceID, "NetworkInterfaceId"
	case len(found) == 0:
		if d.nerrs == nerrs {
			d.errorf(n.path, "", "route has no target (GatewayId, NatGatewayId, NetworkInterfaceId, TransitGatewayId, ...)")
		}
	case len(found) > 1:
		d.errorf(n.path, "", "route has more than one target: "+strings.Join(found, ", "))
	}

	switch s := n.opt("State"); s {
	case "", "active":
	case "blackhole":
		r.State = StateBlackhole
	default:
		d.errorf(n.at("State"), s, `expected "active" or "blackhole"`)
	}
	r.Origin = n.opt("Origin")
	return r, d.nerrs == nerrs
}

// association reads one item of Associations into t. Associations that are
// not in force are left out with a warning.
func (d *decoder) association(n node, t *RouteTable) {
	nerrs := d.nerrs
	id := n.opt("RouteTableAssociationId")
	if rt := n.opt("RouteTableId"); rt != "" && t.ID != "" && rt != t.ID {
		d.errorf(n.at("RouteTableId"), rt, "association names another route table than "+strconv.Quote(t.ID))
	}
	main, _ := n.boolean("Main")
	subnet := n.opt("SubnetId")
	gateway := n.opt("GatewayId")
	if st := n.object("AssociationState"); st.ok() {
		switch s := st.opt("State"); s {
		case "", "associated":
		case "associating":
			d.warn(st.at("State"), "association is still being made; treated as in force")
		case "disassociating", "disassociated", "failed":
			d.warn(st.at("State"), "association is "+s+"; ignored")
			return
		default:
			d.errorf(st.at("State"), s, "expected associating, associated, disassociating, disassociated or failed")
		}
	}
	switch {
	case subnet != "" && gateway != "":
		d.errorf(n.path, "", "association names both a subnet and a gateway")
	case main && (subnet != "" || gateway != ""):
		d.errorf(n.at("Main"), "true", "the main association names no subnet or gateway")
	case !main && subnet == "" && gateway == "":
		d.errorf(n.path, "", "association names no subnet or gateway and is not the main association")
	}
	if d.nerrs != nerrs {
		return
	}
	if gateway != "" {
		t.GatewayAssociations = append(t.GatewayAssociations, GatewayAssociation{ID: id, GatewayID: gateway})
		return
	}
	t.Associations = append(t.Associations, Association{ID: id, SubnetID: subnet, Main: main})
}

// ---- JSON walking, with paths (the approach of awsjson's walk.go) ----

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decoder collects the errors and warnings of one Decode.
type decoder struct {
	doc   string
	errs  []error
	nerrs int
	warns []awsjson.Warning
}

func (d *decoder) errorf(path, value, msg string) {
	d.nerrs++
	if len(d.errs) < maxErrors {
		d.errs = append(d.errs, &awsjson.Error{Doc: d.doc, Path: path, Value: shorten(value), Msg: msg})
	}
}

func (d *decoder) warn(path, msg string) {
	d.warns = append(d.warns, awsjson.Warning{Doc: d.doc, Path: path, Msg: msg})
}

func (d *decoder) err() error {
	switch {
	case d.nerrs == 0:
		return nil
	case d.nerrs == 1:
		return d.errs[0]
	}
	errs := d.errs
	if more := d.nerrs - len(errs); more > 0 {
		errs = append(errs[:len(errs):len(errs)], &awsjson.Error{Doc: d.doc, Msg: strconv.Itoa(more) + " more errors not shown"})
	}
	return errors.Join(errs...)
}

// shorten caps a value quoted in an error at 80 bytes.
func shorten(s string) string {
	const maxLen = 80
	if len(s) <= maxLen {
		return s
	}
	cut := maxLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// parseTop parses the document's top-level object.
func parseTop(name string, data []byte) (map[string]any, error) {
	doc := bytes.TrimPrefix(data, utf8BOM)
	skip := len(data) - len(doc)
	if !json.Valid(doc) {
		err := json.Unmarshal(doc, new(any))
		var se *json.SyntaxError
		if errors.As(err, &se) {
			pos := min(max(skip+int(se.Offset)-1, 0), len(data))
			line := bytes.Count(data[:pos], []byte{'\n'}) + 1
			col := pos - (bytes.LastIndexByte(data[:pos], '\n') + 1) + 1
			return nil, &awsjson.Error{Doc: name, Msg: fmt.Sprintf("invalid JSON at line %d, column %d (byte offset %d): %s", line, col, pos, se.Error())}
		}
		return nil, &awsjson.Error{Doc: name, Msg: "invalid JSON"}
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, &awsjson.Error{Doc: name, Msg: "invalid JSON: " + err.Error()}
	}
	top, ok := v.(map[string]any)
	if !ok {
		return nil, &awsjson.Error{Doc: name, Msg: "not a describe-route-tables document: the top level is " + jsonKind(v) + ", not an object"}
	}
	return top, nil
}

// node is one JSON object of the document, at path.
type node struct {
	d    *decoder
	path string
	m    map[string]any // nil when the value was not an object
}

func (n node) ok() bool { return n.m != nil }

func (n node) at(key string) string {
	if n.path == "" {
		return key
	}
	return n.path + "." + key
}

func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "a number"
}

func valueText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return string(v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return jsonKind(v)
	}
	return string(b)
}

func (d *decoder) object(v any, path string) node {
	m, ok := v.(map[string]any)
	if !ok {
		d.errorf(path, valueText(v), "expected an object, got "+jsonKind(v))
		return node{d: d, path: path}
	}
	return node{d: d, path: path, m: m}
}

// objects reads v as an array of objects (null is empty); items that are
// not objects are reported and come back with ok() false.
func (d *decoder) objects(v any, path string) []node {
	if v == nil {
		return nil
	}
	items, ok := v.([]any)
	if !ok {
		d.errorf(path, valueText(v), "expected an array, got "+jsonKind(v))
		return nil
	}
	out := make([]node, len(items))
	for i, it := range items {
		out[i] = d.object(it, path+"["+strconv.Itoa(i)+"]")
	}
	return out
}

func (n node) raw(key string) (any, bool) {
	v, ok := n.m[key]
	return v, ok && v != nil
}

func (n node) has(key string) bool {
	_, ok := n.raw(key)
	return ok
}

func (n node) str(key string) (string, bool) {
	v, ok := n.raw(key)
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		n.d.errorf(n.at(key), valueText(v), "expected a string, got "+jsonKind(v))
	}
	return s, ok
}

func (n node) opt(key string) string {
	s, _ := n.str(key)
	return s
}

func (n node) req(key string) (string, bool) {
	if !n.has(key) {
		n.d.errorf(n.at(key), "", "is required")
		return "", false
	}
	s, ok := n.str(key)
	if ok && s == "" {
		n.d.errorf(n.at(key), "", "must not be empty")
		return "", false
	}
	return s, ok
}

func (n node) boolean(key string) (v, ok bool) {
	r, ok := n.raw(key)
	if !ok {
		return false, false
	}
	v, ok = r.(bool)
	if !ok {
		n.d.errorf(n.at(key), valueText(r), "expected true or false, got "+jsonKind(r))
	}
	return v, ok
}

func (n node) object(key string) node {
	v, ok := n.raw(key)
	if !ok {
		return node{d: n.d, path: n.at(key)}
	}
	return n.d.object(v, n.at(key))
}

func (n node) objects(key string) []node {
	v, ok := n.raw(key)
	if !ok {
		return nil
	}
	return n.d.objects(v, n.at(key))
}

// prefix reads the CIDR member key (IPv4 when v4, else IPv6), masking host
// bits as EC2 does when it stores a CIDR, with a warning.
func (n node) prefix(key string, v4 bool) (netip.Prefix, bool) {
	s, ok := n.str(key)
	if !ok {
		return netip.Prefix{}, false
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		n.d.errorf(n.at(key), s, "invalid CIDR")
		return netip.Prefix{}, false
	}
	if p.Addr().Is4() != v4 {
		want, got := "IPv4", "IPv6"
		if !v4 {
			want, got = got, want
		}
		n.d.errorf(n.at(key), s, "want an "+want+" CIDR, got "+got)
		return netip.Prefix{}, false
	}
	if m := p.Masked(); m != p {
		n.d.warn(n.at(key), "CIDR "+s+" has host bits set; AWS stores it as "+m.String())
		p = m
	}
	return p, true
}
