package dev.clickstream.collector;

import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.collector.testing.ValidTraffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad request gets its documented status and JSON error, while valid traffic sent at the same time
 * is unaffected: every one of its acknowledged events is stored.
 */
class TestBadInput {
    @RegisterExtension
    static final CollectorHarness c = CollectorHarness.perClass();

    record Case(String name, String method, String path, byte[] body, String[] headers, int status, String code) {}

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String[] auth(String... more) {
        String[] h = Arrays.copyOf(new String[]{"Authorization", basic(KEY)}, 2 + more.length);
        System.arraycopy(more, 0, h, 2, more.length);
        return h;
    }

    static byte[] gzipOfZeros(long bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(utf8("{\"batch\":[],\"pad\":\""));
            byte[] zeros = new byte[1 << 20];
            Arrays.fill(zeros, (byte) '0');
            for (long n = 0; n < bytes; n += zeros.length) gz.write(zeros);
        }
        return out.toByteArray();
    }

    static List<Case> cases() throws IOException {
        String msg = "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"bad-%d\"}";
        byte[] okGzip = CollectorHarness.gzip(utf8("{\"batch\":[" + msg.formatted(1) + "]}"));
        byte[] truncated = Arrays.copyOf(okGzip, okGzip.length - 10);
        StringBuilder many = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < 2501; i++) many.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\"}");
        many.append("]}");
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        byte[] invalidUtf8 = utf8("{\"batch\":[{\"type\":\"track\",\"event\":\"\u0001\",\"userId\":\"u\",\"messageId\":\"bad-utf8\"}]}");
        for (int i = 0; i < invalidUtf8.length; i++) if (invalidUtf8[i] == 1) invalidUtf8[i] = (byte) 0xff;
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("malformed json", "POST", "/v1/batch", utf8("{\"batch\":[" + msg.formatted(2)), auth(), 400, "malformed_json"));
        cases.add(new Case("trailing garbage", "POST", "/v1/track", utf8(msg.formatted(3) + "}}"), auth(), 400, "malformed_json"));
        cases.add(new Case("truncated gzip", "POST", "/v1/b", truncated, auth("Content-Encoding", "gzip"), 400, "invalid_gzip"));
        cases.add(new Case("not gzip at all", "POST", "/v1/b", utf8("plain"), auth("Content-Encoding", "gzip"), 400, "invalid_gzip"));
        cases.add(new Case("gzip bomb", "POST", "/v1/b", gzipOfZeros(200L << 20), auth("Content-Encoding", "gzip"), 400, "batch_too_large"));
        cases.add(new Case("message over 32 KB", "POST", "/v1/track",
                utf8("{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"bad-big\",\"properties\":{\"x\":\"" + "y".repeat(33 * 1024) + "\"}}"),
                auth(), 400, "message_too_large"));
        cases.add(new Case("batch over 500 KB", "POST", "/v1/batch",
                utf8("{\"batch\":[{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"bad-500k\",\"properties\":{\"x\":\""
                        + "y".repeat(501 * 1024) + "\"}}]}"), auth(), 400, "batch_too_large"));
        cases.add(new Case("over 2,500 messages", "POST", "/v1/batch", utf8(many.toString()), auth(), 400, "too_many_messages"));
        cases.add(new Case("nesting depth 10,000", "POST", "/v1/track", utf8("{\"event\":\"E\",\"userId\":\"u\",\"properties\":{\"a\":" + deep + "}}"),
                auth(), 400, "json_limit_exceeded"));
        cases.add(new Case("missing ids", "POST", "/v1/track", utf8("{\"event\":\"E\",\"messageId\":\"bad-noid\"}"), auth(), 400,
                "missing_user_or_anonymous_id"));
        cases.add(new Case("wrong type: event is a number", "POST", "/v1/track", utf8("{\"event\":5,\"userId\":\"u\",\"messageId\":\"bad-type\"}"),
                auth(), 400, "invalid_event"));
        cases.add(new Case("wrong type: batch is an object", "POST", "/v1/batch", utf8("{\"batch\":{}}"), auth(), 400, "invalid_batch"));
        cases.add(new Case("wrong type: body is an array", "POST", "/v1/track", utf8("[1,2]"), auth(), 400, "invalid_message"));
        cases.add(new Case("invalid UTF-8", "POST", "/v1/batch", invalidUtf8, auth(), 400, "invalid_utf8"));
        cases.add(new Case("empty body", "POST", "/v1/batch", new byte[0], auth(), 400, "empty_body"));
        cases.add(new Case("wrong method", "GET", "/v1/track", null, auth(), 405, "method_not_allowed"));
        cases.add(new Case("unknown path", "POST", "/v2/nothing", utf8("{}"), auth(), 404, "not_found"));
        cases.add(new Case("missing key", "POST", "/v1/track", utf8(msg.formatted(4)), new String[0], 401, "missing_write_key"));
        cases.add(new Case("unknown key", "POST", "/v1/track", utf8(msg.formatted(5)), new String[]{"Authorization", basic("wrong")},
                401, "invalid_write_key"));
        cases.add(new Case("unknown encoding", "POST", "/v1/track", utf8(msg.formatted(6)), auth("Content-Encoding", "br"), 400,
                "unsupported_encoding"));
        return cases;
    }

    @Test
    void eachBadRequestGetsItsErrorWhileConcurrentValidTrafficIsStored() throws Exception {
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            for (Case k : cases()) {
                HttpResponse<String> r = k.body == null ? c.request(k.method, k.path, k.headers) : c.post(k.path, k.body, k.headers);
                assertThat(r.statusCode()).as(k.name + ": " + r.body()).isEqualTo(k.status);
                assertThat(r.body()).as(k.name).startsWith("{\"success\":false,\"code\":\"" + k.code + "\",\"message\":\"");
                assertThat(r.headers().firstValue("Content-Type").orElse("")).as(k.name).startsWith("application/json");
            }
        }
        assertThat(c.count("payload->>'kind' = 'event' AND payload->>'message_id' LIKE 'bad-%'"))
                .as("no event from a refused request is stored").isZero();
    }
}
