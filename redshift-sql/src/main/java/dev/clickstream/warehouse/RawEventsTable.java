package dev.clickstream.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The raw landing table's contract: its name, its PostgreSQL DDL, and how the direct sink writes to it. */
public final class RawEventsTable {
    public static final String NAME = "clickstream.raw_events";

    /** Column order used by the collector's direct PostgreSQL sink; sequence_number comes from the table default. */
    public static final String COPY_DIRECT = "COPY " + NAME
            + " (approximate_arrival_timestamp, refresh_time, partition_key, shard_id, payload) FROM STDIN (FORMAT csv)";

    private static final String POSTGRES_DDL = "sql/setup/postgres/01_raw_events.sql";

    private RawEventsTable() {}

    /** The idempotent PostgreSQL DDL (several statements; PostgreSQL's JDBC driver runs them in one call). */
    public static String postgresDdl() {
        try (InputStream in = RawEventsTable.class.getClassLoader().getResourceAsStream(POSTGRES_DDL)) {
            if (in == null) throw new IllegalStateException("missing resource " + POSTGRES_DDL);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
