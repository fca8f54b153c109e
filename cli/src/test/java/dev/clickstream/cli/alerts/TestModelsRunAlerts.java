package dev.clickstream.cli.alerts;

import dev.clickstream.cli.Main;
import dev.clickstream.warehouse.testing.TestPostgres;
import dev.clickstream.warehouse.testing.ModelHarness;
import dev.clickstream.warehouse.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code clickstream models run} as the AWS scheduled task runs it: the alert keys as flags, the alerts after the
 * run, each process a fresh start (so "once per incident" rests on the warehouse's state), the models' thresholds
 * from models.parameters.
 */
class TestModelsRunAlerts {
    static final String SECRET = "models-run-secret-0001";

    private static String run(int expectedExit, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute(args)).as(out + "\n" + err).isEqualTo(expectedExit);
        return out + err.toString();
    }

    private static void raw(String url, String... envelopes) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement ps = c.prepareStatement("INSERT INTO clickstream.raw_events (approximate_arrival_timestamp,"
                     + " partition_key, shard_id, refresh_time, payload) VALUES (CAST(? AS TIMESTAMP), 'k', 'direct',"
                     + " CAST(? AS TIMESTAMP), CAST(? AS JSONB))")) {
            String now = Instant.now().truncatedTo(ChronoUnit.MICROS).toString().replace('T', ' ').replace("Z", "");
            for (String e : envelopes) {
                ps.setString(1, now);
                ps.setString(2, now);
                ps.setString(3, e);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void sql(String url, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void aFailedModelAlertsOnceAcrossInvocationsAndResolves() throws Exception {
        String url = TestPostgres.newDatabase();
        run(0, "models", "setup", "--jdbc-url", url);
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            String[] withAlerts = {"models", "run", "--jdbc-url", url, "--alerts-webhook-url", receiver.url().toString(),
                    "--alerts-webhook-secret", SECRET, "--models-interval-seconds", "300"};
            raw(url, ModelHarness.event("m1", "page", null, null, "a1", Instant.now().toString(), ""));
            sql(url, "ALTER TABLE clickstream.daily_metrics RENAME TO daily_metrics_away");
            assertThat(run(1, withAlerts)).containsPattern("daily_metrics\\s+failed");
            assertThat(run(1, withAlerts)).containsPattern("daily_metrics\\s+failed");
            assertThat(receiver.payloads("firing")).singleElement().satisfies(p -> {
                assertThat(p.path("alert").asString()).isEqualTo("model_failed");
                assertThat(p.path("key").asString()).isEqualTo("daily_metrics");
            });

            sql(url, "ALTER TABLE clickstream.daily_metrics_away RENAME TO daily_metrics");
            run(0, withAlerts);
            run(0, withAlerts);
            assertThat(receiver.payloads("resolved")).singleElement()
                    .satisfies(p -> assertThat(p.path("key").asString()).isEqualTo("daily_metrics"));
            assertThat(receiver.badSignatures()).isZero();
        }
    }

    @Test
    void theDdosRuleTakesItsThresholdsFromConfiguration() throws Exception {
        String url = TestPostgres.newDatabase();
        run(0, "models", "setup", "--jdbc-url", url);
        // eight events in 20 s, 1 to 4 s apart: under the default "more than 10 in 10 s" (and its pauses of 1 s end
        // every run), over "more than 5 in 60 s" when only a 10 s pause ends a run
        Instant start = Instant.now().minusSeconds(30);
        String[] burst = new String[8];
        int[] offsets = {0, 1, 4, 6, 9, 13, 17, 20};
        for (int i = 0; i < burst.length; i++) {
            burst[i] = ModelHarness.event("b" + i, "track", "Clicked", null, "clicker", start.plusSeconds(offsets[i]).toString(), "");
        }
        raw(url, burst);
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            String[] alerting = {"--alerts-webhook-url", receiver.url().toString(), "--alerts-webhook-secret", SECRET};
            run(0, concat(new String[]{"models", "run", "--jdbc-url", url}, alerting));
            assertThat(receiver.received()).isEmpty();

            run(0, concat(new String[]{"models", "run", "--jdbc-url", url, "--select", "bot_flags", "--full-refresh",
                    "--models-parameters", "bot_rate_events=5,bot_rate_window_seconds=60,bot_rate_pause_seconds=10"}, alerting));
            JsonNode alert = receiver.payloads("firing").get(0);
            assertThat(alert.path("key").asString()).isEqualTo("clicker");
            assertThat(alert.path("evidence").path("rules").get(0).path("detail").asString()).startsWith("windows of more than 5 events");
        }
    }

    @Test
    void aWebhookWithoutItsSecretOrAnUnknownParameterIsAOneLineConfigError() {
        assertThat(run(2, "models", "run", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/x",
                "--alerts-webhook-url", "https://hooks.example.com/x"))
                .contains("config error: alerts.webhook.secret: required when alerts.webhook.url is set");
        assertThat(run(2, "models", "run", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/x", "--models-parameters", "bot_rate=3"))
                .contains("config error: models.parameters (--models-parameters): unknown model parameter bot_rate");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
