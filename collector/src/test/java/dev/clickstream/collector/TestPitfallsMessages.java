package dev.clickstream.collector;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.testing.CollectorHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** segment-wire.md §10, pitfalls about message content: one test each, by number. */
class TestPitfallsMessages {
    @RegisterExtension
    static final CollectorHarness c = CollectorHarness.perClass(CollectorKeys.HTTP_TRUSTED_PROXIES, "127.0.0.1");

    static HttpResponse<String> batch(String items, String envelopeExtras) {
        return c.post("/v1/batch", "{\"batch\":[" + items + "]" + envelopeExtras + "}", "Authorization", basic(KEY));
    }

    @Test
    void pitfall09_envelopeMerging() {
        HttpResponse<String> r = batch(
                "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"p09-a\",\"context\":{\"locale\":\"de\",\"library\":{\"name\":\"own\"}}},"
                        + "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"p09-b\"}",
                ",\"context\":{\"library\":{\"name\":\"analytics-java\",\"version\":\"3.5.4\"},\"instanceId\":\"i-1\"},"
                        + "\"integrations\":{\"Amplitude\":false},\"sequence\":7,\"messageId\":\"go-batch-id\"");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode a = c.event("p09-a");
        JsonNode b = c.event("p09-b");
        assertThat(a.path("library_name").asString()).as("message context wins").isEqualTo("own");
        assertThat(a.path("context").path("instanceId").asString()).isEqualTo("i-1");
        assertThat(b.path("library_name").asString()).isEqualTo("analytics-java");
        assertThat(b.path("context").has("locale")).as("no leak between messages").isFalse();
        assertThat(b.path("integrations").path("Amplitude").asBoolean(true)).isFalse();
        assertThat(c.count("payload->>'message_id' = 'go-batch-id'")).isZero();
    }

    @Test
    void pitfall10_skewCorrection() {
        // device clock 1 hour fast: sentAt and timestamp both an hour ahead of the server
        Instant now = Instant.now();
        String fast = now.plus(Duration.ofHours(1)).toString();
        String fastEvent = now.plus(Duration.ofHours(1)).minusSeconds(30).toString();
        batch("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"p10-env\",\"timestamp\":\"" + fastEvent + "\"},"
                        + "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"p10-msg\",\"timestamp\":\"" + fastEvent
                        + "\",\"sentAt\":\"" + now.plus(Duration.ofHours(1)).plusSeconds(30) + "\"},"
                        + "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"p10-none\",\"timestamp\":\"2021-01-01T00:00:00Z\"}",
                ",\"sentAt\":\"" + fast + "\"");
        JsonNode env = c.event("p10-env");
        Instant received = Instant.parse(env.path("received_at").asString());
        assertThat(Duration.between(Instant.parse(env.path("timestamp").asString()), received).toSeconds())
                .as("30 s before receipt, corrected by the envelope sentAt").isCloseTo(30L, within(1L));
        JsonNode msg = c.event("p10-msg");
        assertThat(Duration.between(Instant.parse(msg.path("timestamp").asString()), received).toSeconds())
                .as("per-message sentAt wins").isCloseTo(60L, within(1L));
        // envelope sentAt applies to every message: no per-message sentAt here, so the envelope's corrects it too
        assertThat(c.event("p10-none").path("original_timestamp").asString()).isEqualTo("2021-01-01T00:00:00.000000Z");
        c.post("/v1/track", "{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"p10-nosent\",\"timestamp\":\"2021-01-01T00:00:00Z\"}",
                "Authorization", basic(KEY));
        assertThat(c.event("p10-nosent").path("timestamp").asString()).as("no sentAt, no correction")
                .isEqualTo("2021-01-01T00:00:00.000000Z");
    }

    @Test
    void pitfall11_timestampParsing() {
        String[] ok = {"2026-11-25T09:52:44Z", "2026-11-25T09:52:44.944Z", "2026-11-25T09:52:44.944123+00:00",
                "2026-11-25T10:52:44.944123456+01:00", "2026-11-25T04:52:44.9-05:00"};
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < ok.length; i++) {
            items.append("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"p11-").append(i)
                    .append("\",\"timestamp\":\"").append(ok[i]).append("\"},");
        }
        items.append("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"p11-bad\",\"timestamp\":\"2015-2-02T00:30:08.276Z\"}");
        assertThat(batch(items.toString(), "").statusCode()).isEqualTo(200);
        for (int i = 0; i < ok.length; i++) {
            assertThat(c.event("p11-" + i).path("original_timestamp").asString()).startsWith("2026-11-25T09:52:44");
        }
        JsonNode bad = c.event("p11-bad");
        assertThat(bad.path("timestamp").asString()).as("falls back to receipt").isEqualTo(bad.path("received_at").asString());
        assertThat(bad.path("warnings").toString()).contains("invalid_timestamp");
    }

