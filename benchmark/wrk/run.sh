#!/usr/bin/env bash
# Quick throughput check of the embedded default (collector + embedded PostgreSQL, durable acknowledgement) with wrk.
# Not the benchmark suite (that is benchmark/'s job); a reproducible smoke measurement.
#   benchmark/wrk/run.sh            needs: wrk (apt-get install wrk)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="$(mktemp -d)"
port=18080
"$root/clickstream" up --data-dir "$data" --http-port "$port" --http-ops-port 0 --postgres-embedded-port 0 >"$data/up.out" 2>"$data/up.err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do grep -q "query it with" "$data/up.out" 2>/dev/null && break; sleep 1; done
key="$(cat "$data/dev-write-key")"
export WRITE_KEY_BASIC="$(printf '%s:' "$key" | base64 -w0)"
url="http://127.0.0.1:$port"
ops="$(sed -n 's/^operations .* on \(http:[^ ]*\).*/\1/p' "$data/up.out")"
echo "== single-event requests (/v1/track), wrk -t2 -c64: 10 s warm-up, then 20 s measured"
wrk -t2 -c64 -d10s -s "$root/benchmark/wrk/single.lua" "$url" >/dev/null
wrk -t2 -c64 -d20s --latency -s "$root/benchmark/wrk/single.lua" "$url" | grep -E "Requests/sec|50%|99%|Non-2xx"
echo "== 100-event batches (/v1/batch), wrk -t1 -c16: 5 s warm-up, then 15 s measured (events/s = requests/s x 100)"
wrk -t1 -c16 -d5s -s "$root/benchmark/wrk/batch100.lua" "$url/v1/batch" >/dev/null
wrk -t1 -c16 -d15s --latency -s "$root/benchmark/wrk/batch100.lua" "$url/v1/batch" | grep -E "Requests/sec|50%|99%|Non-2xx"
curl -s "$ops/metrics" | grep -E "^collector_sink_batch_rows_(count|sum)"
