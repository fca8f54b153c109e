package dev.clickstream.simulator;

import dev.clickstream.simulator.testing.SimulatedPipeline;
import dev.clickstream.simulator.traffic.Scenario;
import dev.clickstream.simulator.traffic.SimEvent;
import dev.clickstream.simulator.verify.Thresholds;
import dev.clickstream.simulator.verify.Verifier;
import dev.clickstream.simulator.verify.VerifyReport;
import dev.clickstream.simulator.verify.ModeledTables;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * simulator → collector → warehouse → models → verify, on the embedded default, at the strict thresholds. The
 * traffic goes in three deliveries with a model run after each, so late visits, SDK-retry duplicates and logins
 * land across incremental runs.
 */
class TestEndToEndAccuracy {

    @Test
    void theModelsRecoverWhatReallyHappened() {
        try (SimulatedPipeline pipeline = SimulatedPipeline.deliver(Scenario.of(20261125L, 80, 4))) {
            List<SimEvent> events = pipeline.events;
            assertThat(events.size()).as("a few thousand events").isBetween(2_000, 10_000);
            assertThat(pipeline.plan.size()).as("some are delivered twice").isGreaterThan(events.size());
            assertThat(events.stream().filter(SimEvent::isLate).count()).as("some arrive hours late").isPositive();
            assertThat(pipeline.messagesSent()).isEqualTo(pipeline.plan.size());
            // each device's address arrived through X-Forwarded-For as the observed address, whatever context.ip claims
            Map<String, String> observed = new HashMap<>();
            for (List<String> row : pipeline.warehouse().query("SELECT message_id, request_ip FROM clickstream.events", Map.of())) {
                observed.put(row.get(0), row.get(1));
            }
            assertThat(observed).hasSize(events.size());
            for (SimEvent e : events) assertThat(observed.get(e.messageId())).as(e.messageId()).isEqualTo(e.address());

            VerifyReport report = Verifier.verify(pipeline.truth, ModeledTables.read(pipeline.jdbcUrl(), "postgres", ""), Thresholds.strict());
            System.out.println(report.markdown());
            assertThat(report.lost()).isZero();
            assertThat(report.duplicates()).isZero();
            assertThat(report.sessionMatch()).isEqualTo(1.0);
            assertThat(report.funnelMatch()).isEqualTo(1.0);
            assertThat(report.botRecall()).isGreaterThanOrEqualTo(0.95);
            // every kind of bot, not only all of them together (issue 11, acceptance 5)
            assertThat(report.botRecallByKind()).containsOnlyKeys("burst", "crawler", "headless", "ip_farm", "metronome")
                    .allSatisfy((kind, k) -> assertThat(k.recall()).as("recall, " + kind).isGreaterThanOrEqualTo(0.95));
            assertThat(report.botPrecision()).isGreaterThanOrEqualTo(0.99);
            assertThat(report.failures()).isEmpty();
        }
    }
}
