package dev.clickstream.warehouse.models;

import dev.clickstream.warehouse.testing.ModelHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.clickstream.warehouse.testing.ModelHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

/** The default e-commerce funnel: ordered steps per user, within the window, counted on the day of step 1. */
class TestFunnels {
    static String track(String id, String name, String user, String ts) {
        return event(id, "track", name, user, null, ts, "");
    }

    static List<List<String>> daily(ModelHarness w) {
        return w.rows("SELECT day, step, users, round(CAST(conversion_from_previous AS NUMERIC), 2),"
                + " round(CAST(conversion_from_first AS NUMERIC), 2) FROM clickstream.funnel_daily ORDER BY day, step");
    }

    @Test
    void stepsCountInOrderPerUserWithinTheWindow() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(
                    // alice goes all the way
                    track("a1", "Product Viewed", "alice", "2030-01-01T10:00:00.000000Z"),
                    track("a2", "Product Added", "alice", "2030-01-01T10:05:00.000000Z"),
                    track("a3", "Checkout Started", "alice", "2030-01-01T10:06:00.000000Z"),
                    track("a4", "Order Completed", "alice", "2030-01-01T10:07:00.000000Z"),
                    // bob's steps are out of order: checkout before add does not count
                    track("b1", "Product Viewed", "bob", "2030-01-01T11:00:00.000000Z"),
                    track("b3", "Checkout Started", "bob", "2030-01-01T11:01:00.000000Z"),
                    track("b2", "Product Added", "bob", "2030-01-01T11:02:00.000000Z"),
                    // carol adds after the one-hour window
                    track("c1", "Product Viewed", "carol", "2030-01-01T12:00:00.000000Z"),
                    track("c2", "Product Added", "carol", "2030-01-01T13:30:00.000000Z"));
            w.run();
            assertThat(daily(w)).containsExactly(
                    List.of("2030-01-01", "1", "3", "1.00", "1.00"),
                    List.of("2030-01-01", "2", "2", "0.67", "0.67"),
                    List.of("2030-01-01", "3", "1", "0.50", "0.33"),
                    List.of("2030-01-01", "4", "1", "1.00", "0.33"));
        }
    }

    @Test
    void aLateStepCompletesAnEarlierAttempt() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(track("v", "Product Viewed", "dan", "2030-01-02T23:50:00.000000Z"));
            w.run();
            w.refresh(track("v2", "Product Viewed", "erin", "2030-01-03T08:00:00.000000Z"));
            w.run();
            w.refresh(track("add", "Product Added", "dan", "2030-01-03T00:10:00.000000Z"));
            w.run();
            assertThat(w.rows("SELECT day, step, users FROM clickstream.funnel_daily WHERE step <= 2 ORDER BY day, step"))
                    .containsExactly(List.of("2030-01-02", "1", "1"), List.of("2030-01-02", "2", "1"),
                            List.of("2030-01-03", "1", "1"), List.of("2030-01-03", "2", "0"));
        }
    }
}
