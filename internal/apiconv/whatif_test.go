package apiconv

import (
	"testing"

	"github.com/netverdict/netverdict/evaluator/whatif"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// TestChangeEnumsAgree: whatif.Change and the API's Change enum share
// their numbering, which ComparisonToProto relies on.
func TestChangeEnumsAgree(t *testing.T) {
	for c := whatif.ChangeUnspecified; c <= whatif.Indeterminate; c++ {
		if got := netverdictv1.Change(c).String(); got != c.String() {
			t.Errorf("whatif %d is %s, the API's %d is %s", c, c, c, got)
		}
	}
}
