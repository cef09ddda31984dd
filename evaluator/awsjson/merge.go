package awsjson

import (
	"slices"
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/model"
)

// Merge combines the configs imported from several documents into one, in
// order: objects keep the position of their first appearance.
//
// An object (VPC, subnet, interface, network ACL, security group, prefix
// list) given twice with the same content is kept once. Given with different
// content, the later one wins and a Warning names both sources (the parts'
// Source, or "part N"). Two kinds of object are views that complete each
// other and are merged field by field instead:
//
//   - Security groups. Rules that came from describe-security-group-rules
//     (RulesFromSGRules, sgr- ids) replace the rules derived from the same
//     group's IpPermissions, whichever file comes first; the group keeps the
//     name, VPC and owner describe-security-groups gave. Such rules are
//     merged by sgr- id, so several authorize-security-group-ingress outputs
//     add up. A group known only from security group rules has no VPC.
//   - Prefix lists. describe-managed-prefix-lists gives the list without its
//     entries and get-managed-prefix-list-entries the entries without the
//     rest: the merged list has both.
//
// Merge does not change its inputs. The error is nil today; it is there for
// checks that need the whole config.
func Merge(parts []*model.Config) (*model.Config, []Warning, error) {
	var warns []Warning
	m := newMerger(&warns)
	labels := partLabels(parts)
	var sources []string
	for i, c := range parts {
		if c == nil {
			continue
		}
		if c.Source != "" && !slices.Contains(sources, c.Source) {
			sources = append(sources, c.Source)
		}
		m.putConfig(c, origin{doc: labels[i]})
	}
	cfg := m.config()
	cfg.Source = strings.Join(sources, ", ")
	return cfg, warns, nil
}

// partLabels names each part for warnings: its Source when that is unique,
// otherwise its position.
func partLabels(parts []*model.Config) []string {
	count := map[string]int{}
	for _, c := range parts {
		if c != nil {
			count[c.Source]++
		}
	}
	labels := make([]string, len(parts))
	for i, c := range parts {
		n := "part " + strconv.Itoa(i+1)
		switch {
		case c == nil:
		case c.Source == "":
			labels[i] = n
		case count[c.Source] > 1:
			labels[i] = c.Source + " (" + n + ")"
		default:
			labels[i] = c.Source
		}
	}
	return labels
}

// origin is where an object came from: a document and, within Decode, the
// object's JSON path.
type origin struct{ doc, path string }

func (o origin) label() string {
	switch {
	case o.doc == "":
		return o.path
	case o.path == "":
		return o.doc
	}
	return o.doc + " at " + o.path
}

// table holds the objects of one kind in first-seen order, indexed by id.
type table[T any] struct {
	items []T
	from  []origin // where the current version of each item came from
	index map[string]int
}

func (t *table[T]) add(id string, v T, o origin) int {
	if t.index == nil {
		t.index = map[string]int{}
	}
	t.index[id] = len(t.items)
	t.items = append(t.items, v)
	t.from = append(t.from, o)
	return len(t.items) - 1
}

// ruleSlot locates a security group rule known by its sgr- id.
type ruleSlot struct {
	i    int
	from origin
}

// sgState is the merge state of one security group beside the group.
type sgState struct {
	// slots indexes the rules by sgr- id once they come from
	// SecurityGroupRules.
	slots   map[string]ruleSlot
	sgrFrom origin // where the first rule with an sgr- id came from
	// rulesFrom is where the rules derived from IpPermissions came from.
	rulesFrom origin
	// setAside holds the latest rules derived from IpPermissions once rules
	// with sgr- ids replaced them, to warn about rules that are lost.
	setAside     []model.SGRule
	setAsideFrom origin
}

