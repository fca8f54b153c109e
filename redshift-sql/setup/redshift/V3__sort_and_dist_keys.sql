-- Schema step 3, Redshift only: physical design. Redshift has no indexes; a model's scan is cheap when the table is
-- sorted on the column it range-scans (zone maps skip the other blocks), and a join of two large tables avoids
-- redistribution when both are distributed on the join key. PostgreSQL keeps its indexes instead
-- (setup/postgres/03_indexes.sql, V2__source_dedup_indexes.sql). Small tables keep Redshift's automatic choice.
--
-- events: every model reads "the events loaded in (watermark, run_upper]" (loaded_at, which grows with arrival, so
-- the sort is nearly free and event_ts ranges stay tight too); the per-user models join events to events or to
-- per-user tables on user_key (carts: a user's adds to the same user's orders; funnels, bot flags).
ALTER TABLE clickstream.events ALTER DISTSTYLE KEY DISTKEY user_key;
ALTER TABLE clickstream.events ALTER SORTKEY (loaded_at);

-- staging: read by loaded_at; the events model deduplicates and joins line items per message_id
ALTER TABLE clickstream.stg_events ALTER DISTSTYLE KEY DISTKEY message_id;
ALTER TABLE clickstream.stg_events ALTER SORTKEY (loaded_at);
ALTER TABLE clickstream.stg_order_items ALTER DISTSTYLE KEY DISTKEY message_id;
ALTER TABLE clickstream.stg_order_items ALTER SORTKEY (loaded_at);
ALTER TABLE clickstream.order_items ALTER DISTSTYLE KEY DISTKEY message_id;
ALTER TABLE clickstream.rejected_events ALTER SORTKEY (loaded_at);

-- sessions: rebuilt per session_key from a start time; daily_metrics reads a day's sessions by session_start
ALTER TABLE clickstream.sessions ALTER DISTSTYLE KEY DISTKEY session_key;
ALTER TABLE clickstream.sessions ALTER SORTKEY (session_start);

-- identity: looked up per anonymous_id
ALTER TABLE clickstream.identity_links ALTER DISTSTYLE KEY DISTKEY anonymous_id;
ALTER TABLE clickstream.identity_map ALTER DISTSTYLE KEY DISTKEY anonymous_id;

-- per-user tables, joined to events on user_key
ALTER TABLE clickstream.funnel_user_days ALTER DISTSTYLE KEY DISTKEY user_key;
ALTER TABLE clickstream.funnel_user_days ALTER SORTKEY (day);
ALTER TABLE clickstream.cart_abandonment ALTER DISTSTYLE KEY DISTKEY user_key;
ALTER TABLE clickstream.cart_abandonment ALTER SORTKEY (added_at);
ALTER TABLE clickstream.bot_flags ALTER DISTSTYLE KEY DISTKEY user_key;

-- the per-run change logs grow with every run, and later models read the current run's rows by run_upper
ALTER TABLE clickstream.stitch_changes ALTER SORTKEY (run_upper);
ALTER TABLE clickstream.user_key_changes ALTER SORTKEY (run_upper);
ALTER TABLE clickstream.session_changes ALTER SORTKEY (run_upper);
ALTER TABLE clickstream.bot_changes ALTER SORTKEY (run_upper);
ALTER TABLE clickstream.product_hour_changes ALTER SORTKEY (run_upper);

-- hourly and daily aggregates: deleted and re-inserted by hour or day
ALTER TABLE clickstream.product_hourly ALTER SORTKEY (hour);
ALTER TABLE clickstream.category_hourly ALTER SORTKEY (hour);
ALTER TABLE clickstream.brand_daily ALTER SORTKEY (day);
ALTER TABLE clickstream.daily_metrics ALTER SORTKEY (day);
