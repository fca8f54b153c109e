-- The model runner's lock, in portable SQL (runs unchanged on Redshift and PostgreSQL). Idempotent.
-- While `clickstream models run` runs, this table holds one row: who runs (holder) and until when its lease lasts
-- (expires_at, renewed before every model). A second run finds the row and exits with status skipped_locked; a row
-- left by a crashed run is taken over once it expires. See RunLock.java and docs/warehouse.md.
CREATE TABLE IF NOT EXISTS clickstream.run_lock (
    name        VARCHAR(64)  NOT NULL,
    holder      VARCHAR(256) NOT NULL,
    acquired_at TIMESTAMP    NOT NULL,
    expires_at  TIMESTAMP    NOT NULL
);