// merger accumulates objects from documents (Decode) or configs (Merge),
// resolving duplicates.
type merger struct {
	warns   *[]Warning
	vpcs    table[model.VPC]
	subnets table[model.Subnet]
	enis    table[model.Interface]
	sgs     table[model.SecurityGroup]
	sgState []sgState // parallel to sgs.items
	acls    table[model.NetworkACL]
	pls     table[model.PrefixList]
	layers  layerTables
}

func newMerger(warns *[]Warning) *merger { return &merger{warns: warns} }

// config returns what was merged. The merger must not be used afterwards.
func (m *merger) config() *model.Config {
	m.warnDroppedRules()
	cfg := &model.Config{
		VPCs:           m.vpcs.items,
		Subnets:        m.subnets.items,
		Interfaces:     m.enis.items,
		SecurityGroups: m.sgs.items,
		NetworkACLs:    m.acls.items,
		PrefixLists:    m.pls.items,
	}
	m.layerConfig(cfg)
	return cfg
}

func (m *merger) putConfig(c *model.Config, o origin) {
	for _, v := range c.VPCs {
		m.putVPC(v, o)
	}
	for _, s := range c.Subnets {
		m.putSubnet(s, o)
	}
	for _, e := range c.Interfaces {
		m.putInterface(e, o)
	}
	for _, g := range c.SecurityGroups {
		m.putSG(g, o)
	}
	for _, a := range c.NetworkACLs {
		m.putACL(a, o)
	}
	for _, p := range c.PrefixLists {
		m.putPrefixList(p, o)
	}
	m.putLayers(c, o)
}

// conflict warns that what (e.g. "security group sg-1") was given again,
// at now, with content different from the version from old; now wins.
func (m *merger) conflict(what string, old, now origin) {
	var msg string
	if old.doc == now.doc && old.path != "" && now.path != "" {
		msg = what + " is given again with different content (first at " + old.path + "); the later one wins"
	} else {
		msg = what + " differs from the one in " + old.label() + "; the one in " + now.label() + " wins"
	}
	*m.warns = append(*m.warns, Warning{Doc: now.doc, Path: now.path, Msg: msg})
}

// putWhole stores v, replacing an earlier different version whole.
func putWhole[T any](m *merger, t *table[T], what, id string, v T, o origin, equal func(a, b *T) bool, clone func(T) T) {
	i, ok := t.index[id]
	if !ok {
		t.add(id, clone(v), o)
		return
	}
	if !equal(&t.items[i], &v) {
		m.conflict(what+" "+id, t.from[i], o)
		t.items[i] = clone(v)
	}
	t.from[i] = o
}

func (m *merger) putVPC(v model.VPC, o origin) {
	putWhole(m, &m.vpcs, "VPC", v.ID, v, o, equalVPC, func(v model.VPC) model.VPC {
		v.CIDRs = slices.Clone(v.CIDRs)
		return v
	})
}

func (m *merger) putSubnet(s model.Subnet, o origin) {
	putWhole(m, &m.subnets, "subnet", s.ID, s, o, equalSubnet, func(s model.Subnet) model.Subnet {
		s.CIDRs = slices.Clone(s.CIDRs)
		return s
	})
}

func (m *merger) putInterface(e model.Interface, o origin) {
	putWhole(m, &m.enis, "network interface", e.ID, e, o, equalInterface, func(e model.Interface) model.Interface {
		e.PrivateIPs = slices.Clone(e.PrivateIPs)
		e.PublicIPs = slices.Clone(e.PublicIPs)
		e.SecurityGroupIDs = slices.Clone(e.SecurityGroupIDs)
		return e
	})
}

func (m *merger) putACL(a model.NetworkACL, o origin) {
	putWhole(m, &m.acls, "network ACL", a.ID, a, o, equalACL, func(a model.NetworkACL) model.NetworkACL {
		a.Associations = slices.Clone(a.Associations)
		a.Entries = slices.Clone(a.Entries)
		return a
	})
}

// fields merges the descriptive fields of two views of one object: a value
// fills an empty one; two different values are a conflict, the later wins.
type fields struct{ conflict bool }

