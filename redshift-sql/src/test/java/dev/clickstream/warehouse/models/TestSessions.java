package dev.clickstream.warehouse.models;

import dev.clickstream.warehouse.testing.ModelHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.clickstream.warehouse.testing.ModelHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

/** Sessionization edge cases on real PostgreSQL; each run is incremental unless the test says otherwise. */
class TestSessions {
    static String page(String id, String anon, String ts) {
        return event(id, "page", null, null, anon, ts, "\"page_path\":\"/" + id + "\"");
    }

    static List<List<String>> sessions(ModelHarness w) {
        return w.rows("SELECT session_key, to_char(session_start, 'HH24:MI'), to_char(session_end, 'HH24:MI'), events, page_views,"
                + " landing_page, exit_page, is_engaged, is_bounce FROM clickstream.sessions ORDER BY session_start");
    }

    @Test
    void lateEventBridgesTwoSessionsIntoOne() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(page("a", "d", "2030-01-01T09:00:00.000000Z"), page("b", "d", "2030-01-01T09:20:00.000000Z"),
                    page("c", "d", "2030-01-01T10:10:00.000000Z"), page("e", "d", "2030-01-01T10:30:00.000000Z"));
            w.run();
            assertThat(sessions(w)).hasSize(2);
            w.refresh(page("late", "d", "2030-01-01T09:45:00.000000Z"));
            w.run();
            assertThat(sessions(w)).containsExactly(List.of("d", "09:00", "10:30", "5", "5", "/a", "/e", "t", "f"));
        }
    }

    @Test
    void lateEventMergesIntoALaterSessionOrStandsAlone() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(page("x", "d", "2030-01-01T12:00:00.000000Z"));
            w.run();
            w.refresh(page("early", "d", "2030-01-01T11:40:00.000000Z"), page("alone", "d", "2030-01-01T08:00:00.000000Z"));
            w.run();
            assertThat(sessions(w)).containsExactly(
                    List.of("d", "08:00", "08:00", "1", "1", "/alone", "/alone", "f", "t"),
                    List.of("d", "11:40", "12:00", "2", "2", "/early", "/x", "t", "f"));
        }
    }

    @Test
    void engagementFollowsGa4() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(page("one", "bounce", "2030-01-01T09:00:00.000000Z"),
                    page("p", "long", "2030-01-01T09:00:00.000000Z"),
                    event("t", "track", "Clicked", null, "long", "2030-01-01T09:00:11.000000Z", ""),
                    page("q", "buyer", "2030-01-01T09:00:00.000000Z"),
                    event("o", "track", "Order Completed", null, "buyer", "2030-01-01T09:00:05.000000Z",
                            "\"properties\":{\"revenue\":42.5}"));
            w.run();
            assertThat(w.rows("SELECT session_key, is_engaged, is_bounce, orders, revenue, duration_s FROM clickstream.sessions ORDER BY 1"))
                    .containsExactly(List.of("bounce", "f", "t", "0", "0", "0"), List.of("buyer", "t", "f", "1", "42.5", "5"),
                            List.of("long", "t", "f", "0", "0", "11"));
        }
    }

    @Test
    void sessionIdsAreDeterministicAndEventsLoadedLaterWait() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(page("a", "d", "2030-01-01T09:00:00.000000Z"));
            w.run();
            String id = w.rows("SELECT session_id FROM clickstream.sessions").get(0).get(0);
            w.refresh(page("b", "d", "2030-01-01T09:05:00.000000Z"));
            w.run();
            assertThat(w.rows("SELECT session_id, events FROM clickstream.sessions")).containsExactly(List.of(id, "2"));
        }
    }

    @Test
    void sessionsFollowALateAliasToTheirPerson() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(page("a", "dev-1", "2030-01-01T09:00:00.000000Z"));
            w.run();
            w.refresh(event("al", "alias", null, "bob", null, "2030-01-01T15:00:00.000000Z", "\"previous_id\":\"dev-1\""));
            w.run();
            assertThat(w.rows("SELECT session_key, user_key FROM clickstream.sessions ORDER BY session_start"))
                    .containsExactly(List.of("dev-1", "bob"), List.of("bob", "bob"));
        }
    }
}
