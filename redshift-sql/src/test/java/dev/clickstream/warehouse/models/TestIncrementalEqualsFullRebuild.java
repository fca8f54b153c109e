package dev.clickstream.warehouse.models;

import dev.clickstream.warehouse.testing.ModelHarness;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random event streams (shared devices, logins, aliases, duplicates, late and out-of-order arrival) split into random
 * incremental batches: after the last batch, every modeled table equals a full rebuild from raw.
 */
class TestIncrementalEqualsFullRebuild {
    static final String[] TABLES = {
            "SELECT message_id, user_key, event_ts FROM clickstream.events ORDER BY 1",
            "SELECT anonymous_id, user_id, first_seen, last_seen FROM clickstream.identity_map ORDER BY 1, 2",
            "SELECT session_id, session_key, user_key, session_start, session_end, events, page_views, landing_page,"
                    + " exit_page, is_engaged, orders, revenue FROM clickstream.sessions ORDER BY 1",
            "SELECT funnel, day, step, users, conversion_from_previous FROM clickstream.funnel_daily ORDER BY 1, 2, 3",
            "SELECT user_key, session_id, product_id, added_at, abandoned_at, message_id FROM clickstream.cart_abandonment ORDER BY message_id",
            "SELECT user_key, rule, first_seen, last_seen, evidence FROM clickstream.bot_flags ORDER BY 1, 2",
            "SELECT session_id, is_bot FROM clickstream.sessions ORDER BY 1",
            "SELECT * FROM clickstream.daily_metrics ORDER BY day",
            "SELECT * FROM clickstream.category_hourly ORDER BY 1, 2",
            "SELECT * FROM clickstream.brand_daily ORDER BY 1, 2",
            "SELECT * FROM clickstream.order_items ORDER BY 1, 2",
    };

    static final String[] FUNNEL = {"Product Viewed", "Product Added", "Checkout Started", "Order Completed", "Cart Viewed",
            "Product Added", "Product Added"};

    record Ev(String id, String type, String event, String user, String anon, int minute, String previous) {
        String json() {
            String ts = String.format("2030-01-01T%02d:%02d:00.000000Z", 8 + minute / 60, minute % 60);
            String product = "{\"category\":\"c" + (minute % 2) + "\",\"brand\":\"b" + (minute % 3) + "\"";
            String props = event == null ? "" : event.equals("Order Completed")
                    ? ",\"properties\":{\"revenue\":" + (minute % 7) + ",\"products\":[" + product + "}," + product + ",\"price\":2}]}"
                    : ",\"properties\":" + product + "}";
            String extra = "\"page_path\":\"/p" + (minute % 5) + "\"" + (previous == null ? "" : ",\"previous_id\":\"" + previous + "\"")
                    + props;
            return ModelHarness.event(id, type, event, user, anon, ts, extra);
        }
    }

    @Provide
    Arbitrary<List<Ev>> events() {
        Arbitrary<String> type = Arbitraries.of("page", "page", "track", "track", "track", "identify", "alias", "screen");
        Arbitrary<String> anon = Arbitraries.of("d1", "d2", "d3");
        Arbitrary<String> user = Arbitraries.of("u1", "u2");
        Arbitrary<Integer> minute = Arbitraries.integers().between(0, 600);
        Arbitrary<String> id = Arbitraries.integers().between(1, 60).map(i -> "m" + i);
        return Combinators.combine(id, type, anon, user, minute, Arbitraries.of(true, false))
                .as((i, t, a, u, m, anonymous) -> switch (t) {
                    case "identify" -> new Ev(i, t, null, u, a, m, null);
                    case "alias" -> new Ev(i, t, null, u, null, m, a);
                    case "track" -> new Ev(i, t, FUNNEL[m % FUNNEL.length], anonymous ? null : u, a, m, null);
                    default -> new Ev(i, t, null, anonymous ? null : u, a, m, null);
                }).list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 25)
    void incrementalRunsEqualAFullRebuild(@ForAll("events") List<Ev> stream, @ForAll @IntRange(min = 1, max = 6) int batches,
                                          @ForAll long seed) {
        List<String> records = new ArrayList<>();
        for (Ev e : stream) records.add(e.json());
        Collections.shuffle(records, new Random(seed)); // arrival order is not event-time order
        try (ModelHarness w = new ModelHarness()) {
            Random r = new Random(seed);
            int from = 0;
            for (int b = 0; b < batches && from < records.size(); b++) {
                int to = b == batches - 1 ? records.size() : from + r.nextInt(records.size() - from + 1);
                if (to > from) w.refresh(records.subList(from, to).toArray(String[]::new));
                w.run();
                from = to;
            }
            List<List<List<String>>> incremental = snapshot(w);
            w.runner().run(null, true);
            List<List<List<String>>> full = snapshot(w);
            for (int t = 0; t < TABLES.length; t++) {
                assertThat(full.get(t)).as("full rebuild vs incremental: " + TABLES[t]).isEqualTo(incremental.get(t));
            }
        }
    }

    private static List<List<List<String>>> snapshot(ModelHarness w) {
        List<List<List<String>>> out = new ArrayList<>();
        for (String sql : TABLES) out.add(w.rows(sql));
        return out;
    }
}
