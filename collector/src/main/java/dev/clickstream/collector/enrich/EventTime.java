package dev.clickstream.collector.enrich;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Segment's clock-skew correction: {@code timestamp = receivedAt − (sentAt − originalTimestamp)}, with sentAt
 * from the message or else the batch envelope. Never throws: a client time that does not parse, or lies outside
 * {@link #EARLIEST} – {@link #LATEST} (both engines' timestamp types hold those; year 999,999,999 overflows them and
 * Instant arithmetic), counts as absent; a corrected time before {@link #EARLIEST} or too far in the future becomes
 * receivedAt. Each fallback is named in {@code warnings}.
 */
public final class EventTime {
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private final Duration futureTolerance;

    public EventTime(Duration futureTolerance) {
        this.futureTolerance = futureTolerance;
    }

    public record Result(Instant timestamp, Instant original, Instant sentAt) {}

    public Result resolve(String originalText, String sentAtText, Instant receivedAt, List<String> warnings) {
        Instant original = clientTime(originalText, "invalid_timestamp", warnings);
        Instant sentAt = clientTime(sentAtText, "invalid_sent_at", warnings);

        Instant corrected;
        if (original == null) {
            corrected = receivedAt;
        } else if (sentAt != null) {
            // both within EARLIEST..LATEST, so the difference and the result stay far inside Instant's range
            corrected = receivedAt.minus(Duration.between(original, sentAt));
        } else {
            corrected = original;
        }
        if (corrected.isAfter(receivedAt.plus(futureTolerance))) {
            warnings.add("future_timestamp_clamped");
            corrected = receivedAt;
        } else if (corrected.isBefore(EARLIEST)) {
            warnings.add("past_timestamp_clamped");
            corrected = receivedAt;
        }
        return new Result(corrected, original, sentAt);
    }

    private static Instant clientTime(String text, String warning, List<String> warnings) {
        Instant t = Timestamps.parse(text);
        if (t != null && (t.isBefore(EARLIEST) || t.isAfter(LATEST))) t = null;
        if (t == null && text != null) warnings.add(warning);
        return t;
    }
}
