package dev.clickstream.collector.http;

import dev.clickstream.collector.auth.Source;
import dev.clickstream.collector.ingest.IngestService.Outcome;
import dev.clickstream.collector.ingest.RequestInfo;
import dev.clickstream.collector.sink.SinkOverloadedException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The shared shape of the ingest endpoints: gate, read, parse, authenticate, ingest, then answer 200 only
 * after the sink has made every record durable. Subclasses say how a body becomes messages.
 */
abstract class IngestEndpoint implements Handler {
    static final String ENDPOINT_ATTR = "clickstream.endpoint";
    static final String SOURCE_ATTR = "clickstream.source";

    protected final IngestDeps deps;

    IngestEndpoint(IngestDeps deps) {
        this.deps = deps;
    }

    /** The metrics label of this endpoint family. */
    protected abstract String endpoint();

    /** Parses the body into its messages, batch-level fields and body write keys. */
    protected abstract Parsed parse(Context ctx, byte[] body);

    protected abstract int bodyLimit();

    protected abstract String tooLargeCode();

    /** Whether a request with a rejected message as its only message fails as a whole (single-message calls). */
    protected abstract boolean singleMessage();

    record Parsed(List<JsonNode> messages, JsonNode batchContext, JsonNode batchIntegrations, String batchSentAt,
                  Collection<String> bodyKeys) {}

    @Override
    public final void handle(Context ctx) {
        ctx.attribute(ENDPOINT_ATTR, endpoint());
        String ip = deps.clientAddress().resolve(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
        deps.rateLimit().checkIp(ip);
        deps.gate().enter();
        boolean handedOff = false;
        try {
            Instant receivedAt = Instant.now();
            byte[] body = deps.bodies().read(input(ctx), ctx.header("Content-Encoding"), bodyLimit(), tooLargeCode());
            Parsed parsed = parse(ctx, body);
            Source source = deps.keys().resolve(ctx.header("Authorization"), parsed.bodyKeys());
            ctx.attribute(SOURCE_ATTR, source.name());
            deps.cors().checkSource(ctx, source);
            deps.rateLimit().checkSource(source.name());
            RequestInfo info = new RequestInfo(receivedAt, ip, parsed.batchContext(), parsed.batchIntegrations(),
                    parsed.batchSentAt());
            boolean checkEachSize = !singleMessage() && body.length > deps.maxMessageBytes();
            CompletableFuture<Outcome> stored = deps.ingest().ingest(endpoint(), source, parsed.messages(), info, checkEachSize);
            handedOff = true;
            ctx.future(() -> stored.handle((outcome, error) -> {
                try {
                    answer(ctx, source, outcome, error);
                } finally {
                    deps.gate().exit();
                }
                return null;
            }));
        } finally {
            if (!handedOff) deps.gate().exit();
        }
    }

    private void answer(Context ctx, Source source, Outcome outcome, Throwable error) {
        if (error != null) {
            ApiError e = toApiError(error);
            deps.metrics().rejection(e.code());
            deps.metrics().request(endpoint(), source.name(), outcomeLabel(e.status()));
            Responses.error(ctx, e);
            return;
        }
        deps.metrics().events(endpoint(), source.name(), "accepted", outcome.accepted());
        deps.metrics().events(endpoint(), source.name(), "rejected", outcome.rejected());
        if (singleMessage() && outcome.firstRejection() != null) {
            deps.metrics().request(endpoint(), source.name(), "rejected");
            Responses.error(ctx, ApiError.badRequest(outcome.firstRejection().code(), outcome.firstRejection().message()));
            return;
        }
        deps.metrics().request(endpoint(), source.name(), "ok");
        Responses.success(ctx);
    }

    private ApiError toApiError(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        int retry = deps.retryAfterSeconds();
        if (cause instanceof SinkOverloadedException) {
            return ApiError.unavailable("sink_overloaded", "The collector is at capacity; retry later.", retry);
        }
        if (cause instanceof TimeoutException) {
            return ApiError.unavailable("sink_timeout", "The events were not stored in time; retry later.", retry);
        }
        return ApiError.unavailable("sink_unavailable", "The events could not be stored; retry later.", retry);
    }

    static String outcomeLabel(int status) {
        if (status < 300) return "ok";
        if (status == 429 || status == 503) return "unavailable";
        if (status < 500) return "rejected";
        return "error";
    }

    private static InputStream input(Context ctx) {
        try {
            return ctx.req().getInputStream();
        } catch (IOException e) {
            throw ApiError.badRequest("unreadable_body", "The request body could not be read.");
        }
    }
}
