package dev.clickstream.collector.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The operations listener: {@code GET /health}, {@code /ready} and {@code /metrics} on their own address and port
 * ({@code http.ops-host}, {@code http.ops-port}; loopback by default), with their own few threads and one acceptor and
 * one selector. However many clients hold the API listener's connections, threads or in-flight slots, a health check
 * still gets an answer; and nothing an SDK can reach serves the metrics. No CORS: browsers have no business here.
 */
final class OpsServer {
    private static final int THREADS = 8;
    private static final long IDLE_TIMEOUT_MS = 30_000;

    private final Javalin app;

    OpsServer(String host, int port, OpsHandlers ops) {
        this.app = Javalin.create(cfg -> {
            QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2);
            threads.setName("ops");
            threads.setDaemon(true);
            cfg.jetty.threadPool = threads;
            cfg.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
                connector.setHost(host);
                connector.setPort(port);
                connector.setIdleTimeout(IDLE_TIMEOUT_MS);
                return connector;
            });
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get(CollectorServer.HEALTH_PATH, ops::health);
            cfg.routes.get(CollectorServer.READY_PATH, ops::ready);
            cfg.routes.get(CollectorServer.METRICS_PATH, ops::metrics);
            cfg.routes.error(404, ctx -> Responses.error(ctx, new ApiError(404, "not_found",
                    "The operations listener serves GET /health, /ready and /metrics.")));
        });
    }

    void start() {
        app.start();
    }

    int port() {
        return app.port();
    }

    void stop() {
        app.stop();
    }
}
