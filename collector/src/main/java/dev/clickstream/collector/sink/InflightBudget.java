package dev.clickstream.collector.sink;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Envelope bytes accepted but not yet durable, bounded by {@code sink.max-inflight-bytes}. A request reserves each
 * record's bytes as the record is built, before it is kept; the sink gives them back when the records are durable or
 * have failed. The bound holds whatever the load: there is no exception for an idle sink.
 */
public final class InflightBudget {
    private final long max;
    private final AtomicLong used = new AtomicLong();

    public InflightBudget(long max) {
        this.max = max;
    }

    public long max() {
        return max;
    }

    public long used() {
        return used.get();
    }

    /** @return whether the bytes were reserved; false (and nothing reserved) when they would pass the bound */
    public boolean tryReserve(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > max) return false;
            if (used.compareAndSet(now, now + bytes)) return true;
        }
    }

    public void release(long bytes) {
        used.addAndGet(-bytes);
    }
}
