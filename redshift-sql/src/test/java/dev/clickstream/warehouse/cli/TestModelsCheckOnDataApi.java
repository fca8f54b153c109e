package dev.clickstream.warehouse.cli;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.clickstream.warehouse.check.CheckFixture;
import dev.clickstream.warehouse.testing.DataApiStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static dev.clickstream.warehouse.testing.DataApiStandIn.call;
import static dev.clickstream.warehouse.testing.DataApiStandIn.connectionReset;
import static dev.clickstream.warehouse.testing.DataApiStandIn.json;
import static dev.clickstream.warehouse.testing.DataApiStandIn.requested;
import static dev.clickstream.warehouse.testing.DataApiStandIn.submitted;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code clickstream models check --redshift-workgroup} against the Data API stand-in: the protocol (what is sent,
 * in which call, with which parameters), the lines printed and the exit codes. The stand-in answers each probe and
 * each table the way a Redshift that behaves as documented would; the comparison with real results runs on
 * PostgreSQL ({@link TestModelsCheck}).
 */
class TestModelsCheckOnDataApi {
    static final String SCRATCH = "clickstream_check_wire";
    static final String OTHER_ID = "00000000-0000-4000-8000-000000000001";
    static DataApiStandIn api;

    @BeforeAll
    static void start() {
        api = new DataApiStandIn();
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty("aws.region", "us-east-1");
        ModelsCommand.Target.sleeper = ms -> { };
    }

    @AfterAll
    static void stop() {
        api.close();
        for (String p : List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.region")) System.clearProperty(p);
        ModelsCommand.Target.sleeper = dev.clickstream.warehouse.runner.RetryPolicy.SLEEP;
    }

    @BeforeEach
    void reset() {
        api.server().resetAll();
    }

    private record Result(int code, String out) {}

    private Result check() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new ModelsCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        int code = cl.execute("check", "--redshift-workgroup", "wg", "--redshift-endpoint-url", api.endpoint(),
                "--scratch-schema", SCRATCH);
        return new Result(code, out.toString());
    }

