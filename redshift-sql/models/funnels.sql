-- model: funnels
-- grain: funnel_daily: one row per (funnel, day, step); day is the UTC date of the attempt's step 1.
-- keys: (funnel, day, step)
-- depends on: identity
-- incremental: the days an event loaded in (:watermark, :run_upper] can affect (its own day, and earlier days
--              within the funnel's total window) are deleted and recomputed from the events of those days on.
--              Cost grows with those days' events, not with history.
-- late events: a late step completes an earlier attempt on the next run; a late step 1 adds an attempt on its day.
-- method: one ordered pass per (funnel, user_key): for every funnel event, window functions give the time of the
--         next event of each later step (at or after it). An attempt starts at each step-1 event; step k counts if
--         the next step-k event after step k-1 comes within max_seconds_from_previous. Steps are looked up by
--         equality on those pointers, never by a self-join chain per step. Steps 1 to 6 are supported.
--         users counts distinct user_keys per day and step, so a user counts once per day per step.
-- tables: clickstream.funnel_daily
DROP TABLE IF EXISTS funnel_from;

CREATE TEMP TABLE funnel_from AS
SELECT d.funnel,
       DATE_TRUNC('day', MIN(x.event_ts) - d.total_seconds * INTERVAL '1 second') AS from_day
FROM (SELECT e.event_ts FROM clickstream.events e
      WHERE e.loaded_at > CAST(:watermark AS TIMESTAMP) AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP)
      UNION ALL
      -- anonymous events the identity model re-stitched in this window
      SELECT c.min_event_ts FROM clickstream.stitch_changes c
      WHERE c.run_upper > CAST(:watermark AS TIMESTAMP) AND c.run_upper <= CAST(:run_upper AS TIMESTAMP)) x
CROSS JOIN (SELECT funnel, SUM(COALESCE(max_seconds_from_previous, 0)) AS total_seconds
            FROM clickstream.funnel_definitions GROUP BY funnel) d
GROUP BY d.funnel, d.total_seconds;

DELETE FROM clickstream.funnel_daily USING funnel_from
WHERE clickstream.funnel_daily.funnel = funnel_from.funnel
  AND clickstream.funnel_daily.day >= funnel_from.from_day;

DROP TABLE IF EXISTS funnel_events;

CREATE TEMP TABLE funnel_events AS
SELECT f.funnel, d.step, e.user_key, e.event_ts, e.message_id
FROM clickstream.events e
JOIN clickstream.funnel_definitions d ON d.event = e.event
JOIN funnel_from f ON f.funnel = d.funnel
WHERE e.type = 'track' AND e.event_ts >= f.from_day AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP);

DROP TABLE IF EXISTS funnel_pointers;

-- for each funnel event: when the next event of each later step happens (at or after it), in one ordered pass
CREATE TEMP TABLE funnel_pointers AS
SELECT p.funnel, p.step, p.user_key, p.event_ts,
       MIN(p.next2) AS next2, MIN(p.next3) AS next3, MIN(p.next4) AS next4, MIN(p.next5) AS next5, MIN(p.next6) AS next6
