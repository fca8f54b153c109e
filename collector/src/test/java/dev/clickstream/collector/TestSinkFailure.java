package dev.clickstream.collector;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.Settings;
import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** When the warehouse cannot commit, requests get 503 with Retry-After, never 200, and /ready says so. */
class TestSinkFailure {
    CollectorHarness c;

    @BeforeEach
    void start() {
        Settings s = CollectorHarness.defaults(TestPostgres.newDatabase())
                .with(CollectorKeys.SINK_DEADLINE_MS, 1_500L)
                .with(CollectorKeys.SINK_MAX_INFLIGHT_BYTES, 1024L * 1024)
                .with(CollectorKeys.SINK_RETRY_AFTER_SECONDS, 3);
        c = CollectorHarness.start(s);
    }

    @AfterEach
    void stop() {
        c.close();
    }

    private HttpResponse<String> track(String id) {
        return c.post("/v1/track", "{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"" + id + "\"}", "Authorization", basic(KEY));
    }

    @Test
    void commitFailureAnswers503WithRetryAfterAndReadinessFollows() throws Exception {
        assertThat(track("before").statusCode()).isEqualTo(200);
        try (Connection db = DriverManager.getConnection(c.jdbcUrl(), "postgres", ""); Statement s = db.createStatement()) {
            s.execute("ALTER TABLE clickstream.raw_events RENAME TO raw_events_away");
            HttpResponse<String> r = track("during");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("\"code\":\"sink_unavailable\"");
            assertThat(r.headers().firstValue("Retry-After")).hasValue("3");
            assertThat(r.headers().firstValue("X-RateLimit-Reset")).hasValue("3");
            assertThat(c.ops("/ready").statusCode()).isEqualTo(503);
            assertThat(c.ops("/health").statusCode()).isEqualTo(200);
            s.execute("ALTER TABLE clickstream.raw_events_away RENAME TO raw_events");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> c.ops("/ready").statusCode() == 200);
        assertThat(track("after").statusCode()).isEqualTo(200);
        assertThat(c.count("payload->>'message_id' IN ('before', 'after')")).isEqualTo(2);
        assertThat(c.count("payload->>'message_id' = 'during'")).isZero();
        assertThat(c.ops("/metrics").body()).contains("collector_rejections_total{reason=\"sink_unavailable\"}");
    }

    @Test
    void blockedWarehouseGivesTimeoutsAndOverloadNotGrowingQueues() throws Exception {
        String pad = "p".repeat(100 * 1024);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(c.jdbcUrl(), "postgres", ""); Statement s = db.createStatement()) {
            db.setAutoCommit(false);
            s.execute("LOCK TABLE clickstream.raw_events IN ACCESS EXCLUSIVE MODE");
            for (int i = 0; i < 64; i++) {
                String body = "{\"batch\":[{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"blocked-" + i
                        + "\",\"properties\":{\"pad\":\"" + pad.substring(0, 30 * 1024) + "\"}}]}";
                calls.add(CompletableFuture.supplyAsync(() -> c.post("/v1/batch", body, "Authorization", basic(KEY)), pool));
            }
            List<Integer> statuses = new ArrayList<>();
            List<String> codes = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                HttpResponse<String> r = call.get();
                statuses.add(r.statusCode());
                codes.add(r.body());
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
            }
            assertThat(statuses).as("nothing is acknowledged while the warehouse is blocked").containsOnly(503);
            assertThat(String.join(" ", codes)).contains("sink_overloaded").contains("sink_timeout");
            assertThat(c.collector().port()).isPositive();
            db.rollback();
        } finally {
            pool.shutdown();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> track("after-unblock").statusCode() == 200);
    }
}
