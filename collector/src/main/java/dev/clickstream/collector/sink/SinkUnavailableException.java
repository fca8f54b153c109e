package dev.clickstream.collector.sink;

/** The sink failed to make records durable; nothing about them is acknowledged. */
public final class SinkUnavailableException extends RuntimeException {
    public SinkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
