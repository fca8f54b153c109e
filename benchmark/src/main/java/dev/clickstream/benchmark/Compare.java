package dev.clickstream.benchmark;

import dev.clickstream.benchmark.load.LoadGenerator;
import dev.clickstream.benchmark.load.LoadResult;
import dev.clickstream.benchmark.load.ProcessProbe;
import dev.clickstream.benchmark.load.Scenario;
import dev.clickstream.benchmark.report.CompareReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Two builds of the collector, side by side on one machine: both run the embedded default at once, warm, and take
 * turns under the same load in short alternating windows (ABBA order), for several rounds. Each round's pair was
 * measured minutes apart at most, so drift of a shared machine (other tenants, thermal limits) mostly cancels in the
 * pair's ratio; {@link CompareReport} then summarises the ratios with an interval instead of comparing two means
 * taken at different times.
 */
public final class Compare {
    public record Config(Path baselineJar, Path candidateJar, int rounds, Duration warmup, Duration window,
                         int singleConnections, int batchConnections) {}

    /** What one window of one build measured. */
    public record Window(int round, Scenario scenario, boolean candidate, LoadResult load, ProcessProbe.Usage usage) {}

    private static final List<Scenario> SCENARIOS = List.of(Scenario.SINGLE, Scenario.BATCH100);
    /** Each window starts with a short ramp that is not kept: the connections refill after the other build's turn. */
    private static final Duration RAMP = Duration.ofSeconds(2);

    private final Config config;
    private final CompareReport report;
    private final Path work;

    public Compare(Config config, CompareReport report) throws IOException {
        this.config = config;
        this.report = report;
        this.work = Files.createTempDirectory("clickstream-compare");
    }

    public void run() throws Exception {
        try (Standalone.Collector baseline = Standalone.Collector.upAnyBuild(config.baselineJar(), work.resolve("baseline"));
             Standalone.Collector candidate = Standalone.Collector.upAnyBuild(config.candidateJar(), work.resolve("candidate"));
             LoadGenerator toBaseline = new LoadGenerator("baseline", baseline.url, baseline.writeKey);
             LoadGenerator toCandidate = new LoadGenerator("candidate", candidate.url, candidate.writeKey)) {
            for (Scenario s : SCENARIOS) { // JIT warm-up of both servers and of the generator; nothing kept
                toBaseline.closed(s, connections(s), config.warmup(), Duration.ofSeconds(1));
                toCandidate.closed(s, connections(s), config.warmup(), Duration.ofSeconds(1));
            }
            for (int round = 1; round <= config.rounds(); round++) {
                for (Scenario s : SCENARIOS) {
                    boolean baselineFirst = round % 2 == 1;
                    for (int turn = 0; turn < 2; turn++) {
                        boolean isCandidate = (turn == 0) != baselineFirst;
                        Standalone.Collector target = isCandidate ? candidate : baseline;
                        LoadGenerator gen = isCandidate ? toCandidate : toBaseline;
                        Window w = measure(round, s, isCandidate, target, gen);
                        System.out.println("round " + round + " " + (isCandidate ? "candidate " : "baseline  ") + w.load().summary());
                        report.add(w);
                    }
                }
            }
        }
    }

    private Window measure(int round, Scenario s, boolean isCandidate, Standalone.Collector target, LoadGenerator gen) {
        try (ProcessProbe probe = new ProcessProbe(target.process.pid())) {
            probe.start();
            LoadResult load = gen.closed(s, connections(s), RAMP, config.window());
            return new Window(round, s, isCandidate, load, probe.stop());
        }
    }

    private int connections(Scenario s) {
        return s.eventsPerRequest > 1 ? config.batchConnections() : config.singleConnections();
    }
}
