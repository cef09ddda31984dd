package main

import (
	"regexp"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ServiceMonitor is a hand-written subset of the Prometheus operator's
// monitoring.coreos.com/v1 ServiceMonitor (a CRD, not in client-go's
// scheme), enough for the manifests of this repository. It is decoded
// strictly: a field outside this subset is reported, so a field added to
// the manifests must be added here too (after checking the CRD's
// reference, https://prometheus-operator.dev/docs/api-reference/api/).
type ServiceMonitor struct {
	APIVersion string             `json:"apiVersion"`
	Kind       string             `json:"kind"`
	Metadata   metav1.ObjectMeta  `json:"metadata"`
	Spec       ServiceMonitorSpec `json:"spec"`
}

// ServiceMonitorSpec is the subset of the spec deploycheck knows.
type ServiceMonitorSpec struct {
	JobLabel          string               `json:"jobLabel,omitempty"`
	TargetLabels      []string             `json:"targetLabels,omitempty"`
	PodTargetLabels   []string             `json:"podTargetLabels,omitempty"`
	Endpoints         []Endpoint           `json:"endpoints"`
	Selector          metav1.LabelSelector `json:"selector"`
	NamespaceSelector *NamespaceSelector   `json:"namespaceSelector,omitempty"`
	SampleLimit       *uint64              `json:"sampleLimit,omitempty"`
}

// NamespaceSelector selects the namespaces of the monitored Services.
type NamespaceSelector struct {
	Any        bool     `json:"any,omitempty"`
	MatchNames []string `json:"matchNames,omitempty"`
}

// Endpoint is one scraped port of the selected Services.
type Endpoint struct {
	Port              string          `json:"port,omitempty"`
	Path              string          `json:"path,omitempty"`
	Scheme            string          `json:"scheme,omitempty"`
	Interval          string          `json:"interval,omitempty"`
	ScrapeTimeout     string          `json:"scrapeTimeout,omitempty"`
	HonorLabels       bool            `json:"honorLabels,omitempty"`
	Relabelings       []RelabelConfig `json:"relabelings,omitempty"`
	MetricRelabelings []RelabelConfig `json:"metricRelabelings,omitempty"`
}

// RelabelConfig is a Prometheus relabeling rule.
type RelabelConfig struct {
	SourceLabels []string `json:"sourceLabels,omitempty"`
	Separator    *string  `json:"separator,omitempty"`
	TargetLabel  string   `json:"targetLabel,omitempty"`
	Regex        string   `json:"regex,omitempty"`
	Modulus      uint64   `json:"modulus,omitempty"`
	Replacement  *string  `json:"replacement,omitempty"`
	Action       string   `json:"action,omitempty"`
}

// promDuration is the CRD's pattern for intervals and timeouts.
var promDuration = regexp.MustCompile(`^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$`)

// checkServiceMonitor checks one ServiceMonitor on its own; checkSet
// resolves its selector and ports against the Services.
func checkServiceMonitor(r *report, o *object) {
	sm := o.sm
	if len(sm.Spec.Selector.MatchLabels) == 0 && len(sm.Spec.Selector.MatchExpressions) == 0 {
		r.errorf(o, "spec.selector is empty (it would select every Service)")
	}
	if len(sm.Spec.Endpoints) == 0 {
		r.errorf(o, "spec.endpoints is empty")
	}
	for i, e := range sm.Spec.Endpoints {
		if e.Port == "" {
			r.errorf(o, "spec.endpoints[%d].port: a named Service port is required", i)
		}
		if e.Scheme != "" && e.Scheme != "http" && e.Scheme != "https" {
			r.errorf(o, "spec.endpoints[%d].scheme: %q is not http or https", i, e.Scheme)
		}
		for _, d := range []struct{ field, v string }{{"interval", e.Interval}, {"scrapeTimeout", e.ScrapeTimeout}} {
			if d.v != "" && !promDuration.MatchString(d.v) {
				r.errorf(o, "spec.endpoints[%d].%s: %q is not a Prometheus duration", i, d.field, d.v)
			}
		}
	}
}
