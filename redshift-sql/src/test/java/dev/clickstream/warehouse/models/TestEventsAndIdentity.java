package dev.clickstream.warehouse.models;

import dev.clickstream.warehouse.runner.ModelRunner;
import dev.clickstream.warehouse.testing.ModelHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.clickstream.warehouse.testing.ModelHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

/** Hand-built fixtures pinning the events and identity models' edge cases, on real PostgreSQL. */
class TestEventsAndIdentity {
    @Test
    void duplicateMessageIdsKeepTheFirstArrivalAcrossRuns() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(event("m1", "track", "First", "u1", null, "2030-01-01T10:00:00.000000Z", ""),
                    event("m1", "track", "Retry", "u1", null, "2030-01-01T10:00:00.000000Z", ""));
            w.run();
            w.refresh(event("m1", "track", "Late replay", "u1", null, "2030-01-01T10:00:00.000000Z", ""));
            w.run();
            assertThat(w.rows("SELECT message_id, event FROM clickstream.events")).containsExactly(List.of("m1", "First"));
            assertThat(w.rows("SELECT count(*) FROM clickstream.stg_events")).containsExactly(List.of("3"));
        }
    }

    /** Issue 11 §8: a browser key is public, so a message_id of one source must not pre-empt another source's event. */
    @Test
    void aCrossSourceDuplicateMessageIdKeepsBothEventsAndCountsEachOrderOnce() {
        String order = "\"properties\":{\"revenue\":10,\"products\":[{\"product_id\":\"p1\",\"category\":\"shoes\",\"price\":10}]}";
        try (ModelHarness w = new ModelHarness()) {
            // the attacker's source sends the id first; the shop's server sends the real order with the same id later
            w.refresh(event("o1", "track", "Order Completed", null, "attacker", "2030-01-01T10:00:00.000000Z", order)
                    .replace("\"source\":\"web\"", "\"source\":\"public-browser-key\""));
            w.run();
            w.refresh(event("o1", "track", "Order Completed", "u1", null, "2030-01-01T10:00:30.000000Z", order)
                    .replace("\"source\":\"web\"", "\"source\":\"server\""),
                    event("o1", "track", "Order Completed", "u1", null, "2030-01-01T10:00:30.000000Z", order)
                            .replace("\"source\":\"web\"", "\"source\":\"server\"")); // and its SDK retry
            w.run();
            assertThat(w.rows("SELECT source, user_key FROM clickstream.events ORDER BY source"))
                    .containsExactly(List.of("public-browser-key", "attacker"), List.of("server", "u1"));
            assertThat(w.rows("SELECT source, message_id, product_id FROM clickstream.order_items ORDER BY source"))
                    .containsExactly(List.of("public-browser-key", "o1", "p1"), List.of("server", "o1", "p1"));
            // one purchase per order event, not one per pair of events sharing the id
            assertThat(w.rows("SELECT category, purchases FROM clickstream.category_hourly")).containsExactly(List.of("shoes", "2"));
            assertThat(w.rows("SELECT user_key, orders, revenue FROM clickstream.sessions ORDER BY user_key"))
                    .containsExactly(List.of("attacker", "1", "10"), List.of("u1", "1", "10"));
        }
    }

    @Test
    void outOfOrderArrivalKeepsEventTime() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(event("late", "track", "B", "u1", null, "2030-01-01T10:05:00.000000Z", ""));
            w.refresh(event("early", "track", "A", "u1", null, "2030-01-01T10:00:00.000000Z", ""));
            w.run();
            assertThat(w.rows("SELECT message_id FROM clickstream.events ORDER BY event_ts"))
                    .containsExactly(List.of("early"), List.of("late"));
        }
    }

    @Test
    void loginMidSessionStitchesEarlierAnonymousBrowsing() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(event("a1", "page", null, null, "anon", "2030-01-01T10:00:00.000000Z", ""),
                    event("a2", "track", "Product Viewed", null, "anon", "2030-01-01T10:01:00.000000Z", ""));
            w.run();
            assertThat(w.rows("SELECT user_key FROM clickstream.events WHERE message_id = 'a1'")).containsExactly(List.of("anon"));
            w.refresh(event("id1", "identify", null, "alice", "anon", "2030-01-01T10:02:00.000000Z", ""),
                    event("a3", "track", "Order Completed", null, "anon", "2030-01-01T10:03:00.000000Z", ""));
            w.run();
            assertThat(w.rows("SELECT message_id, user_key FROM clickstream.events ORDER BY event_ts")).containsExactly(
                    List.of("a1", "alice"), List.of("a2", "alice"), List.of("id1", "alice"), List.of("a3", "alice"));
            assertThat(w.rows("SELECT anonymous_id, user_id, first_seen, last_seen FROM clickstream.identity_map"))
                    .containsExactly(List.of("anon", "alice", "2030-01-01 10:02:00", "2030-01-01 10:02:00"));
        }
    }

    @Test
    void sharedDeviceKeepsTwoPeopleApart() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(event("p1", "page", null, null, "family-pc", "2030-01-01T09:00:00.000000Z", ""),
                    event("i1", "identify", null, "mum", "family-pc", "2030-01-01T09:05:00.000000Z", ""),
                    event("p2", "page", null, null, "family-pc", "2030-01-01T09:10:00.000000Z", ""),
                    event("p3", "page", null, null, "family-pc", "2030-01-01T18:00:00.000000Z", ""),
                    event("i2", "identify", null, "son", "family-pc", "2030-01-01T18:05:00.000000Z", ""),
                    event("p4", "page", null, null, "family-pc", "2030-01-01T18:30:00.000000Z", ""));
            w.run();
            assertThat(w.rows("SELECT message_id, user_key FROM clickstream.events ORDER BY event_ts")).containsExactly(
                    List.of("p1", "mum"), List.of("i1", "mum"), List.of("p2", "son"), List.of("p3", "son"),
                    List.of("i2", "son"), List.of("p4", "son"));
            assertThat(w.rows("SELECT user_id FROM clickstream.identity_map ORDER BY user_id"))
                    .containsExactly(List.of("mum"), List.of("son"));
        }
    }

    @Test
    void lateIdentifyRestitchesEarlierAnonymousEvents() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(event("x1", "page", null, null, "dev-1", "2030-01-01T08:00:00.000000Z", ""),
                    event("x3", "page", null, null, "dev-1", "2030-01-01T08:20:00.000000Z", ""));
            w.run();
            w.refresh(event("al", "alias", null, "bob", null, "2030-01-01T08:10:00.000000Z", "\"previous_id\":\"dev-1\""));
            w.run();
            assertThat(w.rows("SELECT message_id, user_key FROM clickstream.events WHERE user_id IS NULL ORDER BY event_ts"))
                    .containsExactly(List.of("x1", "bob"), List.of("x3", "bob"));
        }
    }

    @Test
    void fullRefreshRebuildsTheSameTables() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(event("a", "page", null, null, "d", "2030-01-01T10:00:00.000000Z", ""));
            w.run();
            w.refresh(event("b", "identify", null, "u", "d", "2030-01-01T10:01:00.000000Z", ""),
                    event("a", "page", null, null, "d", "2030-01-01T10:00:00.000000Z", ""));
            w.run();
            List<List<String>> incremental = w.rows("SELECT message_id, user_key, event_ts FROM clickstream.events ORDER BY 1");
            List<ModelRunner.Outcome> outcomes = w.runner().run(null, true);
            assertThat(outcomes).allMatch(o -> o.status().equals("succeeded"));
            assertThat(w.rows("SELECT message_id, user_key, event_ts FROM clickstream.events ORDER BY 1")).isEqualTo(incremental);
        }
    }

    @Test
    void aFailingModelIsNamedAndKeepsItsWatermark() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(event("a", "page", null, null, "d", "2030-01-01T10:00:00.000000Z", ""),
                    event("b", "identify", null, "u", "d", "2030-01-01T10:01:00.000000Z", ""));
            w.execute("ALTER TABLE clickstream.identity_map RENAME TO identity_map_gone");
            List<ModelRunner.Outcome> outcomes = w.runner().run(null, false);
            ModelRunner.Outcome last = outcomes.get(outcomes.size() - 1);
            assertThat(last.model()).isEqualTo("events");
            assertThat(last.status()).isEqualTo("failed");
            assertThat(last.error()).startsWith("model events, statement ").contains("identity_map");
            assertThat(w.rows("SELECT high_watermark FROM clickstream.model_state WHERE model = 'events'"))
                    .containsExactly(List.of("1970-01-01 00:00:00"));
            assertThat(w.rows("SELECT status FROM clickstream.model_runs WHERE model = 'events'")).containsExactly(List.of("failed"));
            // the model's statements share one transaction: the link written before the failing statement is gone too
            assertThat(w.rows("SELECT COUNT(*) FROM clickstream.identity_links")).containsExactly(List.of("0"));
            assertThat(w.rows("SELECT COUNT(*) FROM clickstream.events")).containsExactly(List.of("0"));
            w.execute("ALTER TABLE clickstream.identity_map_gone RENAME TO identity_map");
            assertThat(w.runner().run(null, false)).extracting(ModelRunner.Outcome::status).contains("succeeded");
        }
    }
}
