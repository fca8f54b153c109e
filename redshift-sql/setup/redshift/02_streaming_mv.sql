-- Redshift setup, step 2: the streaming materialized view, clickstream.raw_events. It is the landing zone and stays
-- trivial on purpose: an error inside a streaming view's query stalls ingestion, so parsing and validation happen
-- downstream (staging). JSON goes to payload (SUPER); anything else is kept, not dropped, in bad_payload.
-- Sorted on arrival. The stream name must match the collector's kinesis.stream (default clickstream-events);
-- keep it lower-case (see the case-sensitivity notes in IAM.md).
-- Redshift has no CREATE MATERIALIZED VIEW IF NOT EXISTS, so the runner skips the statement when a relation of that
-- name exists. The check reads the catalog (pg_class, visible to every user), not SVV_MV_INFO: that view shows a
-- regular user only the views they own, so a runner that did not create the view would try again and fail.
-- unless exists: SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'clickstream' AND c.relname = 'raw_events'
CREATE MATERIALIZED VIEW clickstream.raw_events
SORTKEY (approximate_arrival_timestamp)
AUTO REFRESH YES
AS
SELECT approximate_arrival_timestamp,
       partition_key,
       shard_id,
       sequence_number,
       refresh_time,
       CASE WHEN CAN_JSON_PARSE(kinesis_data) THEN JSON_PARSE(kinesis_data) END AS payload,
       CASE WHEN NOT CAN_JSON_PARSE(kinesis_data) THEN kinesis_data END AS bad_payload
FROM kds."clickstream-events";
