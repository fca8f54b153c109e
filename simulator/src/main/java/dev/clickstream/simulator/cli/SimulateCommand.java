package dev.clickstream.simulator.cli;

import dev.clickstream.simulator.send.Delivery;
import dev.clickstream.simulator.send.HttpBatchSender;
import dev.clickstream.simulator.send.SdkSender;
import dev.clickstream.simulator.send.Sender;
import dev.clickstream.simulator.traffic.Scenario;
import dev.clickstream.simulator.traffic.SimEvent;
import dev.clickstream.simulator.traffic.Simulation;
import dev.clickstream.simulator.truth.GroundTruth;
import dev.clickstream.simulator.truth.TruthBuilder;
import picocli.CommandLine;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code clickstream simulate}: generate seeded traffic, write its ground truth, send it to a collector. */
@CommandLine.Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Send realistic e-commerce traffic with known ground truth to a collector.")
public final class SimulateCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "Collector base URL (default: ${DEFAULT-VALUE}).")
    URI url;
    @CommandLine.Mixin
    WriteKeyOption writeKey;
    @CommandLine.Option(names = "--seed", defaultValue = "1", description = "Same seed, same traffic (default: ${DEFAULT-VALUE}).")
    long seed;
    @CommandLine.Option(names = "--users", defaultValue = "100", description = "People to simulate (default: ${DEFAULT-VALUE}); bots scale with it.")
    int users;
    @CommandLine.Option(names = "--days", defaultValue = "7", description = "Days of traffic (default: ${DEFAULT-VALUE}).")
    int days;
    @CommandLine.Option(names = "--start", description = "First simulated day, ISO instant (default: " + "2026-01-05T00:00:00Z).")
    Instant start;
    @CommandLine.Option(names = "--duplicate-rate", defaultValue = "0.03", description = "Share of messages an SDK retry re-sends (default: ${DEFAULT-VALUE}).")
    double duplicateRate;
    @CommandLine.Option(names = "--late-rate", defaultValue = "0.05", description = "Share of phone visits that arrive hours late (default: ${DEFAULT-VALUE}).")
    double lateRate;
    @CommandLine.Option(names = "--skew-rate", defaultValue = "0.1", description = "Share of devices whose clock is wrong (default: ${DEFAULT-VALUE}).")
    double skewRate;
    @CommandLine.Option(names = "--bots-per-100", defaultValue = "2", description = "Bots of each kind per 100 people (default: ${DEFAULT-VALUE}).")
    double botsPer100;
    @CommandLine.Option(names = "--crowds-per-100", defaultValue = "1", description = "Per 100 people, crowds of each kind "
            + "(office NAT, university NAT, mobile CGNAT: 20-35 more people on one address within an hour) and backends "
            + "sending for many people from one address (default: ${DEFAULT-VALUE}).")
    double crowdsPer100;
    @CommandLine.Option(names = "--batch-size", defaultValue = "100", description = "Messages per /v1/batch request (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @CommandLine.Option(names = "--concurrency", defaultValue = "4", description = "Requests in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;
    @CommandLine.Option(names = "--gzip", description = "Gzip request bodies.")
    boolean gzip;
    @CommandLine.Option(names = "--via-sdk", description = "Send through the real analytics-java SDK instead of plain HTTP.")
    boolean viaSdk;
    @CommandLine.Option(names = "--speedup", defaultValue = "0", description = "Pace: simulated seconds per wall second; 1 is real time, 0 as fast as possible (default: ${DEFAULT-VALUE}).")
    double speedup;
    @CommandLine.Option(names = "--truth", description = "Ground-truth JSONL to write (default: simulation-<seed>.truth.jsonl).")
    Path truthFile;
    @CommandLine.Option(names = "--dry-run", description = "Write the ground truth only; send nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        Scenario scenario = new Scenario(seed, users, days, start == null ? Scenario.DEFAULT_START : start,
                duplicateRate, lateRate, skewRate, botsPer100, 25, crowdsPer100);
        long t0 = System.nanoTime();
        List<SimEvent> events = Simulation.generate(scenario);
        GroundTruth truth = TruthBuilder.build(scenario, events);
        Path out = truthFile != null ? truthFile : Path.of("simulation-" + seed + ".truth.jsonl");
        truth.write(out);
        System.out.printf("generated %,d messages (%,d deliveries, %,d sessions, %,d bot keys) in %.1f s; ground truth: %s%n",
                events.size(), truth.run.get("deliveries"), truth.sessions.size(), truth.bots.size(),
                (System.nanoTime() - t0) / 1e9, out);
        if (dryRun) return 0;

        List<Delivery.Item> plan = Delivery.plan(events);
        long t1 = System.nanoTime();
        try (Sender sender = viaSdk ? new SdkSender(url.toString(), writeKey.resolve())
                : new HttpBatchSender(url, writeKey.resolve(), batchSize, concurrency, gzip, Clock.systemUTC())) {
            Pacer.send(plan, events, sender, speedup, scenario.start());
            double seconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf("sent %s in %.1f s (%,.0f messages/s)%n", sender.stats(), seconds, plan.size() / seconds);
        }
        return 0;
    }
}
