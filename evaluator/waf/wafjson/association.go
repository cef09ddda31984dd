package wafjson

import "github.com/netverdict/netverdict/evaluator/model"

// associations reads netverdict's association document:
// {"WebACLAssociations": [{"WebACLArn": "...", "ResourceArn": "..."}]}. A
// resource has at most one web ACL.
func (d *decoder) associations(top node) {
	seen := map[string]string{}
	for _, a := range top.objects("WebACLAssociations") {
		if !a.ok() {
			continue
		}
		a.strict("WebACLArn", "ResourceArn")
		acl, _, aok := a.arn("WebACLArn", "webacl")
		res, rok := a.req("ResourceArn")
		if rok && (len(res) < 4 || res[:4] != "arn:") {
			d.errorf(a.at("ResourceArn"), res, "expected an ARN")
			rok = false
		}
		if !aok || !rok {
			continue
		}
		if prev, dup := seen[res]; dup {
			d.errorf(a.at("ResourceArn"), res, "is associated with two web ACLs (also "+prev+"): a resource has at most one")
			continue
		}
		seen[res] = a.path
		d.doc.Associations = append(d.doc.Associations, model.WebACLAssociation{WebACLARN: acl, ResourceARN: res})
	}
}
