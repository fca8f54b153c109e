package dev.clickstream.collector;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.testing.CollectorHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

/** segment-wire.md §10, pitfalls about paths, transport, auth, responses and headers: one test each, by number. */
class TestPitfallsTransport {
    @RegisterExtension
    static final CollectorHarness c = CollectorHarness.perClass(CollectorKeys.HTTP_PUBLIC_HOST, "collector.example.com");

    static String batch(String id) {
        return "{\"batch\":[{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"" + id + "\"}],\"writeKey\":\"" + KEY + "\"}";
    }

    @Test
    void pitfall01_paths() {
        for (String path : List.of("/v1/batch", "/v1/import", "/v1/import/", "/v1/b")) {
            HttpResponse<String> r = c.post(path, batch("p01" + path));
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(c.count("payload->>'message_id' = ?", "p01" + path)).isEqualTo(1);
        }
        assertThat(c.post("/v1/t", "{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"p01-t\",\"writeKey\":\"" + KEY + "\"}")
                .statusCode()).isEqualTo(200);
        assertThat(c.post("/v1/m", "{\"series\":[]}").statusCode()).isEqualTo(200);
    }

    @Test
    void pitfall02_contentType() {
        String[] types = {"text/plain", "application/json; charset=UTF-8", "application/json; charset=utf-8",
                "application/x-www-form-urlencoded", "application/octet-stream"};
        for (int i = 0; i < types.length; i++) {
            HttpResponse<String> r = c.post("/v1/b", batch("p02-" + i), "Content-Type", types[i]);
            assertThat(r.statusCode()).as(types[i]).isEqualTo(200);
        }
        assertThat(c.count("payload->>'message_id' LIKE 'p02-%'")).isEqualTo(types.length);
    }

