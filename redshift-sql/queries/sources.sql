-- query: sources
-- title: Sources
-- question: Which sources (write keys) sent events in the range, and how many? The dashboard's source filter offers
--           these.
-- grain: one row per source with events in the range
-- parameters: from_day, to_day (UTC dates of event time, inclusive)
-- reads: clickstream.events
-- columns: source text, events number
-- chart: none
-- empty: no events in this range yet: run `clickstream simulate`
SELECT e.source, COUNT(*) AS events
FROM clickstream.events e
WHERE e.event_ts >= CAST(:from_day AS DATE)
  AND e.event_ts < CAST(:to_day AS DATE) + INTERVAL '1 day'
  AND e.source IS NOT NULL
GROUP BY e.source
ORDER BY events DESC, e.source;
