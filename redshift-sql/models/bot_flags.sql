-- model: bot_flags
-- grain: one row per (user_key, rule) that fired; also sets sessions.is_bot (a flagged user's sessions are bots).
-- keys: (user_key, rule)
-- rules:
--   rate            more than :bot_rate_events (10) events inside any sliding :bot_rate_window_seconds (10 s) of
--                   event time, counted on deduplicated events, so a burst straddling any boundary still counts
--   crawler_ua      a user agent containing a pattern of clickstream.bot_user_agents (seeded from the maintained,
--                   MIT-licensed crawler-user-agents list; see setup/common/03_seed_bot_user_agents.sql)
--   ip_farm         one IP sending :ip_farm_anonymous_ids (20) or more anonymous ids within one hour
--   robotic_timing  a session with :robotic_min_views (8) or more page/screen views whose gaps vary by less than
--                   :robotic_max_cv (coefficient of variation 0.1): a metronome, not a person
-- depends on: sessions
-- incremental: the user_keys with new events, every key a re-stitch moved stored events to or from
--              (user_key_changes), and everyone seen on an IP-hour that got new events,
--              are re-evaluated over their whole history (flags describe a user, not a window); the IP-farm rule
--              reads only the IP-hours those users were seen on, by a range on (ip, event_ts). Cost grows with
--              those users' events and IP-hours.
-- late events: a late event can create a burst, complete an IP farm or change a session's rhythm; it touches its
--              user and its IP-hour, which are re-evaluated.
-- tables: clickstream.bot_flags, clickstream.bot_changes
CREATE TEMP TABLE new_events_bot AS
SELECT e.user_key, e.ip, DATE_TRUNC('hour', e.event_ts) AS hour
FROM clickstream.events e
WHERE e.loaded_at > CAST(:watermark AS TIMESTAMP) AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP);

CREATE TEMP TABLE bot_users AS
SELECT DISTINCT u.user_key
FROM (SELECT n.user_key FROM new_events_bot n
      UNION ALL
      SELECT c.user_key FROM clickstream.user_key_changes c
      WHERE c.run_upper > CAST(:watermark AS TIMESTAMP) AND c.run_upper <= CAST(:run_upper AS TIMESTAMP)
      UNION ALL
      SELECT e.user_key FROM clickstream.events e
      JOIN (SELECT DISTINCT ip, hour FROM new_events_bot WHERE ip IS NOT NULL) t
        ON t.ip = e.ip AND e.event_ts >= t.hour AND e.event_ts < t.hour + INTERVAL '1 hour'
      WHERE e.loaded_at <= CAST(:run_upper AS TIMESTAMP)) u;

CREATE TEMP TABLE flagged_before AS
SELECT DISTINCT f.user_key FROM clickstream.bot_flags f JOIN bot_users b ON b.user_key = f.user_key;

DELETE FROM clickstream.bot_flags USING bot_users
WHERE clickstream.bot_flags.user_key = bot_users.user_key;

CREATE TEMP TABLE bot_events AS
SELECT e.user_key, e.message_id, e.type, e.event_ts, e.ip, e.anonymous_id, e.user_agent,
       COALESCE(e.anonymous_id, e.user_id) AS session_key,
       ROW_NUMBER() OVER (PARTITION BY e.user_key ORDER BY e.event_ts, e.message_id) AS rn
FROM clickstream.events e
JOIN bot_users b ON b.user_key = e.user_key
WHERE e.loaded_at <= CAST(:run_upper AS TIMESTAMP);

INSERT INTO clickstream.bot_flags (user_key, rule, first_seen, last_seen, evidence)
SELECT a.user_key, 'rate', MIN(a.event_ts), MAX(b.event_ts),
       'windows with more than ' || :bot_rate_events || ' events: ' || CAST(COUNT(*) AS VARCHAR(20))
FROM bot_events a
JOIN bot_events b ON b.user_key = a.user_key AND b.rn = a.rn + CAST(:bot_rate_events AS INTEGER)
WHERE DATE_PART('epoch', b.event_ts) - DATE_PART('epoch', a.event_ts)
      < CAST(:bot_rate_window_seconds AS DOUBLE PRECISION)
GROUP BY a.user_key;

-- match the few distinct user agents against the pattern list, not every event
CREATE TEMP TABLE bot_agents AS
SELECT a.user_agent, MIN(p.pattern) AS pattern
FROM (SELECT DISTINCT user_agent FROM bot_events WHERE user_agent IS NOT NULL) a
JOIN clickstream.bot_user_agents p ON LOWER(a.user_agent) LIKE '%' || p.pattern || '%'
GROUP BY a.user_agent;

INSERT INTO clickstream.bot_flags (user_key, rule, first_seen, last_seen, evidence)
SELECT e.user_key, 'crawler_ua', MIN(e.event_ts), MAX(e.event_ts), 'user agent matches ' || MIN(g.pattern)
FROM bot_events e
JOIN bot_agents g ON g.user_agent = e.user_agent
GROUP BY e.user_key;

