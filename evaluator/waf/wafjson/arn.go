package wafjson

import (
	"strings"

	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
)

// wafARN is a parsed WAF v2 resource ARN:
// arn:<partition>:wafv2:<region>:<account>:<regional|global>/<type>/<name>/<id>.
type wafARN struct {
	account, scope, typ, name, id string
}

// parseWAFARN splits a WAF v2 ARN; false when s is not one.
func parseWAFARN(s string) (wafARN, bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" || parts[2] != "wafv2" || parts[4] == "" {
		return wafARN{}, false
	}
	res := strings.Split(parts[5], "/")
	if len(res) != 4 || (res[0] != "regional" && res[0] != "global") || res[1] == "" || res[2] == "" || res[3] == "" {
		return wafARN{}, false
	}
	return wafARN{account: parts[4], scope: res[0], typ: res[1], name: res[2], id: res[3]}, true
}

// readARN reads the required ARN member key of n, which must be a WAF v2
// ARN of resource type typ (webacl, ipset, regexpatternset, rulegroup).
func readARN(n jsonwalk.Node, key, typ string) (string, wafARN, bool) {
	s, ok := n.Req(key)
	if !ok {
		return "", wafARN{}, false
	}
	a, ok := parseWAFARN(s)
	if !ok {
		n.Problems.Report(n.At(key), s, "invalid WAF v2 ARN: expected arn:<partition>:wafv2:<region>:<account>:<regional|global>/"+typ+"/<name>/<id>")
		return "", wafARN{}, false
	}
	if a.typ != typ {
		n.Problems.Report(n.At(key), s, "is a WAF "+a.typ+" ARN, expected a "+typ+" ARN")
		return "", wafARN{}, false
	}
	return s, a, true
}

// labelNamespace is the namespace AWS gives the labels of a web ACL's or rule
// group's own rules, "awswaf:<account>:<webacl|rulegroup>:<name>:"
// (reference section 4.6).
func (a wafARN) labelNamespace() string {
	return "awswaf:" + a.account + ":" + a.typ + ":" + a.name + ":"
}
