package main

import (
	"fmt"
	"net"
	"path"
	"strconv"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
)

// The server's defaults that the checks depend on (netverdict serve -h).
const (
	defaultShutdownTimeout = 30 * time.Second
	defaultDrainDelay      = 0
)

// fileFlags are the serve flags that name a file or directory, which must
// lie on a mounted volume (the root file system is read-only).
var fileFlags = []string{"data-dir", "tls-cert", "tls-key", "client-ca", "auth-tokens", "config"}

// boolFlags take no separate value.
var boolFlags = map[string]bool{"open-health": true, "pprof": true}

// checkMeta checks the names and labels of one object.
func checkMeta(r *report, o *object) {
	if o.name == "" {
		r.errorf(o, "metadata.name is required")
	} else if errs := validation.IsDNS1123Subdomain(o.name); len(errs) > 0 {
		r.errorf(o, "metadata.name %q: %s", o.name, strings.Join(errs, "; "))
	}
	var lbls map[string]string
	if o.sm != nil {
		lbls = o.sm.Metadata.Labels
	} else if m, ok := o.obj.(metav1.Object); ok {
		lbls = m.GetLabels()
	}
	for k, v := range lbls {
		if errs := validation.IsQualifiedName(k); len(errs) > 0 {
			r.errorf(o, "label key %q: %s", k, strings.Join(errs, "; "))
		}
		if errs := validation.IsValidLabelValue(v); len(errs) > 0 {
			r.errorf(o, "label %s value %q: %s", k, v, strings.Join(errs, "; "))
		}
	}
}

// workload is a Deployment or StatefulSet.
type workload struct {
	o        *object
	replicas int32
	selector *metav1.LabelSelector
	pod      *corev1.PodTemplateSpec
	claims   []corev1.PersistentVolumeClaim // a StatefulSet's volumeClaimTemplates
}

func (w *workload) matches(ns string, sel labels.Selector) bool {
	return w.o.namespace == ns && !sel.Empty() && sel.Matches(labels.Set(w.pod.Labels))
}

// checkSet runs the checks of each object and of the references between
// them.
func checkSet(r *report, objs []*object) {
	seen := map[string]*object{}
	var workloads []*workload
	var services []*object
	for _, o := range objs {
		key := o.gvk.GroupKind().String() + " " + o.namespace + "/" + o.name
		if prev, ok := seen[key]; ok {
			r.errorf(o, "duplicate of %s", prev)
		}
		seen[key] = o
		switch v := o.obj.(type) {
		case *appsv1.Deployment:
			workloads = append(workloads, &workload{o, replicas(v.Spec.Replicas), v.Spec.Selector, &v.Spec.Template, nil})
		case *appsv1.StatefulSet:
			workloads = append(workloads, &workload{o, replicas(v.Spec.Replicas), v.Spec.Selector, &v.Spec.Template, v.Spec.VolumeClaimTemplates})
			checkStatefulSet(r, o, v, objs)
		case *corev1.Service:
			services = append(services, o)
		}
	}
	for _, w := range workloads {
		checkWorkload(r, w)
	}
	for _, o := range objs {
		switch v := o.obj.(type) {
		case *corev1.Service:
			checkService(r, o, v, workloads)
		case *autoscalingv2.HorizontalPodAutoscaler:
			checkHPA(r, o, v, workloads)
		case *policyv1.PodDisruptionBudget:
			checkPDB(r, o, v, workloads)
		case *networkingv1.NetworkPolicy:
			checkNetworkPolicy(r, o, v, workloads)
		}
		if o.sm != nil {
			checkServiceMonitor(r, o)
			resolveServiceMonitor(r, o, services)
		}
	}
}

func replicas(p *int32) int32 {
	if p == nil {
		return 1
	}
	return *p
}

// selectorOf converts a label selector, reporting a bad one.
func selectorOf(r *report, o *object, field string, s *metav1.LabelSelector) labels.Selector {
	if s == nil {
		r.errorf(o, "%s is required", field)
		return labels.Nothing()
	}
	sel, err := metav1.LabelSelectorAsSelector(s)
	if err != nil {
		r.errorf(o, "%s: %v", field, err)
		return labels.Nothing()
	}
	return sel
}

