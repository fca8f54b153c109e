package dev.clickstream.warehouse.runner;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.clickstream.warehouse.testing.DataApiStandIn;
import dev.clickstream.warehouse.testing.ModelHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.clickstream.warehouse.testing.DataApiStandIn.ID;
import static dev.clickstream.warehouse.testing.DataApiStandIn.call;
import static dev.clickstream.warehouse.testing.DataApiStandIn.connectionReset;
import static dev.clickstream.warehouse.testing.DataApiStandIn.error;
import static dev.clickstream.warehouse.testing.DataApiStandIn.finished;
import static dev.clickstream.warehouse.testing.DataApiStandIn.json;
import static dev.clickstream.warehouse.testing.DataApiStandIn.requested;
import static dev.clickstream.warehouse.testing.DataApiStandIn.submitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every class of Data API failure, met by the real runner: each model batch goes over the wire to the stand-in,
 * while the lock, the watermarks and {@code model_runs} live in a real PostgreSQL ({@link SplitExecutor}). Every case
 * ends in a {@code model_runs} row naming the model, the statement and the error, and in one structured log line.
 */
class TestModelRunFailures {
    static ModelHarness w;
    static DataApiStandIn api;
    final List<Long> sleeps = new ArrayList<>();
    final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    static void warehouse() {
        api = new DataApiStandIn();
        w = new ModelHarness();
        w.refresh(ModelHarness.event("m1", "page", null, null, "a1", "2030-01-01T10:00:00.000000Z", ""));
    }

    @AfterAll
    static void close() {
        api.close();
        w.close();
    }

