package dev.clickstream.dashboard;

import dev.clickstream.warehouse.queries.AnalystQueries;
import dev.clickstream.warehouse.runner.SqlExecutor;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson3;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;

/**
 * The dashboard: one page (served from the jar, charts included) and one JSON endpoint per analyst query, reading
 * the warehouse through the models' executor seam. It runs on its own port, never on the collector's.
 */
public final class DashboardServer implements AutoCloseable {
    /**
     * @param refreshSeconds how often the page reloads its panels
     */
    public record Options(String host, int port, String accessToken, int refreshSeconds, String tokenFlag) {
        public static final String DEFAULT_HOST = "127.0.0.1";
        public static final int DEFAULT_PORT = 8081;
        public static final int DEFAULT_REFRESH_SECONDS = 60;

        public Options {
            if (port < 0 || port > 65_535) throw new IllegalArgumentException("dashboard port must be 0-65535");
            if (refreshSeconds < 5) throw new IllegalArgumentException("dashboard refresh must be at least 5 seconds");
            accessToken = accessToken == null ? "" : accessToken;
        }

        public Options(String host, int port, String accessToken, int refreshSeconds) {
            this(host, port, accessToken, refreshSeconds, "--access-token");
        }
    }

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String ECHARTS = "META-INF/resources/webjars/echarts/" + webjarVersion("echarts") + "/dist/echarts.min.js";

    private final Javalin app;
    private final Options options;

    private DashboardServer(Options options, DashboardAccess access, QueryHandlers queries) {
        this.options = options;
        this.app = Javalin.create(cfg -> configure(cfg, options, access, queries));
    }

    /**
     * Starts the dashboard.
     * @throws IllegalArgumentException with a one-line reason: a non-loopback host without an access token
     */
    public static DashboardServer start(Options options, SqlExecutor warehouse, Clock clock) {
        DashboardAccess access = DashboardAccess.forBinding(options.host(), options.accessToken(), options.tokenFlag());
        DashboardServer server = new DashboardServer(options, access,
                new QueryHandlers(AnalystQueries.load(), warehouse, clock, options.refreshSeconds()));
        server.app.start();
        return server;
    }

    private static void configure(JavalinConfig cfg, Options options, DashboardAccess access, QueryHandlers queries) {
        cfg.jetty.host = options.host();
        cfg.jetty.port = options.port();
        cfg.startup.showJavalinBanner = false;
        cfg.jsonMapper(new JavalinJackson3(JsonMapper.builder().build(), false));
        cfg.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/dashboard";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "no-cache");
        });
        cfg.routes.before(ctx -> {
            ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            if (!access.admit(ctx)) ctx.skipRemainingHandlers();
        });
        cfg.routes.get("/assets/echarts.min.js", DashboardServer::echarts);
        cfg.routes.get("/api/queries", queries::list);
        cfg.routes.get("/api/queries/{name}", queries::run);
    }

    private static void echarts(Context ctx) {
        InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream(ECHARTS);
        if (in == null) throw new IllegalStateException("missing " + ECHARTS);
        ctx.contentType("text/javascript; charset=utf-8").header("Cache-Control", "max-age=86400").result(in);
    }

    /** The version of a WebJar on the classpath, from its Maven metadata, so the pom is the one place naming it. */
    static String webjarVersion(String artifact) {
        String path = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing " + path);
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return app.port();
    }

    /** The address to open in a browser. */
    public String url() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port() + "/";
    }

    @Override
    public void close() {
        app.stop();
    }
}