func (f *fields) str(dst *string, v string) {
	if v == "" {
		return
	}
	if *dst != "" && *dst != v {
		f.conflict = true
	}
	*dst = v
}

func (f *fields) int32(dst *int32, v int32) {
	if v == 0 {
		return
	}
	if *dst != 0 && *dst != v {
		f.conflict = true
	}
	*dst = v
}

// putSG merges a security group; see Merge for the rules.
func (m *merger) putSG(g model.SecurityGroup, o origin) {
	i, known := m.sgs.index[g.ID]
	if !known {
		i = m.sgs.add(g.ID, model.SecurityGroup{ID: g.ID}, o)
		m.sgState = append(m.sgState, sgState{})
	}
	e, st := &m.sgs.items[i], &m.sgState[i]
	var f fields
	f.str(&e.Name, g.Name)
	f.str(&e.VPCID, g.VPCID)
	f.str(&e.OwnerID, g.OwnerID)
	switch {
	case g.RulesFromSGRules:
		if !e.RulesFromSGRules {
			// Rules with sgr- ids replace those derived from IpPermissions.
			if known {
				st.setAside, st.setAsideFrom = e.Rules, st.rulesFrom
			}
			e.Rules, e.RulesFromSGRules = nil, true
			st.slots, st.sgrFrom = map[string]ruleSlot{}, o
		}
		for _, r := range g.Rules {
			m.putSGRule(i, r, o)
		}
	case e.RulesFromSGRules:
		// Keep the rules with sgr- ids.
		st.setAside, st.setAsideFrom = slices.Clone(g.Rules), o
	case !known:
		e.Rules, st.rulesFrom = slices.Clone(g.Rules), o
	case !slices.Equal(e.Rules, g.Rules):
		f.conflict = true
		e.Rules, st.rulesFrom = slices.Clone(g.Rules), o
	}
	if f.conflict {
		m.conflict("security group "+g.ID, m.sgs.from[i], o)
	}
	m.sgs.from[i] = o
}

// putSGRule adds a rule with an sgr- id to group i, replacing the rule of
// the same id.
func (m *merger) putSGRule(i int, r model.SGRule, o origin) {
	e, slots := &m.sgs.items[i], m.sgState[i].slots
	if s, ok := slots[r.ID]; ok {
		if e.Rules[s.i] != r {
			m.conflict("security group rule "+r.ID, s.from, o)
			e.Rules[s.i] = r
		}
		slots[r.ID] = ruleSlot{i: s.i, from: o}
		return
	}
	slots[r.ID] = ruleSlot{i: len(e.Rules), from: o}
	e.Rules = append(e.Rules, r)
}

// warnDroppedRules warns about rules derived from IpPermissions that were
// replaced by rules with sgr- ids and have no equivalent among them. That
// happens when the security group rules were taken at another time, or list
// only part of the group (authorize-security-group-ingress output,
// describe-security-group-rules --security-group-rule-ids): the merged
// group then lacks rules the group has.
func (m *merger) warnDroppedRules() {
	for i := range m.sgState {
		st, g := &m.sgState[i], &m.sgs.items[i]
		var lost []string
		for _, r := range st.setAside {
			if !slices.ContainsFunc(g.Rules, func(s model.SGRule) bool { return sameRuleEffect(r, s) }) {
				lost = append(lost, r.ID)
			}
		}
		if len(lost) == 0 {
			continue
		}
		n := len(lost)
		if n > 5 {
			lost = append(lost[:5], "…")
		}
		src := st.sgrFrom.label()
		if st.sgrFrom.doc == st.setAsideFrom.doc && st.sgrFrom.path != "" {
			src, _, _ = strings.Cut(st.sgrFrom.path, "[") // "SecurityGroupRules"
		}
		*m.warns = append(*m.warns, Warning{
			Doc:  st.setAsideFrom.doc,
			Path: st.setAsideFrom.path,
			Msg: "security group " + g.ID + ": " + strconv.Itoa(n) + " of its " + strconv.Itoa(len(st.setAside)) +
				" rules from IpPermissions have no equal among the security group rules from " + src +
				" that replace them, and are dropped (" + strings.Join(lost, ", ") + "); if " + src +
				" holds only some of the group's rules (authorize-security-group-ingress output), import describe-security-group-rules for the whole group",
		})
	}
}

