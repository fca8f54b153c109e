-- model: daily_metrics
-- grain: one row per UTC day with sessions (by session start).
-- keys: day
-- depends on: bot_flags
-- incremental: the days recorded in session_changes by runs in (:watermark, :run_upper] (sessions rebuilt,
--              re-stitched, or flipped to or from bot) are deleted and recomputed from clickstream.sessions. Cost grows
--              with the changed days: the earliest of them is a binding, a constant scan bound, and sessions meet
--              their day by equality on the truncated session_start.
-- late events: a late event changes its session, hence its day, which is recomputed; a late bot verdict recomputes
--              every day of that user's sessions.
-- metrics: bot sessions are excluded from every metric and counted in bot_sessions. bounce_rate = 1 − engaged
--          sessions / sessions; conversion_rate = sessions with an order / sessions; unique_visitors counts user_keys.
-- tables: clickstream.daily_metrics

-- bind: metrics_scan_from
-- the earliest day recomputed (beyond any session when nothing is)
SELECT COALESCE(CAST(MIN(c.day) AS TIMESTAMP), CAST('9999-12-31 00:00:00' AS TIMESTAMP))
FROM clickstream.session_changes c
WHERE c.run_upper > CAST(:watermark AS TIMESTAMP) AND c.run_upper <= CAST(:run_upper AS TIMESTAMP);

CREATE TEMP TABLE metric_days AS
SELECT DISTINCT c.day
FROM clickstream.session_changes c
WHERE c.run_upper > CAST(:watermark AS TIMESTAMP) AND c.run_upper <= CAST(:run_upper AS TIMESTAMP);

DELETE FROM clickstream.daily_metrics USING metric_days
WHERE clickstream.daily_metrics.day = metric_days.day;

INSERT INTO clickstream.daily_metrics (day, unique_visitors, sessions, engaged_sessions, bounce_rate, orders, revenue,
                                       conversion_rate, bot_sessions)
SELECT a.day, a.unique_visitors, a.sessions, a.engaged_sessions,
       1 - a.engaged_sessions / NULLIF(CAST(a.sessions AS DOUBLE PRECISION), 0),
       a.orders, a.revenue,
       a.converted_sessions / NULLIF(CAST(a.sessions AS DOUBLE PRECISION), 0),
       a.bot_sessions
FROM (SELECT d.day,
             COUNT(DISTINCT CASE WHEN s.is_bot THEN NULL ELSE s.user_key END) AS unique_visitors,
             SUM(CASE WHEN s.is_bot THEN 0 ELSE 1 END) AS sessions,
             SUM(CASE WHEN NOT s.is_bot AND s.is_engaged THEN 1 ELSE 0 END) AS engaged_sessions,
             SUM(CASE WHEN s.is_bot THEN 0 ELSE s.orders END) AS orders,
             SUM(CASE WHEN s.is_bot THEN 0 ELSE s.revenue END) AS revenue,
             SUM(CASE WHEN NOT s.is_bot AND s.orders > 0 THEN 1 ELSE 0 END) AS converted_sessions,
             SUM(CASE WHEN s.is_bot THEN 1 ELSE 0 END) AS bot_sessions
      FROM metric_days d
      JOIN clickstream.sessions s ON d.day = CAST(DATE_TRUNC('day', s.session_start) AS DATE)
       AND s.session_start >= d.day AND s.session_start < d.day + INTERVAL '1 day'
      WHERE s.session_start >= CAST(:metrics_scan_from AS TIMESTAMP)
      GROUP BY d.day) a;

DROP TABLE metric_days;
