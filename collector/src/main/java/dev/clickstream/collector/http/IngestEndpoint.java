package dev.clickstream.collector.http;

import dev.clickstream.collector.auth.Source;
import dev.clickstream.collector.ingest.IngestService.Outcome;
import dev.clickstream.collector.ingest.RequestInfo;
import dev.clickstream.collector.sink.SinkOverloadedException;
import dev.clickstream.collector.sink.SinkUnavailableException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The shared shape of the ingest endpoints: gate; refuse what the headers already condemn (an unknown write key in
 * the Authorization header, a Content-Length over the limit) before reading anything; receive the body without holding
 * a thread; parse, authenticate, ingest; then answer 200 only after the sink has made every record durable.
 * Subclasses say how a body becomes messages.
 */
abstract class IngestEndpoint implements Handler {
    private static final Logger LOG = LoggerFactory.getLogger(IngestEndpoint.class);
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
        Instant receivedAt = Instant.now();
        String ip = deps.clientAddress().resolve(ctx.req().getRemoteAddr(), headers(ctx, "X-Forwarded-For"),
                headers(ctx, "Forwarded"));
        BodyReader.Plan plan;
        String authorization = ctx.header("Authorization");
        try {
            // everything the headers can decide is decided before one byte of the body is read
            deps.rateLimit().checkIp(ip);
            plan = deps.bodies().plan(ctx.header("Content-Encoding"), ctx.req().getContentLengthLong(),
                    bodyLimit(), tooLargeCode());
            Source headerSource = deps.keys().fromHeader(authorization).orElse(null);
            if (headerSource != null) {
                ctx.attribute(SOURCE_ATTR, headerSource.name());
                deps.cors().checkSource(ctx, headerSource);
            }
            deps.gate().enter();
        } catch (ApiError refused) {
            ctx.future(() -> deps.bodies().drain(ctx.req(), refused, deps.gate().draining()).handle((ignored, error) -> {
                answer(ctx, null, error);
                return null;
            }));
            return;
        }
        boolean handedOff = false;
        try {
            ctx.future(() -> receiveAndStore(ctx, plan, authorization, receivedAt, ip).handle((outcome, error) -> {
                try {
                    answer(ctx, outcome, error);
                } finally {
                    deps.gate().exit();
                }
                return null;
            }));
            handedOff = true;
        } finally {
            if (!handedOff) deps.gate().exit();
        }
    }

    /** Runs once async has started: the body arrives without holding a thread, then is parsed and handed to the sink. */
    private CompletableFuture<Outcome> receiveAndStore(Context ctx, BodyReader.Plan plan, String authorization, Instant receivedAt,
                                                       String ip) {
        try {
            return deps.bodies().read(ctx.req(), plan).thenCompose(raw -> store(ctx, plan, raw, authorization, receivedAt, ip));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Outcome> store(Context ctx, BodyReader.Plan plan, byte[] raw, String authorization, Instant receivedAt,
                                             String ip) {
        try {
            byte[] body = deps.bodies().decode(raw, plan);
            Parsed parsed = parse(ctx, body);
            Source source = deps.keys().resolve(authorization, parsed.bodyKeys());
            ctx.attribute(SOURCE_ATTR, source.name());
            deps.cors().checkSource(ctx, source);
            deps.rateLimit().checkSource(source.name());
            RequestInfo info = new RequestInfo(receivedAt, ip, parsed.batchContext(), parsed.batchIntegrations(),
                    parsed.batchSentAt());
            boolean checkEachSize = !singleMessage() && body.length > deps.maxMessageBytes();
            return deps.ingest().ingest(endpoint(), source, parsed.messages(), info, checkEachSize);
        } catch (ApiError | SinkOverloadedException | SinkUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Unexpected(e); // a fault here is the collector's own (500), not the sink's (503)
        }
    }

    /** A failure of the collector itself, before the sink had the records. */
    private static final class Unexpected extends RuntimeException {
        Unexpected(RuntimeException cause) {
            super(cause);
        }
    }

    private void answer(Context ctx, Outcome outcome, Throwable error) {
        String source = ctx.attribute(SOURCE_ATTR);
        if (source == null) source = "unknown";
        if (error != null) {
            ApiError e = toApiError(error);
            if (Boolean.TRUE.equals(ctx.req().getAttribute(BodyRead.UNREAD_ATTR))) ctx.header("Connection", "close");
            deps.metrics().rejection(e.code());
            deps.metrics().request(endpoint(), source, outcomeLabel(e.status()));
            Responses.error(ctx, e);
            return;
        }
        deps.metrics().events(endpoint(), source, "accepted", outcome.accepted());
        deps.metrics().events(endpoint(), source, "rejected", outcome.rejected());
        if (singleMessage() && outcome.firstRejection() != null) {
            deps.metrics().request(endpoint(), source, "rejected");
            Responses.error(ctx, ApiError.badRequest(outcome.firstRejection().code(), outcome.firstRejection().message()));
            return;
        }
        deps.metrics().request(endpoint(), source, "ok");
        Responses.success(ctx);
    }

    private ApiError toApiError(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ApiError e) return e; // a final answer decided after the sink replied (400 record_refused)
        int retry = deps.retryAfterSeconds();
        if (cause instanceof SinkOverloadedException) {
            return ApiError.unavailable("sink_overloaded", "The collector is at capacity; retry later.", retry);
        }
        if (cause instanceof TimeoutException) {
            return ApiError.unavailable("sink_timeout", "The events were not stored in time; retry later.", retry);
        }
        if (cause instanceof Unexpected u) {
            LOG.atError().setMessage("unhandled error").addKeyValue("endpoint", endpoint())
                    .addKeyValue("error", u.getCause().toString()).setCause(u.getCause()).log();
            return new ApiError(500, "internal_error", "The collector failed on this request.");
        }
        return ApiError.unavailable("sink_unavailable", "The events could not be stored; retry later.", retry);
    }

    /**
     * The {@code outcome} of {@code collector_requests_total}: a client over the optional rate limit (429) is told
     * apart from a sink or collector that cannot take the request (503), so an operator sees which one is refusing.
     */
    static String outcomeLabel(int status) {
        if (status < 300) return "ok";
        if (status == 429) return "rate_limited";
        if (status == 503) return "unavailable";
        if (status < 500) return "rejected";
        return "error";
    }

    /** Every line of a header, in the order received (proxies may add lines rather than append to one). */
    private static List<String> headers(Context ctx, String name) {
        Enumeration<String> lines = ctx.req().getHeaders(name);
        return lines == null ? List.of() : Collections.list(lines);
    }
}
