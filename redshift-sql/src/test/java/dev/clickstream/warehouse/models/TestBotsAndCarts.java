package dev.clickstream.warehouse.models;

import dev.clickstream.warehouse.testing.ModelHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.clickstream.warehouse.testing.ModelHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

/** Bot rules and cart abandonment on hand-built fixtures. */
class TestBotsAndCarts {
    static String ts(int minute, double second) {
        return String.format("2030-01-01T10:%02d:%09.6fZ", minute, second);
    }

    static List<List<String>> flags(ModelHarness w) {
        return w.rows("SELECT user_key, rule FROM clickstream.bot_flags ORDER BY 1, 2");
    }

    @Test
    void twelveEventBurstStraddlingATenSecondBoundaryIsFlagged() {
        try (ModelHarness w = new ModelHarness()) {
            List<String> burst = new ArrayList<>();
            // 12 events between 10:00:05.0 and 10:00:14.9: no fixed 10-second bucket holds more than 10 of them
            for (int i = 0; i < 12; i++) burst.add(event("b" + i, "track", "Clicked", null, "burst", ts(0, 5 + i * 0.9), ""));
            // a human: 12 events, one every 2 seconds
            for (int i = 0; i < 12; i++) burst.add(event("h" + i, "track", "Clicked", null, "human", ts(1, i * 2.0), ""));
            w.refresh(burst.toArray(String[]::new));
            w.run();
            assertThat(flags(w)).containsExactly(List.of("burst", "rate"));
            assertThat(w.rows("SELECT session_key, is_bot FROM clickstream.sessions ORDER BY 1"))
                    .containsExactly(List.of("burst", "t"), List.of("human", "f"));
        }
    }

    @Test
    void duplicatesDoNotMakeABurst() {
        try (ModelHarness w = new ModelHarness()) {
            List<String> retries = new ArrayList<>();
            for (int copy = 0; copy < 3; copy++) {
                for (int i = 0; i < 6; i++) retries.add(event("r" + i, "track", "Clicked", null, "retrying-sdk", ts(0, i), ""));
            }
            w.refresh(retries.toArray(String[]::new));
            w.run();
            assertThat(flags(w)).isEmpty();
        }
    }

    @Test
    void crawlerUserAgentIsFlagged() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(event("g", "page", null, null, "crawler", ts(0, 0),
                            "\"user_agent\":\"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)\""),
                    event("c", "page", null, null, "person", ts(0, 0),
                            "\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36\""));
            w.run();
            assertThat(flags(w)).containsExactly(List.of("crawler", "crawler_ua"));
            assertThat(w.rows("SELECT evidence FROM clickstream.bot_flags").get(0).get(0)).contains("googlebot");
        }
    }

    @Test
    void ipFarmOfManyAnonymousIdsIsFlagged() {
        try (ModelHarness w = new ModelHarness()) {
            List<String> farm = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                farm.add(event("f" + i, "page", null, null, "farm-" + i, ts(i, 0), "\"request_ip\":\"203.0.113.7\""));
            }
            farm.add(event("n", "page", null, null, "neighbour", ts(3, 0), "\"request_ip\":\"203.0.113.8\""));
            w.refresh(farm.toArray(String[]::new));
            w.run();
            assertThat(w.rows("SELECT count(*) FROM clickstream.bot_flags WHERE rule = 'ip_farm'")).containsExactly(List.of("25"));
            assertThat(w.rows("SELECT count(*) FROM clickstream.bot_flags WHERE user_key = 'neighbour'")).containsExactly(List.of("0"));
        }
    }

    /**
     * context.ip is the client's to write: a farm that claims a different ip for every anonymous id is still one observed
     * address, and people who all claim one ip (or have a backend write one for them) are still on their own addresses.
     */
    @Test
    void ipFarmReadsTheObservedAddressNotTheClaimedOne() {
        try (ModelHarness w = new ModelHarness()) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                events.add(event("f" + i, "page", null, null, "farm-" + i, ts(i, 0),
                        "\"request_ip\":\"203.0.113.7\",\"ip\":\"198.51.100." + i + "\""));
                events.add(event("p" + i, "page", null, null, "person-" + i, ts(i, 30),
                        "\"request_ip\":\"192.0.2." + i + "\",\"ip\":\"203.0.113.99\""));
            }
            w.refresh(events.toArray(String[]::new));
            w.run();
            assertThat(w.rows("SELECT count(*) FROM clickstream.bot_flags WHERE rule = 'ip_farm' AND user_key LIKE 'farm-%'"))
                    .containsExactly(List.of("25"));
            assertThat(w.rows("SELECT count(*) FROM clickstream.bot_flags WHERE user_key LIKE 'person-%'")).containsExactly(List.of("0"));
            assertThat(w.rows("SELECT evidence FROM clickstream.bot_flags WHERE user_key = 'farm-0'"))
                    .containsExactly(List.of("ip 203.0.113.7: 25 shallow anonymous ids of 25 in an hour"));
        }
    }

    @Test
    void metronomePageWalkerIsFlagged() {
        try (ModelHarness w = new ModelHarness()) {
            List<String> pages = new ArrayList<>();
            for (int i = 0; i < 10; i++) pages.add(event("m" + i, "page", null, null, "metronome", ts(i, 30), ""));
            int[] human = {0, 7, 9, 20, 26, 27, 40, 45, 52, 58};
            for (int i = 0; i < human.length; i++) pages.add(event("p" + i, "page", null, null, "reader", ts(human[i], 0), ""));
            w.refresh(pages.toArray(String[]::new));
            w.run();
            assertThat(flags(w)).containsExactly(List.of("metronome", "robotic_timing"));
        }
    }

    @Test
    void abandonedCartWhoseUserLeaves() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(event("add", "track", "Product Added", "ann", null, "2030-01-01T10:00:00.000000Z",
                    "\"properties\":{\"product_id\":\"sku-1\",\"price\":19.5},\"product_id\":\"sku-1\""));
            w.run();
            assertThat(w.rows("SELECT count(*) FROM clickstream.cart_abandonment")).as("undecided: the window is open")
                    .containsExactly(List.of("0"));
            // someone else's activity moves the event clock past the window; ann never comes back
            w.refresh(event("other", "page", null, null, "x", "2030-01-01T11:30:00.000000Z", ""));
            w.run();
            assertThat(w.rows("SELECT user_key, added_at, abandoned_at, value FROM clickstream.cart_abandonment"))
                    .containsExactly(List.of("ann", "2030-01-01 10:00:00", "2030-01-01 11:00:00", "19.5"));
        }
    }

    @Test
    void cartWhoseUserBuysFiveMinutesLaterIsNotAbandonedEvenWhenTheOrderArrivesLate() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(event("add", "track", "Product Added", "ben", null, "2030-01-01T10:00:00.000000Z", ""),
                    event("other-order", "track", "Order Completed", "someone-else", null, "2030-01-01T10:01:00.000000Z", ""),
                    event("clock", "page", null, null, "x", "2030-01-01T12:00:00.000000Z", ""));
            w.run();
            assertThat(w.rows("SELECT user_key FROM clickstream.cart_abandonment")).containsExactly(List.of("ben"));
            w.refresh(event("order", "track", "Order Completed", "ben", null, "2030-01-01T10:05:00.000000Z", ""));
            w.run();
            assertThat(w.rows("SELECT count(*) FROM clickstream.cart_abandonment")).containsExactly(List.of("0"));
        }
    }
}
