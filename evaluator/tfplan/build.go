package tfplan

import (
	"cmp"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/awsjson"
	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
	"github.com/netverdict/netverdict/evaluator/model"
)

// What references may name, as "type.attribute", for each kind of id.
var (
	wantVPC    = []string{"aws_vpc.id", "aws_default_vpc.id"}
	wantSubnet = []string{"aws_subnet.id", "aws_default_subnet.id"}
	wantSG     = []string{"aws_security_group.id", "aws_default_security_group.id"}
	wantACL    = []string{"aws_network_acl.id", "aws_default_network_acl.id"}
	wantENI    = []string{"aws_network_interface.id", "aws_instance.primary_network_interface_id"}
	wantPL     = []string{"aws_ec2_managed_prefix_list.id"}
)

// Resource types imported, by kind.
var (
	vpcTypes    = []string{"aws_vpc", "aws_default_vpc"}
	subnetTypes = []string{"aws_subnet", "aws_default_subnet"}
	sgTypes     = []string{"aws_security_group", "aws_default_security_group"}
	sgRuleTypes = []string{"aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"}
	aclTypes    = []string{"aws_network_acl", "aws_default_network_acl"}
)

// laterPrefixes are resource type prefixes of layers netverdict does not
// model yet: a resource of these types gives a warning.
var laterPrefixes = []string{"aws_networkfirewall_", "aws_wafv2_", "aws_waf_", "aws_wafregional_"}

// slot is a network ACL entry's place: AWS allows one entry per rule number
// and direction.
type slot struct {
	egress bool
	number int32
}

// builder builds the config of one side of the plan.
type builder struct {
	d      *decoder
	side   Side
	warns  []awsjson.Warning
	quiet  bool // reading the other side's values: no warnings
	warned map[string]bool

	vpcs    []model.VPC
	subnets []model.Subnet
	enis    []model.Interface
	sgs     []model.SecurityGroup
	acls    []model.NetworkACL
	pls     []model.PrefixList
	index   map[string]int // "kind\x00id" -> position in its slice

	sgPartial  map[string]bool // groups known only from rule resources
	standalone map[string]bool // "group\x00rule id" of rules from rule resources
	aclPartial map[string]bool
}

func newBuilder(d *decoder, s Side) *builder {
	return &builder{
		d: d, side: s, warned: map[string]bool{}, index: map[string]int{},
		sgPartial: map[string]bool{}, standalone: map[string]bool{}, aclPartial: map[string]bool{},
	}
}

func (b *builder) warn(path, msg string) {
	if !b.quiet {
		b.warns = append(b.warns, awsjson.Warning{Doc: b.d.doc, Path: path, Msg: msg})
	}
}

// each calls fn for every resource of one of types that exists on the
// builder's side, in document order.
func (b *builder) each(types []string, fn func(r *resource, v val)) {
	for _, r := range b.d.resources {
		if !slices.Contains(types, r.typ) {
			continue
		}
		if v, ok := r.values(b.side); ok {
			fn(r, v)
		}
	}
}

// eachDeleted calls fn, on the after side only, with the before values of
// every resource of types that the plan deletes or replaces. Warnings are
// not given (the before side gives them).
func (b *builder) eachDeleted(types []string, fn func(r *resource, v val)) {
	if b.side != After {
		return
	}
	b.quiet = true
	defer func() { b.quiet = false }()
	for _, r := range b.d.resources {
		if slices.Contains(types, r.typ) && r.deleted() && r.before.obj() {
			fn(r, r.before)
		}
	}
}

// find returns the position of the object kind/id, or -1.
func (b *builder) find(kind, id string) int {
	if i, ok := b.index[kind+"\x00"+id]; ok {
		return i
	}
	return -1
}

