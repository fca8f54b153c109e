-- Schema step 4, Redshift only: the alert rules read the recent rows of growing tables after every run. model_runs
-- is read by started_at (model_failed); rejected_events and stg_events are sorted on loaded_at since step 3.
-- PostgreSQL indexes the same columns instead (setup/postgres/05_alert_indexes.sql).
ALTER TABLE clickstream.model_runs ALTER SORTKEY (started_at);
