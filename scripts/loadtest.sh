#!/usr/bin/env bash
# scripts/loadtest.sh - netverdict's load benchmark on loopback (docs/load.md).
#
# Builds bin/netverdict and bin/loadtest, starts `netverdict serve` on
# 127.0.0.1:50551 (metrics on :50552), and runs, client and server sharing
# the machine:
#
#   1. the in-process baseline (loadtest inproc), views full and verdict
#   2. loadtest setup: the large corpus stored as a snapshot, ghz data
#   3. EvaluateStream: 1 stream, then 2 streams (view full), then the
#      cheapest client (wire mode) with view verdict, and the Go client
#      helper (clients/go EvaluateAll)
#   4. unary Evaluate, open loop at LOAD_RPS for LOAD_DURATION
#   5. ghz at the same rate, when ghz is installed
#
# then prints a summary table (CPU count and model, load average, date).
# Everything lands in OUT_DIR (default bin/loadtest-out/): results.jsonl, the
# ghz report, the server log and the summary.
#
# Usage: scripts/loadtest.sh [--smoke]
#
#   --smoke   tiny sizes, under 30 s in all: for CI, proves the pipeline.
#
# Environment (defaults in brackets; --smoke changes them):
#   LOAD_SIZE [large]  LOAD_SEED [1]  STREAM_FLOWS [5000000]
#   STREAM_BATCH [1000]  INPROC_FLOWS [2000000]  LOAD_RPS [10000]
#   LOAD_DURATION [20s]  LOAD_WARMUP [3s]  LOAD_CONNECTIONS [2]
#   LOAD_WORKERS [64]  LISTEN [127.0.0.1:50551]
#   METRICS_LISTEN [127.0.0.1:50552]  OUT_DIR [bin/loadtest-out, ignored by git]
#   GHZ [ghz, or $(go env GOPATH)/bin/ghz]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

smoke=false
for arg in "$@"; do
	case "$arg" in
	--smoke) smoke=true ;;
	-h | --help)
		sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "loadtest.sh: unknown argument $arg (want --smoke)" >&2
		exit 2
		;;
	esac
done

if $smoke; then
	: "${LOAD_SIZE:=small}" "${STREAM_FLOWS:=20000}" "${INPROC_FLOWS:=20000}"
	: "${LOAD_RPS:=500}" "${LOAD_DURATION:=2s}" "${LOAD_WARMUP:=500ms}"
fi
LOAD_SIZE="${LOAD_SIZE:-large}"
LOAD_SEED="${LOAD_SEED:-1}"
STREAM_FLOWS="${STREAM_FLOWS:-5000000}"
STREAM_BATCH="${STREAM_BATCH:-1000}"
INPROC_FLOWS="${INPROC_FLOWS:-2000000}"
LOAD_RPS="${LOAD_RPS:-10000}"
LOAD_DURATION="${LOAD_DURATION:-20s}"
LOAD_WARMUP="${LOAD_WARMUP:-3s}"
LOAD_CONNECTIONS="${LOAD_CONNECTIONS:-2}"
LOAD_WORKERS="${LOAD_WORKERS:-64}"
LISTEN="${LISTEN:-127.0.0.1:50551}"
METRICS_LISTEN="${METRICS_LISTEN:-127.0.0.1:50552}"
OUT_DIR="${OUT_DIR:-bin/loadtest-out}"

GOBIN="$(go env GOBIN)"
GOBIN="${GOBIN:-$(go env GOPATH)/bin}"
if [ -z "${GHZ:-}" ]; then
	if command -v ghz >/dev/null; then
		GHZ=ghz
	elif [ -x "$GOBIN/ghz" ]; then
		GHZ="$GOBIN/ghz"
	else
		GHZ=""
	fi
fi

t0=$(date +%s)
step() { printf '\n[loadtest %4ss] %s\n' "$(($(date +%s) - t0))" "$*"; }

mkdir -p "$OUT_DIR" bin
results="$OUT_DIR/results.jsonl"
: >"$results"

