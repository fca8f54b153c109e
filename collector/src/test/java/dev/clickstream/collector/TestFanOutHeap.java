package dev.clickstream.collector;

import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.collector.testing.CollectorProcess;
import dev.clickstream.collector.testing.ValidTraffic;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, acceptance 2: peak heap under the fan-out batch stays within the in-flight budget plus a small constant.
 *
 * <p>How it is measured: the collector runs in its own JVM (the real command line) with the serial collector, a GC
 * log, {@code -XX:+ExitOnOutOfMemoryError} and a heap of {@link #HEAP}. Valid traffic runs throughout. After a
 * warm-up, {@code jcmd GC.run} forces a full collection: the heap it leaves is the baseline (the live data of a
 * collector serving valid traffic). Then four clients send the fan-out batch (~495 KB, ~390 KB of it batch
 * context, 2,500 tiny messages, ~2 KB gzipped: about 1 GB of envelopes if copied into every message), the same with
 * 30 KB of context (75 MB if copied) and a gzipped token flood, 60 requests in all. The test asserts that the heap the
 * JVM was given is itself within baseline + {@code sink.max-inflight-bytes} (16 MiB, the default) + {@link #CONSTANT}:
 * live data cannot outgrow the heap without an OutOfMemoryError, which would end the process, so surviving the attack
 * with every valid event stored proves the peak stayed within the bound. (Heap occupancy after each young collection
 * is printed too, but it also counts garbage already promoted, so it is reported, not asserted.) The constant covers
 * four requests parsed at once, each a 495 KB body, its inflation buffers and a tree of at most
 * {@code limits.json-tokens} tokens.
 */
class TestFanOutHeap {
    static final long MIB = 1024 * 1024;
    static final long BUDGET = 16 * MIB;
    static final long CONSTANT = 28 * MIB;
    static final long HEAP = 56 * MIB;
    static final Pattern PAUSE = Pattern.compile("Pause (Young|Full) \\(([^)]*)\\) (\\d+)M->(\\d+)M\\(\\d+M\\)");

    @Test
    void peakHeapUnderTheFanOutBatchStaysWithinTheBudgetPlusAConstant(@TempDir Path dir) throws Exception {
        Path gcLog = dir.resolve("gc.log");
        String jdbcUrl = TestPostgres.newDatabase();
        try (CollectorProcess process = CollectorProcess.start(
                List.of("-Xmx" + HEAP / MIB + "m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC",
                        "-Xlog:gc:file=" + gcLog + ":uptime"), jdbcUrl)) {
            CollectorHarness c = CollectorHarness.remote(process, jdbcUrl);
            List<byte[]> attack = List.of(TestHostileInput.fanOutBatch(390_000), TestHostileInput.fanOutBatch(30_000),
                    CollectorHarness.gzip(TestHostileInput.tokenFloodBody()));
            List<Integer> statuses = new ArrayList<>();
            long baseline;
            int attackFrom;
            try (ValidTraffic valid = ValidTraffic.start(c)) {
                await(valid, 200);
                forceFullGc(process);
                List<String> before = Files.readAllLines(gcLog);
                attackFrom = before.size();
                baseline = before.stream().filter(l -> l.contains("Pause Full (Diagnostic Command)")).mapToLong(TestFanOutHeap::afterGc)
                        .reduce((a, b) -> b).orElseThrow();
                ExecutorService clients = Executors.newFixedThreadPool(4);
                List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    byte[] body = attack.get(i % attack.size());
                    calls.add(CompletableFuture.supplyAsync(() -> c.post("/v1/batch", body, "Authorization", basic(KEY),
                            "Content-Encoding", "gzip"), clients));
                }
                for (CompletableFuture<HttpResponse<String>> call : calls) statuses.add(call.get(60, TimeUnit.SECONDS).statusCode());
                clients.shutdown();
            }
            List<String> lines = Files.readAllLines(gcLog);
            long peak = baseline;
            long peakFull = baseline;
            for (String line : lines.subList(attackFrom, lines.size())) {
                peak = Math.max(peak, afterGc(line));
                if (line.contains("Pause Full")) peakFull = Math.max(peakFull, afterGc(line));
            }
            System.out.printf("fan-out heap: baseline %d MiB, bound %d MiB, heap (-Xmx) %d MiB, largest occupancy after a"
                            + " collection during the attack %d MiB (after a full one %d MiB), %d collections%n",
                    baseline / MIB, (baseline + BUDGET + CONSTANT) / MIB, HEAP / MIB, peak / MIB, peakFull / MIB, lines.size() - attackFrom);

            assertThat(statuses).as("every hostile request is refused outright").containsOnly(400);
            assertThat(lines.size()).as("collections happened during the attack, so the peak was observed").isGreaterThan(attackFrom);
            assertThat(HEAP).as("the collector's whole heap is within the bound").isLessThanOrEqualTo(baseline + BUDGET + CONSTANT);
            assertThat(process.stderr()).doesNotContain("OutOfMemoryError");
            assertThat(process.process().isAlive()).as("any OutOfMemoryError would have ended it").isTrue();
        }
    }

    private static void await(ValidTraffic valid, int acknowledged) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> valid.acknowledged() >= acknowledged);
    }

    private static void forceFullGc(CollectorProcess process) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.process().pid()), "GC.run").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        assertThat(jcmd.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jcmd.exitValue()).as(out).isZero();
    }

    /** The heap occupancy a GC log line reports after its collection, in bytes (0 for other lines). */
    private static long afterGc(String line) {
        Matcher m = PAUSE.matcher(line);
        return m.find() ? Long.parseLong(m.group(4)) * MIB : 0;
    }
}
