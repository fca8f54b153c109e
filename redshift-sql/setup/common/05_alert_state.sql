-- Alert state, in portable SQL (runs unchanged on Redshift and PostgreSQL). Idempotent.
-- One row per incident: an alert condition that began at opened_at and, once it clears, ended at resolved_at. An
-- incident notifies once when it opens and once when it resolves; the warehouse holds what was sent, so a restarted
-- runner does not send it again. See docs/alerts.md.

CREATE TABLE IF NOT EXISTS clickstream.alert_incidents (
    incident_id  VARCHAR(32)   NOT NULL,
    alert        VARCHAR(32)   NOT NULL,
    incident_key VARCHAR(512)  NOT NULL,
    status       VARCHAR(16)   NOT NULL,
    opened_at    TIMESTAMP     NOT NULL,
    resolved_at  TIMESTAMP,
    notified     BOOLEAN       NOT NULL,
    summary      VARCHAR(1024) NOT NULL,
    evidence     VARCHAR(8192) NOT NULL
);

-- the outbox: one row per (incident, firing|resolved, channel), written with the incident's change in one
-- transaction; sent_at stays NULL until the channel accepted it, and a pending row is retried on the next run
CREATE TABLE IF NOT EXISTS clickstream.alert_notifications (
    incident_id VARCHAR(32)   NOT NULL,
    kind        VARCHAR(16)   NOT NULL,
    channel     VARCHAR(16)   NOT NULL,
    created_at  TIMESTAMP     NOT NULL,
    sent_at     TIMESTAMP,
    attempts    INTEGER       NOT NULL,
    last_error  VARCHAR(1024)
);
