package dev.clickstream.collector.sink.kinesis;

import dev.clickstream.collector.config.CollectorKeys.PartitionKey;
import dev.clickstream.collector.sink.Sink;
import dev.clickstream.collector.sink.kinesis.KinesisCalls.Entry;
import dev.clickstream.collector.sink.InflightBudget;
import dev.clickstream.collector.sink.SinkRecord;
import dev.clickstream.collector.sink.SinkUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers envelopes to a Kinesis data stream, one plain-JSON record each (no KPL aggregation: Redshift cannot read
 * it). One PutRecords call carries records of many requests, up to 500 records and 5 MiB, after a short linger.
 * Failed records are retried one by one with exponential backoff and full jitter ({@link KinesisCalls}); a request's
 * future completes only when every one of its records has a sequence number. Records of a request that was already
 * answered (503 after its deadline) are not retried further: the client re-sends them, and downstream dedup on
 * message_id absorbs repeats. A call Kinesis refuses for what a record holds (a validation error) is a data error,
 * never retried, and the sink stays healthy.
 */
public final class KinesisSink implements Sink {
    static final int MAX_RECORDS_PER_CALL = 500;
    static final long MAX_BYTES_PER_CALL = 5L * 1024 * 1024;
    /** Kinesis counts the data blob and the partition key against its 1 MiB record limit. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;
    /** A partition key is 1 to 256 Unicode characters: at most this many bytes of UTF-8. */
    public static final int MAX_PARTITION_KEY_BYTES = 1024;
    /** The largest envelope a record can carry beside the largest partition key. */
    public static final int MAX_PAYLOAD_BYTES = MAX_RECORD_BYTES - MAX_PARTITION_KEY_BYTES;

    private final PartitionKeys keys;
    private final InflightBudget budget;
    private final long lingerNanos;
    private final Semaphore callPermits;
    private final ExecutorService senders;
    private final LinkedBlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private final KinesisClient client;
    private final KinesisCalls calls;
    private final Thread batcher;
    private volatile boolean accepting = true;
    private volatile boolean running = true;

    public KinesisSink(KinesisClient client, String stream, PartitionKey partitionKey, long maxInflightBytes,
                       Duration linger, int maxConcurrentPuts, Duration maxBackoff, MeterRegistry meters) {
        this.client = client;
        this.keys = new PartitionKeys(partitionKey);
        this.budget = new InflightBudget(maxInflightBytes);
        this.lingerNanos = linger.toNanos();
        this.callPermits = new Semaphore(maxConcurrentPuts);
        this.senders = Executors.newFixedThreadPool(maxConcurrentPuts, daemon("kinesis-put"));
        this.calls = new KinesisCalls(client, stream, new KinesisMetrics(meters), maxBackoff.toMillis(), queue::add, () -> running);
        this.batcher = new Thread(this::batchLoop, "kinesis-batcher");
        this.batcher.start();
    }

    @Override
    public int maxRecordBytes() {
        return MAX_PAYLOAD_BYTES;
    }

    @Override
    public InflightBudget budget() {
        return budget;
    }

    @Override
    public CompletableFuture<Void> store(List<SinkRecord> records) {
        long bytes = SinkRecord.bytes(records);
        if (!accepting) {
            budget.release(bytes);
            return CompletableFuture.failedFuture(new SinkUnavailableException("the sink is shutting down", null));
        }
        KinesisRequest request = new KinesisRequest(records.size(), bytes, budget);
        for (int i = 0; i < records.size(); i++) {
            SinkRecord r = records.get(i);
            String key = keys.keyFor(r);
            PutRecordsRequestEntry e = PutRecordsRequestEntry.builder()
                    .data(SdkBytes.fromByteArrayUnsafe(r.payload())).partitionKey(key).build();
            queue.add(new Entry(request, i, e, r.payload().length + key.getBytes(StandardCharsets.UTF_8).length, 0));
        }
        return request.done;
    }

    @Override
    public boolean isHealthy() {
        return running && calls.healthy();
    }

    private void batchLoop() {
        Entry carry = null;
        while (running || !queue.isEmpty() || carry != null) {
            try {
                Entry first = carry != null ? carry : queue.poll(200, TimeUnit.MILLISECONDS);
                carry = null;
                if (first == null) {
                    if (!isHealthy()) calls.probe();
                    continue;
                }
                List<Entry> batch = new ArrayList<>();
                batch.add(first);
                long size = first.size();
                long deadline = System.nanoTime() + lingerNanos;
                while (batch.size() < MAX_RECORDS_PER_CALL) {
                    long wait = deadline - System.nanoTime();
                    Entry next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) break;
                    if (size + next.size() > MAX_BYTES_PER_CALL) {
                        carry = next;
                        break;
                    }
                    batch.add(next);
                    size += next.size();
                }
                callPermits.acquire();
                senders.execute(() -> {
                    try {
                        calls.send(batch);
                    } finally {
                        callPermits.release();
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close(Duration deadline) {
        accepting = false;
        long end = System.nanoTime() + deadline.toNanos();
        while (budget.used() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running = false;
        try {
            batcher.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        calls.close();
        senders.shutdown();
        try {
            senders.awaitTermination(Math.max(0, end - System.nanoTime()) + 1, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
