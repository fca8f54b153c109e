package dev.clickstream.warehouse.models;

import dev.clickstream.warehouse.testing.ModelHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.clickstream.warehouse.testing.ModelHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The people bot rules must leave alone (many people behind one address, a backend sending for many people, pages
 * that fire a burst of automatic events), each next to the bot the same rule still catches.
 */
class TestPeopleAreNotBots {
    static String at(int minute, double second) {
        return String.format("2030-01-01T10:%02d:%09.6fZ", minute, second);
    }

    /** The address the collector observed (request_ip); the rules never read the client-settable ip. */
    static String ip(String address) {
        return "\"request_ip\":\"" + address + "\"";
    }

    static List<List<String>> flags(ModelHarness w) {
        return w.rows("SELECT user_key, rule FROM clickstream.bot_flags ORDER BY 1, 2");
    }

    @Test
    void anOfficeBehindOneAddressIsPeopleAFarmOfShallowVisitsIsNot() {
        try (ModelHarness w = new ModelHarness()) {
            List<String> events = new ArrayList<>();
            // 30 colleagues on the office address within the hour: 10 glance at one page, 20 browse or log in
            for (int p = 0; p < 30; p++) {
                String device = "office-" + p;
                int pages = p < 10 ? 1 : 5;
                for (int i = 0; i < pages; i++) {
                    events.add(event(device + "-" + i, "page", null, p % 3 == 0 && i == pages - 1 ? "user-" + p : null,
                            device, at(p, i * 7.0), ip("198.51.100.10")));
                }
            }
            // 25 anonymous ids that each load two pages from one address, and a person who logs in from it
            for (int f = 0; f < 25; f++) {
                for (int i = 0; i < 2; i++) events.add(event("farm-" + f + "-" + i, "page", null, null, "farm-" + f, at(f, i * 9.0), ip("203.0.113.7")));
            }
            for (int i = 0; i < 2; i++) events.add(event("buyer-" + i, "page", null, "buyer", "buyer-device", at(30, i * 9.0), ip("203.0.113.7")));
            w.refresh(events.toArray(String[]::new));
            w.run();
            assertThat(w.rows("SELECT COUNT(*) FROM clickstream.bot_flags WHERE user_key LIKE 'farm-%' AND rule = 'ip_farm'"))
                    .containsExactly(List.of("25"));
            assertThat(w.rows("SELECT COUNT(*) FROM clickstream.bot_flags WHERE user_key NOT LIKE 'farm-%'")).containsExactly(List.of("0"));
            assertThat(w.rows("SELECT evidence FROM clickstream.bot_flags WHERE user_key = 'farm-0'"))
                    .containsExactly(List.of("ip 203.0.113.7: 25 shallow anonymous ids of 26 in an hour"));
        }
    }

    @Test
    void aBackendSendingForManyPeopleFromItsAddressIsNotAFarm() {
        try (ModelHarness w = new ModelHarness()) {
            List<String> events = new ArrayList<>();
            for (int r = 0; r < 40; r++) {
                events.add(event("mail-" + r, "track", "Email Opened", null, "recipient-" + r, at(r, 0),
                        ip("192.0.2.50") + ",\"library_name\":\"analytics-java\""));
            }
            w.refresh(events.toArray(String[]::new));
            w.run();
            assertThat(flags(w)).isEmpty();
            // the same shallow crowd from a browser library is a farm
            List<String> browsers = new ArrayList<>();
            for (int r = 0; r < 40; r++) {
                browsers.add(event("page-" + r, "page", null, null, "visitor-" + r, at(r, 30),
                        ip("192.0.2.60") + ",\"library_name\":\"analytics.js\""));
            }
            w.refresh(browsers.toArray(String[]::new));
            w.run();
            assertThat(w.rows("SELECT COUNT(*) FROM clickstream.bot_flags WHERE rule = 'ip_farm' AND user_key LIKE 'visitor-%'"))
                    .containsExactly(List.of("40"));
            assertThat(w.rows("SELECT COUNT(*) FROM clickstream.bot_flags WHERE user_key LIKE 'recipient-%'")).containsExactly(List.of("0"));
        }
    }

    @Test
    void onePagesBurstOfAutomaticEventsIsNotAScriptASustainedBurstIs() {
        try (ModelHarness w = new ModelHarness()) {
            List<String> events = new ArrayList<>();
            // a shopper whose pages each fire 20 promotion views within 0.4 s, three pages 4 s apart
            for (int page = 0; page < 3; page++) {
                events.add(event("p" + page, "page", null, null, "shopper", at(0, page * 4.0), ""));
                for (int i = 0; i < 20; i++) {
                    events.add(event("p" + page + "-promo" + i, "track", "Promotion Viewed", null, "shopper",
                            at(0, page * 4.0 + 0.05 + i * 0.02), "\"library_name\":\"autotrack.js\""));
                }
            }
            // a script: 40 product views, one every 0.2 s, for 8 s
            for (int i = 0; i < 40; i++) events.add(event("s" + i, "track", "Product Viewed", null, "script", at(2, i * 0.2), ""));
            w.refresh(events.toArray(String[]::new));
            w.run();
            assertThat(flags(w)).containsExactly(List.of("script", "rate"));
        }
    }
}
