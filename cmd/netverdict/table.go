package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/netverdict/netverdict/evaluator/model"
	netverdictv1 "github.com/netverdict/netverdict/gen/go/netverdict/v1"
)

// tableWriter prints decisions for people: one block per flow, one row per
// check.
type tableWriter struct {
	tw *tabwriter.Writer
}

func newTableWriter(w io.Writer) *tableWriter {
	return &tableWriter{tw: tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)}
}

func (t *tableWriter) Write(d *netverdictv1.Decision, _ *model.Flow) error {
	fmt.Fprintf(t.tw, "FLOW %s\t%s\n", d.GetFlowId(), trimEnum(d.GetVerdict().String(), "VERDICT_"))
	fmt.Fprintln(t.tw, "  LEG\tLAYER\tDIRECTION\tRESOURCE\tVERDICT\tRULES\tTRACKING\tREASON")
	for _, c := range d.GetChecks() {
		rules := make([]string, 0, len(c.GetRules()))
		for _, r := range c.GetRules() {
			rules = append(rules, r.GetResourceId()+":"+r.GetRuleId())
		}
		ruleText := strings.Join(rules, " ")
		if ruleText == "" {
			ruleText = "-"
		}
		tracking := "-"
		if c.GetTracking() != netverdictv1.Tracking_TRACKING_UNSPECIFIED {
			tracking = strings.ToLower(trimEnum(c.GetTracking().String(), "TRACKING_"))
		}
		fmt.Fprintf(t.tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			strings.ToLower(trimEnum(c.GetLeg().String(), "LEG_")),
			strings.ToLower(strings.ReplaceAll(trimEnum(c.GetLayer().String(), "LAYER_"), "_", "-")),
			strings.ToLower(trimEnum(c.GetDirection().String(), "DIRECTION_")),
			c.GetResourceId(),
			trimEnum(c.GetVerdict().String(), "VERDICT_"),
			ruleText, tracking, c.GetReason())
	}
	fmt.Fprintln(t.tw)
	return nil
}

func (t *tableWriter) Flush() error { return t.tw.Flush() }

func trimEnum(s, prefix string) string {
	s = strings.TrimPrefix(s, prefix)
	if s == "UNSPECIFIED" {
		return "-"
	}
	return s
}
