package dev.clickstream.collector.ingest;

import org.slf4j.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A warning a client can trigger at will (records refused for their content, messages that failed enrichment),
 * logged at most once per interval with how many occurred since the last line, so the log does not grow with an
 * attacker's traffic. Lines name the problem by a code only, never by the client's data.
 */
public final class RateLimitedLog {
    private final Logger log;
    private final String message;
    private final long intervalNanos;
    private final AtomicLong nextNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger log, String message, long intervalNanos) {
        this.log = log;
        this.message = message;
        this.intervalNanos = intervalNanos;
    }

    public void warn(String code, int count) {
        long now = System.nanoTime();
        long next = nextNanos.get();
        if ((next != Long.MIN_VALUE && now - next < 0) || !nextNanos.compareAndSet(next, now + intervalNanos)) {
            suppressed.addAndGet(count);
            return;
        }
        log.atWarn().setMessage(message).addKeyValue("code", code).addKeyValue("count", count)
                .addKeyValue("suppressed_since_last_line", suppressed.getAndSet(0)).log();
    }
}
