package dev.clickstream.collector.http;

import dev.clickstream.collector.lifecycle.RequestGate;
import dev.clickstream.collector.metrics.CollectorMetrics;
import dev.clickstream.collector.sink.Sink;
import io.javalin.http.Context;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Liveness, readiness and Prometheus metrics. */
final class OpsHandlers {
    private final Sink sink;
    private final RequestGate gate;
    private final CollectorMetrics metrics;

    OpsHandlers(Sink sink, RequestGate gate, CollectorMetrics metrics) {
        this.sink = sink;
        this.gate = gate;
        this.metrics = metrics;
    }

    void health(Context ctx) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("status", "up");
        Responses.json(ctx, 200, body);
    }

    void ready(Context ctx) {
        if (gate.draining()) {
            Responses.error(ctx, ApiError.unavailable("shutting_down", "The collector is shutting down.", 1));
        } else if (!sink.isHealthy()) {
            Responses.error(ctx, ApiError.unavailable("sink_unavailable", "The sink cannot accept records.", 1));
        } else {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("status", "ready");
            Responses.json(ctx, 200, body);
        }
    }

    void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }
}
