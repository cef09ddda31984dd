package evaltest

import (
	"net/netip"

	"github.com/netverdict/netverdict/evaluator/model"
)

// The WAF cases (spec §6, aws §3.3, §4) add to the base network an
// internet-facing Application Load Balancer node and a web ACL that
// protects it (withWAF):
//
//	eni-alb   subnet-b  10.0.2.50, public 192.0.2.80  "ELB app/shop/50dc6c495c0c9188"   sg-alb
//	eni-blog  subnet-b  10.0.2.51, public 192.0.2.81  "ELB app/blog/6d0ecf831eec9f09"   sg-alb (no web ACL)
//	eni-nlb   subnet-b  10.0.2.52, public 192.0.2.82  "ELB net/shop/50dc6c495c0c9188"   sg-alb (a Network LB)
//	sg-alb    inbound tcp 443 from 0.0.0.0/0 (sgr-https), the new group's outbound rules
//
// Web ACL shop-acl (default Allow), associated with wafShop:
//
//	0 admin-only-from-office  AND(UriPath EXACTLY "/admin/dashboard", NOT(IP set office))  Block
//	1 tag-admin               UriPath STARTS_WITH "/admin/"                                  Count, label "admin"
//	2 admin-captcha           LabelMatch LABEL "admin"                                        CAPTCHA
//
// IP set office: 198.51.100.0/24. Clients: 192.0.2.44 (outside the
// office), 198.51.100.7 (in the office).

const (
	wafACL    = "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/shop-acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
	wafOffice = "arn:aws:wafv2:us-east-1:111122223333:regional/ipset/office/a1b2c3d4-5678-90ab-cdef-EXAMPLE22222"
	wafShop   = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/shop/50dc6c495c0c9188"
	wafBlog   = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/blog/6d0ecf831eec9f09"
	wafGeo    = "shop-acl.json: WebACL.Rules[3].Statement.GeoMatchStatement"

	outsider = "192.0.2.44"
	officeIP = "198.51.100.7"
)

// withWAF adds the load balancer interfaces, sg-alb, the web ACL, its IP
// set and its association above to the base network.
func withWAF() mod {
	return func(cfg *model.Config) {
		for _, e := range []struct{ id, ip, public, desc string }{
			{"eni-alb", "10.0.2.50", "192.0.2.80", "ELB app/shop/50dc6c495c0c9188"},
			{"eni-blog", "10.0.2.51", "192.0.2.81", "ELB app/blog/6d0ecf831eec9f09"},
			{"eni-nlb", "10.0.2.52", "192.0.2.82", "ELB net/shop/50dc6c495c0c9188"},
		} {
			typ := "interface"
			if e.id == "eni-nlb" {
				typ = "network_load_balancer"
			}
			cfg.Interfaces = append(cfg.Interfaces, model.Interface{ID: e.id, SubnetID: "subnet-b", VPCID: "vpc-1",
				Type: typ, Description: e.desc, PrivateIPs: addrs(e.ip), PublicIPs: addrs(e.public),
				SecurityGroupIDs: []string{"sg-alb"}})
		}
		cfg.SecurityGroups = append(cfg.SecurityGroups, newGroup("sg-alb"))
		withIngress("sg-alb", in("sgr-https", "tcp 443", cidr("0.0.0.0/0")))(cfg)
		cfg.IPSets = append(cfg.IPSets, model.IPSet{Name: "office", ID: "a1b2c3d4-5678-90ab-cdef-EXAMPLE22222",
			ARN: wafOffice, IPAddressVersion: "IPV4", Addresses: prefixes("198.51.100.0/24")})
		cfg.WebACLs = append(cfg.WebACLs, model.WebACL{Name: "shop-acl", ID: "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
			ARN: wafACL, DefaultAction: model.WAFAction{Kind: model.WAFAllow}, Path: "shop-acl.json: WebACL",
			Rules: []model.WAFRule{
				{Name: "admin-only-from-office", Priority: 0, Action: model.WAFAction{Kind: model.WAFBlock},
					Statement: &model.WAFStatement{Kind: model.WAFAnd, Statements: []*model.WAFStatement{
						uriPath("EXACTLY", "/admin/dashboard"),
						{Kind: model.WAFNot, Statements: []*model.WAFStatement{{Kind: model.WAFIPSetReference, ARN: wafOffice}}},
					}}},
				{Name: "tag-admin", Priority: 1, Action: model.WAFAction{Kind: model.WAFCount},
					Statement: uriPath("STARTS_WITH", "/admin/"), Labels: []string{"admin"}},
				{Name: "admin-captcha", Priority: 2, Action: model.WAFAction{Kind: model.WAFCaptcha},
					Statement: &model.WAFStatement{Kind: model.WAFLabelMatch, LabelScope: "LABEL", LabelKey: "admin"}},
			}})
		cfg.WebACLAssociations = append(cfg.WebACLAssociations, model.WebACLAssociation{WebACLARN: wafACL, ResourceARN: wafShop})
	}
}

