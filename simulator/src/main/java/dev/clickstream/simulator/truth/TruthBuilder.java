package dev.clickstream.simulator.truth;

import dev.clickstream.simulator.traffic.Scenario;
import dev.clickstream.warehouse.runner.ModelParameters;
import dev.clickstream.simulator.traffic.SimEvent;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derives the ground truth from the generated traffic and its true times, by the definitions the warehouse
 * documents: a session is a device's (anonymous id, else user id) run of events with no gap over the models'
 * session gap; a funnel attempt starts at each step-1 event and takes the next event of each later step within that
 * step's window; a cart item is abandoned when no order of the same person follows its Product Added within the
 * models' cart window, decided once the latest event time is past that window.
 */
public final class TruthBuilder {
    public static final Duration SESSION_GAP =
            Duration.ofSeconds(Long.parseLong(ModelParameters.DEFAULTS.get("session_gap_seconds")));
    /** The default funnel as seeded in the warehouse: event per step and the most seconds since the previous step. */
    public static final List<String> FUNNEL = List.of("Product Viewed", "Product Added", "Checkout Started", "Order Completed");
    public static final long FUNNEL_WINDOW_SECONDS = 3600;
    public static final Duration CART_WINDOW =
            Duration.ofSeconds(Long.parseLong(ModelParameters.DEFAULTS.get("cart_window_seconds")));

    private TruthBuilder() {}

    public static GroundTruth build(Scenario scenario, List<SimEvent> events) {
        GroundTruth truth = new GroundTruth();
        long deliveries = 0;
        Map<String, List<SimEvent>> byDevice = new LinkedHashMap<>();
        Map<String, List<SimEvent>> byPerson = new LinkedHashMap<>();
        Set<GroundTruth.Bot> bots = new LinkedHashSet<>();
        Set<GroundTruth.Link> links = new LinkedHashSet<>();
        Set<GroundTruth.Member> members = new LinkedHashSet<>();
        for (SimEvent e : events) {
            deliveries += 1 + e.resends();
            truth.messages.put(e.messageId(), e.truthKey());
            byDevice.computeIfAbsent(sessionKey(e), k -> new ArrayList<>()).add(e);
            byPerson.computeIfAbsent(e.truthKey(), k -> new ArrayList<>()).add(e);
            if (e.botKind() != null) bots.add(new GroundTruth.Bot(e.truthKey(), e.botKind()));
            if (e.userId() != null && e.anonymousId() != null) links.add(new GroundTruth.Link(e.anonymousId(), e.userId()));
            if (e.population() != null && e.botKind() == null) members.add(new GroundTruth.Member(e.truthKey(), e.population()));
        }
        truth.run.put("seed", scenario.seed());
        truth.run.put("users", scenario.users());
        truth.run.put("days", scenario.days());
        truth.run.put("start", scenario.start().toString());
        truth.run.put("unique_messages", events.size());
        truth.run.put("deliveries", deliveries);
        truth.run.put("late", events.stream().filter(SimEvent::isLate).count());
        byDevice.values().forEach(list -> sessions(list, truth.sessions));
        byPerson.forEach((user, list) -> funnel(user, list, truth.funnelSteps));
        Instant clock = events.stream().map(SimEvent::trueTime).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        byPerson.forEach((user, list) -> abandonedCarts(user, list, clock, truth.abandonedCarts));
        truth.bots.addAll(bots);
        truth.links.addAll(links);
        truth.members.addAll(members);
        truth.run.put("sessions", truth.sessions.size());
        truth.run.put("bots", truth.bots.size());
        return truth;
    }

    /** Whose device a message is from: its anonymous id, else (a backend sending by user id) the user id. */
    private static String sessionKey(SimEvent e) {
        return e.anonymousId() != null ? e.anonymousId() : e.userId();
    }

    private static void sessions(List<SimEvent> deviceEvents, List<GroundTruth.Session> out) {
        List<SimEvent> sorted = new ArrayList<>(deviceEvents);
        sorted.sort(Comparator.comparing(SimEvent::trueTime));
        int from = 0;
        for (int i = 1; i <= sorted.size(); i++) {
            boolean split = i == sorted.size()
                    || Duration.between(sorted.get(i - 1).trueTime(), sorted.get(i).trueTime()).compareTo(SESSION_GAP) > 0;
            if (split) {
                out.add(session(sorted.subList(from, i)));
                from = i;
            }
        }
    }

    private static GroundTruth.Session session(List<SimEvent> s) {
        int pages = 0;
        int orders = 0;
        double revenue = 0;
        for (SimEvent e : s) {
            if (e.type().equals("page") || e.type().equals("screen")) pages++;
            if ("Order Completed".equals(e.event())) {
                orders++;
                revenue += e.message().path("properties").path("revenue").asDouble();
            }
        }
        SimEvent last = s.get(s.size() - 1);
        return new GroundTruth.Session(sessionKey(last), last.truthKey(), s.get(0).trueTime(), last.trueTime(),
                s.size(), pages, last.botKind() != null, orders, Math.round(revenue * 100) / 100.0);
    }

    private static void abandonedCarts(String user, List<SimEvent> all, Instant clock, List<GroundTruth.AbandonedCart> out) {
        List<Instant> orders = new ArrayList<>();
        for (SimEvent e : all) if (isTrack(e, "Order Completed")) orders.add(e.trueTime());
        for (SimEvent add : all) {
            if (!isTrack(add, "Product Added")) continue;
            Instant until = add.trueTime().plus(CART_WINDOW);
            if (until.isAfter(clock)) continue;
            boolean ordered = orders.stream().anyMatch(o -> !o.isBefore(add.trueTime()) && !o.isAfter(until));
            if (!ordered) {
                out.add(new GroundTruth.AbandonedCart(user, add.messageId(), add.trueTime(),
                        add.message().path("properties").path("price").asDouble()));
            }
        }
    }

    private static boolean isTrack(SimEvent e, String event) {
        return "track".equals(e.type()) && event.equals(e.event());
    }

    /** One ordered pass per person: every step-1 event starts an attempt; each later step is the next one in time. */
    private static void funnel(String user, List<SimEvent> all, List<GroundTruth.FunnelStep> out) {
        List<SimEvent> steps = new ArrayList<>();
        for (SimEvent e : all) if ("track".equals(e.type()) && FUNNEL.contains(e.event())) steps.add(e);
        steps.sort(Comparator.comparing(SimEvent::trueTime).thenComparing(e -> FUNNEL.indexOf(e.event())));
        Set<String> reached = new LinkedHashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            if (FUNNEL.indexOf(steps.get(i).event()) != 0) continue;
            SimEvent first = steps.get(i);
            var day = first.trueTime().atZone(ZoneOffset.UTC).toLocalDate();
            reached.add(day + "|1");
            int at = i;
            for (int step = 1; step < FUNNEL.size(); step++) {
                int next = -1;
                for (int j = at + 1; j < steps.size(); j++) {
                    if (FUNNEL.indexOf(steps.get(j).event()) == step) {
                        next = j;
                        break;
                    }
                }
                if (next < 0 || Duration.between(steps.get(at).trueTime(), steps.get(next).trueTime()).toMillis()
                        > FUNNEL_WINDOW_SECONDS * 1000) break;
                reached.add(day + "|" + (step + 1));
                at = next;
            }
        }
        for (String r : reached) {
            String[] parts = r.split("\\|");
            out.add(new GroundTruth.FunnelStep("ecommerce", user, java.time.LocalDate.parse(parts[0]), Integer.parseInt(parts[1])));
        }
    }
}
