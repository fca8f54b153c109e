-- query: sessions_daily
-- title: Sessions, engagement and bounce per day
-- question: How many sessions started each day, how many were engaged, what share bounced, and how long did the
--           median session last? Engaged (GA4): longer than 10 s, or 2 or more page views, or an order; a bounce
--           is a session that was not engaged. Bot sessions are left out.
-- grain: one row per UTC day of session start
-- parameters: from_day, to_day (UTC dates, inclusive); source (a source name, or '*'): sessions of devices that
--             sent an event from that source in the range
-- reads: clickstream.sessions, clickstream.events (only for a source)
-- columns: day date, sessions number, engaged_sessions number, bounce_rate number, median_session_seconds number
-- chart: bar x=day y=sessions,engaged_sessions y2=bounce_rate
-- empty: no sessions in this range yet: run `clickstream simulate`, then wait for the next model run
SELECT CAST(DATE_TRUNC('day', s.session_start) AS DATE) AS day,
       COUNT(*) AS sessions,
       SUM(CASE WHEN s.is_engaged THEN 1 ELSE 0 END) AS engaged_sessions,
       SUM(CASE WHEN s.is_bounce THEN 1 ELSE 0 END) / CAST(COUNT(*) AS DOUBLE PRECISION) AS bounce_rate,
       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY s.duration_s) AS median_session_seconds
FROM clickstream.sessions s
WHERE s.session_start >= CAST(:from_day AS DATE)
  AND s.session_start < CAST(:to_day AS DATE) + INTERVAL '1 day'
  AND NOT s.is_bot
  AND (:source = '*' OR s.session_key IN (
      SELECT COALESCE(e.anonymous_id, e.user_id) FROM clickstream.events e
      WHERE e.source = :source
        AND e.event_ts >= CAST(:from_day AS DATE) AND e.event_ts < CAST(:to_day AS DATE) + INTERVAL '1 day'))
GROUP BY CAST(DATE_TRUNC('day', s.session_start) AS DATE)
ORDER BY day;
