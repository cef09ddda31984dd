{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "netverdict.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release-chart, or the release name when it contains the chart's. Room is left for "-headless". */}}
{{- define "netverdict.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 54 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 54 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 54 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "netverdict.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "netverdict.selectorLabels" -}}
app.kubernetes.io/name: {{ include "netverdict.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "netverdict.labels" -}}
helm.sh/chart: {{ include "netverdict.chart" . }}
{{ include "netverdict.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "netverdict.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "netverdict.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "netverdict.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The workload kind: a StatefulSet when each replica needs its own PVC. */}}
{{- define "netverdict.workloadKind" -}}
{{- if .Values.persistence.enabled }}StatefulSet{{ else }}Deployment{{ end }}
{{- end }}

{{/* Probe type: grpc or tcp (auto: tcp when the gRPC port speaks TLS, which the kubelet's gRPC probes cannot). */}}
{{- define "netverdict.probeType" -}}
{{- $t := .Values.probes.type }}
{{- if eq $t "auto" }}
{{- if .Values.tls.enabled }}tcp{{ else }}grpc{{ end }}
{{- else }}
{{- $t }}
{{- end }}
{{- end }}

{{- define "netverdict.probeHandler" -}}
{{- if eq (include "netverdict.probeType" .) "grpc" }}
grpc:
  port: {{ .Values.ports.grpc }}
{{- else }}
tcpSocket:
  port: grpc
{{- end }}
{{- end }}

{{- define "netverdict.clientCASecret" -}}
{{- default .Values.tls.secretName .Values.tls.clientCA.secretName }}
{{- end }}

{{/* Value combinations that cannot work fail the rendering with a reason. */}}
{{- define "netverdict.validate" -}}
{{- if and .Values.tls.enabled (not .Values.tls.secretName) }}
{{- fail "tls.enabled needs tls.secretName (a kubernetes.io/tls Secret)" }}
{{- end }}
{{- if and .Values.tls.clientCA.enabled (not .Values.tls.enabled) }}
{{- fail "tls.clientCA.enabled (mutual TLS) needs tls.enabled" }}
{{- end }}
{{- if and .Values.auth.enabled (not .Values.auth.secretName) }}
{{- fail "auth.enabled needs auth.secretName (a Secret whose key auth.key holds the token lines)" }}
{{- end }}
{{- $probe := include "netverdict.probeType" . }}
{{- if and .Values.tls.enabled (eq $probe "grpc") }}
{{- fail "probes.type grpc cannot work with tls.enabled: the kubelet's gRPC probes speak plaintext; use auto or tcp" }}
{{- end }}
{{- if and .Values.auth.enabled (not .Values.auth.openHealth) (eq $probe "grpc") }}
{{- fail "auth.openHealth false with gRPC probes: the kubelet sends no token; use probes.type tcp" }}
{{- end }}
{{- if and .Values.server.defaultConfig.files (not .Values.server.defaultConfig.configMap) }}
{{- fail "server.defaultConfig.files needs server.defaultConfig.configMap" }}
{{- end }}
{{- end }}

{{/* The serve flags (the image's entrypoint is `netverdict serve`). */}}
{{- define "netverdict.args" -}}
- --listen=0.0.0.0:{{ .Values.ports.grpc }}
- --metrics-listen=0.0.0.0:{{ .Values.ports.metrics }}
- --data-dir={{ .Values.persistence.mountPath }}
- --drain-delay={{ .Values.server.drainDelaySeconds }}s
- --shutdown-timeout={{ .Values.server.shutdownTimeoutSeconds }}s
- --log-level={{ .Values.server.logLevel }}
- --access-log={{ .Values.server.accessLog }}
{{- if .Values.server.cacheBytes }}
- --cache-bytes={{ int64 .Values.server.cacheBytes }}
{{- end }}
{{- range .Values.server.defaultConfig.files }}
- --config=/etc/netverdict/config/{{ . }}
{{- end }}
{{- if .Values.tls.enabled }}
- --tls-cert=/etc/netverdict/tls/tls.crt
- --tls-key=/etc/netverdict/tls/tls.key
{{- if .Values.tls.clientCA.enabled }}
- --client-ca=/etc/netverdict/client-ca/{{ .Values.tls.clientCA.key }}
{{- end }}
{{- end }}
{{- if .Values.auth.enabled }}
- --auth-tokens=/etc/netverdict/auth/{{ .Values.auth.key }}
{{- if not .Values.auth.openHealth }}
- --open-health=false
{{- end }}
{{- end }}
{{- if .Values.server.maxCallsPerClient }}
- --max-calls-per-client={{ int64 .Values.server.maxCallsPerClient }}
{{- end }}
{{- with .Values.server.extraArgs }}
{{ toYaml . }}
{{- end }}
{{- end }}
