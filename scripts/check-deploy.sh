#!/usr/bin/env bash
# scripts/check-deploy.sh - deploy/ validated offline (`make check-deploy`):
#
#   1. tools/deploycheck's own tests, then the Dockerfile's contract
#      (multi-stage, CGO_ENABLED=0, nonroot, exec-form entrypoint, ports);
#   2. the binary built as the Dockerfile's build stage builds it
#      (CGO_ENABLED=0 -trimpath -ldflags "-s -w") is static;
#   3. an OCI image built without a Docker engine or a registry: ko on a
#      scratch-like base (/etc/passwd with nonroot 65532) served by a
#      throwaway `crane registry` on 127.0.0.1, then crane sets the
#      Dockerfile's entrypoint/cmd; written to bin/netverdict-image.tar and
#      its config compared with the Dockerfile's final stage;
#   4. deploy/kubernetes: every manifest, and the kustomize build, decoded
#      strictly with client-go's scheme plus semantic checks (deploycheck);
#   5. the Helm chart: helm lint --strict, helm template with the default
#      values, with TLS + mTLS + auth + persistence + every toggle, and
#      invalid combinations that must fail; each rendering through
#      deploycheck;
#   6. the Grafana dashboard: every metric it queries is exported by the
#      image's binary, started on 127.0.0.1 (random ports) and called once.
#
# Needs what `make setup` installs (helm, ko, crane in $(go env GOPATH)/bin);
# no network besides the Go module proxy for tools/deploycheck's modules
# when they are not in the module cache yet.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
GOBIN="${GOBIN:-$(go env GOPATH)/bin}"
export PATH="$GOBIN:$PATH"
t0=$(date +%s)
step() { printf '[check-deploy %3ss] %s\n' "$(($(date +%s) - t0))" "$*"; }
fail() { echo "check-deploy: FAIL: $*" >&2; exit 1; }
for t in helm ko crane; do
	command -v "$t" >/dev/null || fail "$t not found in $GOBIN: run make setup"
done

TMP="$(mktemp -d)"
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$TMP"
}
trap cleanup EXIT
export HELM_CACHE_HOME="$TMP/helm/cache" HELM_CONFIG_HOME="$TMP/helm/config" HELM_DATA_HOME="$TMP/helm/data"
mkdir -p bin

# 1. deploycheck, its tests, the Dockerfile.
step "build tools/deploycheck"
unformatted="$(gofmt -l tools/deploycheck)"
[ -z "$unformatted" ] || fail "gofmt needed: $unformatted"
(cd tools/deploycheck && go build -o "$TMP/deploycheck" . && go vet . && go test -count=1 . >"$TMP/dc-test.log") ||
	{ cat "$TMP/dc-test.log" 2>/dev/null; fail "tools/deploycheck"; }
DC="$TMP/deploycheck"

# 2. The Dockerfile's build stage, as a plain go build.
step "static binary (CGO_ENABLED=0 -trimpath -ldflags '-s -w')"
CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags "-s -w" -o "$TMP/netverdict-static" ./cmd/netverdict
if command -v file >/dev/null; then
	file -b "$TMP/netverdict-static" | grep -q "statically linked" || fail "not static: $(file -b "$TMP/netverdict-static")"
fi
go version -m "$TMP/netverdict-static" | grep -q 'CGO_ENABLED=0' || fail "go version -m: built with cgo"
go version -m "$TMP/netverdict-static" | grep -q -- '-trimpath=true' || fail "go version -m: not -trimpath"

# 3. The image: ko + crane, offline.
step "image: ko build on a local nonroot base, crane mutate"
base="$TMP/base"
mkdir -p "$base/rootfs/etc" "$base/rootfs/tmp" "$base/registry"
chmod 1777 "$base/rootfs/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$base/rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$base/rootfs/etc/group"
tar --owner=0 --group=0 --numeric-owner --mtime='2000-01-01 00:00Z' -cf "$base/layer.tar" -C "$base/rootfs" .
crane registry serve --address 127.0.0.1:0 --disk "$base/registry" >"$TMP/registry.log" 2>&1 &
PIDS+=($!)
port=""
for _ in $(seq 1 50); do # bounded: 50 × 0.1 s
	port="$(sed -n 's/.*serving on port \([0-9]*\).*/\1/p' "$TMP/registry.log")"
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || fail "crane registry did not start: $(cat "$TMP/registry.log")"
REG="127.0.0.1:$port"
crane append --oci-empty-base -f "$base/layer.tar" -t "$REG/base/static:v1" >/dev/null 2>"$TMP/crane.log" ||
	fail "crane append: $(cat "$TMP/crane.log")"
