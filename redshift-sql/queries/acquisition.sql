-- query: acquisition
-- title: Top referrers and UTM campaigns
-- question: Where do sessions come from, and which sources bring revenue? The 10 referring sites (host of the
--           landing page's referrer; '(direct)' without one) and the 10 UTM campaigns (utm_campaign with its
--           utm_source / utm_medium) with the most sessions, with their orders and revenue. Bot sessions are left out.
-- grain: one row per (kind, name): kind is 'referrer' or 'campaign'
-- parameters: from_day, to_day (UTC dates of session start, inclusive); source (a source name, or '*'): sessions
--             of devices that sent an event from that source in the range
-- reads: clickstream.sessions, clickstream.events (only for a source)
-- columns: kind text, name text, sessions number, orders number, revenue number
-- chart: hbar y=kind,name x=sessions x2=revenue
-- empty: no sessions in this range yet: run `clickstream simulate`, then wait for the next model run
WITH human_sessions AS (
    SELECT s.referrer, s.utm_source, s.utm_medium, s.utm_campaign, s.orders, s.revenue
    FROM clickstream.sessions s
    WHERE s.session_start >= CAST(:from_day AS DATE)
      AND s.session_start < CAST(:to_day AS DATE) + INTERVAL '1 day'
      AND NOT s.is_bot
      AND (:source = '*' OR s.session_key IN (
          SELECT COALESCE(e.anonymous_id, e.user_id) FROM clickstream.events e
          WHERE e.source = :source
            AND e.event_ts >= CAST(:from_day AS DATE) AND e.event_ts < CAST(:to_day AS DATE) + INTERVAL '1 day'))
),
channels AS (
    SELECT CAST('referrer' AS VARCHAR(16)) AS kind,
           CASE WHEN h.referrer IS NULL OR h.referrer = '' THEN '(direct)' ELSE SPLIT_PART(h.referrer, '/', 3) END AS name,
           COUNT(*) AS sessions, SUM(h.orders) AS orders, SUM(h.revenue) AS revenue
    FROM human_sessions h
    GROUP BY CASE WHEN h.referrer IS NULL OR h.referrer = '' THEN '(direct)' ELSE SPLIT_PART(h.referrer, '/', 3) END
    UNION ALL
    SELECT CAST('campaign' AS VARCHAR(16)) AS kind,
           h.utm_campaign || ' (' || COALESCE(h.utm_source, '?') || ' / ' || COALESCE(h.utm_medium, '?') || ')' AS name,
           COUNT(*) AS sessions, SUM(h.orders) AS orders, SUM(h.revenue) AS revenue
    FROM human_sessions h
    WHERE h.utm_campaign IS NOT NULL
    GROUP BY h.utm_campaign || ' (' || COALESCE(h.utm_source, '?') || ' / ' || COALESCE(h.utm_medium, '?') || ')'
)
SELECT r.kind, r.name, r.sessions, r.orders, r.revenue
FROM (SELECT c.kind, c.name, c.sessions, c.orders, c.revenue,
             ROW_NUMBER() OVER (PARTITION BY c.kind ORDER BY c.sessions DESC, c.revenue DESC, c.name) AS rn
      FROM channels c) r
WHERE r.rn <= 10
ORDER BY r.kind DESC, r.rn;
