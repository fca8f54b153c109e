package dev.clickstream.warehouse.runner;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Data API executor against WireMock speaking the real wire protocol (JSON 1.1, X-Amz-Target: RedshiftData.*). */
class TestDataApiExecutor {
    static final String ID = "3f1c2a9e-5b7d-4e21-9c0a-1d2e3f4a5b6c";
    WireMockServer wm;
    DataApiExecutor executor;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        RedshiftDataClient client = RedshiftDataClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + wm.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        executor = new DataApiExecutor(client, DataApiTarget.serverless("clickstream", "analytics"), Duration.ofSeconds(5), ms -> { });
    }

    @AfterEach
    void stop() {
        executor.close();
        wm.stop();
    }

    private static MappingBuilder call(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("RedshiftData." + operation));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    private void submitted(String operation) {
        wm.stubFor(call(operation).willReturn(json(200, "{\"Id\":\"" + ID + "\",\"CreatedAt\":1714557600.123,\"Database\":\"analytics\"}")));
    }

    @Test
    void batchRunsAsOneStatementAndPollsUntilFinished() {
        submitted("BatchExecuteStatement");
        wm.stubFor(call("DescribeStatement").inScenario("s").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("done")
                .willReturn(json(200, "{\"Id\":\"" + ID + "\",\"Status\":\"STARTED\"}")));
        wm.stubFor(call("DescribeStatement").inScenario("s").whenScenarioStateIs("done")
                .willReturn(json(200, "{\"Id\":\"" + ID + "\",\"Status\":\"FINISHED\",\"HasResultSet\":false,\"SubStatements\":["
                        + "{\"Id\":\"" + ID + ":1\",\"Status\":\"FINISHED\",\"ResultRows\":0},"
                        + "{\"Id\":\"" + ID + ":2\",\"Status\":\"FINISHED\",\"ResultRows\":42}]}")));
        List<Long> counts = executor.executeInTransaction("model:events",
                List.of("CREATE TEMP TABLE t AS SELECT 1", "INSERT INTO x SELECT * FROM t WHERE loaded_at <= :run_upper"),
                Map.of("run_upper", "2024-05-01 12:00:00", "unused", "x"));
        assertThat(counts).containsExactly(0L, 42L);
        wm.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("RedshiftData.BatchExecuteStatement"))
                .withRequestBody(matchingJsonPath("$.WorkgroupName", equalTo("clickstream")))
                .withRequestBody(matchingJsonPath("$.StatementName", equalTo("model:events")))
                .withRequestBody(matchingJsonPath("$.Sqls[1]", equalTo("INSERT INTO x SELECT * FROM t WHERE loaded_at <= :run_upper")))
                .withRequestBody(matchingJsonPath("$.Parameters[0].name", equalTo("run_upper")))
                .withRequestBody(matchingJsonPath("$.Parameters.length()", equalTo("1"))));
    }

    @Test
    void failedStatementIsNamedWithItsError() {
        submitted("BatchExecuteStatement");
        wm.stubFor(call("DescribeStatement").willReturn(json(200, "{\"Id\":\"" + ID + "\",\"Status\":\"FAILED\","
                + "\"Error\":\"ERROR: relation \\\"x\\\" does not exist\",\"SubStatements\":["
                + "{\"Id\":\"" + ID + ":1\",\"Status\":\"FINISHED\"},"
                + "{\"Id\":\"" + ID + ":2\",\"Status\":\"FAILED\",\"Error\":\"ERROR: relation \\\"x\\\" does not exist\"}]}")));
        assertThatThrownBy(() -> executor.executeInTransaction("model:events", List.of("SELECT 1", "INSERT INTO x SELECT 1"), Map.of()))
                .isInstanceOf(SqlExecutionException.class)
                .hasMessage("FAILED at statement 2: ERROR: relation \"x\" does not exist")
                .satisfies(e -> assertThat(((SqlExecutionException) e).statement()).isEqualTo("INSERT INTO x SELECT 1"));
    }

    @Test
    void abortedStatementFails() {
        submitted("BatchExecuteStatement");
        wm.stubFor(call("DescribeStatement").willReturn(json(200, "{\"Id\":\"" + ID + "\",\"Status\":\"ABORTED\",\"SubStatements\":[]}")));
        assertThatThrownBy(() -> executor.executeInTransaction("m", List.of("SELECT 1"), Map.of()))
                .isInstanceOf(SqlExecutionException.class).hasMessageStartingWith("ABORTED");
    }

    @Test
    void throttlingIsRetried() {
        wm.stubFor(call("BatchExecuteStatement").inScenario("t").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
                .willReturn(json(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}")));
        wm.stubFor(call("BatchExecuteStatement").inScenario("t").whenScenarioStateIs("ok")
                .willReturn(json(200, "{\"Id\":\"" + ID + "\"}")));
        wm.stubFor(call("DescribeStatement").willReturn(json(200, "{\"Id\":\"" + ID + "\",\"Status\":\"FINISHED\",\"SubStatements\":["
                + "{\"Id\":\"" + ID + ":1\",\"Status\":\"FINISHED\",\"ResultRows\":1}]}")));
        assertThat(executor.executeInTransaction("m", List.of("SELECT 1"), Map.of())).containsExactly(1L);
        wm.verify(2, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("RedshiftData.BatchExecuteStatement")));
    }

    @Test
    void timeoutCancelsTheStatement() {
        DataApiExecutor quick = new DataApiExecutor(RedshiftDataClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + wm.port()))
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"))).build(),
                DataApiTarget.serverless("clickstream", "analytics"), Duration.ZERO, ms -> { });
        submitted("BatchExecuteStatement");
        wm.stubFor(call("DescribeStatement").willReturn(json(200, "{\"Id\":\"" + ID + "\",\"Status\":\"STARTED\"}")));
        wm.stubFor(call("CancelStatement").willReturn(json(200, "{\"Status\":true}")));
        assertThatThrownBy(() -> quick.executeInTransaction("m", List.of("SELECT 1"), Map.of()))
                .isInstanceOf(SqlExecutionException.class).hasMessageContaining("cancelled");
        wm.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("RedshiftData.CancelStatement"))
                .withRequestBody(matchingJsonPath("$.Id", equalTo(ID))));
        quick.close();
    }

    @Test
    void queryResultsArePaged() {
        submitted("ExecuteStatement");
        wm.stubFor(call("DescribeStatement").willReturn(json(200, "{\"Id\":\"" + ID + "\",\"Status\":\"FINISHED\",\"HasResultSet\":true,\"ResultRows\":3}")));
        wm.stubFor(call("GetStatementResult").withRequestBody(matchingJsonPath("$.NextToken", equalTo("page-2")))
                .willReturn(json(200, "{\"Records\":[[{\"stringValue\":\"sessions\"},{\"isNull\":true}]],\"TotalNumRows\":3}")));
        wm.stubFor(call("GetStatementResult").atPriority(10)
                .willReturn(json(200, "{\"ColumnMetadata\":[{\"name\":\"model\",\"typeName\":\"varchar\"},{\"name\":\"rows\",\"typeName\":\"int8\"}],"
                        + "\"Records\":[[{\"stringValue\":\"events\"},{\"longValue\":7}],[{\"stringValue\":\"funnels\"},{\"doubleValue\":1.5}]],"
                        + "\"TotalNumRows\":3,\"NextToken\":\"page-2\"}")));
        List<List<String>> rows = executor.query("SELECT model, rows FROM clickstream.model_runs", Map.of());
        assertThat(rows).containsExactly(List.of("events", "7"), List.of("funnels", "1.5"), java.util.Arrays.asList("sessions", null));
    }

    @Test
    void aStatementOutsideATransactionIsOneExecuteStatement() {
        submitted("ExecuteStatement");
        wm.stubFor(call("DescribeStatement").willReturn(json(200, "{\"Id\":\"" + ID + "\",\"Status\":\"FINISHED\",\"ResultRows\":0}")));
        String ddl = "CREATE EXTERNAL SCHEMA IF NOT EXISTS kds FROM KINESIS IAM_ROLE default";
        assertThat(executor.executeOutsideTransaction("setup:redshift/01_external_schema.sql", ddl, Map.of("unused", "x"))).isZero();
        wm.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("RedshiftData.ExecuteStatement"))
                .withRequestBody(matchingJsonPath("$.Sql", equalTo(ddl)))
                .withRequestBody(matchingJsonPath("$.StatementName", equalTo("setup:redshift/01_external_schema.sql")))
                .withRequestBody(matchingJsonPath("$.Parameters", absent())));
        wm.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("RedshiftData.BatchExecuteStatement")));
    }
}
