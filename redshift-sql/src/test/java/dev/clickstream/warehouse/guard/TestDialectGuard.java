package dev.clickstream.warehouse.guard;

import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.Model;
import dev.clickstream.warehouse.runner.ModelCatalog;
import dev.clickstream.warehouse.runner.ModelRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        files.add(Path.of("queries")); // a folder parses in one sqlfluff process: its start-up is most of a file's cost
        files.add(Path.of("alerts"));
        List<String> unparsable = new ArrayList<>();
        for (Path f : files) {
            Path input = f;
            if (f.endsWith(Path.of("setup", "redshift", "02_streaming_mv.sql"))) input = withoutMvClausesSqlfluffLacks(f);
            if (f.endsWith(Path.of("setup", "redshift", "03_reader_role.sql"))) input = withoutRoleGranteeSqlfluffLacks(f);
            if (f.getFileName().toString().contains("seed")) input = firstValuesRows(f, 20);
            Process p = new ProcessBuilder("sqlfluff", "parse", "--dialect", "redshift", input.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            if (out.contains("unparsable") || out.contains("| PRS |")) unparsable.add(f + ":\n" + out.lines().filter(l -> l.contains("PRS")).toList());
        }
        assertThat(unparsable).isEmpty();
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
