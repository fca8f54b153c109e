package dev.clickstream.simulator;

import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.simulator.testing.SimulatedPipeline;
import dev.clickstream.simulator.traffic.Scenario;
import dev.clickstream.simulator.traffic.SimEvent;
import dev.clickstream.simulator.truth.GroundTruth;
import dev.clickstream.warehouse.RefreshClock;
import dev.clickstream.warehouse.queries.AnalystQueries;
import dev.clickstream.warehouse.queries.AnalystQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every analyst query of redshift-sql/queries/ on PostgreSQL over simulated traffic, through the models' executor
 * seam: against the ground truth where the truth knows the answer (visitors, sessions and bot sessions per day, the
 * funnel, abandoned carts, events received), and for sane, non-empty rows everywhere else.
 */
class TestAnalystQueries {
    static final int REJECTED = 3;
    static SimulatedPipeline pipeline;
    static AnalystQueries queries = AnalystQueries.load();
    static Set<String> bots;
    static LocalDate first;
    static LocalDate today;

    /**
     * Shifted by 18 hours, no event of this seed lies within minutes before a UTC midnight: the warehouse's event time
     * is the true time plus the request's latency, which must not move an event into the next day.
     */
    static final Scenario SCENARIO = Scenario.of(20261125L, 80, 4).startingAt(Scenario.DEFAULT_START.plus(Duration.ofHours(18)));

