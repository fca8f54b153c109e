package dev.clickstream.simulator.testing;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.simulator.send.Delivery;
import dev.clickstream.simulator.send.HttpBatchSender;
import dev.clickstream.simulator.traffic.Scenario;
import dev.clickstream.simulator.traffic.SimEvent;
import dev.clickstream.simulator.traffic.Simulation;
import dev.clickstream.simulator.truth.GroundTruth;
import dev.clickstream.simulator.truth.TruthBuilder;
import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.JdbcExecutor;
import dev.clickstream.warehouse.runner.ModelRunner;
import dev.clickstream.warehouse.runner.SqlExecutor;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.postgresql.ds.PGSimpleDataSource;

import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * Seeded traffic sent through a real collector into its own PostgreSQL database and modeled, with its ground truth.
 * The plan goes in three deliveries with a model run after each, so late visits, SDK-retry duplicates and logins
 * land across incremental runs. The collector trusts this machine as its proxy ({@link #TRUSTED_PROXY}), as one behind
 * a load balancer does, so each device's X-Forwarded-For address becomes its events' request_ip.
 */
public final class SimulatedPipeline implements AutoCloseable {
    /** The source the traffic is sent as (write key {@link CollectorHarness#KEY}). */
    public static final String SOURCE = "test";
    /** The load balancer the sender plays: the loopback address it connects from. */
    public static final String TRUSTED_PROXY = "127.0.0.1/32";

    public final Scenario scenario;
    public final List<SimEvent> events;
    public final GroundTruth truth;
    public final List<Delivery.Item> plan;
    private final CollectorHarness collector;
    private final SqlExecutor warehouse;
    private final ModelRunner models;
    private long messagesSent;

    private SimulatedPipeline(Scenario scenario) {
        this.scenario = scenario;
        this.events = Simulation.generate(scenario);
        this.truth = TruthBuilder.build(scenario, events);
        this.plan = Delivery.plan(events);
        this.collector = CollectorHarness.start(CollectorHarness.defaults(TestPostgres.newDatabase())
                .with(CollectorKeys.HTTP_TRUSTED_PROXIES, TRUSTED_PROXY));
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(collector.jdbcUrl());
        ds.setUser("postgres");
        this.warehouse = new JdbcExecutor(ds, null);
        this.models = new ModelRunner(warehouse, Dialect.POSTGRES, Clock.systemUTC());
        models.setup();
    }

    /** Generates the scenario's traffic, delivers all of it and models it; close it to stop the collector. */
    public static SimulatedPipeline deliver(Scenario scenario) {
        SimulatedPipeline p = new SimulatedPipeline(scenario);
        try (HttpBatchSender sender = new HttpBatchSender(URI.create(p.collector.baseUrl()), CollectorHarness.KEY, 100, 4,
                true, Clock.systemUTC())) {
            int third = p.plan.size() / 3;
            for (List<Delivery.Item> part : List.of(p.plan.subList(0, third), p.plan.subList(third, 2 * third),
                    p.plan.subList(2 * third, p.plan.size()))) {
                sender.send(part);
                p.runModels();
            }
            p.messagesSent = sender.stats().messages.get();
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** Runs every model over what has arrived; fails if one fails. */
    public void runModels() {
        for (ModelRunner.Outcome o : models.run(null, false)) {
            if ("failed".equals(o.status())) throw new IllegalStateException("model " + o.model() + " failed: " + o.error());
        }
    }

    public long messagesSent() {
        return messagesSent;
    }

    public CollectorHarness collector() {
        return collector;
    }

    /** The warehouse through the models' executor seam (JDBC). */
    public SqlExecutor warehouse() {
        return warehouse;
    }

    public String jdbcUrl() {
        return collector.jdbcUrl();
    }

    @Override
    public void close() {
        collector.close();
    }
}