step "building bin/netverdict and bin/loadtest"
go build -o bin/netverdict ./cmd/netverdict
go build -o bin/loadtest ./tools/loadtest

# lt runs a loadtest subcommand, shows its output and keeps its JSON lines.
lt() {
	local out
	out="$(bin/loadtest "$@")"
	printf '%s\n' "$out"
	printf '%s\n' "$out" | grep '^{"kind"' >>"$results"
}

step "in-process baseline ($LOAD_SIZE corpus, $INPROC_FLOWS flows, no server running)"
lt inproc --size "$LOAD_SIZE" --seed "$LOAD_SEED" --flows "$INPROC_FLOWS" --view full
lt inproc --size "$LOAD_SIZE" --seed "$LOAD_SEED" --flows "$INPROC_FLOWS" --view verdict

step "starting bin/netverdict serve --listen $LISTEN --metrics-listen $METRICS_LISTEN"
bin/netverdict serve --listen "$LISTEN" --metrics-listen "$METRICS_LISTEN" --log-level warn \
	>"$OUT_DIR/server.log" 2>&1 &
server_pid=$!
stop_server() {
	if kill -0 "$server_pid" 2>/dev/null; then
		kill "$server_pid"
		wait "$server_pid" 2>/dev/null || true
	fi
}
trap stop_server EXIT
if ! bin/loadtest wait --server "$LISTEN" --timeout 30s; then
	echo "loadtest.sh: the server did not become ready; its log:" >&2
	cat "$OUT_DIR/server.log" >&2
	exit 1
fi

step "setup: $LOAD_SIZE corpus (seed $LOAD_SEED) as a snapshot"
lt setup --server "$LISTEN" --size "$LOAD_SIZE" --seed "$LOAD_SEED" --out "$OUT_DIR"
snapshot="$(cat "$OUT_DIR/snapshot.txt")"

stream() {
	lt stream --server "$LISTEN" --snapshot "$snapshot" --size "$LOAD_SIZE" --seed "$LOAD_SEED" \
		--flows "$STREAM_FLOWS" --batch "$STREAM_BATCH" "$@"
}
step "EvaluateStream, $STREAM_FLOWS flows, 1 stream"
stream --streams 1
step "EvaluateStream, $STREAM_FLOWS flows, 2 streams"
stream --streams 2
step "EvaluateStream, view verdict, wire-level client, 1 and 2 streams"
stream --streams 1 --view verdict --mode wire
stream --streams 2 --view verdict --mode wire
step "EvaluateStream through clients/go EvaluateAll, 1 stream"
stream --streams 1 --client

step "unary Evaluate, open loop, $LOAD_RPS rps for $LOAD_DURATION (+$LOAD_WARMUP warm-up)"
lt unary --server "$LISTEN" --snapshot "$snapshot" --size "$LOAD_SIZE" --seed "$LOAD_SEED" \
	--rps "$LOAD_RPS" --duration "$LOAD_DURATION" --warmup "$LOAD_WARMUP" \
	--connections "$LOAD_CONNECTIONS" --workers "$LOAD_WORKERS"

ghz_report=()
if [ -n "$GHZ" ]; then
	step "ghz, $LOAD_RPS rps for $LOAD_DURATION"
	"$GHZ" --insecure --call netverdict.v1.DecisionService/Evaluate \
		-D "$OUT_DIR/ghz-unary.json" --rps "$LOAD_RPS" --duration "$LOAD_DURATION" \
		--connections "$LOAD_CONNECTIONS" --concurrency "$LOAD_WORKERS" \
		-O json -o "$OUT_DIR/ghz.json" "$LISTEN"
	ghz_report=(--ghz "$OUT_DIR/ghz.json")
else
	step "ghz not found: skipped (go install github.com/bojand/ghz/cmd/ghz@v0.93.0)"
fi

stop_server
trap - EXIT

step "summary"
bin/loadtest report --results "$results" "${ghz_report[@]}" | tee "$OUT_DIR/summary.txt"
