package reference

import (
	"net/netip"
	"strings"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/waf"
)

// protectedResource returns the ARN of the protected resource the flow's
// destination is, and the ARN of its web ACL (spec §6): the destination's
// resource_arn, or for an interface whose description is "ELB app/NAME/ID"
// the associated ARN that ends in "loadbalancer/app/NAME/ID". When several
// associations apply, the last one in the config counts (spec §6).
func protectedResource(cfg *model.Config, f *model.Flow, dst *endpoint) (resource, aclARN string, ok bool) {
	resource = f.Destination.ResourceARN
	if resource == "" && dst != nil && dst.iface != nil && strings.HasPrefix(dst.iface.Description, "ELB app/") {
		suffix := ":loadbalancer/app/" + strings.TrimPrefix(dst.iface.Description, "ELB app/")
		for _, a := range cfg.WebACLAssociations {
			if strings.HasSuffix(a.ResourceARN, suffix) {
				resource = a.ResourceARN
			}
		}
	}
	if resource == "" {
		return "", "", false
	}
	for _, a := range cfg.WebACLAssociations {
		if a.ResourceARN == resource {
			aclARN, ok = a.WebACLARN, true
		}
	}
	return resource, aclARN, ok
}

// webACL returns the web ACL with arn, nil when the config lacks it.
func webACL(cfg *model.Config, arn string) *model.WebACL {
	for i := range cfg.WebACLs {
		if cfg.WebACLs[i].ARN == arn {
			return &cfg.WebACLs[i]
		}
	}
	return nil
}

// wafCheck is the WAF check of web ACL acl protecting resource for the
// flow's HTTP request from client (spec §6). The decision is
// waf.Reference's; the sentence is the compiled web ACL's when the two
// agree (the reference words its reasons tersely), else the reference's.
func wafCheck(cfg *model.Config, f *model.Flow, resource, aclARN string, client netip.Addr) model.Check {
	c := model.Check{Layer: model.LayerWAF, Leg: model.LegForward, ResourceID: aclARN}
	acl := webACL(cfg, aclARN)
	if acl == nil {
		// Spec §6: the resource is protected by a web ACL the config lacks.
		c.Verdict = model.VerdictIndeterminate
		c.Reason = model.Reason{Code: model.ReasonWAF, Subject: "web ACL " + aclARN + " protects " + resource + " but is not in the config"}
		return c
	}
	if f.HTTP == nil {
		c.Verdict = model.VerdictIndeterminate
		c.Reason = model.Reason{Code: model.ReasonWAF, Subject: "web ACL " + acl.Name + " protects " + resource + " and inspects HTTP requests, but the flow carries no http request"}
		return c
	}
	var req waf.Request
	req.Set(f.HTTP, client)
	kind := waf.ResourceTypeOf(resource)
	r := waf.Reference(cfg, acl.ARN, &req, kind, nil)
	c.Verdict = waf.VerdictOf(r.Verdict)
	if r.HasTerminating {
		c.Rules = append(c.Rules, r.Terminating.RuleRef())
	}
	for i := range r.Matches {
		c.Rules = append(c.Rules, r.Matches[i].RuleRef())
	}
	why := r.Reason
	if set, err := waf.Compile(cfg, waf.CompileOptions{}); err == nil {
		if compiled, ok := set.ACL(acl.ARN); ok {
			var sc waf.Scratch
			var cr waf.Result
			compiled.Evaluate(&req, kind, &sc, &cr)
			if cr.Verdict == r.Verdict && cr.HasTerminating == r.HasTerminating && cr.Terminating.RuleName == r.Terminating.RuleName {
				why = cr.Reason
			}
		}
	}
	c.Reason = model.Reason{Code: model.ReasonWAF, Subject: why}
	return c
}

// resourceOnly judges a flow whose destination is only a resource ARN
// (spec §6): the WAF check alone, or a rejection when no web ACL protects
// the resource. The client IP is the source's IP, or its interface's
// first private address.
func resourceOnly(cfg *model.Config, f *model.Flow, d *model.Decision) error {
	resource, acl, ok := protectedResource(cfg, f, nil)
	if !ok {
		return &model.FlowError{Field: "destination.resource_arn", Value: f.Destination.ResourceARN,
			Msg: "is not protected by a web ACL in the config; give the destination's ip or network_interface_id for the network checks"}
	}
	// Spec §1 step 1 holds for the source: an ip must be the named
	// interface's.
	if f.Source.InterfaceID != "" {
		if _, err := resolveOne(cfg, "source", f.Source); err != nil {
			return err
		}
	}
	client := f.Source.IP
	if !client.IsValid() && f.Source.InterfaceID != "" {
		if iface := findInterface(cfg, f.Source.InterfaceID); iface != nil {
			for _, fam4 := range []bool{true, false} {
				for _, a := range iface.PrivateIPs {
					if a.Is4() == fam4 && !client.IsValid() {
						client = a
					}
				}
			}
		}
	}
	if !client.IsValid() {
		return &model.FlowError{Field: "source.ip", Msg: "required: the client IP is what WAF sees (give ip or a known network_interface_id)"}
	}
	add(d, wafCheck(cfg, f, resource, acl, client))
	d.Finish()
	return nil
}