// put stores an object of kind at the end of *list, or over an earlier
// object with the same id (with a warning).
func put[T any](b *builder, list *[]T, kind, id, path string, v T) int {
	if i := b.find(kind, id); i >= 0 {
		b.warn(path, kind+" "+id+" is given by several resources; the later one wins")
		(*list)[i] = v
		return i
	}
	b.index[kind+"\x00"+id] = len(*list)
	*list = append(*list, v)
	return len(*list) - 1
}

func (b *builder) build() *model.Config {
	b.each(vpcTypes, b.vpc)
	b.each(subnetTypes, b.subnet)
	b.each([]string{"aws_ec2_managed_prefix_list"}, b.prefixList)
	b.each(sgTypes, b.securityGroup)
	b.eachDeleted(sgRuleTypes, func(r *resource, v val) {
		if gid, rules := b.sgRuleResource(r, v); gid != "" {
			b.removeRules(gid, rules)
		}
	})
	b.each(sgRuleTypes, func(r *resource, v val) {
		if gid, rules := b.sgRuleResource(r, v); gid != "" {
			b.addRules(r, gid, rules)
		}
	})
	b.each(aclTypes, b.networkACL)
	b.eachDeleted([]string{"aws_network_acl_rule"}, func(r *resource, v val) {
		if aid, e, ok := b.aclRule(r, v); ok {
			if i := b.find("network ACL", aid); i >= 0 {
				b.acls[i].Entries = slices.DeleteFunc(b.acls[i].Entries, func(x model.NACLEntry) bool {
					return x.Egress == e.Egress && x.RuleNumber == e.RuleNumber
				})
			}
		}
	})
	b.each([]string{"aws_network_acl_rule"}, func(r *resource, v val) {
		if aid, e, ok := b.aclRule(r, v); ok {
			b.addEntry(r, aid, e)
		}
	})
	b.eachDeleted([]string{"aws_network_acl_association"}, func(r *resource, v val) {
		if aid, sub, _, ok := b.association(r, v); ok {
			if i := b.find("network ACL", aid); i >= 0 {
				b.acls[i].Associations = slices.DeleteFunc(b.acls[i].Associations, func(a model.NACLAssociation) bool { return a.SubnetID == sub })
			}
		}
	})
	b.each([]string{"aws_network_acl_association"}, func(r *resource, v val) {
		if aid, sub, id, ok := b.association(r, v); ok {
			b.associate(r, aid, sub, id)
		}
	})
	b.each([]string{"aws_network_interface"}, b.networkInterface)
	b.each([]string{"aws_instance"}, b.instance)
	b.eachDeleted([]string{"aws_network_interface_sg_attachment"}, func(r *resource, v val) {
		if gid, eni, ok := b.sgAttachment(r, v); ok {
			if i := b.find("network interface", eni); i >= 0 {
				b.enis[i].SecurityGroupIDs = slices.DeleteFunc(b.enis[i].SecurityGroupIDs, func(s string) bool { return s == gid })
			}
		}
	})
	b.each([]string{"aws_network_interface_sg_attachment"}, func(r *resource, v val) {
		gid, eni, ok := b.sgAttachment(r, v)
		if !ok {
			return
		}
		i := b.find("network interface", eni)
		if i < 0 {
			b.warn(r.path, "network interface "+eni+" is not in the plan: the attachment of "+gid+" is left out")
			return
		}
		if !slices.Contains(b.enis[i].SecurityGroupIDs, gid) {
			b.enis[i].SecurityGroupIDs = append(b.enis[i].SecurityGroupIDs, gid)
		}
	})
	for _, r := range b.d.resources {
		if _, ok := r.values(b.side); ok && slices.ContainsFunc(laterPrefixes, func(p string) bool { return strings.HasPrefix(r.typ, p) }) {
			b.warn(r.path, r.address+" is not modelled yet (WAF and Network Firewall come later): ignored")
		}
	}
	return b.finish()
}

