package dev.clickstream.dashboard;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.clickstream.warehouse.queries.AnalystQueries;
import dev.clickstream.warehouse.runner.SqlExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code clickstream dashboard --redshift-workgroup}: the dashboard reads Redshift through the Data API executor,
 * with the caller's credentials and region from the AWS SDK's chains, here answered by WireMock speaking the Data
 * API's wire protocol (JSON 1.1, X-Amz-Target: RedshiftData.*) at --redshift-endpoint-url.
 */
class TestDashboardOnRedshift {
    static final String ID = "7d0c2f4e-1b6a-4c9e-8f3d-2a1b0c9d8e7f";
    /** The caller's own credentials and region, as the AWS SDK's default chains find them. */
    static final Map<String, String> AWS = Map.of("aws.region", "eu-west-1", "aws.accessKeyId", "AKIDEXAMPLE",
            "aws.secretAccessKey", "example-secret");
    static WireMockServer wm;
    static SqlExecutor warehouse;
    static DashboardServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        AWS.forEach(System::setProperty);
        DashboardCommand command = CommandLine.populateCommand(new DashboardCommand(), "--redshift-workgroup", "analytics-wg",
                "--redshift-database", "dev", "--redshift-endpoint-url", "http://127.0.0.1:" + wm.port());
        warehouse = command.target.openReadOnly();
        server = DashboardServer.start(new DashboardServer.Options("127.0.0.1", 0, "", 60), warehouse, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
        warehouse.close();
        wm.stop();
        AWS.keySet().forEach(System::clearProperty);
    }

    private static MappingBuilder call(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("RedshiftData." + operation));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path.substring(1))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPanelsQueryRunsThroughTheDataApiWithItsParametersBound() throws Exception {
        wm.stubFor(call("ExecuteStatement").willReturn(json("{\"Id\":\"" + ID + "\",\"Database\":\"dev\"}")));
        wm.stubFor(call("DescribeStatement").willReturn(json("{\"Id\":\"" + ID + "\",\"Status\":\"FINISHED\",\"HasResultSet\":true,\"ResultRows\":2}")));
        wm.stubFor(call("GetStatementResult").willReturn(json("{\"ColumnMetadata\":[{\"name\":\"day\"},{\"name\":\"unique_visitors\"},{\"name\":\"events\"}],"
                + "\"Records\":[[{\"stringValue\":\"2026-01-05\"},{\"longValue\":38},{\"longValue\":612}],"
                + "[{\"stringValue\":\"2026-01-06\"},{\"longValue\":43},{\"longValue\":700}]],\"TotalNumRows\":2}")));

        HttpResponse<String> r = get("/api/queries/unique_visitors_daily?from=2026-01-05&to=2026-01-11&source=web");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JsonMapper.builder().build().readTree(r.body());
        assertThat(body.path("rows").toString()).isEqualTo("[[\"2026-01-05\",38,612],[\"2026-01-06\",43,700]]");
        assertThat(body.path("columns").get(0).path("name").asString()).isEqualTo("day");

        wm.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("RedshiftData.ExecuteStatement"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.containing("Credential=AKIDEXAMPLE/"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.containing("/eu-west-1/redshift-data/"))
                .withRequestBody(matchingJsonPath("$.WorkgroupName", equalTo("analytics-wg")))
                .withRequestBody(matchingJsonPath("$.Database", equalTo("dev")))
                .withRequestBody(matchingJsonPath("$.Sql", equalTo(AnalystQueries.load().get("unique_visitors_daily").sql())))
                .withRequestBody(matchingJsonPath("$.Parameters.length()", equalTo("3")))
                .withRequestBody(matchingJsonPath("$.Parameters[?(@.name == 'from_day')].value", equalTo("2026-01-05")))
                .withRequestBody(matchingJsonPath("$.Parameters[?(@.name == 'to_day')].value", equalTo("2026-01-11")))
                .withRequestBody(matchingJsonPath("$.Parameters[?(@.name == 'source')].value", equalTo("web"))));
    }

    @Test
    void aFailedStatementBecomesAnErrorThePanelShows() throws Exception {
        wm.stubFor(call("ExecuteStatement").willReturn(json("{\"Id\":\"" + ID + "\"}")));
        wm.stubFor(call("DescribeStatement").willReturn(json("{\"Id\":\"" + ID + "\",\"Status\":\"FAILED\","
                + "\"Error\":\"ERROR: relation \\\"clickstream.funnel_user_days\\\" does not exist\"}")));
        HttpResponse<String> r = get("/api/queries/funnel?from=2026-01-05&to=2026-01-11");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("warehouse_error").contains("does not exist").contains("clickstream models setup");
        wm.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("RedshiftData.ExecuteStatement"))
                .withRequestBody(matchingJsonPath("$.Parameters[?(@.name == 'funnel')].value", equalTo("ecommerce"))));
    }
}
