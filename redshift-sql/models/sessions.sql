-- model: sessions
-- grain: one row per session: one device's events (session_key = anonymous_id, else user_id) with no gap longer
--        than :session_gap_seconds (default 1,800) between consecutive events, by event time.
-- keys: session_id = MD5(session_key || '|' || the session's first message_id): deterministic, and stable unless an
--       even earlier event arrives. Events of one time are ordered by message_id, then source.
-- depends on: events
-- incremental: session keys with events loaded in (:watermark, :run_upper] are touched. Per touched key, the rebuild
--              point is the earlier of its earliest new event and the start of the earliest stored session ending
--              within one gap before that event; sessions from there on are deleted and rebuilt from the key's
--              events. Cost grows with the touched keys' recent events, not with history.
-- late events: a late event extends its session, bridges two sessions into one, merges into a later session, or
--              forms a session of its own; the rebuild point covers all four. Engagement (GA4): longer than 10 s,
--              or 2 or more page/screen views, or an order; bounce = not engaged. is_bot is set by bot_flags.
-- tables: clickstream.sessions, clickstream.session_changes
CREATE TEMP TABLE touched_keys AS
SELECT COALESCE(e.anonymous_id, e.user_id) AS session_key, MIN(e.event_ts) AS first_new_ts
FROM clickstream.events e
WHERE e.loaded_at > CAST(:watermark AS TIMESTAMP) AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP)
  AND COALESCE(e.anonymous_id, e.user_id) IS NOT NULL
GROUP BY COALESCE(e.anonymous_id, e.user_id);

CREATE TEMP TABLE rebuild_from AS
SELECT t.session_key, LEAST(t.first_new_ts, COALESCE(MIN(s.session_start), t.first_new_ts)) AS from_ts
FROM touched_keys t
LEFT JOIN clickstream.sessions s
  ON s.session_key = t.session_key
 AND DATE_PART('epoch', s.session_end) >= DATE_PART('epoch', t.first_new_ts) - CAST(:session_gap_seconds AS DOUBLE PRECISION)
GROUP BY t.session_key, t.first_new_ts;

INSERT INTO clickstream.session_changes (day, run_upper)
SELECT DISTINCT CAST(DATE_TRUNC('day', s.session_start) AS DATE), CAST(:run_upper AS TIMESTAMP)
FROM clickstream.sessions s
JOIN rebuild_from r ON r.session_key = s.session_key AND s.session_start >= r.from_ts;

DELETE FROM clickstream.sessions USING rebuild_from
WHERE clickstream.sessions.session_key = rebuild_from.session_key
  AND clickstream.sessions.session_start >= rebuild_from.from_ts;

CREATE TEMP TABLE flagged AS
SELECT r.session_key, e.message_id, e.source, e.type, e.event, e.event_ts, e.user_id, e.anonymous_id, e.user_key,
       COALESCE(e.page_path, e.name) AS page, e.page_referrer, e.utm_source, e.utm_medium, e.utm_campaign, e.revenue,
       CASE WHEN LAG(e.event_ts) OVER (PARTITION BY r.session_key ORDER BY e.event_ts, e.message_id, e.source) IS NULL
                 OR DATE_PART('epoch', e.event_ts) - DATE_PART('epoch', LAG(e.event_ts) OVER (
                        PARTITION BY r.session_key ORDER BY e.event_ts, e.message_id, e.source))
                    > CAST(:session_gap_seconds AS DOUBLE PRECISION)
            THEN 1 ELSE 0 END AS is_first
FROM clickstream.events e
JOIN rebuild_from r ON r.session_key = COALESCE(e.anonymous_id, e.user_id)
WHERE e.event_ts >= r.from_ts AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP);

