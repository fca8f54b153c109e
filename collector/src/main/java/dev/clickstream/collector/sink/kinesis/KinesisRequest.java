package dev.clickstream.collector.sink.kinesis;

import dev.clickstream.collector.sink.InflightBudget;
import dev.clickstream.collector.sink.SinkRecordsRefusedException;
import dev.clickstream.collector.sink.SinkUnavailableException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request's records on their way to Kinesis: its future completes when the last record is settled (stored or
 * refused for its content), or fails at once when the sink gives up on a record. Its in-flight bytes go back to the
 * budget exactly once, however it ends.
 */
final class KinesisRequest {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicInteger remaining;
    private final long bytes;
    private final InflightBudget budget;
    private final AtomicBoolean released = new AtomicBoolean();
    private final List<Integer> refused = Collections.synchronizedList(new ArrayList<>(0));

    KinesisRequest(int records, long bytes, InflightBudget budget) {
        this.remaining = new AtomicInteger(records);
        this.bytes = bytes;
        this.budget = budget;
    }

    void stored() {
        settled();
    }

    /** @param index the record's index in the request */
    void refused(int index) {
        refused.add(index);
        settled();
    }

    void abandoned() {
        release();
        done.completeExceptionally(new SinkUnavailableException("records were not delivered in time", null));
    }

    private void settled() {
        if (remaining.decrementAndGet() != 0) return;
        release();
        if (refused.isEmpty()) {
            done.complete(null);
        } else {
            List<Integer> sorted = new ArrayList<>(refused);
            Collections.sort(sorted);
            done.completeExceptionally(new SinkRecordsRefusedException(sorted, "refused by Kinesis"));
        }
    }

    private void release() {
        if (released.compareAndSet(false, true)) budget.release(bytes);
    }
}
