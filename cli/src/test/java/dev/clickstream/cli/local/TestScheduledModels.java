package dev.clickstream.cli.local;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.Settings;
import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local stack ({@code clickstream up}) runs the models on its own schedule: traffic sent to the collector shows up
 * in sessions, funnel_daily, bot_flags and daily_metrics within two schedule intervals, with no other step, and in the
 * stack's dashboard, which answers on its own port and not on the collector's.
 */
class TestScheduledModels {
    @Test
    void modeledTablesFillWithinTwoIntervals() {
        Settings settings = CollectorHarness.defaults(LocalStackKeys.UP, TestPostgres.newDatabase())
                .with(LocalStackKeys.MODELS_ENABLED, true)
                .with(LocalStackKeys.MODELS_INTERVAL_SECONDS, 2)
                .with(LocalStackKeys.DASHBOARD_PORT, 0);
        LocalStack stack = LocalStack.start(settings);
        try (CollectorHarness c = CollectorHarness.around(stack, stack.collector(), settings.get(CollectorKeys.PG_JDBC_URL))) {
            Instant now = Instant.now();
            StringBuilder batch = new StringBuilder("{\"batch\":[");
            String[] funnel = {"Product Viewed", "Product Added", "Checkout Started", "Order Completed"};
            for (int i = 0; i < funnel.length; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"event\":\"").append(funnel[i])
                        .append("\",\"userId\":\"shopper\",\"timestamp\":\"").append(now.plusSeconds(i)).append("\"}");
            }
            // the rate rule wants a sustained burst: more than 10 events in 10 s, kept up for 5 s without a 1 s pause
            for (int i = 0; i < 30; i++) {
                batch.append(",{\"type\":\"page\",\"anonymousId\":\"fast-bot\",\"timestamp\":\"").append(now.plusMillis(200L * i)).append("\"}");
            }
            assertThat(c.post("/v1/batch", batch.append("]}").toString(), "Authorization", basic(KEY)).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(4 + 2)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                assertThat(count(c, "SELECT count(*) FROM clickstream.sessions")).isEqualTo(2);
                assertThat(count(c, "SELECT count(*) FROM clickstream.funnel_daily WHERE users = 1")).isEqualTo(4);
                assertThat(count(c, "SELECT count(*) FROM clickstream.bot_flags WHERE user_key = 'fast-bot' AND rule = 'rate'"))
                        .isEqualTo(1);
                assertThat(count(c, "SELECT count(DISTINCT user_key) FROM clickstream.bot_flags")).isEqualTo(1);
                assertThat(count(c, "SELECT count(*) FROM clickstream.daily_metrics WHERE sessions = 1 AND bot_sessions = 1")).isEqualTo(1);
            });
            String day = now.atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
            var dashboardFunnel = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.dashboardUrl()
                    + "api/queries/funnel?from=" + day + "&to=" + day)).build());
            assertThat(dashboardFunnel.statusCode()).isEqualTo(200);
            assertThat(dashboardFunnel.body()).contains("[4,\"Order Completed\",1,1,1]");
            assertThat(c.request("GET", "/api/queries").statusCode()).as("not on the collector's port").isEqualTo(404);
        }
    }

    private static long count(CollectorHarness c, String sql) {
        try (var conn = java.sql.DriverManager.getConnection(c.jdbcUrl(), "postgres", "");
             var rs = conn.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }
}
