package dev.clickstream.collector.http;

import io.javalin.http.Context;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

/** The API's two response shapes. Success is exactly {@code {"success":true}}: analytics-java re-sends on an empty body. */
public final class Responses {
    private static final byte[] SUCCESS = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String JSON_TYPE = "application/json";

    private Responses() {}

    public static void success(Context ctx) {
        ctx.status(200).contentType(JSON_TYPE).result(SUCCESS);
    }

    public static void error(Context ctx, ApiError e) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("success", false);
        body.put("code", e.code());
        body.put("message", e.getMessage());
        if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
            ctx.header("X-RateLimit-Reset", Integer.toString(e.retryAfterSeconds()));
        }
        ctx.status(e.status()).contentType(JSON_TYPE).result(JSON.writeValueAsBytes(body));
    }

    public static void json(Context ctx, int status, ObjectNode body) {
        ctx.status(status).contentType(JSON_TYPE).result(JSON.writeValueAsBytes(body));
    }
}
