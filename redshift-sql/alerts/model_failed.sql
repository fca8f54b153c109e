-- alert: model_failed
-- fires: a model whose latest recorded run (model_runs, since :lookback_since) failed
-- key: the model
-- resolves: when the model's latest run succeeds
-- evidence: the failed run's start, its run_upper and error, and the model's failed runs since :lookback_since
-- returns: incident_key, started_at, run_upper, error, failures
SELECT r.model AS incident_key, r.started_at, r.run_upper, r.error, r.failures
FROM (SELECT m.model, m.started_at, m.status, m.error, m.run_upper,
             ROW_NUMBER() OVER (PARTITION BY m.model ORDER BY m.started_at DESC, m.finished_at DESC) AS rn,
             SUM(CASE WHEN m.status = 'failed' THEN 1 ELSE 0 END) OVER (PARTITION BY m.model) AS failures
      FROM clickstream.model_runs m
      WHERE m.started_at >= CAST(:lookback_since AS TIMESTAMP)) r
WHERE r.rn = 1 AND r.status = 'failed'
