// Command deploycheck validates Kubernetes manifests offline, as a
// substitute for kubeconform (which needs to download its schemas).
//
// Every YAML document is decoded strictly with client-go's scheme: an
// unknown kind, an unknown or misspelt field, or a value of the wrong type
// is an error. The ServiceMonitor kind (monitoring.coreos.com/v1, a CRD of
// the Prometheus operator, not in client-go's scheme) is decoded strictly
// into a hand-written subset of its type (servicemonitor.go): fields
// outside that subset are reported, too. Then semantic checks run over the
// whole set of objects (checks.go): security context, resources, gRPC
// probes on the gRPC port, Service, PodDisruptionBudget, NetworkPolicy and
// ServiceMonitor selectors and ports that resolve, and so on.
//
// Usage:
//
//	deploycheck [-kustomize DIR] [-expect Kind,...] [FILE|-]...
//	deploycheck -dockerfile FILE [-image-config FILE]
//	deploycheck -dashboard FILE [-metrics FILE]
//
// Files and the kustomize build output are checked as one set of objects
// (cross-references must resolve within it). "-" reads standard input.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// object is one decoded YAML document.
type object struct {
	src       string // file#N
	gvk       schema.GroupVersionKind
	name      string
	namespace string
	obj       runtime.Object  // typed client-go object, or nil for a ServiceMonitor
	sm        *ServiceMonitor // set for a ServiceMonitor
}

func (o *object) String() string { return fmt.Sprintf("%s %s/%s", o.src, o.gvk.Kind, o.name) }

// report collects problems.
type report struct{ errs []string }

func (r *report) errorf(o *object, format string, args ...any) {
	prefix := ""
	if o != nil {
		prefix = o.String() + ": "
	}
	r.errs = append(r.errs, prefix+fmt.Sprintf(format, args...))
}

func main() {
	kustomizeDir := flag.String("kustomize", "", "also build the kustomization in `DIR` (in process, like kubectl kustomize) and check its output; every *.yaml in DIR must be one of its resources")
	expect := flag.String("expect", "", "comma-separated `kinds` that must each appear at least once")
	dockerfile := flag.String("dockerfile", "", "also check the Dockerfile `FILE` (multi-stage, static build, non-root final stage, exec-form entrypoint)")
	imageCfg := flag.String("image-config", "", "compare the image config JSON `FILE` (crane config output) with -dockerfile's final stage")
	dash := flag.String("dashboard", "", "check the Grafana dashboard JSON `FILE`")
	metrics := flag.String("metrics", "", "with -dashboard: a /metrics scrape `FILE` of a running server; every metric the dashboard queries must be in it")
	quiet := flag.Bool("q", false, "print only problems and the summary")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: deploycheck [flags] [FILE|-]...\n")
		flag.PrintDefaults()
	}
	flag.Parse()

	var r report
	var objs []*object
	for _, name := range flag.Args() {
		var data []byte
		var err error
		if name == "-" {
			data, err = io.ReadAll(os.Stdin)
			name = "<stdin>"
		} else {
			data, err = os.ReadFile(name)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "deploycheck:", err)
			os.Exit(2)
		}
		objs = append(objs, decodeAll(&r, name, data)...)
	}
	if *kustomizeDir != "" {
		data, err := kustomizeBuild(*kustomizeDir)
		if err != nil {
			r.errorf(nil, "kustomize %s: %v", *kustomizeDir, err)
		} else {
			objs = append(objs, decodeAll(&r, "kustomize:"+*kustomizeDir, data)...)
		}
	}
	if *dockerfile != "" {
		want := checkDockerfile(&r, *dockerfile)
		if *imageCfg != "" {
			checkImageConfig(&r, *imageCfg, want)
		}
	}
	if *dash != "" {
		checkDashboard(&r, *dash, *metrics)
	}
	if len(objs) == 0 && *dockerfile == "" && *dash == "" {
		r.errorf(nil, "no objects found")
	}
	checkSet(&r, objs)
	if *expect != "" {
		for _, k := range strings.Split(*expect, ",") {
			if !slices.ContainsFunc(objs, func(o *object) bool { return o.gvk.Kind == k }) {
				r.errorf(nil, "expected a %s, found none", k)
			}
		}
	}

	if !*quiet {
		for _, o := range objs {
			fmt.Printf("  %s %s/%s\n", o.gvk.GroupVersion(), o.gvk.Kind, o.name)
		}
	}
	if len(r.errs) > 0 {
		for _, e := range r.errs {
			fmt.Fprintln(os.Stderr, "deploycheck: ERROR:", e)
		}
		fmt.Fprintf(os.Stderr, "deploycheck: %d problem(s) in %d object(s)\n", len(r.errs), len(objs))
		os.Exit(1)
	}
	kinds := map[string]int{}
	for _, o := range objs {
		kinds[o.gvk.Kind]++
	}
	var ks []string
	for k, n := range kinds {
		ks = append(ks, fmt.Sprintf("%s×%d", k, n))
	}
	sort.Strings(ks)
	var what []string
	if len(objs) > 0 {
		what = append(what, fmt.Sprintf("%d object(s) (%s)", len(objs), strings.Join(ks, " ")))
	}
	if *dockerfile != "" {
		what = append(what, *dockerfile)
	}
	if *imageCfg != "" {
		what = append(what, "image config")
	}
	if *dash != "" {
		what = append(what, *dash)
	}
	fmt.Printf("deploycheck: OK: %s\n", strings.Join(what, ", "))
}

