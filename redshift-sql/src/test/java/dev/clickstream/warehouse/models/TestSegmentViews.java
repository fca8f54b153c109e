package dev.clickstream.warehouse.models;

import dev.clickstream.warehouse.testing.ModelHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.clickstream.warehouse.testing.ModelHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

/** Segment warehouse queries keep working on the Segment-compatible views. */
class TestSegmentViews {
    @Test
    void segmentStyleQueriesRun() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(event("t1", "track", "Order Completed", "u1", "a1", "2030-01-01T10:00:00.000000Z",
                            "\"page_url\":\"https://shop.example/checkout\",\"library_name\":\"analytics.js\""),
                    event("p1", "page", null, null, "a1", "2030-01-01T09:59:00.000000Z", "\"name\":\"Checkout\",\"page_path\":\"/checkout\""),
                    event("i1", "identify", null, "u1", "a1", "2030-01-01T09:00:00.000000Z", "\"traits\":{\"plan\":\"free\"}"),
                    event("i2", "identify", null, "u1", "a1", "2030-01-01T11:00:00.000000Z", "\"traits\":{\"plan\":\"pro\"}"),
                    event("g1", "group", null, "u1", null, "2030-01-01T11:00:00.000000Z", "\"group_id\":\"acct-1\""),
                    event("al", "alias", null, "u1", null, "2030-01-01T11:00:00.000000Z", "\"previous_id\":\"a1\""));
            w.run();
            assertThat(w.rows("SELECT id, event, event_text, user_id, context_page_url, context_library_name FROM clickstream.tracks"))
                    .containsExactly(List.of("t1", "order_completed", "Order Completed", "u1", "https://shop.example/checkout", "analytics.js"));
            assertThat(w.rows("SELECT id, name, path FROM clickstream.pages")).containsExactly(List.of("p1", "Checkout", "/checkout"));
            assertThat(w.rows("SELECT count(*) FROM clickstream.identifies")).containsExactly(List.of("2"));
            assertThat(w.rows("SELECT id, traits FROM clickstream.users")).containsExactly(List.of("u1", "{\"plan\": \"pro\"}"));
            assertThat(w.rows("SELECT group_id FROM clickstream.groups")).containsExactly(List.of("acct-1"));
            assertThat(w.rows("SELECT previous_id, user_id FROM clickstream.aliases")).containsExactly(List.of("a1", "u1"));
            assertThat(w.rows("SELECT count(*) FROM clickstream.screens")).containsExactly(List.of("0"));
        }
    }
}
