package dev.clickstream.simulator.traffic;

import java.time.Instant;

/**
 * What to simulate. Bots scale with the population: per 100 people, {@link #botsPer100} bots of each kind
 * (an IP farm counts as one bot but sends from {@link #farmSize} anonymous ids). So do the people who share an
 * address: per 100 people, {@link #crowdsPer100} crowds of each kind (an office, a university, a carrier's CGNAT:
 * 20 to 35 more people each, on one address within one hour) and as many backends sending for many people.
 */
public record Scenario(long seed, int users, int days, Instant start, double duplicateRate, double lateVisitRate,
                       double skewedDeviceRate, double botsPer100, int farmSize, double crowdsPer100) {

    public static final Instant DEFAULT_START = Instant.parse("2026-01-05T00:00:00Z");

    public static Scenario of(long seed, int users, int days) {
        return new Scenario(seed, users, days, DEFAULT_START, 0.03, 0.05, 0.1, 2.0, 25, 1.0);
    }

    /** The same traffic, shifted to start at another instant. */
    public Scenario startingAt(Instant newStart) {
        return new Scenario(seed, users, days, newStart, duplicateRate, lateVisitRate, skewedDeviceRate, botsPer100, farmSize,
                crowdsPer100);
    }

    public Scenario {
        if (users < 1) throw new IllegalArgumentException("users must be at least 1");
        if (days < 1) throw new IllegalArgumentException("days must be at least 1");
        if (farmSize < 20) throw new IllegalArgumentException("an IP farm needs at least 20 anonymous ids");
    }

    /** How many bots of each kind a population of this size gets: at least one, so every kind is measured. */
    public int botsOfEachKind() {
        return Math.max(1, (int) Math.round(users * botsPer100 / 100.0));
    }

    /** How many crowds of each kind, and backends, a population of this size gets: none only when asked for none. */
    public int crowdsOfEachKind() {
        return crowdsPer100 <= 0 ? 0 : Math.max(1, (int) Math.round(users * crowdsPer100 / 100.0));
    }
}
