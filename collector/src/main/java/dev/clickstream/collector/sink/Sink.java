package dev.clickstream.collector.sink;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where envelopes go. The returned future completes only once every record is durably stored. It fails with
 * {@link SinkOverloadedException} when the sink cannot take more right now, with {@link SinkRecordsRefusedException}
 * when it refused some records for their content (it stored the others), and with {@link SinkUnavailableException}
 * when it could not store them.
 */
public interface Sink extends AutoCloseable {
    /**
     * Stores records whose payload bytes ({@link SinkRecord#bytes}) the caller has reserved on {@link #budget()}.
     * The sink takes the reservation over and releases it exactly once, when the future completes either way.
     */
    CompletableFuture<Void> store(List<SinkRecord> records);

    /** The in-flight bytes bound shared by every request writing to this sink. */
    InflightBudget budget();

    /** Whether the sink can accept records now (drives {@code /ready}). */
    boolean isHealthy();

    /** The largest record this sink can store; a larger envelope becomes a rejection record instead. */
    int maxRecordBytes();

    /** Envelope bytes accepted but not yet durable. */
    default long inFlightBytes() {
        return budget().used();
    }

    /** Stops accepting, flushes what was accepted, and releases resources, within the deadline. */
    void close(Duration deadline);

    @Override
    default void close() {
        close(Duration.ofSeconds(10));
    }
}
