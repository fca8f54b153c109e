package dev.clickstream.benchmark.load;

import io.javalin.Javalin;

/**
 * The ceiling: a bare Javalin endpoint on the same Jetty that reads the body and answers {@code 200 {"success":true}},
 * with none of the collector's work (no auth, parsing, validation, storage). The collector's throughput is reported
 * as a ratio to this.
 */
public final class BareServer {
    private BareServer() {}

    public static Javalin start(String host, int port) {
        return Javalin.create(cfg -> {
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/health", ctx -> ctx.result("ok"));
            cfg.routes.post("/v1/{type}", ctx -> {
                ctx.bodyAsBytes();
                ctx.contentType("application/json").result("{\"success\":true}");
            });
        }).start();
    }
}
