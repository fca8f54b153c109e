package dev.clickstream.collector.sink;

import dev.clickstream.collector.config.Settings;
import dev.clickstream.collector.sink.kinesis.KinesisClients;
import dev.clickstream.collector.sink.kinesis.KinesisSink;
import dev.clickstream.collector.sink.postgres.PostgresSink;
import io.micrometer.core.instrument.MeterRegistry;

import javax.sql.DataSource;
import java.time.Duration;

import static dev.clickstream.collector.config.CollectorKeys.*;

/**
 * Each sink built from the collector's keys. Which one runs is the caller's exhaustive switch over
 * {@code sink.type}: {@link dev.clickstream.collector.StandaloneCollector} and the CLI's local stack.
 */
public final class ConfiguredSinks {
    private ConfiguredSinks() {}

    /** PutRecords to {@code kinesis.stream}. */
    public static KinesisSink kinesis(Settings s, MeterRegistry meters) {
        return new KinesisSink(
                KinesisClients.create(s.get(KINESIS_REGION), s.get(KINESIS_ENDPOINT), 2 * s.get(KINESIS_MAX_CONCURRENT_PUTS),
                        Duration.ofMillis(s.get(KINESIS_CALL_TIMEOUT_MS))),
                s.get(KINESIS_STREAM), s.get(KINESIS_PARTITION_KEY), s.get(SINK_MAX_INFLIGHT_BYTES),
                Duration.ofMillis(s.get(KINESIS_LINGER_MS)), s.get(KINESIS_MAX_CONCURRENT_PUTS),
                Duration.ofMillis(s.get(KINESIS_MAX_BACKOFF_MS)), meters);
    }

    /** Group-commit COPY into {@code clickstream.raw_events} of {@code dataSource}, which the caller owns. */
    public static PostgresSink postgres(DataSource dataSource, Settings s, MeterRegistry meters) {
        return new PostgresSink(dataSource, s.get(SINK_MAX_INFLIGHT_BYTES), s.get(SINK_MAX_BATCH_ROWS), meters);
    }
}
