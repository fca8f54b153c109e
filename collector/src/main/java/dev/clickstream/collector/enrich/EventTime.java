package dev.clickstream.collector.enrich;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Segment's clock-skew correction: {@code timestamp = receivedAt − (sentAt − originalTimestamp)}, with sentAt
 * from the message or else the batch envelope. Unparseable client times fall back to receivedAt instead of
 * failing the message; times too far in the future are clamped. Each fallback is named in {@code warnings}.
 */
public final class EventTime {
    private final Duration futureTolerance;

    public EventTime(Duration futureTolerance) {
        this.futureTolerance = futureTolerance;
    }

    public record Result(Instant timestamp, Instant original, Instant sentAt) {}

    public Result resolve(String originalText, String sentAtText, Instant receivedAt, List<String> warnings) {
        Instant original = Timestamps.parse(originalText);
        if (original == null && originalText != null) warnings.add("invalid_timestamp");
        Instant sentAt = Timestamps.parse(sentAtText);
        if (sentAt == null && sentAtText != null) warnings.add("invalid_sent_at");

        Instant corrected;
        if (original == null) {
            corrected = receivedAt;
        } else if (sentAt != null) {
            corrected = receivedAt.minus(Duration.between(original, sentAt));
        } else {
            corrected = original;
        }
        if (corrected.isAfter(receivedAt.plus(futureTolerance))) {
            warnings.add("future_timestamp_clamped");
            corrected = receivedAt;
        }
        return new Result(corrected, original, sentAt);
    }
}
