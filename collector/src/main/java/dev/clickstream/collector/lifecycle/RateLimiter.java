package dev.clickstream.collector.lifecycle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.clickstream.collector.http.ApiError;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;

/**
 * Optional edge protection: a token bucket per client IP and one per source (Bucket4j), each refilled at its rate
 * per second and holding {@code burstSeconds} of it. A request over either limit gets 429 with Retry-After (the time
 * until a token is back), before its body is read for the IP limit. The IP buckets live in a bounded cache
 * (Caffeine): past {@code maxIps} addresses the least recently seen are forgotten, so a flood of spoofed or rotating
 * addresses costs bounded memory (and is left to the per-source limit and the load balancer).
 */
public final class RateLimiter {
    /** A limiter that limits nothing: both limits off. */
    public static final RateLimiter OFF = new RateLimiter(0, 0, 1, 1);

    private final long ipPerSecond;
    private final long sourcePerSecond;
    private final long burstSeconds;
    private final Cache<String, Bucket> ips;
    private final Cache<String, Bucket> sources;

    /** @param ipPerSecond requests per second per IP, 0 for no limit; likewise {@code sourcePerSecond} per source */
    public RateLimiter(long ipPerSecond, long sourcePerSecond, long burstSeconds, int maxIps) {
        this.ipPerSecond = ipPerSecond;
        this.sourcePerSecond = sourcePerSecond;
        this.burstSeconds = burstSeconds;
        Duration idle = Duration.ofSeconds(Math.max(60, 2 * burstSeconds));
        this.ips = Caffeine.newBuilder().maximumSize(maxIps).expireAfterAccess(idle).build();
        this.sources = Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(idle).build();
    }

    public boolean enabled() {
        return ipPerSecond > 0 || sourcePerSecond > 0;
    }

    /** Takes a token for the client IP, or refuses the request with 429. */
    public void checkIp(String ip) {
        if (ipPerSecond > 0 && ip != null) take(ips.get(ip, k -> bucket(ipPerSecond)), "ip_rate_limited", "this address");
    }

    /** Takes a token for the source, or refuses the request with 429. */
    public void checkSource(String source) {
        if (sourcePerSecond > 0) take(sources.get(source, k -> bucket(sourcePerSecond)), "source_rate_limited", "this source");
    }

    private Bucket bucket(long perSecond) {
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(perSecond * burstSeconds)
                .refillGreedy(perSecond, Duration.ofSeconds(1)).build()).build();
    }

    private static void take(Bucket bucket, String code, String who) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) return;
        int retryAfter = (int) Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        throw new ApiError(429, code, "Too many requests from " + who + "; retry after " + retryAfter + " s.", retryAfter);
    }
}
