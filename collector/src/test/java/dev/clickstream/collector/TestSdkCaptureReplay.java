package dev.clickstream.collector;

import dev.clickstream.collector.testing.CollectorHarness;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays the exact requests captured from analytics-java, analytics-node and analytics-kotlin (headers as sent,
 * gzip re-created for Kotlin) and checks every message lands once, under the right source.
 */
class TestSdkCaptureReplay {
    /** Headers the HTTP client sets itself or refuses to set. */
    private static final Set<String> RESTRICTED = Set.of("content-length", "connection", "host", "transfer-encoding",
            "accept-encoding", "expect", "upgrade");
    @RegisterExtension
    static final CollectorHarness c = CollectorHarness.perClass();

    @ParameterizedTest
    @ValueSource(strings = {"analytics-java-3.5.4", "analytics-node-3.1.0", "analytics-kotlin-1.25.0"})
    void capturedRequestsLandOnce(String fixture) throws IOException {
        JsonNode capture;
        try (InputStream in = getClass().getResourceAsStream("/sdk-captures/" + fixture + ".json")) {
            capture = CollectorHarness.JSON.readTree(in);
        }
        String source = fixture.substring("analytics-".length(), fixture.indexOf('-', "analytics-".length()));
        List<String> ids = new ArrayList<>();
        for (JsonNode req : capture.path("requests")) {
            HttpResponse<String> r = replay(req);
            if (req.path("method").asString().equals("GET")) {
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).contains("\"apiHost\":\"" + c.collector().publicHost() + "/v1\"");
                continue;
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"success\":true}");
            req.path("body").path("batch").forEach(m -> ids.add(m.path("messageId").asString()));
        }
        assertThat(ids).isNotEmpty();
        for (String id : ids) {
            JsonNode e = c.payloads("payload->>'message_id' = ? AND payload->>'source' = ?", id, source).get(0);
            assertThat(c.count("payload->>'message_id' = ? AND payload->>'source' = ?", id, source)).isEqualTo(1);
            assertThat(e.path("kind").asString()).isEqualTo("event");
            assertThat(e.toString()).doesNotContain("writeKey").doesNotContain("_metadata")
                    .doesNotContain(capture.path("writeKey").asString());
            assertThat(e.path("library_name").isString()).as("context.library merged or present").isTrue();
        }
    }

    private HttpResponse<String> replay(JsonNode req) {
        byte[] body = req.path("body").isNull() ? new byte[0]
                : CollectorHarness.JSON.writeValueAsString(req.path("body")).getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).isEqualTo(req.path("body").isNull() ? 0 : req.path("jsonBodyBytes").asInt());
        if (req.path("gzip").asBoolean()) body = CollectorHarness.gzip(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(c.baseUrl() + req.path("path").asString()));
        for (Map.Entry<String, JsonNode> h : req.path("headers").properties()) {
            if (!RESTRICTED.contains(h.getKey().toLowerCase())) b.header(h.getKey(), h.getValue().asString());
        }
        b.method(req.path("method").asString(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        return c.send(b.build());
    }
}
