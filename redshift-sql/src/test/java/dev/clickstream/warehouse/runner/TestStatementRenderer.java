package dev.clickstream.warehouse.runner;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No bind parameter reaches a DDL statement (Redshift prepares only SELECT, INSERT, UPDATE and DELETE): DDL gets its
 * values as validated literals, and a value that is not a timestamp, a number or a word is refused.
 */
class TestStatementRenderer {
    static final Map<String, String> P = Map.of("watermark", "2030-01-01 10:00:00.123456", "gap", "1800", "cv", "0.1",
            "model", "cart_abandonment", "day", "2030-01-01", "neg", "-5");

    @Test
    void ddlGetsLiteralsAndDmlKeepsItsPlaceholders() {
        String ctas = "-- a comment with :gap\nCREATE TEMP TABLE t AS SELECT * FROM e WHERE ts > CAST(:watermark AS TIMESTAMP)"
                + " AND g < CAST(:gap AS DOUBLE PRECISION) * :cv AND m = :model AND d = CAST(:day AS DATE) AND n > :neg"
                + " AND s = ':gap' AND x::TEXT = \"col:gap\"";
        assertThat(StatementRenderer.render(ctas, P)).isEqualTo("-- a comment with :gap\nCREATE TEMP TABLE t AS SELECT * FROM e"
                + " WHERE ts > CAST('2030-01-01 10:00:00.123456' AS TIMESTAMP) AND g < CAST('1800' AS DOUBLE PRECISION) * '0.1'"
                + " AND m = 'cart_abandonment' AND d = CAST('2030-01-01' AS DATE) AND n > '-5'"
                + " AND s = ':gap' AND x::TEXT = \"col:gap\"");
        for (String dml : List.of("INSERT INTO t SELECT :gap", "  update t SET a = :gap", "DELETE FROM t WHERE a = :gap",
                "SELECT :gap", "WITH x AS (SELECT :gap) SELECT * FROM x", "-- bind: a\nSELECT MIN(ts) FROM t WHERE ts > :watermark")) {
            assertThat(StatementRenderer.render(dml, P)).isEqualTo(dml);
        }
        assertThat(StatementRenderer.render("ANALYZE t", P)).isEqualTo("ANALYZE t");
        assertThatThrownBy(() -> StatementRenderer.render("DROP TABLE t_:unknown", P)).hasMessageContaining(":unknown");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2030-01-01'; DROP TABLE clickstream.events; --", "1 OR 1=1", "1); DELETE FROM x; --", "x'y",
            "a\\'b", "", " 1", "1 ", "1e5", "0x10", "2030-01-01 10:00:00\n; DROP TABLE x", "١٢٣", "$$x$$", "/* */1",
            "12345678901234567890", "sessions--", "\"quoted\"", "a-b"})
    void valuesThatAreNotATimestampANumberOrAWordAreRefused(String hostile) {
        assertThatThrownBy(() -> StatementRenderer.render("CREATE TEMP TABLE t AS SELECT :v AS v", Map.of("v", hostile)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter :v (" + hostile.length() + " characters) is not a timestamp, a number or a word, "
                        + "so it is not inlined into DDL");
    }

    /** The shipped models, both dialects: no statement that Redshift cannot prepare is sent with a placeholder. */
    @Test
    void noShippedDdlStatementIsSentWithAPlaceholder() {
        Map<String, String> params = new HashMap<>(ModelParameters.DEFAULTS);
        params.putAll(Map.of("watermark", "2030-01-01 00:00:00", "run_upper", "2030-01-02 00:00:00", "run_ts", "2030-01-02 00:00:01",
                "cart_from_ts", "2030-01-01 00:00:00", "category_scan_from", "2030-01-01 00:00:00"));
        int ddl = 0;
        for (Dialect d : Dialect.values()) {
            ModelRunner runner = new ModelRunner(null, d, Clock.systemUTC());
            for (Model m : runner.catalog().ordered()) {
                for (String s : runner.render(m, params)) {
                    if (StatementRenderer.acceptsParameters(s)) continue;
                    ddl++;
                    assertThat(NamedParameters.names(s)).as(m.name() + ": " + Model.firstLine(s)).isEmpty();
                }
            }
        }
        assertThat(ddl).as("DDL statements checked").isPositive();
    }
}
