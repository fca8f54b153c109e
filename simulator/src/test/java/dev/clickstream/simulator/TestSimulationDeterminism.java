package dev.clickstream.simulator;

import dev.clickstream.simulator.traffic.Scenario;
import dev.clickstream.simulator.traffic.SimEvent;
import dev.clickstream.simulator.traffic.Simulation;
import dev.clickstream.simulator.truth.GroundTruth;
import dev.clickstream.simulator.truth.TruthBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class TestSimulationDeterminism {

    @Test
    void theSameSeedGivesTheSameTrafficAndTruth(@TempDir Path dir) throws IOException {
        Scenario scenario = Scenario.of(42, 30, 3);
        List<SimEvent> a = Simulation.generate(scenario);
        List<SimEvent> b = Simulation.generate(scenario);
        assertThat(a.stream().map(e -> e.message().toString()).toList())
                .isEqualTo(b.stream().map(e -> e.message().toString()).toList());
        TruthBuilder.build(scenario, a).write(dir.resolve("a.jsonl"));
        TruthBuilder.build(scenario, b).write(dir.resolve("b.jsonl"));
        assertThat(Files.readString(dir.resolve("a.jsonl"))).isEqualTo(Files.readString(dir.resolve("b.jsonl")));

        List<SimEvent> other = Simulation.generate(Scenario.of(43, 30, 3));
        assertThat(other.get(0).messageId()).isNotEqualTo(a.get(0).messageId());
    }

    @Test
    void theTruthFileRoundTrips(@TempDir Path dir) {
        Scenario scenario = Scenario.of(5, 40, 2);
        GroundTruth truth = TruthBuilder.build(scenario, Simulation.generate(scenario));
        truth.write(dir.resolve("t.jsonl"));
        GroundTruth read = GroundTruth.read(dir.resolve("t.jsonl"));
        assertThat(read.messages).isEqualTo(truth.messages);
        assertThat(read.sessions).isEqualTo(truth.sessions);
        assertThat(read.funnelSteps).isEqualTo(truth.funnelSteps);
        assertThat(read.bots).isEqualTo(truth.bots);
        assertThat(read.links).isEqualTo(truth.links);
    }

    @Test
    void theTrafficHasEveryIngredientTheIssueAsksFor() {
        List<SimEvent> events = Simulation.generate(Scenario.of(9, 200, 5));
        Set<String> types = events.stream().map(SimEvent::type).collect(Collectors.toSet());
        Set<String> tracks = events.stream().map(SimEvent::event).filter(java.util.Objects::nonNull).collect(Collectors.toSet());
        Set<String> bots = events.stream().map(SimEvent::botKind).filter(java.util.Objects::nonNull).collect(Collectors.toSet());
        assertThat(types).contains("page", "identify", "alias", "group", "track");
        assertThat(tracks).contains("Products Searched", "Product List Viewed", "Product Viewed", "Product Added",
                "Product Removed", "Cart Viewed", "Checkout Started", "Order Completed");
        assertThat(bots).containsExactlyInAnyOrder("burst", "crawler", "headless", "ip_farm", "metronome");
        assertThat(events).anyMatch(SimEvent::isLate);
        assertThat(events).anyMatch(e -> e.resends() > 0);
        assertThat(events).anyMatch(e -> !e.clockSkew().isZero());
        assertThat(events).anyMatch(e -> e.message().path("context").has("campaign"));
        // the people bot rules must leave alone: crowds behind one address, a backend, pages' automatic bursts
        assertThat(events.stream().map(SimEvent::population).filter(java.util.Objects::nonNull).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("office_nat", "university_nat", "cgnat_mobile", "server_side", "promotion_burst", "autotrack");
        assertThat(events.stream().filter(e -> "office_nat".equals(e.population()))
                .collect(Collectors.groupingBy(SimEvent::address, Collectors.mapping(SimEvent::anonymousId, Collectors.toSet()))).values())
                .allSatisfy(devices -> assertThat(devices.size()).isGreaterThanOrEqualTo(20));
        assertThat(events).filteredOn(e -> "server_side".equals(e.population()))
                .allSatisfy(e -> assertThat(e.message().path("context").has("ip")).isFalse())
                .allSatisfy(e -> assertThat(e.address()).startsWith("198.18."))
                .extracting(e -> e.message().path("context").path("library").path("name").stringValue()).containsOnly("analytics-java");
        // every message comes from an address, which people's messages do not carry (browser SDKs send no context.ip);
        // a farm's devices share one address and each claim another in context.ip
        assertThat(events).allSatisfy(e -> assertThat(e.address()).isNotBlank());
        assertThat(events).filteredOn(e -> e.botKind() == null).noneMatch(e -> e.message().path("context").has("ip"));
        var farms = events.stream().filter(e -> "ip_farm".equals(e.botKind()))
                .collect(Collectors.groupingBy(SimEvent::address, Collectors.toList())).values();
        assertThat(farms).isNotEmpty().allSatisfy(farm -> {
            Set<String> devices = farm.stream().map(SimEvent::anonymousId).collect(Collectors.toSet());
            Set<String> claimed = farm.stream().map(e -> e.message().path("context").path("ip").stringValue()).collect(Collectors.toSet());
            assertThat(devices.size()).isGreaterThanOrEqualTo(20);
            assertThat(claimed).hasSameSizeAs(devices).doesNotContain(farm.get(0).address());
        });
        // a device used by two people: one anonymous id, two user ids
        assertThat(events.stream().filter(e -> e.userId() != null && e.anonymousId() != null)
                .collect(Collectors.groupingBy(SimEvent::anonymousId, Collectors.mapping(SimEvent::userId, Collectors.toSet())))
                .values()).anyMatch(users -> users.size() == 2);
    }
}
