-- model: funnels
-- grain: funnel_daily: one row per (funnel, day, step); day is the UTC date of the attempt's step 1.
--        funnel_user_days (internal): one row per (funnel, day, step, user_key) that reached the step that day.
-- keys: funnel_daily (funnel, day, step); funnel_user_days (funnel, day, step, user_key)
-- depends on: events
-- incremental: per user, not per day. A user is touched by a new event (loaded in (:watermark, :run_upper]) or by
--              a re-stitch that moved stored events to or from it (user_key_changes, logged by events).
--              For each touched user, attempts that start on or after the day of (earliest new or re-stitched event
--              minus the longest funnel window) are deleted and recomputed from that user's events; then only the
--              (funnel, day) pairs whose user rows changed are re-counted from funnel_user_days. Cost grows with the
--              touched users' recent events and those days' user rows, not with history or with the day's traffic.
-- late events: a late step completes an earlier attempt of its user on the next run; a late step 1 adds an attempt
--              on its day.
-- method: one ordered pass per (funnel, user_key): for every funnel event, window functions give the time of the
--         next event of each later step (at or after it). An attempt starts at each step-1 event; step k counts if
--         the next step-k event after step k-1 comes within max_seconds_from_previous. Steps are looked up by
--         equality on those pointers, never by a self-join chain per step. Steps 1 to 6 are supported.
--         users counts distinct user_keys per day and step, so a user counts once per day per step.
-- tables: clickstream.funnel_daily, clickstream.funnel_user_days
CREATE TEMP TABLE funnel_touched AS
SELECT x.user_key, DATE_TRUNC('day', MIN(x.ts) - MAX(w.total_seconds) * INTERVAL '1 second') AS from_day
FROM (SELECT e.user_key, e.event_ts AS ts FROM clickstream.events e
      WHERE e.loaded_at > CAST(:watermark AS TIMESTAMP) AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP)
      UNION ALL
      SELECT c.user_key, c.min_event_ts FROM clickstream.user_key_changes c
      WHERE c.run_upper > CAST(:watermark AS TIMESTAMP) AND c.run_upper <= CAST(:run_upper AS TIMESTAMP)) x
CROSS JOIN (SELECT funnel, SUM(COALESCE(max_seconds_from_previous, 0)) AS total_seconds
            FROM clickstream.funnel_definitions GROUP BY funnel) w
GROUP BY x.user_key;

-- the (funnel, day) pairs to re-count: those of the user rows about to be replaced, and (below) of their replacements
CREATE TEMP TABLE funnel_days AS
SELECT DISTINCT d.funnel, d.day
FROM clickstream.funnel_user_days d
JOIN funnel_touched t ON t.user_key = d.user_key AND d.day >= t.from_day;

DELETE FROM clickstream.funnel_user_days USING funnel_touched
WHERE clickstream.funnel_user_days.user_key = funnel_touched.user_key
  AND clickstream.funnel_user_days.day >= funnel_touched.from_day;

CREATE TEMP TABLE funnel_events AS
SELECT d.funnel, d.step, e.user_key, e.event_ts, e.message_id
FROM clickstream.events e
JOIN funnel_touched t ON t.user_key = e.user_key AND e.event_ts >= t.from_day
JOIN clickstream.funnel_definitions d ON d.event = e.event
WHERE e.type = 'track' AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP);

-- for each funnel event: when the next event of each later step happens (at or after it), in one ordered pass; the
-- running MIN walks the user's events backwards, which is "from this row to the end" computed incrementally
CREATE TEMP TABLE funnel_pointers AS
SELECT p.funnel, p.step, p.user_key, p.event_ts,
       MIN(p.next2) AS next2, MIN(p.next3) AS next3, MIN(p.next4) AS next4, MIN(p.next5) AS next5, MIN(p.next6) AS next6
