package dev.clickstream.warehouse.models;

import dev.clickstream.warehouse.testing.ModelHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.clickstream.warehouse.testing.ModelHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

/** Daily metrics exclude bot sessions and follow late changes. */
class TestDailyMetrics {
    @Test
    void metricsExcludeBotsAndFollowALateBotVerdict() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(event("a1", "page", null, null, "ann", "2030-01-01T10:00:00.000000Z", ""),
                    event("a2", "page", null, null, "ann", "2030-01-01T10:00:30.000000Z", ""),
                    event("a3", "track", "Order Completed", null, "ann", "2030-01-01T10:01:00.000000Z", "\"properties\":{\"revenue\":30}"),
                    event("b1", "page", null, null, "bob", "2030-01-01T11:00:00.000000Z", ""),
                    event("x1", "page", null, null, "soon-a-bot", "2030-01-01T12:00:00.000000Z", ""));
            w.run();
            assertThat(w.rows("SELECT day, unique_visitors, sessions, engaged_sessions, round(CAST(bounce_rate AS NUMERIC), 3),"
                    + " orders, revenue, round(CAST(conversion_rate AS NUMERIC), 3), bot_sessions FROM clickstream.daily_metrics"))
                    .containsExactly(List.of("2030-01-01", "3", "3", "1", "0.667", "1", "30", "0.333", "0"));
            List<String> burst = new ArrayList<>();
            for (int i = 0; i < 12; i++) burst.add(event("x" + (i + 2), "track", "Clicked", null, "soon-a-bot",
                    String.format("2030-01-02T09:00:%09.6fZ", i * 0.5), ""));
            w.refresh(burst.toArray(String[]::new));
            w.run();
            assertThat(w.rows("SELECT day, unique_visitors, sessions, bot_sessions FROM clickstream.daily_metrics ORDER BY day"))
                    .as("the bot verdict also removes the bot's earlier session from day 1")
                    .containsExactly(List.of("2030-01-01", "2", "2", "1"), List.of("2030-01-02", "0", "0", "1"));
        }
    }
}
