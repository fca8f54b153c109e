package dev.clickstream.collector;

import dev.clickstream.collector.testing.CollectorHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;

import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

class TestSingleMessageApi {
    @RegisterExtension
    static final CollectorHarness c = CollectorHarness.perClass();

    @Test
    void trackIsStoredWithEnvelopeFieldsAndAnsweredWithExactSuccessBody() {
        HttpResponse<String> r = c.post("/v1/track",
                "{\"userId\":\"u1\",\"event\":\"Order Completed\",\"messageId\":\"single-1\",\"properties\":{\"revenue\":9.5},"
                        + "\"context\":{\"userAgent\":\"Mozilla/5.0\"}}",
                "Authorization", basic(CollectorHarness.KEY), "Content-Type", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"success\":true}");
        JsonNode e = c.event("single-1");
        assertThat(e.path("type").asString()).isEqualTo("track");
        assertThat(e.path("event").asString()).isEqualTo("Order Completed");
        assertThat(e.path("user_id").asString()).isEqualTo("u1");
        assertThat(e.path("source").asString()).isEqualTo("test");
        assertThat(e.path("properties").path("revenue").asDouble()).isEqualTo(9.5);
        assertThat(e.path("user_agent").asString()).isEqualTo("Mozilla/5.0");
        assertThat(e.path("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(e.path("received_at").asString()).endsWith("Z");
        assertThat(e.has("writeKey")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"/v1/identify,identify", "/v1/i,identify", "/v1/page,page", "/v1/p,page", "/v1/screen,screen",
            "/v1/s,screen", "/v1/t,track", "/v1/group,group", "/v1/g,group", "/v1/alias,alias", "/v1/a,alias"})
    void pathImpliesType(String path, String type) {
        String id = "path-" + path.replace('/', '-');
        String body = "{\"userId\":\"u1\",\"previousId\":\"a1\",\"groupId\":\"g1\",\"event\":\"E\",\"messageId\":\"" + id
                + "\",\"writeKey\":\"" + CollectorHarness.KEY + "\"}";
        HttpResponse<String> r = c.post(path, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(c.event(id).path("type").asString()).isEqualTo(type);
    }

    @Test
    void bodyTypeThatContradictsThePathIsRefused() {
        HttpResponse<String> r = c.post("/v1/track", "{\"type\":\"identify\",\"userId\":\"u1\",\"messageId\":\"contra-1\"}",
                "Authorization", basic(CollectorHarness.KEY));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"code\":\"type_mismatch\"");
        assertThat(c.count("payload->>'message_id' = 'contra-1'")).isZero();
    }

    @Test
    void nulCharactersDoNotFailTheGroupCommit() {
        HttpResponse<String> r = c.post("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"event\":\"a\\u0000b\",\"userId\":\"u\","
                + "\"messageId\":\"nul-1\"},{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"nul-2\"}]}",
                "Authorization", basic(CollectorHarness.KEY));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(c.event("nul-1").path("event").asString()).isEqualTo("a\ufffdb");
        assertThat(c.event("nul-2").path("event").asString()).isEqualTo("E");
    }
}
