package dev.clickstream.warehouse.guard;

import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.Model;
import dev.clickstream.warehouse.runner.ModelCatalog;
import dev.clickstream.warehouse.runner.ModelRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails the build when shared SQL leaves the portable-SQL rulebook, and when Debian's sqlfluff cannot parse the
 * Redshift-targeted SQL as Redshift.
 */
class TestDialectGuard {
    static List<Path> files(String dir) throws IOException {
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            return s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
    }

    @Test
    void modelsAndStagingFollowTheRulebook() throws IOException {
        List<String> violations = new ArrayList<>();
        List<Path> checked = new ArrayList<>(files("models"));
        checked.addAll(files("staging"));
        checked.addAll(files("setup/common"));
        checked.addAll(files("queries"));
        checked.addAll(files("alerts"));
        for (Path f : checked) {
            boolean postgresStaging = f.endsWith(Path.of("staging", "postgres.sql"));
            for (String v : DialectRules.check(Files.readString(f), postgresStaging)) violations.add(f + ": " + v);
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(4);
        assertThat(violations).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "SELECT COUNT(*) FILTER (WHERE x > 1) FROM t|FILTER on an aggregate",
            "SELECT DISTINCT ON (a) a FROM t|DISTINCT ON",
            "INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING|ON CONFLICT",
            "DELETE FROM t RETURNING a|RETURNING",
            "SELECT * FROM t, LATERAL (SELECT 1) x|LATERAL",
            "SELECT generate_series(1, 3)|generate_series",
            "SELECT now() FROM t|NOW()",
            "SELECT a FROM t WHERE a IS DISTINCT FROM b|IS DISTINCT FROM",
            "SELECT CONCAT(a, b, c) FROM t|CONCAT with more than two arguments",
            "SELECT SUM(a) OVER (PARTITION BY b ORDER BY c) FROM t|aggregate window sum() OVER (… ORDER BY …) without a ROWS frame",
            "SELECT CAST(a AS jsonb) FROM t|jsonb outside the PostgreSQL staging model",
    })
    void eachRuleFires(String sql, String expected) {
        assertThat(DialectRules.check(sql, false)).containsExactly(expected);
    }

    @Test
    void allowedFormsPass() {
        assertThat(DialectRules.check("SELECT SUM(a) OVER (PARTITION BY b ORDER BY c ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),"
                + " ROW_NUMBER() OVER (PARTITION BY b ORDER BY c), CONCAT(a, b), COUNT(*) OVER (PARTITION BY b)"
                + " FROM t -- now() in a comment\nWHERE x = 'on conflict'", false)).isEmpty();
    }

    /** Every SQL file the runner sends: models, both staging twins, every setup file. */
    static List<Path> allSql() throws IOException {
        List<Path> all = new ArrayList<>(files("models"));
        all.addAll(files("staging"));
        for (String dir : List.of("setup/common", "setup/postgres", "setup/redshift", "setup/check")) all.addAll(files(dir));
        return all;
    }

