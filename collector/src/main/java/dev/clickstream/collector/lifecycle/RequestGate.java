package dev.clickstream.collector.lifecycle;

import dev.clickstream.collector.http.ApiError;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts ingest requests in flight. Turns a request away with 503 before its body is read when {@code maxInFlight}
 * are already being handled (admission control: memory stays bounded however many clients pile on), and, once
 * draining, turns every new one away so shutdown can finish the rest.
 */
public final class RequestGate {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int retryAfterSeconds;
    private final int maxInFlight;
    private volatile boolean draining;

    public RequestGate(int retryAfterSeconds, int maxInFlight) {
        this.retryAfterSeconds = retryAfterSeconds;
        this.maxInFlight = maxInFlight;
    }

    public void enter() {
        if (!draining) {
            int now = inFlight.incrementAndGet();
            if (!draining && now <= maxInFlight) return;
            inFlight.decrementAndGet();
            if (!draining) {
                throw ApiError.unavailable("overloaded", "Too many requests in flight; retry shortly.", retryAfterSeconds);
            }
        }
        throw ApiError.unavailable("shutting_down", "The collector is shutting down; retry shortly.", retryAfterSeconds);
    }

    public void exit() {
        inFlight.decrementAndGet();
    }

    public boolean draining() {
        return draining;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public void startDraining() {
        draining = true;
    }

    /** Waits until no request is in flight; returns false if the deadline passed first. */
    public boolean awaitIdle(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() > end) return false;
            Thread.sleep(5);
        }
        return true;
    }
}
