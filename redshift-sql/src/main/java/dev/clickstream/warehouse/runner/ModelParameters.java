package dev.clickstream.warehouse.runner;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The models' tunable values, bound as named parameters (the Data API binds values only, never identifiers).
 * One place for each default.
 */
public final class ModelParameters {
    /** A session ends after this long without an event: the sessions model's default, and the simulator's truth. */
    public static final Duration SESSION_GAP = Duration.ofMinutes(30);

    public static final Map<String, String> DEFAULTS = Map.of(
            "session_gap_seconds", Long.toString(SESSION_GAP.toSeconds()),
            "cart_window_seconds", "3600",
            "bot_rate_events", "10",
            "bot_rate_window_seconds", "10",
            "ip_farm_anonymous_ids", "20",
            "robotic_min_views", "8",
            "robotic_max_cv", "0.1");

    private ModelParameters() {}

    /** The defaults with the given overrides applied. */
    public static Map<String, String> with(Map<String, String> overrides) {
        Map<String, String> out = new LinkedHashMap<>(DEFAULTS);
        overrides.forEach((k, v) -> {
            if (!DEFAULTS.containsKey(k)) throw new IllegalArgumentException("unknown model parameter " + k);
            out.put(k, v);
        });
        return out;
    }
}
