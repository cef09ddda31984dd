package apiconv

import (
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/whatif"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// ComparisonToProto converts a what-if comparison of flow f to the API,
// rendering its decisions in the given view.
func ComparisonToProto(c *whatif.Comparison, f *model.Flow, view netverdictv1.DecisionView) *netverdictv1.FlowComparison {
	out := &netverdictv1.FlowComparison{
		FlowId:   f.ID,
		Change:   netverdictv1.Change(c.Change),
		Base:     DecisionToProtoView(&c.Base, f, view),
		Proposed: DecisionToProtoView(&c.Proposed, f, view),
	}
	if c.Fate != whatif.NotExisting {
		out.Existing = &netverdictv1.ExistingConnection{Fate: fateToProto(c.Fate), Reason: c.FateReason}
	}
	return out
}

func fateToProto(f whatif.Fate) netverdictv1.ExistingConnection_Fate {
	switch f {
	case whatif.Survives:
		return netverdictv1.ExistingConnection_FATE_SURVIVES
	case whatif.Cut:
		return netverdictv1.ExistingConnection_FATE_CUT
	case whatif.Unknown:
		return netverdictv1.ExistingConnection_FATE_UNKNOWN
	}
	return netverdictv1.ExistingConnection_FATE_UNSPECIFIED
}

// SummaryToProto converts a what-if summary to the API; the destination
// and rule lists are sorted most first and cut at top entries (0: all).
func SummaryToProto(s *whatif.Summary, top int) *netverdictv1.WhatIfSummary {
	out := &netverdictv1.WhatIfSummary{Flows: s.Flows, ExistingSurvive: s.Survive, ExistingCut: s.Cut}
	for c := whatif.Unchanged; c <= whatif.Indeterminate; c++ {
		out.Changes = append(out.Changes, &netverdictv1.ChangeCount{Change: netverdictv1.Change(c), Count: s.Changes[c]})
	}
	for _, kc := range whatif.Top(s.Destinations, top) {
		out.Destinations = append(out.Destinations, &netverdictv1.KeyCount{Key: kc.Key, Count: kc.Count})
	}
	for _, kc := range whatif.Top(s.Rules, top) {
		out.Rules = append(out.Rules, &netverdictv1.KeyCount{Key: kc.Key, Count: kc.Count})
	}
	return out
}
