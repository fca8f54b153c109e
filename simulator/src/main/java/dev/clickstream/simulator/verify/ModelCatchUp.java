package dev.clickstream.simulator.verify;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Waits until every model's watermark has reached the newest raw event, so verify reads finished tables. */
public final class ModelCatchUp {
    private static final String BEHIND = """
            SELECT COUNT(*) FROM clickstream.model_state s
            WHERE s.high_watermark < (SELECT MAX(r.refresh_time) FROM clickstream.raw_events r)
            """;

    private ModelCatchUp() {}

    public static void await(String jdbcUrl, String user, String password, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery(BEHIND)) {
                r.next();
                if (r.getLong(1) == 0 && modelsRan(s)) return;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read model state at " + jdbcUrl + ": " + e.getMessage(), e);
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("the models did not catch up within " + timeout.toSeconds() + " s");
            try {
                Thread.sleep(1_000); // polling an external process's progress
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }

    private static boolean modelsRan(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM clickstream.model_state")) {
            r.next();
            return r.getLong(1) > 0;
        }
    }
}
