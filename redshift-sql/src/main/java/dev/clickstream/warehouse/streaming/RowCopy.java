package dev.clickstream.warehouse.streaming;

import dev.clickstream.warehouse.CsvCopyEncoder;
import dev.clickstream.warehouse.RawEventsTable;
import org.postgresql.PGConnection;
import software.amazon.awssdk.services.kinesis.model.Record;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Copies one refresh's records into raw_events inside the caller's transaction. The whole refresh is one COPY; only
 * when PostgreSQL refuses a row for its content does the COPY split in halves, each under a savepoint, down to the
 * refused records, which are written again as text in {@code bad_payload}. k refused records among n cost about
 * 2·k·log2(n) extra COPYs; a refresh without one costs a single COPY and a savepoint.
 */
final class RowCopy {
    record Row(Record record, String shardId) {}

    /** How many records went to bad_payload, and the SQLSTATEs that sent them there. */
    record Result(int refused, Set<String> sqlStates) {}

    private final Connection connection;
    private final String refreshTime;
    private final Set<String> states = new TreeSet<>();
    private int refused;

    RowCopy(Connection connection, String refreshTime) {
        this.connection = connection;
        this.refreshTime = refreshTime;
    }

    Result copy(List<Row> rows) throws SQLException {
        copy(rows, 0, rows.size());
        return new Result(refused, Set.copyOf(states));
    }

    private void copy(List<Row> rows, int from, int to) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            copyIn(encode(rows, from, to, false));
            connection.releaseSavepoint(savepoint);
            return;
        } catch (SQLException e) {
            if (!refusedForContent(e)) throw e;
            connection.rollback(savepoint);
            connection.releaseSavepoint(savepoint);
            states.add(e.getSQLState());
        }
        if (to - from == 1) {
            copyIn(encode(rows, from, to, true));
            refused++;
        } else {
            int mid = (from + to) >>> 1;
            copy(rows, from, mid);
            copy(rows, mid, to);
        }
    }

    /** Class 22 (data exception: bad escapes, invalid UTF-8, numbers out of range) or 54 (a value over a limit). */
    static boolean refusedForContent(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("54"));
    }

    private CsvCopyEncoder encode(List<Row> rows, int from, int to, boolean asText) {
        CsvCopyEncoder out = new CsvCopyEncoder(64 * 1024);
        for (int i = from; i < to; i++) {
            Row row = rows.get(i);
            if (asText) RowWriter.writeAsText(out, row.record(), row.shardId(), refreshTime);
            else RowWriter.write(out, row.record(), row.shardId(), refreshTime);
        }
        return out;
    }

    private void copyIn(CsvCopyEncoder rows) throws SQLException {
        try {
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(RawEventsTable.COPY_STREAM, new ByteArrayInputStream(rows.buffer(), 0, rows.size()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + RawEventsTable.NAME + " failed", "08000", e);
        }
    }
}
