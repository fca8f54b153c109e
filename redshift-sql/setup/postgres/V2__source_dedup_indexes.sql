-- Schema step 2, PostgreSQL part: the dedup probe of the events model looks events up by (message_id, source).
DROP INDEX IF EXISTS clickstream.events_message_id;
CREATE INDEX IF NOT EXISTS events_message_id_source ON clickstream.events (message_id, source);
