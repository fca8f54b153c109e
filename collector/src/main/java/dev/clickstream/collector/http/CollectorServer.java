package dev.clickstream.collector.http;

import dev.clickstream.collector.auth.SourceRegistry;
import dev.clickstream.collector.lifecycle.RequestGate;
import dev.clickstream.collector.metrics.CollectorMetrics;
import dev.clickstream.collector.sink.Sink;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP surface: Segment's Tracking API paths, the mobile settings endpoint and analytics.js on the API listener;
 * {@code /health}, {@code /ready} and {@code /metrics} on a separate operations listener ({@link OpsServer}), which
 * keeps answering however the API listener is loaded and is never exposed where the API is.
 */
public final class CollectorServer {
    private static final Logger LOG = LoggerFactory.getLogger(CollectorServer.class);

    /** Single-message paths, long and short (analytics.js), to the type they imply. */
    public static final Map<String, String> SINGLE_PATHS = singlePaths();
    public static final List<String> BATCH_PATHS = List.of("/v1/batch", "/v1/import", "/v1/import/", "/v1/b");
    public static final String SETTINGS_PATH = "/v1/projects/{writeKey}/settings";
    public static final String BROWSER_METRICS_PATH = "/v1/m";
    /** On the operations listener: liveness (the process answers), readiness (it can store: not draining, sink healthy), Prometheus. */
    public static final String HEALTH_PATH = "/health";
    public static final String READY_PATH = "/ready";
    public static final String METRICS_PATH = "/metrics";

    public record Options(String host, int port, int maxThreads, int maxConnections, long idleTimeoutMs, String publicHost,
                          String opsHost, int opsPort) {}

    private final Javalin app;
    private final OpsServer ops;
    private final Options options;
    private final BodyReader bodies;

    public CollectorServer(Options options, IngestDeps deps, SourceRegistry registry, Sink sink, RequestGate gate,
                           CollectorMetrics metrics) {
        this.options = options;
        this.bodies = deps.bodies();
        this.ops = new OpsServer(options.opsHost(), options.opsPort(), new OpsHandlers(sink, gate, metrics));
        BatchHandler batch = new BatchHandler(deps);
        SettingsHandler settings = new SettingsHandler(registry, this::publicHost);
        Cors cors = deps.cors();
        this.app = Javalin.create(cfg -> configure(cfg, options, deps, cors, batch, settings, metrics));
    }

