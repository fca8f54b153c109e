package dev.clickstream.warehouse.streaming;

import dev.clickstream.warehouse.RefreshClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Redshift streaming materialized view, on PostgreSQL: reads every shard of a Kinesis stream with GetRecords from
 * TRIM_HORIZON (then after its checkpoint) and writes {@code clickstream.raw_events} with the view's columns. One
 * refresh is one transaction: its rows share one {@code refresh_time}, and the per-shard checkpoints commit with them,
 * so each sequence number is written exactly once, even across restarts.
 * <p>A record PostgreSQL refuses for its content (SQLSTATE class 22 or 54: a lone surrogate escape or a number jsonb
 * cannot hold, invalid UTF-8, …) must not hold its shard back forever: the refresh finds it by halving the COPY under
 * savepoints ({@link RowCopy}) and keeps it as text in {@code bad_payload}, as the view keeps what it cannot parse.
 * Errors are logged by SQLSTATE and fixed text only: PgJDBC's messages quote the row.
 */
public final class StreamingIngestion implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingIngestion.class);
    private static final int MAX_CALLS_PER_SHARD = 50;

    private final KinesisClient kinesis;
    private final String stream;
    private final DataSource warehouse;
    private final int maxRowsPerRefresh;
    private final RefreshClock clock = new RefreshClock();
    private final boolean ownsClient;
    private ScheduledExecutorService scheduler;

    /** The caller keeps ownership of the client. */
    public StreamingIngestion(KinesisClient kinesis, String stream, DataSource warehouse, int maxRowsPerRefresh) {
        this(kinesis, stream, warehouse, maxRowsPerRefresh, false);
    }

    /** @param ownsClient whether {@link #close()} also closes the client */
    public StreamingIngestion(KinesisClient kinesis, String stream, DataSource warehouse, int maxRowsPerRefresh,
                              boolean ownsClient) {
        this.ownsClient = ownsClient;
        this.kinesis = kinesis;
        this.stream = stream;
        this.warehouse = warehouse;
        this.maxRowsPerRefresh = maxRowsPerRefresh;
    }

    /** Refreshes every {@code interval} on a background thread until closed. */
    public StreamingIngestion start(Duration interval) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "streaming-ingestion");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::refreshLogged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void refreshLogged() {
        try {
            refresh();
        } catch (SQLException e) {
            LOG.atWarn().setMessage("refresh failed; retrying at the next interval").addKeyValue("stream", stream)
                    .addKeyValue("sqlstate", e.getSQLState()).log();
        } catch (RuntimeException e) {
            LOG.atWarn().setMessage("refresh failed; retrying at the next interval").addKeyValue("stream", stream)
                    .addKeyValue("error", e.getClass().getName()).log();
        }
    }

    /** One refresh: reads what is new on every shard and commits it with the checkpoints. Returns the rows written. */
    public synchronized int refresh() throws SQLException {
        Map<String, String> checkpoints = loadCheckpoints();
        String refreshTime = clock.next();
        List<RowCopy.Row> rows = new ArrayList<>();
        Map<String, String> advanced = new LinkedHashMap<>();
        for (Shard shard : listShards()) {
            if (rows.size() >= maxRowsPerRefresh) break;
            ShardReader reader = new ShardReader(kinesis, stream, shard.shardId(), checkpoints.get(shard.shardId()));
            for (int call = 0; call < MAX_CALLS_PER_SHARD && rows.size() < maxRowsPerRefresh; call++) {
                GetRecordsResponse page = reader.next(maxRowsPerRefresh - rows.size());
                if (page == null) break;
                for (software.amazon.awssdk.services.kinesis.model.Record r : page.records()) {
                    rows.add(new RowCopy.Row(r, shard.shardId()));
                    advanced.put(shard.shardId(), r.sequenceNumber());
                }
                if (page.records().isEmpty() && Long.valueOf(0).equals(page.millisBehindLatest())) break;
            }
        }
        if (rows.isEmpty()) return 0;
        RowCopy.Result copied = commit(rows, advanced, refreshTime);
        if (copied.refused() > 0) {
            LOG.atWarn().setMessage("records refused for their content were kept in bad_payload").addKeyValue("stream", stream)
                    .addKeyValue("records", copied.refused()).addKeyValue("sqlstates", copied.sqlStates()).log();
        }
        LOG.atDebug().setMessage("refreshed").addKeyValue("rows", rows.size()).addKeyValue("refresh_time", refreshTime).log();
        return rows.size();
    }

    private List<Shard> listShards() {
        List<Shard> shards = new ArrayList<>();
        ListShardsResponse page = kinesis.listShards(b -> b.streamName(stream));
        shards.addAll(page.shards());
        while (page.nextToken() != null) {
            String token = page.nextToken();
            page = kinesis.listShards(b -> b.nextToken(token)); // with a token, the stream name must be left out
            shards.addAll(page.shards());
        }
        return shards;
    }

    private Map<String, String> loadCheckpoints() throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Connection c = warehouse.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT shard_id, sequence_number FROM clickstream.stream_checkpoints WHERE stream_name = ?")) {
            ps.setString(1, stream);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getString(2));
            }
            if (!c.getAutoCommit()) c.commit();
        }
        return out;
    }

    private RowCopy.Result commit(List<RowCopy.Row> rows, Map<String, String> advanced, String refreshTime) throws SQLException {
        try (Connection c = warehouse.getConnection()) {
            c.setAutoCommit(false);
            try {
                RowCopy.Result result = new RowCopy(c, refreshTime).copy(rows);
                try (PreparedStatement del = c.prepareStatement(
                        "DELETE FROM clickstream.stream_checkpoints WHERE stream_name = ? AND shard_id = ?");
                     PreparedStatement ins = c.prepareStatement("INSERT INTO clickstream.stream_checkpoints "
                             + "(stream_name, shard_id, sequence_number, updated_at) VALUES (?, ?, ?, CAST(? AS TIMESTAMP))")) {
                    for (Map.Entry<String, String> e : advanced.entrySet()) {
                        del.setString(1, stream);
                        del.setString(2, e.getKey());
                        del.addBatch();
                        ins.setString(1, stream);
                        ins.setString(2, e.getKey());
                        ins.setString(3, e.getValue());
                        ins.setString(4, refreshTime);
                        ins.addBatch();
                    }
                    del.executeBatch();
                    ins.executeBatch();
                }
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownsClient) kinesis.close();
    }

    /** Reads one shard forward from its checkpoint (or TRIM_HORIZON), one GetRecords page at a time. */
    private static final class ShardReader {
        private final KinesisClient kinesis;
        private String iterator;

        ShardReader(KinesisClient kinesis, String stream, String shardId, String after) {
            this.kinesis = kinesis;
            this.iterator = kinesis.getShardIterator(b -> {
                b.streamName(stream).shardId(shardId);
                if (after == null) b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                else b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(after);
            }).shardIterator();
        }

        GetRecordsResponse next(int limit) {
            if (iterator == null) return null;
            String current = iterator;
            GetRecordsResponse page = kinesis.getRecords(b -> b.shardIterator(current).limit(Math.min(10_000, Math.max(1, limit))));
            iterator = page.nextShardIterator();
            return page;
        }
    }
}