crane mutate --set-platform linux/amd64 --user 65532:65532 -t "$REG/base/static:v1" "$REG/base/static:v1" >/dev/null 2>>"$TMP/crane.log" ||
	fail "crane mutate base: $(cat "$TMP/crane.log")"
img="$(KO_CONFIG_PATH="$ROOT/deploy/.ko.yaml" KO_DEFAULTBASEIMAGE="$REG/base/static:v1" KO_DOCKER_REPO="$REG/netverdict" \
	ko build --bare --sbom=none --platform=linux/amd64 ./cmd/netverdict 2>"$TMP/ko.log")" ||
	fail "ko build: $(tail -20 "$TMP/ko.log")"
# The Dockerfile's contract: ENTRYPOINT [.../netverdict, serve], CMD the
# listen flags, the ports exposed.
crane mutate --entrypoint=/ko-app/netverdict,serve \
	--cmd=--listen=0.0.0.0:50051,--metrics-listen=0.0.0.0:9090 \
	--exposed-ports=50051/tcp,9090/tcp -l org.opencontainers.image.source=https://github.com/netverdict/netverdict \
	-t "$REG/netverdict:check" "$img" >/dev/null 2>>"$TMP/crane.log" ||
	fail "crane mutate: $(cat "$TMP/crane.log")"
rm -f bin/netverdict-image.tar
crane pull --format=tarball "$REG/netverdict:check" bin/netverdict-image.tar 2>>"$TMP/crane.log" ||
	fail "crane pull: $(cat "$TMP/crane.log")"
crane config "$REG/netverdict:check" >"$TMP/image-config.json"
"$DC" -q -dockerfile deploy/Dockerfile -image-config "$TMP/image-config.json" || fail "image config"
# The image's binary, out of its layers: static, and run below for the
# dashboard check.
crane export "$REG/netverdict:check" - | tar -xf - -C "$TMP" --wildcards '*ko-app/netverdict' 2>/dev/null
go version -m "$TMP/ko-app/netverdict" | grep -q 'CGO_ENABLED=0' || fail "image binary built with cgo"
tar -tf bin/netverdict-image.tar | grep -q '^manifest.json$' || fail "bin/netverdict-image.tar is not an image tarball"
image_mb=$(($(stat -c %s bin/netverdict-image.tar) / 1024 / 1024))