// matching returns the workloads whose pods a selector selects.
func matching(r *report, o *object, field string, s *metav1.LabelSelector, ws []*workload) []*workload {
	sel := selectorOf(r, o, field, s)
	var out []*workload
	for _, w := range ws {
		if w.matches(o.namespace, sel) {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		r.errorf(o, "%s %s selects no pods of a Deployment or StatefulSet in namespace %q", field, sel, o.namespace)
	}
	return out
}

// parseArgs returns the --flag values of a command line ("--a=b", "--a b"
// and bool flags), with the repeated ones in order.
func parseArgs(args []string) (map[string][]string, []string) {
	flags := map[string][]string{}
	var positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") {
			positional = append(positional, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		if k, v, ok := strings.Cut(name, "="); ok {
			flags[k] = append(flags[k], v)
			continue
		}
		if boolFlags[name] || i+1 >= len(args) {
			flags[name] = append(flags[name], "true")
			continue
		}
		i++
		flags[name] = append(flags[name], args[i])
	}
	return flags, positional
}

func lastFlag(flags map[string][]string, name, def string) string {
	if v := flags[name]; len(v) > 0 {
		return v[len(v)-1]
	}
	return def
}

// checkWorkload checks a pod template: security, resources, and for the
// netverdict container (the one with a port named grpc) its flags, ports,
// probes, volumes and grace period.
func checkWorkload(r *report, w *workload) {
	o, pod := w.o, w.pod
	sel := selectorOf(r, o, "spec.selector", w.selector)
	if !sel.Matches(labels.Set(pod.Labels)) {
		r.errorf(o, "spec.selector %s does not match the pod template's labels %v", sel, pod.Labels)
	}
	ps := pod.Spec
	psc := ps.SecurityContext
	if psc == nil {
		psc = &corev1.PodSecurityContext{}
	}
	if ps.AutomountServiceAccountToken == nil || *ps.AutomountServiceAccountToken {
		r.errorf(o, "automountServiceAccountToken should be false: the server does not call the Kubernetes API")
	}
	volumes := map[string]*corev1.Volume{}
	for i := range ps.Volumes {
		volumes[ps.Volumes[i].Name] = &ps.Volumes[i]
	}
	for _, pvc := range w.claims {
		if _, ok := volumes[pvc.Name]; ok {
			r.errorf(o, "volumeClaimTemplate %s has the name of a pod volume", pvc.Name)
		}
		volumes[pvc.Name] = &corev1.Volume{Name: pvc.Name, VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: pvc.Name}}}
		if q, ok := pvc.Spec.Resources.Requests[corev1.ResourceStorage]; !ok || q.IsZero() {
			r.errorf(o, "volumeClaimTemplate %s: resources.requests.storage is required", pvc.Name)
		}
		if len(pvc.Spec.AccessModes) == 0 {
			r.errorf(o, "volumeClaimTemplate %s: accessModes is required", pvc.Name)
		}
	}
	found := false
	for _, c := range append(append([]corev1.Container{}, ps.InitContainers...), ps.Containers...) {
		checkContainerSecurity(r, o, &c, psc)
		checkResources(r, o, &c)
		for _, m := range c.VolumeMounts {
			if volumes[m.Name] == nil {
				r.errorf(o, "container %s mounts volume %q, which the pod does not declare", c.Name, m.Name)
			}
		}
		if port(&c, "grpc") != nil {
			found = true
			checkServer(r, w, &c, volumes)
		}
	}
	if !found {
		r.errorf(o, "no container has a port named grpc (the netverdict server's)")
	}
}

