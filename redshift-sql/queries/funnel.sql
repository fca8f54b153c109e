-- query: funnel
-- title: Funnel
-- question: How many people reached each step of a funnel over the range, and what share went on from one step
--           to the next? A person counts once per step however many days they tried; steps count only in order
--           and within each step's time limit (see funnel_definitions).
-- grain: one row per step of the funnel; no row when nobody reached its first step
-- parameters: from_day, to_day (UTC dates of the attempt's first step, inclusive); source (a source name, or
--             '*'): people with an event from that source in the range; funnel (default 'ecommerce')
-- reads: clickstream.funnel_definitions, clickstream.funnel_user_days, clickstream.events (only for a source)
-- columns: step number, event text, users number, conversion_from_previous number, conversion_from_first number
-- chart: funnel name=event value=users
-- defaults: funnel=ecommerce
-- empty: nobody entered the funnel in this range: run `clickstream simulate`, or check funnel_definitions
WITH reached AS (
    SELECT f.step, COUNT(DISTINCT f.user_key) AS users
    FROM clickstream.funnel_user_days f
    WHERE f.funnel = :funnel
      AND f.day >= CAST(:from_day AS DATE) AND f.day <= CAST(:to_day AS DATE)
      AND (:source = '*' OR f.user_key IN (
          SELECT e.user_key FROM clickstream.events e
          WHERE e.source = :source
            AND e.event_ts >= CAST(:from_day AS DATE) AND e.event_ts < CAST(:to_day AS DATE) + INTERVAL '1 day'))
    GROUP BY f.step
)
SELECT d.step, d.event, COALESCE(r.users, 0) AS users,
       COALESCE(r.users, 0)
         / NULLIF(CAST(LAG(COALESCE(r.users, 0), 1) OVER (ORDER BY d.step) AS DOUBLE PRECISION), 0)
         AS conversion_from_previous,
       COALESCE(r.users, 0)
         / NULLIF(CAST(FIRST_VALUE(COALESCE(r.users, 0)) OVER (
               ORDER BY d.step ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS DOUBLE PRECISION), 0)
         AS conversion_from_first
FROM clickstream.funnel_definitions d
LEFT JOIN reached r ON r.step = d.step
WHERE d.funnel = :funnel
  AND EXISTS (SELECT 1 FROM reached)
ORDER BY d.step;
