package dev.clickstream.warehouse.testing;

import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.JdbcExecutor;
import dev.clickstream.warehouse.runner.ModelRunner;
import dev.clickstream.warehouse.runner.SchemaMigrations;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** For model tests: a fresh PostgreSQL database with the warehouse set up, raw-record fixtures, and the model runner. */
public final class ModelHarness implements AutoCloseable {
    private final PGSimpleDataSource ds = new PGSimpleDataSource();
    private final JdbcExecutor executor;
    private final ModelRunner runner;
    private int refreshes;
    private long sequence;

    /** A raw record: the payload as JSON, or (payload null) the text of a record that was not JSON. */
    public record Raw(String payload, String badPayload) {}

    public ModelHarness() {
        this(0);
    }

    /** @param schemaVersion 0: the current schema (setup); else only the schema steps up to this version */
    private ModelHarness(int schemaVersion) {
        ds.setUrl(TestPostgres.newDatabase());
        ds.setUser("postgres");
        executor = new JdbcExecutor(ds, null);
        runner = new ModelRunner(executor, Dialect.POSTGRES, Clock.systemUTC());
        if (schemaVersion == 0) {
            runner.setup();
        } else {
            new SchemaMigrations(executor, Dialect.POSTGRES, Clock.systemUTC()).migrateTo(schemaVersion);
        }
    }

    /**
     * A warehouse as an older build left it: the schema steps up to {@code version}. Not this build's seeds and views:
     * they may need a later step's tables; a test adds what the older build's seeds made.
     */
    public static ModelHarness atSchemaVersion(int version) {
        if (version < 1) throw new IllegalArgumentException("schema versions start at 1");
        return new ModelHarness(version);
    }

    public ModelRunner runner() { return runner; }

    /** An incremental run of every model; fails the test with the model's error if one fails. */
    public List<ModelRunner.Outcome> run() {
        List<ModelRunner.Outcome> outcomes = runner.run(null, false);
        for (ModelRunner.Outcome o : outcomes) {
            if ("failed".equals(o.status())) throw new AssertionError(o.error());
        }
        return outcomes;
    }
    public JdbcExecutor executor() { return executor; }

    /** Commits envelopes as one refresh of the raw table (one refresh_time, like the streaming view). */
    public void refresh(String... envelopes) {
        refreshRaw(raws(envelopes));
    }

    /** Commits envelopes as one refresh at the given refresh_time (UTC, {@code yyyy-MM-dd HH:mm:ss[.ffffff]}). */
    public void refreshAt(String refreshTime, String... envelopes) {
        refreshes++;
        insert(refreshTime, raws(envelopes));
    }

    /** Commits raw records, JSON or not, as one refresh of the raw table. */
    public void refreshRaw(List<Raw> records) {
        refreshes++;
        insert(String.format("2030-01-01 %02d:%02d:%02d", refreshes / 3600, refreshes / 60 % 60, refreshes % 60), records);
    }

    private static List<Raw> raws(String... envelopes) {
        List<Raw> records = new ArrayList<>();
        for (String env : envelopes) records.add(new Raw(env, null));
        return records;
    }

    private void insert(String refreshTime, List<Raw> records) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO clickstream.raw_events (approximate_arrival_timestamp, partition_key, shard_id, sequence_number,"
                        + " refresh_time, payload, bad_payload) VALUES (CAST(? AS TIMESTAMP), 'pk', 'shardId-000000000000', ?,"
                        + " CAST(? AS TIMESTAMP), CAST(? AS JSONB), ?)")) {
            for (Raw record : records) {
                ps.setString(1, refreshTime);
                ps.setString(2, String.format("%020d", ++sequence));
                ps.setString(3, refreshTime);
                ps.setString(4, record.payload());
                ps.setString(5, record.badPayload());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<List<String>> rows(String sql) {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) row.add(rs.getString(i));
                out.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    public void execute(String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An event envelope as the collector writes it; extra is raw JSON members appended (may be empty). */
    public static String event(String messageId, String type, String eventName, String userId, String anonymousId,
                               String timestamp, String extra) {
        return "{\"kind\":\"event\",\"message_id\":\"" + messageId + "\",\"type\":\"" + type + "\""
                + (eventName == null ? "" : ",\"event\":\"" + eventName + "\"")
                + (userId == null ? "" : ",\"user_id\":\"" + userId + "\"")
                + (anonymousId == null ? "" : ",\"anonymous_id\":\"" + anonymousId + "\"")
                + ",\"timestamp\":\"" + timestamp + "\",\"received_at\":\"" + timestamp + "\",\"source\":\"web\""
                + (extra == null || extra.isEmpty() ? "" : "," + extra) + "}";
    }

    @Override
    public void close() {
        executor.close();
    }
}