    /** A statement whose request body contains {@code fragment} answers these rows (all text; null is SQL NULL). */
    private static void answer(String fragment, List<List<String>> rows) {
        String id = UUID.randomUUID().toString();
        api.server().stubFor(call("ExecuteStatement").atPriority(1).withRequestBody(containing(fragment)).willReturn(submitted(id)));
        api.server().stubFor(call("DescribeStatement").atPriority(1).withRequestBody(containing("\"Id\":\"" + id + "\""))
                .willReturn(json(200, "{\"Id\":\"" + id + "\",\"Status\":\"FINISHED\",\"HasResultSet\":true}")));
        StringBuilder records = new StringBuilder("[");
        for (List<String> row : rows) {
            if (records.length() > 1) records.append(',');
            List<String> fields = new ArrayList<>();
            for (String v : row) fields.add(v == null ? "{\"isNull\":true}" : "{\"stringValue\":\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
            records.append('[').append(String.join(",", fields)).append(']');
        }
        api.server().stubFor(call("GetStatementResult").atPriority(1).withRequestBody(containing("\"Id\":\"" + id + "\""))
                .willReturn(json(200, "{\"Records\":" + records + "],\"TotalNumRows\":" + rows.size() + "}")));
    }

    /** A statement or batch whose body contains {@code fragment} fails at its first statement with this error. */
    private static void fails(String operation, String fragment, String error) {
        String id = UUID.randomUUID().toString();
        api.server().stubFor(call(operation).atPriority(1).withRequestBody(containing(fragment)).willReturn(submitted(id)));
        api.server().stubFor(call("DescribeStatement").atPriority(1).withRequestBody(containing("\"Id\":\"" + id + "\""))
                .willReturn(json(200, "{\"Id\":\"" + id + "\",\"Status\":\"FAILED\",\"Error\":\"" + error + "\",\"SubStatements\":["
                        + "{\"Id\":\"" + id + ":1\",\"Status\":\"FAILED\",\"Error\":\"" + error + "\"}]}")));
    }

    /** A Redshift that behaves as documented: every probe and every compared table answers what it should. */
    private static void documentedRedshift() {
        api.server().stubFor(call("ExecuteStatement").atPriority(10).willReturn(submitted(OTHER_ID)));
        api.server().stubFor(call("BatchExecuteStatement").atPriority(10).willReturn(submitted(DataApiStandIn.ID)));
        api.server().stubFor(call("DescribeStatement").atPriority(10).withRequestBody(containing("\"Id\":\"" + OTHER_ID + "\""))
                .willReturn(json(200, "{\"Id\":\"" + OTHER_ID + "\",\"Status\":\"FINISHED\",\"HasResultSet\":true}")));
        api.server().stubFor(call("DescribeStatement").atPriority(11).willReturn(DataApiStandIn.finished(1)));
        // an unanswered query (a watermark, a binding) sees the epoch
        api.server().stubFor(call("GetStatementResult").atPriority(10)
                .willReturn(json(200, "{\"Records\":[[{\"stringValue\":\"1970-01-01 00:00:00\"}]],\"TotalNumRows\":1}")));
        answer("\"Sql\":\"SELECT 1\"", List.of(List.of("1")));
        answer("SELECT ts, n, label FROM", List.of(List.of("2030-01-01 10:00:00", "84", "bound")));
        answer("SELECT ts, n FROM", List.of(List.of("2030-01-01 10:00:00", "7")));
        answer("JSON_TYPEOF(t.p.price)", List.of(List.of("number", "19.99", "number", "4294967296")));
        answer("JSON_TYPEOF(t.p.none)", List.of(List.of("null", "true")));
        answer("JSON_SERIALIZE(t.p.none)", List.of(java.util.Arrays.asList("null", null)));
        fails("BatchExecuteStatement", "probe_bytes (v) VALUES", "ERROR: value too long for type character varying(10)");
        answer("SELECT OCTET_LENGTH(", List.of(List.of("18", "9", "12")));
        answer("SELECT v FROM " + SCRATCH + ".probe_cut", List.of(List.of("日本語")));
        answer("mv_info", List.of(List.of("1")));
        answer("FROM " + SCRATCH + ".schema_migrations ORDER BY version", List.of()); // a new scratch schema has no step yet
        answer("SELECT holder, expires_at FROM", List.of(List.of("models_check_" + SCRATCH, "2030-01-01 13:00:00")));
        answer("SELECT MAX(refresh_time) FROM", List.of(List.of(CheckFixture.REFRESH_TIME)));
        CheckFixture.expected().forEach((t, rows) -> {
            List<List<String>> records = new ArrayList<>();
            for (String row : rows) {
                List<String> cells = new ArrayList<>();
                for (String c : row.split("\t", -1)) cells.add(c.equals("\\N") ? null : c.replace("\\t", "\t").replace("\\n", "\n").replace("\\\\", "\\"));
                records.add(cells);
            }
            answer(" FROM " + SCRATCH + "." + t.name() + "\"", records);
        });
    }

    @Test
    void aWorkgroupThatBehavesAsDocumentedPassesEveryStepAndTheScratchSchemaIsDropped() {
        documentedRedshift();
        Result r = check();
        assertThat(r.code()).as(r.out()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).noneMatch(l -> l.startsWith("FAIL"))
                .anyMatch(l -> l.startsWith("PASS  varchar_bytes ") && l.contains("value too long"))
                .anyMatch(l -> l.startsWith("PASS  external_schema ") && l.contains(SCRATCH + "_kds"))
                .anyMatch(l -> l.startsWith("PASS  fixture_run ") && l.endsWith("9 models"))
                .anyMatch(l -> l.startsWith("PASS  fixture:events "))
                .anyMatch(l -> l.startsWith("PASS  scratch_dropped "));
        assertThat(lines.get(lines.size() - 1)).endsWith(" passed, 0 failed");
        // setup DDL goes one statement per ExecuteStatement (never inside a batch), with no parameters
        api.server().verify(requested("ExecuteStatement").withRequestBody(matchingJsonPath("$.Sql",
                WireMock.equalTo("CREATE EXTERNAL SCHEMA IF NOT EXISTS " + SCRATCH + "_kds\nFROM KINESIS\nIAM_ROLE default"))));
        api.server().verify(requested("ExecuteStatement").withRequestBody(containing("CREATE MATERIALIZED VIEW " + SCRATCH + ".probe_mv")));
        api.server().verify(0, requested("BatchExecuteStatement").withRequestBody(containing("CREATE TABLE IF NOT EXISTS")));
        api.server().verify(requested("ExecuteStatement").withRequestBody(matchingJsonPath("$.Sql",
                WireMock.equalTo("DROP SCHEMA " + SCRATCH + " CASCADE"))));
        api.server().verify(0, requested("ExecuteStatement").withRequestBody(containing("clickstream.")));
        // the run lock's batch (the probe's and the fixture run's) starts with LOCK and carries no parameter
        assertThat(lines).anyMatch(l -> l.startsWith("PASS  run_lock "));
        List<String> lockBatches = api.requests("BatchExecuteStatement").stream()
                .map(com.github.tomakehurst.wiremock.verification.LoggedRequest::getBodyAsString).filter(b -> b.contains("\"LOCK ")).toList();
        assertThat(lockBatches).hasSize(2).allSatisfy(b -> assertThat(b).doesNotContain("\"Parameters\"").doesNotContain(":holder"));
    }

    @Test
    void aFailingProbeAndAFailingModelExitNonZeroWithTheRedshiftErrorAndStillDropTheScratchSchema() {
        documentedRedshift();
        answer("JSON_SERIALIZE(t.p.none)", List.of(java.util.Arrays.asList(null, null)));
        fails("BatchExecuteStatement", "INSERT INTO " + SCRATCH + ".stg_events", "ERROR: value too long for type character varying(1024)");
        Result r = check();
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        assertThat(r.out().lines().toList())
                .anyMatch(l -> l.startsWith("FAIL  json_serialize_null ") && l.endsWith("expected ['null', NULL], got [NULL, NULL]"))
                .anyMatch(l -> l.startsWith("FAIL  fixture_run ") && l.contains("staging failed")
                        && l.contains("value too long for type character varying(1024)"))
                .noneMatch(l -> l.startsWith("PASS  fixture:"))
                .anyMatch(l -> l.startsWith("PASS  scratch_dropped "));
        assertThat(r.out()).endsWith(" passed, 2 failed\n");
    }

    @Test
    void anUnreachableDataApiFailsTheFirstStepAndExitsNonZero() {
        api.server().stubFor(call("ExecuteStatement").willReturn(connectionReset()));
        Result r = check();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out().lines().toList()).hasSize(2).first().asString()
                .startsWith("FAIL  connect ").contains("ConnectionFailed").contains("gave up after 6 attempts");
        assertThat(api.requests("ExecuteStatement")).hasSize(6);
        assertThat(r.out()).endsWith("0 passed, 1 failed\n");
    }
}
