#!/usr/bin/env bash
# The HTTP Tracking API with curl: one of each call, each answered before the next (nothing to flush).
# Run it: COLLECTOR_URL=https://collector.example.com SEGMENT_WRITE_KEY=… bash send-events.sh
set -euo pipefail
: "${COLLECTOR_URL:?set COLLECTOR_URL, e.g. https://collector.example.com}"
: "${SEGMENT_WRITE_KEY:?set SEGMENT_WRITE_KEY}"
curl_version="$(curl --version | head -1 | cut -d' ' -f2)"

# send <path> <fields>: a messageId of our own makes a retried call count once: the collector stores every delivery,
# and the warehouse's events model keeps one row per (source, messageId)
send() {
  local id now
  id="curl-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  curl -fsS --retry 3 --retry-connrefused -o /dev/null \
    -u "$SEGMENT_WRITE_KEY:" -H 'Content-Type: application/json' \
    --data-binary "{\"messageId\":\"$id\",\"timestamp\":\"$now\",\"sentAt\":\"$now\",\"context\":{\"library\":{\"name\":\"curl\",\"version\":\"$curl_version\"}},$2}" \
    "$COLLECTOR_URL/v1/$1"
  echo "sent $1 $id"
}

send identify '"userId":"user-123","traits":{"name":"Jane Doe","email":"jane@example.com","plan":"pro"}'
send track '"userId":"user-123","event":"Order Completed","properties":{"order_id":"order-1001","revenue":99.5,"currency":"USD"}'
send page '"userId":"user-123","name":"Pricing","properties":{"url":"https://www.example.com/pricing"}'
send screen '"userId":"user-123","name":"Home"'
send group '"userId":"user-123","groupId":"company-42","traits":{"name":"Example Inc","employees":42}'
send alias '"userId":"user-123","previousId":"anon-7f3e"'