// finish completes the objects and returns the config.
func (b *builder) finish() *model.Config {
	for i := range b.sgs {
		g := &b.sgs[i]
		// A group known only from rules with sgr- ids looks like
		// describe-security-group-rules output: awsjson.Merge then merges
		// those rules into a described group by id.
		g.RulesFromSGRules = b.sgPartial[g.ID] && len(g.Rules) > 0 &&
			!slices.ContainsFunc(g.Rules, func(r model.SGRule) bool { return !strings.HasPrefix(r.ID, "sgr-") })
	}
	for i := range b.acls {
		a := &b.acls[i]
		// As describe-network-acls prints them: egress first, by number,
		// each direction ending with AWS's "*" entries.
		slices.SortStableFunc(a.Entries, func(x, y model.NACLEntry) int {
			if x.Egress != y.Egress {
				if x.Egress {
					return -1
				}
				return 1
			}
			return cmp.Compare(x.RuleNumber, y.RuleNumber)
		})
		v6 := slices.ContainsFunc(a.Entries, func(e model.NACLEntry) bool { return e.CIDR.Addr().Is6() })
		if j := b.find("VPC", a.VPCID); j >= 0 && slices.ContainsFunc(b.vpcs[j].CIDRs, func(p netip.Prefix) bool { return p.Addr().Is6() }) {
			v6 = true
		}
		var out []model.NACLEntry
		for _, egress := range []bool{true, false} {
			for _, e := range a.Entries {
				if e.Egress == egress {
					out = append(out, e)
				}
			}
			out = append(out, defaultEntry(egress, false))
			if v6 {
				out = append(out, defaultEntry(egress, true))
			}
		}
		a.Entries = out
	}
	return &model.Config{
		VPCs:           b.vpcs,
		Subnets:        b.subnets,
		Interfaces:     b.enis,
		SecurityGroups: b.sgs,
		NetworkACLs:    b.acls,
		PrefixLists:    b.pls,
	}
}

var (
	allIPv4 = netip.MustParsePrefix("0.0.0.0/0")
	allIPv6 = netip.MustParsePrefix("::/0")
)

// defaultEntry is one of the "*" deny entries AWS puts in every network
// ACL (the IPv6 one when the VPC has IPv6).
func defaultEntry(egress, v6 bool) model.NACLEntry {
	e := model.NACLEntry{RuleNumber: model.DefaultRuleNumberIPv4, Egress: egress, Protocol: model.ProtoAll, ProtocolText: "-1", Action: model.ActionDeny, CIDR: allIPv4}
	if v6 {
		e.RuleNumber, e.CIDR = model.DefaultRuleNumberIPv6, allIPv6
	}
	return e
}

// placeholder is the id used for the attribute attr of r when its value is
// not known: "tfplan:<address>" for the resource's own id,
// "tfplan:<address>.<attr>" for another attribute. It warns once per
// placeholder and side.
func (b *builder) placeholder(r *resource, x val, attr string) string {
	ph := "tfplan:" + r.address
	if attr != "id" {
		ph += "." + attr
	}
	if !b.quiet && !b.warned[ph] {
		b.warned[ph] = true
		if x.unknown() {
			b.warn(x.path, "not known until apply: the placeholder "+ph+" stands for it")
		} else {
			b.warn(x.path, "is missing: the placeholder "+ph+" stands for it")
		}
	}
	return ph
}

// ownID returns the id of the resource whose values are v.
func (b *builder) ownID(r *resource, v val) string {
	return b.idAttrOf(r, v, "id")
}

// idAttrOf returns the id-valued attribute attr of r (values v): its value,
// or its placeholder.
func (b *builder) idAttrOf(r *resource, v val, attr string) string {
	x := v.key(attr)
	if s, ok := x.str(); ok && s != "" {
		return s
	}
	return b.placeholder(r, x, attr)
}