    private static void configure(JavalinConfig cfg, Options options, IngestDeps deps, Cors cors,
                                  BatchHandler batch, SettingsHandler settings, CollectorMetrics metrics) {
        QueuedThreadPool threads = new QueuedThreadPool(options.maxThreads(), Math.min(8, options.maxThreads()));
        threads.setName("api");
        cfg.jetty.threadPool = threads;
        cfg.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(options.host());
            connector.setPort(options.port());
            connector.setIdleTimeout(options.idleTimeoutMs());
            return connector;
        });
        // past this many open connections Jetty stops accepting; the rest wait in the backlog, not in our heap
        cfg.jetty.modifyServer(server -> server.addBean(new NetworkConnectionLimit(options.maxConnections(), server)));
        cfg.http.prefer405over404 = true;
        cfg.http.compressionStrategy = CompressionStrategy.NONE;
        cfg.startup.showJavalinBanner = false;
        cfg.router.ignoreTrailingSlashes = true;

        // CORS only where browsers call with fetch: the API and the settings; analytics.js loads as a plain script
        List<String> corsPaths = apiPaths().stream().filter(p -> !p.endsWith("/")).toList();
        // one filter and a set lookup on the route already matched: a filter per path costs a regex each, every request
        Set<String> corsRoutes = Set.copyOf(corsPaths);
        cfg.routes.beforeMatched(ctx -> {
            if (corsRoutes.contains(ctx.endpoints().matchedHttpEndpoint().path)) cors.apply(ctx);
        });
        SINGLE_PATHS.forEach((path, type) -> cfg.routes.post(path, new SingleMessageHandler(deps, type)));
        // ignoreTrailingSlashes makes /v1/import serve analytics-java's /v1/import/ as well
        BATCH_PATHS.stream().filter(p -> !p.endsWith("/")).forEach(path -> cfg.routes.post(path, batch));
        cfg.routes.post(BROWSER_METRICS_PATH, Responses::success); // analytics-next's own telemetry: acknowledged, dropped
        cfg.routes.get(SETTINGS_PATH, settings);
        AnalyticsJsHandler.fromClasspath().register(cfg.routes); // the classic snippet's analytics.js, from the jar
        corsPaths.forEach(path -> cfg.routes.options(path, cors::preflight));

        cfg.routes.exception(ApiError.class, (e, ctx) -> {
            metrics.rejection(e.code());
            countRequest(metrics, ctx, IngestEndpoint.outcomeLabel(e.status()));
            Responses.error(ctx, e);
        });
        cfg.routes.exception(Exception.class, (e, ctx) -> {
            LOG.atError().setMessage("unhandled error").addKeyValue("path", routeOf(ctx))
                    .addKeyValue("error", e.toString()).setCause(e).log();
            countRequest(metrics, ctx, "error");
            Responses.error(ctx, new ApiError(500, "internal_error", "The collector failed on this request."));
        });
        cfg.routes.error(404, ctx -> Responses.error(ctx,
                new ApiError(404, "not_found", "No endpoint " + ctx.method() + " " + safePath(ctx) + ".")));
        cfg.routes.error(405, ctx -> Responses.error(ctx,
                new ApiError(405, "method_not_allowed", ctx.method() + " is not allowed on " + safePath(ctx) + ".")));
    }

    private static void countRequest(CollectorMetrics metrics, Context ctx, String outcome) {
        String endpoint = ctx.attribute(IngestEndpoint.ENDPOINT_ATTR);
        String source = ctx.attribute(IngestEndpoint.SOURCE_ATTR);
        metrics.request(endpoint == null ? "other" : endpoint, source == null ? "unknown" : source, outcome);
    }

    /** Paths can hold a write key (settings, analytics.js): never echo or log them beyond the route template. */
    private static String routeOf(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static String safePath(Context ctx) {
        String p = ctx.path();
        if (p.startsWith("/v1/projects/")) return "/v1/projects/…";
        if (p.startsWith("/analytics.js/")) return "/analytics.js/…";
        return p.length() > 100 ? p.substring(0, 100) + "…" : p;
    }

    /**
     * Every path template the API listener serves, with any method: what a deployment's front door must route to it
     * (the cdk module's FrontDoorTest checks its routes against this list; TestOperations checks this list against the
     * routes the running server registered).
     */
    public static List<String> publicPaths() {
        List<String> paths = apiPaths();
        paths.addAll(AnalyticsJsHandler.PATHS);
        return List.copyOf(paths);
    }

    /** The path templates of the routes the running API listener registered (any HTTP method, filters left out). */
    public Set<String> servedPaths() {
        return app.unsafe.internalRouter.allHttpHandlers().stream().map(e -> e.endpoint)
                .filter(e -> e.method.isHttpMethod()).map(e -> e.path)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    static List<String> apiPaths() {
        List<String> paths = new java.util.ArrayList<>(SINGLE_PATHS.keySet());
        paths.addAll(BATCH_PATHS);
        paths.add(BROWSER_METRICS_PATH);
        paths.add(SETTINGS_PATH);
        return paths;
    }

    private static Map<String, String> singlePaths() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String type : List.of("track", "identify", "page", "screen", "group", "alias")) {
            m.put("/v1/" + type, type);
            m.put("/v1/" + type.charAt(0), type);
        }
        return m;
    }

    public CollectorServer start() {
        ops.start();
        try {
            app.start();
        } catch (RuntimeException e) {
            ops.stop();
            throw e;
        }
        return this;
    }

    public int port() {
        return app.port();
    }

    /** The bound port of the operations listener. */
    public int opsPort() {
        return ops.port();
    }

    /** The operations listener's base URL, e.g. {@code http://127.0.0.1:8082}. */
    public String opsUrl() {
        String host = options.opsHost().contains(":") ? "[" + options.opsHost() + "]" : options.opsHost();
        return "http://" + host + ":" + ops.port();
    }

    /** host[:port] SDKs should use: the configured public host, else the bound address. */
    public String publicHost() {
        if (!options.publicHost().isEmpty()) return options.publicHost();
        return options.host() + ":" + port();
    }

    public void stop() {
        try {
            app.stop();
        } finally {
            ops.stop();
            bodies.close();
        }
    }
}
