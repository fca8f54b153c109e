package dev.clickstream.collector.testing;

import dev.clickstream.collector.Collector;
import dev.clickstream.collector.StandaloneCollector;
import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.ConfigKey;
import dev.clickstream.collector.config.Settings;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * A real collector on a random port, as {@code clickstream collector} runs it, writing to its own database, plus helpers
 * to talk to it and read what it stored.
 */
public final class CollectorHarness implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    public static final String KEY = "wk_test";
    public static final String SOURCES = "test=wk_test,java=wk_java_test,node=wk_node_test,kotlin=wk_kotlin_test";
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private AutoCloseable running;
    private Collector collector;
    private String jdbcUrl;
    private final Supplier<Settings> settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CollectorHarness(AutoCloseable running, Collector collector, String jdbcUrl) {
        this.running = running;
        this.collector = collector;
        this.jdbcUrl = jdbcUrl;
        this.settings = null;
    }

    private CollectorHarness(Supplier<Settings> settings) {
        this.settings = settings;
    }

    /**
     * These helpers around a collector that something else composed and owns (the CLI's local stack), storing raw
     * events at {@code jdbcUrl}; {@link #close()} closes {@code running}.
     */
    public static CollectorHarness around(AutoCloseable running, Collector collector, String jdbcUrl) {
        return new CollectorHarness(running, collector, jdbcUrl);
    }

    /** For {@code @RegisterExtension static}: one collector per test class, on its own database. */
    public static CollectorHarness perClass() {
        return new CollectorHarness(() -> defaults(TestPostgres.newDatabase()));
    }

    public static <T> CollectorHarness perClass(ConfigKey<T> key, T value) {
        return new CollectorHarness(() -> defaults(TestPostgres.newDatabase()).with(key, value));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Settings s = settings.get();
        StandaloneCollector started = StandaloneCollector.start(s);
        running = started;
        collector = started.collector();
        jdbcUrl = s.get(CollectorKeys.PG_JDBC_URL);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public static CollectorHarness start() {
        return start(defaults(TestPostgres.newDatabase()));
    }

    public static Settings defaults(String jdbcUrl) {
        return defaults(CollectorKeys.ALL, jdbcUrl);
    }

    /** Test settings over {@code keys} (the collector's, or a command's that include them): random port, test sources. */
    public static Settings defaults(List<ConfigKey<?>> keys, String jdbcUrl) {
        try {
            Path data = Files.createTempDirectory("collector-test");
            return Settings.defaults(keys)
                    .with(CollectorKeys.HTTP_PORT, 0)
                    .with(CollectorKeys.DATA_DIR, data.toString())
                    .with(CollectorKeys.PG_JDBC_URL, jdbcUrl)
                    .with(CollectorKeys.SOURCES_WRITE_KEYS, SOURCES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CollectorHarness start(Settings settings) {
        StandaloneCollector started = StandaloneCollector.start(settings);
        return new CollectorHarness(started, started.collector(), settings.get(CollectorKeys.PG_JDBC_URL));
    }


    public Collector collector() { return collector; }
    public String jdbcUrl() { return jdbcUrl; }
    public int port() { return collector.port(); }
    public String baseUrl() { return "http://127.0.0.1:" + port(); }

    public static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        return post(path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    public HttpResponse<String> post(String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) b.headers(headers);
        return send(b.build());
    }

    public HttpResponse<String> request(String method, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) b.headers(headers);
        return send(b.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Payloads of stored records, optionally filtered by a SQL condition on {@code payload}. */
    public List<JsonNode> payloads(String where, Object... params) {
        List<JsonNode> out = new ArrayList<>();
        String sql = "SELECT payload::text FROM clickstream.raw_events" + (where.isEmpty() ? "" : " WHERE " + where)
                + " ORDER BY sequence_number";
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(JSON.readTree(rs.getString(1)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    public List<JsonNode> events() {
        return payloads("payload->>'kind' = 'event'");
    }

    public List<JsonNode> rejections() {
        return payloads("payload->>'kind' = 'rejection'");
    }

    public JsonNode event(String messageId) {
        List<JsonNode> found = payloads("payload->>'kind' = 'event' AND payload->>'message_id' = ?", messageId);
        if (found.size() != 1) throw new AssertionError("expected one event " + messageId + ", found " + found.size());
        return found.get(0);
    }

    public long count(String where, Object... params) {
        String sql = "SELECT count(*) FROM clickstream.raw_events" + (where.isEmpty() ? "" : " WHERE " + where);
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            running.close();
        } catch (Exception e) {
            throw new IllegalStateException("did not stop cleanly", e);
        }
    }
}