FROM (SELECT fe.funnel, fe.step, fe.user_key, fe.event_ts,
             MIN(CASE WHEN fe.step = 2 THEN fe.event_ts END) OVER (PARTITION BY fe.funnel, fe.user_key
                 ORDER BY fe.event_ts DESC, fe.step DESC, fe.message_id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS next2,
             MIN(CASE WHEN fe.step = 3 THEN fe.event_ts END) OVER (PARTITION BY fe.funnel, fe.user_key
                 ORDER BY fe.event_ts DESC, fe.step DESC, fe.message_id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS next3,
             MIN(CASE WHEN fe.step = 4 THEN fe.event_ts END) OVER (PARTITION BY fe.funnel, fe.user_key
                 ORDER BY fe.event_ts DESC, fe.step DESC, fe.message_id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS next4,
             MIN(CASE WHEN fe.step = 5 THEN fe.event_ts END) OVER (PARTITION BY fe.funnel, fe.user_key
                 ORDER BY fe.event_ts DESC, fe.step DESC, fe.message_id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS next5,
             MIN(CASE WHEN fe.step = 6 THEN fe.event_ts END) OVER (PARTITION BY fe.funnel, fe.user_key
                 ORDER BY fe.event_ts DESC, fe.step DESC, fe.message_id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS next6
      FROM funnel_events fe) p
GROUP BY p.funnel, p.step, p.user_key, p.event_ts;

-- one row per attempt (a step-1 event); step k's time is the next step-k event after step k-1, if within its
-- window. Each step is an equality lookup of the pointer row at the previous step's time, one fresh (and so
-- analyzed) table per step, so the planner joins by hash instead of guessing.
CREATE TEMP TABLE funnel_a2 AS
SELECT p.funnel, p.user_key, p.event_ts AS t1,
       CASE WHEN p.next2 IS NOT NULL
             AND DATE_PART('epoch', p.next2) - DATE_PART('epoch', p.event_ts) <= COALESCE(d.max_seconds_from_previous, 2147483647)
            THEN p.next2 END AS t2
FROM funnel_pointers p
LEFT JOIN clickstream.funnel_definitions d ON d.funnel = p.funnel AND d.step = 2
WHERE p.step = 1;

CREATE TEMP TABLE funnel_a3 AS
SELECT a.funnel, a.user_key, a.t1, a.t2, s.next3 AS t3
FROM funnel_a2 a
LEFT JOIN (SELECT q.funnel, q.user_key, q.event_ts, q.next3
           FROM funnel_pointers q
           JOIN clickstream.funnel_definitions d ON d.funnel = q.funnel AND d.step = 3
           WHERE q.step = 2 AND q.next3 IS NOT NULL
             AND DATE_PART('epoch', q.next3) - DATE_PART('epoch', q.event_ts) <= COALESCE(d.max_seconds_from_previous, 2147483647)) s
  ON s.funnel = a.funnel AND s.user_key = a.user_key AND s.event_ts = a.t2;

CREATE TEMP TABLE funnel_a4 AS
SELECT a.funnel, a.user_key, a.t1, a.t2, a.t3, s.next4 AS t4
FROM funnel_a3 a
LEFT JOIN (SELECT q.funnel, q.user_key, q.event_ts, q.next4
           FROM funnel_pointers q
           JOIN clickstream.funnel_definitions d ON d.funnel = q.funnel AND d.step = 4
           WHERE q.step = 3 AND q.next4 IS NOT NULL
             AND DATE_PART('epoch', q.next4) - DATE_PART('epoch', q.event_ts) <= COALESCE(d.max_seconds_from_previous, 2147483647)) s
  ON s.funnel = a.funnel AND s.user_key = a.user_key AND s.event_ts = a.t3;

CREATE TEMP TABLE funnel_a5 AS
SELECT a.funnel, a.user_key, a.t1, a.t2, a.t3, a.t4, s.next5 AS t5
FROM funnel_a4 a
LEFT JOIN (SELECT q.funnel, q.user_key, q.event_ts, q.next5
           FROM funnel_pointers q
           JOIN clickstream.funnel_definitions d ON d.funnel = q.funnel AND d.step = 5
           WHERE q.step = 4 AND q.next5 IS NOT NULL
             AND DATE_PART('epoch', q.next5) - DATE_PART('epoch', q.event_ts) <= COALESCE(d.max_seconds_from_previous, 2147483647)) s
  ON s.funnel = a.funnel AND s.user_key = a.user_key AND s.event_ts = a.t4;

CREATE TEMP TABLE funnel_a6 AS
SELECT a.funnel, a.user_key, a.t1, a.t2, a.t3, a.t4, a.t5, s.next6 AS t6
FROM funnel_a5 a
LEFT JOIN (SELECT q.funnel, q.user_key, q.event_ts, q.next6
           FROM funnel_pointers q
           JOIN clickstream.funnel_definitions d ON d.funnel = q.funnel AND d.step = 6
           WHERE q.step = 5 AND q.next6 IS NOT NULL
             AND DATE_PART('epoch', q.next6) - DATE_PART('epoch', q.event_ts) <= COALESCE(d.max_seconds_from_previous, 2147483647)) s
  ON s.funnel = a.funnel AND s.user_key = a.user_key AND s.event_ts = a.t5;

CREATE TEMP TABLE funnel_reached AS
SELECT funnel, CAST(DATE_TRUNC('day', t1) AS DATE) AS day, 1 AS step, user_key FROM funnel_a6
UNION SELECT funnel, CAST(DATE_TRUNC('day', t1) AS DATE), 2, user_key FROM funnel_a6 WHERE t2 IS NOT NULL
UNION SELECT funnel, CAST(DATE_TRUNC('day', t1) AS DATE), 3, user_key FROM funnel_a6 WHERE t3 IS NOT NULL
UNION SELECT funnel, CAST(DATE_TRUNC('day', t1) AS DATE), 4, user_key FROM funnel_a6 WHERE t4 IS NOT NULL
UNION SELECT funnel, CAST(DATE_TRUNC('day', t1) AS DATE), 5, user_key FROM funnel_a6 WHERE t5 IS NOT NULL
UNION SELECT funnel, CAST(DATE_TRUNC('day', t1) AS DATE), 6, user_key FROM funnel_a6 WHERE t6 IS NOT NULL;

INSERT INTO clickstream.funnel_user_days (funnel, day, step, user_key)
SELECT funnel, day, step, user_key FROM funnel_reached;

INSERT INTO funnel_days (funnel, day)
SELECT DISTINCT r.funnel, r.day FROM funnel_reached r
WHERE NOT EXISTS (SELECT 1 FROM funnel_days d WHERE d.funnel = r.funnel AND d.day = r.day);

DELETE FROM clickstream.funnel_daily USING funnel_days
WHERE clickstream.funnel_daily.funnel = funnel_days.funnel
  AND clickstream.funnel_daily.day = funnel_days.day;

-- a day keeps a row for every step of its funnel (0 users included) as long as any user attempted it that day
INSERT INTO clickstream.funnel_daily (funnel, day, step, users, conversion_from_previous, conversion_from_first)
SELECT c.funnel, c.day, c.step, c.users,
       CASE WHEN c.step = 1 THEN 1.0
            ELSE c.users / NULLIF(CAST(LAG(c.users) OVER (PARTITION BY c.funnel, c.day ORDER BY c.step) AS DOUBLE PRECISION), 0) END,
       c.users / NULLIF(CAST(FIRST_VALUE(c.users) OVER (PARTITION BY c.funnel, c.day ORDER BY c.step
                                     ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS DOUBLE PRECISION), 0)
FROM (SELECT d.funnel, days.day, d.step, COUNT(u.user_key) AS users
      FROM (SELECT x.funnel, x.day FROM funnel_days x
            WHERE EXISTS (SELECT 1 FROM clickstream.funnel_user_days y WHERE y.funnel = x.funnel AND y.day = x.day)) days
      JOIN clickstream.funnel_definitions d ON d.funnel = days.funnel
      LEFT JOIN clickstream.funnel_user_days u ON u.funnel = d.funnel AND u.day = days.day AND u.step = d.step
      GROUP BY d.funnel, days.day, d.step) c;

DROP TABLE funnel_reached;
DROP TABLE funnel_a6;
DROP TABLE funnel_a5;
DROP TABLE funnel_a4;
DROP TABLE funnel_a3;
DROP TABLE funnel_a2;
DROP TABLE funnel_pointers;
DROP TABLE funnel_events;
DROP TABLE funnel_days;
DROP TABLE funnel_touched;
