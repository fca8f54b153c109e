package dev.clickstream.collector.sink;

/**
 * One envelope, serialised, with the ids a sink may partition on.
 * @param rejection true for a rejection record, false for an event
 */
public record SinkRecord(String messageId, String anonymousId, String userId, byte[] payload, boolean rejection) {}
