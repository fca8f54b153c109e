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

    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("session_gap_seconds", Long.toString(SESSION_GAP.toSeconds())),
            Map.entry("cart_window_seconds", "3600"),
            Map.entry("bot_rate_events", "10"),
            Map.entry("bot_rate_window_seconds", "10"),
            // bot_flags' rate rule: a pause this long ends a run of events; a run must last this long to be a script
            Map.entry("bot_rate_pause_seconds", "1"),
            Map.entry("bot_rate_sustain_seconds", "5"),
            Map.entry("ip_farm_anonymous_ids", "20"),
            Map.entry("ip_farm_shallow_events", "3"),
            Map.entry("ip_farm_shallow_share", "0.8"),
            Map.entry("robotic_min_views", "8"),
            Map.entry("robotic_max_cv", "0.1"));

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
