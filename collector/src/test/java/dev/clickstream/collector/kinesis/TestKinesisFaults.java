package dev.clickstream.collector.kinesis;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.CollectorKeys.SinkType;
import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.collector.testing.KinesisLocal;
import dev.clickstream.collector.testing.KinesisStandIn;
import dev.clickstream.collector.testing.KinesisStandIn.Mode;
import dev.clickstream.collector.testing.ValidTraffic;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults on the Kinesis path, with WireMock standing in for the endpoint: partial failures, HTTP 500s, timeouts and a
 * 30-second outage. In every case no acknowledged event is lost, and answers given while the endpoint is failing are
 * 503 with Retry-After, never 200.
 */
class TestKinesisFaults {
    @BeforeAll
    static void jsonProtocol() {
        System.setProperty("aws.cborEnabled", "false"); // WireMock speaks Kinesis's JSON protocol
        KinesisLocal.useDummyCredentials();
    }

    static CollectorHarness collector(KinesisStandIn kinesis) {
        return CollectorHarness.start(CollectorHarness.defaults(TestPostgres.newDatabase())
                .with(CollectorKeys.SINK_TYPE, SinkType.KINESIS)
                .with(CollectorKeys.KINESIS_ENDPOINT, kinesis.endpoint())
                .with(CollectorKeys.SINK_DEADLINE_MS, 2_000L)
                .with(CollectorKeys.KINESIS_CALL_TIMEOUT_MS, 1_000L)
                .with(CollectorKeys.KINESIS_MAX_BACKOFF_MS, 400L)
                .with(CollectorKeys.SINK_RETRY_AFTER_SECONDS, 1));
    }

    static void assertNoAcknowledgedEventLost(LoadDriver load, KinesisStandIn kinesis) {
        Set<String> lost = new HashSet<>(load.acknowledged);
        lost.removeAll(kinesis.accepted());
        assertThat(load.acknowledged).isNotEmpty();
        assertThat(lost).as("acknowledged but never accepted by Kinesis").isEmpty();
    }

    @Test
    void thirtyPercentPartialFailuresAreRetriedRecordByRecord() throws Exception {
        try (KinesisStandIn kinesis = new KinesisStandIn(); CollectorHarness c = collector(kinesis)) {
            kinesis.mode(Mode.PARTIAL_30_PERCENT);
            LoadDriver load = new LoadDriver(c, 8, 60);
            load.close();
            assertThat(load.count(200)).as("retries absorb partial failures").isEqualTo(load.answers.size());
            assertNoAcknowledgedEventLost(load, kinesis);
            String metrics = c.ops("/metrics").body();
            assertThat(metrics).containsPattern("collector_kinesis_records_retried_total [1-9]");
            assertThat(metrics).containsPattern("collector_kinesis_records_throttled_total [1-9]");
        }
    }

    @Test
    void http500Outage() throws Exception {
        outage(Mode.HTTP_500, Duration.ofSeconds(5));
    }

    @Test
    void callTimeouts() throws Exception {
        outage(Mode.SLOW, Duration.ofSeconds(5));
    }

