package dev.clickstream.warehouse.testing;

import dev.clickstream.warehouse.alerts.WebhookChannel;
import dev.clickstream.warehouse.alerts.WebhookSignature;
import io.javalin.Javalin;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook endpoint for the tests: a real Javalin (Jetty) on a random loopback port that checks every request's
 * signature as docs/alerts.md tells receivers to, and keeps the verified payloads. It can refuse the next requests
 * with 503 to exercise retries.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One accepted request. */
    public record Received(JsonNode payload, String alertIdHeader, long nanoTime) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicInteger refuseNext = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final Javalin app;

    public WebhookReceiver(String secret) {
        app = Javalin.create(cfg -> {
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = 0;
            cfg.startup.showJavalinBanner = false;
            cfg.routes.post("/alerts", ctx -> {
                long at = System.nanoTime();
                if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    refused.incrementAndGet();
                    ctx.status(503);
                    return;
                }
                byte[] body = ctx.bodyAsBytes();
                if (!WebhookSignature.verify(ctx.header(WebhookSignature.HEADER), body, secret, Instant.now(), Duration.ofMinutes(5))) {
                    badSignatures.incrementAndGet();
                    ctx.status(401);
                    return;
                }
                received.add(new Received(JSON.readTree(body), ctx.header(WebhookChannel.ALERT_ID_HEADER), at));
                ctx.status(204);
            });
        }).start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + app.port() + "/alerts");
    }

    public List<Received> received() {
        return received;
    }

    public List<JsonNode> payloads(String status) {
        return received.stream().map(Received::payload).filter(p -> status.equals(p.path("status").asString())).toList();
    }

    public int badSignatures() {
        return badSignatures.get();
    }

    public int refused() {
        return refused.get();
    }

    public void refuseNext(int requests) {
        refuseNext.set(requests);
    }

    @Override
    public void close() {
        app.stop();
    }
}
