-- clickstream.raw_events on PostgreSQL: the local twin of the Redshift streaming materialized view.
-- Same columns as the view (see ../redshift/), so the same staging logic reads either.
--   approximate_arrival_timestamp  when the record entered the stream (direct sink: its commit)
--   partition_key                  the record's partition key (direct sink: message_id)
--   shard_id                       the shard it was read from (direct sink: 'direct')
--   sequence_number                unique within its shard; zero-padded so text order is arrival order
--   refresh_time                   one value per refresh (direct sink: per group commit), committed atomically
--   payload                        the envelope as JSON; null when the record is not JSON
--   bad_payload                    the raw text of a record that is not JSON
CREATE SCHEMA IF NOT EXISTS clickstream;

CREATE SEQUENCE IF NOT EXISTS clickstream.raw_events_seq;

CREATE TABLE IF NOT EXISTS clickstream.raw_events (
    approximate_arrival_timestamp TIMESTAMP    NOT NULL,
    partition_key                 VARCHAR(256) NOT NULL,
    shard_id                      CHAR(20)     NOT NULL,
    sequence_number               VARCHAR(128) NOT NULL
        DEFAULT lpad(nextval('clickstream.raw_events_seq')::text, 20, '0'),
    refresh_time                  TIMESTAMP    NOT NULL,
    payload                       JSONB,
    bad_payload                   TEXT
);

CREATE UNIQUE INDEX IF NOT EXISTS raw_events_shard_sequence
    ON clickstream.raw_events (shard_id, sequence_number);

CREATE INDEX IF NOT EXISTS raw_events_refresh_time
    ON clickstream.raw_events (refresh_time);
