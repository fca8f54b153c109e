-- query: model_runs
-- title: Model runs
-- question: When did each model last run, how did it go, and how far has it read? The dashboard's header shows the
--           latest of these runs.
-- grain: one row per model
-- parameters: now (the caller's clock, a UTC timestamp): runs of the 7 days before it
-- reads: clickstream.model_state, clickstream.model_runs
-- columns: model text, watermark timestamp, last_started timestamp, last_finished timestamp, last_status text,
--          last_rows number, last_error text
-- chart: none
-- empty: the models have not run yet: `clickstream up` runs them every minute; elsewhere run `clickstream models run`
SELECT m.model, m.high_watermark AS watermark, r.started_at AS last_started, r.finished_at AS last_finished,
       r.status AS last_status, r.rows AS last_rows, r.error AS last_error
FROM clickstream.model_state m
LEFT JOIN (SELECT x.model, x.started_at, x.finished_at, x.status, x.rows, x.error,
                  ROW_NUMBER() OVER (PARTITION BY x.model ORDER BY x.started_at DESC, x.status) AS rn
           FROM clickstream.model_runs x
           WHERE x.started_at >= CAST(:now AS TIMESTAMP) - INTERVAL '7 days') r
  ON r.model = m.model AND r.rn = 1
ORDER BY m.model;