// geoRule adds rule 3 of shop-acl: GeoMatch on the country codes, with the
// action given. The cases compile without a geo database.
func geoRule(name string, action model.WAFActionKind, countries ...string) mod {
	return func(cfg *model.Config) {
		w := &cfg.WebACLs[len(cfg.WebACLs)-1]
		w.Rules = append(w.Rules, model.WAFRule{Name: name, Priority: 3, Action: model.WAFAction{Kind: action},
			Statement: &model.WAFStatement{Kind: model.WAFGeoMatch, Path: wafGeo, CountryCodes: countries}})
	}
}

// uriPath is a ByteMatch on the URI path without transformation.
func uriPath(position, search string) *model.WAFStatement {
	return &model.WAFStatement{Kind: model.WAFByteMatch, Field: model.WAFFieldToMatch{Kind: model.WAFFieldURIPath},
		PositionalConstraint: position, SearchString: []byte(search),
		Transformations: []model.WAFTextTransformation{{Priority: 0, Type: "NONE"}}}
}

// request is an HTTP request for host shop.example.com.
func request(method, path string) *model.HTTPRequest {
	return &model.HTTPRequest{Method: method, URIPath: path,
		Headers: []model.HTTPHeader{{Name: "Host", Value: "shop.example.com"}, {Name: "User-Agent", Value: "curl/8.5.0"}}}
}

// withToken marks the request as carrying a valid CAPTCHA token.
func withToken(r *model.HTTPRequest) *model.HTTPRequest {
	r.CaptchaTokenValid = true
	return r
}

// https is an HTTPS flow from src (port 50000) to dst carrying request r
// (nil: no http given).
func https(src, dst string, r *model.HTTPRequest) model.Flow {
	f := tcpFrom(src, dst, 50000, 443)
	f.HTTP = r
	return f
}

// toResource is an HTTPS flow from src to a destination given only by
// resource ARN.
func toResource(src, arn string, r *model.HTTPRequest) model.Flow {
	f := https(src, "", r)
	f.Destination = model.Endpoint{ResourceARN: arn}
	return f
}

// --- expected WAF checks ---

// wafCheck is the WAF check of shop-acl (forward leg, no direction).
func wafCheck(v model.Verdict, sentence string, rules ...model.RuleRef) model.Check {
	return model.Check{Layer: model.LayerWAF, Leg: model.LegForward, ResourceID: wafACL, Verdict: v,
		Reason: model.Reason{Code: model.ReasonWAF, Subject: sentence}, Rules: rules}
}

// wafRule attributes a rule of shop-acl: its name, priority and the action
// that took effect.
func wafRule(name string, priority int32, action string) model.RuleRef {
	return model.RuleRef{ResourceID: wafACL, RuleID: name, RuleNumber: priority, Description: action}
}

// The sentences the cases expect (spec §6; the seed sentence is the
// spec's own example).
const (
	seedBlocked   = "Blocked by rule admin-only-from-office (priority 0): URI path is /admin/dashboard and the client IP 192.0.2.44 is not in IP set office"
	captchaBlock  = "Blocked with a CAPTCHA (no valid token; HTTP 405) by rule admin-captcha (priority 2): the request has label admin"
	defaultAllows = "No rule terminated: default action Allow of web ACL shop-acl"
	noHTTP        = "web ACL shop-acl protects " + wafShop + " and inspects HTTP requests, but the flow carries no http request"
)

// albIn is the decision of an internet client's HTTPS flow to eni-alb
// (or another load balancer interface eni of subnet-b) with the checks ws
// after the destination's security group: acl-b lets it in, sg-alb's
// 0.0.0.0/0 rule allows it untracked (its outbound rule is all-open,
// §1.4), acl-b lets the reply out.
func albIn(eni string, ws ...model.Check) model.Decision {
	checks := []model.Check{
		openIn("acl-b", false),
		sgIn(eni, allow, untracked, because(model.ReasonSGAllowed), sgr("sg-alb", "sgr-https")),
	}
	checks = append(checks, ws...)
	checks = append(checks, openRetOut("acl-b", false))
	d := decision(allow, checks...)
	d.Finish()
	return d
}

