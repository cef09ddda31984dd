package server

import (
	"time"

	grpcprom "github.com/grpc-ecosystem/go-grpc-middleware/providers/prometheus"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/netverdict/netverdict/evaluator/model"
)

// Metrics holds the server's Prometheus collectors, in their own registry
// (no global state, so several servers can run in one test process).
//
// Per-flow work never touches a collector: decisions are tallied in a
// tally (plain array increments) and added once per request or stream
// batch, through label children resolved at start.
type Metrics struct {
	// Registry holds every collector; serve it with promhttp.HandlerFor.
	Registry *prometheus.Registry
	// GRPC is go-grpc-middleware's grpc_server_* collectors.
	GRPC *grpcprom.ServerMetrics

	decisions      [numLayers][numVerdicts]prometheus.Counter
	flows          prometheus.Counter
	batchSize      prometheus.Observer
	compileSeconds prometheus.Observer
	cacheHits      prometheus.Counter
	cacheMisses    prometheus.Counter
}

// Layer and verdict label values; index 0 of layers is the whole decision.
var (
	layerLabels   = [...]string{"decision", "security_group", "network_acl", "network_firewall", "waf"}
	verdictLabels = [...]string{"unspecified", "allow", "deny", "indeterminate"}
)

const (
	numLayers   = len(layerLabels)
	numVerdicts = len(verdictLabels)
)

// NewMetrics creates the collectors and registers them, with the Go and
// process collectors, in a new registry. snapshots reports the number of
// stored snapshots at scrape time.
func NewMetrics(snapshots func() int) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{Registry: reg}
	m.GRPC = grpcprom.NewServerMetrics(grpcprom.WithServerHandlingTimeHistogram(
		grpcprom.WithHistogramBuckets([]float64{0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}),
	))
	decisions := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "netverdict_decisions_total",
		Help: "Verdicts given, by layer; layer=\"decision\" counts whole-flow verdicts, the others each check.",
	}, []string{"layer", "verdict"})
	for l := range numLayers {
		for v := range numVerdicts {
			m.decisions[l][v] = decisions.WithLabelValues(layerLabels[l], verdictLabels[v])
		}
	}
	m.flows = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "netverdict_flows_evaluated_total",
		Help: "Flows evaluated, over every RPC.",
	})
	batch := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "netverdict_evaluate_batch_size",
		Help:    "Flows per Evaluate request or EvaluateStream batch.",
		Buckets: prometheus.ExponentialBuckets(1, 4, 10), // 1 .. 262144
	})
	m.batchSize = batch
	compile := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "netverdict_snapshot_compile_seconds",
		Help:    "Time to compile a configuration into an evaluable snapshot.",
		Buckets: prometheus.ExponentialBuckets(0.0001, 4, 10), // 100 µs .. 26 s
	})
	m.compileSeconds = compile
	m.cacheHits = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "netverdict_snapshot_cache_hits_total",
		Help: "Compiled snapshots found in the in-memory cache.",
	})
	m.cacheMisses = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "netverdict_snapshot_cache_misses_total",
		Help: "Configurations compiled because they were not in the in-memory cache.",
	})
	stored := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "netverdict_snapshots",
		Help: "Snapshots stored.",
	}, func() float64 { return float64(snapshots()) })
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.GRPC, decisions, m.flows, batch, compile, m.cacheHits, m.cacheMisses, stored,
	)
	return m
}

// compiled records one snapshot compilation.
func (m *Metrics) compiled(d time.Duration) { m.compileSeconds.Observe(d.Seconds()) }

// tally counts the verdicts of a batch of decisions without touching a
// collector; Metrics.add publishes it.
type tally struct {
	n      int
	counts [numLayers][numVerdicts]uint32
}

// count adds one decision.
func (t *tally) count(d *model.Decision) {
	t.n++
	t.counts[0][verdictIndex(d.Verdict)]++
	for i := range d.Checks {
		c := &d.Checks[i]
		l := int(c.Layer)
		if l <= 0 || l >= numLayers {
			continue
		}
		t.counts[l][verdictIndex(c.Verdict)]++
	}
}

// merge adds the counts of o to t.
func (t *tally) merge(o *tally) {
	t.n += o.n
	for l := range numLayers {
		for v := range numVerdicts {
			t.counts[l][v] += o.counts[l][v]
		}
	}
}

func verdictIndex(v model.Verdict) int {
	if int(v) >= numVerdicts {
		return 0
	}
	return int(v)
}

// add publishes a tally as one batch and resets it.
func (m *Metrics) add(t *tally) {
	if t.n == 0 {
		return
	}
	m.flows.Add(float64(t.n))
	m.batchSize.Observe(float64(t.n))
	for l := range numLayers {
		for v := range numVerdicts {
			if c := t.counts[l][v]; c > 0 {
				m.decisions[l][v].Add(float64(c))
			}
		}
	}
	*t = tally{}
}
