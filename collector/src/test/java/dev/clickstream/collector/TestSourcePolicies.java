package dev.clickstream.collector;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.Settings;
import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

/** Per-source settings from a sources file: allowed origins, IP anonymization, tracking plans in both modes. */
class TestSourcePolicies {
    static CollectorHarness c;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("sources");
        Path plan = Files.createDirectories(dir.resolve("plans"));
        Files.writeString(plan.resolve("Order Completed.json"), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "type": "object", "required": ["properties"],
                 "properties": {"properties": {"type": "object", "required": ["revenue"],
                                               "properties": {"revenue": {"type": "number"}}}}}
                """);
        Files.writeString(dir.resolve("sources.json"), """
                [{"name": "web", "writeKey": "wk_web", "allowedOrigins": ["https://shop.example"], "anonymizeIp": true,
                  "trackingPlan": {"dir": "plans", "mode": "flag"}},
                 {"name": "strict", "writeKey": "wk_strict", "trackingPlan": {"dir": "plans", "mode": "quarantine"}}]
                """);
        Settings s = CollectorHarness.defaults(TestPostgres.newDatabase())
                .with(CollectorKeys.SOURCES_WRITE_KEYS, "")
                .with(CollectorKeys.SOURCES_FILE, dir.resolve("sources.json").toString());
        c = CollectorHarness.start(s);
    }

    @AfterAll
    static void stop() {
        c.close();
    }

    private static HttpResponse<String> track(String key, String id, String properties, String... headers) {
        String[] h = new String[headers.length + 2];
        h[0] = "Authorization";
        h[1] = basic(key);
        System.arraycopy(headers, 0, h, 2, headers.length);
        return c.post("/v1/track", "{\"event\":\"Order Completed\",\"userId\":\"u\",\"messageId\":\"" + id
                + "\",\"properties\":" + properties + "}", h);
    }

    @Test
    void browserOriginsAreCheckedPerSource() {
        HttpResponse<String> ok = track("wk_web", "o-ok", "{\"revenue\":1}", "Origin", "https://shop.example");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        HttpResponse<String> denied = track("wk_web", "o-denied", "{\"revenue\":1}", "Origin", "https://evil.example");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("origin_not_allowed");
        assertThat(c.count("payload->>'message_id' = 'o-denied'")).isZero();
        assertThat(track("wk_web", "o-server", "{\"revenue\":1}").statusCode()).as("no Origin: not a browser").isEqualTo(200);
    }

    @Test
    void ipIsAnonymizedForSourcesThatAskForIt() {
        c.post("/v1/track", "{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"ip-web\",\"context\":{\"ip\":\"203.0.113.77\"}}",
                "Authorization", basic("wk_web"));
        c.post("/v1/track", "{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"ip-web6\",\"context\":{\"ip\":\"2001:db8:abcd:12::1\"}}",
                "Authorization", basic("wk_web"));
        c.post("/v1/track", "{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"ip-strict\",\"context\":{\"ip\":\"203.0.113.77\"}}",
                "Authorization", basic("wk_strict"));
        assertThat(c.event("ip-web").path("ip").asString()).isEqualTo("203.0.113.0");
        assertThat(c.event("ip-web").path("context").path("ip").asString()).isEqualTo("203.0.113.0");
        assertThat(c.event("ip-web6").path("ip").asString()).isEqualTo("2001:db8:abcd::");
        assertThat(c.event("ip-strict").path("ip").asString()).isEqualTo("203.0.113.77");
        assertThat(c.event("ip-web").path("request_ip").asString()).as("the observed address, anonymized too").isEqualTo("127.0.0.0");
        assertThat(c.event("ip-strict").path("request_ip").asString()).as("the observed address, not the client's claim")
                .isEqualTo("127.0.0.1");
    }

    @Test
    void trackingPlanFlagModeDeliversWithViolations() {
        assertThat(track("wk_web", "plan-flag-ok", "{\"revenue\":12.5}").statusCode()).isEqualTo(200);
        assertThat(track("wk_web", "plan-flag-bad", "{\"revenue\":\"ten\"}").statusCode()).isEqualTo(200);
        assertThat(c.event("plan-flag-ok").has("violations")).isFalse();
        JsonNode bad = c.event("plan-flag-bad");
        assertThat(bad.path("violations").size()).isEqualTo(1);
        assertThat(bad.path("violations").get(0).asString()).contains("revenue");
    }

    @Test
    void trackingPlanQuarantineModeTurnsViolationsIntoRejections() {
        String batch = "{\"batch\":[{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u\",\"messageId\":\"plan-q-bad\","
                + "\"properties\":{}},{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u\",\"messageId\":\"plan-q-ok\","
                + "\"properties\":{\"revenue\":3}},{\"type\":\"track\",\"event\":\"Unplanned\",\"userId\":\"u\",\"messageId\":\"plan-q-free\"}]}";
        assertThat(c.post("/v1/batch", batch, "Authorization", basic("wk_strict")).statusCode()).isEqualTo(200);
        assertThat(c.event("plan-q-ok").path("source").asString()).isEqualTo("strict");
        assertThat(c.event("plan-q-free").path("event").asString()).isEqualTo("Unplanned");
        JsonNode rej = c.payloads("payload->>'message_id' = 'plan-q-bad'").get(0);
        assertThat(rej.path("kind").asString()).isEqualTo("rejection");
        assertThat(rej.path("reason").asString()).isEqualTo("tracking_plan_violation");
        assertThat(rej.path("source").asString()).isEqualTo("strict");
    }

    @Test
    void farFutureTimestampsAreClampedAndMarked() {
        String future = Instant.now().plus(3, ChronoUnit.DAYS).toString();
        c.post("/v1/track", "{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"future\",\"timestamp\":\"" + future + "\"}",
                "Authorization", basic("wk_strict"));
        JsonNode e = c.event("future");
        assertThat(e.path("timestamp").asString()).isEqualTo(e.path("received_at").asString());
        assertThat(e.path("warnings").toString()).contains("future_timestamp_clamped");
        assertThat(e.path("original_timestamp").asString()).startsWith(future.substring(0, 10));
    }
}
