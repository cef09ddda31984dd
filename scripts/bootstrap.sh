#!/usr/bin/env bash
# scripts/bootstrap.sh - one-command setup for netverdict on a fresh machine
# with Go 1.26 (`make setup` runs it; so does .ci/run).
#
# Installs the pinned code generators and test runner with `go install
# pkg@version` into $(go env GOPATH)/bin (or $GOBIN), skipping each tool that
# is already there at the pinned version, then downloads the Go modules of
# go.mod. Idempotent: a re-run with everything present takes a second or two.
#
# The tools are not `tool` lines in go.mod on purpose: buf's dependencies
# (it needs a newer google.golang.org/protobuf than protoc-gen-go v1.36.12)
# would otherwise enter the service's build list.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GOBIN="${GOBIN:-$(go env GOPATH)/bin}"
export GOBIN
export PATH="$GOBIN:$PATH"

t0=$(date +%s)
step() { printf '[bootstrap %4ss] %s\n' "$(($(date +%s) - t0))" "$*"; }

# Debian: protoc 3.21.12 and grpc_python_plugin 1.51.1 generate the Python
# client's stubs; python3-grpcio and python3-protobuf run it (PyPI is not
# reachable, and stubs from a newer protoc do not load on these).
APT_PKGS="protobuf-compiler protobuf-compiler-grpc python3-grpcio python3-protobuf openssl"
missing=""
for p in $APT_PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	step "apt-get install$missing"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# gotool BINARY MODULE PACKAGE VERSION installs PACKAGE@VERSION unless
# $GOBIN/BINARY was already built from MODULE at VERSION.
gotool() {
	local bin=$1 mod=$2 pkg=$3 ver=$4
	if [ -x "$GOBIN/$bin" ] &&
		go version -m "$GOBIN/$bin" 2>/dev/null | awk '$1 == "mod" { print $2 " " $3 }' | grep -qx "$mod $ver"; then
		return 0
	fi
	step "go install $pkg@$ver"
	go install "$pkg@$ver"
}

gotool buf github.com/bufbuild/buf github.com/bufbuild/buf/cmd/buf v1.75.0
gotool protoc-gen-go google.golang.org/protobuf google.golang.org/protobuf/cmd/protoc-gen-go v1.36.12
gotool protoc-gen-go-grpc google.golang.org/grpc/cmd/protoc-gen-go-grpc google.golang.org/grpc/cmd/protoc-gen-go-grpc v1.6.2
# vtprotobuf's generator, at the runtime version go.mod requires (grpc's own
# dependencies pin that pseudo-version).
gotool protoc-gen-go-vtproto github.com/planetscale/vtprotobuf github.com/planetscale/vtprotobuf/cmd/protoc-gen-go-vtproto v0.6.1-0.20240319094008-0393e58bdf10
gotool gotestsum gotest.tools/gotestsum gotest.tools/gotestsum v1.13.0
# Clients of the running server: the README's examples, the smoke test
# (scripts/smoke.sh) and the load benchmark (scripts/loadtest.sh).
gotool grpcurl github.com/fullstorydev/grpcurl github.com/fullstorydev/grpcurl/cmd/grpcurl v1.9.4
gotool grpc-health-probe github.com/grpc-ecosystem/grpc-health-probe github.com/grpc-ecosystem/grpc-health-probe v0.4.62
gotool ghz github.com/bojand/ghz github.com/bojand/ghz/cmd/ghz v0.93.0
# deploy/: Helm (lint, template), ko and crane (an OCI image without a
# Docker engine or a registry); see scripts/check-deploy.sh.
gotool helm helm.sh/helm/v3 helm.sh/helm/v3/cmd/helm v3.22.0
gotool ko github.com/google/ko github.com/google/ko v0.19.1
gotool crane github.com/google/go-containerregistry github.com/google/go-containerregistry/cmd/crane v0.22.1

step "go mod download"
(cd "$ROOT" && go mod download)
# tools/deploycheck is its own module (client-go stays out of the service).
if [ -f "$ROOT/tools/deploycheck/go.mod" ]; then
	(cd "$ROOT/tools/deploycheck" && go mod download)
fi

# TypeScript client: the exact versions of its lockfile (protoc-gen-es is
# one of them, so buf generate needs this too).
if [ -f "$ROOT/clients/typescript/package-lock.json" ]; then
	step "npm ci (clients/typescript)"
	npm ci --prefix "$ROOT/clients/typescript" --no-audit --no-fund >/dev/null
fi

step "done; put $GOBIN on PATH: export PATH=\"$GOBIN:\$PATH\""
