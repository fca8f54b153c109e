package dev.clickstream.warehouse;

import java.util.Map;

/**
 * Server settings of the embedded PostgreSQL that stands in for Redshift: the local stack's, and the tests' and
 * benchmarks' alike, so what is measured is what runs. PostgreSQL's defaults suit a small shared server on spinning
 * disks; this one is a single-tenant warehouse on local SSD whose models run a few large statements over temp tables.
 * docs/warehouse.md ("PostgreSQL settings") shows what each value fixed in the incremental-cost benchmark's plans.
 */
public final class EmbeddedPostgresSettings {
    /** The local stack's port (postgres.embedded-port's default), and the URL the warehouse commands default to. */
    public static final int DEFAULT_PORT = 54329;
    public static final String DEFAULT_JDBC_URL = "jdbc:postgresql://127.0.0.1:" + DEFAULT_PORT + "/postgres";

    /** Setting name to value, passed to the server at start-up. */
    public static final Map<String, String> SERVER = Map.of(
            "listen_addresses", "127.0.0.1",
            // the library defaults to synchronous_commit=off for tests; an acknowledged event must survive a crash
            "synchronous_commit", "on",
            "fsync", "on",
            // at 4, joining a few thousand touched keys to events plans a full scan of the table
            "random_page_cost", "1.1",
            // sorts and hashes of a 100,000-event run fit in memory instead of spilling to temp files
            "work_mem", "64MB",
            // the models' temp tables live in per-session buffers (default 8 MB)
            "temp_buffers", "256MB",
            "shared_buffers", "512MB",
            // fewer checkpoints, so fewer full-page images in the WAL of each run
            "max_wal_size", "4GB",
            "checkpoint_timeout", "15min");

    private EmbeddedPostgresSettings() {}
}