// only is a decision whose single check is c.
func only(c model.Check) model.Decision {
	d := decision(allow, c)
	d.Finish()
	return d
}

func wafCases() []Case {
	seedRule := wafRule("admin-only-from-office", 0, "Block")
	countAdmin := wafRule("tag-admin", 1, "Count")
	captcha := wafRule("admin-captcha", 2, "Captcha")
	return []Case{
		{
			Name: "waf/blocked-from-outside-the-office",
			Section: "spec §6 an ALB node interface (\"ELB app/NAME/ID\") whose ARN is associated gets a WAF check after its " +
				"security group; §4.2 priority 0 AND(byte match, NOT IP set) terminates with Block; §4.11 item 9 the client IP is the TCP peer",
			Config: base(withWAF()),
			Flow:   https(outsider, "192.0.2.80", request("GET", "/admin/dashboard")),
			Want:   albIn("eni-alb", wafCheck(deny, seedBlocked, seedRule)),
		},
		{
			Name: "waf/blocked-by-label-rule-after-count",
			Section: "spec §6 the terminating rule first, then the non-terminating matches; §4.2 Count continues and " +
				"labels a later rule sees (§4.6); CAPTCHA without a valid token terminates as a block (HTTP 405)",
			Config: base(withWAF()),
			Flow:   https(outsider, "192.0.2.80", request("GET", "/admin/reports")),
			Want:   albIn("eni-alb", wafCheck(deny, captchaBlock, captcha, countAdmin)),
		},
		{
			Name: "waf/allowed-from-the-office-with-token",
			Section: "spec §6 no terminating rule: the default action decides and the Count and CAPTCHA-with-token matches " +
				"are listed in evaluation order; §4.2 a valid CAPTCHA token continues like Count; §4.8 the office IP set matches",
			Config: base(withWAF()),
			Flow:   https(officeIP, "192.0.2.80", withToken(request("GET", "/admin/dashboard"))),
			Want:   albIn("eni-alb", wafCheck(allow, defaultAllows, countAdmin, captcha)),
		},
		{
			Name:    "waf/captcha-without-token-from-the-office",
			Section: "§4.2 Captcha: missing token -> terminating block with a CAPTCHA (HTTP 405), even from the office; spec §6 CAPTCHA without a valid token -> DENY",
			Config:  base(withWAF()),
			Flow:    https(officeIP, "192.0.2.80", request("GET", "/admin/dashboard")),
			Want:    albIn("eni-alb", wafCheck(deny, captchaBlock, captcha, countAdmin)),
		},
		{
			Name:    "waf/default-allow-no-match",
			Section: "§4.2 no terminating action reached: the DefaultAction (Allow) applies; spec §6 no rule listed",
			Config:  base(withWAF()),
			Flow:    https(outsider, "192.0.2.80", request("GET", "/")),
			Want:    albIn("eni-alb", wafCheck(allow, defaultAllows)),
		},
		{
			Name:    "waf/no-http-request",
			Section: "spec §6 a flow to a protected resource without http: the WAF check is INDETERMINATE (\"the flow carries no http request\")",
			Config:  base(withWAF()),
			Flow:    https(outsider, "192.0.2.80", nil),
			Want:    albIn("eni-alb", wafCheck(indet, noHTTP)),
		},
		{
			Name: "waf/listed-when-the-security-group-denies",
			Section: "spec §6 the WAF check is listed whenever the destination is protected, after the destination's " +
				"security group, even when that denies (spec §2 every check is listed; DENY wins)",
			Config: base(withWAF()),
			Flow: func() model.Flow {
				f := tcpFrom(outsider, "192.0.2.80", 50000, 80)
				f.HTTP = request("GET", "/")
				return f
			}(),
			Want: func() model.Decision {
				d := decision(deny,
					openIn("acl-b", false),
					sgIn("eni-alb", deny, tracked, because(model.ReasonSGNoRule)),
					wafCheck(allow, defaultAllows),
					openRetOut("acl-b", false))
				return d
			}(),
		},
		{
			Name:    "waf/private-address-of-the-alb",
			Section: "spec §6 the ALB interface addressed by its private IP from inside the VPC is protected too; spec §2 forward checks, then WAF, then the return leg",
			Config:  base(withWAF()),
			Flow:    https("eni-a", "10.0.2.50", request("GET", "/admin/dashboard")),
			Want: decision(deny,
				newGroupOut("eni-a", "sg-a", false, tracked),
				openOut("acl-a", false),
				openIn("acl-b", false),
				sgIn("eni-alb", allow, untracked, because(model.ReasonSGAllowed), sgr("sg-alb", "sgr-https")),
				wafCheck(deny, "Blocked by rule admin-only-from-office (priority 0): URI path is /admin/dashboard and the client IP 10.0.1.10 is not in IP set office", seedRule),
				openRetOut("acl-b", false),
				openRetIn("acl-a", false)),
		},
		{
			Name:    "waf/resource-arn-only",
			Section: "spec §6 a destination given only by resource_arn gets the WAF check alone: nothing places it on the network",
			Config:  base(withWAF()),
			Flow:    toResource(outsider, wafShop, request("GET", "/admin/dashboard")),
			Want: func() model.Decision {
				d := only(wafCheck(deny, seedBlocked, seedRule))
				return d
			}(),
		},
		{
			Name:    "waf/resource-arn-only-allowed",
			Section: "spec §6 resource_arn only: the WAF check alone decides; §4.2 the default action Allow",
			Config:  base(withWAF()),
			Flow:    toResource(officeIP, wafShop, request("POST", "/cart")),
			Want:    only(wafCheck(allow, defaultAllows)),
		},
		{
			Name:    "waf/resource-arn-only-no-http",
			Section: "spec §6 resource_arn only and no http: the single WAF check is INDETERMINATE",
			Config:  base(withWAF()),
			Flow:    toResource(outsider, wafShop, nil),
			Want:    only(wafCheck(indet, noHTTP)),
		},
		{
			Name:    "waf/resource-arn-only-from-interface",
			Section: "spec §6 the client IP is the flow's source IP; spec §1.4 a source given by interface id only uses its first private IP of the family",
			Config:  base(withWAF()),
			Flow:    toResource("eni-a", wafShop, request("GET", "/admin/dashboard")),
			Want: only(wafCheck(deny, "Blocked by rule admin-only-from-office (priority 0): URI path is /admin/dashboard and the client IP 10.0.1.10 is not in IP set office",
				seedRule)),
		},
		{
			Name:    "waf/resource-arn-only-unprotected",
			Section: "spec §6 a destination given only by resource_arn that no web ACL protects is rejected (destination.resource_arn)",
			Config:  base(withWAF()),
			Flow:    toResource(outsider, wafBlog, request("GET", "/")),
			WantErr: `destination.resource_arn "` + wafBlog + `"`,
		},
		{
			Name:    "waf/associated-web-acl-missing",
			Section: "spec §6 a resource associated with a web ACL the config lacks is protected: INDETERMINATE naming the web ACL, never treated as unprotected",
			Config: base(withWAF(), func(cfg *model.Config) {
				cfg.WebACLAssociations = append(cfg.WebACLAssociations, model.WebACLAssociation{WebACLARN: wafACL + "-gone", ResourceARN: wafBlog})
			}),
			Flow: toResource(outsider, wafBlog, request("GET", "/")),
			Want: func() model.Decision {
				c := wafCheck(indet, "web ACL "+wafACL+"-gone protects "+wafBlog+" but is not in the config")
				c.ResourceID = wafACL + "-gone"
				return only(c)
			}(),
		},
		{
			Name:    "waf/resource-arn-only-source-ip-not-the-interfaces",
			Section: "spec §1 step 1 holds for the source of a resource_arn-only flow: an ip that is not the named interface's is rejected",
			Config:  base(withWAF()),
			Flow: func() model.Flow {
				f := toResource("eni-a", wafShop, request("GET", "/"))
				f.Source.IP = netip.MustParseAddr(outsider)
				return f
			}(),
			WantErr: `source.ip "` + outsider + `"`,
		},
		{
			Name:    "waf/resource-arn-only-without-web-acls",
			Section: "spec §6 resource_arn only in a config with no web ACL at all: rejected (destination.resource_arn)",
			Config:  base(),
			Flow:    toResource(outsider, wafShop, request("GET", "/")),
			WantErr: `destination.resource_arn "` + wafShop + `"`,
		},
		{
			Name:    "waf/resource-arn-and-ip",
			Section: "spec §6 destination.resource_arn with an ip: the network checks of the ip and the WAF check of the ARN's web ACL",
			Config:  base(withWAF()),
			Flow: func() model.Flow {
				f := https(outsider, "192.0.2.80", request("GET", "/admin/dashboard"))
				f.Destination.ResourceARN = wafShop
				return f
			}(),
			Want: albIn("eni-alb", wafCheck(deny, seedBlocked, seedRule)),
		},
		{
			Name:    "waf/resource-arn-names-the-protected-resource",
			Section: "spec §6 destination.resource_arn associated with a web ACL makes the destination protected, whatever the interface's description",
			Config:  base(withWAF()),
			Flow: func() model.Flow {
				f := https(outsider, "192.0.2.81", request("GET", "/admin/reports"))
				f.Destination.ResourceARN = wafShop
				return f
			}(),
			Want: albIn("eni-blog", wafCheck(deny, captchaBlock, captcha, countAdmin)),
		},
		{
			Name:    "waf/resource-arn-and-ip-unprotected",
			Section: "spec §6 \"Without an association no check is listed\": an unprotected resource_arn given with an ip is no rejection",
			Config:  base(withWAF()),
			Flow: func() model.Flow {
				f := https(outsider, "192.0.2.81", request("GET", "/admin/dashboard"))
				f.Destination.ResourceARN = wafBlog
				return f
			}(),
			Want: albIn("eni-blog"),
		},
		{
			Name:    "waf/unassociated-alb",
			Section: "spec §6 an ALB interface whose load balancer no web ACL protects: no WAF check",
			Config:  base(withWAF()),
			Flow:    https(outsider, "192.0.2.81", request("GET", "/admin/dashboard")),
			Want:    albIn("eni-blog"),
		},
		{
			Name: "waf/network-load-balancer-same-name",
			Section: "spec §6 only \"ELB app/NAME/ID\" interfaces are an ALB's: a Network Load Balancer node " +
				"(\"ELB net/NAME/ID\") with the protected ALB's name and id gets no WAF check",
			Config: base(withWAF()),
			Flow:   https(outsider, "192.0.2.82", request("GET", "/admin/dashboard")),
			Want:   albIn("eni-nlb"),
		},
		{
			Name:    "waf/source-is-the-alb",
			Section: "spec §6 only the destination is judged by WAF: a flow from the protected ALB's interface gets no WAF check (§3.3 WAF inspects requests to the resource)",
			Config:  base(withWAF()),
			Flow:    https("eni-alb", "eni-b", request("GET", "/admin/dashboard")),
			Want: decision(deny,
				newGroupOut("eni-alb", "sg-alb", false, tracked),
				sgIn("eni-b", deny, tracked, because(model.ReasonSGNoRule))),
		},
		{
			Name: "waf/geo-could-block",
			Section: "spec §6 GeoMatch without a geo database -> INDETERMINATE when it could change the outcome: a Block " +
				"rule that may match, before the default Allow (§4.3 GeoMatch needs the country of the IP)",
			Config: base(withWAF(), geoRule("block-embargoed", model.WAFBlock, "KP", "IR")),
			Flow:   https(outsider, "192.0.2.80", request("GET", "/")),
			Want: albIn("eni-alb", wafCheck(indet, "Indeterminate: rule block-embargoed (priority 3) would block if it matched, "+
				"and whether it matches is unknown: GeoMatchStatement at "+wafGeo+" needs a geo database (none loaded); otherwise: "+defaultAllows)),
		},
		{
			Name:    "waf/geo-after-terminating-rule",
			Section: "spec §6 an undecidable GeoMatch rule after the terminating rule cannot change the outcome (§4.2 evaluation stops at the first terminating match)",
			Config:  base(withWAF(), geoRule("block-embargoed", model.WAFBlock, "KP", "IR")),
			Flow:    https(outsider, "192.0.2.80", request("GET", "/admin/dashboard")),
			Want:    albIn("eni-alb", wafCheck(deny, seedBlocked, seedRule)),
		},
		{
			Name:    "waf/geo-allow-before-default-allow",
			Section: "spec §6 an undecidable GeoMatch Allow rule before the default Allow cannot change the outcome: ALLOW by the default action",
			Config:  base(withWAF(), geoRule("allow-partners", model.WAFAllow, "CA")),
			Flow:    https(outsider, "192.0.2.80", request("GET", "/")),
			Want:    albIn("eni-alb", wafCheck(allow, defaultAllows)),
		},
	}
}
