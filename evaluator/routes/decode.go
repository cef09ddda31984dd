package routes

import (
	"slices"
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/awsjson"
	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
)

// decoder collects the errors and warnings of one Decode.
type decoder struct {
	*jsonwalk.Problems
	warns []awsjson.Warning
}

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
	d := &decoder{}
	d.Problems = jsonwalk.NewProblems(
		func(path, value, msg string) error {
			return &awsjson.Error{Doc: name, Path: path, Value: value, Msg: msg}
		},
		func(path, msg string) { d.warns = append(d.warns, awsjson.Warning{Doc: name, Path: path, Msg: msg}) })
	_, many := top["RouteTables"]
	_, one := top["RouteTable"]
	if !many && !one {
		return nil, nil, &awsjson.Error{Doc: name, Msg: "not a describe-route-tables document: no top-level key RouteTables or RouteTable (" + jsonwalk.KeysText(top) + ")"}
	}
	var tables []RouteTable
	seen := map[string]string{}
	add := func(n jsonwalk.Node) {
		t, ok := d.table(n)
		if !ok {
			return
		}
		if first, dup := seen[t.ID]; dup {
			d.Report(n.At("RouteTableId"), t.ID, "route table is given twice (first at "+first+")")
			return
		}
		seen[t.ID] = n.Path
		tables = append(tables, t)
	}
	if many {
		for _, n := range d.Objects(top["RouteTables"], "RouteTables") {
			if n.OK() {
				add(n)
			}
		}
	}
	if one && top["RouteTable"] != nil {
		if n := d.Object(top["RouteTable"], "RouteTable"); n.OK() {
			add(n)
		}
	}
	if err := d.Err(); err != nil {
		return nil, d.warns, err
	}
	if tables == nil {
		tables = []RouteTable{}
	}
	return tables, d.warns, nil
}

// table reads one route table.
func (d *decoder) table(n jsonwalk.Node) (RouteTable, bool) {
	nerrs := d.Count()
	id, _ := n.Req("RouteTableId")
	t := RouteTable{ID: id, VPCID: n.Opt("VpcId"), OwnerID: n.Opt("OwnerId")}
	for i, rn := range n.Objects("Routes") {
		if !rn.OK() {
			continue
		}
		if r, ok := d.route(rn, i); ok {
			t.Routes = append(t.Routes, r)
		}
	}
	for _, an := range n.Objects("Associations") {
		if an.OK() {
			d.association(an, &t)
		}
	}
	for _, g := range n.Objects("PropagatingVgws") {
		if !g.OK() {
			continue
		}
		if gw, ok := g.Req("GatewayId"); ok {
			t.PropagatingVGWs = append(t.PropagatingVGWs, gw)
		}
	}
	for _, tg := range n.Objects("Tags") {
		if !tg.OK() {
			continue
		}
		if k, ok := tg.Req("Key"); ok {
			t.Tags = append(t.Tags, Tag{Key: k, Value: tg.Opt("Value")})
		}
	}
	return t, d.Count() == nerrs
}

// targetField is a route field that names a target, and the target's kind.
type targetField struct {
	key  string
	kind TargetKind
}

