package dev.clickstream.benchmark.load;

import java.util.Map;

/** One measured phase: what was offered, what came back, and how long it took (milliseconds). */
public record LoadResult(String target, String scenario, String model, double offeredPerSecond, double seconds,
                         long requests, long ok, double requestsPerSecond, double eventsPerSecond,
                         double p50, double p99, double p999, double max, Map<String, Long> statuses) {

    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "%s %s %s: %,.0f req/s = %,.0f events/s; p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms; statuses %s",
                target, scenario, model, requestsPerSecond, eventsPerSecond, p50, p99, p999, max, statuses);
    }
}
