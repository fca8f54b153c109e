-- Local streaming ingestion (the stand-in for Redshift's streaming materialized view) keeps its position here:
-- the last sequence number written to clickstream.raw_events, per stream and shard. Rows and checkpoints commit in
-- one transaction, so every sequence number is written exactly once, across restarts.
CREATE TABLE IF NOT EXISTS clickstream.stream_checkpoints (
    stream_name     VARCHAR(128) NOT NULL,
    shard_id        VARCHAR(64)  NOT NULL,
    sequence_number VARCHAR(128) NOT NULL,
    updated_at      TIMESTAMP    NOT NULL,
    PRIMARY KEY (stream_name, shard_id)
);
