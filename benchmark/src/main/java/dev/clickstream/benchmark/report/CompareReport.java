package dev.clickstream.benchmark.report;

import dev.clickstream.benchmark.Compare;
import dev.clickstream.benchmark.load.Scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The Markdown report of {@link Compare}: every window, then per scenario the candidate's throughput as a ratio of
 * the baseline's in the same round, summarised as a geometric mean with a bootstrap 95% interval, and a verdict
 * against the allowed drop that says "inconclusive" when the interval straddles it.
 */
public final class CompareReport {
    /** The summary of one scenario's paired ratios (candidate / baseline). */
    public record Ratio(int pairs, double geometricMean, double low, double high) {
        /** "holds", "does not hold" or "inconclusive" for "the candidate keeps at least {@code floor} of the baseline". */
        public String verdict(double floor) {
            if (low >= floor) return "holds";
            if (high < floor) return "does not hold";
            return "inconclusive";
        }
    }

    private static final int RESAMPLES = 10_000;
    private final String command;
    private final double maxDrop;
    private final List<Compare.Window> windows = new ArrayList<>();

    public CompareReport(String command, double maxDrop) {
        this.command = command;
        this.maxDrop = maxDrop;
    }

    public void add(Compare.Window w) {
        windows.add(w);
    }

    /** Geometric mean of the ratios and its percentile-bootstrap 95% interval (fixed seed: the report is reproducible). */
    public static Ratio summarise(double[] ratios) {
        if (ratios.length == 0) return new Ratio(0, Double.NaN, Double.NaN, Double.NaN);
        double[] logs = Arrays.stream(ratios).map(Math::log).toArray();
        SplittableRandom random = new SplittableRandom(42);
        double[] means = new double[RESAMPLES];
        for (int i = 0; i < RESAMPLES; i++) {
            double sum = 0;
            for (int j = 0; j < logs.length; j++) sum += logs[random.nextInt(logs.length)];
            means[i] = sum / logs.length;
        }
        Arrays.sort(means);
        return new Ratio(ratios.length, Math.exp(Arrays.stream(logs).average().orElseThrow()),
                Math.exp(means[(int) (0.025 * RESAMPLES)]), Math.exp(means[(int) (0.975 * RESAMPLES) - 1]));
    }

    /** events/s of the candidate over the baseline's, one per round in which both were measured. */
    double[] ratios(Scenario s) {
        List<Double> out = new ArrayList<>();
        for (Compare.Window c : windows) {
            if (c.scenario() != s || !c.candidate()) continue;
            windows.stream().filter(b -> b.scenario() == s && !b.candidate() && b.round() == c.round())
                    .filter(b -> b.load().eventsPerSecond() > 0).findFirst().ifPresent(b -> out.add(c.load().eventsPerSecond() / b.load().eventsPerSecond()));
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public void write(Path file, Compare.Config config) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# Collector A/B comparison, ").append(LocalDate.now()).append("\n\n")
                .append("Produced by `").append(command).append("`; every number below comes from that one run.\n\n")
                .append("- baseline: `").append(config.baselineJar().getFileName()).append("`\n")
                .append("- candidate: `").append(config.candidateJar().getFileName()).append("`\n")
                .append(String.format(Locale.ROOT, "- %d rounds; each build warmed for %d s per scenario, then %d s windows in ABBA order "
                        + "(closed model: %d connections for single events, %d for 100-event batches)\n\n",
                        config.rounds(), config.warmup().toSeconds(), config.window().toSeconds(),
                        config.singleConnections(), config.batchConnections()))
                .append("## Machine\n\n").append(Machine.describe()).append('\n')
                .append("## Summary\n\n")
                .append(String.format(Locale.ROOT, "Candidate events/s as a share of the baseline's in the same round; "
                        + "the claim tested is \"the candidate keeps at least %.0f%%\".\n\n", 100 * (1 - maxDrop)))
                .append("| scenario | pairs | geometric mean | 95% interval | verdict |\n|---|---|---|---|---|\n");
        for (Scenario s : List.of(Scenario.SINGLE, Scenario.BATCH100)) {
            Ratio r = summarise(ratios(s));
            b.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f – %.3f | %s |\n", s.name().toLowerCase(Locale.ROOT),
                    r.pairs(), r.geometricMean(), r.low(), r.high(), r.verdict(1 - maxDrop)));
        }
        b.append("\n## Every window\n\nServer CPU is the collector's whole process tree (its embedded PostgreSQL included).\n\n")
                .append("| round | scenario | build | events/s | p50 ms | p99 ms | server CPU (cores) | CPU µs per event | statuses |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (Compare.Window w : windows) {
            double perEvent = w.usage().cpuCores() / w.load().eventsPerSecond() * 1e6;
            b.append(String.format(Locale.ROOT, "| %d | %s | %s | %,.0f | %.2f | %.2f | %.2f | %.1f | %s |\n", w.round(),
                    w.load().scenario(), w.candidate() ? "candidate" : "baseline", w.load().eventsPerSecond(), w.load().p50(),
                    w.load().p99(), w.usage().cpuCores(), perEvent, w.load().statuses()));
        }
        Files.writeString(file, b.toString());
    }
}