func checkContainerSecurity(r *report, o *object, c *corev1.Container, psc *corev1.PodSecurityContext) {
	sc := c.SecurityContext
	if sc == nil {
		r.errorf(o, "container %s: securityContext is required", c.Name)
		return
	}
	nonRoot := (sc.RunAsNonRoot != nil && *sc.RunAsNonRoot) || (sc.RunAsNonRoot == nil && psc.RunAsNonRoot != nil && *psc.RunAsNonRoot)
	if !nonRoot {
		r.errorf(o, "container %s: runAsNonRoot must be true (container or pod securityContext)", c.Name)
	}
	uid := sc.RunAsUser
	if uid == nil {
		uid = psc.RunAsUser
	}
	if uid != nil && *uid == 0 {
		r.errorf(o, "container %s: runAsUser is 0", c.Name)
	}
	if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
		r.errorf(o, "container %s: readOnlyRootFilesystem must be true", c.Name)
	}
	if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		r.errorf(o, "container %s: allowPrivilegeEscalation must be false", c.Name)
	}
	if sc.Privileged != nil && *sc.Privileged {
		r.errorf(o, "container %s: privileged", c.Name)
	}
	dropAll := false
	if sc.Capabilities != nil {
		for _, d := range sc.Capabilities.Drop {
			dropAll = dropAll || d == "ALL"
		}
		if len(sc.Capabilities.Add) > 0 {
			r.errorf(o, "container %s: adds capabilities %v", c.Name, sc.Capabilities.Add)
		}
	}
	if !dropAll {
		r.errorf(o, "container %s: capabilities.drop must contain ALL", c.Name)
	}
	sp := sc.SeccompProfile
	if sp == nil {
		sp = psc.SeccompProfile
	}
	if sp == nil || (sp.Type != corev1.SeccompProfileTypeRuntimeDefault && sp.Type != corev1.SeccompProfileTypeLocalhost) {
		r.errorf(o, "container %s: seccompProfile must be RuntimeDefault or Localhost (container or pod securityContext)", c.Name)
	}
}

func checkResources(r *report, o *object, c *corev1.Container) {
	for _, res := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		if q, ok := c.Resources.Requests[res]; !ok || q.IsZero() {
			r.errorf(o, "container %s: resources.requests.%s is required", c.Name, res)
		}
	}
	if q, ok := c.Resources.Limits[corev1.ResourceMemory]; !ok || q.IsZero() {
		r.errorf(o, "container %s: resources.limits.memory is required", c.Name)
	}
	for res, lim := range c.Resources.Limits {
		if req, ok := c.Resources.Requests[res]; ok && req.Cmp(lim) > 0 {
			r.errorf(o, "container %s: requests.%s %s exceeds limits.%s %s", c.Name, res, req.String(), res, lim.String())
		}
	}
}

// port returns a container's port by name.
func port(c *corev1.Container, name string) *corev1.ContainerPort {
	for i := range c.Ports {
		if c.Ports[i].Name == name {
			return &c.Ports[i]
		}
	}
	return nil
}

// listenPort checks a listen address flag: it must be reachable from
// outside the pod (not loopback) and on the named container port.
func listenPort(r *report, o *object, c *corev1.Container, flag, addr, portName string) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		r.errorf(o, "container %s: --%s %q: %v", c.Name, flag, addr, err)
		return
	}
	if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
		r.errorf(o, "container %s: --%s %q listens on loopback only: unreachable from outside the pod", c.Name, flag, addr)
	}
	cp := port(c, portName)
	if cp == nil {
		r.errorf(o, "container %s: --%s is set but there is no container port named %s", c.Name, flag, portName)
		return
	}
	if strconv.Itoa(int(cp.ContainerPort)) != p {
		r.errorf(o, "container %s: --%s port %s differs from container port %s (%d)", c.Name, flag, p, portName, cp.ContainerPort)
	}
}

