package dev.clickstream.simulator;

import dev.clickstream.simulator.traffic.Scenario;
import dev.clickstream.simulator.traffic.Simulation;
import dev.clickstream.simulator.truth.GroundTruth;
import dev.clickstream.simulator.truth.TruthBuilder;
import dev.clickstream.simulator.verify.Thresholds;
import dev.clickstream.simulator.verify.Verifier;
import dev.clickstream.simulator.verify.VerifyReport;
import dev.clickstream.simulator.verify.ModeledTables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** verify passes a warehouse that equals the truth, and names each kind of damage done to it. */
class TestVerifier {
    GroundTruth truth;
    ModeledTables w;

    @BeforeEach
    void aWarehouseThatEqualsTheTruth() {
        Scenario scenario = Scenario.of(3, 60, 3);
        truth = TruthBuilder.build(scenario, Simulation.generate(scenario));
        w = new ModeledTables();
        w.events.putAll(truth.messages);
        truth.sessions.forEach(s -> w.sessions.add(new ModeledTables.Session(s.sessionKey(), s.userKey(), s.start().plusMillis(40),
                s.end().plusMillis(40), s.events(), s.pageViews(), s.bot(), s.orders(), s.revenue())));
        Map<String, Set<String>> users = new HashMap<>();
        truth.funnelSteps.forEach(f -> users.computeIfAbsent(f.day() + "|" + f.step(), k -> new java.util.HashSet<>()).add(f.userKey()));
        users.forEach((k, v) -> w.funnel.add(new ModeledTables.FunnelCell(java.time.LocalDate.parse(k.split("\\|")[0]),
                Integer.parseInt(k.split("\\|")[1]), v.size())));
        truth.bots.forEach(b -> w.flagsByUser.put(b.userKey(), Set.of("rate")));
        truth.links.forEach(l -> w.links.add(l.anonymousId() + "|" + l.userId()));
    }

    @Test
    void aFaithfulWarehousePasses() {
        assertThat(Verifier.verify(truth, w, Thresholds.strict()).failures()).isEmpty();
    }

    @Test
    void aLostEventAndADuplicateFail() {
        w.events.remove(truth.messages.keySet().iterator().next());
        w.duplicateRows = 1;
        VerifyReport r = Verifier.verify(truth, w, Thresholds.strict());
        assertThat(r.lost()).isEqualTo(1);
        assertThat(r.failures()).anyMatch(f -> f.startsWith("lost events")).anyMatch(f -> f.startsWith("duplicates"));
    }

    @Test
    void aSessionSplitInTwoFails() {
        ModeledTables.Session s = w.sessions.stream().filter(x -> x.events() > 2).findFirst().orElseThrow();
        w.sessions.remove(s);
        w.sessions.add(new ModeledTables.Session(s.sessionKey(), s.userKey(), s.start(), s.start(), 1, 1, s.bot(), 0, 0));
        w.sessions.add(new ModeledTables.Session(s.sessionKey(), s.userKey(), s.start().plusSeconds(1), s.end(), s.events() - 1, 0, s.bot(), 0, 0));
        VerifyReport r = Verifier.verify(truth, w, Thresholds.strict());
        assertThat(r.sessionMatch()).isLessThan(1.0);
        assertThat(r.markdown()).contains("| mismatch | true session " + s.sessionKey());
    }

    @Test
    void missedBotsAndFlaggedPeopleFail() {
        Set<String> ipFarm = truth.bots.stream().filter(b -> b.kind().equals("ip_farm")).map(GroundTruth.Bot::userKey).collect(Collectors.toSet());
        ipFarm.forEach(w.flagsByUser::remove);
        w.flagsByUser.put(truth.messages.values().stream().filter(u -> u.startsWith("user-")).findFirst().orElseThrow(), Set.of("rate"));
        VerifyReport r = Verifier.verify(truth, w, Thresholds.strict());
        assertThat(r.botRecall()).isLessThan(0.95);
        assertThat(r.botPrecision()).isLessThan(1.0);
        assertThat(r.markdown()).contains("recall, ip_farm | 0 of " + ipFarm.size());
    }

    /** Overall recall hides a kind the rules miss entirely: recall is enforced kind by kind. */
    @Test
    void oneBotKindMissedFailsEvenWhenOverallRecallPasses() {
        GroundTruth.Bot metronome = truth.bots.stream().filter(b -> b.kind().equals("metronome")).findFirst().orElseThrow();
        assertThat(truth.bots.stream().filter(b -> b.kind().equals("metronome"))).hasSize(1);
        w.flagsByUser.remove(metronome.userKey());
        VerifyReport r = Verifier.verify(truth, w, Thresholds.strict());
        assertThat(r.botRecall()).as("overall recall alone would pass").isGreaterThanOrEqualTo(0.95);
        assertThat(r.botRecallByKind().get("metronome").recall()).isZero();
        assertThat(r.botRecallByKind().get("ip_farm").recall()).isEqualTo(1.0);
        assertThat(r.failures()).containsExactly("bot recall, metronome 0.0000 < 0.9500");
        assertThat(r.markdown()).contains("| recall, metronome | 0 of 1 = 0.0000 (under 20 bots: one miss fails) |");
    }

    @Test
    void aBotKindAbsentFromTheTruthIsReportedUnmeasuredAndFails() {
        truth.bots.removeIf(b -> b.kind().equals("headless"));
        VerifyReport r = Verifier.verify(truth, w, Thresholds.strict());
        assertThat(r.botRecallByKind().get("headless").measured()).isFalse();
        assertThat(r.failures()).contains("bot recall, headless unmeasured: no bot of this kind in the truth");
        assertThat(r.markdown()).contains("| recall, headless | not measured: no bot of this kind in the truth |");
    }

    @Test
    void aFlaggedPersonBehindASharedAddressIsNamedByPopulation() {
        GroundTruth.Member office = truth.members.stream().filter(m -> m.population().equals("office_nat")).findFirst().orElseThrow();
        long officePeople = truth.members.stream().filter(m -> m.population().equals("office_nat")).count();
        w.flagsByUser.put(office.userKey(), Set.of("ip_farm"));
        VerifyReport r = Verifier.verify(truth, w, Thresholds.strict());
        assertThat(r.botPrecision()).isLessThan(1.0);
        assertThat(r.markdown()).contains("| people flagged, office_nat | 1 of " + officePeople + " |")
                .contains("| people flagged, server_side | 0 of ");
    }

    @Test
    void aWrongFunnelCountFails() {
        ModeledTables.FunnelCell c = w.funnel.get(0);
        w.funnel.set(0, new ModeledTables.FunnelCell(c.day(), c.step(), c.users() + 1));
        assertThat(Verifier.verify(truth, w, Thresholds.strict()).funnelMatch()).isLessThan(1.0);
    }
}
