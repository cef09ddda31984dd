#!/usr/bin/env bash
# scripts/smoke.sh - the README's main job, checked as a new user runs it:
# start `netverdict serve` on the built-in example, probe its health, list
# its services through reflection, call it with grpcurl and with
# `netverdict eval --server` (compared with in-process eval), scrape its
# metrics, and stop it with SIGTERM (it must exit 0).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$(go env GOPATH)/bin:$PATH"
ADDR=127.0.0.1:${SMOKE_PORT:-50651}
METRICS=127.0.0.1:${SMOKE_METRICS_PORT:-50652}
TMP="$(mktemp -d)"
go build -o bin/netverdict ./cmd/netverdict

bin/netverdict serve --listen "$ADDR" --metrics-listen "$METRICS" --data-dir "$TMP/data" >"$TMP/out" 2>"$TMP/log" &
PID=$!
cleanup() { kill "$PID" 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT
fail() { echo "smoke: FAIL: $*"; echo "--- server stdout"; cat "$TMP/out"; echo "--- server log"; tail -20 "$TMP/log"; exit 1; }

for _ in $(seq 1 100); do # bounded: 100 × 0.1 s
	grpc-health-probe -addr "$ADDR" >/dev/null 2>&1 && break
	sleep 0.1
done
grpc-health-probe -addr "$ADDR" || fail "health probe"
grpc-health-probe -addr "$ADDR" -service netverdict.v1.DecisionService || fail "health probe of DecisionService"

services="$(grpcurl -plaintext "$ADDR" list)"
for s in netverdict.v1.DecisionService netverdict.v1.SnapshotService grpc.health.v1.Health; do
	grep -qx "$s" <<<"$services" || fail "reflection does not list $s: $services"
done
grpcurl -plaintext "$ADDR" describe netverdict.v1.Flow >/dev/null || fail "grpcurl describe"

# Every grpcurl line of the banner works as printed.
grep -q "grpcurl -plaintext $ADDR list" "$TMP/out" || fail "banner lacks the grpcurl example"
while IFS= read -r line; do
	cmd="${line#"${line%%[![:space:]]*}"}"
	case "$cmd" in
	grpcurl*) eval "$cmd" >"$TMP/grpcurl.out" || fail "banner command failed: $cmd" ;;
	esac
done <"$TMP/out"
verdict="$(grpcurl -plaintext -d '{"flows":[{"id":"web-to-app","source":{"ip":"10.0.1.20"},"destination":{"ip":"10.0.2.30"},"protocol":"tcp","destinationPort":8080}]}' \
	"$ADDR" netverdict.v1.DecisionService/Evaluate)"
grep -q '"verdict": "VERDICT_ALLOW"' <<<"$verdict" || fail "grpcurl Evaluate: $verdict"

# Through the server = in process.
bin/netverdict eval --server "$ADDR" --flows examples/flows.jsonl >"$TMP/remote.jsonl"
bin/netverdict eval $(for f in examples/network/*.json; do printf -- '--config %s ' "$f"; done) --flows examples/flows.jsonl >"$TMP/local.jsonl"
cmp -s "$TMP/remote.jsonl" "$TMP/local.jsonl" || fail "eval --server differs from in-process eval"

metrics="$(curl -sf "http://$METRICS/metrics")" || fail "metrics scrape"
for m in netverdict_flows_evaluated_total 'netverdict_decisions_total{layer="decision",verdict="allow"}' grpc_server_handled_total go_goroutines; do
	grep -qF "$m" <<<"$metrics" || fail "metrics lack $m"
done

# The README's TLS + token section, run as written (Go CLI, Python and
# TypeScript clients against a TLS server requiring client certificates
# and a token).
awk '/^## TLS, a token, and the three clients/{f=1} f&&/^```sh/{c=1;next} c&&/^```/{exit} c' README.md >"$TMP/secure.sh"
grep -q "hash-token" "$TMP/secure.sh" || fail "README's TLS section not found"
sed -i "s#/tmp/nv#$TMP/nv#g" "$TMP/secure.sh"
bash -euo pipefail "$TMP/secure.sh" >"$TMP/secure.out" 2>"$TMP/secure.err" || { cat "$TMP/secure.out" "$TMP/secure.err"; fail "README TLS section"; }
grep -q "web-to-app" "$TMP/secure.out" || fail "README TLS section: no table from eval"
grep -q "('web-to-app', 1)" "$TMP/secure.out" || fail "README TLS section: Python client: $(cat "$TMP/secure.out")"
grep -q '\["web-to-app","VERDICT_ALLOW"\]' "$TMP/secure.out" || fail "README TLS section: TypeScript client: $(cat "$TMP/secure.out")"

kill -TERM "$PID"
code=0
wait "$PID" || code=$?
[ "$code" -eq 0 ] || fail "serve exited $code after SIGTERM"
grep -q '"msg":"stopped"' "$TMP/log" || fail "no graceful stop in the log"
echo "smoke: OK (health, reflection, grpcurl, eval --server = in-process, metrics, README TLS+token section with Go/Python/TypeScript clients, SIGTERM)"
