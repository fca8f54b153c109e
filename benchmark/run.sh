#!/usr/bin/env bash
# One command for the standalone benchmark report:
#   benchmark/run.sh [report.md [options]]   (default: docs/benchmarks/<today>-standalone.md)
# Builds the jar if needed, starts kinesis-local (npm kinesis-local 0.6.2) for the Kinesis comparison, then runs
# `clickstream bench standalone`, which starts the bare Javalin ceiling and the collector in JVMs of their own.
# Takes about 12 minutes; keep the machine otherwise idle.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
report="${1:-$root/docs/benchmarks/$(date -u +%F)-standalone.md}"
shift || true   # further arguments go to `clickstream bench standalone` (see its --help)

kl="$HOME/.cache/clickstream/kinesis-local-0.6.2"
if [ ! -f "$kl/node_modules/kinesis-local/main.js" ]; then
  mkdir -p "$kl"
  npm install --no-audit --no-fund --prefix "$kl" kinesis-local@0.6.2 >/dev/null
fi
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
tls="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
log="$(mktemp)"
(cd "$kl/node_modules/kinesis-local" && KINESIS_MOCK_PLAIN_PORT="$port" KINESIS_MOCK_TLS_PORT="$tls" SHARD_LIMIT=2000 \
  LOG_LEVEL=WARN exec node main.js) >"$log" 2>&1 &
kpid=$!
trap 'kill $kpid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 1; done

# any credentials work against kinesis-local; the collector child reads them from the environment
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1
"$root/clickstream" bench standalone --report "$report" --kinesis-endpoint "http://127.0.0.1:$port" "$@"
