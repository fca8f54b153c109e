package dev.clickstream.collector;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.Settings;
import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The optional edge rate limit on a real collector: one request per second per IP and two per second per source,
 * each with one second of burst. Over a limit: 429 with Retry-After, counted in the metrics; other clients and
 * sources are untouched. (Off by default: every other test runs without it.)
 */
class TestRateLimit {
    static CollectorHarness c;

    @BeforeAll
    static void start() {
        Settings s = CollectorHarness.defaults(TestPostgres.newDatabase())
                .with(CollectorKeys.HTTP_TRUSTED_PROXIES, "127.0.0.1")
                .with(CollectorKeys.RATELIMIT_IP_PER_SECOND, 1L)
                .with(CollectorKeys.RATELIMIT_SOURCE_PER_SECOND, 2L)
                .with(CollectorKeys.RATELIMIT_BURST_SECONDS, 1L);
        c = CollectorHarness.start(s);
    }

    @AfterAll
    static void stop() {
        c.close();
    }

    private static HttpResponse<String> track(String ip, String key) {
        return c.post("/v1/track", "{\"event\":\"E\",\"userId\":\"u\"}", "Authorization", basic(key), "X-Forwarded-For", ip);
    }

    /** Sends until the limit answers (a token comes back every second, so a slow machine needs a few more tries). */
    private static HttpResponse<String> untilLimited(java.util.function.IntFunction<HttpResponse<String>> send) {
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = send.apply(i);
            if (r.statusCode() != 200) return r;
        }
        throw new AssertionError("50 requests and no 429");
    }

    @Test
    void anIpOverItsLimitGets429WithRetryAfterAndOtherIpsDoNot() {
        HttpResponse<String> limited = untilLimited(i -> track("203.0.113.10", "wk_java_test"));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(limited.body()).contains("\"code\":\"ip_rate_limited\"");
        assertThat(track("203.0.113.11", "wk_node_test").statusCode()).isEqualTo(200);

        String metrics = c.ops("/metrics").body();
        assertThat(metrics).containsPattern("collector_rejections_total\\{reason=\"ip_rate_limited\"} [1-9]");
        assertThat(metrics).containsPattern("collector_requests_total\\{endpoint=\"track\",outcome=\"rate_limited\",source=\"unknown\"} [1-9]")
                .as("a 429 is not counted as the sink being unavailable")
                .doesNotContain("outcome=\"unavailable\"");
    }

    @Test
    void aSourceOverItsLimitGets429FromEveryAddress() {
        HttpResponse<String> limited = untilLimited(i -> track("198.51.100." + (i + 1), KEY));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(limited.body()).contains("\"code\":\"source_rate_limited\"");
        assertThat(c.ops("/metrics").body())
                .containsPattern("collector_rejections_total\\{reason=\"source_rate_limited\"} [1-9]")
                .containsPattern("collector_requests_total\\{endpoint=\"track\",outcome=\"rate_limited\",source=\"test\"} [1-9]")
                .doesNotContain("outcome=\"unavailable\"");
    }
}
