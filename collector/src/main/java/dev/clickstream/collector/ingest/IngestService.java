package dev.clickstream.collector.ingest;

import dev.clickstream.collector.auth.Source;
import dev.clickstream.collector.enrich.EnvelopeBuilder;
import dev.clickstream.collector.enrich.RejectionBuilder;
import dev.clickstream.collector.metrics.CollectorMetrics;
import dev.clickstream.collector.sink.Sink;
import dev.clickstream.collector.sink.SinkRecord;
import dev.clickstream.collector.validation.MessageValidator;
import dev.clickstream.collector.validation.Rejection;
import dev.clickstream.collector.validation.Verdict;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Validates and enriches the messages of one request and hands all of them to the sink: accepted ones as events,
 * invalid ones as rejection records, so one bad message never fails the good ones. The future completes when
 * every record is durable, or fails (timeout, overload, sink error); it never completes early.
 */
public final class IngestService {
    public record Outcome(int accepted, int rejected, Rejection firstRejection) {}

    private final MessageValidator validator;
    private final EnvelopeBuilder envelopes;
    private final RejectionBuilder rejections;
    private final JsonCodec json;
    private final Sink sink;
    private final CollectorMetrics metrics;
    private final Duration deadline;
    private final int maxMessageBytes;

    public IngestService(MessageValidator validator, EnvelopeBuilder envelopes, RejectionBuilder rejections,
                         JsonCodec json, Sink sink, CollectorMetrics metrics, Duration deadline, int maxMessageBytes) {
        this.validator = validator;
        this.envelopes = envelopes;
        this.rejections = rejections;
        this.json = json;
        this.sink = sink;
        this.metrics = metrics;
        this.deadline = deadline;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * @param checkEachSize whether messages may exceed the per-message limit (a batch body larger than that limit)
     */
    public CompletableFuture<Outcome> ingest(String endpoint, Source source, List<JsonNode> messages,
                                             RequestInfo request, boolean checkEachSize) {
        List<SinkRecord> records = new ArrayList<>(messages.size());
        int accepted = 0;
        Rejection first = null;
        for (JsonNode m : messages) {
            Rejection rejection = null;
            if (!m.isObject()) {
                rejection = new Rejection("invalid_message", "A message must be a JSON object.");
            } else if (checkEachSize && json.write(m).length > maxMessageBytes) {
                rejection = new Rejection("message_too_large", "The message exceeds " + maxMessageBytes + " bytes.");
            } else {
                ObjectNode msg = (ObjectNode) m;
                Verdict verdict = validator.validate(msg, source);
                if (verdict.accepted()) {
                    ObjectNode env = envelopes.build(msg, source, request, verdict.violations());
                    byte[] payload = json.write(env);
                    if (payload.length <= sink.maxRecordBytes()) {
                        records.add(new SinkRecord(env.get("message_id").stringValue(), text(env, "anonymous_id"),
                                text(env, "user_id"), payload, false));
                        accepted++;
                        continue;
                    }
                    rejection = new Rejection("record_too_large",
                            "The envelope is " + payload.length + " bytes; the sink takes at most " + sink.maxRecordBytes() + ".");
                } else {
                    rejection = verdict.rejection();
                }
            }
            if (first == null) first = rejection;
            metrics.rejection(rejection.code());
            ObjectNode rej = rejections.build(m, rejection, source, request.receivedAt());
            records.add(new SinkRecord(text(rej, "message_id"), null, null, json.write(rej), true));
        }
        int rejected = messages.size() - accepted;
        Outcome outcome = new Outcome(accepted, rejected, first);
        if (records.isEmpty()) return CompletableFuture.completedFuture(outcome);

        long start = System.nanoTime();
        return sink.store(records)
                .orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> metrics.sinkLatency(Duration.ofNanos(System.nanoTime() - start)))
                .thenApply(v -> outcome);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }
}
