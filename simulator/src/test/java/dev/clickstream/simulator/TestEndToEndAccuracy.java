package dev.clickstream.simulator;

import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.simulator.send.Delivery;
import dev.clickstream.simulator.send.HttpBatchSender;
import dev.clickstream.simulator.traffic.Scenario;
import dev.clickstream.simulator.traffic.SimEvent;
import dev.clickstream.simulator.traffic.Simulation;
import dev.clickstream.simulator.truth.GroundTruth;
import dev.clickstream.simulator.truth.TruthBuilder;
import dev.clickstream.simulator.verify.Thresholds;
import dev.clickstream.simulator.verify.Verifier;
import dev.clickstream.simulator.verify.VerifyReport;
import dev.clickstream.simulator.verify.ModeledTables;
import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.JdbcExecutor;
import dev.clickstream.warehouse.runner.ModelRunner;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * simulator → collector → warehouse → models → verify, on the embedded default, at the strict thresholds. The
 * traffic goes in three deliveries with a model run after each, so late visits, SDK-retry duplicates and logins
 * land across incremental runs.
 */
class TestEndToEndAccuracy {

    @Test
    void theModelsRecoverWhatReallyHappened() {
        Scenario scenario = Scenario.of(20261125L, 80, 4);
        List<SimEvent> events = Simulation.generate(scenario);
        GroundTruth truth = TruthBuilder.build(scenario, events);
        List<Delivery.Item> plan = Delivery.plan(events);
        assertThat(events.size()).as("a few thousand events").isBetween(2_000, 10_000);
        assertThat(plan.size()).as("some are delivered twice").isGreaterThan(events.size());
        assertThat(events.stream().filter(SimEvent::isLate).count()).as("some arrive hours late").isPositive();

        try (CollectorHarness collector = CollectorHarness.start();
             HttpBatchSender sender = new HttpBatchSender(URI.create(collector.baseUrl()), CollectorHarness.KEY, 100, 4, true, Clock.systemUTC())) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(collector.jdbcUrl());
            ds.setUser("postgres");
            ModelRunner models = new ModelRunner(new JdbcExecutor(ds, null), Dialect.POSTGRES, Clock.systemUTC());
            models.setup();
            int third = plan.size() / 3;
            for (List<Delivery.Item> part : List.of(plan.subList(0, third), plan.subList(third, 2 * third), plan.subList(2 * third, plan.size()))) {
                sender.send(part);
                assertThat(models.run(null, false)).allSatisfy(o -> assertThat(o.status()).isNotEqualTo("failed"));
            }
            assertThat(sender.stats().messages.get()).isEqualTo(plan.size());

            VerifyReport report = Verifier.verify(truth, ModeledTables.read(collector.jdbcUrl(), "postgres", ""), Thresholds.strict());
            System.out.println(report.markdown());
            assertThat(report.lost()).isZero();
            assertThat(report.duplicates()).isZero();
            assertThat(report.sessionMatch()).isEqualTo(1.0);
            assertThat(report.funnelMatch()).isEqualTo(1.0);
            assertThat(report.botRecall()).isGreaterThanOrEqualTo(0.95);
            assertThat(report.botPrecision()).isGreaterThanOrEqualTo(0.99);
            assertThat(report.failures()).isEmpty();
        }
    }
}