    @Test
    void pitfall03_gzipBodies() {
        byte[] gz = CollectorHarness.gzip(batch("p03-gzip").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = c.post("/v1/b", gz, "Content-Encoding", "gzip", "Content-Type", "text/plain");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(c.count("payload->>'message_id' = 'p03-gzip'")).isEqualTo(1);
        // the size limit applies after inflation: a small gzip of a body over 500 KB is refused
        String pad = "x".repeat(600 * 1024);
        byte[] big = CollectorHarness.gzip(("{\"batch\":[],\"pad\":\"" + pad + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(big.length).isLessThan(10_000);
        HttpResponse<String> tooBig = c.post("/v1/b", big, "Content-Encoding", "gzip", "Authorization", basic(KEY));
        assertThat(tooBig.statusCode()).isEqualTo(400);
        assertThat(tooBig.body()).contains("\"code\":\"batch_too_large\"");
    }

    @Test
    void pitfall04_chunkedUploads() {
        byte[] body = batch("p04-chunked").getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(c.baseUrl() + "/v1/b"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        assertThat(req.bodyPublisher().orElseThrow().contentLength()).isNegative(); // no Content-Length: chunked
        assertThat(c.send(req).statusCode()).isEqualTo(200);
        assertThat(c.count("payload->>'message_id' = 'p04-chunked'")).isEqualTo(1);
    }

    @Test
    void pitfall05_authVariants() {
        String msg = "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"%s\"%s}";
        String withColon = basic(KEY);
        String noColon = "Basic " + java.util.Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8));
        assertThat(c.post("/v1/track", msg.formatted("p05-a", ""), "Authorization", withColon).statusCode()).isEqualTo(200);
        assertThat(c.post("/v1/track", msg.formatted("p05-b", ""), "Authorization", noColon).statusCode()).isEqualTo(200);
        assertThat(c.post("/v1/track", msg.formatted("p05-c", ",\"writeKey\":\"" + KEY + "\"")).statusCode()).isEqualTo(200);
        assertThat(c.post("/v1/b", "{\"batch\":[" + msg.formatted("p05-d", ",\"writeKey\":\"" + KEY + "\"") + "]}")
                .statusCode()).as("per-event key only").isEqualTo(200);
        assertThat(c.post("/v1/track", msg.formatted("p05-e", ",\"writeKey\":\"" + KEY + "\""),
                "Authorization", "Bearer some-oauth-token").statusCode()).isEqualTo(200);
        assertThat(c.count("payload->>'message_id' LIKE 'p05-%' AND payload->>'source' = 'test'")).isEqualTo(5);

        HttpResponse<String> mismatch = c.post("/v1/track", msg.formatted("p05-x", ",\"writeKey\":\"wk_java_test\""),
                "Authorization", withColon);
        assertThat(mismatch.statusCode()).isEqualTo(401);
        assertThat(mismatch.body()).contains("write_key_mismatch");
        assertThat(c.count("payload->>'message_id' = 'p05-x'")).isZero();
    }

    @Test
    void pitfall06_successBody() {
        HttpResponse<String> r = c.post("/v1/b", batch("p06"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"success\":true}");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }

    @Test
    void pitfall07_errorBodies() {
        HttpResponse<String> bad = c.post("/v1/b", "{not json", "Authorization", basic(KEY));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).matches("\\{\"success\":false,\"code\":\"malformed_json\",\"message\":\".+\"}");
        HttpResponse<String> unknown = c.post("/v1/b", batch("p07").replace(KEY, "nope"));
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("\"code\":\"invalid_write_key\"");
        // 503 with Retry-After is covered where the sink fails: TestSinkFailure
    }

    @Test
    void pitfall08_cors() {
        for (String path : List.of("/v1/t", "/v1/p", "/v1/b", "/v1/batch", "/v1/import", "/v1/m", "/v1/track")) {
            HttpResponse<String> pre = c.request("OPTIONS", path, "Origin", "https://shop.example",
                    "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,x-retry-count");
            assertThat(pre.statusCode()).as(path).isBetween(200, 204);
            assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(pre.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                    .contains("authorization").contains("content-type").contains("x-retry-count");
            assertThat(pre.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
        }
        HttpResponse<String> ok = c.post("/v1/b", batch("p08"), "Origin", "https://shop.example");
        assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        HttpResponse<String> err = c.post("/v1/b", "{", "Origin", "https://shop.example");
        assertThat(err.statusCode()).isEqualTo(400);
        assertThat(err.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        HttpResponse<String> unauth = c.post("/v1/b", batch("p08b").replace(KEY, "nope"), "Origin", "https://shop.example");
        assertThat(unauth.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }

    @Test
    void pitfall17_mobileSettings() {
        HttpResponse<String> r = c.request("GET", "/v1/projects/" + KEY + "/settings",
                "Content-Type", "application/json; charset=utf-8");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"apiHost\":\"collector.example.com/v1\"").contains("\"Segment.io\"")
                .doesNotContain("http://").doesNotContain("https://");
        assertThat(c.request("GET", "/v1/projects/unknown-key/settings").statusCode()).isEqualTo(401);
    }

    @Test
    void pitfall19_headerQuirks() {
        String body = "{\"batch\":[{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"p19\","
                + "\"context\":{\"library\":{\"name\":\"analytics-kotlin\",\"version\":\"1.25.0\"}}}],\"writeKey\":\"" + KEY + "\"}";
        HttpResponse<String> r = c.post("/v1/b", body, "User-Agent", "analytics-kotlin/1.24.1", "X-Retry-Count", "2",
                "Content-Type", "text/plain", "Content-Type", "text/plain");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(c.event("p19").path("library_version").asString()).isEqualTo("1.25.0");
    }

    @Test
    void pitfall20_keepAliveConcurrency() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String id = "p20-" + i;
                calls.add(CompletableFuture.supplyAsync(() -> c.post("/v1/t",
                        "{\"event\":\"E\",\"anonymousId\":\"a\",\"messageId\":\"" + id + "\"}",
                        "Authorization", basic(KEY)).statusCode(), pool));
            }
            for (CompletableFuture<Integer> call : calls) assertThat(call.get()).isEqualTo(200);
        } finally {
            pool.shutdown();
        }
        assertThat(c.count("payload->>'message_id' LIKE 'p20-%'")).isEqualTo(200);
    }
}
