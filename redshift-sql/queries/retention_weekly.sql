-- query: retention_weekly
-- title: Weekly retention cohorts
-- question: Of the people first seen in a week, what share came back in each later week? A cohort is the week
--           (Monday, UTC) of a person's first human session ever; week_offset 0 is that week.
-- grain: one row per (cohort week, week offset) with returning people
-- parameters: from_day, to_day (UTC dates, inclusive): cohorts whose first week falls in the range, activity up
--             to to_day; source (a source name, or '*'): people with a session from a device that sent an event
--             from that source up to to_day
-- reads: clickstream.sessions, clickstream.events (only for a source)
-- columns: cohort_week date, week_offset number, users number, cohort_users number, retention number
-- chart: heatmap x=week_offset y=cohort_week value=retention label=users
-- empty: no sessions in this range yet: run `clickstream simulate`, then wait for the next model run
WITH activity AS (
    SELECT DISTINCT s.user_key, DATE_TRUNC('week', s.session_start) AS week
    FROM clickstream.sessions s
    WHERE NOT s.is_bot
      AND s.session_start < CAST(:to_day AS DATE) + INTERVAL '1 day'
      AND (:source = '*' OR s.session_key IN (
          SELECT COALESCE(e.anonymous_id, e.user_id) FROM clickstream.events e
          WHERE e.source = :source AND e.event_ts < CAST(:to_day AS DATE) + INTERVAL '1 day'))
),
cohorts AS (
    SELECT a.user_key, MIN(a.week) AS cohort_week
    FROM activity a
    GROUP BY a.user_key
),
sizes AS (
    SELECT c.cohort_week, COUNT(*) AS cohort_users
    FROM cohorts c
    WHERE c.cohort_week >= DATE_TRUNC('week', CAST(:from_day AS TIMESTAMP))
    GROUP BY c.cohort_week
)
SELECT CAST(z.cohort_week AS DATE) AS cohort_week,
       CAST((DATE_PART('epoch', a.week) - DATE_PART('epoch', z.cohort_week)) / 604800 AS INTEGER) AS week_offset,
       COUNT(*) AS users,
       z.cohort_users,
       COUNT(*) / CAST(z.cohort_users AS DOUBLE PRECISION) AS retention
FROM sizes z
JOIN cohorts c ON c.cohort_week = z.cohort_week
JOIN activity a ON a.user_key = c.user_key
GROUP BY z.cohort_week, a.week, z.cohort_users
ORDER BY cohort_week, week_offset;
