package dev.clickstream.simulator.send;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of what a sender did; retries are extra HTTP attempts after a 429, a 5xx or a broken connection. */
public final class SendStats {
    public final AtomicLong requests = new AtomicLong();
    public final AtomicLong messages = new AtomicLong();
    public final AtomicLong retries = new AtomicLong();

    @Override
    public String toString() {
        return String.format("%,d messages in %,d requests, %,d retries", messages.get(), requests.get(), retries.get());
    }
}
