package dev.clickstream.warehouse.cli;

import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code clickstream models setup|run|status} end to end over JDBC. */
class TestModelsCommand {
    private static String run(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ModelsCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute(args)).as(err.toString()).isEqualTo(expectedExit);
        return out.toString();
    }

    @Test
    void setupRunAndStatus() throws Exception {
        String url = TestPostgres.newDatabase();
        assertThat(run(0, "setup", "--jdbc-url", url)).contains("setup done (postgres)");
        assertThat(run(0, "run", "--jdbc-url", url)).contains("nothing to do");
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO clickstream.raw_events (approximate_arrival_timestamp, partition_key, shard_id, sequence_number,"
                    + " refresh_time, payload) VALUES ('2030-01-01 10:00:00', 'k', 'direct', '1', '2030-01-01 10:00:00',"
                    + " CAST('{\"kind\":\"event\",\"message_id\":\"m\",\"type\":\"page\",\"anonymous_id\":\"a\","
                    + "\"timestamp\":\"2030-01-01T10:00:00.000000Z\",\"received_at\":\"2030-01-01T10:00:00.000000Z\"}' AS JSONB))");
        }
        String ran = run(0, "run", "--jdbc-url", url);
        assertThat(ran).containsPattern("staging\\s+succeeded\\s+1 rows").containsPattern("sessions\\s+succeeded\\s+1 rows");
        assertThat(run(0, "run", "--jdbc-url", url, "--select", "sessions", "--full-refresh"))
                .containsPattern("sessions\\s+succeeded\\s+1 rows");
        assertThat(run(0, "status", "--jdbc-url", url)).contains("sessions").contains("2030-01-01 10:00:00").contains("succeeded");
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO clickstream.run_lock VALUES ('models', 'another run', '2030-01-01 10:00:00', '2999-01-01 00:00:00')");
        }
        assertThat(run(0, "run", "--jdbc-url", url)).containsPattern("\\*\\s+skipped_locked\\s+0 rows  another run holds the lock: another run");
    }

    @Test
    void setupForgetsTheStateOfModelsThatNoLongerExist() throws Exception {
        String url = TestPostgres.newDatabase();
        run(0, "setup", "--jdbc-url", url);
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            // identity was a model of its own before it was folded into events
            s.execute("INSERT INTO clickstream.model_state (model, high_watermark) VALUES ('identity', '2030-01-01 10:00:00')");
        }
        assertThat(run(0, "status", "--jdbc-url", url)).contains("identity");
        run(0, "setup", "--jdbc-url", url);
        assertThat(run(0, "status", "--jdbc-url", url)).doesNotContain("identity").contains("events").contains("sessions");
    }

    @Test
    void aTargetIsRequired() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ModelsCommand());
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("run")).isNotZero();
        assertThat(err.toString()).contains("--jdbc-url");
    }
}