    @Test
    void allSqlFollowsTheRedshiftSemanticRules() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path f : allSql()) {
            boolean staging = f.getParent().endsWith("staging");
            for (String v : RedshiftSemanticRules.check(Files.readString(f), staging)) violations.add(f + ": " + v);
        }
        assertThat(violations).isEmpty();
    }

    /** Each semantic rule, its AWS page, and a minimal statement it must reject. */
    static Stream<Arguments> badExamples() {
        return Stream.of(
                // JSON_PARSE makes 19.99 a DECIMAL, which IS_FLOAT rejects; IS_INTEGER stops at 32 bits
                bad(RedshiftSemanticRules.NUMBER_TEST, "https://docs.aws.amazon.com/redshift/latest/dg/r_is_float.html", false,
                        "SELECT CASE WHEN IS_FLOAT(p.price) OR IS_INTEGER(p.price) THEN p.price::DOUBLE PRECISION END FROM t p"),
                bad(RedshiftSemanticRules.NUMBER_TEST, "https://docs.aws.amazon.com/redshift/latest/dg/r_is_decimal.html", false,
                        "SELECT CASE WHEN IS_FLOAT(p.price) THEN p.price::DOUBLE PRECISION END FROM t p"),
                // JSON_SERIALIZE of a JSON null (or SQL NULL) is the string 'null', never SQL NULL
                bad(RedshiftSemanticRules.SERIALIZE_NULL, "https://docs.aws.amazon.com/redshift/latest/dg/JSON_SERIALIZE.html", false,
                        "SELECT CASE WHEN JSON_SIZE(p.traits) <= 65535 THEN JSON_SERIALIZE(p.traits) END FROM t p"),
                // and errors past the VARCHAR limit; JSON_SIZE measures without that limit
                bad(RedshiftSemanticRules.SERIALIZE_UNBOUNDED, "https://docs.aws.amazon.com/redshift/latest/dg/r_json_size.html", false,
                        "SELECT NULLIF(JSON_SERIALIZE(p.traits), 'null') FROM t p"),
                bad(RedshiftSemanticRules.VARBYTE_UNBOUNDED, "https://docs.aws.amazon.com/redshift/latest/dg/r_FROM_VARBYTE.html", false,
                        "SELECT FROM_VARBYTE(r.bad_payload, 'utf8') FROM t r"),
                // SVV_MV_INFO has schema_name, not schema
                bad(RedshiftSemanticRules.SYSTEM_COLUMN, "https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_MV_INFO.html", false,
                        "-- unless exists: SELECT 1 FROM svv_mv_info WHERE schema = 'clickstream' AND name = 'raw_events'\nSELECT 1"),
                bad(RedshiftSemanticRules.SYSTEM_COLUMN, "https://docs.aws.amazon.com/redshift/latest/dg/r_STV_MV_INFO.html", false,
                        "SELECT v.schema FROM svv_mv_info v"),
                // SVV_TABLE_INFO names the table "table" (a reserved word, so quoted), not table_name
                bad(RedshiftSemanticRules.SYSTEM_COLUMN, "https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_TABLE_INFO.html", false,
                        "-- unless exists: SELECT 1 FROM svv_table_info WHERE schema = 'clickstream' AND \"table_name\" = 'events'\nSELECT 1"),
                // LEFT and SUBSTRING count characters; VARCHAR(n) holds n bytes
                bad(RedshiftSemanticRules.BARE_TRUNCATION, "https://docs.aws.amazon.com/redshift/latest/dg/r_LEFT.html", true,
                        "INSERT INTO clickstream.stg_events (page_title) SELECT LEFT(r.payload.page_title::VARCHAR(65535), 1024) FROM t r"),
                bad(RedshiftSemanticRules.BARE_TRUNCATION, "https://docs.aws.amazon.com/redshift/latest/dg/r_SUBSTRING.html", true,
                        "INSERT INTO clickstream.stg_events (ip) SELECT SUBSTRING(r.payload->>'ip', 1, 64) FROM t r"),
                bad(RedshiftSemanticRules.BARE_TRUNCATION, "https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html", true,
                        "INSERT INTO clickstream.stg_events (ip) SELECT r.payload.ip::VARCHAR(64) FROM t r"),
                // an inequality join plans as a nested loop
                bad(RedshiftSemanticRules.RANGE_JOIN, "https://docs.aws.amazon.com/redshift/latest/dg/c-the-query-plan.html", false,
                        "SELECT h.hour, COUNT(*) FROM e JOIN h ON e.ts >= h.hour AND e.ts < h.hour + INTERVAL '1 hour' GROUP BY h.hour"),
                // a path step is an identifier: a reserved word there must be quoted, in a path or an unnested alias's path
                bad(SuperPathRules.RESERVED_STEP, "https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html", false,
                        "SELECT t.payload.raw::VARCHAR(65535) FROM t"),
                bad(SuperPathRules.RESERVED_STEP, "https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html", false,
                        "SELECT item.\"timestamp\", item.offset FROM t r, r.payload.properties.products AS item AT idx"),
                // SUPER casts turn errors into NULL, PostgreSQL's do not: one absurd value would fail every later run
                bad(RedshiftSemanticRules.UNGUARDED_CAST, "https://docs.aws.amazon.com/redshift/latest/dg/limitations-super.html", true,
                        "INSERT INTO s (price) SELECT CAST(r.payload->'properties'->>'price' AS DOUBLE PRECISION) FROM t r"));
    }

    private static Arguments bad(String rule, String awsPage, boolean staging, String sql) {
        return Arguments.of(rule, awsPage, staging, sql);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badExamples")
    void eachSemanticRuleFires(String rule, String awsPage, boolean staging, String sql) {
        assertThat(awsPage).startsWith("https://docs.aws.amazon.com/redshift/");
        List<String> found = RedshiftSemanticRules.check(sql, staging);
        assertThat(found).isNotEmpty().allMatch(v -> v.startsWith(rule));
    }

    /** The rules read the shipped SQL: undoing one guard in a shipped file is caught. */
    static Stream<Arguments> brokenGuards() {
        return Stream.of(
                Arguments.of("staging/redshift.sql", "NULLIF(JSON_SERIALIZE(r.payload.traits), 'null')",
                        "JSON_SERIALIZE(r.payload.traits)", RedshiftSemanticRules.SERIALIZE_NULL),
                Arguments.of("staging/redshift.sql", "IS_DECIMAL(r.payload.properties.price) OR IS_FLOAT(r.payload.properties.price)",
                        "IS_FLOAT(r.payload.properties.price) OR IS_INTEGER(r.payload.properties.price)", RedshiftSemanticRules.NUMBER_TEST),
                Arguments.of("staging/postgres.sql",
                        "COALESCE(c.page_title, CASE jsonb_typeof(r.payload->'page_title') WHEN 'string' THEN r.payload->>'page_title' END)",
                        "LEFT(r.payload->>'page_title', 1024)", RedshiftSemanticRules.BARE_TRUNCATION),
                Arguments.of("staging/postgres.sql", "       r.price,\n",
                        "       CAST(r.payload->'properties'->>'price' AS DOUBLE PRECISION),\n", RedshiftSemanticRules.UNGUARDED_CAST),
                Arguments.of("models/category_hourly.sql", "JOIN product_hours h ON h.hour = DATE_TRUNC('hour', e.event_ts)\n       AND ",
                        "JOIN product_hours h ON ", RedshiftSemanticRules.RANGE_JOIN),
                Arguments.of("setup/redshift/02_streaming_mv.sql", "n.nspname = 'clickstream'", "n.schema = 'clickstream'",
                        RedshiftSemanticRules.SYSTEM_COLUMN),
                Arguments.of("staging/redshift.sql", "t.payload.\"raw\"::", "t.payload.raw::", SuperPathRules.RESERVED_STEP),
                Arguments.of("setup/redshift/V3__sort_and_dist_keys.sql", "\"table\" = 'sessions'", "tablename = 'sessions'",
                        RedshiftSemanticRules.SYSTEM_COLUMN));
    }

    @ParameterizedTest(name = "{3} in {0}")
    @MethodSource("brokenGuards")
    void undoingAGuardInShippedSqlIsCaught(String file, String guarded, String broken, String rule) throws IOException {
        String sql = Files.readString(Path.of(file));
        assertThat(sql).contains(guarded);
        assertThat(RedshiftSemanticRules.check(sql, file.startsWith("staging"))).isEmpty();
        assertThat(RedshiftSemanticRules.check(sql.replace(guarded, broken), file.startsWith("staging")))
                .isNotEmpty().allMatch(v -> v.startsWith(rule));
    }

    @Test
    void theGoodFormsOfEachSemanticRulePass() {
        assertThat(RedshiftSemanticRules.check("""
                SELECT CASE WHEN IS_DECIMAL(p.price) OR IS_FLOAT(p.price) THEN
                            CASE WHEN ABS(p.price::DOUBLE PRECISION) <= 1e15 THEN p.price::DOUBLE PRECISION END END,
                       CASE WHEN JSON_SIZE(p.traits) <= 65535 THEN NULLIF(JSON_SERIALIZE(p.traits), 'null') END,
                       FROM_VARBYTE(SUBSTRING(r.bad_payload, 1, 49146), 'base64'),
                       LEFT(l.value, l.k), p.payload."raw", p.payload."timestamp", p.payload.raw_text, p.rawness
                FROM t p JOIN h ON h.hour = DATE_TRUNC('hour', p.ts) AND p.ts >= h.hour AND p.ts < h.hour + INTERVAL '1 hour';
                -- unless exists: SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'x'
                SELECT 1;
                """, true)).isEmpty();
    }

    /** The Data API binds parameters under PREPARE's rules, and PREPARE takes only SELECT, INSERT, UPDATE, DELETE. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://docs.aws.amazon.com/redshift/latest/dg/r_PREPARE.html|CREATE TEMP TABLE t AS SELECT * FROM e WHERE ts > CAST(:watermark AS TIMESTAMP)",
            "https://docs.aws.amazon.com/redshift/latest/mgmt/data-api.html|CREATE TEMP TABLE t AS SELECT * FROM e WHERE ts > CAST(? AS TIMESTAMP)",
    })
    void theDdlParameterRuleFires(String awsPage, String ddl) {
        assertThat(awsPage).startsWith("https://docs.aws.amazon.com/redshift/");
        assertThat(RedshiftSemanticRules.parametersInDdl(List.of(ddl))).singleElement().asString()
                .startsWith(RedshiftSemanticRules.DDL_PARAMETER);
        assertThat(RedshiftSemanticRules.parametersInDdl(List.of(
                "CREATE TEMP TABLE t AS SELECT * FROM e WHERE ts > CAST('2024-05-01 00:00:00' AS TIMESTAMP)",
                "INSERT INTO t SELECT * FROM e WHERE ts > CAST(:watermark AS TIMESTAMP) AND x::VARCHAR(10) = 'a:b'"))).isEmpty();
    }

    /** What the runner sends (ModelRunner.render: ANALYZE, inlined DDL literals) carries no placeholder in DDL. */
    @Test
    void theRunnerSendsNoBindParameterInDdl() {
        for (Dialect d : Dialect.values()) {
            ModelRunner runner = new ModelRunner(null, d, java.time.Clock.systemUTC());
            for (Model m : runner.catalog().ordered()) {
                java.util.Map<String, String> params = new java.util.HashMap<>(dev.clickstream.warehouse.runner.ModelParameters.DEFAULTS);
                for (String name : List.of("watermark", "run_upper", "run_ts")) params.put(name, "2030-01-01 00:00:00");
                for (Model.Binding b : m.bindings()) b.names().forEach(n -> params.put(n, "2030-01-01 00:00:00"));
                params.put("model_name", m.name());
                assertThat(RedshiftSemanticRules.parametersInDdl(runner.render(m, params))).as(d + " " + m.name()).isEmpty();
            }
            // the models as written do carry placeholders in CREATE TEMP TABLE … AS: the rendering is what removes them
            assertThat(RedshiftSemanticRules.parametersInDdl(runner.catalog().get("staging").statements())).isNotEmpty();
        }
    }

    @Test
    void everyModelFitsOneDataApiBatch() {
        for (Dialect d : Dialect.values()) {
            for (Model m : ModelCatalog.load(d).ordered()) {
                int statements = ModelRunner.withStatistics(m.statements()).size() + 1; // + the watermark update
                assertThat(statements).as(m.name()).isLessThanOrEqualTo(ModelRunner.MAX_BATCH_STATEMENTS);
            }
        }
    }

    @Test
    void everyModelFileIsInTheCatalog() throws IOException {
        List<String> names = files("models").stream().map(p -> p.getFileName().toString().replace(".sql", "")).toList();
        assertThat(names).containsExactlyInAnyOrderElementsOf(ModelCatalog.MODEL_FILES);
    }

    @Test
    void sqlfluffParsesAllRedshiftSql() throws Exception {
        List<Path> files = new ArrayList<>(files("models"));
        files.add(Path.of("staging", "redshift.sql"));
        files.addAll(files("setup/common"));
        files.addAll(files("setup/redshift"));
        files.addAll(files("queries"));
        files.addAll(files("alerts"));
        // one sqlfluff process per core, each over a folder of copies (its start-up is most of a small file's cost),
        // the files dealt largest first to the folder with the fewest bytes so far: staging alone is a third of the work
        int processes = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        List<Path> folders = new ArrayList<>();
        long[] bytes = new long[processes];
        for (int i = 0; i < processes; i++) {
            Path folder = Files.createTempDirectory("sqlfluff");
            Files.copy(Path.of(".sqlfluff"), folder.resolve(".sqlfluff")); // the module's settings: parse large files too
            folders.add(folder);
        }
        List<Path> inputs = new ArrayList<>();
        for (Path f : files) {
            Path input = f;
            if (f.endsWith(Path.of("setup", "redshift", "02_streaming_mv.sql"))) input = withoutMvClausesSqlfluffLacks(f);
            if (f.endsWith(Path.of("setup", "redshift", "04_reader_grants.sql"))) input = withoutRoleGranteeSqlfluffLacks(f);
            if (f.getFileName().toString().contains("seed")) input = firstValuesRows(f, 20);
            inputs.add(input);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) order.add(i);
        order.sort(Comparator.comparingLong((Integer i) -> size(inputs.get(i))).reversed());
        for (int i : order) {
            int least = 0;
            for (int k = 1; k < processes; k++) if (bytes[k] < bytes[least]) least = k;
            bytes[least] += size(inputs.get(i));
            Files.copy(inputs.get(i), folders.get(least).resolve(files.get(i).toString().replace('/', '~').replace('\\', '~')));
        }
        List<Process> running = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (Path folder : folders) {
            Path output = Files.createTempFile("sqlfluff", ".json");
            outputs.add(output);
            running.add(new ProcessBuilder("sqlfluff", "parse", "--dialect", "redshift", "--format", "json", folder.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(output.toFile()).start());
        }
        for (Process p : running) assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        // one entry per file: segments is null when the file did not parse, and holds "unparsable" where a part did not
        List<String> parsed = new ArrayList<>();
        List<String> unparsable = new ArrayList<>();
        for (Path output : outputs) for (tools.jackson.databind.JsonNode entry : new tools.jackson.databind.ObjectMapper().readTree(output.toFile())) {
            String file = entry.path("filepath").asString();
            parsed.add(Path.of(file).getFileName().toString());
            tools.jackson.databind.JsonNode segments = entry.path("segments");
            if (segments.isNull() || segments.isMissingNode() || segments.toString().contains("\"unparsable\"")) {
                unparsable.add(file.replace('~', '/'));
            }
        }
        assertThat(parsed).containsExactlyInAnyOrderElementsOf(
                files.stream().map(f -> f.toString().replace('/', '~').replace('\\', '~')).toList());
        assertThat(unparsable).isEmpty();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Seed files are one INSERT with a long VALUES list of the same shape; sqlfluff needs minutes for 1,400 rows,
     * so it parses the statement with its first rows only (the rest are data of the identical shape).
     */
    private static Path firstValuesRows(Path seed, int keep) throws IOException {
        List<String> out = new ArrayList<>();
        int rows = 0;
        for (String line : Files.readAllLines(seed)) {
            if (line.matches("\\('.*'\\)[,;]")) {
                rows++;
                if (rows > keep) continue;
                if (rows == keep) line = line.substring(0, line.length() - 1) + ";";
            }
            out.add(line);
        }
        if (rows <= keep) return seed;
        Path tmp = Files.createTempFile("seed", ".sql");
        Files.write(tmp, out);
        return tmp;
    }

    /**
     * Debian's sqlfluff (1.4.5) has no grammar for the SORTKEY and AUTO REFRESH clauses of CREATE MATERIALIZED VIEW,
     * which Redshift documents; exactly those two clauses are removed, and everything else must still parse.
     */
    private static Path withoutMvClausesSqlfluffLacks(Path mv) throws IOException {
        String sql = Files.readString(mv);
        String trimmed = sql.replace("SORTKEY (approximate_arrival_timestamp)\n", "").replace("AUTO REFRESH YES\n", "");
        assertThat(trimmed).isNotEqualTo(sql);
        assertThat(trimmed.length()).isEqualTo(sql.length() - "SORTKEY (approximate_arrival_timestamp)\n".length()
                - "AUTO REFRESH YES\n".length());
        Path out = Files.createTempFile("streaming_mv", ".sql");
        Files.writeString(out, trimmed);
        return out;
    }

    /**
     * Debian's sqlfluff (1.4.5) has no grammar for a ROLE grantee in ALTER DEFAULT PRIVILEGES, which Redshift documents
     * ("TO { user_name [ WITH GRANT OPTION ] | ROLE role_name | GROUP group_name | PUBLIC }",
     * https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_DEFAULT_PRIVILEGES.html); exactly that word is removed
     * there, and everything else must still parse (the GRANT ... TO ROLE statements parse as they are).
     */
    private static Path withoutRoleGranteeSqlfluffLacks(Path roles) throws IOException {
        String sql = Files.readString(roles);
        String clause = "GRANT SELECT ON TABLES TO ROLE ";
        assertThat(sql).containsOnlyOnce(clause);
        Path out = Files.createTempFile("reader_role", ".sql");
        Files.writeString(out, sql.replace(clause, "GRANT SELECT ON TABLES TO "));
        return out;
    }
}