CREATE TEMP TABLE numbered AS
SELECT f.*,
       SUM(f.is_first) OVER (PARTITION BY f.session_key ORDER BY f.event_ts, f.message_id, f.source
                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS session_no,
       ROW_NUMBER() OVER (PARTITION BY f.session_key ORDER BY f.event_ts, f.message_id, f.source) AS pos,
       CASE WHEN f.type IN ('page', 'screen') THEN 1 ELSE 0 END AS is_view
FROM flagged f;

-- first and last event, and first and last page view, of every rebuilt session
CREATE TEMP TABLE ends AS
SELECT n.session_key, n.session_no,
       MIN(n.pos) AS first_pos, MAX(n.pos) AS last_pos,
       MIN(CASE WHEN n.is_view = 1 THEN n.pos END) AS first_view_pos,
       MAX(CASE WHEN n.is_view = 1 THEN n.pos END) AS last_view_pos
FROM numbered n
GROUP BY n.session_key, n.session_no;

INSERT INTO clickstream.sessions (
    session_id, session_key, user_key, anonymous_id, user_id, session_start, session_end, duration_s, events,
    page_views, landing_page, exit_page, referrer, utm_source, utm_medium, utm_campaign, is_engaged, is_bounce,
    is_bot, orders, revenue)
SELECT MD5(a.session_key || '|' || fe.message_id),
       a.session_key, le.user_key, fe.anonymous_id, a.user_id,
       a.session_start, a.session_end,
       DATE_PART('epoch', a.session_end) - DATE_PART('epoch', a.session_start),
       a.events, a.page_views, fv.page, lv.page, fe.page_referrer, fe.utm_source, fe.utm_medium, fe.utm_campaign,
       CASE WHEN DATE_PART('epoch', a.session_end) - DATE_PART('epoch', a.session_start) > 10
                 OR a.page_views >= 2 OR a.orders > 0 THEN TRUE ELSE FALSE END,
       CASE WHEN DATE_PART('epoch', a.session_end) - DATE_PART('epoch', a.session_start) > 10
                 OR a.page_views >= 2 OR a.orders > 0 THEN FALSE ELSE TRUE END,
       FALSE, a.orders, a.revenue
FROM (SELECT n.session_key, n.session_no, MIN(n.event_ts) AS session_start, MAX(n.event_ts) AS session_end,
             COUNT(*) AS events, SUM(n.is_view) AS page_views, MAX(n.user_id) AS user_id,
             SUM(CASE WHEN n.type = 'track' AND n.event = 'Order Completed' THEN 1 ELSE 0 END) AS orders,
             SUM(CASE WHEN n.type = 'track' AND n.event = 'Order Completed' THEN COALESCE(n.revenue, 0) ELSE 0 END) AS revenue
      FROM numbered n
      GROUP BY n.session_key, n.session_no) a
JOIN ends x ON x.session_key = a.session_key AND x.session_no = a.session_no
JOIN numbered fe ON fe.session_key = a.session_key AND fe.pos = x.first_pos
JOIN numbered le ON le.session_key = a.session_key AND le.pos = x.last_pos
LEFT JOIN numbered fv ON fv.session_key = a.session_key AND fv.pos = x.first_view_pos
LEFT JOIN numbered lv ON lv.session_key = a.session_key AND lv.pos = x.last_view_pos;

INSERT INTO clickstream.session_changes (day, run_upper)
SELECT DISTINCT CAST(DATE_TRUNC('day', s.session_start) AS DATE), CAST(:run_upper AS TIMESTAMP)
FROM clickstream.sessions s
JOIN rebuild_from r ON r.session_key = s.session_key AND s.session_start >= r.from_ts;

-- a late identify or alias can change who a key's older sessions belong to: re-read the stitched user_key of each
-- session's last event for every touched key, and for anonymous ids named by newly loaded aliases
CREATE TEMP TABLE restitch_keys AS
SELECT session_key FROM touched_keys
UNION
SELECT e.previous_id FROM clickstream.events e
WHERE e.loaded_at > CAST(:watermark AS TIMESTAMP) AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP)
  AND e.type = 'alias' AND e.previous_id IS NOT NULL;

CREATE TEMP TABLE restitched AS
SELECT r.session_id, r.user_key
FROM (SELECT s.session_id, e.user_key,
             ROW_NUMBER() OVER (PARTITION BY s.session_id ORDER BY e.message_id DESC, e.source DESC) AS rn
      FROM clickstream.sessions s
      JOIN restitch_keys k ON k.session_key = s.session_key
      LEFT JOIN rebuild_from b ON b.session_key = s.session_key
      JOIN clickstream.events e
        ON COALESCE(e.anonymous_id, e.user_id) = s.session_key AND e.event_ts = s.session_end
      -- sessions rebuilt above already carry their last event's user_key
      WHERE b.from_ts IS NULL OR s.session_start < b.from_ts) r
WHERE r.rn = 1;

INSERT INTO clickstream.session_changes (day, run_upper)
SELECT DISTINCT CAST(DATE_TRUNC('day', s.session_start) AS DATE), CAST(:run_upper AS TIMESTAMP)
FROM clickstream.sessions s
JOIN restitched r ON r.session_id = s.session_id AND r.user_key <> s.user_key;

UPDATE clickstream.sessions SET user_key = restitched.user_key
FROM restitched
WHERE clickstream.sessions.session_id = restitched.session_id
  AND clickstream.sessions.user_key <> restitched.user_key;

DROP TABLE restitched;
DROP TABLE restitch_keys;
DROP TABLE ends;
DROP TABLE numbered;
DROP TABLE flagged;
DROP TABLE rebuild_from;
DROP TABLE touched_keys;
