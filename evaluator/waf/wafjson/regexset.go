package wafjson

import (
	"github.com/netverdict/netverdict/evaluator/model"

	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
)

// regexPatternSet reads get-regex-pattern-set's RegexPatternSet. Patterns
// are kept as written ("/[0-9]*/" holds literal slashes); compiling them
// is the evaluator's job (reference section 4.9).
func (d *decoder) regexPatternSet(n jsonwalk.Node) {
	n.Lenient("Name", "Id", "ARN", "Description", "RegularExpressionList")
	s := model.RegexPatternSet{}
	s.Name, _ = d.ruleName(n, "Name")
	s.ID, _ = n.Req("Id")
	s.ARN, _, _ = readARN(n, "ARN", "regexpatternset")
	s.Description = n.Opt("Description")
	if !n.Has("RegularExpressionList") {
		d.Report(n.At("RegularExpressionList"), "", "is required")
	}
	for _, r := range n.Objects("RegularExpressionList") {
		if !r.OK() {
			continue
		}
		r.Strict("RegexString")
		re, ok := r.Req("RegexString")
		if !ok {
			continue
		}
		if len(re) > 512 {
			d.Report(r.At("RegexString"), re, "longer than 512 characters")
			continue
		}
		s.Patterns = append(s.Patterns, re)
	}
	d.doc.RegexPatternSets = append(d.doc.RegexPatternSets, s)
}
