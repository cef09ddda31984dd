package path

import (
	"net/netip"
	"strings"
	"sync"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/waf"
)

// wafLayer is what the snapshot needs for WAF checks: the compiled web
// ACLs and, for interfaces of protected load balancers, their ACL.
type wafLayer struct {
	set *waf.Set
	// assoc maps a protected resource's ARN to its web ACL's ARN (the last
	// association of the config wins); the web ACL may be missing.
	assoc map[string]string
	// byIface maps an interface index to the ARN of the protected resource
	// it belongs to (an Application Load Balancer's node ENIs, recognised
	// by their "ELB app/NAME/ID" description), when that resource has a web
	// ACL.
	byIface map[int32]string
	pool    sync.Pool // *wafScratch
}

// wafScratch is one goroutine's per-request state.
type wafScratch struct {
	sc  waf.Scratch
	res waf.Result
	req waf.Request
}

// compileWAF compiles the web ACLs of cfg; nil when there are none.
func (s *Snapshot) compileWAF(cfg *model.Config, opts CompileOptions) error {
	if len(cfg.WebACLs) == 0 && len(cfg.WebACLAssociations) == 0 {
		return nil
	}
	set, err := waf.Compile(cfg, waf.CompileOptions{Geo: opts.Geo})
	if err != nil {
		return err
	}
	w := &wafLayer{set: set, assoc: map[string]string{}, byIface: map[int32]string{}}
	for _, a := range cfg.WebACLAssociations {
		w.assoc[a.ResourceARN] = a.WebACLARN
	}
	w.pool.New = func() any { return new(wafScratch) }
	// An ALB's ENIs carry "ELB app/NAME/ID"; its ARN ends in
	// "loadbalancer/app/NAME/ID".
	for _, a := range cfg.WebACLAssociations {
		i := strings.Index(a.ResourceARN, ":loadbalancer/app/")
		if i < 0 {
			continue
		}
		desc := "ELB " + a.ResourceARN[i+len(":loadbalancer/"):]
		for k := range cfg.Interfaces {
			if cfg.Interfaces[k].Description == desc {
				w.byIface[int32(k)] = a.ResourceARN
			}
		}
	}
	s.waf = w
	return nil
}

// protected returns the ARN of the protected resource the flow's
// destination is and its web ACL's ARN, or ok false when the destination
// is not protected.
func (s *Snapshot) protected(f *model.Flow, dst *endpoint) (arn, aclARN string, ok bool) {
	if s.waf == nil {
		return "", "", false
	}
	arn = f.Destination.ResourceARN
	if arn == "" && (dst.kind == kindIface || dst.kind == kindPublic) {
		arn = s.waf.byIface[dst.iface]
	}
	if arn == "" {
		return "", "", false
	}
	aclARN, ok = s.waf.assoc[arn]
	return arn, aclARN, ok
}

// wafCheck appends the WAF check of the web ACL protecting resource arn
// for the flow's HTTP request, whose client is clientIP.
func (s *Snapshot) wafCheck(d *model.Decision, f *model.Flow, arn, aclARN string, clientIP netip.Addr) {
	c := d.NextCheck()
	c.Layer, c.Leg = model.LayerWAF, model.LegForward
	c.ResourceID = aclARN
	acl, ok := s.waf.set.ACL(aclARN)
	if !ok {
		c.Verdict = model.VerdictIndeterminate
		c.Reason = model.Reason{Code: model.ReasonWAF, Subject: "web ACL " + aclARN + " protects " + arn + " but is not in the config"}
		return
	}
	if f.HTTP == nil {
		c.Verdict = model.VerdictIndeterminate
		c.Reason = model.Reason{Code: model.ReasonWAF, Subject: "web ACL " + acl.Name() + " protects " + arn + " and inspects HTTP requests, but the flow carries no http request"}
		return
	}
	ws := s.waf.pool.Get().(*wafScratch)
	defer s.waf.pool.Put(ws)
	h := f.HTTP
	ws.req.Set(h, clientIP)
	acl.Evaluate(&ws.req, waf.ResourceTypeOf(arn), &ws.sc, &ws.res)
	r := &ws.res
	c.Verdict = waf.VerdictOf(r.Verdict)
	if r.HasTerminating {
		c.Rules = append(c.Rules, r.Terminating.RuleRef())
	}
	for i := range r.Matches {
		c.Rules = append(c.Rules, r.Matches[i].RuleRef())
	}
	c.Reason = model.Reason{Code: model.ReasonWAF, Subject: r.Reason}
}

// evaluateResource judges a flow whose destination is given only as a
// protected resource's ARN: the WAF check is the only one that can be
// made (no address places the destination on the network).
func (s *Snapshot) evaluateResource(f *model.Flow, d *model.Decision) error {
	arn := f.Destination.ResourceARN
	_, acl, ok := s.protected(f, &endpoint{kind: kindExternal})
	if !ok {
		return &model.FlowError{Field: "destination.resource_arn", Value: arn,
			Msg: "is not protected by a web ACL in the config; give the destination's ip or network_interface_id for the network checks"}
	}
	// Section 1 step 1 holds for the source: an ip must be the named
	// interface's.
	if f.Source.InterfaceID != "" {
		var e endpoint
		if err := s.classify(&f.Source, "source", &e); err != nil {
			return err
		}
	}
	client := f.Source.IP
	if !client.IsValid() && f.Source.InterfaceID != "" {
		if i, ok := s.byID[f.Source.InterfaceID]; ok {
			client = s.ifaces[i].first[0]
			if !client.IsValid() {
				client = s.ifaces[i].first[1]
			}
		}
	}
	if !client.IsValid() {
		return &model.FlowError{Field: "source.ip", Msg: "required: the client IP is what WAF sees (give ip or a known network_interface_id)"}
	}
	s.wafCheck(d, f, arn, acl, client)
	d.Finish()
	return nil
}