// sameRuleEffect reports whether two security group rules allow the same
// traffic (ids and descriptions aside). Ports count only where AWS uses
// them, and ICMP without ports is ICMP with type and code -1.
func sameRuleEffect(a, b model.SGRule) bool {
	if a.Egress != b.Egress || a.Protocol != b.Protocol || a.Peer.Kind != b.Peer.Kind ||
		a.Peer.CIDR != b.Peer.CIDR || a.Peer.PrefixListID != b.Peer.PrefixListID || a.Peer.GroupID != b.Peer.GroupID ||
		a.Peer.Stale() != b.Peer.Stale() {
		return false
	}
	ports := func(r model.SGRule) (int32, int32) {
		switch {
		case model.HasPorts(r.Protocol):
			return r.FromPort, r.ToPort
		case model.IsICMP(r.Protocol) && r.HasPorts && r.FromPort != -1:
			return r.FromPort, r.ToPort
		case model.IsICMP(r.Protocol):
			return -1, -1
		}
		return 0, 0
	}
	af, at := ports(a)
	bf, bt := ports(b)
	return af == bf && at == bt
}

// putPrefixList merges a prefix list: descriptive fields and entries fill
// each other in (see Merge).
func (m *merger) putPrefixList(p model.PrefixList, o origin) {
	i, known := m.pls.index[p.ID]
	if !known {
		p.Entries = slices.Clone(p.Entries)
		m.pls.add(p.ID, p, o)
		return
	}
	e := &m.pls.items[i]
	var f fields
	f.str(&e.Name, p.Name)
	f.str(&e.AddressFamily, p.AddressFamily)
	f.str(&e.OwnerID, p.OwnerID)
	f.int32(&e.MaxEntries, p.MaxEntries)
	if p.EntriesKnown {
		if e.EntriesKnown && !slices.Equal(e.Entries, p.Entries) {
			f.conflict = true
		}
		e.Entries, e.EntriesKnown = slices.Clone(p.Entries), true
	}
	if f.conflict {
		m.conflict("prefix list "+p.ID, m.pls.from[i], o)
	}
	m.pls.from[i] = o
}

// The equal functions compare every field of their type; TestEqualCoversFields
// fails when the model gains a field they do not know.

func equalVPC(a, b *model.VPC) bool {
	return a.ID == b.ID && a.OwnerID == b.OwnerID && slices.Equal(a.CIDRs, b.CIDRs)
}

func equalSubnet(a, b *model.Subnet) bool {
	return a.ID == b.ID && a.VPCID == b.VPCID && a.AvailabilityZone == b.AvailabilityZone &&
		slices.Equal(a.CIDRs, b.CIDRs)
}

func equalInterface(a, b *model.Interface) bool {
	return a.ID == b.ID && a.SubnetID == b.SubnetID && a.VPCID == b.VPCID && a.Type == b.Type &&
		a.Description == b.Description && slices.Equal(a.PrivateIPs, b.PrivateIPs) &&
		slices.Equal(a.PublicIPs, b.PublicIPs) && slices.Equal(a.SecurityGroupIDs, b.SecurityGroupIDs)
}

func equalACL(a, b *model.NetworkACL) bool {
	return a.ID == b.ID && a.VPCID == b.VPCID && a.IsDefault == b.IsDefault && a.OwnerID == b.OwnerID &&
		slices.Equal(a.Associations, b.Associations) && slices.Equal(a.Entries, b.Entries)
}
