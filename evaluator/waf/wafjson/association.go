package wafjson

import (
	"github.com/netverdict/netverdict/evaluator/model"

	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
)

// associations reads netverdict's association document:
// {"WebACLAssociations": [{"WebACLArn": "...", "ResourceArn": "..."}]}. A
// resource has at most one web ACL.
func (d *decoder) associations(top jsonwalk.Node) {
	seen := map[string]string{}
	for _, a := range top.Objects("WebACLAssociations") {
		if !a.OK() {
			continue
		}
		a.Strict("WebACLArn", "ResourceArn")
		acl, _, aok := readARN(a, "WebACLArn", "webacl")
		res, rok := a.Req("ResourceArn")
		if rok && (len(res) < 4 || res[:4] != "arn:") {
			d.Report(a.At("ResourceArn"), res, "expected an ARN")
			rok = false
		}
		if !aok || !rok {
			continue
		}
		if prev, dup := seen[res]; dup {
			d.Report(a.At("ResourceArn"), res, "is associated with two web ACLs (also "+prev+"): a resource has at most one")
			continue
		}
		seen[res] = a.Path
		d.doc.Associations = append(d.doc.Associations, model.WebACLAssociation{WebACLARN: acl, ResourceARN: res})
	}
}
