-- Redshift setup, step 2: the streaming materialized view, clickstream.raw_events. It is the landing zone and stays
-- trivial on purpose: an error inside a streaming view's query stalls ingestion, so parsing and validation happen
-- downstream (staging). JSON goes to payload (SUPER); anything else is kept, not dropped, in bad_payload.
-- Sorted on arrival. The stream name must match the collector's kinesis.stream (default clickstream-events);
-- keep it lower-case (see the case-sensitivity notes in IAM.md).
-- Redshift has no CREATE MATERIALIZED VIEW IF NOT EXISTS, so the runner skips the statement when the view exists:
-- unless exists: SELECT 1 FROM svv_mv_info WHERE schema = 'clickstream' AND name = 'raw_events'
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