// checkServer checks the netverdict container.
func checkServer(r *report, w *workload, c *corev1.Container, volumes map[string]*corev1.Volume) {
	o := w.o
	if c.Image == "" {
		r.errorf(o, "container %s: image is required", c.Name)
	} else if strings.HasSuffix(c.Image, ":latest") || !strings.ContainsAny(c.Image, ":@") {
		r.errorf(o, "container %s: image %q: pin a version tag or digest, not latest", c.Name, c.Image)
	}
	if len(c.Command) > 0 {
		r.errorf(o, "container %s: command overrides the image's entrypoint (netverdict serve); pass serve flags in args", c.Name)
	}
	flags, positional := parseArgs(c.Args)
	if len(positional) > 0 {
		r.errorf(o, "container %s: args %v are not flags (the entrypoint is already `netverdict serve`)", c.Name, positional)
	}
	if len(flags["listen"]) == 0 {
		r.errorf(o, "container %s: --listen is required (the default 127.0.0.1:50051 is unreachable from outside the pod)", c.Name)
	} else {
		listenPort(r, o, c, "listen", lastFlag(flags, "listen", ""), "grpc")
	}
	if ml := lastFlag(flags, "metrics-listen", "127.0.0.1:9090"); ml != "" {
		listenPort(r, o, c, "metrics-listen", ml, "metrics")
	}
	// Files on mounted volumes.
	mountOf := func(p string) *corev1.VolumeMount {
		var best *corev1.VolumeMount
		for i := range c.VolumeMounts {
			m := &c.VolumeMounts[i]
			mp := path.Clean(m.MountPath)
			if p == mp || strings.HasPrefix(p, mp+"/") {
				if best == nil || len(mp) > len(best.MountPath) {
					best = m
				}
			}
		}
		return best
	}
	for _, f := range fileFlags {
		for _, v := range flags[f] {
			m := mountOf(path.Clean(v))
			if m == nil {
				r.errorf(o, "container %s: --%s %s is on no mounted volume (the root file system is read-only and has no such file)", c.Name, f, v)
				continue
			}
			if f != "data-dir" {
				continue
			}
			if m.ReadOnly {
				r.errorf(o, "container %s: --data-dir %s is on a read-only mount", c.Name, v)
			}
			if vol := volumes[m.Name]; vol != nil && vol.EmptyDir == nil && vol.PersistentVolumeClaim == nil && vol.Ephemeral == nil {
				r.errorf(o, "container %s: --data-dir %s is on volume %s, neither an emptyDir nor a PersistentVolumeClaim", c.Name, v, m.Name)
			}
		}
	}
	_, cert := flags["tls-cert"]
	_, key := flags["tls-key"]
	_, ca := flags["client-ca"]
	tls := cert || key
	if cert != key {
		r.errorf(o, "container %s: --tls-cert and --tls-key go together", c.Name)
	}
	if ca && !tls {
		r.errorf(o, "container %s: --client-ca needs --tls-cert and --tls-key", c.Name)
	}
	openHealth := lastFlag(flags, "open-health", "true") == "true"
	_, auth := flags["auth-tokens"]

	grpcPort := port(c, "grpc").ContainerPort
	probes := []struct {
		name string
		p    *corev1.Probe
	}{{"readinessProbe", c.ReadinessProbe}, {"livenessProbe", c.LivenessProbe}, {"startupProbe", c.StartupProbe}}
	for _, pr := range probes {
		p := pr.p
		switch {
		case p == nil:
			r.errorf(o, "container %s: %s is required", c.Name, pr.name)
		case p.GRPC != nil:
			if p.GRPC.Port != grpcPort {
				r.errorf(o, "container %s: %s: grpc port %d is not the gRPC container port %d", c.Name, pr.name, p.GRPC.Port, grpcPort)
			}
			if tls {
				r.errorf(o, "container %s: %s: the kubelet's grpc probes speak plaintext and cannot reach a TLS listener (--tls-cert); use tcpSocket or exec", c.Name, pr.name)
			}
			if auth && !openHealth {
				r.errorf(o, "container %s: %s: grpc probes send no token and --open-health=false requires one", c.Name, pr.name)
			}
		case p.TCPSocket != nil:
			if !tls {
				r.errorf(o, "container %s: %s: use a grpc probe (it sees NOT_SERVING); tcpSocket is only for TLS listeners", c.Name, pr.name)
			}
			if pp := p.TCPSocket.Port; !(pp.Type == intstr.String && pp.StrVal == "grpc") && !(pp.Type == intstr.Int && pp.IntVal == grpcPort) {
				r.errorf(o, "container %s: %s: tcpSocket port %s is not the gRPC port", c.Name, pr.name, pp.String())
			}
		case p.Exec != nil:
		default:
			r.errorf(o, "container %s: %s: use a grpc probe on port %d", c.Name, pr.name, grpcPort)
		}
	}

	// Grace period: drain delay + shutdown timeout, plus slack.
	drain, err1 := durationFlag(flags, "drain-delay", defaultDrainDelay)
	shutdown, err2 := durationFlag(flags, "shutdown-timeout", defaultShutdownTimeout)
	for _, err := range []error{err1, err2} {
		if err != nil {
			r.errorf(o, "container %s: %v", c.Name, err)
		}
	}
	grace := int64(30)
	if g := w.pod.Spec.TerminationGracePeriodSeconds; g != nil {
		grace = *g
	}
	if need := drain + shutdown; time.Duration(grace)*time.Second <= need {
		r.errorf(o, "terminationGracePeriodSeconds %d must exceed --drain-delay + --shutdown-timeout (%s), or the kubelet kills calls still draining", grace, need)
	}
	if drain == 0 {
		r.errorf(o, "container %s: --drain-delay is 0: endpoints and clients need a few seconds to notice a terminating pod", c.Name)
	}
}

