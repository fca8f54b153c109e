package dev.clickstream.warehouse.runner;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On PostgreSQL every temp table a model builds with CREATE TEMP TABLE … AS is analyzed right after it (autovacuum
 * never analyzes temp tables), whatever comments precede the statement; on Redshift, which analyzes CTAS tables by
 * itself, no ANALYZE is added.
 */
class TestTempTableStatistics {
    static final List<String> STATEMENTS = List.of(
            "CREATE TEMP TABLE plain AS SELECT 1 AS a",
            "-- what this table holds\n-- and why\nCREATE TEMP TABLE commented AS\nSELECT 1 AS a",
            "\n  /* a block comment\n     over lines */\n\n-- and a line\n  create temporary table lower_case as select 1 AS a",
            "CREATE TEMP TABLE empty_first (a INTEGER)",
            "-- CREATE TEMP TABLE only_in_a_comment AS SELECT 1\nINSERT INTO empty_first SELECT 1",
            "CREATE TEMP TABLE head_comment_inside AS\n-- a comment after the name\nSELECT 1 AS a",
            "DROP TABLE plain");

    @Test
    void everyCtasTempTableIsAnalyzedOnPostgresWhateverPrecedesIt() {
        assertThat(ModelRunner.withStatistics(STATEMENTS, Dialect.POSTGRES)).containsExactly(
                STATEMENTS.get(0), "ANALYZE plain",
                STATEMENTS.get(1), "ANALYZE commented",
                STATEMENTS.get(2), "ANALYZE lower_case",
                STATEMENTS.get(3),
                STATEMENTS.get(4),
                STATEMENTS.get(5), "ANALYZE head_comment_inside",
                STATEMENTS.get(6));
    }

    @Test
    void redshiftGetsNoAnalyze() {
        assertThat(ModelRunner.withStatistics(STATEMENTS, Dialect.REDSHIFT)).containsExactlyElementsOf(STATEMENTS);
    }

    /** Counted independently of the runner: every line of a model file that starts a CTAS temp table. */
    @Test
    void everyTempTableOfEveryShippedModelIsAnalyzed() {
        Pattern ctas = Pattern.compile("(?m)^CREATE TEMP TABLE (\\w+) AS\\b");
        for (Dialect dialect : List.of(Dialect.POSTGRES, Dialect.REDSHIFT)) {
            for (Model m : ModelCatalog.load(dialect).ordered()) {
                List<String> built = new ArrayList<>();
                for (String statement : m.statements()) {
                    Matcher t = ctas.matcher(statement);
                    while (t.find()) built.add(t.group(1));
                }
                List<String> analyzed = ModelRunner.withStatistics(m.statements(), dialect).stream()
                        .filter(s -> s.startsWith("ANALYZE ")).map(s -> s.substring("ANALYZE ".length())).toList();
                if (dialect == Dialect.POSTGRES) {
                    assertThat(analyzed).as(m.name()).containsExactlyElementsOf(built);
                } else {
                    assertThat(analyzed).as(m.name()).isEmpty();
                }
            }
        }
        List<String> staging = ModelRunner.withStatistics(ModelCatalog.load(Dialect.POSTGRES).get("staging").statements(),
                Dialect.POSTGRES);
        assertThat(staging).as("staging's temp tables all follow a comment").contains("ANALYZE staged_records",
                "ANALYZE staged_items", "ANALYZE long_records", "ANALYZE long_strings");
    }
}
