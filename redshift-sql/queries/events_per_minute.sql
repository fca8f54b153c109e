-- query: events_per_minute
-- title: Events per minute and freshness, last hour
-- question: How many events reached the collector in each minute of the last hour, and how long did they take to
--           reach the warehouse (loaded_at − received_at: the stream and its refresh, or the local group commit)?
--           Events appear here once the models have run, so the header's last model run adds to that delay.
-- grain: one row per minute (UTC, of collector receipt) of the hour before now
-- parameters: now (the caller's clock, a UTC timestamp; the dashboard binds it); source (a source name, or '*')
-- reads: clickstream.events
-- columns: minute timestamp, events number, avg_lag_seconds number, max_lag_seconds number
-- chart: bar x=minute y=events y2=max_lag_seconds
-- empty: nothing arrived in the last hour: send events (`clickstream simulate`) and wait for the next model run
SELECT DATE_TRUNC('minute', e.received_at) AS minute,
       COUNT(*) AS events,
       AVG(DATE_PART('epoch', e.loaded_at) - DATE_PART('epoch', e.received_at)) AS avg_lag_seconds,
       MAX(DATE_PART('epoch', e.loaded_at) - DATE_PART('epoch', e.received_at)) AS max_lag_seconds
FROM clickstream.events e
WHERE e.loaded_at >= CAST(:now AS TIMESTAMP) - INTERVAL '1 hour'
  AND e.received_at >= CAST(:now AS TIMESTAMP) - INTERVAL '1 hour'
  AND e.received_at <= CAST(:now AS TIMESTAMP)
  AND (:source = '*' OR e.source = :source)
GROUP BY DATE_TRUNC('minute', e.received_at)
ORDER BY minute;
