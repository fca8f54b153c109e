package dev.clickstream.benchmark.report;

import dev.clickstream.benchmark.Standalone;
import dev.clickstream.benchmark.load.Freshness;
import dev.clickstream.benchmark.load.LoadResult;
import dev.clickstream.benchmark.load.PutRecordsCeiling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The versioned Markdown report: machine, command, every figure, and each target met or missed. */
public final class BenchmarkReport {
    private final StringBuilder body = new StringBuilder();
    private final List<String> targets = new ArrayList<>();
    private Standalone.Phase bareSingle;
    private Standalone.Phase bareBatch;

    public BenchmarkReport(String command) {
        body.append("# Benchmark report, ").append(LocalDate.now()).append("\n\n")
                .append("Produced by `").append(command).append("`; every number below comes from that one run.\n\n")
                .append("## Machine\n\n").append(Machine.describe()).append('\n');
    }

    public void ceiling(Standalone.Phase single, Standalone.Phase batch) {
        this.bareSingle = single;
        this.bareBatch = batch;
    }

    public void collector(List<Standalone.Phase> phases) {
        Standalone.Phase single = phases.get(0), batch = phases.get(1), singleAt70 = phases.get(2), batchAt70 = phases.get(3);
        body.append("## Peak throughput, side by side with the bare Javalin ceiling\n\n")
                .append("Closed model (each connection sends when its previous answer came). Both servers run in their own JVM with ")
                .append("`-Xmx256m`; the collector acknowledges only after PostgreSQL committed (durable). Server CPU is the ")
                .append("whole process tree (the collector's embedded PostgreSQL included), in cores of this machine.\n\n")
                .append("| scenario | bare Javalin req/s | collector req/s | ratio to bare | collector events/s | p50 ms | p99 ms | server CPU (cores) | max heap MB |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        peakRow(bareSingle, single);
        peakRow(bareBatch, batch);
        body.append("\n## Latency at 70% of the collector's peak (open model)\n\n")
                .append("Requests are due at a constant rate; latency counts from when a request was due, so a stall shows in the ")
                .append("tail (no coordinated omission).\n\n")
                .append("| scenario | offered req/s | achieved req/s | events/s | p50 ms | p99 ms | p99.9 ms | max ms | statuses | server CPU | max heap MB |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        openRow(singleAt70);
        openRow(batchAt70);
        body.append("\n## Other request shapes (closed model)\n\n| scenario | req/s | events/s | p50 ms | p99 ms | statuses |\n|---|---|---|---|---|---|\n");
        for (Standalone.Phase p : phases.subList(4, phases.size())) {
            LoadResult l = p.load();
            body.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %.2f | %s |%n", l.scenario(), l.requestsPerSecond(),
                    l.eventsPerSecond(), l.p50(), l.p99(), l.statuses()));
        }
        long maxHeap = phases.stream().mapToLong(p -> p.usage().maxHeapBytes()).max().orElse(0);
        target("single-event requests/s ≥ 10,000", single.load().requestsPerSecond() >= 10_000, fmt(single.load().requestsPerSecond()));
        target("events/s in 100-event batches ≥ 50,000", batch.load().eventsPerSecond() >= 50_000, fmt(batch.load().eventsPerSecond()));
        target("p99 ≤ 50 ms at 70% of peak (single)", singleAt70.load().p99() <= 50, String.format(Locale.ROOT, "%.1f ms", singleAt70.load().p99()));
        target("p99 ≤ 50 ms at 70% of peak (batch100)", batchAt70.load().p99() <= 50, String.format(Locale.ROOT, "%.1f ms", batchAt70.load().p99()));
        target("heap ≤ 256 MB", maxHeap <= 256L << 20, (maxHeap >> 20) + " MB max used");
        double r1 = single.load().requestsPerSecond() / bareSingle.load().requestsPerSecond();
        double r2 = batch.load().requestsPerSecond() / bareBatch.load().requestsPerSecond();
        target("ratio to the bare endpoint ≥ 0.5 (single)", r1 >= 0.5, String.format(Locale.ROOT, "%.2f", r1));
        target("ratio to the bare endpoint ≥ 0.5 (batch100)", r2 >= 0.5, String.format(Locale.ROOT, "%.2f", r2));
    }

    private void peakRow(Standalone.Phase bare, Standalone.Phase c) {
        LoadResult b = bare.load(), l = c.load();
        body.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %,.0f | %.2f | %.2f | %.2f | %d |%n", l.scenario(),
                b.requestsPerSecond(), l.requestsPerSecond(), l.requestsPerSecond() / b.requestsPerSecond(), l.eventsPerSecond(),
                l.p50(), l.p99(), c.usage().cpuCores(), c.usage().maxHeapBytes() >> 20));
    }

    private void openRow(Standalone.Phase p) {
        LoadResult l = p.load();
        body.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %.2f | %.2f | %.2f | %.1f | %s | %.2f | %d |%n",
                l.scenario(), l.offeredPerSecond(), l.requestsPerSecond(), l.eventsPerSecond(), l.p50(), l.p99(), l.p999(),
                l.max(), l.statuses(), p.usage().cpuCores(), p.usage().maxHeapBytes() >> 20));
    }

    public void kinesis(Standalone.Phase collector, PutRecordsCeiling.Result bare) {
        LoadResult l = collector.load();
        double ratio = l.eventsPerSecond() / bare.recordsPerSecond();
        body.append("\n## Kinesis path against kinesis-local\n\n")
                .append("The collector with `--sink-type kinesis` (acknowledging after PutRecords succeeded for every record), ")
                .append("100-event batches, against a bare loop of 500-record PutRecords calls (4 threads, 700-byte records) to the ")
                .append("same kinesis-local stream of 4 shards.\n\n")
                .append("| path | records/s | p99 ms |\n|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| collector → Kinesis | %,.0f | %.1f |%n| bare PutRecords loop | %,.0f | |%n",
                        l.eventsPerSecond(), l.p99(), bare.recordsPerSecond()))
                .append(String.format(Locale.ROOT, "%nRatio: **%.2f**; statuses %s; bare loop failed records: %d.%n", ratio, l.statuses(), bare.failedRecords()));
        targets.add(String.format(Locale.ROOT, "| Kinesis path vs bare PutRecords (reported, no target) | %.2f | — |", ratio));
    }

    public void freshness(Freshness.Result f, int intervalSeconds) {
        body.append("\n## Freshness\n\n")
                .append(String.format(Locale.ROOT, "From the HTTP 200 of a probe event to its visibility in `sessions` and in `funnel_daily`, ")
                        + "with the models on their default schedule (every " + intervalSeconds + " s), " + f.probes()
                        + " probes, one every 2 s:\n\n")
                .append("| table | p50 s | p95 s |\n|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| sessions | %.1f | %.1f |%n| funnel_daily | %.1f | %.1f |%n",
                        f.sessionsP50(), f.sessionsP95(), f.funnelsP50(), f.funnelsP95()));
    }

    private void target(String name, boolean met, String measured) {
        targets.add("| " + name + " | " + measured + " | " + (met ? "met" : "**missed**") + " |");
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%,.0f", d);
    }

    public void write(Path file) throws IOException {
        StringBuilder out = new StringBuilder(body);
        out.append("\n## Targets\n\n| target | measured | |\n|---|---|---|\n");
        targets.forEach(t -> out.append(t).append('\n'));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, out.toString());
    }
}
