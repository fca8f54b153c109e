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

    /** Column order used by local streaming ingestion, which carries the stream's own metadata. */
    public static final String COPY_STREAM = "COPY " + NAME + " (approximate_arrival_timestamp, partition_key, shard_id,"
            + " sequence_number, refresh_time, payload, bad_payload) FROM STDIN (FORMAT csv)";

    private static final String[] POSTGRES_DDL = {"sql/setup/postgres/01_raw_events.sql", "sql/setup/postgres/02_stream_checkpoints.sql"};

    private RawEventsTable() {}

    /** The idempotent PostgreSQL DDL (several statements; PostgreSQL's JDBC driver runs them in one call). */
    public static String postgresDdl() {
        StringBuilder sql = new StringBuilder();
        for (String file : POSTGRES_DDL) {
            try (InputStream in = RawEventsTable.class.getClassLoader().getResourceAsStream(file)) {
                if (in == null) throw new IllegalStateException("missing resource " + file);
                sql.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sql.toString();
    }
}
