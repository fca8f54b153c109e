package dev.clickstream.simulator.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * People shopping: several visits over several days on several devices, following a daily rhythm; anonymous
 * browsing that logs in mid-visit (signing up with an alias the first time); B2B buyers with a group call; households
 * sharing one family computer; and a funnel with realistic drop-off.
 *
 * <p>Pages fire automatic events as real sites do: one home page in ten fires a burst of 11 to 18 promotion views, and an
 * autotrack SDK fires a burst of 8 to 14 element views at every page load; each burst is done within half a second.
 *
 * <p>Two promises the ground truth relies on: a person's actions (on any device) are at least 3 s apart, so people
 * burst only at a page load, never for seconds on end, and visits of one household are at least 45 minutes apart,
 * so every visit is exactly one session under the 30-minute rule.
 */
final class HumanTraffic {
    static final Duration MIN_GAP = Duration.ofSeconds(3);
    static final Duration VISIT_SEPARATION = Duration.ofMinutes(45);
    static final double PROMOTION_BURST_RATE = 0.1;
    /** Of a crowd, the share who look at one or two pages and leave. */
    static final double BOUNCE_RATE = 0.3;
    private static final double[] HOURLY_WEIGHT = {1, .5, .3, .2, .2, .3, .6, 1, 1.5, 2, 2.2, 2.3, 2.5, 2.3, 2.2,
            2.1, 2.2, 2.5, 3, 3.2, 3, 2.6, 2, 1.5};
    private static final double HOURLY_TOTAL = java.util.Arrays.stream(HOURLY_WEIGHT).sum();
    private static final List<String> REFERRERS = List.of("https://www.google.com/", "https://duckduckgo.com/",
            "https://news.example.org/deals", "https://www.facebook.com/");
    private static final List<MessageFactory.Campaign> CAMPAIGNS = List.of(
            new MessageFactory.Campaign("google", "cpc", "winter_sale"),
            new MessageFactory.Campaign("newsletter", "email", "weekly_picks"),
            new MessageFactory.Campaign("instagram", "social", "new_arrivals"));

    private final Scenario scenario;
    private final Random random;
    private final MessageFactory messages;
    private final Catalog catalog;
    private final Population population;
    private int orders;

    HumanTraffic(Scenario scenario, Random random, MessageFactory messages, Catalog catalog, Population population) {
        this.scenario = scenario;
        this.random = random;
        this.messages = messages;
        this.catalog = catalog;
        this.population = population;
    }

    /** Every visit of one household (one or two people), in time order and never overlapping. */
    void household(List<Person> people, List<Draft> out) {
        record Plan(Person person, Device device, Instant start) {}
        List<Plan> plans = new ArrayList<>();
        for (Person p : people) {
            int visits = 1 + (int) Math.floor(-Math.log(1 - random.nextDouble()) * scenario.days() * 0.6);
            for (int i = 0; i < visits; i++) {
                plans.add(new Plan(p, p.devices.get(random.nextInt(p.devices.size())), visitStart()));
            }
        }
        plans.sort((a, b) -> a.start.compareTo(b.start));
        Instant free = Instant.MIN;
        for (Plan plan : plans) {
            Instant start = plan.start.isBefore(free) ? free.plus(Duration.ofMinutes(random.nextInt(120))) : plan.start;
            List<Draft> visit = new ArrayList<>();
            Instant end = visit(plan.person, plan.device, start, visit);
            if (plan.device.mobile && random.nextDouble() < scenario.lateVisitRate()) {
                // the phone was offline: the whole visit arrives hours later, in one go
                Instant deliverAt = end.plus(Duration.ofMinutes(60 + random.nextInt(300)));
                for (Draft d : visit) d.deliverAt = deliverAt;
            }
            out.addAll(visit);
            free = end.plus(VISIT_SEPARATION);
        }
    }

    /** A crowd: each person visits once, from the shared address, within the first 40 minutes of one clock hour. */
    void crowd(List<Person> people, Instant hour, List<Draft> out) {
        for (Person p : people) {
            Device device = p.devices.get(0);
            Instant start = hour.plus(Duration.ofSeconds(random.nextInt(40 * 60)));
            if (random.nextDouble() < BOUNCE_RATE) {
                add(out, messages.page(device, start, "/", null, null), start, device, p);
                if (random.nextBoolean()) {
                    Instant t = next(start);
                    add(out, messages.page(device, t, "/blog/" + random.nextInt(50), null, null), t, device, p);
                }
            } else {
                visit(p, device, start, out);
            }
        }
    }

    private Instant visitStart() {
        double pick = random.nextDouble() * HOURLY_TOTAL;
        int hour = 0;
        while (pick > HOURLY_WEIGHT[hour]) pick -= HOURLY_WEIGHT[hour++];
        return scenario.start().plus(Duration.ofDays(random.nextInt(scenario.days())))
                .plus(Duration.ofHours(hour)).plus(Duration.ofSeconds(random.nextInt(3600)));
    }

    private Instant next(Instant t) {
        // mostly quick clicks, sometimes a long read; always under the 30-minute session gap
        int seconds = random.nextDouble() < 0.1 ? 60 + random.nextInt(540) : random.nextInt(60);
        return t.plus(MIN_GAP).plus(Duration.ofSeconds(seconds)).plusMillis(random.nextInt(1000));
    }

