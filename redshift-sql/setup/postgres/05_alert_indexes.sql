-- PostgreSQL only: the alert rules read recent rows of growing tables after every run (Redshift uses sort keys).
CREATE INDEX IF NOT EXISTS rejected_events_loaded_at ON clickstream.rejected_events (loaded_at);
CREATE INDEX IF NOT EXISTS model_runs_started_at ON clickstream.model_runs (started_at);
CREATE INDEX IF NOT EXISTS alert_incidents_open ON clickstream.alert_incidents (incident_id) WHERE status = 'open';
CREATE INDEX IF NOT EXISTS alert_notifications_pending ON clickstream.alert_notifications (created_at) WHERE sent_at IS NULL;
