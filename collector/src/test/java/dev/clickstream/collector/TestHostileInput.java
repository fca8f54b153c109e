package dev.clickstream.collector;

import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.collector.testing.ValidTraffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, §1, §3 and §5: request bodies built to exhaust memory, smuggle invalid text or break enrichment. Each gets
 * its documented answer (README's error table, docs/envelope.md) while {@link ValidTraffic} runs alongside and is
 * stored in full, and the collector stays alive and ready.
 */
class TestHostileInput {
    @RegisterExtension
    static final CollectorHarness c = CollectorHarness.perClass();

    static final String TINY = "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\"}";

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static HttpResponse<String> post(String path, byte[] body, String... headers) {
        String[] h = new String[headers.length + 2];
        h[0] = "Authorization";
        h[1] = basic(KEY);
        System.arraycopy(headers, 0, h, 2, headers.length);
        return c.post(path, body, h);
    }

    static void assertError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).startsWith("{\"success\":false,\"code\":\"" + code + "\"");
    }

    /** The issue's batch: ~390 KB of batch context and 2,500 tiny messages, ~495 KB, about 2 KB gzipped. */
    static byte[] fanOutBatch(int contextChars) {
        StringBuilder b = new StringBuilder("{\"context\":{\"library\":{\"name\":\"fan-out\"},\"pad\":\"")
                .append("x".repeat(contextChars)).append("\"},\"batch\":[");
        for (int i = 0; i < 2500; i++) b.append(i == 0 ? "" : ",").append(TINY);
        return CollectorHarness.gzip(utf8(b.append("]}").toString()));
    }

    /** {@code {"batch":[{},{},…]}}: one JSON token every 1.5 bytes. */
    static byte[] tokenFloodBody() {
        return utf8("{\"batch\":[" + "{},".repeat(160_000) + "{}]}");
    }

    /** A track message whose event name holds the given raw bytes. */
    static byte[] withRawBytes(int... bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8("{\"type\":\"track\",\"userId\":\"u\",\"messageId\":\"raw-bytes\",\"event\":\"a"));
        for (int b : bytes) out.write(b);
        out.writeBytes(utf8("b\"}"));
        return out.toByteArray();
    }

    @Test
    void fanOutBatchWithHugeContextIsRefusedBeforeAnythingIsCopied() {
        byte[] body = fanOutBatch(390_000);
        assertThat(body.length).isLessThan(4_000);
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            assertError(post("/v1/batch", body, "Content-Encoding", "gzip"), 400, "batch_context_too_large");
        }
    }

    @Test
    void fanOutUnderTheContextCapIsRefusedBeforeAnythingIsCopied() {
        // 30 KB of context into each of 2,500 messages would be 75 MB of envelopes
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            assertError(post("/v1/batch", fanOutBatch(30_000), "Content-Encoding", "gzip"), 400, "enriched_batch_too_large");
        }
        assertThat(c.collector().port()).isPositive();
    }

    @Test
    void tokenFlood() {
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            assertError(post("/v1/batch", tokenFloodBody()), 400, "json_limit_exceeded");
        }
    }

    @Test
    void numberLongerThanTheLimit() {
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            assertError(post("/v1/track", utf8("{\"event\":\"E\",\"userId\":\"u\",\"properties\":{\"price\":" + "9".repeat(400) + "}}")),
                    400, "json_limit_exceeded");
        }
    }

    @Test
    void overlongSlash_C0AF() {
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            assertError(post("/v1/track", withRawBytes(0xC0, 0xAF)), 400, "invalid_utf8");
        }
    }

    @Test
    void overlongNul_C080() {
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            assertError(post("/v1/track", withRawBytes(0xC0, 0x80)), 400, "invalid_utf8");
        }
    }

    @Test
    void encodedSurrogate_EDA080() {
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            assertError(post("/v1/track", withRawBytes(0xED, 0xA0, 0x80)), 400, "invalid_utf8");
        }
    }

    @Test
    void beyondUnicode_F7BFBFBF() {
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            assertError(post("/v1/track", withRawBytes(0xF7, 0xBF, 0xBF, 0xBF)), 400, "invalid_utf8");
        }
    }

    @Test
    void utf16AndUtf32BodiesAreNotGuessed() {
        String json = "{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"utf16\"}";
        byte[] bom16 = concat(new byte[]{(byte) 0xFF, (byte) 0xFE}, json.getBytes(StandardCharsets.UTF_16LE));
        byte[] bom32 = concat(new byte[]{0, 0, (byte) 0xFE, (byte) 0xFF}, json.getBytes(java.nio.charset.Charset.forName("UTF-32BE")));
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            assertError(post("/v1/track", bom16), 400, "invalid_utf8");
            assertError(post("/v1/track", bom32), 400, "invalid_utf8");
            assertError(post("/v1/track", json.getBytes(StandardCharsets.UTF_16LE)), 400, "malformed_json");
            byte[] bom8 = concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(json.replace("utf16", "utf8-bom")));
            assertThat(post("/v1/track", bom8).statusCode()).as("a UTF-8 byte order mark is allowed").isEqualTo(200);
        }
        assertThat(c.count("payload->>'message_id' = 'utf16'")).isZero();
    }

    @Test
    void loneHighSurrogateInAValue() {
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            assertThat(post("/v1/track", utf8("{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"lone-high\","
                    + "\"properties\":{\"v\":\"\\ud800\"}}")).statusCode()).isEqualTo(200);
        }
        JsonNode e = c.event("lone-high");
        assertThat(e.path("properties").path("v").asString()).isEqualTo("\uFFFD");
        assertThat(e.path("warnings").toString()).contains("invalid_unicode_replaced");
    }

    @Test
    void loneLowSurrogateAfterText() {
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            assertThat(post("/v1/track", utf8("{\"event\":\"a\\udc00\",\"userId\":\"u\",\"messageId\":\"lone-low\"}"))
                    .statusCode()).isEqualTo(200);
        }
        JsonNode e = c.event("lone-low");
        assertThat(e.path("event").asString()).isEqualTo("a\uFFFD");
        assertThat(e.path("warnings").toString()).contains("invalid_unicode_replaced");
    }

    @Test
    void loneSurrogatesInNamesAndInTheBatchContext() {
        String batch = "{\"context\":{\"\\ud800k\":\"a\\udc00\"},\"batch\":["
                + "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"names-1\",\"properties\":{\"\\udc00x\":1}},"
                + "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"names-2\"}]}";
        String pairs = "{\"batch\":[{\"type\":\"track\",\"event\":\"\\ud83d\\ude00\",\"userId\":\"u\",\"messageId\":\"pairs\"}]}";
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            for (String body : List.of(batch, pairs)) {
                HttpResponse<String> r = post("/v1/batch", utf8(body));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
        }
        JsonNode first = c.event("names-1");
        assertThat(first.path("properties").has("\uFFFDx")).isTrue();
        for (JsonNode e : List.of(first, c.event("names-2"))) {
            assertThat(e.path("context").path("\uFFFDk").asString()).isEqualTo("a\uFFFD");
            assertThat(e.path("warnings").toString()).as("the batch context reaches every message").contains("invalid_unicode_replaced");
        }
        JsonNode paired = c.event("pairs");
        assertThat(paired.path("event").asString()).as("a surrogate pair is a character, kept as is").isEqualTo("\uD83D\uDE00");
        assertThat(paired.has("warnings")).isFalse();
    }

    @Test
    void emojiStraddlingTheRejectionCut() {
        // a rejected message (no event) whose JSON text has an emoji's high surrogate as character 8,192: the cut
        // of raw at limits.rejection-raw-chars (8,192) must not keep half of it
        String prefix = "{\"type\":\"track\",\"userId\":\"u\",\"messageId\":\"cut-emoji\",\"properties\":{\"pad\":\"";
        String pad = "x".repeat(8191 - prefix.length());
        String message = prefix + pad + "\uD83D\uDE00\"}}";
        assertThat(message.charAt(8191)).isEqualTo('\uD83D');
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            HttpResponse<String> r = post("/v1/batch", utf8("{\"batch\":[" + message + "," + TINY + "]}"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        JsonNode rej = c.payloads("payload->>'message_id' = 'cut-emoji'").get(0);
        assertThat(rej.path("reason").asString()).isEqualTo("missing_event");
        assertThat(rej.path("raw_truncated").asBoolean()).isTrue();
        assertThat(rej.path("raw").asString()).isEqualTo(prefix + pad);
    }

    @Test
    void nulInMessageId() {
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            HttpResponse<String> batch = post("/v1/batch", utf8("{\"batch\":[{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\","
                    + "\"messageId\":\"nul\\u0000id\"},{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"nul-neighbour\"}]}"));
            assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
            assertError(post("/v1/track", utf8("{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"nul\\u0000single\"}")),
                    400, "invalid_message_id");
        }
        assertThat(c.event("nul-neighbour").path("event").asString()).isEqualTo("E");
        List<JsonNode> rejections = c.payloads("payload->>'reason' = 'invalid_message_id' AND payload->>'message_id' LIKE 'nul%'");
        assertThat(rejections).extracting(r -> r.path("message_id").asString())
                .as("stored, with the control character replaced in the key").containsExactlyInAnyOrder("nul\uFFFDid", "nul\uFFFDsingle");
    }

    @Test
    void controlCharactersInPartitionKeyIdsAndWideMessageIds() {
        String wideId = "\u20ac".repeat(50); // 50 characters, 150 bytes of UTF-8: wider than the models' column
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            HttpResponse<String> r = post("/v1/batch", utf8("{\"batch\":["
                    + "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\\u0001\",\"messageId\":\"ctl-user\"},"
                    + "{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":\"a\\n\",\"messageId\":\"ctl-anon\"},"
                    + "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"" + wideId + "\"}]}"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        assertThat(reason("ctl-user")).isEqualTo("invalid_user_id");
        assertThat(reason("ctl-anon")).isEqualTo("invalid_anonymous_id");
        assertThat(c.count("payload->>'reason' = 'message_id_too_long' AND payload->>'message_id' LIKE '\u20ac%'")).isEqualTo(1);
    }

    @Test
    void extremeTimestamps() {
        String max = "+999999999-12-31T23:59:59Z", min = "-999999999-01-01T00:00:00Z";
        String items = String.join(",",
                track("ts-max", "\"timestamp\":\"" + max + "\""),
                track("ts-min", "\"timestamp\":\"" + min + "\""),
                track("ts-sent-max", "\"timestamp\":\"2026-01-01T00:00:00Z\",\"sentAt\":\"" + max + "\""),
                track("ts-both", "\"timestamp\":\"" + min + "\",\"sentAt\":\"" + max + "\""),
                track("ts-far-apart", "\"timestamp\":\"1970-01-01T00:00:00Z\",\"sentAt\":\"9999-12-31T00:00:00Z\""),
                track("ts-env-sent", "\"timestamp\":\"2026-01-01T00:00:00Z\""));
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            HttpResponse<String> r = post("/v1/batch", utf8("{\"batch\":[" + items + "],\"sentAt\":\"" + min + "\"}"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(post("/v1/track", utf8("{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"ts-single\",\"timestamp\":\""
                    + max + "\",\"sentAt\":\"" + min + "\"}")).statusCode()).isEqualTo(200);
        }
        for (String id : List.of("ts-max", "ts-min", "ts-both", "ts-far-apart", "ts-single")) {
            JsonNode e = c.event(id);
            assertThat(e.path("timestamp").asString()).as(id + " falls back to receipt").isEqualTo(e.path("received_at").asString());
        }
        assertThat(c.event("ts-max").path("warnings").toString()).contains("invalid_timestamp");
        assertThat(c.event("ts-max").path("original_timestamp").isNull()).isTrue();
        assertThat(c.event("ts-sent-max").path("warnings").toString()).contains("invalid_sent_at");
        assertThat(c.event("ts-sent-max").path("timestamp").asString()).as("no usable sentAt: no correction")
                .isEqualTo("2026-01-01T00:00:00.000000Z");
        assertThat(c.event("ts-far-apart").path("warnings").toString()).contains("past_timestamp_clamped");
        assertThat(c.event("ts-env-sent").path("warnings").toString()).contains("invalid_sent_at");
    }

    @Test
    void noHostileInputGets503() throws Exception {
        List<byte[]> corpus = new ArrayList<>();
        List<String[]> headers = new ArrayList<>();
        for (TestBadInput.Case k : TestBadInput.cases()) {
            if (k.body() != null) {
                corpus.add(k.body());
                headers.add(k.headers());
            }
        }
        String[] auth = {"Authorization", basic(KEY)};
        String[] gzip = {"Authorization", basic(KEY), "Content-Encoding", "gzip"};
        for (byte[] b : List.of(fanOutBatch(390_000), fanOutBatch(30_000))) {
            corpus.add(b);
            headers.add(gzip);
        }
        for (byte[] b : List.of(tokenFloodBody(), withRawBytes(0xC0, 0xAF), withRawBytes(0xC0, 0x80), withRawBytes(0xED, 0xA0, 0x80),
                withRawBytes(0xF7, 0xBF, 0xBF, 0xBF), utf8("{\"event\":\"\\ud800\",\"userId\":\"\\udc00\",\"messageId\":\"h-1\"}"),
                utf8("{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"h\\u0000-2\"}"),
                utf8("{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"h-3\",\"timestamp\":\"+999999999-12-31T23:59:59Z\","
                        + "\"sentAt\":\"-999999999-01-01T00:00:00Z\"}"),
                utf8("{\"event\":\"E\",\"userId\":\"u\",\"properties\":{\"price\":" + "9".repeat(400) + "}}"))) {
            corpus.add(b);
            headers.add(auth);
        }
        List<String> answers = new ArrayList<>();
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            for (int i = 0; i < corpus.size(); i++) {
                for (String path : List.of("/v1/track", "/v1/batch")) {
                    HttpResponse<String> r = c.post(path, corpus.get(i), headers.get(i));
                    answers.add(path + " #" + i + " " + r.statusCode() + " " + r.body());
                }
            }
        }
        assertThat(answers).as("no hostile input is answered as if the sink were down").noneMatch(a -> a.matches("\\S+ #\\d+ 5\\d\\d .*"));
    }

    private static String track(String id, String extra) {
        return "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"" + id + "\"," + extra + "}";
    }

    private static String reason(String messageId) {
        return c.payloads("payload->>'kind' = 'rejection' AND payload->>'message_id' = ?", messageId).get(0).path("reason").asString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
