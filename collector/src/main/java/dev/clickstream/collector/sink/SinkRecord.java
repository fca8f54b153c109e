package dev.clickstream.collector.sink;

import java.util.List;

/**
 * One envelope, serialised, with the ids a sink may partition on.
 * @param rejection true for a rejection record, false for an event
 */
public record SinkRecord(String messageId, String anonymousId, String userId, byte[] payload, boolean rejection) {
    /** The bytes {@code records} count against the in-flight budget. */
    public static long bytes(List<SinkRecord> records) {
        long sum = 0;
        for (SinkRecord r : records) sum += r.payload().length;
        return sum;
    }
}
