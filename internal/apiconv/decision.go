package apiconv

import (
	"strconv"

	"github.com/netverdict/netverdict/evaluator/model"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// DecisionToProto converts the decision d on flow f to the API. It renders
// each check's reason as a sentence (model.Describe; f may be nil, the
// sentences then say "the traffic") and sets tracking on security-group
// checks only. The result shares nothing with d, which may be reused.
func DecisionToProto(d *model.Decision, f *model.Flow) *netverdictv1.Decision {
	return DecisionToProtoView(d, f, netverdictv1.DecisionView_DECISION_VIEW_FULL)
}

// DecisionToProtoView is DecisionToProto for a partial response: BASIC
// leaves out the reason sentences (the costliest part to render and send),
// VERDICT everything but the flow id and the verdict. UNSPECIFIED (and any
// unknown value) means FULL.
func DecisionToProtoView(d *model.Decision, f *model.Flow, view netverdictv1.DecisionView) *netverdictv1.Decision {
	out := &netverdictv1.Decision{
		FlowId:  d.FlowID,
		Verdict: VerdictToProto(d.Verdict),
	}
	if len(d.Checks) == 0 || view == netverdictv1.DecisionView_DECISION_VIEW_VERDICT {
		return out
	}
	reasons := view != netverdictv1.DecisionView_DECISION_VIEW_BASIC
	// One allocation for the checks and one for all their rules.
	nRules := 0
	for i := range d.Checks {
		nRules += len(d.Checks[i].Rules)
	}
	checks := make([]netverdictv1.Check, len(d.Checks))
	rules := make([]netverdictv1.RuleRef, nRules)
	out.Checks = make([]*netverdictv1.Check, len(d.Checks))
	for i := range d.Checks {
		c := &d.Checks[i]
		pc := &checks[i]
		pc.Layer = layerToProto(c.Layer)
		pc.Leg = legToProto(c.Leg)
		pc.Direction = directionToProto(c.Direction)
		pc.ResourceId = c.ResourceID
		pc.Verdict = VerdictToProto(c.Verdict)
		if c.Layer == model.LayerSecurityGroup {
			pc.Tracking = TrackingToProto(c.Tracking)
		}
		if reasons {
			pc.Reason = model.Describe(c, f)
		}
		if len(c.Rules) > 0 {
			pc.Rules = make([]*netverdictv1.RuleRef, len(c.Rules))
			for j, r := range c.Rules {
				pr := &rules[0]
				rules = rules[1:]
				pr.ResourceId = r.ResourceID
				pr.RuleId = r.RuleID
				pr.RuleNumber = r.RuleNumber
				pr.Description = r.Description
				pc.Rules[j] = pr
			}
		}
		out.Checks[i] = pc
	}
	return out
}

// VerdictToProto maps a model verdict to the API enum.
func VerdictToProto(v model.Verdict) netverdictv1.Verdict {
	switch v {
	case model.VerdictAllow:
		return netverdictv1.Verdict_VERDICT_ALLOW
	case model.VerdictDeny:
		return netverdictv1.Verdict_VERDICT_DENY
	case model.VerdictIndeterminate:
		return netverdictv1.Verdict_VERDICT_INDETERMINATE
	}
	return netverdictv1.Verdict_VERDICT_UNSPECIFIED
}

// TrackingToProto maps a model tracking status to the API enum.
func TrackingToProto(t model.Tracking) netverdictv1.Tracking {
	switch t {
	case model.TrackingTracked:
		return netverdictv1.Tracking_TRACKING_TRACKED
	case model.TrackingUntracked:
		return netverdictv1.Tracking_TRACKING_UNTRACKED
	case model.TrackingAutomatic:
		return netverdictv1.Tracking_TRACKING_AUTOMATIC
	}
	return netverdictv1.Tracking_TRACKING_UNSPECIFIED
}

func layerToProto(l model.Layer) netverdictv1.Layer {
	switch l {
	case model.LayerSecurityGroup:
		return netverdictv1.Layer_LAYER_SECURITY_GROUP
	case model.LayerNetworkACL:
		return netverdictv1.Layer_LAYER_NETWORK_ACL
	case model.LayerNetworkFirewall:
		return netverdictv1.Layer_LAYER_NETWORK_FIREWALL
	case model.LayerWAF:
		return netverdictv1.Layer_LAYER_WAF
	}
	return netverdictv1.Layer_LAYER_UNSPECIFIED
}

func legToProto(l model.Leg) netverdictv1.Leg {
	switch l {
	case model.LegForward:
		return netverdictv1.Leg_LEG_FORWARD
	case model.LegReturn:
		return netverdictv1.Leg_LEG_RETURN
	}
	return netverdictv1.Leg_LEG_UNSPECIFIED
}

func directionToProto(d model.Direction) netverdictv1.Direction {
	switch d {
	case model.DirectionEgress:
		return netverdictv1.Direction_DIRECTION_EGRESS
	case model.DirectionIngress:
		return netverdictv1.Direction_DIRECTION_INGRESS
	}
	return netverdictv1.Direction_DIRECTION_UNSPECIFIED
}

// itoa is strconv.Itoa for int32 values.
func itoa(n int32) string { return strconv.Itoa(int(n)) }