// strictDecoder decodes into client-go's typed objects and rejects unknown
// or duplicate fields.
var strictDecoder = json.NewSerializerWithOptions(json.DefaultMetaFactory, scheme.Scheme, scheme.Scheme,
	json.SerializerOptions{Yaml: true, Strict: true})

// decodeAll decodes every document of a multi-document YAML stream.
func decodeAll(r *report, name string, data []byte) []*object {
	var objs []*object
	rd := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for i := 1; ; i++ {
		doc, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		src := fmt.Sprintf("%s#%d", name, i)
		if err != nil {
			r.errorf(nil, "%s: %v", src, err)
			break
		}
		if isEmptyDoc(doc) {
			continue
		}
		if o := decodeOne(r, src, doc); o != nil {
			objs = append(objs, o)
		}
	}
	return objs
}

// isEmptyDoc reports whether a document has only comments and blank lines
// (helm template emits such documents for disabled templates).
func isEmptyDoc(doc []byte) bool {
	for _, line := range strings.Split(string(doc), "\n") {
		t := strings.TrimSpace(line)
		if t != "" && t != "---" && !strings.HasPrefix(t, "#") {
			return false
		}
	}
	return true
}

func decodeOne(r *report, src string, doc []byte) *object {
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Metadata   struct {
			Name      string `json:"name"`
			Namespace string `json:"namespace"`
		} `json:"metadata"`
	}
	if err := yaml.Unmarshal(doc, &head); err != nil {
		r.errorf(nil, "%s: not YAML: %v", src, err)
		return nil
	}
	o := &object{src: src, name: head.Metadata.Name, namespace: head.Metadata.Namespace}
	if head.APIVersion == "" || head.Kind == "" {
		r.errorf(nil, "%s: apiVersion and kind are required", src)
		return nil
	}
	if head.Kind == "ServiceMonitor" && head.APIVersion == "monitoring.coreos.com/v1" {
		o.gvk = schema.FromAPIVersionAndKind(head.APIVersion, head.Kind)
		var sm ServiceMonitor
		if err := yaml.UnmarshalStrict(doc, &sm); err != nil {
			r.errorf(o, "strict decoding (hand-written ServiceMonitor subset): %v", err)
			return nil
		}
		o.sm = &sm
	} else {
		obj, gvk, err := strictDecoder.Decode(doc, nil, nil)
		if err != nil {
			r.errorf(nil, "%s (%s %s/%s): %v", src, head.APIVersion, head.Kind, head.Metadata.Name, err)
			return nil
		}
		o.obj, o.gvk = obj, *gvk
	}
	checkMeta(r, o)
	return o
}

// kustomizeBuild builds a kustomization in process (what `kubectl
// kustomize DIR` does) and checks that every YAML file of DIR is one of its
// resources, so a manifest cannot be forgotten in kustomization.yaml.
func kustomizeBuild(dir string) ([]byte, error) {
	kdata, err := os.ReadFile(filepath.Join(dir, "kustomization.yaml"))
	if err != nil {
		return nil, err
	}
	var k struct {
		Resources []string `json:"resources"`
	}
	if err := yaml.Unmarshal(kdata, &k); err != nil {
		return nil, fmt.Errorf("kustomization.yaml: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	for _, f := range files {
		base := filepath.Base(f)
		if base != "kustomization.yaml" && !slices.Contains(k.Resources, base) {
			return nil, fmt.Errorf("%s is not listed in kustomization.yaml resources", base)
		}
	}
	m, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return nil, err
	}
	return m.AsYaml()
}
