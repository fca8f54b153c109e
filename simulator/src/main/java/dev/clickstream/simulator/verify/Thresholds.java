package dev.clickstream.simulator.verify;

/**
 * The bar a warehouse must clear for {@code verify} to exit 0. The defaults are the strict ones the end-to-end test
 * uses: every session and funnel cell exact, nothing lost, nothing doubled, bots found with recall 0.95 (overall and
 * for every bot kind: a kind the truth has no bot of fails as unmeasured) and precision 0.99.
 */
public record Thresholds(double minSessionMatch, double minFunnelMatch, double minBotRecall, double minBotPrecision,
                         double minLinkRecall, double minAttribution, long maxLost, long maxDuplicates,
                         long timeToleranceMillis) {

    public static Thresholds strict() {
        return new Thresholds(1.0, 1.0, 0.95, 0.99, 1.0, 0.95, 0, 0, 2_000);
    }
}
