package dev.clickstream.benchmark;

import dev.clickstream.benchmark.load.BareServer;
import dev.clickstream.benchmark.load.LoadGenerator;
import dev.clickstream.benchmark.load.LoadResult;
import dev.clickstream.benchmark.load.Scenario;
import dev.clickstream.collector.testing.CollectorHarness;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The generators count what they send and what came back; speed is the benchmark's business, not this test's. */
class TestLoadGenerator {

    @Test
    void theOpenModelOffersItsRateAndCountsEveryAnswer() {
        Javalin bare = BareServer.start("127.0.0.1", 0);
        try (LoadGenerator gen = new LoadGenerator("bare", URI.create("http://127.0.0.1:" + bare.port()), "k")) {
            LoadResult r = gen.open(Scenario.BATCH20, 200, Duration.ofMillis(500), Duration.ofSeconds(2));
            assertThat(r.requests()).isBetween(380L, 420L); // 200/s for 2 s, give or take the edges
            assertThat(r.statuses()).containsOnlyKeys("200");
            assertThat(r.eventsPerSecond()).isEqualTo(r.ok() * 20 / 2.0);
        } finally {
            bare.stop();
        }
    }

    @Test
    void everyScenarioIsAcceptedByTheCollectorAndStatusesAreCounted() {
        try (CollectorHarness c = CollectorHarness.start();
             LoadGenerator good = new LoadGenerator("collector", URI.create(c.baseUrl()), CollectorHarness.KEY);
             LoadGenerator badKey = new LoadGenerator("collector", URI.create(c.baseUrl()), "wrong")) {
            for (Scenario s : Scenario.values()) {
                LoadResult r = good.closed(s, 2, Duration.ZERO, Duration.ofMillis(300));
                assertThat(r.ok()).as(s.name()).isPositive();
                assertThat(r.statuses()).as(s.name()).containsOnlyKeys("200");
            }
            assertThat(badKey.closed(Scenario.SINGLE, 1, Duration.ZERO, Duration.ofMillis(200)).statuses()).containsOnlyKeys("401");
        }
    }
}
