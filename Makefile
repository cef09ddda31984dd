# netverdict build and checks.
#
# Test command (the one the README gives, and what CI runs through .ci/run):
#
#     make setup ci
#
# `make setup` installs the pinned tools (scripts/bootstrap.sh, idempotent);
# `make ci` runs lint, breaking, check-generated and test. Tools are looked up
# in $(go env GOPATH)/bin first, so PATH needs no change.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := ci

GOBIN ?= $(shell go env GOPATH)/bin
export PATH := $(GOBIN):$(PATH)

# Fuzz targets run by fuzz-short, as package:FuzzName. Add yours with
#   FUZZ_TARGETS += ./evaluator/x:FuzzY
FUZZ_TARGETS := ./internal/apiconv:FuzzFlowFromProto
FUZZ_TARGETS += ./evaluator/path:FuzzDifferential
FUZZ_TARGETS += ./evaluator/awsjson:FuzzDecode ./evaluator/awsjson:FuzzMerge
FUZZ_TARGETS += ./internal/codec:FuzzUnmarshal
FUZZ_TARGETS += ./internal/flowsource:FuzzFlowLogs ./internal/flowsource:FuzzCSV
FUZZ_TARGETS += ./evaluator/tfplan:FuzzDecode
FUZZ_TARGETS += ./evaluator/nfw/stateless:FuzzDifferential ./evaluator/nfw/nfwjson:FuzzDecode
FUZZ_TARGETS += ./evaluator/routes:FuzzDecode ./evaluator/nfw/suricata:FuzzParse
FUZZ_TARGETS += ./evaluator/nfw/stateful:FuzzDifferential ./evaluator/nfw/stateful:FuzzRules
FUZZ_TARGETS += ./evaluator/waf:FuzzEvaluate ./evaluator/waf:FuzzJSONWalk ./evaluator/waf/wafjson:FuzzDecode
FUZZ_TARGETS += ./evaluator/waf/transform:FuzzChain ./evaluator/waf/detect:FuzzByteMatch ./evaluator/waf/detect:FuzzDetect
FUZZ_TARGETS += ./evaluator/geo:FuzzLoad ./internal/apiconv:FuzzNetworkConfigLayers
FUZZ_TARGETS += ./evaluator/internal/jsonwalk:FuzzWalk ./evaluator/nfw/stateful:FuzzIPSetRef
# How long fuzz-short runs each target: an execution count, not a duration.
# With a duration, Go 1.26's fuzz coordinator can fail a run at the deadline
# with "context deadline exceeded" and no failing input when a worker is
# mid-call on a busy machine (golang/go#75804, fixed in Go 1.27); a count
# has no deadline to race.
FUZZTIME ?= 100000x
# Benchmarks run by `make bench` (a go test -bench regexp) and their count.
BENCH ?= .
BENCHCOUNT ?= 1
# Arguments of `make run`: the server on 127.0.0.1:50051 with the built-in
# example network (it prints how to query it).
RUN_ARGS ?= serve

.PHONY: setup generate lint breaking check-generated test test-python test-typescript check-deploy fuzz-short race bench build run smoke loadtest ci

## setup: install the pinned tools and download modules
setup:
	bash scripts/bootstrap.sh

## generate: regenerate gen/go from proto/
generate:
	buf generate

## lint: buf lint + format, gofmt, go vet, go.mod tidiness
lint:
	buf lint
	buf format -d --exit-code
	@unformatted="$$(gofmt -l $$(git ls-files --cached --others --exclude-standard '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	go vet ./...
	go mod tidy -diff

## breaking: compare the API with the last released one (proto/baseline.binpb)
breaking:
	buf breaking --against proto/baseline.binpb

# Generated code, committed: Go, and the Python and TypeScript clients' stubs.
GENERATED := gen/ clients/python/src/netverdict_client/gen/ clients/typescript/src/gen/

## check-generated: generated code must be exactly what buf generate makes from proto/
check-generated:
	buf generate
	git diff --exit-code -- $(GENERATED)
	@untracked="$$(git ls-files --others --exclude-standard -- $(GENERATED))"; \
	if [ -n "$$untracked" ]; then echo "untracked generated files (commit them):"; echo "$$untracked"; exit 1; fi

## test: every Go test, the Python and TypeScript clients' tests (against a real server), then a short run of each fuzz target
test:
	gotestsum --format testname -- ./...
	$(MAKE) --no-print-directory test-python test-typescript
	$(MAKE) --no-print-directory fuzz-short

## test-python: the Python client's tests, with Debian's python3 (its grpcio and protobuf)
test-python: build
	cd clients/python && NETVERDICT_BIN=$(CURDIR)/bin/netverdict /usr/bin/python3 -m unittest discover -s tests -t . -v

## test-typescript: the TypeScript client's type check and tests (node --test)
test-typescript: build
	cd clients/typescript && NETVERDICT_BIN=$(CURDIR)/bin/netverdict npm test

## check-deploy: the container build stage, manifests and Helm chart, validated offline
check-deploy: build
	bash scripts/check-deploy.sh

## fuzz-short: run each of FUZZ_TARGETS for FUZZTIME
fuzz-short:
	@for t in $(FUZZ_TARGETS); do \
		pkg="$${t%%:*}"; name="$${t##*:}"; \
		echo "fuzz $$name in $$pkg for $(FUZZTIME)"; \
		go test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) "$$pkg"; \
	done

## race: every Go test under the race detector
race:
	go test -race ./...

## bench: benchmarks with allocation counts
bench:
	go test -run '^$$' -bench '$(BENCH)' -benchmem -count $(BENCHCOUNT) ./...

## build: the netverdict binary in bin/
build:
	go build -o bin/netverdict ./cmd/netverdict

## run: build, then run bin/netverdict $(RUN_ARGS)
run: build
	./bin/netverdict $(RUN_ARGS)

## smoke: the main job as a user runs it (serve, health, reflection, grpcurl, eval --server, metrics, SIGTERM)
smoke:
	bash scripts/smoke.sh

## loadtest: the load benchmark on loopback (scripts/loadtest.sh; docs/load.md)
loadtest:
	bash scripts/loadtest.sh

## ci: what .ci/run runs
ci: lint breaking check-generated test smoke check-deploy
