package dev.clickstream.warehouse;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Strictly increasing commit times (microseconds, UTC), even if the wall clock steps back. */
public final class RefreshClock {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private Instant last = Instant.EPOCH;

    /** Formats any instant the same way (UTC, microseconds), for other timestamp columns of the same rows. */
    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    /** A TIMESTAMP as either warehouse prints it ({@code 2026-12-01 10:00:00[.123456]}, UTC) as an instant. */
    public static Instant parse(String warehouseTimestamp) {
        return LocalDateTime.parse(warehouseTimestamp.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }

    public String next() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        last = now.isAfter(last) ? now : last.plus(1, ChronoUnit.MICROS);
        return FORMAT.format(last);
    }
}
