package dev.clickstream.warehouse.queries;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The query files parse, the catalog lists exactly the folder, and docs/queries.md shows what the headers say. */
class TestAnalystQueryCatalog {
    static final String BEGIN = "<!-- queries:begin (generated from the headers in redshift-sql/queries/; TestAnalystQueryCatalog checks it) -->\n";
    static final String END = "<!-- queries:end -->";

    @Test
    void everyQueryFileIsInTheCatalog() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("queries"))) {
            List<String> names = s.map(p -> p.getFileName().toString().replace(".sql", "")).toList();
            assertThat(names).containsExactlyInAnyOrderElementsOf(AnalystQueries.QUERY_FILES);
        }
    }

    @Test
    void headersDeclareDistinctColumnsAndKnownParameters() {
        for (AnalystQuery q : AnalystQueries.load().all()) {
            assertThat(q.columns()).as(q.name()).extracting(AnalystQuery.Column::name).doesNotHaveDuplicates();
            assertThat(q.chart().kind()).as(q.name()).isIn("line", "bar", "hbar", "funnel", "heatmap", "none");
            for (String option : List.of("x", "y", "y2", "x2", "value", "label", "name", "table")) {
                String value = q.chart().options().get(option);
                if (value == null) continue;
                for (String column : value.split(",")) {
                    assertThat(q.columns()).as(q.name() + " chart " + option).extracting(AnalystQuery.Column::name).contains(column);
                }
            }
        }
    }

    @Test
    void bindingTakesTheCallersValuesAndTheDefaultsForWhatTheQueryUses() {
        AnalystQuery funnel = AnalystQueries.load().get("funnel");
        assertThat(funnel.parameters()).containsExactlyInAnyOrder("funnel", "from_day", "to_day", "source");
        assertThat(funnel.bind(Map.of("from_day", "2026-01-05", "to_day", "2026-01-06", "source", "*", "now", "x")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("funnel", "ecommerce", "from_day", "2026-01-05",
                        "to_day", "2026-01-06", "source", "*"));
        assertThatThrownBy(() -> funnel.bind(Map.of("from_day", "2026-01-05"))).hasMessageContaining(":to_day");
    }

    @Test
    void parameterPlaceholdersIgnoreCastsCommentsAndStrings() {
        AnalystQuery q = AnalystQuery.parse("""
                -- query: q
                -- title: t
                -- question: a question
                --   that goes on
                -- grain: g
                -- parameters: p
                -- reads: r
                -- columns: a text
                -- chart: none
                -- empty: e
                SELECT x::text, ':nope' -- :neither
                FROM t WHERE y = :from_day AND z = CAST(:now AS TIMESTAMP);
                """);
        assertThat(q.parameters()).containsExactly("from_day", "now");
        assertThat(q.question()).isEqualTo("a question that goes on");
        assertThat(q.sql()).doesNotEndWith(";").startsWith("SELECT");
    }

    @Test
    void docsListEveryQueryAsTheHeadersSay() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "queries.md"));
        assertThat(doc).contains(BEGIN + "\n" + AnalystQueries.load().markdown() + END);
    }
}
