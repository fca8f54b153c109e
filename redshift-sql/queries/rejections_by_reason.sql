-- query: rejections_by_reason
-- title: Rejections by reason
-- question: Which events did the collector refuse to model, and why? Rejection records per reason (validation,
--           tracking plan, size limits, stream records that were not JSON), by the time the collector received them.
-- grain: one row per reason
-- parameters: from_day, to_day (UTC dates of receipt, inclusive); source (a source name, or '*')
-- reads: clickstream.rejected_events
-- columns: reason text, rejections number, sources number, last_seen timestamp
-- chart: hbar y=reason x=rejections
-- empty: no rejections in this range: every event sent was valid
SELECT COALESCE(r.reason, '(unknown)') AS reason,
       COUNT(*) AS rejections,
       COUNT(DISTINCT r.source) AS sources,
       MAX(COALESCE(r.received_at, r.loaded_at)) AS last_seen
FROM clickstream.rejected_events r
WHERE COALESCE(r.received_at, r.loaded_at) >= CAST(:from_day AS DATE)
  AND COALESCE(r.received_at, r.loaded_at) < CAST(:to_day AS DATE) + INTERVAL '1 day'
  AND (:source = '*' OR r.source = :source)
GROUP BY COALESCE(r.reason, '(unknown)')
ORDER BY rejections DESC, reason;
