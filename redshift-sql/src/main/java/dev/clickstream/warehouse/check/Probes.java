package dev.clickstream.warehouse.check;

import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.Model;
import dev.clickstream.warehouse.runner.ModelCatalog;
import dev.clickstream.warehouse.runner.NamedParameters;
import dev.clickstream.warehouse.runner.RunLock;
import dev.clickstream.warehouse.runner.SqlExecutionException;
import dev.clickstream.warehouse.runner.SqlExecutor;
import dev.clickstream.warehouse.runner.StatementRenderer;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The probe battery of {@code models check}: small statements, each checking one assumption the models and setup
 * rely on, in the scratch schema. A probe returns a detail for its PASS line or throws; the thrown message (the
 * warehouse's error, or what was expected and what came back) goes on its FAIL line.
 */
final class Probes {
    interface Action {
        String run(SqlExecutor sql, String scratch);
    }

    record Probe(String name, String checks, boolean redshiftOnly, Action action) {}

    static final String TS = "2030-01-01 10:00:00";
    static final String JAPANESE = "日本語テスト";

    private Probes() {}

    /** The probes in the order they run; the fixture run and the scratch schema's own lines come from {@link WarehouseCheck}. */
    static List<Probe> all() {
        return List.of(
                new Probe("parameters", "bound parameters in INSERT, UPDATE and DELETE of one batch, and in SELECT", false, Probes::parameters),
                new Probe("ddl_literals", "CREATE TEMP TABLE … AS with inlined literals, then INSERT with a bound parameter, in one batch",
                        false, Probes::ddlLiterals),
                new Probe("run_lock", "the run lock's batch: LOCK, then DELETE and INSERT with inlined literals, no parameter",
                        false, Probes::runLock),
                new Probe("json_parse_numbers", "JSON_PARSE of 19.99 and 4294967296: JSON_TYPEOF is number, ::DOUBLE PRECISION keeps the value",
                        true, (sql, s) -> expect(superRow(sql, s, "JSON_TYPEOF(t.p.price), t.p.price::DOUBLE PRECISION, "
                                + "JSON_TYPEOF(t.p.big), t.p.big::DOUBLE PRECISION"), "number", "19.99", "number", "4294967296")),
                new Probe("json_parse_null", "a JSON null: JSON_TYPEOF is null, ::VARCHAR is SQL NULL", true,
                        (sql, s) -> expect(superRow(sql, s, "JSON_TYPEOF(t.p.none), "
                                + "CASE WHEN t.p.none::VARCHAR IS NULL THEN 'true' ELSE 'false' END"), "null", "true")),
                new Probe("json_serialize_null", "JSON_SERIALIZE of a JSON null is the text 'null'; NULLIF(…, 'null') makes it SQL NULL",
                        true, (sql, s) -> expect(superRow(sql, s, "JSON_SERIALIZE(t.p.none), NULLIF(JSON_SERIALIZE(t.p.none), 'null')"),
                                "null", null)),
                new Probe("varchar_bytes", "VARCHAR(10) holds 10 bytes: 4 Japanese characters (12 bytes) are refused", true, Probes::varcharBytes),
                new Probe("byte_cut", "OCTET_LENGTH(LEFT(s, k)) is the bytes of k characters; a 3-character cut (9 bytes) fits VARCHAR(10)",
                        false, Probes::byteCut),
                new Probe("materialized_view", "CREATE MATERIALIZED VIEW … AUTO REFRESH YES outside a transaction", true,
                        (sql, s) -> {
                            sql.executeOutsideTransaction("check:probe", "CREATE MATERIALIZED VIEW " + s + ".probe_mv SORTKEY (n) "
                                    + "AUTO REFRESH YES AS SELECT label, n FROM " + s + ".probe_params", Map.of());
                            return "";
                        }),
                new Probe("setup_guards", "the setup's `-- unless exists:` queries run, and find a materialized view of ours", true,
                        Probes::setupGuards),
                new Probe("external_schema", "CREATE EXTERNAL SCHEMA … FROM KINESIS as setup writes it, outside a transaction "
                        + "(needs the namespace's default IAM role)", true, Probes::externalSchema));
    }

    private static String parameters(SqlExecutor sql, String s) {
        sql.executeOutsideTransaction("check:probe", "CREATE TABLE " + s + ".probe_params (ts TIMESTAMP, n BIGINT, label VARCHAR(16))", Map.of());
        sql.executeInTransaction("check:parameters", List.of(
                "INSERT INTO " + s + ".probe_params (ts, n, label) VALUES (CAST(:ts AS TIMESTAMP), CAST(:n AS BIGINT), :label)",
                "UPDATE " + s + ".probe_params SET n = n + CAST(:n AS BIGINT) WHERE label = :label",
                "DELETE FROM " + s + ".probe_params WHERE label = :label AND n < CAST(:n AS BIGINT)"),
                Map.of("ts", TS, "n", "42", "label", "bound"));
        List<List<String>> rows = sql.query("SELECT ts, n, label FROM " + s + ".probe_params WHERE label = :label", Map.of("label", "bound"));
        return expect(one(rows, "ts", "num", "text"), TS, "84", "bound");
    }

    private static String ddlLiterals(SqlExecutor sql, String s) {
        Map<String, String> params = Map.of("ts", TS, "n", "7", "label", "inlined");
        List<String> statements = StatementRenderer.render(List.of(
                "CREATE TEMP TABLE probe_literals AS SELECT CAST(:ts AS TIMESTAMP) AS ts, CAST(:n AS BIGINT) AS n",
                "INSERT INTO " + s + ".probe_params (ts, n, label) SELECT ts, n, :label FROM probe_literals",
                "DROP TABLE probe_literals"), params);
        if (!NamedParameters.names(statements.get(0)).isEmpty()) throw new IllegalStateException("the CTAS kept a placeholder");
        sql.executeInTransaction("check:ddl_literals", statements, params);
        List<List<String>> rows = sql.query("SELECT ts, n FROM " + s + ".probe_params WHERE label = :label", Map.of("label", "inlined"));
        return expect(one(rows, "ts", "num"), TS, "7");
    }

    /** RunLock itself, on a run_lock table in the scratch schema made by the setup file that makes the real one. */
    private static String runLock(SqlExecutor sql, String s) {
        SchemaRenamingExecutor scratch = new SchemaRenamingExecutor(sql, s);
        for (String statement : Model.statements(ModelCatalog.resource("sql/setup/common/06_run_lock.sql"))) {
            scratch.executeOutsideTransaction("check:probe", statement, Map.of());
        }
        RunLock lock = new RunLock(scratch, Clock.systemUTC(), Duration.ofMinutes(5), WarehouseCheck.lockHolder(s));
        RunLock.Lease other = lock.tryAcquire();
        if (other != null) throw new IllegalStateException("the lock was not taken; the table names " + other.holder());
        lock.release();
        return "taken and released";
    }

    /** One row of expressions over {@code t.p}, the SUPER {"price":19.99,"big":4294967296,"none":null} loaded with a bound JSON_PARSE. */
    private static List<String> superRow(SqlExecutor sql, String s, String expressions) {
        sql.executeOutsideTransaction("check:probe", "CREATE TABLE IF NOT EXISTS " + s + ".probe_super (p SUPER)", Map.of());
        sql.executeInTransaction("check:probe_super", List.of("INSERT INTO " + s + ".probe_super (p) SELECT JSON_PARSE(:doc) "
                + "WHERE NOT EXISTS (SELECT 1 FROM " + s + ".probe_super)"), Map.of("doc", "{\"price\":19.99,\"big\":4294967296,\"none\":null}"));
        List<List<String>> rows = sql.query("SELECT " + expressions + " FROM " + s + ".probe_super t", Map.of());
        String[] kinds = new String[rows.isEmpty() ? 0 : rows.get(0).size()];
        Arrays.fill(kinds, "num");
        return one(rows, kinds);
    }

    private static String varcharBytes(SqlExecutor sql, String s) {
        sql.executeOutsideTransaction("check:probe", "CREATE TABLE IF NOT EXISTS " + s + ".probe_bytes (v VARCHAR(10))", Map.of());
        try {
            sql.executeInTransaction("check:varchar_bytes", List.of("INSERT INTO " + s + ".probe_bytes (v) VALUES ('日本語テ')"), Map.of());
        } catch (SqlExecutionException e) {
            return "refused: " + e.getMessage();
        }
        throw new IllegalStateException("VARCHAR(10) took 12 bytes: it counts characters here, so the byte-width rule is wrong");
    }

    private static String byteCut(SqlExecutor sql, String s) {
        String v = "CAST('" + JAPANESE + "' AS VARCHAR(64))";
        expect(one(sql.query("SELECT OCTET_LENGTH(" + v + "), OCTET_LENGTH(LEFT(" + v + ", 3)), OCTET_LENGTH(LEFT(" + v + ", 4))",
                Map.of()), "num", "num", "num"), "18", "9", "12");
        sql.executeOutsideTransaction("check:probe", "CREATE TABLE IF NOT EXISTS " + s + ".probe_cut (v VARCHAR(10))", Map.of());
        sql.executeInTransaction("check:byte_cut", List.of("INSERT INTO " + s + ".probe_cut (v) SELECT LEFT(" + v + ", 3)"), Map.of());
        return expect(one(sql.query("SELECT v FROM " + s + ".probe_cut", Map.of()), "text"), "日本語");
    }

    /** Each guard query of the Redshift setup once per shape (guards that differ only in their literals run once). */
    private static String setupGuards(SqlExecutor sql, String s) {
        SchemaRenamingExecutor scratch = new SchemaRenamingExecutor(sql, s);
        java.util.Set<String> ran = new java.util.LinkedHashSet<>();
        java.util.Set<String> shapes = new java.util.HashSet<>();
        for (String file : Dialect.REDSHIFT.setupFiles()) {
            for (String line : ModelCatalog.resource("sql/setup/" + file).split("\n")) {
                if (!line.startsWith("-- unless exists:")) continue;
                if (!shapes.add(line.replaceAll("'[^']*'", "''"))) continue;
                String guard = scratch.rename(line.substring("-- unless exists:".length()).strip()).replace("'raw_events'", "'probe_mv'");
                List<List<String>> rows = sql.query(guard, Map.of());
                String lower = guard.toLowerCase(java.util.Locale.ROOT);
                if ((lower.contains("mv_info") || lower.contains("pg_class")) && rows.isEmpty()) {
                    throw new IllegalStateException("found no row for " + s + ".probe_mv: " + guard);
                }
                ran.add(file);
            }
        }
        return ran.isEmpty() ? "no guards" : "ran the guards of " + String.join(", ", ran);
    }

    private static String externalSchema(SqlExecutor sql, String s) {
        List<String> created = new ArrayList<>();
        for (String statement : Model.statements(ModelCatalog.resource("sql/setup/redshift/01_external_schema.sql"))) {
            String first = Model.firstLine(statement);
            if (!first.toUpperCase(java.util.Locale.ROOT).startsWith("CREATE EXTERNAL SCHEMA")) continue;
            String renamed = statement.replaceFirst("(?i)(CREATE EXTERNAL SCHEMA (IF NOT EXISTS )?)\\w+", "$1" + s + "_kds");
            sql.executeOutsideTransaction("check:probe", renamed, Map.of());
            created.add(s + "_kds");
            sql.executeOutsideTransaction("check:probe", "DROP SCHEMA " + s + "_kds", Map.of());
        }
        if (created.isEmpty()) throw new IllegalStateException("redshift/01_external_schema.sql has no CREATE EXTERNAL SCHEMA");
        return "created and dropped " + String.join(", ", created);
    }

    /** The only row, normalized column by column. */
    private static List<String> one(List<List<String>> rows, String... kinds) {
        if (rows.size() != 1) throw new IllegalStateException("expected one row, got " + rows.size() + ": " + rows);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows.get(0).size(); i++) out.add(Normalize.value(i < kinds.length ? kinds[i] : "text", rows.get(0).get(i)));
        return out;
    }

    private static String expect(List<String> actual, String... expected) {
        List<String> want = Arrays.asList(expected);
        if (!want.equals(actual)) throw new IllegalStateException("expected " + quoted(want) + ", got " + quoted(actual));
        return String.join(", ", actual.stream().map(String::valueOf).toList());
    }

    /** Values as SQL would show them: text quoted, NULL bare, so that 'null' and NULL differ on the line. */
    private static String quoted(List<String> values) {
        return values.stream().map(v -> v == null ? "NULL" : "'" + v + "'").toList().toString();
    }
}