    @Test
    void endpointStoppedForThirtySecondsThenRestarted() throws Exception {
        try (KinesisStandIn kinesis = new KinesisStandIn(); CollectorHarness c = collector(kinesis)) {
            LoadDriver load = new LoadDriver(c, 4, 100_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> load.acknowledged.size() >= 500);
            long start = System.nanoTime();
            kinesis.stop();
            await().pollDelay(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(31)).until(() -> true);
            long end = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> c.ops("/ready").statusCode() == 503);
            kinesis.restart();
            await().atMost(Duration.ofSeconds(20)).until(() -> c.ops("/ready").statusCode() == 200);
            int before = load.acknowledged.size();
            await().atMost(Duration.ofSeconds(20)).until(() -> load.acknowledged.size() > before + 100);
            load.close();
            assertOutageAnswers(load, start, end);
            assertNoAcknowledgedEventLost(load, kinesis);
        }
    }

    private static void outage(Mode fault, Duration length) throws Exception {
        try (KinesisStandIn kinesis = new KinesisStandIn(); CollectorHarness c = collector(kinesis)) {
            LoadDriver load = new LoadDriver(c, 4, 100_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> load.acknowledged.size() >= 500);
            long start = System.nanoTime();
            kinesis.mode(fault);
            await().pollDelay(length).atMost(length.plusSeconds(1)).until(() -> true);
            long end = System.nanoTime();
            kinesis.mode(Mode.HEALTHY);
            int before = load.acknowledged.size();
            await().atMost(Duration.ofSeconds(20)).until(() -> load.acknowledged.size() > before + 100);
            load.close();
            assertOutageAnswers(load, start, end);
            assertNoAcknowledgedEventLost(load, kinesis);
        }
    }

    /** Answers that started after the fault began and came back before it ended: 503 with Retry-After, never 200. */
    private static void assertOutageAnswers(LoadDriver load, long start, long end) {
        long grace = Duration.ofMillis(100).toNanos();
        var during = load.answers.stream().filter(a -> a.startedNanos() > start + grace && a.endedNanos() < end).toList();
        assertThat(during).as("requests answered during the outage").isNotEmpty();
        assertThat(during).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(503);
            assertThat(a.retryAfter()).isTrue();
        });
    }

    @Test
    void aRecordKinesisRefusesForItsContentIsADataErrorNotAnOutage() throws Exception {
        try (KinesisStandIn kinesis = new KinesisStandIn();
             CollectorHarness c = CollectorHarness.start(CollectorHarness.defaults(TestPostgres.newDatabase())
                     .with(CollectorKeys.SINK_TYPE, SinkType.KINESIS)
                     .with(CollectorKeys.KINESIS_ENDPOINT, kinesis.endpoint()))) {
            kinesis.mode(Mode.REFUSE_MARKED);
            try (ValidTraffic valid = ValidTraffic.start(c, ids -> counts(kinesis, ids))) {
                var r = c.post("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"refused\","
                        + "\"properties\":{\"note\":\"" + KinesisStandIn.REFUSED_MARKER + "\"}},{\"type\":\"track\",\"event\":\"E\","
                        + "\"userId\":\"u\",\"messageId\":\"beside-refused\"}]}", "Authorization", CollectorHarness.basic(CollectorHarness.KEY));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            // "refused" arrives as its rejection record, which holds no message text
            assertThat(kinesis.accepted()).contains("refused", "beside-refused");
            String metrics = c.ops("/metrics").body();
            assertThat(metrics).contains("collector_kinesis_records_refused_total 1.0")
                    .contains("collector_rejections_total{reason=\"record_refused\"} 1.0")
                    .contains("collector_sink_healthy 1.0");
        }
    }

    static Map<String, Long> counts(KinesisStandIn kinesis, Collection<String> ids) {
        Map<String, Long> out = new HashMap<>();
        for (String id : ids) if (kinesis.accepted().contains(id)) out.put(id, 1L);
        return out;
    }

    @Test
    void envelopeOverOneMebibyteBecomesARejectionRecordNotAFailedCall() throws Exception {
        try (KinesisStandIn kinesis = new KinesisStandIn();
             CollectorHarness c = CollectorHarness.start(CollectorHarness.defaults(TestPostgres.newDatabase())
                     .with(CollectorKeys.SINK_TYPE, SinkType.KINESIS)
                     .with(CollectorKeys.KINESIS_ENDPOINT, kinesis.endpoint())
                     .with(CollectorKeys.LIMIT_MESSAGE_BYTES, 1024 * 1024)
                     .with(CollectorKeys.LIMIT_BATCH_BYTES, 4 * 1024 * 1024)
                     .with(CollectorKeys.LIMIT_RAW_BODY_BYTES, 4 * 1024 * 1024))) {
            String huge = "x".repeat(1024 * 1024 - 300);
            var r = c.post("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"huge\","
                    + "\"properties\":{\"x\":\"" + huge + "\"}},{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\","
                    + "\"messageId\":\"small\"}]}", "Authorization", CollectorHarness.basic(CollectorHarness.KEY));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(kinesis.accepted()).contains("small", "huge"); // "huge" arrives as its (cut) rejection record
            assertThat(c.ops("/metrics").body()).contains("collector_rejections_total{reason=\"record_too_large\"} 1.0");
        }
    }
}
