package dev.clickstream.warehouse.cli;

import dev.clickstream.warehouse.check.CheckFixture;
import dev.clickstream.warehouse.check.SchemaRenamingExecutor;
import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.JdbcExecutor;
import dev.clickstream.warehouse.runner.ModelRunner;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code clickstream models check} on PostgreSQL, in the build: the fixture (check/envelopes.jsonl) goes through setup
 * and one run in a scratch schema, and every table must equal check/expected.txt, the file {@code models check}
 * compares Redshift with. When they differ, the tables this build produced are written to
 * {@code target/check-actual.txt}: copy it over {@code redshift-sql/check/expected.txt} once the change is meant.
 */
class TestModelsCheck {
    @Test
    void theFixtureRunOnPostgresMatchesTheShippedExpectedTables() throws Exception {
        String url = TestPostgres.newDatabase();
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new ModelsCommand());
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("check", "--jdbc-url", url, "--scratch-schema", "clickstream_check_build");
        if (out.toString().contains("FAIL  fixture:")) writeActual(url);
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString().lines().toList())
                .anyMatch(l -> l.startsWith("PASS  parameters "))
                .anyMatch(l -> l.startsWith("PASS  ddl_literals "))
                .anyMatch(l -> l.startsWith("PASS  run_lock "))
                .anyMatch(l -> l.startsWith("PASS  byte_cut "))
                .anyMatch(l -> l.startsWith("PASS  fixture_run ") && l.endsWith("9 models"))
                .anyMatch(l -> l.startsWith("PASS  fixture:sessions "))
                .anyMatch(l -> l.startsWith("PASS  scratch_dropped "))
                .noneMatch(l -> l.startsWith("FAIL"))
                .noneMatch(l -> l.contains("json_parse"));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
             java.sql.ResultSet rs = c.getMetaData().getSchemas(null, "clickstream_check_build")) {
            assertThat(rs.next()).as("scratch schema dropped").isFalse();
        }
        assertThat(CheckFixture.expected().values()).as("every compared table has rows").allMatch(rows -> !rows.isEmpty());
    }

    /** The tables as this build makes them, in expected.txt's format. */
    private static void writeActual(String url) throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser("postgres");
        SchemaRenamingExecutor sql = new SchemaRenamingExecutor(new JdbcExecutor(ds, null), "clickstream_check_actual");
        new JdbcExecutor(ds, null).executeOutsideTransaction("t", "CREATE SCHEMA clickstream_check_actual", Map.of());
        ModelRunner runner = new ModelRunner(sql, Dialect.POSTGRES, Clock.systemUTC());
        runner.setup();
        CheckFixture.load(sql, Dialect.POSTGRES);
        List<ModelRunner.Outcome> outcomes = runner.run(null, false);
        assertThat(outcomes).extracting(ModelRunner.Outcome::status).containsOnly("succeeded");
        Files.writeString(Path.of("target", "check-actual.txt"), CheckFixture.format(CheckFixture.snapshot(sql)), StandardCharsets.UTF_8);
    }
}