    @BeforeEach
    void start() {
        api.server().resetAll();
        w.execute("DELETE FROM clickstream.model_runs");
        log.start();
        ((Logger) LoggerFactory.getLogger(RunRecorder.class)).addAppender(log);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(RunRecorder.class)).detachAppender(log);
    }

    private ModelRunner runner(Duration timeout) {
        DataApiExecutor dataApi = new DataApiExecutor(api.client(), DataApiTarget.serverless("wg", "dev"), timeout, sleeps::add);
        return new ModelRunner(new SplitExecutor(dataApi, w.executor()), Dialect.REDSHIFT, Clock.systemUTC()).withSleeper(sleeps::add);
    }

    private ModelRunner.Outcome run(String model) {
        List<ModelRunner.Outcome> outcomes = runner(Duration.ofSeconds(5)).run(model, false);
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    /** The row counts of a staging batch that wrote one event: 1 for its INSERT INTO clickstream.stg_events, 0 elsewhere. */
    private static long[] insertedOneEvent() {
        List<String> statements = ModelCatalog.load(Dialect.REDSHIFT).get("staging").statements();
        long[] counts = new long[statements.size() + 1];
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i).contains("INSERT INTO clickstream.stg_events ")) counts[i] = 1;
        }
        return counts;
    }

    /** The one model_runs row: model, status, error. */
    private List<String> recorded() {
        List<List<String>> rows = w.rows("SELECT model, status, error FROM clickstream.model_runs");
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private Map<String, String> line(String event) {
        List<ILoggingEvent> events = log.list.stream().filter(e -> e.getMessage().equals(event)).toList();
        assertThat(events).as(event).hasSize(1);
        return events.get(0).getKeyValuePairs().stream().collect(Collectors.toMap(k -> k.key, k -> String.valueOf(k.value)));
    }

    @Test
    void validationErrorIsRecordedWithoutRetry() {
        api.server().stubFor(call("BatchExecuteStatement").willReturn(error(400, "ValidationException", "Parameters list contains unused parameters.")));
        assertThat(run("staging").status()).isEqualTo("failed");
        assertThat(recorded()).satisfies(r -> {
            assertThat(List.of(r.get(0), r.get(1))).isEqualTo(List.of("staging", "failed"));
            assertThat(r.get(2)).startsWith("model staging, statement 0: [ValidationException]")
                    .contains("Parameters list contains unused parameters.");
        });
        assertThat(api.requests("BatchExecuteStatement")).hasSize(1);
        assertThat(sleeps).isEmpty();
        assertThat(line("model_run_failed")).containsEntry("model", "staging").containsEntry("error_class", "ValidationException")
                .containsEntry("transient", "false").containsEntry("recorded", "true");
    }

    @Test
    void throttlingIsRetriedWithTheSameClientTokenAndThenSucceeds() {
        api.server().stubFor(call("BatchExecuteStatement").inScenario("t").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("busy")
                .willReturn(error(400, "ThrottlingException", "Rate exceeded")));
        api.server().stubFor(call("BatchExecuteStatement").inScenario("t").whenScenarioStateIs("busy").willSetStateTo("ok")
                .willReturn(error(400, "ActiveStatementsExceededException", "Active statements exceeded the allowed quota (500).")));
        api.server().stubFor(call("BatchExecuteStatement").inScenario("t").whenScenarioStateIs("ok").willReturn(submitted(ID)));
        api.server().stubFor(call("DescribeStatement").willReturn(finished(insertedOneEvent())));
        assertThat(run("staging")).isEqualTo(new ModelRunner.Outcome("staging", "succeeded", 1, null));
        assertThat(recorded()).containsExactly("staging", "succeeded", null);
        List<String> tokens = api.requests("BatchExecuteStatement").stream()
                .map(r -> r.getBodyAsString().replaceAll("(?s).*\"ClientToken\":\"([^\"]+)\".*", "$1")).toList();
        assertThat(tokens).hasSize(3).doesNotContainNull().containsOnly(tokens.get(0));
        assertThat(sleeps).containsExactly(500L, 1000L);
        assertThat(line("model_run_succeeded")).containsEntry("model", "staging").containsEntry("rows", "1");
    }

    @Test
    void throttlingThatNeverClearsGivesUpAfterBoundedBackoff() {
        api.server().stubFor(call("BatchExecuteStatement").willReturn(error(400, "ThrottlingException", "Rate exceeded")));
        run("staging");
        assertThat(recorded().get(2)).startsWith("model staging, statement 0: [ThrottlingException]").contains("gave up after 6 attempts");
        assertThat(sleeps).containsExactly(500L, 1000L, 2000L, 4000L, 8000L);
        assertThat(line("model_run_failed")).containsEntry("transient", "true");
    }

    @Test
    void statementFailingMidBatchIsNamedByItsIndexAndText() {
        api.accepts("BatchExecuteStatement");
        api.server().stubFor(call("DescribeStatement").willReturn(json(200, "{\"Id\":\"" + ID + "\",\"Status\":\"FAILED\","
                + "\"Error\":\"ERROR: value too long for type character varying(1024)\",\"SubStatements\":["
                + "{\"Id\":\"" + ID + ":1\",\"Status\":\"FINISHED\"},{\"Id\":\"" + ID + ":2\",\"Status\":\"FINISHED\"},"
                + "{\"Id\":\"" + ID + ":3\",\"Status\":\"FAILED\",\"Error\":\"ERROR: value too long for type character varying(1024)\"},"
                + "{\"Id\":\"" + ID + ":4\",\"Status\":\"ABORTED\"}]}")));
        run("sessions");
        String third = api.requests("BatchExecuteStatement").get(0).getBodyAsString();
        assertThat(recorded().get(2)).startsWith("model sessions, statement 3 (INSERT INTO clickstream.session_changes (day, run_upper)): "
                + "[StatementFailed] FAILED at statement 3: ERROR: value too long for type character varying(1024)");
        // the batch the stand-in saw: DDL with inlined literals, parameters only for the statements that bind them
        assertThat(third).contains("CREATE TEMP TABLE touched_keys AS").contains("> CAST('1970-01-01 00:00:00' AS TIMESTAMP)")
                .doesNotContain("ANALYZE touched_keys").contains("\"name\":\"run_upper\"").doesNotContain("\"name\":\"watermark\"");
        assertThat(line("model_run_failed")).containsEntry("statement", "3").containsEntry("error_class", "StatementFailed");
    }

    @Test
    void timeoutCancelsTheStatementAndIsRecorded() {
        api.accepts("BatchExecuteStatement");
        api.server().stubFor(call("DescribeStatement").willReturn(json(200, "{\"Id\":\"" + ID + "\",\"Status\":\"STARTED\"}")));
        api.server().stubFor(call("CancelStatement").willReturn(json(200, "{\"Status\":true}")));
        runner(Duration.ZERO).run("staging", false);
        assertThat(recorded().get(2)).startsWith("model staging, statement 0: [StatementTimeout] statement " + ID).contains("cancelled");
        api.server().verify(requested("CancelStatement"));
    }

    @Test
    void statementCancelledFromOutsideIsRecordedAsAborted() {
        api.accepts("BatchExecuteStatement");
        api.server().stubFor(call("DescribeStatement").willReturn(json(200, "{\"Id\":\"" + ID + "\",\"Status\":\"ABORTED\","
                + "\"SubStatements\":[{\"Id\":\"" + ID + ":1\",\"Status\":\"ABORTED\",\"Error\":\"Query cancelled.\"}]}")));
        run("staging");
        assertThat(recorded().get(2)).startsWith("model staging, statement 1 (CREATE TEMP TABLE staged_records AS): "
                + "[StatementAborted] ABORTED at statement 1: Query cancelled.");
    }

    @Test
    void lostConnectionOnSubmitIsRetriedAndALostConnectionThatPersistsIsRecorded() {
        api.server().stubFor(call("BatchExecuteStatement").inScenario("c").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(connectionReset()));
        api.server().stubFor(call("BatchExecuteStatement").inScenario("c").whenScenarioStateIs("up").willReturn(submitted(ID)));
        api.server().stubFor(call("DescribeStatement").willReturn(connectionReset()));
        run("staging");
        assertThat(api.requests("BatchExecuteStatement")).hasSize(2);
        assertThat(api.requests("DescribeStatement")).hasSize(6);
        assertThat(recorded().get(2)).startsWith("model staging, statement 0: [ConnectionFailed] DescribeStatement failed")
                .contains("gave up after 6 attempts");
    }

    @Test
    void serializationConflictRollsBackAndTheModelRunsAgain() {
        api.accepts("BatchExecuteStatement");
        api.server().stubFor(call("DescribeStatement").inScenario("s").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("again")
                .willReturn(json(200, "{\"Id\":\"" + ID + "\",\"Status\":\"FAILED\",\"SubStatements\":[{\"Id\":\"" + ID
                        + ":2\",\"Status\":\"FAILED\",\"Error\":\"ERROR: 1023 DETAIL: Serializable isolation violation on table - 123\"}]}")));
        api.server().stubFor(call("DescribeStatement").inScenario("s").whenScenarioStateIs("again").willReturn(finished(2, 0, 0, 1)));
        assertThat(run("staging").status()).isEqualTo("succeeded");
        assertThat(api.requests("BatchExecuteStatement")).hasSize(2);
        assertThat(sleeps).containsExactly(1000L);
        assertThat(line("model_run_succeeded")).containsEntry("attempts", "2");
    }

    @Test
    void aParameterThatCannotBeInlinedSafelyFailsTheModelBeforeAnythingIsSent() {
        Map<String, String> params = new java.util.HashMap<>(ModelParameters.DEFAULTS);
        params.put("session_gap_seconds", "1800 AS DOUBLE PRECISION); DROP TABLE clickstream.events; --");
        DataApiExecutor dataApi = new DataApiExecutor(api.client(), DataApiTarget.serverless("wg", "dev"), Duration.ofSeconds(5), sleeps::add);
        new ModelRunner(new SplitExecutor(dataApi, w.executor()), Dialect.REDSHIFT, Clock.systemUTC(), params).run("sessions", false);
        assertThat(recorded().get(2)).startsWith("model sessions, statement 0: [IllegalArgumentException] parameter :session_gap_seconds");
        assertThat(api.requests("BatchExecuteStatement")).isEmpty();
    }

    /** Setup's DDL runs outside a transaction block: PostgreSQL's VACUUM, which refuses one, shows the difference. */
    @Test
    void jdbcRunsAStatementOutsideATransactionBlock() {
        assertThatThrownBy(() -> w.executor().executeInTransaction("t", List.of("VACUUM clickstream.model_runs"), Map.of()))
                .hasMessageContaining("cannot run inside a transaction block");
        assertThat(w.executor().executeOutsideTransaction("t", "VACUUM clickstream.model_runs", Map.of())).isZero();
    }

    @Test
    void unreachableWarehouseStillReportsAFailureAndLogsIt() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        PGSimpleDataSource gone = new PGSimpleDataSource();
        gone.setUrl("jdbc:postgresql://127.0.0.1:" + closed + "/none");
        gone.setUser("postgres");
        gone.setConnectTimeout(2);
        List<ModelRunner.Outcome> outcomes = new ModelRunner(new JdbcExecutor(gone, null), Dialect.POSTGRES, Clock.systemUTC())
                .run(null, false);
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.model()).isEqualTo(ModelRunner.ALL);
            assertThat(o.status()).isEqualTo("failed");
            assertThat(o.error()).contains("[SQLSTATE 08001]");
        });
        assertThat(line("model_run_failed")).containsEntry("model", "*").containsEntry("recorded", "false")
                .containsEntry("error_class", "SQLSTATE 08001");
        assertThat(line("models_run")).containsEntry("status", "failed");
    }
}
