package dev.clickstream.collector.http;

import dev.clickstream.collector.auth.Source;
import dev.clickstream.collector.auth.SourceRegistry;
import io.javalin.http.Context;

/**
 * CORS for the browser SDK, which preflights every call (it sends Authorization, and X-Retry-Count on retries).
 * Access-Control-Allow-Origin goes on every response, errors included, or the browser hides the status and retries.
 * Before the source is known, an origin passes if any source allows it; after auth, the request's source decides.
 */
public final class Cors {
    static final String ALLOW_HEADERS = "authorization, content-type, content-encoding, x-retry-count";
    private final SourceRegistry registry;

    public Cors(SourceRegistry registry) {
        this.registry = registry;
    }

    public void apply(Context ctx) {
        String origin = ctx.header("Origin");
        if (registry.anySourceAllowsAllOrigins()) {
            ctx.header("Access-Control-Allow-Origin", "*");
        } else if (origin != null && registry.anySourceAllowsOrigin(origin)) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Vary", "Origin");
        }
    }

    public void preflight(Context ctx) {
        ctx.header("Access-Control-Allow-Methods", "POST, GET, OPTIONS");
        ctx.header("Access-Control-Allow-Headers", ALLOW_HEADERS);
        ctx.header("Access-Control-Max-Age", "86400");
        ctx.status(204);
    }

    /** A browser request from an origin its source does not allow is refused before anything is stored. */
    public void checkSource(Context ctx, Source source) {
        String origin = ctx.header("Origin");
        if (origin != null && !source.allowsOrigin(origin)) {
            throw new ApiError(403, "origin_not_allowed", "Origin " + origin + " may not send to source " + source.name() + ".");
        }
    }
}
