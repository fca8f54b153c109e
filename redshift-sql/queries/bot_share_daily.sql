-- query: bot_share_daily
-- title: Bot share of traffic per day
-- question: What share of each day's sessions and events came from users flagged as bots?
-- grain: one row per UTC day of session start
-- parameters: from_day, to_day (UTC dates, inclusive); source (a source name, or '*'): sessions of devices that
--             sent an event from that source in the range
-- reads: clickstream.sessions, clickstream.events (only for a source)
-- columns: day date, sessions number, bot_sessions number, bot_session_share number, events number,
--          bot_events number, bot_event_share number
-- chart: bar x=day y=bot_sessions,sessions y2=bot_event_share
-- empty: no sessions in this range yet: run `clickstream simulate`, then wait for the next model run
SELECT t.day, t.sessions, t.bot_sessions, t.bot_sessions / CAST(t.sessions AS DOUBLE PRECISION) AS bot_session_share,
       t.events, t.bot_events, t.bot_events / CAST(NULLIF(t.events, 0) AS DOUBLE PRECISION) AS bot_event_share
FROM (SELECT CAST(DATE_TRUNC('day', s.session_start) AS DATE) AS day,
             COUNT(*) AS sessions,
             SUM(CASE WHEN s.is_bot THEN 1 ELSE 0 END) AS bot_sessions,
             SUM(s.events) AS events,
             SUM(CASE WHEN s.is_bot THEN s.events ELSE 0 END) AS bot_events
      FROM clickstream.sessions s
      WHERE s.session_start >= CAST(:from_day AS DATE)
        AND s.session_start < CAST(:to_day AS DATE) + INTERVAL '1 day'
        AND (:source = '*' OR s.session_key IN (
            SELECT COALESCE(e.anonymous_id, e.user_id) FROM clickstream.events e
            WHERE e.source = :source
              AND e.event_ts >= CAST(:from_day AS DATE) AND e.event_ts < CAST(:to_day AS DATE) + INTERVAL '1 day'))
      GROUP BY CAST(DATE_TRUNC('day', s.session_start) AS DATE)) t
ORDER BY t.day;