    /** One visit; returns the time of its last event. */
    private Instant visit(Person person, Device device, Instant start, List<Draft> out) {
        if (device.shared) device.loggedIn = null;
        Instant t = start;
        boolean campaign = random.nextDouble() < 0.3;
        String referrer = campaign || random.nextDouble() < 0.5 ? REFERRERS.get(random.nextInt(REFERRERS.size())) : null;
        add(out, messages.page(device, t, "/", referrer,
                campaign ? CAMPAIGNS.get(random.nextInt(CAMPAIGNS.size())) : null), t, device, person);
        if (random.nextDouble() < PROMOTION_BURST_RATE) {
            burst(out, device, person, t, "Promotion Viewed", 11 + random.nextInt(8), "promotion_burst");
        }
        // on the family computer people shop only once logged in, so their orders are never someone else's
        boolean loginFirst = device.shared && random.nextDouble() < 0.8;
        if (loginFirst || (device.loggedIn == null && random.nextDouble() < 0.25)) {
            t = next(t);
            t = login(person, device, t, out);
        }
        if (device.shared && device.loggedIn == null) return browseOnly(person, device, t, out);
        return shop(person, device, t, out);
    }

    private Instant browseOnly(Person person, Device device, Instant t, List<Draft> out) {
        int pages = 1 + random.nextInt(4);
        for (int i = 0; i < pages; i++) {
            t = next(t);
            add(out, messages.page(device, t, "/blog/" + random.nextInt(50), null, null), t, device, person);
        }
        return t;
    }

    private Instant shop(Person person, Device device, Instant t, List<Draft> out) {
        if (random.nextDouble() < 0.3) {
            t = next(t);
            add(out, messages.track(device, t, "Products Searched"), t, device, person);
            out.get(out.size() - 1).message.withObject("properties").put("query", "query " + random.nextInt(100));
        }
        List<Catalog.Product> cart = new ArrayList<>();
        int views = 1 + random.nextInt(4);
        for (int i = 0; i < views; i++) {
            Catalog.Product p = catalog.pick(random);
            if (random.nextDouble() < 0.5) {
                t = next(t);
                add(out, messages.track(device, t, "Product List Viewed"), t, device, person);
                out.get(out.size() - 1).message.withObject("properties").put("category", p.category());
            }
            t = next(t);
            add(out, messages.page(device, t, "/product/" + p.id(), null, null), t, device, person);
            t = next(t);
            add(out, messages.productEvent(device, t, "Product Viewed", p), t, device, person);
            if (random.nextDouble() < 0.35) {
                t = next(t);
                add(out, messages.productEvent(device, t, "Product Added", p), t, device, person);
                cart.add(p);
                if (random.nextDouble() < 0.1) {
                    t = next(t);
                    add(out, messages.productEvent(device, t, "Product Removed", p), t, device, person);
                    cart.remove(p);
                }
            }
        }
        if (cart.isEmpty() || random.nextDouble() < 0.3) return t;
        t = next(t);
        add(out, messages.track(device, t, "Cart Viewed"), t, device, person);
        if (random.nextDouble() < 0.35) return t;
        if (device.loggedIn == null) {
            t = next(t);
            t = login(person, device, t, out);
        }
        t = next(t);
        add(out, messages.track(device, t, "Checkout Started"), t, device, person);
        if (random.nextDouble() < 0.3) return t;
        t = next(t);
        add(out, messages.order(device, t, "o-" + (++orders), cart), t, device, person);
        return t;
    }

    /** Log in (signing up with an alias the first time), then a group call for B2B buyers. */
    private Instant login(Person person, Device device, Instant t, List<Draft> out) {
        if (!person.signedUp) {
            person.signedUp = true;
            add(out, messages.alias(device, t, person), t, device, person);
            t = next(t);
        }
        device.loggedIn = person.userId;
        population.loggedInOn(device, person);
        add(out, messages.identify(device, t, person), t, device, person);
        if (person.groupId != null) {
            t = next(t);
            add(out, messages.group(device, t, person), t, device, person);
        }
        return t;
    }

    private void add(List<Draft> out, tools.jackson.databind.node.ObjectNode m, Instant t, Device d, Person p) {
        out.add(new Draft(m, t, d, p, null));
        if (d.library == MessageFactory.AUTOTRACK && "page".equals(m.path("type").stringValue())) {
            burst(out, d, p, t, "Element Viewed", 8 + random.nextInt(7), "autotrack");
        }
    }

    /** Automatic events a page fires on its own right after it loads: {@code count} of them within half a second. */
    private void burst(List<Draft> out, Device d, Person p, Instant page, String event, int count, String population) {
        Instant t = page.plusMillis(30);
        for (int i = 0; i < count; i++) {
            t = t.plusMillis(5 + random.nextInt(25));
            tools.jackson.databind.node.ObjectNode m = messages.track(d, t, event);
            ((tools.jackson.databind.node.ObjectNode) m.get("properties")).put("position", i + 1)
                    .put(event.equals("Promotion Viewed") ? "promotion_id" : "element", "slot-" + (i + 1));
            Draft draft = new Draft(m, t, d, p, null);
            draft.population = population;
            out.add(draft);
        }
    }
}
