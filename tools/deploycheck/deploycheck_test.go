package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestMetricNames(t *testing.T) {
	for expr, want := range map[string][]string{
		`sum by (grpc_method, grpc_code) (rate(grpc_server_handled_total{namespace=~"$namespace", grpc_code!="OK"}[$__rate_interval]))`: {"grpc_server_handled_total"},
		`histogram_quantile(0.99, sum by (le) (rate(x_bucket{a="b"}[5m]))) / clamp_min(y_total, 1e-9)`:                                  {"x_bucket", "y_total"},
		`go_goroutines`:                   {"go_goroutines"},
		`a_total and on(pod) b offset 5m`: {"a_total", "b"},
	} {
		if got := metricNames(expr); !slices.Equal(got, want) {
			t.Errorf("metricNames(%s) = %q, want %q", expr, got, want)
		}
	}
}

// check runs the checks on manifests and returns the problems.
func check(t *testing.T, yamls ...string) []string {
	t.Helper()
	var r report
	var objs []*object
	for i, y := range yamls {
		objs = append(objs, decodeAll(&r, string(rune('a'+i)), []byte(y))...)
	}
	checkSet(&r, objs)
	return r.errs
}

func readDeploy(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "deploy", "kubernetes", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestManifestsClean(t *testing.T) {
	files, _ := filepath.Glob("../../deploy/kubernetes/*.yaml")
	var docs []string
	for _, f := range files {
		if filepath.Base(f) != "kustomization.yaml" {
			docs = append(docs, readDeploy(t, filepath.Base(f)))
		}
	}
	if errs := check(t, docs...); len(errs) > 0 {
		t.Fatalf("deploy/kubernetes: %q", errs)
	}
}

// TestBroken checks that each broken variant of the manifests is reported
// with the expected message.
func TestBroken(t *testing.T) {
	dep, svc, sm := readDeploy(t, "deployment.yaml"), readDeploy(t, "service.yaml"), readDeploy(t, "servicemonitor.yaml")
	for _, tc := range []struct {
		file, old, new, want string
	}{
		{"dep", "ports:", "prots:", `unknown field "spec.template.spec.containers[0].prots"`},
		{"dep", "replicas: 3", `replicas: "3"`, "cannot unmarshal string"},
		{"dep", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", "readOnlyRootFilesystem must be true"},
		{"dep", `drop: ["ALL"]`, `drop: ["NET_RAW"]`, "capabilities.drop must contain ALL"},
		{"dep", "runAsNonRoot: true\n            readOnly", "runAsNonRoot: false\n            readOnly", "runAsNonRoot must be true"},
		{"dep", "              memory: 1Gi", "              cpu: 1", "resources.limits.memory is required"},
		{"dep", "terminationGracePeriodSeconds: 50", "terminationGracePeriodSeconds: 40", "must exceed --drain-delay + --shutdown-timeout"},
		{"dep", "            grpc:\n              port: 50051\n            periodSeconds: 5", "            grpc:\n              port: 50052\n            periodSeconds: 5", "readinessProbe: grpc port 50052"},
		{"dep", "--listen=0.0.0.0:50051", "--listen=127.0.0.1:50051", "loopback only"},
		{"dep", "--data-dir=/var/lib/netverdict", "--data-dir=/data", "is on no mounted volume"},
		{"dep", "- --access-log=errors", "- --access-log=errors\n            - --tls-cert=/var/lib/netverdict/c\n            - --tls-key=/var/lib/netverdict/k", "cannot reach a TLS listener"},
		{"svc", "targetPort: metrics", "targetPort: metric", "targetPort metric is not a container port"},
		{"svc", "app.kubernetes.io/instance: netverdict\n  ports", "app.kubernetes.io/instance: other\n  ports", "selects no pods"},
		{"sm", "- port: metrics", "- port: metric", `port "metric" is not a port name`},
		{"sm", "scrapeTimeout: 10s", "scrapeTimeot: 10s", `unknown field "scrapeTimeot"`},
		{"sm", "netverdict.io/service: main", "netverdict.io/service: nope", "selects no Service"},
	} {
		d, s, m := dep, svc, sm
		target := map[string]*string{"dep": &d, "svc": &s, "sm": &m}[tc.file]
		if !strings.Contains(*target, tc.old) {
			t.Fatalf("%s lacks %q", tc.file, tc.old)
		}
		*target = strings.Replace(*target, tc.old, tc.new, 1)
		errs := check(t, d, s, m)
		if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, tc.want) }) {
			t.Errorf("%s: %q -> %q: want an error containing %q, got %q", tc.file, tc.old, tc.new, tc.want, errs)
		}
	}
}

func TestDockerfile(t *testing.T) {
	var r report
	if checkDockerfile(&r, "../../deploy/Dockerfile"); len(r.errs) > 0 {
		t.Fatalf("deploy/Dockerfile: %q", r.errs)
	}
	bad := filepath.Join(t.TempDir(), "Dockerfile")
	os.WriteFile(bad, []byte("FROM golang:1.26 AS build\nRUN go build -o /n ./cmd/netverdict\nFROM debian\nCOPY --from=build /n /n\nENTRYPOINT /n serve\n"), 0o644)
	r = report{}
	checkDockerfile(&r, bad)
	for _, want := range []string{"CGO_ENABLED=0", "exec (JSON) form", "USER 65532", "EXPOSE lacks 50051", "distroless"} {
		if !slices.ContainsFunc(r.errs, func(e string) bool { return strings.Contains(e, want) }) {
			t.Errorf("bad Dockerfile: want an error containing %q, got %q", want, r.errs)
		}
	}
}
