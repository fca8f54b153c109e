package dev.clickstream.collector.sink.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.clickstream.warehouse.RawEventsTable;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A Hikari pool to the PostgreSQL at a JDBC URL, with {@code clickstream.raw_events} created if missing: what the
 * postgres sink writes through (and, under {@code clickstream up}, the models and the streaming stand-in too).
 */
public final class RawEventsPool implements AutoCloseable {
    private final HikariDataSource dataSource;

    private RawEventsPool(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static RawEventsPool connect(String jdbcUrl, String user, String password) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        cfg.setUsername(user);
        if (!password.isEmpty()) cfg.setPassword(password);
        cfg.setPoolName("warehouse");
        cfg.setMaximumPoolSize(4);
        cfg.setMinimumIdle(1);
        cfg.setAutoCommit(false);
        cfg.setConnectionTimeout(5_000);
        // durable acknowledgement needs the commit on disk, whatever the server default says
        cfg.setConnectionInitSql("SET synchronous_commit TO on");
        cfg.setInitializationFailTimeout(30_000);
        RawEventsPool w = new RawEventsPool(new HikariDataSource(cfg));
        w.createRawTable();
        return w;
    }

    private void createRawTable() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(774411)");
            s.execute(RawEventsTable.postgresDdl());
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create " + RawEventsTable.NAME + ": " + e.getMessage(), e);
        }
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
