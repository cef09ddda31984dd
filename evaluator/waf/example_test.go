package waf_test

import (
	"fmt"
	"net/netip"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/waf"
)

func Example() {
	const acl = "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/web/1"
	const office = "arn:aws:wafv2:us-east-1:111122223333:regional/ipset/office/2"
	const alb = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/3"
	cfg := &model.Config{
		WebACLs: []model.WebACL{{Name: "web", ARN: acl, DefaultAction: model.WAFAction{Kind: model.WAFAllow},
			Rules: []model.WAFRule{{Name: "admin-only-from-office", Action: model.WAFAction{Kind: model.WAFBlock},
				Statement: &model.WAFStatement{Kind: model.WAFAnd, Statements: []*model.WAFStatement{
					{Kind: model.WAFByteMatch, Field: model.WAFFieldToMatch{Kind: model.WAFFieldURIPath},
						PositionalConstraint: "EXACTLY", SearchString: []byte("/admin/dashboard"),
						Transformations: []model.WAFTextTransformation{{Type: "NONE"}}},
					{Kind: model.WAFNot, Statements: []*model.WAFStatement{{Kind: model.WAFIPSetReference, ARN: office}}},
				}}}}}},
		IPSets:             []model.IPSet{{Name: "office", ARN: office, Addresses: []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24")}}},
		WebACLAssociations: []model.WebACLAssociation{{WebACLARN: acl, ResourceARN: alb}},
	}
	set, err := waf.Compile(cfg, waf.CompileOptions{})
	if err != nil {
		panic(err)
	}
	a, _ := set.ForResource(alb)
	var sc waf.Scratch
	var res waf.Result
	a.Evaluate(&waf.Request{ClientIP: netip.MustParseAddr("203.0.113.9"), Method: "GET", URIPath: "/admin/dashboard"},
		waf.ResourceTypeOf(alb), &sc, &res)
	fmt.Println(res.Verdict)
	fmt.Println(res.Reason)
	// Output:
	// BLOCK
	// Blocked by rule admin-only-from-office (priority 0): URI path is /admin/dashboard and the client IP 203.0.113.9 is not in IP set office
}