    @BeforeAll
    static void deliver() {
        pipeline = SimulatedPipeline.deliver(SCENARIO);
        long closest = pipeline.events.stream().mapToLong(e -> 86_400_000L - e.trueTime().toEpochMilli() % 86_400_000L).min().orElseThrow();
        assertThat(closest).as("ms from an event to the next UTC midnight (choose another start if this fails)").isGreaterThan(60_000);
        StringBuilder batch = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < REJECTED; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"u").append(i).append("\",\"messageId\":\"bad-").append(i).append("\"}");
        }
        assertThat(pipeline.collector().post("/v1/batch", batch + "]}", "Content-Type", "application/json",
                "Authorization", CollectorHarness.basic(CollectorHarness.KEY)).statusCode()).isEqualTo(200);
        pipeline.runModels();
        bots = pipeline.truth.bots.stream().map(GroundTruth.Bot::userKey).collect(Collectors.toSet());
        first = day(pipeline.scenario.start());
        today = LocalDate.now(ZoneOffset.UTC);
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    /** Runs a query as the dashboard does: its parameters bound from the range, the source and the clock. */
    static List<Map<String, String>> run(String name, LocalDate from, LocalDate to, String source) {
        AnalystQuery q = queries.get(name);
        Map<String, String> given = Map.of("from_day", from.toString(), "to_day", to.toString(), "source", source,
                "now", RefreshClock.format(Instant.now()));
        List<Map<String, String>> out = new ArrayList<>();
        for (List<String> row : pipeline.warehouse().query(q.sql(), q.bind(given))) {
            assertThat(row).as(name + " row width").hasSameSizeAs(q.columns());
            Map<String, String> named = new LinkedHashMap<>();
            for (int i = 0; i < row.size(); i++) named.put(q.columns().get(i).name(), row.get(i));
            out.add(named);
        }
        return out;
    }

    static List<Map<String, String>> all(String name) {
        return run(name, first, today, AnalystQuery.ALL_SOURCES);
    }

    static LocalDate day(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate();
    }

    static double num(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    /**
     * Exact, except on a shared family computer: the warehouse gives anonymous browsing to whoever logs in there
     * next, while the truth may know it was someone else (the verifier's attribution measure). A day may then
     * differ by at most the people whose events were attributed to another key that day.
     */
    @Test
    void uniqueVisitorsPerDayAreTheDistinctHumansOfThatDay() {
        Map<String, String> modeledKey = new HashMap<>();
        for (List<String> r : pipeline.warehouse().query("SELECT message_id, user_key FROM clickstream.events", Map.of())) {
            modeledKey.put(r.get(0), r.get(1));
        }
        Map<String, Set<String>> visitors = new TreeMap<>();
        Map<String, Set<String>> misattributed = new HashMap<>();
        Map<String, Integer> events = new HashMap<>();
        for (SimEvent e : pipeline.events) {
            if (bots.contains(e.truthKey())) continue;
            String d = day(e.trueTime()).toString();
            visitors.computeIfAbsent(d, k -> new HashSet<>()).add(e.truthKey());
            events.merge(d, 1, Integer::sum);
            if (!e.truthKey().equals(modeledKey.get(e.messageId()))) misattributed.computeIfAbsent(d, k -> new HashSet<>()).add(e.truthKey());
        }
        assertThat(misattributed.values().stream().mapToInt(Set::size).sum()).as("people attributed to another key").isLessThanOrEqualTo(2);
        List<Map<String, String>> rows = all("unique_visitors_daily");
        assertThat(rows).extracting(r -> r.get("day")).containsExactlyElementsOf(visitors.keySet());
        for (Map<String, String> r : rows) {
            String d = r.get("day");
            assertThat(Integer.parseInt(r.get("events"))).as("events of " + d).isEqualTo(events.get(d));
            assertThat(Long.parseLong(r.get("unique_visitors"))).as("visitors of " + d)
                    .isCloseTo(visitors.get(d).size(), within((long) misattributed.getOrDefault(d, Set.of()).size()));
        }
    }

    @Test
    void funnelCountsAreTheTruthsStepsOverTheRangeAndOneDay() {
        assertFunnel(first, today);
        assertFunnel(first.plusDays(1), first.plusDays(1));
    }

    private static void assertFunnel(LocalDate from, LocalDate to) {
        Map<Integer, Set<String>> reached = new TreeMap<>();
        for (GroundTruth.FunnelStep s : pipeline.truth.funnelSteps) {
            if (!s.day().isBefore(from) && !s.day().isAfter(to)) reached.computeIfAbsent(s.step(), k -> new HashSet<>()).add(s.userKey());
        }
        List<Map<String, String>> rows = run("funnel", from, to, AnalystQuery.ALL_SOURCES);
        assertThat(rows).extracting(r -> r.get("event"))
                .containsExactly("Product Viewed", "Product Added", "Checkout Started", "Order Completed");
        for (Map<String, String> r : rows) {
            int step = Integer.parseInt(r.get("step"));
            long users = reached.getOrDefault(step, Set.of()).size();
            assertThat(Long.parseLong(r.get("users"))).as("step " + step + " from " + from + " to " + to).isEqualTo(users).isPositive();
            double fromFirst = users / (double) reached.get(1).size();
            assertThat(num(r, "conversion_from_first")).isCloseTo(fromFirst, within(1e-9));
            if (step > 1) {
                assertThat(num(r, "conversion_from_previous"))
                        .isCloseTo(users / (double) reached.get(step - 1).size(), within(1e-9));
            }
        }
    }

    @Test
    void abandonedCartsAreTheTruths() {
        Map<String, List<GroundTruth.AbandonedCart>> byDay = new TreeMap<>();
        for (GroundTruth.AbandonedCart c : pipeline.truth.abandonedCarts) {
            if (!bots.contains(c.userKey())) byDay.computeIfAbsent(day(c.addedAt()).toString(), k -> new ArrayList<>()).add(c);
        }
        List<Map<String, String>> rows = all("abandoned_carts_daily");
        assertThat(rows).extracting(r -> r.get("day")).containsExactlyElementsOf(byDay.keySet());
        for (Map<String, String> r : rows) {
            List<GroundTruth.AbandonedCart> carts = byDay.get(r.get("day"));
            assertThat(Long.parseLong(r.get("abandoned_items"))).as(r.get("day")).isEqualTo(carts.size());
            assertThat(Long.parseLong(r.get("carts"))).isEqualTo(carts.stream().map(GroundTruth.AbandonedCart::userKey).distinct().count());
            assertThat(num(r, "value")).isCloseTo(carts.stream().mapToDouble(GroundTruth.AbandonedCart::value).sum(), within(0.005));
        }
    }

    @Test
    void sessionsAndBotSharePerDayMatchTheTruesSessions() {
        Map<String, long[]> truth = new TreeMap<>(); // day -> {human sessions, bot sessions}
        for (GroundTruth.Session s : pipeline.truth.sessions) truth.computeIfAbsent(day(s.start()).toString(), k -> new long[2])[s.bot() ? 1 : 0]++;
        for (Map<String, String> r : all("sessions_daily")) {
            assertThat(Long.parseLong(r.get("sessions"))).as(r.get("day")).isEqualTo(truth.get(r.get("day"))[0]);
            assertThat(Long.parseLong(r.get("engaged_sessions"))).isBetween(0L, Long.parseLong(r.get("sessions")));
            assertThat(num(r, "bounce_rate")).isBetween(0.0, 1.0);
            assertThat(num(r, "median_session_seconds")).isPositive();
        }
        List<Map<String, String>> share = all("bot_share_daily");
        assertThat(share).extracting(r -> r.get("day")).containsExactlyElementsOf(truth.keySet());
        for (Map<String, String> r : share) {
            long[] t = truth.get(r.get("day"));
            assertThat(Long.parseLong(r.get("sessions"))).isEqualTo(t[0] + t[1]);
            assertThat(Long.parseLong(r.get("bot_sessions"))).isEqualTo(t[1]);
            assertThat(num(r, "bot_session_share")).isCloseTo(t[1] / (double) (t[0] + t[1]), within(1e-9));
        }
    }

    @Test
    void eventsPerMinuteCountEveryUniqueEventReceivedInTheLastHour() {
        List<Map<String, String>> rows = all("events_per_minute");
        assertThat(rows.stream().mapToLong(r -> Long.parseLong(r.get("events"))).sum()).isEqualTo(pipeline.truth.messages.size());
        for (Map<String, String> r : rows) {
            assertThat(num(r, "max_lag_seconds")).isGreaterThanOrEqualTo(num(r, "avg_lag_seconds")).isGreaterThanOrEqualTo(0.0).isLessThan(600.0);
        }
    }

    @Test
    void theOtherQueriesReturnSaneRows() {
        List<Map<String, String>> heat = all("categories_by_hour_and_weekday");
        assertThat(heat).isNotEmpty().allSatisfy(r -> {
            assertThat(Integer.parseInt(r.get("weekday"))).isBetween(0, 6);
            assertThat(Integer.parseInt(r.get("hour_of_day"))).isBetween(0, 23);
            assertThat(num(r, "views")).isGreaterThanOrEqualTo(num(r, "top_category_views"));
            assertThat(r.get("top_category")).isNotBlank();
        });
        long humanViews = pipeline.events.stream().filter(e -> !bots.contains(e.truthKey()) && "Product Viewed".equals(e.event())).count();
        assertThat(heat.stream().mapToLong(r -> Long.parseLong(r.get("views"))).sum()).isEqualTo(humanViews);

        List<Map<String, String>> brands = run("brands_to_market", first, today, AnalystQuery.ALL_SOURCES);
        assertThat(brands).isNotEmpty().hasSizeLessThanOrEqualTo(20);
        assertThat(brands).extracting(r -> num(r, "conversion")).isSorted();
        assertThat(brands).allSatisfy(r -> assertThat(num(r, "views")).isGreaterThanOrEqualTo(10));

        List<Map<String, String>> flags = all("bot_flags");
        assertThat(flags).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get("rule")).isIn("rate", "crawler_ua", "ip_farm", "robotic_timing");
            assertThat(bots).contains(r.get("user_key"));
            assertThat(r.get("evidence")).isNotBlank();
            assertThat(Long.parseLong(r.get("flags_of_rule"))).isEqualTo(flags.stream().filter(f -> f.get("rule").equals(r.get("rule"))).count());
        });

        List<Map<String, String>> channels = all("acquisition");
        assertThat(channels).extracting(r -> r.get("kind")).contains("referrer", "campaign");
        assertThat(channels).filteredOn(r -> r.get("kind").equals("referrer")).extracting(r -> r.get("name"))
                .contains("(direct)", "www.google.com");
        assertThat(channels).allSatisfy(r -> assertThat(Long.parseLong(r.get("sessions"))).isPositive());

        List<Map<String, String>> retention = all("retention_weekly");
        assertThat(retention).isNotEmpty();
        assertThat(retention).filteredOn(r -> r.get("week_offset").equals("0")).isNotEmpty()
                .allSatisfy(r -> assertThat(num(r, "retention")).isEqualTo(1.0));
        assertThat(retention).allSatisfy(r -> assertThat(num(r, "users")).isLessThanOrEqualTo(num(r, "cohort_users")));

        assertThat(all("rejections_by_reason")).extracting(r -> r.get("reason") + "=" + r.get("rejections"))
                .containsExactly("missing_event=" + REJECTED);

        assertThat(all("model_runs")).extracting(r -> r.get("last_status")).hasSizeGreaterThanOrEqualTo(8)
                .isSubsetOf("succeeded", "up_to_date");

        assertThat(all("sources")).extracting(r -> r.get("source") + "=" + r.get("events"))
                .containsExactly(SimulatedPipeline.SOURCE + "=" + pipeline.truth.messages.size());

        Map<String, String> extent = all("data_extent").get(0);
        assertThat(extent.get("first_day")).isEqualTo(first.toString());
        assertThat(LocalDate.parse(extent.get("last_day"))).isAfterOrEqualTo(first.plusDays(3));
    }

    @Test
    void aSourceFilterKeepsItsSourceAndDropsOthers() {
        for (AnalystQuery q : queries.all()) {
            if (!q.parameters().contains("source")) continue;
            List<Map<String, String>> every = all(q.name());
            assertThat(every).as(q.name()).isNotEmpty();
            assertThat(run(q.name(), first, today, SimulatedPipeline.SOURCE)).as(q.name()).isEqualTo(every);
            assertThat(run(q.name(), first, today, "no-such-source")).as(q.name()).isEmpty();
        }
    }

    @Test
    void aNarrowerRangeChangesTheNumbers() {
        LocalDate second = first.plusDays(1);
        assertThat(run("unique_visitors_daily", second, second, AnalystQuery.ALL_SOURCES)).extracting(r -> r.get("day"))
                .containsExactly(second.toString());
        assertThat(run("categories_by_hour_and_weekday", second, second, AnalystQuery.ALL_SOURCES))
                .isNotEmpty().isNotEqualTo(all("categories_by_hour_and_weekday"));
    }
}
