package whatif_test

import (
	"fmt"
	"net/netip"
	"reflect"
	"testing"

	"github.com/netverdict/netverdict/evaluator/corpus"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/path"
	"github.com/netverdict/netverdict/evaluator/whatif"
	"github.com/netverdict/netverdict/internal/apiconv"
)

// deepCopy copies a config through the API's types.
func deepCopy(t testing.TB, c *model.Config) *model.Config {
	t.Helper()
	out, err := apiconv.NetworkConfigToModel(apiconv.ModelToNetworkConfig(c))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// changes are the proposed configs the equivalence test derives.
var changes = map[string]func(c *model.Config){
	"drop rules": func(c *model.Config) {
		for i := 0; i < len(c.SecurityGroups); i += 7 {
			if g := &c.SecurityGroups[i]; len(g.Rules) > 0 {
				g.Rules = g.Rules[:len(g.Rules)-1]
			}
		}
	},
	"flip acl entries": func(c *model.Config) {
		for i := 0; i < len(c.NetworkACLs); i += 3 {
			if a := &c.NetworkACLs[i]; len(a.Entries) > 1 {
				e := &a.Entries[0]
				e.Action = model.ActionAllow + model.ActionDeny - e.Action
			}
		}
	},
	"rule description": func(c *model.Config) {
		for i := 0; i < len(c.SecurityGroups); i += 5 {
			if g := &c.SecurityGroups[i]; len(g.Rules) > 0 {
				g.Rules[0].Description += " (edited)"
			}
		}
	},
	"detach a group": func(c *model.Config) {
		for i := 0; i < len(c.Interfaces); i += 9 {
			if it := &c.Interfaces[i]; len(it.SecurityGroupIDs) > 1 {
				it.SecurityGroupIDs = it.SecurityGroupIDs[1:]
			}
		}
	},
	"associate a new acl": func(c *model.Config) {
		// Subnets on their VPC's default ACL (no association) move to a
		// new ACL that denies everything; the default ACL is unchanged.
		if len(c.Subnets) == 0 {
			return
		}
		acl := model.NetworkACL{ID: "acl-new", VPCID: c.Subnets[0].VPCID, Entries: []model.NACLEntry{
			{RuleNumber: 100, Egress: false, Protocol: -1, ProtocolText: "-1", Action: model.ActionDeny, CIDR: netip.MustParsePrefix("0.0.0.0/0")},
			{RuleNumber: 100, Egress: true, Protocol: -1, ProtocolText: "-1", Action: model.ActionDeny, CIDR: netip.MustParsePrefix("0.0.0.0/0")},
		}}
		for _, sn := range c.Subnets {
			if sn.VPCID == acl.VPCID {
				acl.Associations = append(acl.Associations, model.NACLAssociation{ID: "aclassoc-new-" + sn.ID, SubnetID: sn.ID})
			}
		}
		c.NetworkACLs = append(c.NetworkACLs, acl)
	},
	"nothing": func(c *model.Config) {},
}

// TestPairEqualsCompare: the pair's shortcut (one evaluation when the
// change does not touch a flow's path) gives exactly Compare's result,
// for several kinds of change, NEW and ESTABLISHED flows.
func TestPairEqualsCompare(t *testing.T) {
	for _, size := range []corpus.Size{corpus.Small, corpus.Medium} {
		for seed := range int64(2) {
			cfg, flows := corpus.Generate(size, seed)
			for name, change := range changes {
				t.Run(fmt.Sprintf("%v/%d/%s", size, seed, name), func(t *testing.T) {
					prop := deepCopy(t, cfg)
					change(prop)
					pair, err := whatif.NewPair(cfg, prop)
					if err != nil {
						t.Fatal(err)
					}
					base, _ := path.Compile(cfg)
					proposed, _ := path.Compile(prop)
					var got, want whatif.Comparison
					shortcuts := 0
					for i := range flows {
						f := flows[i]
						if i%3 == 0 {
							f.State = model.StateEstablished
						}
						errG := pair.Compare(&f, model.Options{}, &got)
						errW := whatif.Compare(base, proposed, &f, model.Options{}, &want)
						if (errG == nil) != (errW == nil) {
							t.Fatalf("flow %s: pair err %v, compare err %v", f.ID, errG, errW)
						}
						if errG != nil {
							continue
						}
						if !reflect.DeepEqual(normalize(got), normalize(want)) {
							t.Fatalf("flow %s:\npair    %+v\ncompare %+v", f.ID, got, want)
						}
						if reflect.DeepEqual(got.Base.Checks, got.Proposed.Checks) {
							shortcuts++
						}
					}
					if name == "nothing" && shortcuts == 0 {
						t.Error("no flow took the shortcut on an unchanged config")
					}
				})
			}
		}
	}
}

// normalize drops the storage capacity differences reflect.DeepEqual
// does not care about but nil-vs-empty slices it does.
func normalize(c whatif.Comparison) whatif.Comparison {
	fix := func(d model.Decision) model.Decision {
		out := d
		out.Checks = make([]model.Check, len(d.Checks))
		for i, ch := range d.Checks {
			if len(ch.Rules) == 0 {
				ch.Rules = nil
			}
			if len(ch.Reason.Ports) == 0 {
				ch.Reason.Ports = nil
			}
			out.Checks[i] = ch
		}
		return out
	}
	c.Base, c.Proposed = fix(c.Base), fix(c.Proposed)
	return c
}
