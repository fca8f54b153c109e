package dev.clickstream.collector.kinesis;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.CollectorKeys.SinkType;
import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.collector.testing.KinesisLocal;
import dev.clickstream.collector.testing.KinesisStandIn;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Admission control: with http.max-inflight-requests requests already waiting on a slow sink, the next one is turned
 * away at once with 503 overloaded and Retry-After, before its body is read; the ones in flight still finish.
 * (A benchmark run had shown the collector running out of heap under an open-model flood without this bound.)
 */
class TestAdmissionControl {
    @BeforeAll
    static void jsonProtocol() {
        System.setProperty("aws.cborEnabled", "false"); // WireMock speaks Kinesis's JSON protocol
        KinesisLocal.useDummyCredentials();
    }

    @Test
    void requestsBeyondTheBoundGet503OverloadedAndTheOthersFinish() {
        try (KinesisStandIn kinesis = new KinesisStandIn();
             CollectorHarness c = CollectorHarness.start(CollectorHarness.defaults(TestPostgres.newDatabase())
                     .with(CollectorKeys.SINK_TYPE, SinkType.KINESIS)
                     .with(CollectorKeys.KINESIS_ENDPOINT, kinesis.endpoint())
                     .with(CollectorKeys.KINESIS_CALL_TIMEOUT_MS, 10_000L)
                     .with(CollectorKeys.SINK_DEADLINE_MS, 15_000L)
                     .with(CollectorKeys.HTTP_MAX_INFLIGHT_REQUESTS, 3))) {
            kinesis.slowMillis(4_000);
            kinesis.mode(KinesisStandIn.Mode.SLOW);
            List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String body = "{\"userId\":\"u" + i + "\",\"event\":\"Waits\",\"messageId\":\"wait-" + i + "\"}";
                waiting.add(CompletableFuture.supplyAsync(() -> c.post("/v1/track", body, "Authorization", CollectorHarness.basic(CollectorHarness.KEY))));
            }
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> c.ops("/metrics").body().contains("collector_http_inflight_requests 3.0"));
            HttpResponse<String> turnedAway = c.post("/v1/track", "{\"userId\":\"x\",\"event\":\"Extra\"}",
                    "Authorization", CollectorHarness.basic(CollectorHarness.KEY));
            assertThat(turnedAway.statusCode()).isEqualTo(503);
            assertThat(turnedAway.body()).contains("\"code\":\"overloaded\"").contains("\"success\":false");
            assertThat(turnedAway.headers().firstValue("Retry-After")).isPresent();

            kinesis.mode(KinesisStandIn.Mode.HEALTHY);
            for (CompletableFuture<HttpResponse<String>> f : waiting) assertThat(f.join().statusCode()).isEqualTo(200);
            assertThat(kinesis.accepted()).contains("wait-0", "wait-1", "wait-2");
        }
    }
}
