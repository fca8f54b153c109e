package dev.clickstream.cli.alerts;

import dev.clickstream.cli.Main;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code clickstream models run --metrics-cloudwatch-namespace …} (in AWS, the environment variable) writes the newest
 * modeled event's age as one CloudWatch embedded-metric-format line after each run, read back here the way CloudWatch
 * reads it; nothing before any event is modeled, nothing without the namespace.
 */
class TestModelsRunFreshnessMetric {
    private static final long AGE_SECONDS = 600;

    /** Runs the command and returns what it wrote to stdout (where the log driver picks up metric lines). */
    private static String run(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(out));
            exit = cl.execute(args);
        } finally {
            System.setOut(stdout);
        }
        assertThat(exit).as(out.toString()).isZero();
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> metricLines(String stdout) {
        ObjectMapper json = new ObjectMapper();
        return stdout.lines().filter(l -> l.startsWith("{") && l.contains("\"_aws\"")).map(json::readTree).toList();
    }

    @Test
    void eachRunReportsTheNewestModeledEventsAge() throws Exception {
        String url = TestPostgres.newDatabase();
        run("models", "setup", "--jdbc-url", url);
        String[] withMetrics = {"models", "run", "--jdbc-url", url, "--metrics-cloudwatch-namespace", "Clickstream",
                "--alerts-enabled", "false"};
        assertThat(metricLines(run(withMetrics))).as("nothing modeled yet").isEmpty();

        Instant loaded = Instant.now().minusSeconds(AGE_SECONDS).truncatedTo(ChronoUnit.MICROS);
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement ps = c.prepareStatement("INSERT INTO clickstream.raw_events (approximate_arrival_timestamp,"
                     + " partition_key, shard_id, refresh_time, payload) VALUES (CAST(? AS TIMESTAMP), 'k', 'direct',"
                     + " CAST(? AS TIMESTAMP), CAST(? AS JSONB))")) {
            String at = loaded.toString().replace('T', ' ').replace("Z", "");
            ps.setString(1, at);
            ps.setString(2, at);
            ps.setString(3, "{\"kind\":\"event\",\"message_id\":\"m1\",\"type\":\"page\",\"anonymous_id\":\"a1\",\"timestamp\":\""
                    + loaded + "\",\"received_at\":\"" + loaded + "\",\"source\":\"web\"}");
            ps.executeUpdate();
        }
        long before = Instant.now().getEpochSecond();
        List<JsonNode> lines = metricLines(run(withMetrics));
        long elapsed = Instant.now().getEpochSecond() - before + 1;
        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        double age = line.get(FreshnessMetric.METRIC).asDouble();
        assertThat(age).isBetween((double) AGE_SECONDS, (double) AGE_SECONDS + elapsed);
        JsonNode directive = line.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asString()).isEqualTo("Clickstream");
        assertThat(directive.get("Metrics").get(0).get("Name").asString()).isEqualTo(FreshnessMetric.METRIC);
        assertThat(directive.get("Metrics").get(0).get("Unit").asString()).isEqualTo("Seconds");
        FreshnessMetric.DIMENSIONS.forEach((k, v) -> assertThat(line.get(k).asString()).isEqualTo(v));

        // a run with nothing new still reports (the age keeps growing until events arrive); no namespace, no line
        assertThat(metricLines(run(withMetrics))).hasSize(1);
        assertThat(metricLines(run("models", "run", "--jdbc-url", url, "--alerts-enabled", "false"))).isEmpty();
    }
}
