-- Schema step 3, Redshift only: physical design. Redshift has no indexes; a model's scan is cheap when the table is
-- sorted on the column it range-scans (zone maps skip the other blocks), and a join of two large tables avoids
-- redistribution when both are distributed on the join key. PostgreSQL keeps its indexes instead
-- (setup/postgres/03_indexes.sql, V2__source_dedup_indexes.sql). Small tables keep Redshift's automatic choice.
--
-- Each table is altered by one statement: a table that gets both keys gets them in one ALTER TABLE (a combination
-- the page lists: "ALTER TABLE tablename ALTER DISTKEY column_Id, ALTER SORTKEY (column_list);",
-- https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_TABLE.html), so it is rewritten once, not twice.
-- "If VACUUM is already running, then ALTER DISTKEY returns an error" (the same page): the step then fails, and
-- running setup again re-runs it from its start. Each statement is skipped when SVV_TABLE_INFO shows the table
-- already has its keys (diststyle KEY(column), sortkey1 column: r_SVV_TABLE_INFO.html), so what a failed run
-- finished is not rewritten again. That view "doesn't return any information for empty tables" and is "visible
-- only to superusers" (the same page): where it shows nothing, the statement runs, as it would without a guard.
-- events: every model reads "the events loaded in (watermark, run_upper]" (loaded_at, which grows with arrival, so
-- the sort is nearly free and event_ts ranges stay tight too); the per-user models join events to events or to
-- per-user tables on user_key (carts: a user's adds to the same user's orders; funnels, bot flags).
-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'events' AND diststyle = 'KEY(user_key)' AND sortkey1 = 'loaded_at'
ALTER TABLE clickstream.events ALTER DISTKEY user_key, ALTER SORTKEY (loaded_at);

-- staging: read by loaded_at; the events model deduplicates and joins line items per message_id
-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'stg_events' AND diststyle = 'KEY(message_id)' AND sortkey1 = 'loaded_at'
ALTER TABLE clickstream.stg_events ALTER DISTKEY message_id, ALTER SORTKEY (loaded_at);

-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'stg_order_items' AND diststyle = 'KEY(message_id)' AND sortkey1 = 'loaded_at'
ALTER TABLE clickstream.stg_order_items ALTER DISTKEY message_id, ALTER SORTKEY (loaded_at);

-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'order_items' AND diststyle = 'KEY(message_id)'
ALTER TABLE clickstream.order_items ALTER DISTKEY message_id;

-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'rejected_events' AND sortkey1 = 'loaded_at'
ALTER TABLE clickstream.rejected_events ALTER SORTKEY (loaded_at);

-- sessions: rebuilt per session_key from a start time; daily_metrics reads a day's sessions by session_start
-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'sessions' AND diststyle = 'KEY(session_key)' AND sortkey1 = 'session_start'
ALTER TABLE clickstream.sessions ALTER DISTKEY session_key, ALTER SORTKEY (session_start);

-- identity: looked up per anonymous_id
-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'identity_links' AND diststyle = 'KEY(anonymous_id)'
ALTER TABLE clickstream.identity_links ALTER DISTKEY anonymous_id;

-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'identity_map' AND diststyle = 'KEY(anonymous_id)'
ALTER TABLE clickstream.identity_map ALTER DISTKEY anonymous_id;

-- per-user tables, joined to events on user_key
-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'funnel_user_days' AND diststyle = 'KEY(user_key)' AND sortkey1 = 'day'
ALTER TABLE clickstream.funnel_user_days ALTER DISTKEY user_key, ALTER SORTKEY (day);

-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'cart_abandonment' AND diststyle = 'KEY(user_key)' AND sortkey1 = 'added_at'
ALTER TABLE clickstream.cart_abandonment ALTER DISTKEY user_key, ALTER SORTKEY (added_at);

-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'bot_flags' AND diststyle = 'KEY(user_key)'
ALTER TABLE clickstream.bot_flags ALTER DISTKEY user_key;

-- the per-run change logs grow with every run, and later models read the current run's rows by run_upper
-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'stitch_changes' AND sortkey1 = 'run_upper'
ALTER TABLE clickstream.stitch_changes ALTER SORTKEY (run_upper);

-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'user_key_changes' AND sortkey1 = 'run_upper'
ALTER TABLE clickstream.user_key_changes ALTER SORTKEY (run_upper);

-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'session_changes' AND sortkey1 = 'run_upper'
ALTER TABLE clickstream.session_changes ALTER SORTKEY (run_upper);

-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'bot_changes' AND sortkey1 = 'run_upper'
ALTER TABLE clickstream.bot_changes ALTER SORTKEY (run_upper);

-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'product_hour_changes' AND sortkey1 = 'run_upper'
ALTER TABLE clickstream.product_hour_changes ALTER SORTKEY (run_upper);

-- hourly and daily aggregates: deleted and re-inserted by hour or day
-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'product_hourly' AND sortkey1 = 'hour'
ALTER TABLE clickstream.product_hourly ALTER SORTKEY (hour);

-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'category_hourly' AND sortkey1 = 'hour'
ALTER TABLE clickstream.category_hourly ALTER SORTKEY (hour);

-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'brand_daily' AND sortkey1 = 'day'
ALTER TABLE clickstream.brand_daily ALTER SORTKEY (day);

-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND "table" = 'daily_metrics' AND sortkey1 = 'day'
ALTER TABLE clickstream.daily_metrics ALTER SORTKEY (day);