// targetFields are the route fields that name a target, with their kind
// (GatewayId is classified by its value). NetworkInterfaceId is handled
// apart: it accompanies InstanceId.
var targetFields = []targetField{
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
func (d *decoder) route(n jsonwalk.Node, i int) (Route, bool) {
	nerrs := d.Count()
	r := Route{Index: i}

	// Destination: exactly one of the three.
	var dests []string
	for _, k := range []string{"DestinationCidrBlock", "DestinationIpv6CidrBlock", "DestinationPrefixListId"} {
		if n.Has(k) {
			dests = append(dests, k)
		}
	}
	switch len(dests) {
	case 0:
		d.Report(n.Path, "", "route has no destination: expected DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId")
	case 1:
		switch dests[0] {
		case "DestinationCidrBlock":
			r.Destination, _ = n.Prefix("DestinationCidrBlock", jsonwalk.IPv4, false)
		case "DestinationIpv6CidrBlock":
			r.Destination, _ = n.Prefix("DestinationIpv6CidrBlock", jsonwalk.IPv6, false)
		default:
			r.PrefixListID, _ = n.Req("DestinationPrefixListId")
		}
	default:
		d.Report(n.Path, "", "route has more than one destination: "+strings.Join(dests, ", "))
	}

	// Target: GatewayId and VpcEndpointId may both name the same endpoint;
	// InstanceId comes with NetworkInterfaceId; any other pair is an error.
	r.NetworkInterfaceID = n.Opt("NetworkInterfaceId")
	var found []string
	for _, f := range targetFields {
		id, ok := n.Str(f.key)
		if !ok {
			continue
		}
		if id == "" {
			d.Report(n.At(f.key), "", "must not be empty")
			continue
		}
		kind := f.kind
		if f.key == "GatewayId" {
			kind = gatewayKind(id)
		}
		if f.key == "VpcEndpointId" && r.TargetField == "GatewayId" {
			if r.TargetID != id {
				d.Report(n.At(f.key), id, "names another endpoint than GatewayId "+strconv.Quote(r.TargetID))
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
	for k := range n.Map {
		if nonTargetFields[k] || !(strings.HasSuffix(k, "Id") || strings.HasSuffix(k, "Arn")) {
			continue
		}
		if slices.ContainsFunc(targetFields, func(f targetField) bool { return f.key == k }) {
			continue
		}
		unknown = append(unknown, k)
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		id, ok := n.Str(k)
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
		if d.Count() == nerrs {
			d.Report(n.Path, "", "route has no target (GatewayId, NatGatewayId, NetworkInterfaceId, TransitGatewayId, ...)")
		}
	case len(found) > 1:
		d.Report(n.Path, "", "route has more than one target: "+strings.Join(found, ", "))
	}

	switch s := n.Opt("State"); s {
	case "", "active":
	case "blackhole":
		r.State = StateBlackhole
	default:
		d.Report(n.At("State"), s, `expected "active" or "blackhole"`)
	}
	r.Origin = n.Opt("Origin")
	return r, d.Count() == nerrs
}

// association reads one item of Associations into t. Associations that are
// not in force are left out with a warning.
func (d *decoder) association(n jsonwalk.Node, t *RouteTable) {
	nerrs := d.Count()
	id := n.Opt("RouteTableAssociationId")
	if rt := n.Opt("RouteTableId"); rt != "" && t.ID != "" && rt != t.ID {
		d.Report(n.At("RouteTableId"), rt, "association names another route table than "+strconv.Quote(t.ID))
	}
	main, _ := n.Boolean("Main")
	subnet := n.Opt("SubnetId")
	gateway := n.Opt("GatewayId")
	if st := n.Object("AssociationState"); st.OK() {
		switch s := st.Opt("State"); s {
		case "", "associated":
		case "associating":
			d.Warn(st.At("State"), "association is still being made; treated as in force")
		case "disassociating", "disassociated", "failed":
			d.Warn(st.At("State"), "association is "+s+"; ignored")
			return
		default:
			d.Report(st.At("State"), s, "expected associating, associated, disassociating, disassociated or failed")
		}
	}
	switch {
	case subnet != "" && gateway != "":
		d.Report(n.Path, "", "association names both a subnet and a gateway")
	case main && (subnet != "" || gateway != ""):
		d.Report(n.At("Main"), "true", "the main association names no subnet or gateway")
	case !main && subnet == "" && gateway == "":
		d.Report(n.Path, "", "association names no subnet or gateway and is not the main association")
	}
	if d.Count() != nerrs {
		return
	}
	if gateway != "" {
		t.GatewayAssociations = append(t.GatewayAssociations, GatewayAssociation{ID: id, GatewayID: gateway})
		return
	}
	t.Associations = append(t.Associations, Association{ID: id, SubnetID: subnet, Main: main})
}

// parseTop parses the document's top-level object.
func parseTop(name string, data []byte) (map[string]any, error) {
	v, se := jsonwalk.Parse(data)
	if se != nil {
		return nil, &awsjson.Error{Doc: name, Msg: se.Msg}
	}
	top, ok := v.(map[string]any)
	if !ok {
		return nil, &awsjson.Error{Doc: name, Msg: "not a describe-route-tables document: the top level is " + jsonwalk.Kind(v) + ", not an object"}
	}
	return top, nil
}
