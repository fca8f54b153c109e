package dev.clickstream.collector.kinesis;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.CollectorKeys.SinkType;
import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.collector.testing.KinesisLocal;
import dev.clickstream.collector.testing.KinesisStandIn;
import dev.clickstream.collector.testing.KinesisStandIn.Mode;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stream that throttles every record for 10 s under load from 16 clients: the in-flight bound holds, heap stays
 * flat, clients get 503 with Retry-After instead of queues growing, and delivery resumes afterwards without loss.
 */
class TestKinesisThrottling {
    private static final long MAX_INFLIGHT = 4L * 1024 * 1024;
    private static final Pattern INFLIGHT = Pattern.compile("(?m)^collector_sink_inflight_bytes (\\S+)");

    @BeforeAll
    static void jsonProtocol() {
        System.setProperty("aws.cborEnabled", "false");
        KinesisLocal.useDummyCredentials();
    }

    @Test
    void tenSecondsOfThrottlingStayBounded() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (KinesisStandIn kinesis = new KinesisStandIn();
             CollectorHarness c = CollectorHarness.start(CollectorHarness.defaults(TestPostgres.newDatabase())
                     .with(CollectorKeys.SINK_TYPE, SinkType.KINESIS)
                     .with(CollectorKeys.KINESIS_ENDPOINT, kinesis.endpoint())
                     .with(CollectorKeys.SINK_MAX_INFLIGHT_BYTES, MAX_INFLIGHT)
                     .with(CollectorKeys.SINK_DEADLINE_MS, 2_000L)
                     .with(CollectorKeys.KINESIS_MAX_BACKOFF_MS, 500L))) {
            // 16 clients with ~300 KB requests: together more than the 4 MiB in-flight bound
            LoadDriver load = new LoadDriver(c, 16, 100_000, 30_000);
            await().atMost(Duration.ofSeconds(20)).until(() -> load.acknowledged.size() >= 1_000);
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();

            long start = System.nanoTime();
            kinesis.mode(Mode.ALL_THROTTLED);
            List<Double> inflight = new ArrayList<>();
            long end = start + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < end) {
                inflight.add(inflightBytes(c));
                await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> true);
            }
            System.gc();
            long heapDuring = memory.getHeapMemoryUsage().getUsed();
            String metrics = c.ops("/metrics").body();
            kinesis.mode(Mode.HEALTHY);
            int before = load.acknowledged.size();
            await().atMost(Duration.ofSeconds(20)).until(() -> load.acknowledged.size() > before + 500);
            load.close();

            System.out.printf("throttling 10 s: max in-flight %.0f bytes (bound %d), heap growth after GC %d bytes, %d answers during%n",
                    inflight.stream().mapToDouble(Double::doubleValue).max().orElse(0), MAX_INFLIGHT, heapDuring - heapBefore,
                    load.answers.stream().filter(a -> a.startedNanos() > start && a.endedNanos() < end).count());
            assertThat(inflight).allSatisfy(b -> assertThat(b).isLessThanOrEqualTo((double) MAX_INFLIGHT));
            assertThat(inflight.stream().mapToDouble(Double::doubleValue).max().orElse(0)).as("the bound was reached")
                    .isGreaterThan(MAX_INFLIGHT / 2.0);
            assertThat(heapDuring - heapBefore).as("heap growth after 10 s of throttling, bytes").isLessThan(64L * 1024 * 1024);
            var during = load.answers.stream()
                    .filter(a -> a.startedNanos() > start + Duration.ofMillis(100).toNanos() && a.endedNanos() < end).toList();
            assertThat(during).isNotEmpty().allSatisfy(a -> {
                assertThat(a.status()).isEqualTo(503);
                assertThat(a.retryAfter()).isTrue();
            });
            assertThat(metrics).containsPattern("collector_kinesis_records_throttled_total [1-9]");
            assertThat(metrics).containsPattern("collector_rejections_total\\{reason=\"sink_overloaded\"} [1-9]");
            Set<String> lost = new HashSet<>(load.acknowledged);
            lost.removeAll(kinesis.accepted());
            assertThat(lost).isEmpty();
        }
    }

    private static double inflightBytes(CollectorHarness c) {
        Matcher m = INFLIGHT.matcher(c.ops("/metrics").body());
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
