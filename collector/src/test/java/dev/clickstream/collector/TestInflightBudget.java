package dev.clickstream.collector;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.collector.testing.ValidTraffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11 §1: a request's records are reserved on the in-flight budget as they are built, with no exception for an
 * idle sink. With a 1 MiB budget, a batch whose envelopes come to ~1.2 MB is refused with 400 (it could never fit,
 * so a retry would not help), whether or not other requests hold part of the budget, and what it had reserved is
 * given back.
 */
class TestInflightBudget {
    @RegisterExtension
    static final CollectorHarness c = CollectorHarness.perClass(CollectorKeys.SINK_MAX_INFLIGHT_BYTES, 1024L * 1024);

    @Test
    void aRequestLargerThanTheWholeBudgetIsRefusedEvenWhenTheSinkIsIdle() {
        StringBuilder b = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < 2400; i++) {
            b.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"budget-")
                    .append(i).append("\",\"properties\":{\"pad\":\"").append("p".repeat(100)).append("\"}}");
        }
        String body = b.append("]}").toString();
        assertThat(body.length()).isLessThan(500 * 1024);
        // while the batch holds the whole budget for a moment, valid requests may meet a full sink: 503 is their honest answer
        try (ValidTraffic valid = ValidTraffic.start(c).allowUnavailable()) {
            HttpResponse<String> r = c.post("/v1/batch", body, "Authorization", basic(KEY));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.body()).contains("\"code\":\"enriched_batch_too_large\"");
        }
        assertThat(c.count("payload->>'message_id' LIKE 'budget-%'")).isZero();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> c.ops("/metrics").body().contains("collector_sink_inflight_bytes 0.0"));
    }
}
