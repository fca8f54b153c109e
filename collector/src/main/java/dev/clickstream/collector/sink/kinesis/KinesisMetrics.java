package dev.clickstream.collector.sink.kinesis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** What an operator watches on the Kinesis path, especially during throttling. */
final class KinesisMetrics {
    final Counter put;
    final Counter retried;
    final Counter throttled;
    final Counter failedCalls;
    final Counter abandoned;
    final Counter refused;
    final DistributionSummary batchRecords;
    final Timer putLatency;

    KinesisMetrics(MeterRegistry r) {
        put = Counter.builder("collector.kinesis.records.put").description("Records Kinesis accepted (got a sequence number)").register(r);
        retried = Counter.builder("collector.kinesis.records.retried").description("Records sent again after a failure").register(r);
        throttled = Counter.builder("collector.kinesis.records.throttled")
                .description("Records refused with ProvisionedThroughputExceededException").register(r);
        failedCalls = Counter.builder("collector.kinesis.calls.failed")
                .description("PutRecords calls that failed as a whole (HTTP 5xx, timeout, connection)").register(r);
        abandoned = Counter.builder("collector.kinesis.records.abandoned")
                .description("Records no longer retried because their request was already answered 503").register(r);
        refused = Counter.builder("collector.kinesis.records.refused")
                .description("Records Kinesis refused for their content (a validation error): stored as rejection records instead").register(r);
        batchRecords = DistributionSummary.builder("collector.kinesis.batch.records").description("Records per PutRecords call").register(r);
        putLatency = Timer.builder("collector.kinesis.put.latency").description("PutRecords call latency")
                .publishPercentiles(0.5, 0.99).register(r);
    }
}
