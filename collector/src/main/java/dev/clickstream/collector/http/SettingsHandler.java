package dev.clickstream.collector.http;

import dev.clickstream.collector.auth.Source;
import dev.clickstream.collector.auth.SourceRegistry;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.function.Supplier;

/**
 * {@code GET /v1/projects/{writeKey}/settings}: the Kotlin and Swift SDKs replace their upload host with
 * {@code integrations["Segment.io"].apiHost} from this answer, so it must name this collector (host[:port]/v1, no scheme).
 * An unknown key gets 401, as on the ingest paths.
 */
final class SettingsHandler implements Handler {
    private final SourceRegistry registry;
    private final Supplier<String> publicHost;

    SettingsHandler(SourceRegistry registry, Supplier<String> publicHost) {
        this.registry = registry;
        this.publicHost = publicHost;
    }

    @Override
    public void handle(Context ctx) {
        String key = ctx.pathParam("writeKey");
        Source source = registry.authenticate(key)
                .orElseThrow(() -> new ApiError(401, "invalid_write_key", "The write key is not known to this collector."));
        ctx.attribute(IngestEndpoint.SOURCE_ATTR, source.name());
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode segment = f.objectNode();
        segment.put("apiKey", key);
        segment.put("apiHost", publicHost.get() + "/v1");
        ObjectNode integrations = f.objectNode();
        integrations.set("Segment.io", segment);
        ObjectNode body = f.objectNode();
        body.set("integrations", integrations);
        body.set("plan", f.objectNode());
        body.set("edgeFunction", f.objectNode());
        Responses.json(ctx, 200, body);
    }
}
