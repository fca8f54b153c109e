package dev.clickstream.collector.enrich;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** ISO-8601 parsing with any offset and 0–9 fraction digits; one output format with microseconds, in UTC. */
public final class Timestamps {
    private static final DateTimeFormatter OUT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    /** @return the instant, or null when the text is not an ISO-8601 date-time with an offset */
    public static Instant parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) return null;
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) { // unparseable, or beyond Instant's range
            return null;
        }
    }

    public static String format(Instant instant) {
        return OUT.format(instant.truncatedTo(ChronoUnit.MICROS));
    }
}
