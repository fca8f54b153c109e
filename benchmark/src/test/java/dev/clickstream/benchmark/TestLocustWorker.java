package dev.clickstream.benchmark;

import dev.clickstream.benchmark.locust.LocustWorker;
import dev.clickstream.collector.testing.CollectorHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java worker under a real Locust master: Debian's python3-locust 2.12.1 (installed by .ci/run), headless, with
 * the project's locustfile. The master's own stats CSV must show every task's requests, none failed, and the
 * collector must have stored what the worker sent.
 */
class TestLocustWorker {

    @Test
    void aLocust2MasterRunsTheJavaWorkerAndCountsItsRequests(@TempDir Path dir) throws Exception {
        try (CollectorHarness collector = CollectorHarness.start()) {
            int masterPort = freePort();
            Process master = new ProcessBuilder("locust", "-f", Path.of("locust/locustfile.py").toAbsolutePath().toString(),
                    "--master", "--headless", "-u", "6", "-r", "6", "-t", "8s", "--expect-workers", "1",
                    "--master-bind-host", "127.0.0.1", "--master-bind-port", Integer.toString(masterPort),
                    "--host", collector.baseUrl(), "--csv", dir.resolve("run").toString(), "--only-summary")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("master.log").toFile()).start();
            Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), LocustWorker.class.getName(),
                    "--master-port", Integer.toString(masterPort), "--url", collector.baseUrl(), "--write-key", CollectorHarness.KEY)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile()).start();
            try {
                assertThat(master.waitFor(90, TimeUnit.SECONDS)).as("master finished; log: %s", read(dir.resolve("master.log"))).isTrue();
                assertThat(master.exitValue()).isZero();
                assertThat(worker.waitFor(30, TimeUnit.SECONDS)).as("the master's quit ends the worker").isTrue();
            } finally {
                master.destroyForcibly();
                worker.destroyForcibly();
            }
            String log = read(dir.resolve("master.log"));
            assertThat(log).contains("reported as ready").doesNotContain("pre 2.0");

            List<String[]> rows = Files.readAllLines(dir.resolve("run_stats.csv")).stream().skip(1).map(l -> l.split(",")).toList();
            Map<String, Long> requests = rows.stream().filter(r -> !r[1].equals("Aggregated"))
                    .collect(Collectors.toMap(r -> r[1], r -> Long.parseLong(r[2])));
            assertThat(requests).containsOnlyKeys("single", "batch20", "batch100", "gzip_batch100", "identify_page");
            assertThat(requests.values()).allMatch(n -> n > 0);
            long failures = rows.stream().mapToLong(r -> Long.parseLong(r[3])).sum();
            assertThat(failures).isZero();
            assertThat(collector.count("true")).isPositive();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