func durationFlag(flags map[string][]string, name string, def time.Duration) (time.Duration, error) {
	v := lastFlag(flags, name, "")
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("--%s %q: %v", name, v, err)
	}
	return d, nil
}

func checkStatefulSet(r *report, o *object, s *appsv1.StatefulSet, objs []*object) {
	for _, x := range objs {
		if svc, ok := x.obj.(*corev1.Service); ok && x.name == s.Spec.ServiceName && x.namespace == o.namespace {
			if svc.Spec.ClusterIP != corev1.ClusterIPNone {
				r.errorf(o, "spec.serviceName %s is not a headless Service", s.Spec.ServiceName)
			}
			return
		}
	}
	r.errorf(o, "spec.serviceName %q names no Service of the set", s.Spec.ServiceName)
}

// checkService checks that a Service selects the server's pods and that
// each of its ports leads to a container port.
func checkService(r *report, o *object, s *corev1.Service, ws []*workload) {
	if s.Spec.Type == corev1.ServiceTypeExternalName {
		return
	}
	if len(s.Spec.Ports) == 0 && s.Spec.ClusterIP != corev1.ClusterIPNone {
		r.errorf(o, "no ports")
	}
	sel := &metav1.LabelSelector{MatchLabels: s.Spec.Selector}
	targets := matching(r, o, "spec.selector", sel, ws)
	for _, sp := range s.Spec.Ports {
		if len(s.Spec.Ports) > 1 && sp.Name == "" {
			r.errorf(o, "port %d: a Service with several ports must name each", sp.Port)
		}
		tp := sp.TargetPort
		if tp.Type == intstr.Int && tp.IntVal == 0 {
			tp = intstr.FromInt32(sp.Port)
		}
		for _, w := range targets {
			if !containerHasPort(w, tp) {
				r.errorf(o, "port %s: targetPort %s is not a container port of %s", sp.Name, tp.String(), w.o)
			}
		}
	}
}

func containerHasPort(w *workload, p intstr.IntOrString) bool {
	for _, c := range w.pod.Spec.Containers {
		for _, cp := range c.Ports {
			if (p.Type == intstr.String && cp.Name == p.StrVal) || (p.Type == intstr.Int && cp.ContainerPort == p.IntVal) {
				return true
			}
		}
	}
	return false
}