-- only the IP-hours the re-evaluated users were seen on, each read by a range on (ip, event_ts); a table of its own,
-- so the planner knows how few they are (estimated inline, it expects one per event and scans all events)
CREATE TEMP TABLE bot_ip_hours AS
SELECT DISTINCT ip, DATE_TRUNC('hour', event_ts) AS hour FROM bot_events WHERE ip IS NOT NULL;

CREATE TEMP TABLE farm_hours AS
SELECT h.ip, h.hour
FROM bot_ip_hours h
JOIN clickstream.events e ON e.ip = h.ip AND e.event_ts >= h.hour AND e.event_ts < h.hour + INTERVAL '1 hour'
WHERE e.loaded_at <= CAST(:run_upper AS TIMESTAMP) AND e.anonymous_id IS NOT NULL
GROUP BY h.ip, h.hour
HAVING COUNT(DISTINCT e.anonymous_id) >= CAST(:ip_farm_anonymous_ids AS INTEGER);

INSERT INTO clickstream.bot_flags (user_key, rule, first_seen, last_seen, evidence)
SELECT e.user_key, 'ip_farm', MIN(e.event_ts), MAX(e.event_ts), 'ip ' || MIN(e.ip)
FROM bot_events e
JOIN farm_hours f ON f.ip = e.ip AND f.hour = DATE_TRUNC('hour', e.event_ts)
GROUP BY e.user_key;

CREATE TEMP TABLE view_gaps AS
SELECT s.session_id, v.user_key, v.event_ts,
       DATE_PART('epoch', v.event_ts) - DATE_PART('epoch', LAG(v.event_ts) OVER (
           PARTITION BY s.session_id ORDER BY v.event_ts, v.message_id)) AS gap
FROM bot_events v
JOIN clickstream.sessions s
  ON s.session_key = v.session_key AND v.event_ts >= s.session_start AND v.event_ts <= s.session_end
WHERE v.type IN ('page', 'screen');

INSERT INTO clickstream.bot_flags (user_key, rule, first_seen, last_seen, evidence)
SELECT r.user_key, 'robotic_timing', MIN(r.first_seen), MAX(r.last_seen), 'sessions: ' || CAST(COUNT(*) AS VARCHAR(20))
FROM (SELECT g.session_id, MIN(g.user_key) AS user_key, MIN(g.event_ts) AS first_seen, MAX(g.event_ts) AS last_seen
      FROM view_gaps g
      GROUP BY g.session_id
      HAVING COUNT(*) >= CAST(:robotic_min_views AS INTEGER)
         AND AVG(g.gap) > 0
         AND STDDEV_SAMP(g.gap) / AVG(g.gap) < CAST(:robotic_max_cv AS DOUBLE PRECISION)) r
GROUP BY r.user_key;

-- users whose verdict flipped, for the product metrics to re-count
INSERT INTO clickstream.bot_changes (user_key, run_upper)
SELECT x.user_key, CAST(:run_upper AS TIMESTAMP)
FROM (SELECT b.user_key FROM flagged_before b
      WHERE NOT EXISTS (SELECT 1 FROM clickstream.bot_flags f WHERE f.user_key = b.user_key)
      UNION
      SELECT DISTINCT f.user_key FROM clickstream.bot_flags f JOIN bot_users u ON u.user_key = f.user_key
      WHERE NOT EXISTS (SELECT 1 FROM flagged_before b WHERE b.user_key = f.user_key)) x;

-- every session a flag change can affect: those of re-evaluated users, and every session of a touched key (two
-- equality joins: an IN list of millions of keys combined with OR is not hashed by PostgreSQL)
CREATE TEMP TABLE bot_scope AS
SELECT s.session_id,
       CASE WHEN EXISTS (SELECT 1 FROM clickstream.bot_flags f WHERE f.user_key = s.user_key) THEN TRUE ELSE FALSE END AS is_bot
FROM clickstream.sessions s
JOIN (SELECT x.session_id
      FROM clickstream.sessions x JOIN bot_users b ON b.user_key = x.user_key
      UNION
      SELECT x.session_id
      FROM clickstream.sessions x JOIN (SELECT DISTINCT session_key FROM bot_events) k ON k.session_key = x.session_key) i
  ON i.session_id = s.session_id;

INSERT INTO clickstream.session_changes (day, run_upper)
SELECT DISTINCT CAST(DATE_TRUNC('day', s.session_start) AS DATE), CAST(:run_upper AS TIMESTAMP)
FROM clickstream.sessions s
JOIN bot_scope b ON b.session_id = s.session_id AND b.is_bot <> s.is_bot;

UPDATE clickstream.sessions SET is_bot = bot_scope.is_bot
FROM bot_scope
WHERE clickstream.sessions.session_id = bot_scope.session_id
  AND clickstream.sessions.is_bot <> bot_scope.is_bot;

DROP TABLE bot_scope;
DROP TABLE view_gaps;
DROP TABLE farm_hours;
DROP TABLE bot_ip_hours;
DROP TABLE bot_agents;
DROP TABLE bot_events;
DROP TABLE flagged_before;
DROP TABLE bot_users;
DROP TABLE new_events_bot;
