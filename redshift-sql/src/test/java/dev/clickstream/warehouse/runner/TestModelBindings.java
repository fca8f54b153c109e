package dev.clickstream.warehouse.runner;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A model's `-- bind:` statements are run before its transaction, not inside it, and never taken for header lines. */
class TestModelBindings {
    static final String TEXT = """
            -- model: m
            -- grain: g
            -- keys: k
            -- depends on: events
            -- incremental: i
            -- late events: l
            -- tables: clickstream.t
            -- bind: scan_from, scan_to
            -- a comment about the bound
            SELECT MIN(event_ts), MAX(event_ts) FROM clickstream.events
            WHERE loaded_at > CAST(:watermark AS TIMESTAMP);

            DELETE FROM clickstream.t WHERE ts >= CAST(:scan_from AS TIMESTAMP);
            """;

    @Test
    void bindingsAreSplitFromTheStatementsAndTheHeader() {
        Model m = Model.parse(TEXT);
        assertThat(m.header()).doesNotContainKey("bind");
        assertThat(m.bindings()).hasSize(1);
        assertThat(m.bindings().get(0).names()).isEqualTo(List.of("scan_from", "scan_to"));
        assertThat(m.bindings().get(0).sql()).contains("SELECT MIN(event_ts), MAX(event_ts)");
        assertThat(m.statements()).hasSize(1).allMatch(s -> s.startsWith("DELETE FROM clickstream.t"));
    }

    @Test
    void theShippedModelsBindTheirScanBounds() {
        for (Model m : ModelCatalog.load(Dialect.POSTGRES).ordered()) {
            List<String> names = m.bindings().stream().flatMap(b -> b.names().stream()).toList();
            switch (m.name()) {
                case "cart_abandonment" -> assertThat(names).containsExactly("cart_from_ts");
                case "category_hourly" -> assertThat(names).containsExactly("category_scan_from");
                case "brand_daily" -> assertThat(names).containsExactly("brand_scan_from");
                case "daily_metrics" -> assertThat(names).containsExactly("metrics_scan_from");
                default -> assertThat(names).isEmpty();
            }
            for (String name : names) assertThat(String.join("\n", m.statements())).contains(":" + name);
        }
    }
}
