package wafjson

import "github.com/netverdict/netverdict/evaluator/model"

// regexPatternSet reads get-regex-pattern-set's RegexPatternSet. Patterns
// are kept as written ("/[0-9]*/" holds literal slashes); compiling them
// is the evaluator's job (reference section 4.9).
func (d *decoder) regexPatternSet(n node) {
	n.lenient("Name", "Id", "ARN", "Description", "RegularExpressionList")
	s := model.RegexPatternSet{}
	s.Name, _ = d.ruleName(n, "Name")
	s.ID, _ = n.req("Id")
	s.ARN, _, _ = n.arn("ARN", "regexpatternset")
	s.Description = n.opt("Description")
	if !n.has("RegularExpressionList") {
		d.errorf(n.at("RegularExpressionList"), "", "is required")
	}
	for _, r := range n.objects("RegularExpressionList") {
		if !r.ok() {
			continue
		}
		r.strict("RegexString")
		re, ok := r.req("RegexString")
		if !ok {
			continue
		}
		if len(re) > 512 {
			d.errorf(r.at("RegexString"), re, "longer than 512 characters")
			continue
		}
		s.Patterns = append(s.Patterns, re)
	}
	d.doc.RegexPatternSets = append(d.doc.RegexPatternSets, s)
}
