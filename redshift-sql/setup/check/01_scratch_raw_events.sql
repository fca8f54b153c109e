-- `clickstream models check` only: in a scratch schema, a plain table stands in for the streaming materialized view
-- (setup/redshift/02_streaming_mv.sql) with the same columns and types, so the fixture of envelopes in check/ can be
-- loaded with INSERT and the models run over it exactly as over the view. The check renames `clickstream` to the
-- scratch schema in every statement it sends.
CREATE SCHEMA IF NOT EXISTS clickstream;

CREATE TABLE IF NOT EXISTS clickstream.raw_events (
    approximate_arrival_timestamp TIMESTAMP    NOT NULL,
    partition_key                 VARCHAR(256) NOT NULL,
    shard_id                      CHAR(20)     NOT NULL,
    sequence_number               VARCHAR(128) NOT NULL,
    refresh_time                  TIMESTAMP    NOT NULL,
    payload                       SUPER,
    bad_payload                   VARBYTE(1024000)
);
