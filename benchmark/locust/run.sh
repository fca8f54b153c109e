#!/usr/bin/env bash
# The locust4j worker under a real Locust master (Debian's python3-locust 2.12.1), against the embedded default.
#   benchmark/locust/run.sh [users] [seconds] [csv-prefix]
# Defaults: 32 users, 60 s, docs/benchmarks/locust/<today>. Writes the master's stats CSVs there.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
users="${1:-32}"; seconds="${2:-60}"
prefix="${3:-$root/docs/benchmarks/locust/$(date -u +%F)}"
mkdir -p "$(dirname "$prefix")"
command -v locust >/dev/null || { echo "locust not found: apt-get install python3-locust" >&2; exit 2; }

data="$(mktemp -d)"
free() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http="$(free)"; master="$(free)"
"$root/clickstream" up --data-dir "$data" --http-port "$http" --http-ops-port 0 --postgres-embedded-port 0 --models-enabled false \
  >"$data/up.out" 2>"$data/up.err" &
up=$!
trap 'kill $up 2>/dev/null; wait $up 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do grep -q "query it with" "$data/up.out" 2>/dev/null && break; sleep 1; done

locust -f "$root/benchmark/locust/locustfile.py" --master --headless -u "$users" -r "$users" -t "${seconds}s" \
  --expect-workers 1 --master-bind-host 127.0.0.1 --master-bind-port "$master" --host "http://127.0.0.1:$http" \
  --csv "$prefix" --only-summary &
lm=$!
"$root/clickstream" bench locust-worker --master-port "$master" --url "http://127.0.0.1:$http" \
  --write-key "$(cat "$data/dev-write-key")" >"$data/worker.log" 2>&1 &
wait $lm
echo "stats: ${prefix}_stats.csv"
cat "${prefix}_stats.csv"
