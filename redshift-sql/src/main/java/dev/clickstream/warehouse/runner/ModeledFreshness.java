package dev.clickstream.warehouse.runner;

import dev.clickstream.warehouse.RefreshClock;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How old the newest modeled event is: the newest {@code events.loaded_at}, the time its record reached the warehouse,
 * the column the {@code freshness} alert rule reads too. One portable query; the age is taken on this side's clock,
 * since the two warehouses spell "now minus a timestamp" differently.
 */
public final class ModeledFreshness {
    static final String NEWEST_LOADED = "SELECT MAX(loaded_at) FROM clickstream.events";

    private ModeledFreshness() {}

    /** @return the newest modeled event's age (never negative); empty while no event has been modeled */
    public static Optional<Duration> newestEventAge(SqlExecutor sql, Clock clock) {
        List<List<String>> rows = sql.query(NEWEST_LOADED, Map.of());
        String newest = rows.isEmpty() ? null : rows.get(0).get(0);
        if (newest == null) return Optional.empty();
        Duration age = Duration.between(RefreshClock.parse(newest), clock.instant());
        return Optional.of(age.isNegative() ? Duration.ZERO : age);
    }
}
