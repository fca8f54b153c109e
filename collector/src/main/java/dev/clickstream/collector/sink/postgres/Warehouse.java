package dev.clickstream.collector.sink.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.clickstream.warehouse.RawEventsTable;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A pooled JDBC connection to the warehouse PostgreSQL, with the raw table created if missing. */
public final class Warehouse implements AutoCloseable {
    private final HikariDataSource dataSource;

    private Warehouse(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static Warehouse connect(String jdbcUrl, String user, String password) {
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
        Warehouse w = new Warehouse(new HikariDataSource(cfg));
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
