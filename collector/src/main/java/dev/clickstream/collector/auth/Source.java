package dev.clickstream.collector.auth;

import dev.clickstream.collector.validation.TrackingPlan;

import java.util.List;

/**
 * A named origin of events (a website, an app, a backend) with its own write key.
 * The key itself is not kept here: only the registry holds its digest, and toString never shows it.
 */
public final class Source {
    private final String name;
    private final List<String> allowedOrigins;
    private final boolean anonymizeIp;
    private final TrackingPlan trackingPlan;

    public Source(String name, List<String> allowedOrigins, boolean anonymizeIp, TrackingPlan trackingPlan) {
        this.name = name;
        this.allowedOrigins = List.copyOf(allowedOrigins);
        this.anonymizeIp = anonymizeIp;
        this.trackingPlan = trackingPlan;
    }

    public String name() { return name; }
    public List<String> allowedOrigins() { return allowedOrigins; }
    public boolean anonymizeIp() { return anonymizeIp; }
    /** Null when the source has no tracking plan. */
    public TrackingPlan trackingPlan() { return trackingPlan; }

    public boolean allowsAnyOrigin() {
        return allowedOrigins.contains("*");
    }

    public boolean allowsOrigin(String origin) {
        return allowsAnyOrigin() || allowedOrigins.contains(origin);
    }

    @Override
    public String toString() {
        return "Source[" + name + "]";
    }
}