func checkHPA(r *report, o *object, h *autoscalingv2.HorizontalPodAutoscaler, ws []*workload) {
	ref := h.Spec.ScaleTargetRef
	var target *workload
	for _, w := range ws {
		if w.o.gvk.Kind == ref.Kind && w.o.name == ref.Name && w.o.namespace == o.namespace && w.o.gvk.GroupVersion().String() == ref.APIVersion {
			target = w
		}
	}
	if target == nil {
		r.errorf(o, "scaleTargetRef %s %s/%s is not in the set", ref.APIVersion, ref.Kind, ref.Name)
		return
	}
	min := int32(1)
	if h.Spec.MinReplicas != nil {
		min = *h.Spec.MinReplicas
	}
	if min > h.Spec.MaxReplicas {
		r.errorf(o, "minReplicas %d > maxReplicas %d", min, h.Spec.MaxReplicas)
	}
	if len(h.Spec.Metrics) == 0 {
		r.errorf(o, "no metrics")
	}
	for _, m := range h.Spec.Metrics {
		if m.Type == autoscalingv2.ResourceMetricSourceType && m.Resource != nil && m.Resource.Target.Type == autoscalingv2.UtilizationMetricType {
			for _, c := range target.pod.Spec.Containers {
				if _, ok := c.Resources.Requests[m.Resource.Name]; !ok {
					r.errorf(o, "%s utilization needs a %s request on container %s", m.Resource.Name, m.Resource.Name, c.Name)
				}
			}
		}
	}
}

func checkPDB(r *report, o *object, p *policyv1.PodDisruptionBudget, ws []*workload) {
	if (p.Spec.MinAvailable == nil) == (p.Spec.MaxUnavailable == nil) {
		r.errorf(o, "set exactly one of minAvailable and maxUnavailable")
	}
	for _, w := range matching(r, o, "spec.selector", p.Spec.Selector, ws) {
		if m := p.Spec.MinAvailable; m != nil && m.Type == intstr.Int && m.IntVal >= w.replicas {
			r.errorf(o, "minAvailable %d >= %s's %d replicas: no voluntary eviction (node drain) could ever proceed", m.IntVal, w.o, w.replicas)
		}
		if m := p.Spec.MaxUnavailable; m != nil && m.Type == intstr.Int && m.IntVal == 0 {
			r.errorf(o, "maxUnavailable 0 blocks every node drain")
		}
	}
}

func checkNetworkPolicy(r *report, o *object, np *networkingv1.NetworkPolicy, ws []*workload) {
	targets := matching(r, o, "spec.podSelector", &np.Spec.PodSelector, ws)
	for i, rule := range np.Spec.Ingress {
		if len(rule.From) == 0 {
			r.errorf(o, "ingress[%d] has no from: it admits every source", i)
		}
		for _, p := range rule.Ports {
			if p.Port == nil {
				continue
			}
			for _, w := range targets {
				if !containerHasPort(w, *p.Port) {
					r.errorf(o, "ingress[%d] port %s is not a container port of %s", i, p.Port.String(), w.o)
				}
			}
		}
	}
}

// resolveServiceMonitor checks that a ServiceMonitor selects a Service of
// the set with each endpoint's named port.
func resolveServiceMonitor(r *report, o *object, services []*object) {
	spec := o.sm.Spec
	sel := selectorOf(r, o, "spec.selector", &spec.Selector)
	var hits []*corev1.Service
	for _, s := range services {
		svc := s.obj.(*corev1.Service)
		inNS := s.namespace == o.namespace
		if ns := spec.NamespaceSelector; ns != nil {
			inNS = ns.Any || (len(ns.MatchNames) == 0 && inNS)
			for _, n := range ns.MatchNames {
				inNS = inNS || n == s.namespace
			}
		}
		if inNS && sel.Matches(labels.Set(svc.Labels)) {
			hits = append(hits, svc)
		}
	}
	if len(hits) == 0 {
		r.errorf(o, "spec.selector %s selects no Service of the set (it matches Service labels, not pod labels)", sel)
	}
	if len(hits) > 1 {
		r.errorf(o, "spec.selector %s selects %d Services: each pod would be scraped %d times", sel, len(hits), len(hits))
	}
	for i, e := range spec.Endpoints {
		for _, svc := range hits {
			ok := false
			for _, sp := range svc.Spec.Ports {
				ok = ok || sp.Name == e.Port
			}
			if !ok {
				r.errorf(o, "spec.endpoints[%d].port %q is not a port name of Service %s", i, e.Port, svc.Name)
			}
		}
	}
}
