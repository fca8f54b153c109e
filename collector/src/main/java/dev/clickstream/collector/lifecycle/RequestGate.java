package dev.clickstream.collector.lifecycle;

import dev.clickstream.collector.http.ApiError;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts ingest requests in flight and, once draining, turns new ones away with 503 so shutdown can finish them. */
public final class RequestGate {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int retryAfterSeconds;
    private volatile boolean draining;

    public RequestGate(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public void enter() {
        if (!draining) {
            inFlight.incrementAndGet();
            if (!draining) return;
            inFlight.decrementAndGet();
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
