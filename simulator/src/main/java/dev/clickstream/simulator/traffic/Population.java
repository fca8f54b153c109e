package dev.clickstream.simulator.traffic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The people, grouped in households, with their devices. About one household in ten has two people who share a
 * family computer besides their own devices; one device in twenty sends through an autotrack SDK. Crowds are people
 * behind one shared public address (an office or a university behind NAT, a mobile carrier's CGNAT). Remembers who
 * ever logged in on which device, which is what makes a device's anonymous events attributable to a person.
 */
final class Population {
    /** The kinds of crowd: many people on one public address within one hour. */
    static final List<String> CROWDS = List.of("office_nat", "university_nat", "cgnat_mobile");
    static final double AUTOTRACK_DEVICE_RATE = 0.05;
    private static final List<String> BROWSERS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");
    private static final List<String> PHONES = List.of(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36");

    final List<List<Person>> households = new ArrayList<>();
    private final Set<String> logins = new HashSet<>();
    private final Random random;
    private final Scenario scenario;
    private int made;

    Population(Scenario scenario, Random random) {
        this.scenario = scenario;
        this.random = random;
        while (made < scenario.users()) {
            boolean family = scenario.users() - made >= 2 && random.nextDouble() < 0.1;
            String ip = address();
            List<Person> household = new ArrayList<>();
            for (int i = 0; i < (family ? 2 : 1); i++) {
                made++;
                String group = random.nextDouble() < 0.15 ? "g-" + (1 + random.nextInt(Math.max(1, scenario.users() / 20))) : null;
                Person p = new Person("user-" + made, group, random.nextDouble() < 0.4);
                int own = 1 + (random.nextDouble() < 0.5 ? 1 : 0) + (random.nextDouble() < 0.15 ? 1 : 0);
                for (int d = 0; d < own; d++) p.devices.add(device(d == 0 ? ip : address(), d > 0, false));
                household.add(p);
            }
            if (family) {
                Device shared = device(ip, false, true);
                for (Person p : household) p.devices.add(shared);
            }
            households.add(household);
        }
    }

    Device device(String ip, boolean mobile, boolean shared) {
        Duration skew = Duration.ZERO;
        if (random.nextDouble() < scenario.skewedDeviceRate()) {
            skew = Duration.ofSeconds((random.nextBoolean() ? 1 : -1) * (120 + random.nextInt(3 * 3600)));
        }
        List<String> agents = mobile ? PHONES : BROWSERS;
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        String agent = agents.get(random.nextInt(agents.size()));
        if (random.nextDouble() < AUTOTRACK_DEVICE_RATE) {
            return new Device(id, ip, agent, skew, mobile, shared, MessageFactory.AUTOTRACK, "autotrack");
        }
        return new Device(id, ip, agent, skew, mobile, shared);
    }

    /** {@code size} more people, each with one device on the same public address (phones behind a CGNAT). */
    List<Person> crowd(String kind, int size) {
        String ip = address();
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Person p = new Person("user-" + (++made), null, random.nextDouble() < 0.4);
            Device d = device(ip, kind.equals("cgnat_mobile"), false);
            p.devices.add(new Device(d.anonymousId, ip, d.userAgent, d.clockSkew, d.mobile, false, d.library, kind));
            people.add(p);
        }
        return people;
    }

    /** Someone the backend can send for: a person of the population, by their user id. */
    Person anyone() {
        List<Person> household = households.get(random.nextInt(households.size()));
        return household.get(random.nextInt(household.size()));
    }

    /** A public-looking IPv4 address; drawn from 16 million, so people practically never share one by chance. */
    String address() {
        return (11 + random.nextInt(180)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    void loggedInOn(Device device, Person person) {
        logins.add(device.anonymousId + "|" + person.userId);
    }

    boolean everLoggedIn(Device device, Person person) {
        return logins.contains(device.anonymousId + "|" + person.userId);
    }
}
