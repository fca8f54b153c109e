package dev.clickstream.simulator.traffic;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

/**
 * Five kinds of bot, each a device of its own (its anonymous id is its identity):
 * <ul>
 *   <li>{@code burst}: a script firing 40 product views about 5 per second;</li>
 *   <li>{@code crawler}: an honest crawler user agent (a search engine's or an SEO tool's) walking pages at a human
 *   pace;</li>
 *   <li>{@code headless}: a headless browser, whose user agent otherwise reads like Chrome;</li>
 *   <li>{@code ip_farm}: {@link Scenario#farmSize()} anonymous ids from one address inside one clock hour, each
 *   claiming an address of its own in {@code context.ip} (the client's to write), which the rule does not read;</li>
 *   <li>{@code metronome}: 12 page views exactly 15 s apart.</li>
 * </ul>
 */
final class BotTraffic {
    static final List<String> KINDS = List.of("burst", "crawler", "headless", "ip_farm", "metronome");
    private static final List<String> CRAWLERS = List.of(
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
            "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)");
    private static final String HEADLESS = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36";
    private static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    private final Scenario scenario;
    private final Random random;
    private final MessageFactory messages;
    private final Catalog catalog;
    private final Population population;

    BotTraffic(Scenario scenario, Random random, MessageFactory messages, Catalog catalog, Population population) {
        this.scenario = scenario;
        this.random = random;
        this.messages = messages;
        this.catalog = catalog;
        this.population = population;
    }

    void bot(String kind, List<Draft> out) {
        Instant start = scenario.start().plus(Duration.ofSeconds(random.nextInt(scenario.days() * 86_400)));
        switch (kind) {
            case "burst" -> {
                Device d = device(population.address(), BROWSER);
                Instant t = start;
                for (int i = 0; i < 40; i++) {
                    out.add(new Draft(messages.productEvent(d, t, "Product Viewed", catalog.pick(random)), t, d, null, kind));
                    t = t.plusMillis(150 + random.nextInt(100));
                }
            }
            case "crawler", "headless" -> {
                Device d = device(population.address(),
                        kind.equals("crawler") ? CRAWLERS.get(random.nextInt(CRAWLERS.size())) : HEADLESS);
                pages(d, start, 5 + random.nextInt(20), kind, out);
            }
            case "ip_farm" -> {
                String ip = population.address();
                Instant hour = start.truncatedTo(ChronoUnit.HOURS);
                for (int i = 0; i < scenario.farmSize(); i++) {
                    Device d = device(ip, BROWSER);
                    d.claimedIp = claimedAddress(d.anonymousId);
                    pages(d, hour.plus(Duration.ofSeconds(random.nextInt(40 * 60))), 1 + random.nextInt(3), kind, out);
                }
            }
            case "metronome" -> {
                Device d = device(population.address(), BROWSER);
                Instant t = start;
                for (int i = 0; i < 12; i++) {
                    out.add(new Draft(messages.page(d, t, "/product/" + catalog.pick(random).id(), null, null), t, d, null, kind));
                    t = t.plusSeconds(15).plusMillis(random.nextInt(20));
                }
            }
            default -> throw new IllegalArgumentException("unknown bot kind " + kind);
        }
    }

    /**
     * A made-up public address for an anonymous id, derived from it (so the seeded traffic draws no extra random
     * numbers): what a farm writes into context.ip to look like many visitors.
     */
    static String claimedAddress(String anonymousId) {
        long bits = java.util.UUID.fromString(anonymousId).getLeastSignificantBits();
        return (11 + Math.floorMod(bits, 180)) + "." + Math.floorMod(bits >> 8, 256) + "." + Math.floorMod(bits >> 16, 256)
                + "." + (1 + Math.floorMod(bits >> 24, 254));
    }

    private Device device(String ip, String agent) {
        Device d = population.device(ip, false, false);
        return new Device(d.anonymousId, ip, agent, Duration.ZERO, false, false);
    }

    /** Page views at an irregular, human-like pace (3 to 40 s apart), so only the bot's other traits give it away. */
    private void pages(Device d, Instant t, int count, String kind, List<Draft> out) {
        for (int i = 0; i < count; i++) {
            out.add(new Draft(messages.page(d, t, "/product/" + catalog.pick(random).id(), null, null), t, d, null, kind));
            t = t.plusSeconds(3 + random.nextInt(38)).plusMillis(random.nextInt(1000));
        }
    }
}
