package dev.clickstream.collector.sink.kinesis;

import dev.clickstream.collector.config.CollectorKeys.PartitionKey;
import dev.clickstream.collector.sink.Sink;
import dev.clickstream.collector.ingest.RateLimitedLog;
import dev.clickstream.collector.sink.InflightBudget;
import dev.clickstream.collector.sink.SinkRecord;
import dev.clickstream.collector.sink.SinkUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers envelopes to a Kinesis data stream, one plain-JSON record each (no KPL aggregation: Redshift cannot read
 * it). One PutRecords call carries records of many requests, up to 500 records and 5 MiB, after a short linger.
 * Failed records are retried one by one with exponential backoff and full jitter; a request's future completes only
 * when every one of its records has a sequence number. Records of a request that was already answered (503 after its
 * deadline) are not retried further: the client re-sends them, and downstream dedup on message_id absorbs repeats.
 * A call Kinesis refuses for what a record holds (a validation error) is a data error, never retried: the call is
 * bisected until the refused records stand alone, and only those are reported refused; the sink stays healthy.
 */
public final class KinesisSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisSink.class);
    static final int MAX_RECORDS_PER_CALL = 500;
    static final long MAX_BYTES_PER_CALL = 5L * 1024 * 1024;
    /** Kinesis counts the data blob and the partition key against its 1 MiB record limit. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;
    /** A partition key is 1 to 256 Unicode characters: at most this many bytes of UTF-8. */
    public static final int MAX_PARTITION_KEY_BYTES = 1024;
    /** Error codes of a call Kinesis refuses for what a record holds, not for its own state: never retried. */
    private static final Set<String> CONTENT_ERRORS = Set.of("ValidationException", "InvalidArgumentException");
    private static final long BASE_BACKOFF_MS = 50;

    private record Entry(KinesisRequest request, int index, PutRecordsRequestEntry entry, int size, int attempt) {}

    private final KinesisClient client;
    private final String stream;
    private final PartitionKeys keys;
    private final InflightBudget budget;
    private final long lingerNanos;
    private final long maxBackoffMs;
    private final Semaphore callPermits;
    private final ExecutorService senders;
    private final ScheduledExecutorService retries;
    private final LinkedBlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger consecutiveFailedCalls = new AtomicInteger();
    private final KinesisMetrics metrics;
    private final RateLimitedLog dataErrors = new RateLimitedLog(LOG, "records refused for their content", TimeUnit.SECONDS.toNanos(10));
    private final Thread batcher;
    private volatile boolean accepting = true;
    private volatile boolean running = true;

    public KinesisSink(KinesisClient client, String stream, PartitionKey partitionKey, long maxInflightBytes,
                       Duration linger, int maxConcurrentPuts, Duration maxBackoff, MeterRegistry meters) {
        this.client = client;
        this.stream = stream;
        this.keys = new PartitionKeys(partitionKey);
        this.budget = new InflightBudget(maxInflightBytes);
        this.lingerNanos = linger.toNanos();
        this.maxBackoffMs = maxBackoff.toMillis();
        this.callPermits = new Semaphore(maxConcurrentPuts);
        this.senders = Executors.newFixedThreadPool(maxConcurrentPuts, daemon("kinesis-put"));
        this.retries = Executors.newSingleThreadScheduledExecutor(daemon("kinesis-retry"));
        this.metrics = new KinesisMetrics(meters);
        this.batcher = new Thread(this::batchLoop, "kinesis-batcher");
        this.batcher.start();
    }

    @Override
    public int maxRecordBytes() {
        return MAX_RECORD_BYTES - MAX_PARTITION_KEY_BYTES;
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
        return running && consecutiveFailedCalls.get() < 3;
    }

    private void batchLoop() {
        Entry carry = null;
        while (running || !queue.isEmpty() || carry != null) {
            try {
                Entry first = carry != null ? carry : queue.poll(200, TimeUnit.MILLISECONDS);
                carry = null;
                if (first == null) {
                    if (!isHealthy()) probe();
                    continue;
                }
                List<Entry> batch = new ArrayList<>();
                batch.add(first);
                long size = first.size;
                long deadline = System.nanoTime() + lingerNanos;
                while (batch.size() < MAX_RECORDS_PER_CALL) {
                    long wait = deadline - System.nanoTime();
                    Entry next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) break;
                    if (size + next.size > MAX_BYTES_PER_CALL) {
                        carry = next;
                        break;
                    }
                    batch.add(next);
                    size += next.size;
                }
                callPermits.acquire();
                senders.execute(() -> {
                    try {
                        send(batch);
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

    private void send(List<Entry> candidates) {
        List<Entry> batch = new ArrayList<>(candidates.size());
        for (Entry e : candidates) {
            if (e.request.done.isDone()) abandon(e);
            else batch.add(e);
        }
        if (batch.isEmpty()) return;
        List<PutRecordsRequestEntry> entries = new ArrayList<>(batch.size());
        for (Entry e : batch) entries.add(e.entry);
        metrics.batchRecords.record(batch.size());
        PutRecordsResponse response = null;
        SdkException failure = null;
        long start = System.nanoTime();
        try {
            response = client.putRecords(b -> b.streamName(stream).records(entries));
        } catch (SdkException e) {
            failure = e;
        }
        metrics.putLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (failure instanceof AwsServiceException refusal && isContentError(refusal)) {
            refusedCall(batch, refusal.awsErrorDetails().errorCode());
            return;
        }
        if (failure != null) {
            callFailed(batch, failure);
            return;
        }
        List<PutRecordsResultEntry> results = response.records();
        int failed = 0;
        for (int i = 0; i < batch.size(); i++) {
            PutRecordsResultEntry result = results.get(i);
            if (result.errorCode() == null && result.sequenceNumber() != null) {
                metrics.put.increment();
                ack(batch.get(i));
            } else {
                failed++;
                if ("ProvisionedThroughputExceededException".equals(result.errorCode())) metrics.throttled.increment();
                retry(batch.get(i));
            }
        }
        if (failed < batch.size()) {
            if (consecutiveFailedCalls.getAndSet(0) >= 3) LOG.info("kinesis accepting records again");
        } else {
            consecutiveFailedCalls.incrementAndGet();
        }
    }

    private void callFailed(List<Entry> batch, SdkException e) {
        metrics.failedCalls.increment();
        if (consecutiveFailedCalls.incrementAndGet() == 3) {
            LOG.atWarn().setMessage("kinesis unreachable").addKeyValue("stream", stream).addKeyValue("error", e.getClass().getSimpleName()).log();
        }
        batch.forEach(this::retry);
    }

    private static boolean isContentError(AwsServiceException e) {
        return e.statusCode() == 400 && e.awsErrorDetails() != null && CONTENT_ERRORS.contains(e.awsErrorDetails().errorCode());
    }

    /**
     * Kinesis refused the whole call for what some record holds: bisect the call until the refused records stand
     * alone, then refuse them. Neither the sink's health nor the other records are touched.
     */
    private void refusedCall(List<Entry> batch, String code) {
        if (batch.size() == 1) {
            Entry e = batch.get(0);
            metrics.refused.increment();
            dataErrors.warn(code, 1);
            e.request.refused(e.index);
            return;
        }
        send(batch.subList(0, batch.size() / 2));
        send(batch.subList(batch.size() / 2, batch.size()));
    }

    private void retry(Entry e) {
        if (e.request.done.isDone() || !running) {
            abandon(e);
            return;
        }
        metrics.retried.increment();
        int attempt = e.attempt + 1;
        long cap = Math.min(maxBackoffMs, BASE_BACKOFF_MS << Math.min(attempt, 20));
        long delay = ThreadLocalRandom.current().nextLong(cap + 1);
        retries.schedule(() -> queue.add(new Entry(e.request, e.index, e.entry, e.size, attempt)), delay, TimeUnit.MILLISECONDS);
    }

    private void ack(Entry e) {
        e.request.stored();
    }

    private void abandon(Entry e) {
        metrics.abandoned.increment();
        e.request.abandoned();
    }

    private void probe() {
        try {
            client.describeStreamSummary(b -> b.streamName(stream));
            if (consecutiveFailedCalls.getAndSet(0) >= 3) LOG.info("kinesis reachable again");
        } catch (SdkException e) {
            // still down; readiness stays false
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
        retries.shutdownNow();
        senders.shutdown();
        try {
            senders.awaitTermination(Math.max(0, end - System.nanoTime()) + 1, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
