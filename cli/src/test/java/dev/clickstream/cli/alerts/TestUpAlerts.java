package dev.clickstream.cli.alerts;

import dev.clickstream.cli.local.LocalStack;
import dev.clickstream.cli.local.LocalStackKeys;
import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.Settings;
import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.warehouse.testing.TestPostgres;
import dev.clickstream.warehouse.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code clickstream up} with a webhook: traffic sent to the real collector, the local schedule at a 1 s interval,
 * one signed alert for the bot and none for the person. Prints the latency from the collector's 200 to the webhook.
 */
class TestUpAlerts {
    static final String SECRET = "up-alerts-secret-0001";

    @Test
    void aBotSentToTheCollectorIsAlertedByTheLocalSchedule() {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            Settings settings = CollectorHarness.defaults(LocalStackKeys.UP, TestPostgres.newDatabase())
                    .with(LocalStackKeys.MODELS_INTERVAL_SECONDS, 1)
                    .with(AlertKeys.WEBHOOK_URL, receiver.url().toString())
                    .with(AlertKeys.WEBHOOK_SECRET, SECRET)
                    .with(AlertKeys.FRESHNESS_INTERVALS, 0);
            LocalStack stack = LocalStack.start(settings);
            try (CollectorHarness c = CollectorHarness.around(stack, stack.collector(), settings.get(CollectorKeys.PG_JDBC_URL))) {
                Instant now = Instant.now();
                StringBuilder batch = new StringBuilder("{\"batch\":[");
                for (int i = 0; i < 40; i++) {
                    batch.append(i == 0 ? "" : ",").append("{\"type\":\"page\",\"anonymousId\":\"up-bot\",\"timestamp\":\"")
                            .append(now.minusSeconds(12).plusMillis(250L * i)).append("\"}");
                }
                int[] gaps = {0, 34, 95, 41, 180};
                Instant t = now.minusSeconds(400);
                for (int gap : gaps) {
                    t = t.plusSeconds(gap);
                    batch.append(",{\"type\":\"page\",\"anonymousId\":\"up-person\",\"timestamp\":\"").append(t).append("\"}");
                }
                assertThat(c.post("/v1/batch", batch.append("]}").toString(), "Authorization", basic(KEY)).statusCode()).isEqualTo(200);
                long accepted = System.nanoTime();

                await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.received().isEmpty());
                long latencyMs = (receiver.received().get(0).nanoTime() - accepted) / 1_000_000;
                // the run that sent it recorded every incident it opened before sending: once nothing is pending,
                // the receiver has all there is
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        pending(c) == 0);
                assertThat(incidents(c)).containsExactly("up-bot");
                assertThat(receiver.payloads("firing")).singleElement()
                        .satisfies(p -> assertThat(p.path("key").asString()).isEqualTo("up-bot"));
                assertThat(receiver.badSignatures()).isZero();
                System.out.printf("up alert latency: %d ms from the collector's 200 to the webhook (models interval 1000 ms)%n", latencyMs);
            }
        }
    }

    private static long pending(CollectorHarness c) {
        return query(c, "SELECT COUNT(*) FROM clickstream.alert_notifications WHERE sent_at IS NULL").stream()
                .mapToLong(Long::parseLong).sum();
    }

    private static java.util.List<String> incidents(CollectorHarness c) {
        return query(c, "SELECT incident_key FROM clickstream.alert_incidents ORDER BY incident_key");
    }

    private static java.util.List<String> query(CollectorHarness c, String sql) {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (var conn = java.sql.DriverManager.getConnection(c.jdbcUrl(), "postgres", "");
             var rs = conn.createStatement().executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
