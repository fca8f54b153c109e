package dev.clickstream.collector.sink;

/** The sink's in-flight bound is reached; the caller should answer 503 with Retry-After. */
public final class SinkOverloadedException extends RuntimeException {
    public SinkOverloadedException(String message) {
        super(message, null, false, false);
    }
}
