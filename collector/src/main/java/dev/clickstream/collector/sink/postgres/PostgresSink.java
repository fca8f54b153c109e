package dev.clickstream.collector.sink.postgres;

import dev.clickstream.collector.sink.Sink;
import dev.clickstream.collector.sink.SinkOverloadedException;
import dev.clickstream.collector.sink.SinkRecord;
import dev.clickstream.collector.sink.SinkUnavailableException;
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
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes envelopes to {@code clickstream.raw_events} with group commit: one writer thread gathers the records of
 * many concurrent requests into one {@code COPY} and one transaction, then completes their futures after the commit.
 * A single writer also keeps {@code refresh_time} increasing in commit order, which the models' watermark needs.
 */
public final class PostgresSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSink.class);
    static final String SHARD_ID = "direct";

    /** One request's rows, CSV-encoded by the request's own thread so the single writer only concatenates. */
    private record Pending(byte[][] rows, CompletableFuture<Void> done, long bytes, AtomicBoolean released) {}

    private final DataSource dataSource;
    private final long maxInflightBytes;
    private final int maxBatchRows;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong inflightBytes = new AtomicLong();
    private final DistributionSummary batchRows;
    private final Thread writer;
    private final RefreshClock clock = new RefreshClock();
    private volatile boolean accepting = true;
    private volatile boolean running = true;
    private volatile boolean healthy = true;

    public PostgresSink(DataSource dataSource, long maxInflightBytes, int maxBatchRows, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.maxInflightBytes = maxInflightBytes;
        this.maxBatchRows = maxBatchRows;
        this.batchRows = DistributionSummary.builder("collector.sink.batch.rows")
                .description("Rows per group commit").register(meters);
        Gauge.builder("collector.sink.queue.requests", queue, LinkedBlockingQueue::size).register(meters);
        this.writer = new Thread(this::writeLoop, "postgres-sink-writer");
        this.writer.start();
    }

    @Override
    public CompletableFuture<Void> store(List<SinkRecord> records) {
        if (!accepting) {
            return CompletableFuture.failedFuture(new SinkUnavailableException("the sink is shutting down", null));
        }
        long bytes = 0;
        byte[][] rows = new byte[records.size()][];
        for (int i = 0; i < rows.length; i++) {
            SinkRecord r = records.get(i);
            bytes += r.payload().length;
            rows[i] = CsvCopyEncoder.rowSuffix(r.messageId() == null ? "" : r.messageId(), SHARD_ID, r.payload());
        }
        long after = inflightBytes.addAndGet(bytes);
        if (after > maxInflightBytes && after != bytes) {
            inflightBytes.addAndGet(-bytes);
            return CompletableFuture.failedFuture(new SinkOverloadedException("in-flight bytes at the limit"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Pending(rows, done, bytes, new AtomicBoolean()));
        return done;
    }

    @Override
    public boolean isHealthy() {
        return healthy && running && writer.isAlive();
    }

    @Override
    public long inFlightBytes() {
        return inflightBytes.get();
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
                LOG.atError().setMessage("sink writer error").addKeyValue("error", e.toString()).log();
                fail(batch, e);
            } finally {
                batch.clear();
            }
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            fail(List.of(p), new SinkUnavailableException("the sink stopped before this request was written", null));
        }
    }

    private void commit(List<Pending> batch, int rows) throws InterruptedException {
        try {
            copy(batch);
            healthy = true;
            batchRows.record(rows);
            for (Pending p : batch) release(p).done.complete(null);
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("22") && batch.size() > 1) {
                isolate(batch);
                return;
            }
            healthy = false;
            LOG.atWarn().setMessage("sink commit failed").addKeyValue("rows", rows)
                    .addKeyValue("sqlstate", e.getSQLState()).addKeyValue("error", e.getMessage()).log();
            fail(batch, new SinkUnavailableException("the warehouse did not commit", e));
            Thread.sleep(200);
        }
    }

    /** A data error fails one request, not the group: write each request alone so only the bad one fails. */
    private void isolate(List<Pending> batch) {
        for (Pending p : batch) {
            try {
                copy(List.of(p));
                release(p).done.complete(null);
            } catch (SQLException e) {
                LOG.atWarn().setMessage("request refused by the warehouse").addKeyValue("sqlstate", e.getSQLState())
                        .addKeyValue("error", e.getMessage()).log();
                release(p).done.completeExceptionally(new SinkUnavailableException("the warehouse refused the data", e));
            }
        }
    }

    private void copy(List<Pending> batch) throws SQLException {
        byte[] prefix = (clock.next() + ",").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int size = 0;
        for (Pending p : batch) for (byte[] row : p.rows) size += row.length + 2 * prefix.length;
        CsvCopyEncoder enc = new CsvCopyEncoder(size);
        for (Pending p : batch) {
            for (byte[] row : p.rows) {
                enc.put(prefix); // approximate_arrival_timestamp
                enc.put(prefix); // refresh_time
                enc.put(row);
            }
        }
        try (Connection c = dataSource.getConnection()) {
            try {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn(RawEventsTable.COPY_DIRECT, new ByteArrayInputStream(enc.buffer(), 0, enc.size()));
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (java.io.IOException e) {
            throw new SQLException("copy stream failed", "08006", e);
        }
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
        if (p.released.compareAndSet(false, true)) inflightBytes.addAndGet(-p.bytes);
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
