package stateful

import (
	"fmt"
	"slices"
	"strings"

	"github.com/netverdict/netverdict/evaluator/nfw/nfwjson"
	"github.com/netverdict/netverdict/evaluator/nfw/suricata"
)

// tcpOnlyProtocols are the rule protocols whose traffic is always TCP, so
// that reject (TCP reset) means what it says.
var tcpOnlyProtocols = map[string]bool{
	"tcp": true, "tcp-pkt": true, "tcp-stream": true, "http": true, "http1": true, "http2": true,
	"http-any": true, "tls": true, "ssh": true, "smtp": true, "pop3": true, "smb": true, "rdp": true,
	"pgsql": true, "telnet": true, "mqtt": true, "rfb": true, "modbus": true, "websocket": true, "doh2": true,
}

// groupWarnings are the configuration problems of one rule group g
// (compiled as cg) in a policy with rule order order.
func groupWarnings(order string, g *nfwjson.RuleGroup, cg *Group) []string {
	var w []string
	gOrder, note := g.RuleOrder, ""
	if gOrder == "" {
		gOrder, note = DefaultActionOrder, " (the default: StatefulRuleOptions is not set)"
	}
	if gOrder != order {
		w = append(w, fmt.Sprintf("rule group %s: StatefulRuleOptions.RuleOrder is %s%s but the policy's is %s; AWS requires them to match (§5.11 item 8)",
			cg.ARN, gOrder, note, order))
	}
	// §5.6: at most five IP set references per rule group; AWS rejects
	// the group otherwise.
	if n := len(g.IPSetReferences); n > 5 {
		w = append(w, fmt.Sprintf("rule group %s: %d IP set references; AWS allows at most 5 per rule group (§5.6)", cg.ARN, n))
	}
	for _, r := range cg.Rules {
		// AWS's own domain-list rules carry priority:1 in either order.
		if order == StrictOrder && r.Priority != 0 && g.DomainList == nil {
			w = append(w, fmt.Sprintf("rule group %s: rule sid %d uses the priority keyword, which AWS does not allow with STRICT_ORDER (§5.6, §5.11 item 7)",
				cg.ARN, r.SID))
		}
		// MaxMind, which AWS's geoip uses (§5.6), reports the United
		// Kingdom as GB; UK (in AWS's own sample) names no country.
		if r.GeoIP != nil && slices.ContainsFunc(r.GeoIP.Countries, func(c string) bool { return strings.TrimPrefix(c, "!") == "UK" }) {
			w = append(w, fmt.Sprintf("rule group %s: rule sid %d uses geoip country code UK, which is not ISO 3166-1 (the United Kingdom is GB): MaxMind never reports it, so on AWS it never matches an address (negated: never excludes one) (§5.6)",
				cg.ARN, r.SID))
		}
		if isReject(r.Action) {
			switch {
			case r.Protocol == "ftp" || r.Protocol == "imap":
				w = append(w, fmt.Sprintf("rule group %s: rule sid %d rejects %s traffic; AWS's reject does not support FTP or IMAP (§5.4)",
					cg.ARN, r.SID, r.Protocol))
			case !tcpOnlyProtocols[r.Protocol]:
				w = append(w, fmt.Sprintf("rule group %s: rule sid %d rejects protocol %s; reject sends a TCP reset and is for TCP only, other traffic it matches is only dropped (§5.4)",
					cg.ARN, r.SID, r.Protocol))
			}
		}
	}
	return w
}

func isReject(a suricata.Action) bool {
	return a == suricata.Reject || a == suricata.RejectSrc || a == suricata.RejectDst || a == suricata.RejectBoth
}

// policyWarnings are the configuration problems of the policy as a whole.
func policyWarnings(p *nfwjson.Policy, cp *Policy) []string {
	var w []string
	d := &cp.defaults
	if d.unknown != "" {
		w = append(w, fmt.Sprintf("StatefulDefaultActions: unknown action %q; packets that reach it are undecidable", d.unknown))
	}
	if len(cp.DefaultActions) > 0 && cp.RuleOrder != StrictOrder {
		w = append(w, "StatefulDefaultActions are only valid with STRICT_ORDER; in action order they do not apply (§5.4)")
	}
	drops, est, app := 0, false, false
	for _, a := range cp.DefaultActions {
		switch a {
		case "aws:drop_strict", "aws:drop_established", "aws:drop_established_app_layer", "aws:drop_established_app_layer_to_server":
			drops++
		}
		switch a {
		case "aws:drop_established", "aws:alert_established":
			est = true
		case "aws:drop_established_app_layer", "aws:alert_established_app_layer",
			"aws:drop_established_app_layer_to_server", "aws:alert_established_app_layer_to_server":
			app = true
		}
	}
	if drops > 1 {
		w = append(w, "StatefulDefaultActions: more than one drop action; AWS allows at most one (§5.4)")
	}
	if est && app {
		w = append(w, "StatefulDefaultActions: the established actions cannot be combined with the application-layer ones; AWS refuses the policy")
	}
	// §5.11 item 5: drop_strict drops the handshake, so app-layer pass rules never see their protocol.
	if cp.RuleOrder == StrictOrder && slices.Contains(cp.DefaultActions, "aws:drop_strict") {
		if c := firstRule(cp, func(c *crule) bool { return c.act == Pass && (c.proto == pTLS || c.proto == pHTTP || c.proto == pApp) }); c != nil {
			w = append(w, fmt.Sprintf("aws:drop_strict drops the TCP handshake unless a rule passes it, so application-layer pass rules such as sid %d (%s) never match; use aws:drop_established (§5.11 item 5, §5.8)",
				c.r.SID, c.g.ARN))
		}
	}
	// §5.9: CONTINUE inspects midstream flows without context, so rules
	// that need the handshake or the application layer do not match them.
	if p.StreamExceptionPolicy == "CONTINUE" {
		if c := firstRule(cp, func(c *crule) bool {
			return (c.act == Drop || c.act == Reject) && (c.proto == pTLS || c.proto == pHTTP || c.proto == pApp || (c.r.Flow != nil && c.r.Flow.Established))
		}); c != nil {
			w = append(w, fmt.Sprintf("StreamExceptionPolicy CONTINUE: flows picked up midstream (stream exceptions, engine restarts) are inspected without context, so rules such as sid %d (%s) do not match them and they fail open (§5.9)",
				c.r.SID, c.g.ARN))
		}
	}
	return w
}

func firstRule(p *Policy, f func(*crule) bool) *crule {
	for _, c := range p.order {
		if f(c) {
			return c
		}
	}
	return nil
}
