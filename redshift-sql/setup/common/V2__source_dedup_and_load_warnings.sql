-- Schema step 2 (see SchemaMigrations): events are unique per (source, message_id), no longer per message_id alone,
-- so one source's write key (public in every browser) cannot pre-empt another source's events; order line items and
-- abandoned carts carry their event's source for the joins and keys that follow from it; and staging records what it
-- had to change in load_warnings. Every statement is safe to repeat: a step that fails halfway runs again from here.

-- unless exists: SELECT 1 FROM information_schema.columns WHERE table_schema = 'clickstream' AND table_name = 'stg_events' AND column_name = 'load_warnings'
ALTER TABLE clickstream.stg_events ADD COLUMN load_warnings VARCHAR(1024);

-- unless exists: SELECT 1 FROM information_schema.columns WHERE table_schema = 'clickstream' AND table_name = 'events' AND column_name = 'load_warnings'
ALTER TABLE clickstream.events ADD COLUMN load_warnings VARCHAR(1024);

-- unless exists: SELECT 1 FROM information_schema.columns WHERE table_schema = 'clickstream' AND table_name = 'stg_order_items' AND column_name = 'load_warnings'
ALTER TABLE clickstream.stg_order_items ADD COLUMN load_warnings VARCHAR(256);

-- unless exists: SELECT 1 FROM information_schema.columns WHERE table_schema = 'clickstream' AND table_name = 'order_items' AND column_name = 'load_warnings'
ALTER TABLE clickstream.order_items ADD COLUMN load_warnings VARCHAR(256);

-- unless exists: SELECT 1 FROM information_schema.columns WHERE table_schema = 'clickstream' AND table_name = 'order_items' AND column_name = 'source'
ALTER TABLE clickstream.order_items ADD COLUMN source VARCHAR(128);

-- unless exists: SELECT 1 FROM information_schema.columns WHERE table_schema = 'clickstream' AND table_name = 'cart_abandonment' AND column_name = 'source'
ALTER TABLE clickstream.cart_abandonment ADD COLUMN source VARCHAR(128);

-- rows stored before this step belong to their event's source: message_id alone was unique in events then
UPDATE clickstream.order_items SET source = clickstream.events.source
FROM clickstream.events
WHERE clickstream.order_items.message_id = clickstream.events.message_id
  AND clickstream.order_items.source IS NULL;

UPDATE clickstream.cart_abandonment SET source = clickstream.events.source
FROM clickstream.events
WHERE clickstream.cart_abandonment.message_id = clickstream.events.message_id
  AND clickstream.cart_abandonment.source IS NULL;
