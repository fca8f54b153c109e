package dev.clickstream.simulator.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** Generates a scenario's traffic, deterministically from its seed, in the order it reaches the collector. */
public final class Simulation {
    private Simulation() {}

    public static List<SimEvent> generate(Scenario scenario) {
        Random random = new Random(scenario.seed());
        MessageFactory messages = new MessageFactory(random);
        Catalog catalog = new Catalog(random, 200);
        Population population = new Population(scenario, random);
        HumanTraffic humans = new HumanTraffic(scenario, random, messages, catalog, population);
        BotTraffic bots = new BotTraffic(scenario, random, messages, catalog, population);
        ServerSideSource backend = new ServerSideSource(random, messages, population);

        List<Draft> drafts = new ArrayList<>();
        for (List<Person> household : population.households) humans.household(household, drafts);
        for (int i = 0; i < scenario.crowdsOfEachKind(); i++) {
            for (String kind : Population.CROWDS) {
                humans.crowd(population.crowd(kind, 20 + random.nextInt(16)), crowdHour(scenario, random, kind), drafts);
            }
            backend.send(crowdHour(scenario, random, ServerSideSource.POPULATION), drafts);
        }
        for (String kind : BotTraffic.KINDS) {
            for (int i = 0; i < scenario.botsOfEachKind(); i++) bots.bot(kind, drafts);
        }

        List<SimEvent> events = new ArrayList<>(drafts.size());
        for (Draft d : drafts) {
            int resends = random.nextDouble() < scenario.duplicateRate() ? 1 : 0;
            events.add(new SimEvent(d.message, d.trueTime, d.device.clockSkew, d.deliverAt, resends,
                    truthKey(d, population), d.botKind, d.population, d.device.ip));
        }
        // stable sort: events delivered at the same moment keep their generation order
        events.sort(Comparator.comparing(SimEvent::deliverAt));
        return events;
    }

    /** The clock hour a crowd gathers in: offices in working hours, universities into the evening, phones all day. */
    private static Instant crowdHour(Scenario scenario, Random random, String kind) {
        int hour = switch (kind) {
            case "office_nat" -> 9 + random.nextInt(8);
            case "university_nat" -> 10 + random.nextInt(10);
            default -> 7 + random.nextInt(16);
        };
        return scenario.start().plus(Duration.ofDays(random.nextInt(scenario.days()))).plus(Duration.ofHours(hour));
    }

    private static String truthKey(Draft d, Population population) {
        String userId = d.message.path("userId").stringValue(null);
        if (userId != null) return userId;
        if (d.person != null && population.everLoggedIn(d.device, d.person)) return d.person.userId;
        return d.device.anonymousId;
    }
}