FROM (SELECT fe.funnel, fe.step, fe.user_key, fe.event_ts,
             MIN(CASE WHEN fe.step = 2 THEN fe.event_ts END) OVER (PARTITION BY fe.funnel, fe.user_key
                 ORDER BY fe.event_ts, fe.step, fe.message_id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS next2,
             MIN(CASE WHEN fe.step = 3 THEN fe.event_ts END) OVER (PARTITION BY fe.funnel, fe.user_key
                 ORDER BY fe.event_ts, fe.step, fe.message_id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS next3,
             MIN(CASE WHEN fe.step = 4 THEN fe.event_ts END) OVER (PARTITION BY fe.funnel, fe.user_key
                 ORDER BY fe.event_ts, fe.step, fe.message_id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS next4,
             MIN(CASE WHEN fe.step = 5 THEN fe.event_ts END) OVER (PARTITION BY fe.funnel, fe.user_key
                 ORDER BY fe.event_ts, fe.step, fe.message_id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS next5,
             MIN(CASE WHEN fe.step = 6 THEN fe.event_ts END) OVER (PARTITION BY fe.funnel, fe.user_key
                 ORDER BY fe.event_ts, fe.step, fe.message_id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS next6
      FROM funnel_events fe) p
GROUP BY p.funnel, p.step, p.user_key, p.event_ts;

DROP TABLE IF EXISTS funnel_attempts;

-- one row per attempt (a step-1 event); step k's time is the next step-k event after step k-1, if within its window
CREATE TEMP TABLE funnel_attempts AS
SELECT a.funnel, a.user_key, a.t1, a.t2, a.t3, a.t4, a.t5, a.t6
FROM (SELECT p1.funnel, p1.user_key, p1.event_ts AS t1, x2.t2, x3.t3, x4.t4, x5.t5, x6.t6
      FROM funnel_pointers p1
      LEFT JOIN (SELECT q.funnel, q.user_key, q.event_ts AS t1, q.next2 AS t2 FROM funnel_pointers q
                 JOIN clickstream.funnel_definitions d ON d.funnel = q.funnel AND d.step = 2
                 WHERE q.step = 1 AND q.next2 IS NOT NULL
                   AND DATE_PART('epoch', q.next2) - DATE_PART('epoch', q.event_ts) <= COALESCE(d.max_seconds_from_previous, 2147483647)) x2
        ON x2.funnel = p1.funnel AND x2.user_key = p1.user_key AND x2.t1 = p1.event_ts
      LEFT JOIN (SELECT q.funnel, q.user_key, q.event_ts AS prev, q.next3 AS t3 FROM funnel_pointers q
                 JOIN clickstream.funnel_definitions d ON d.funnel = q.funnel AND d.step = 3
                 WHERE q.step = 2 AND q.next3 IS NOT NULL
                   AND DATE_PART('epoch', q.next3) - DATE_PART('epoch', q.event_ts) <= COALESCE(d.max_seconds_from_previous, 2147483647)) x3
        ON x3.funnel = p1.funnel AND x3.user_key = p1.user_key AND x3.prev = x2.t2
      LEFT JOIN (SELECT q.funnel, q.user_key, q.event_ts AS prev, q.next4 AS t4 FROM funnel_pointers q
                 JOIN clickstream.funnel_definitions d ON d.funnel = q.funnel AND d.step = 4
                 WHERE q.step = 3 AND q.next4 IS NOT NULL
                   AND DATE_PART('epoch', q.next4) - DATE_PART('epoch', q.event_ts) <= COALESCE(d.max_seconds_from_previous, 2147483647)) x4
        ON x4.funnel = p1.funnel AND x4.user_key = p1.user_key AND x4.prev = x3.t3
      LEFT JOIN (SELECT q.funnel, q.user_key, q.event_ts AS prev, q.next5 AS t5 FROM funnel_pointers q
                 JOIN clickstream.funnel_definitions d ON d.funnel = q.funnel AND d.step = 5
                 WHERE q.step = 4 AND q.next5 IS NOT NULL
                   AND DATE_PART('epoch', q.next5) - DATE_PART('epoch', q.event_ts) <= COALESCE(d.max_seconds_from_previous, 2147483647)) x5
        ON x5.funnel = p1.funnel AND x5.user_key = p1.user_key AND x5.prev = x4.t4
      LEFT JOIN (SELECT q.funnel, q.user_key, q.event_ts AS prev, q.next6 AS t6 FROM funnel_pointers q
                 JOIN clickstream.funnel_definitions d ON d.funnel = q.funnel AND d.step = 6
                 WHERE q.step = 5 AND q.next6 IS NOT NULL
                   AND DATE_PART('epoch', q.next6) - DATE_PART('epoch', q.event_ts) <= COALESCE(d.max_seconds_from_previous, 2147483647)) x6
        ON x6.funnel = p1.funnel AND x6.user_key = p1.user_key AND x6.prev = x5.t5
      WHERE p1.step = 1) a;

DROP TABLE IF EXISTS funnel_reached;

CREATE TEMP TABLE funnel_reached AS
SELECT funnel, CAST(DATE_TRUNC('day', t1) AS DATE) AS day, 1 AS step, user_key FROM funnel_attempts
UNION ALL SELECT funnel, CAST(DATE_TRUNC('day', t1) AS DATE), 2, user_key FROM funnel_attempts WHERE t2 IS NOT NULL
UNION ALL SELECT funnel, CAST(DATE_TRUNC('day', t1) AS DATE), 3, user_key FROM funnel_attempts WHERE t3 IS NOT NULL
UNION ALL SELECT funnel, CAST(DATE_TRUNC('day', t1) AS DATE), 4, user_key FROM funnel_attempts WHERE t4 IS NOT NULL
UNION ALL SELECT funnel, CAST(DATE_TRUNC('day', t1) AS DATE), 5, user_key FROM funnel_attempts WHERE t5 IS NOT NULL
UNION ALL SELECT funnel, CAST(DATE_TRUNC('day', t1) AS DATE), 6, user_key FROM funnel_attempts WHERE t6 IS NOT NULL;

INSERT INTO clickstream.funnel_daily (funnel, day, step, users, conversion_from_previous, conversion_from_first)
SELECT c.funnel, c.day, c.step, c.users,
       CASE WHEN c.step = 1 THEN 1.0
            ELSE c.users / NULLIF(CAST(LAG(c.users) OVER (PARTITION BY c.funnel, c.day ORDER BY c.step) AS DOUBLE PRECISION), 0) END,
       c.users / NULLIF(CAST(FIRST_VALUE(c.users) OVER (PARTITION BY c.funnel, c.day ORDER BY c.step
                                     ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS DOUBLE PRECISION), 0)
FROM (SELECT d.funnel, days.day, d.step, COUNT(DISTINCT r.user_key) AS users
      FROM (SELECT DISTINCT funnel, day FROM funnel_reached) days
      JOIN clickstream.funnel_definitions d ON d.funnel = days.funnel
      LEFT JOIN funnel_reached r ON r.funnel = d.funnel AND r.day = days.day AND r.step = d.step
      GROUP BY d.funnel, days.day, d.step) c;

DROP TABLE funnel_reached;
DROP TABLE funnel_attempts;
DROP TABLE funnel_pointers;
DROP TABLE funnel_events;
DROP TABLE funnel_from;
