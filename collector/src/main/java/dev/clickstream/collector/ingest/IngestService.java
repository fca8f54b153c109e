package dev.clickstream.collector.ingest;

import dev.clickstream.collector.auth.Source;
import dev.clickstream.collector.http.ApiError;
import dev.clickstream.collector.metrics.CollectorMetrics;
import dev.clickstream.collector.sink.InflightBudget;
import dev.clickstream.collector.sink.Sink;
import dev.clickstream.collector.sink.SinkOverloadedException;
import dev.clickstream.collector.sink.SinkRecord;
import dev.clickstream.collector.sink.SinkRecordsRefusedException;
import dev.clickstream.collector.validation.Rejection;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Validates and enriches the messages of one request and hands all of them to the sink: accepted ones as events,
 * invalid ones as rejection records, so one bad message never fails the good ones. The future completes when
 * every record is durable, or fails (timeout, overload, sink error); it never completes early.
 *
 * <p>Memory a client controls is bounded before it is spent: the batch-level context (copied into every message)
 * is capped, and each record's bytes are reserved on the sink's in-flight budget as soon as the record exists, so
 * a request holds at most its own limit and all requests together at most the budget. A request that could never
 * fit is refused with 400; one that does not fit now gets 503.
 */
public final class IngestService {
    public record Outcome(int accepted, int rejected, Rejection firstRejection) {}

    /**
     * @param maxBatchContextBytes largest batch-level context plus integrations, as JSON
     * @param maxRequestBytes      largest total of one request's records (also bounded by the sink's budget)
     */
    public record Limits(int maxBatchContextBytes, long maxRequestBytes) {}

    private final RecordBuilder builder;
    private final JsonCodec json;
    private final Sink sink;
    private final CollectorMetrics metrics;
    private final Duration deadline;
    private final int maxBatchContextBytes;
    private final long maxRequestBytes;

    public IngestService(RecordBuilder builder, JsonCodec json, Sink sink, CollectorMetrics metrics, Duration deadline,
                         Limits limits) {
        this.builder = builder;
        this.json = json;
        this.sink = sink;
        this.metrics = metrics;
        this.deadline = deadline;
        this.maxBatchContextBytes = limits.maxBatchContextBytes();
        this.maxRequestBytes = Math.min(limits.maxRequestBytes(), sink.budget().max());
    }

    /**
     * @param checkEachSize whether messages may exceed the per-message limit (a batch body larger than that limit)
     * @throws ApiError 400 when the request can never be stored: its batch context or its records are too large
     */
    public CompletableFuture<Outcome> ingest(String endpoint, Source source, List<JsonNode> messages,
                                             RequestInfo request, boolean checkEachSize) {
        long contextBytes = batchContextBytes(request);
        if (contextBytes * messages.size() > maxRequestBytes) throw enrichedTooLarge();
        InflightBudget budget = sink.budget();
        List<SinkRecord> records = new ArrayList<>(messages.size());
        // what a refused record's replacement needs, kept instead of the messages (their trees may go) or the payloads
        String[] types = new String[messages.size()];
        long held = 0;
        int accepted = 0;
        Rejection first = null;
        for (int i = 0; i < messages.size(); i++) {
            RecordBuilder.Built built = builder.build(messages.get(i), source, request, checkEachSize);
            long bytes = built.record().payload().length;
            if (held + bytes > maxRequestBytes) {
                budget.release(held);
                throw enrichedTooLarge();
            }
            if (!budget.tryReserve(bytes)) {
                budget.release(held);
                if (exceedsRequestLimit(held + bytes, messages.subList(i + 1, messages.size()), source, request, checkEachSize)) {
                    throw enrichedTooLarge();
                }
                return CompletableFuture.failedFuture(new SinkOverloadedException("in-flight bytes at the limit"));
            }
            held += bytes;
            records.add(built.record());
            types[i] = built.type();
            if (built.rejection() == null) {
                accepted++;
            } else {
                if (first == null) first = built.rejection();
                metrics.rejection(built.rejection().code());
            }
        }
        Outcome outcome = new Outcome(accepted, messages.size() - accepted, first);
        if (records.isEmpty()) return CompletableFuture.completedFuture(outcome);

        String[] ids = new String[records.size()];
        boolean[] events = new boolean[records.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = records.get(i).messageId();
            events[i] = !records.get(i).rejection();
        }
        long start = System.nanoTime();
        return sink.store(records)
                .thenApply(v -> outcome)
                .exceptionallyCompose(e -> unwrap(e) instanceof SinkRecordsRefusedException r
                        ? storeRefused(r, ids, types, events, source, request, outcome)
                        : CompletableFuture.failedFuture(e))
                .orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> metrics.sinkLatency(Duration.ofNanos(System.nanoTime() - start)));
    }

    /**
     * The sink stored the request's other records and refused these for their content: store a rejection record
     * without the message text in place of each, or, should even that be refused, answer 400.
     */
    private CompletableFuture<Outcome> storeRefused(SinkRecordsRefusedException e, String[] ids, String[] types,
                                                    boolean[] events, Source source, RequestInfo request, Outcome outcome) {
        Rejection why = new Rejection("record_refused", "The sink refused the record for its content (" + e.reason() + ").");
        List<SinkRecord> replacements = new ArrayList<>(e.refused().size());
        int refusedEvents = 0;
        for (int i : e.refused()) {
            if (events[i]) refusedEvents++;
            replacements.add(builder.refused(ids[i], types[i], why, source, request));
            metrics.rejection(why.code());
        }
        if (!sink.budget().tryReserve(SinkRecord.bytes(replacements))) {
            return CompletableFuture.failedFuture(new SinkOverloadedException("in-flight bytes at the limit"));
        }
        Outcome adjusted = new Outcome(outcome.accepted() - refusedEvents, outcome.rejected() + refusedEvents,
                outcome.firstRejection() != null ? outcome.firstRejection() : why);
        return sink.store(replacements).handle((v, error) -> {
            if (error == null) return adjusted;
            if (unwrap(error) instanceof SinkRecordsRefusedException) {
                throw ApiError.badRequest(why.code(), "The sink refused a record for its content, and its rejection record too.");
            }
            throw error instanceof CompletionException c ? c : new CompletionException(error);
        });
    }

    /**
     * The budget is full: tell a request that could never fit (400) from one that does not fit now (503), by sizing
     * the rest of its records one at a time without keeping them.
     */
    private boolean exceedsRequestLimit(long bytes, List<JsonNode> rest, Source source, RequestInfo request, boolean checkEachSize) {
        for (JsonNode m : rest) {
            if (bytes > maxRequestBytes) return true;
            bytes += builder.build(m, source, request, checkEachSize).record().payload().length;
        }
        return bytes > maxRequestBytes;
    }

    private long batchContextBytes(RequestInfo request) {
        long bytes = json.size(request.batchContext(), maxBatchContextBytes);
        bytes += json.size(request.batchIntegrations(), maxBatchContextBytes - bytes);
        if (bytes > maxBatchContextBytes) {
            throw ApiError.badRequest("batch_context_too_large", "The batch-level context and integrations exceed "
                    + maxBatchContextBytes + " bytes (they are copied into every message).");
        }
        return bytes;
    }

    private ApiError enrichedTooLarge() {
        return ApiError.badRequest("enriched_batch_too_large", "The request's messages, enriched and with the batch context "
                + "copied into each, exceed " + maxRequestBytes + " bytes.");
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
