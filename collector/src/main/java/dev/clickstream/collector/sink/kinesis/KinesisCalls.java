package dev.clickstream.collector.sink.kinesis;

import dev.clickstream.collector.ingest.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One PutRecords call and what follows from its answer, for {@link KinesisSink}: each record with a sequence number
 * settles its request; a failed record, or every record of a failed call, goes back to the sink's queue after an
 * exponential backoff with full jitter; a call Kinesis refuses for what a record holds (a validation error) is never
 * retried: it is bisected until the refused records stand alone, and only those are reported refused. Three calls in
 * a row that fail completely make the sink unhealthy until a call or a probe succeeds.
 */
final class KinesisCalls {
    /** Logged as the sink: an operator filters on one logger for the Kinesis path. */
    private static final Logger LOG = LoggerFactory.getLogger(KinesisSink.class);
    /** Error codes of a call Kinesis refuses for what a record holds, not for its own state: never retried. */
    private static final Set<String> CONTENT_ERRORS = Set.of("ValidationException", "InvalidArgumentException");
    private static final long BASE_BACKOFF_MS = 50;
    private static final int UNHEALTHY_AFTER = 3;

    /** A record of a request on its way: where it goes back to when it fails, and how often it has. */
    record Entry(KinesisRequest request, int index, PutRecordsRequestEntry entry, int size, int attempt) {}

    private final KinesisClient client;
    private final String stream;
    private final KinesisMetrics metrics;
    private final long maxBackoffMs;
    private final Consumer<Entry> requeue;
    private final BooleanSupplier running;
    private final ScheduledExecutorService retries;
    private final AtomicInteger consecutiveFailedCalls = new AtomicInteger();
    private final RateLimitedLog dataErrors = new RateLimitedLog(LOG, "records refused for their content", TimeUnit.SECONDS.toNanos(10));

    KinesisCalls(KinesisClient client, String stream, KinesisMetrics metrics, long maxBackoffMs, Consumer<Entry> requeue,
                 BooleanSupplier running) {
        this.client = client;
        this.stream = stream;
        this.metrics = metrics;
        this.maxBackoffMs = maxBackoffMs;
        this.requeue = requeue;
        this.running = running;
        this.retries = Executors.newSingleThreadScheduledExecutor(KinesisSink.daemon("kinesis-retry"));
    }

    boolean healthy() {
        return consecutiveFailedCalls.get() < UNHEALTHY_AFTER;
    }

    void send(List<Entry> candidates) {
        List<Entry> batch = new ArrayList<>(candidates.size());
        for (Entry e : candidates) {
            if (e.request().done.isDone()) abandon(e);
            else batch.add(e);
        }
        if (batch.isEmpty()) return;
        List<PutRecordsRequestEntry> entries = new ArrayList<>(batch.size());
        for (Entry e : batch) entries.add(e.entry());
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
                batch.get(i).request().stored();
            } else {
                failed++;
                if ("ProvisionedThroughputExceededException".equals(result.errorCode())) metrics.throttled.increment();
                retry(batch.get(i));
            }
        }
        if (failed < batch.size()) {
            if (consecutiveFailedCalls.getAndSet(0) >= UNHEALTHY_AFTER) LOG.info("kinesis accepting records again");
        } else {
            consecutiveFailedCalls.incrementAndGet();
        }
    }

    /** While unhealthy and idle: asks Kinesis for the stream's summary; an answer makes the sink healthy again. */
    void probe() {
        try {
            client.describeStreamSummary(b -> b.streamName(stream));
            if (consecutiveFailedCalls.getAndSet(0) >= UNHEALTHY_AFTER) LOG.info("kinesis reachable again");
        } catch (SdkException e) {
            // still down; readiness stays false
        }
    }

    void close() {
        retries.shutdownNow();
    }

    private void callFailed(List<Entry> batch, SdkException e) {
        metrics.failedCalls.increment();
        if (consecutiveFailedCalls.incrementAndGet() == UNHEALTHY_AFTER) {
            LOG.atWarn().setMessage("kinesis unreachable").addKeyValue("stream", stream).addKeyValue("error", e.toString()).log();
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
            e.request().refused(e.index());
            return;
        }
        send(batch.subList(0, batch.size() / 2));
        send(batch.subList(batch.size() / 2, batch.size()));
    }

    private void retry(Entry e) {
        if (e.request().done.isDone() || !running.getAsBoolean()) {
            abandon(e);
            return;
        }
        metrics.retried.increment();
        int attempt = e.attempt() + 1;
        long cap = Math.min(maxBackoffMs, BASE_BACKOFF_MS << Math.min(attempt, 20));
        long delay = ThreadLocalRandom.current().nextLong(cap + 1);
        retries.schedule(() -> requeue.accept(new Entry(e.request(), e.index(), e.entry(), e.size(), attempt)), delay, TimeUnit.MILLISECONDS);
    }

    private void abandon(Entry e) {
        metrics.abandoned.increment();
        e.request().abandoned();
    }
}