# 4. Plain manifests.
step "deploy/kubernetes"
"$DC" -q -expect Namespace,Deployment,Service,HorizontalPodAutoscaler,PodDisruptionBudget,NetworkPolicy,ServiceMonitor \
	$(ls deploy/kubernetes/*.yaml | grep -v /kustomization.yaml) || fail "deploy/kubernetes manifests"
"$DC" -q -kustomize deploy/kubernetes -expect Deployment,ServiceMonitor || fail "deploy/kubernetes kustomize build"

# 5. Helm chart.
step "helm lint, helm template"
CHART=deploy/helm/netverdict
KV=(--kube-version 1.31.0)
helm lint --strict "$CHART" "${KV[@]}" >"$TMP/lint.log" 2>&1 || { cat "$TMP/lint.log"; fail "helm lint"; }
helm lint --strict "$CHART" "${KV[@]}" --set tls.enabled=true,tls.secretName=x,auth.enabled=true,auth.secretName=y,persistence.enabled=true >"$TMP/lint.log" 2>&1 ||
	{ cat "$TMP/lint.log"; fail "helm lint (everything enabled)"; }
render() { # NAME EXPECTED-KINDS HELM-ARGS...
	local name=$1 kinds=$2
	shift 2
	helm template nv "$CHART" --namespace netverdict "${KV[@]}" "$@" >"$TMP/$name.yaml" 2>"$TMP/$name.err" ||
		fail "helm template ($name): $(cat "$TMP/$name.err")"
	"$DC" -q -expect "$kinds" "$TMP/$name.yaml" || fail "helm template ($name) output"
}
render default Deployment,Service,HorizontalPodAutoscaler,PodDisruptionBudget,ServiceAccount
render secure StatefulSet,Service,HorizontalPodAutoscaler,PodDisruptionBudget,ServiceMonitor,NetworkPolicy \
	--set tls.enabled=true,tls.secretName=netverdict-tls,tls.clientCA.enabled=true \
	--set auth.enabled=true,auth.secretName=netverdict-tokens,auth.openHealth=false \
	--set persistence.enabled=true,persistence.size=5Gi,persistence.storageClass=fast-ssd \
	--set serviceMonitor.enabled=true,networkPolicy.enabled=true,server.maxCallsPerClient=64 \
	--set server.defaultConfig.configMap=aws-config,server.defaultConfig.files='{sg.json,nacl.json}' \
	--set 'server.extraArgs={--max-streams=128}'
render fixed Deployment,Service \
	--set autoscaling.enabled=false,podDisruptionBudget.enabled=false,replicaCount=2,service.headless.enabled=false \
	--set auth.enabled=true,auth.secretName=t,image.digest=sha256:$(printf '0%.0s' $(seq 64))
for want in '--tls-cert=/etc/netverdict/tls/tls.crt' '--tls-key=/etc/netverdict/tls/tls.key' \
	'--client-ca=/etc/netverdict/client-ca/ca.crt' '--auth-tokens=/etc/netverdict/auth/tokens' '--open-health=false' \
	'--max-calls-per-client=64' '--config=/etc/netverdict/config/nacl.json' '--max-streams=128' 'storage: 5Gi' \
	'storageClassName: fast-ssd' 'tcpSocket:'; do
	grep -qF -- "$want" "$TMP/secure.yaml" || fail "helm template (secure) lacks $want"
done
grep -q 'grpc:$' "$TMP/default.yaml" && grep -q 'port: 50051' "$TMP/default.yaml" || fail "default rendering lacks gRPC probes"
grep -q -- '--tls-cert\|--auth-tokens\|--open-health\|--max-calls-per-client' "$TMP/default.yaml" &&
	fail "default rendering passes flags of optional features (the current binary lacks them)"
# Combinations that cannot work must not render.
refuse() { # WANTED-MESSAGE HELM-ARGS...
	local want=$1
	shift
	if helm template nv "$CHART" "${KV[@]}" "$@" >/dev/null 2>"$TMP/refuse.err"; then
		fail "helm template $* rendered; it must fail with: $want"
	fi
	grep -qF "$want" "$TMP/refuse.err" || fail "helm template $*: want '$want', got: $(cat "$TMP/refuse.err")"
}
refuse "tls.enabled needs tls.secretName" --set tls.enabled=true
refuse "kubelet's gRPC probes speak plaintext" --set tls.enabled=true,tls.secretName=x,probes.type=grpc
refuse "the kubelet sends no token" --set auth.enabled=true,auth.secretName=x,auth.openHealth=false
refuse "needs tls.enabled" --set tls.clientCA.enabled=true
refuse "value must be one of" --set server.accessLog=some

# 6. Dashboard against the image's binary.
step "dashboard metrics against a running server"
"$TMP/ko-app/netverdict" serve --listen 127.0.0.1:0 --metrics-listen 127.0.0.1:0 --data-dir "$TMP/data" >"$TMP/serve.out" 2>"$TMP/serve.log" &
SPID=$!
PIDS+=("$SPID")
addr="" metrics=""
for _ in $(seq 1 100); do # bounded: 100 × 0.1 s
	addr="$(sed -n 's/.*"msg":"serving","listen":"\([^"]*\)".*/\1/p' "$TMP/serve.log")"
	metrics="$(sed -n 's/.*"msg":"serving".*"metrics":"\([^"]*\)".*/\1/p' "$TMP/serve.log")"
	[ -n "$addr" ] && [ -n "$metrics" ] && break
	sleep 0.1
done
[ -n "$addr" ] || fail "server did not start: $(tail -5 "$TMP/serve.log")"
# One Evaluate call, so that the per-method gRPC series exist.
"$TMP/netverdict-static" eval --server "$addr" --flows examples/flows.jsonl >/dev/null || fail "eval --server"
curl -sf "http://$metrics/metrics" >"$TMP/metrics.txt" || fail "metrics scrape"
"$DC" -q -dashboard deploy/grafana/netverdict-dashboard.json -metrics "$TMP/metrics.txt" || fail "dashboard"
kill -TERM "$SPID"
wait "$SPID" || fail "server exited $? after SIGTERM"

step "done"
echo "check-deploy: OK (deploycheck tests; Dockerfile contract; static binary; image bin/netverdict-image.tar ${image_mb} MiB, user 65532; kubernetes manifests + kustomize; helm lint + 3 renderings + 5 refusals; dashboard metrics exported) in $(($(date +%s) - t0)) s"