    @Test
    void pitfall12_identifiers() {
        batch("{\"type\":\"identify\",\"userId\":12345,\"anonymousId\":null,\"messageId\":\"p12-num\"},"
                + "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"\",\"anonymousId\":\"\",\"messageId\":\"p12-empty\"},"
                + "{\"type\":\"alias\",\"userId\":\"u\",\"messageId\":\"p12-alias\"},"
                + "{\"type\":\"group\",\"userId\":\"u\",\"messageId\":\"p12-group\"},"
                + "{\"type\":\"track\",\"userId\":\"u\",\"messageId\":\"p12-track\"}", "");
        assertThat(c.event("p12-num").path("user_id").asString()).isEqualTo("12345");
        assertThat(reason("p12-empty")).isEqualTo("missing_user_or_anonymous_id");
        assertThat(reason("p12-alias")).isEqualTo("missing_previous_id");
        assertThat(reason("p12-group")).isEqualTo("missing_group_id");
        assertThat(reason("p12-track")).isEqualTo("missing_event");
    }

    @Test
    void pitfall13_messageId() {
        batch("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"node-next-1764064364944-8f2c\"},"
                + "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"p13-" + "x".repeat(100) + "\"},"
                + "{\"type\":\"track\",\"event\":\"p13-generated\",\"userId\":\"u\"}", "");
        assertThat(c.event("node-next-1764064364944-8f2c").path("type").asString()).isEqualTo("track");
        assertThat(c.payloads("payload->>'reason' = 'message_id_too_long'")).hasSize(1);
        JsonNode generated = c.payloads("payload->>'event' = 'p13-generated'").get(0);
        assertThat(generated.path("message_id").asString()).hasSize(36);
        assertThat(generated.path("warnings").toString()).contains("message_id_generated");
    }

    @Test
    void pitfall14_perEventLimitsInBatch() {
        String big = "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"p14-big\",\"properties\":{\"x\":\""
                + "y".repeat(40 * 1024) + "\"}}";
        HttpResponse<String> r = batch(big + ",{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"p14-ok\"}", "");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(c.event("p14-ok").path("event").asString()).isEqualTo("E");
        assertThat(reason("p14-big")).isEqualTo("message_too_large");
        JsonNode rej = c.payloads("payload->>'message_id' = 'p14-big'").get(0);
        assertThat(rej.path("raw_truncated").asBoolean()).isTrue();
    }

    @Test
    void pitfall15_ordering() {
        batch("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"p15-late\",\"timestamp\":\"2026-01-01T00:00:02Z\"},"
                + "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"p15-early\",\"timestamp\":\"2026-01-01T00:00:01Z\"}", "");
        assertThat(c.event("p15-early").path("timestamp").asString()).isLessThan(c.event("p15-late").path("timestamp").asString());
    }

    @Test
    void pitfall16_extraFields() {
        batch("{\"type\":\"page\",\"name\":\"Home\",\"category\":\"Docs\",\"properties\":{\"name\":\"Home\",\"category\":\"Docs\",\"url\":\"https://x.test/a\"},"
                + "\"anonymousId\":\"a\",\"messageId\":\"p16\",\"writeKey\":\"" + KEY + "\",\"sentAt\":\"2026-01-01T00:00:00Z\","
                + "\"_metadata\":{\"bundled\":[\"Segment.io\"]},\"integrations\":{\"Segment.io\":true},\"channel\":\"client\"}", "");
        JsonNode e = c.event("p16");
        assertThat(e.toString()).doesNotContain("_metadata").doesNotContain("writeKey").doesNotContain(KEY);
        assertThat(e.path("name").asString()).isEqualTo("Home");
        assertThat(e.path("category").asString()).isEqualTo("Docs");
        assertThat(e.path("page_path").asString()).isEqualTo("/a");
        assertThat(e.path("integrations").path("Segment.io").asBoolean()).isTrue();
        assertThat(e.path("extras").path("channel").asString()).as("unknown fields are kept, not dropped").isEqualTo("client");
    }

    @Test
    void pitfall18_requestIp() {
        c.post("/v1/p", "{\"anonymousId\":\"a\",\"messageId\":\"p18-xff\"}", "Authorization", basic(KEY),
                "X-Forwarded-For", "203.0.113.9, 198.51.100.7");
        c.post("/v1/p", "{\"anonymousId\":\"a\",\"messageId\":\"p18-own\",\"context\":{\"ip\":\"192.0.2.44\"}}",
                "Authorization", basic(KEY), "X-Forwarded-For", "198.51.100.7");
        c.post("/v1/p", "{\"anonymousId\":\"a\",\"messageId\":\"p18-peer\"}", "Authorization", basic(KEY));
        assertThat(c.event("p18-xff").path("ip").asString()).as("one trusted proxy: rightmost hop").isEqualTo("198.51.100.7");
        assertThat(c.event("p18-xff").path("context").path("ip").asString()).isEqualTo("198.51.100.7");
        assertThat(c.event("p18-own").path("ip").asString()).as("client-set context.ip wins").isEqualTo("192.0.2.44");
        assertThat(c.event("p18-peer").path("ip").asString()).isEqualTo("127.0.0.1");
    }

    private static String reason(String messageId) {
        return c.payloads("payload->>'kind' = 'rejection' AND payload->>'message_id' = ?", messageId).get(0).path("reason").asString();
    }
}
