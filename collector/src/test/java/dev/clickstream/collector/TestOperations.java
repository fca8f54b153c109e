package dev.clickstream.collector;

import dev.clickstream.collector.http.CollectorServer;
import dev.clickstream.collector.testing.CollectorHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Liveness, readiness and the Prometheus metrics an operator watches, on their own listener (loopback by default),
 * never on the API listener; CORS only where browsers call the API.
 */
class TestOperations {
    @RegisterExtension
    static final CollectorHarness c = CollectorHarness.perClass();

    @Test
    void healthAndReadiness() {
        assertThat(c.ops("/health").body()).isEqualTo("{\"status\":\"up\"}");
        assertThat(c.ops("/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void operationsAreOnTheirOwnLoopbackListenerOnly() {
        assertThat(c.opsUrl()).startsWith("http://127.0.0.1:").doesNotEndWith(":" + c.port());
        for (String path : new String[]{"/health", "/ready", "/metrics"}) {
            HttpResponse<String> onApi = c.request("GET", path, "Origin", "https://shop.example");
            assertThat(onApi.statusCode()).as(path + " on the API listener").isEqualTo(404);
            assertThat(onApi.headers().firstValue("Access-Control-Allow-Origin")).as(path).isEmpty();
            assertThat(c.ops(path).headers().firstValue("Access-Control-Allow-Origin")).as(path).isEmpty();
        }
        assertThat(c.ops("/v1/track").statusCode()).as("no API on the operations listener").isEqualTo(404);
    }

    /** The AWS front door routes {@link CollectorServer#publicPaths()}: that list must be what the listener serves. */
    @Test
    void publicPathsAreExactlyTheRoutesTheApiListenerServes() {
        // /v1/import/ is served by /v1/import (trailing slashes are ignored)
        assertThat(CollectorServer.publicPaths().stream().map(p -> p.endsWith("/") ? p.substring(0, p.length() - 1) : p).distinct())
                .containsExactlyInAnyOrderElementsOf(c.collector().servedPaths())
                .contains("/v1/batch", "/v1/projects/{writeKey}/settings", "/analytics.js/v1/{writeKey}/analytics.min.js");
    }

    @Test
    void corsHeadersOnlyOnApiPaths() {
        String origin = "https://shop.example";
        assertThat(c.post("/v1/t", "{\"event\":\"E\",\"userId\":\"u\"}", "Authorization", basic(KEY), "Origin", origin)
                .headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(c.request("GET", "/v1/projects/" + KEY + "/settings", "Origin", origin)
                .headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(c.request("OPTIONS", "/v1/batch", "Origin", origin, "Access-Control-Request-Method", "POST")
                .headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        // analytics.js loads as a classic script, which needs no CORS
        HttpResponse<String> bundle = c.request("GET", "/analytics.js/v1/" + KEY + "/analytics.min.js", "Origin", origin);
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(c.request("GET", "/nowhere", "Origin", origin).headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void metricsCountRequestsEventsRejectionsAndSinkState() {
        c.post("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\"},{\"type\":\"track\",\"userId\":\"u\"}]}",
                "Authorization", basic(KEY));
        c.post("/v1/track", "{\"event\":\"E\",\"userId\":\"u\"}", "Authorization", basic("wk_java_test"));
        c.post("/v1/track", "{\"event\":\"E\",\"userId\":\"u\"}", "Authorization", basic("nope"));
        HttpResponse<String> m = c.ops("/metrics");
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String body = m.body();
        assertThat(body).contains("collector_requests_total{endpoint=\"batch\",outcome=\"ok\",source=\"test\"} 1.0");
        assertThat(body).contains("collector_requests_total{endpoint=\"track\",outcome=\"ok\",source=\"java\"} 1.0");
        assertThat(body).contains("collector_requests_total{endpoint=\"track\",outcome=\"rejected\",source=\"unknown\"} 1.0");
        assertThat(body).contains("collector_events_total{endpoint=\"batch\",outcome=\"accepted\",source=\"test\"} 1.0");
        assertThat(body).contains("collector_events_total{endpoint=\"batch\",outcome=\"rejected\",source=\"test\"} 1.0");
        assertThat(body).contains("collector_rejections_total{reason=\"missing_event\"} 1.0");
        assertThat(body).contains("collector_rejections_total{reason=\"invalid_write_key\"} 1.0");
        assertThat(body).contains("collector_sink_latency_seconds_count");
        assertThat(body).contains("collector_sink_inflight_bytes 0.0");
        assertThat(body).contains("collector_sink_healthy 1.0");
        assertThat(body).contains("jvm_memory_used_bytes");
        assertThat(body).doesNotContain("wk_test").doesNotContain("wk_java_test");
    }
}
