package dev.clickstream.collector.sink.postgres;

import dev.clickstream.collector.ingest.RateLimitedLog;
import dev.clickstream.collector.sink.InflightBudget;
import dev.clickstream.collector.sink.Sink;
import dev.clickstream.collector.sink.SinkRecord;
import dev.clickstream.collector.sink.SinkRecordsRefusedException;
import dev.clickstream.collector.sink.SinkUnavailableException;
import dev.clickstream.collector.sink.postgres.CopyRows.Slice;
import dev.clickstream.warehouse.CsvCopyEncoder;
import dev.clickstream.warehouse.RefreshClock;
import dev.clickstream.warehouse.RawEventsTable;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes envelopes to {@code clickstream.raw_events} with group commit: one writer thread gathers the records of
 * many concurrent requests into one {@code COPY} and one transaction, then completes their futures after the commit.
 * A single writer also keeps {@code refresh_time} increasing in commit order, which the models' watermark needs.
 *
 * <p>A row PostgreSQL refuses for its content (a data error, see {@link #isDataError}) fails neither the group nor
 * the sink: {@link RefusedRows} finds it inside the same transaction, everything else commits, and only its request
 * learns which records were refused ({@link SinkRecordsRefusedException}). The sink stays healthy and the writer does
 * not pause. Errors are logged by SQLSTATE only: PostgreSQL's message can quote the row.
 */
public final class PostgresSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSink.class);
    static final String SHARD_ID = "direct";

    /** One request's rows, CSV-encoded by the request's own thread so the single writer only streams them. */
    private record Pending(byte[][] rows, CompletableFuture<Void> done, long bytes, AtomicBoolean released) {}

    private final DataSource dataSource;
    private final InflightBudget budget;
    private final int maxBatchRows;
    private final int maxRecordBytes;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final DistributionSummary batchRows;
    private final RateLimitedLog dataErrors = new RateLimitedLog(LOG, "records refused for their content", TimeUnit.SECONDS.toNanos(10));
    private final Thread writer;
    private final RefreshClock clock = new RefreshClock();
    private volatile boolean accepting = true;
    private volatile boolean running = true;
    private volatile boolean healthy = true;

    public PostgresSink(DataSource dataSource, long maxInflightBytes, int maxBatchRows, int maxRecordBytes,
                        MeterRegistry meters) {
        this.dataSource = dataSource;
        this.budget = new InflightBudget(maxInflightBytes);
        this.maxBatchRows = maxBatchRows;
        this.maxRecordBytes = maxRecordBytes;
        this.batchRows = DistributionSummary.builder("collector.sink.batch.rows")
                .description("Rows per group commit").register(meters);
        Gauge.builder("collector.sink.queue.requests", queue, LinkedBlockingQueue::size).register(meters);
        this.writer = new Thread(this::writeLoop, "postgres-sink-writer");
        this.writer.start();
    }

    @Override
    public CompletableFuture<Void> store(List<SinkRecord> records) {
        long bytes = SinkRecord.bytes(records);
        if (!accepting) {
            budget.release(bytes);
            return CompletableFuture.failedFuture(new SinkUnavailableException("the sink is shutting down", null));
        }
        byte[][] rows = new byte[records.size()][];
        for (int i = 0; i < rows.length; i++) {
            SinkRecord r = records.get(i);
            rows[i] = CsvCopyEncoder.rowSuffix(r.messageId() == null ? "" : r.messageId(), SHARD_ID, r.payload());
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Pending(rows, done, bytes, new AtomicBoolean()));
        return done;
    }

    @Override
    public InflightBudget budget() {
        return budget;
    }

    @Override
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    @Override
    public boolean isHealthy() {
        return healthy && running && writer.isAlive();
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (!healthy) probe();
                    continue;
                }
                batch.add(first);
                int rows = first.rows.length;
                Pending next;
                while (rows < maxBatchRows && (next = queue.poll()) != null) {
                    batch.add(next);
                    rows += next.rows.length;
                }
                commit(batch, rows);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.atError().setMessage("sink writer error").addKeyValue("error", e.getClass().getName()).log();
                fail(batch, new SinkUnavailableException("the sink writer failed", e));
            } finally {
                batch.clear();
            }
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            fail(List.of(p), new SinkUnavailableException("the sink stopped before this request was written", null));
        }
    }

    private void commit(List<Pending> batch, int rows) throws InterruptedException {
        byte[] prefix = (clock.next() + ",").getBytes(StandardCharsets.US_ASCII);
        try (Connection c = dataSource.getConnection()) {
            Map<byte[][], List<Integer>> refused = Map.of();
            String code = null;
            try {
                copy(c, slices(batch), prefix);
            } catch (SQLException e) {
                c.rollback();
                if (!isDataError(e)) throw e;
                code = e.getSQLState();
                refused = RefusedRows.find(batch.stream().map(Pending::rows).toList(), slices -> tryCopy(c, slices, prefix));
            }
            c.commit();
            healthy = true;
            batchRows.record(rows);
            complete(batch, refused, code);
        } catch (SQLException e) {
            healthy = false;
            var line = LOG.atWarn().setMessage("sink commit failed").addKeyValue("rows", rows)
                    .addKeyValue("sqlstate", e.getSQLState()).addKeyValue("error", e.getClass().getSimpleName());
            // a connection failure names no data; any other server message may quote a row
            if (e.getSQLState() == null || e.getSQLState().startsWith("08")) line = line.addKeyValue("detail", e.getMessage());
            line.log();
            fail(batch, new SinkUnavailableException("the warehouse did not commit", e));
            Thread.sleep(200);
        }
    }

    private void complete(List<Pending> batch, Map<byte[][], List<Integer>> refused, String code) {
        int count = 0;
        for (Pending p : batch) {
            List<Integer> bad = refused.get(p.rows);
            if (bad == null) {
                release(p).done.complete(null);
            } else {
                count += bad.size();
                release(p).done.completeExceptionally(new SinkRecordsRefusedException(bad, "SQLSTATE " + code));
            }
        }
        if (count > 0) dataErrors.warn("SQLSTATE " + code, count);
    }

    /**
     * SQLSTATE class 22 (data exception: bad text, out-of-range values, invalid JSON for jsonb) and 54 (program limit
     * exceeded, e.g. a jsonb value too large) depend on a row's content, not on the database's state.
     */
    static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("54"));
    }

    private boolean tryCopy(Connection c, List<Slice> slices, byte[] prefix) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try {
            copy(c, slices, prefix);
            c.releaseSavepoint(sp);
            return true;
        } catch (SQLException e) {
            c.rollback(sp);
            if (!isDataError(e)) throw e;
            return false;
        }
    }

    private static void copy(Connection c, List<Slice> slices, byte[] prefix) throws SQLException {
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(RawEventsTable.COPY_DIRECT, new CopyRows(slices, prefix), 64 * 1024);
        } catch (IOException e) {
            throw new SQLException("copy stream failed", "08006", e);
        }
    }

    private static List<Slice> slices(List<Pending> batch) {
        List<Slice> out = new ArrayList<>(batch.size());
        for (Pending p : batch) out.add(new Slice(p.rows, 0, p.rows.length));
        return out;
    }

    private void probe() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            c.commit();
            healthy = true;
            LOG.info("sink healthy again");
        } catch (SQLException e) {
            healthy = false;
        }
    }

    /** Gives back the request's in-flight bytes exactly once, however it ends (the caller may have timed out). */
    private Pending release(Pending p) {
        if (p.released.compareAndSet(false, true)) budget.release(p.bytes);
        return p;
    }

    private void fail(List<Pending> batch, RuntimeException error) {
        for (Pending p : batch) {
            release(p).done.completeExceptionally(error);
        }
    }

    @Override
    public void close(Duration deadline) {
        accepting = false;
        running = false;
        try {
            writer.join(Math.max(1, deadline.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            writer.interrupt();
            LOG.warn("sink writer did not finish before the deadline");
        }
    }
}
