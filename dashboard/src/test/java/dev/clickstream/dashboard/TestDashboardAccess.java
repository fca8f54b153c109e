package dev.clickstream.dashboard;

import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.JdbcExecutor;
import dev.clickstream.warehouse.runner.ModelRunner;
import dev.clickstream.warehouse.runner.SqlExecutionException;
import dev.clickstream.warehouse.runner.SqlExecutor;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Who can read the dashboard, and what it can do to the warehouse: loopback by default, a token everywhere else
 * (Bearer or the Basic password, compared in constant time), and reads in a read-only session as the reader role.
 */
class TestDashboardAccess {
    static final String TOKEN = "s3cret-dashboard-token";
    static String jdbcUrl;
    static SqlExecutor readOnly;
    static DashboardServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        jdbcUrl = TestPostgres.newDatabase();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser("postgres");
        try (SqlExecutor owner = new JdbcExecutor(ds, null)) {
            new ModelRunner(owner, Dialect.POSTGRES, Clock.systemUTC()).setup();
        }
        readOnly = CommandLine.populateCommand(new DashboardCommand(), "--jdbc-url", jdbcUrl).target.openReadOnly();
        server = DashboardServer.start(new DashboardServer.Options("127.0.0.1", 0, TOKEN, 60), readOnly, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
        readOnly.close();
    }

    static int status(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path));
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anyAddressButLoopbackNeedsAToken() {
        assertThatThrownBy(() -> DashboardAccess.forBinding("0.0.0.0", "", "--access-token")).hasMessage("refusing to serve the dashboard on 0.0.0.0"
                + " without an access token: set CLICKSTREAM_DASHBOARD_ACCESS_TOKEN (or --access-token), or bind 127.0.0.1");
        for (String loopback : List.of("127.0.0.1", "localhost", "::1")) {
            assertThat(DashboardAccess.forBinding(loopback, "", "--access-token").open()).as(loopback).isTrue();
        }
        assertThat(DashboardAccess.forBinding("0.0.0.0", TOKEN, "--access-token").open()).isFalse();
    }

    @Test
    void everyPathNeedsTheTokenOnceOneIsSet() throws Exception {
        for (String path : List.of("", "assets/app.js", "assets/echarts.min.js", "api/queries", "api/queries/data_extent")) {
            assertThat(status(path)).as(path).isEqualTo(401);
            assertThat(status(path, "Authorization", "Bearer wrong")).as(path).isEqualTo(401);
            assertThat(status(path, "Authorization", basic("analyst", "wrong"))).as(path).isEqualTo(401);
            assertThat(status(path, "Authorization", "Bearer " + TOKEN)).as(path).isEqualTo(200);
            assertThat(status(path, "Authorization", basic("analyst", TOKEN))).as(path).isEqualTo(200);
        }
        HttpResponse<String> denied = HTTP.send(HttpRequest.newBuilder(URI.create(server.url())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(denied.headers().firstValue("WWW-Authenticate")).hasValue(DashboardAccess.REALM);
        assertThat(denied.headers().firstValue("Content-Security-Policy")).hasValue(DashboardServer.CONTENT_SECURITY_POLICY);
    }

    @Test
    void badParametersAreRefusedBeforeTheWarehouseIsAsked() throws Exception {
        String auth = "Bearer " + TOKEN;
        assertThat(status("api/queries/no_such_query?from=2026-01-01&to=2026-01-02", "Authorization", auth)).isEqualTo(404);
        assertThat(status("api/queries/funnel?from=2026-01-05", "Authorization", auth)).isEqualTo(400);
        assertThat(status("api/queries/funnel?from=2026-01-05&to=2026-01-01", "Authorization", auth)).isEqualTo(400);
        assertThat(status("api/queries/funnel?from=2020-01-01&to=2026-01-01", "Authorization", auth)).isEqualTo(400);
        assertThat(status("api/queries/funnel?from=2026-01-05&to=2026-01-06&source=" + "x".repeat(200), "Authorization", auth)).isEqualTo(400);
        assertThat(status("api/queries/funnel?from=2026-01-05&to=2026-01-06&source=web", "Authorization", auth)).isEqualTo(200);
    }

    @Test
    void theDashboardReadsAsTheReaderRoleAndCannotWrite() {
        assertThat(readOnly.query("SELECT current_user", Map.of())).containsExactly(List.of(dev.clickstream.warehouse.ReaderRole.NAME));
        assertThatThrownBy(() -> readOnly.executeInTransaction("write", List.of("DELETE FROM clickstream.funnel_definitions"), Map.of()))
                .isInstanceOf(SqlExecutionException.class).hasMessageContaining("read-only transaction");
        assertThatThrownBy(() -> readOnly.query("SELECT 1 FROM pg_catalog.pg_authid", Map.of()))
                .hasMessageContaining("permission denied");
    }
}