// refTargets returns the ids that the references of r's configuration
// expression at path name, keeping references to "type.attribute" in want:
// the referenced resource's value on this side, or its placeholder.
func (b *builder) refTargets(r *resource, path []string, want []string) []string {
	var out []string
	seen := map[*resource]bool{}
	for _, s := range exprRefs(any(r.exprs), path) {
		rf, ok := parseRef(s)
		if !ok {
			continue
		}
		attr := cmp.Or(rf.attr, "id")
		if !slices.Contains(want, rf.typ+"."+attr) {
			continue
		}
		for _, t := range b.d.byName[r.module+"|"+rf.typ+"."+rf.name] {
			if (rf.index != "" && t.index != rf.index) || seen[t] {
				continue
			}
			seen[t] = true
			v, ok := t.values(b.side)
			if !ok {
				continue
			}
			x := v.key(attr)
			id, _ := x.v.(string)
			if id == "" {
				id = b.placeholder(t, x, attr)
			}
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}

// idAttr reads an id-valued attribute x of r (at path in the
// configuration). An unknown value is resolved through the configuration's
// references when they name exactly one resource of the plan; what names
// the value in warnings ("" for none), then says what is left out
// otherwise.
func (b *builder) idAttr(r *resource, x val, path, want []string, what, then string) (string, bool) {
	if s, ok := x.str(); ok && s != "" {
		return s, true
	}
	if !x.unknown() {
		return "", false
	}
	ids := b.refTargets(r, path, want)
	if what == "" {
		if len(ids) == 1 {
			return ids[0], true
		}
		return "", false
	}
	switch len(ids) {
	case 1:
		b.warn(x.path, what+" is not known until apply; the configuration references "+ids[0])
		return ids[0], true
	case 0:
		b.warn(x.path, what+" is not known until apply and references no resource of the plan: "+then)
	default:
		b.warn(x.path, what+" is not known until apply and references several resources ("+strings.Join(ids, ", ")+"): "+then)
	}
	return "", false
}

// idList reads a list (or set) of ids. Unknown elements are resolved
// through the configuration's references: all of them when the whole list
// is unknown; when some elements are, the referenced ids not among the
// known elements, if there are as many as unknown elements.
func (b *builder) idList(r *resource, x val, path, want []string, what string) []string {
	if x.unknown() {
		ids := b.refTargets(r, path, want)
		if len(ids) == 0 {
			b.warn(x.path, what+" not known until apply and referencing no resource of the plan: left out")
		} else {
			b.warn(x.path, what+" not known until apply; the configuration references "+strings.Join(ids, ", "))
		}
		return ids
	}
	var out []string
	unknown := 0
	for _, e := range x.list() {
		if e.unknown() {
			unknown++
			continue
		}
		if s, ok := e.str(); ok && s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if unknown > 0 {
		var cands []string
		for _, id := range b.refTargets(r, path, want) {
			if !slices.Contains(out, id) {
				cands = append(cands, id)
			}
		}
		if len(cands) == unknown {
			b.warn(x.path, strconv.Itoa(unknown)+" "+what+" not known until apply; the configuration references "+strings.Join(cands, ", "))
			out = append(out, cands...)
		} else {
			b.warn(x.path, strconv.Itoa(unknown)+" "+what+" not known until apply and the configuration's references do not tell which: left out")
		}
	}
	return out
}

// prefixes reads a list of CIDRs of family fam; unknown ones are left out
// with a warning.
func (b *builder) prefixes(x val, fam jsonwalk.Family) []netip.Prefix {
	if x.unknown() {
		b.warn(x.path, "not known until apply: left out")
		return nil
	}
	var out []netip.Prefix
	for _, e := range x.list() {
		if e.unknown() {
			b.warn(e.path, "not known until apply: left out")
			continue
		}
		if p, ok := b.prefix(e, fam); ok {
			out = append(out, p)
		}
	}
	return out
}

// configured reports whether r's configuration sets attribute attr.
func (r *resource) configured(attr string) bool {
	_, ok := r.exprs[attr]
	return ok
}
