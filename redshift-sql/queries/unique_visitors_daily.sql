-- query: unique_visitors_daily
-- title: Unique visitors per day
-- question: How many different people did something each day? A person is a user_key after identity stitching,
--           so a visitor who logs in later counts once; users flagged as bots are left out.
-- grain: one row per UTC day (of event time) with at least one human event
-- parameters: from_day, to_day (UTC dates, inclusive); source (a source name, or '*' for every source)
-- reads: clickstream.events, clickstream.bot_flags
-- columns: day date, unique_visitors number, events number
-- chart: line x=day y=unique_visitors
-- empty: no events in this range yet: run `clickstream simulate`, or widen the dates
SELECT CAST(DATE_TRUNC('day', e.event_ts) AS DATE) AS day,
       COUNT(DISTINCT e.user_key) AS unique_visitors,
       COUNT(*) AS events
FROM clickstream.events e
WHERE e.event_ts >= CAST(:from_day AS DATE)
  AND e.event_ts < CAST(:to_day AS DATE) + INTERVAL '1 day'
  AND (:source = '*' OR e.source = :source)
  AND e.user_key NOT IN (SELECT f.user_key FROM clickstream.bot_flags f)
GROUP BY CAST(DATE_TRUNC('day', e.event_ts) AS DATE)
ORDER BY day;
