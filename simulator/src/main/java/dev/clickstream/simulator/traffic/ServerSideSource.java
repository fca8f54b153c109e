package dev.clickstream.simulator.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A backend that sends for many people from its own address: an e-mail service reporting opens through a
 * server-side SDK, within one hour, without setting {@code context.ip} (so the collector records the address it sees,
 * the backend's) or a user agent. Newsletter readers known only by an anonymous id get one event each, like the
 * shallow visits of an IP farm; known customers are sent by user id. Each backend has an address of its own in
 * 198.18.0.0/15 (the range set aside for benchmarks), counted, so the seeded traffic draws no extra random numbers.
 */
final class ServerSideSource {
    static final String POPULATION = "server_side";

    private final Random random;
    private final MessageFactory messages;
    private final Population population;
    private int backends;

    ServerSideSource(Random random, MessageFactory messages, Population population) {
        this.random = random;
        this.messages = messages;
        this.population = population;
    }

    void send(Instant hour, List<Draft> out) {
        int readers = 22 + random.nextInt(15);
        int customers = 5 + random.nextInt(10);
        backends++;
        String address = "198.18." + (backends / 250 % 256) + "." + (1 + backends % 250);
        for (int i = 0; i < readers + customers; i++) {
            Instant t = hour.plus(Duration.ofSeconds(random.nextInt(50 * 60)));
            Person customer = i < readers ? null : population.anyone();
            Device d = new Device(customer == null ? new UUID(random.nextLong(), random.nextLong()).toString() : null,
                    address, null, Duration.ZERO, false, false, MessageFactory.SERVER, POPULATION);
            if (customer != null) d.loggedIn = customer.userId;
            var m = messages.track(d, t, "Email Opened");
            ((tools.jackson.databind.node.ObjectNode) m.get("properties")).put("email_id", "newsletter-" + hour.getEpochSecond());
            out.add(new Draft(m, t, d, customer, null));
        }
    }
}
