package dev.clickstream.collector.sink;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where envelopes go. The returned future completes only once every record is durably stored;
 * it fails with {@link SinkOverloadedException} when the sink cannot take more right now.
 */
public interface Sink extends AutoCloseable {
    CompletableFuture<Void> store(List<SinkRecord> records);

    /** Whether the sink can accept records now (drives {@code /ready}). */
    boolean isHealthy();

    /** The largest record this sink can store; a larger envelope becomes a rejection record instead. */
    default int maxRecordBytes() {
        return Integer.MAX_VALUE;
    }

    /** Envelope bytes accepted but not yet durable. */
    long inFlightBytes();

    /** Stops accepting, flushes what was accepted, and releases resources, within the deadline. */
    void close(Duration deadline);

    @Override
    default void close() {
        close(Duration.ofSeconds(10));
    }
}
