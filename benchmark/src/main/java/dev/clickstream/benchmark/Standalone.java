package dev.clickstream.benchmark;

import dev.clickstream.benchmark.load.Freshness;
import dev.clickstream.benchmark.load.LoadGenerator;
import dev.clickstream.benchmark.load.LoadResult;
import dev.clickstream.benchmark.load.ProcessProbe;
import dev.clickstream.benchmark.load.PutRecordsCeiling;
import dev.clickstream.benchmark.load.Scenario;
import dev.clickstream.benchmark.load.ServerProcess;
import dev.clickstream.benchmark.report.BenchmarkReport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The standalone benchmark, start to finish: the bare Javalin ceiling and the collector (embedded default, durable
 * acknowledgement) each in a JVM of their own with a 256 MB heap; peak throughput (closed model) of both for single
 * events and 100-event batches; the collector's latency at 70% of its peak (open model); optionally the Kinesis path
 * against a bare PutRecords loop; then freshness with the models on their schedule.
 */
public final class Standalone {
    public record Config(Path jar, Duration warmup, Duration measure, int singleConnections, int batchConnections,
                         URI kinesisEndpoint, Duration freshnessWindow, int modelsIntervalSeconds) {}

    public record Phase(LoadResult load, ProcessProbe.Usage usage) {}

    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError");

    private final Config config;
    private final Path work;
    private final BenchmarkReport report;

    public Standalone(Config config, BenchmarkReport report) throws IOException {
        this.config = config;
        this.report = report;
        this.work = Files.createTempDirectory("clickstream-bench");
    }

    public void run() throws Exception {
        Phase bareSingle, bareBatch;
        int barePort = freePort();
        try (ServerProcess bare = ServerProcess.start("bare Javalin", config.jar(), JVM,
                List.of("bench", "bare-server", "--port", Integer.toString(barePort)),
                URI.create("http://127.0.0.1:" + barePort + "/health"), work.resolve("bare.log"));
             LoadGenerator gen = new LoadGenerator("bare", URI.create("http://127.0.0.1:" + barePort), "none")) {
            bareSingle = measured(bare, () -> gen.closed(Scenario.SINGLE, config.singleConnections(), config.warmup(), config.measure()));
            bareBatch = measured(bare, () -> gen.closed(Scenario.BATCH100, config.batchConnections(), config.warmup(), config.measure()));
        }
        report.ceiling(bareSingle, bareBatch);

        List<Phase> collectorPhases = new ArrayList<>();
        try (Collector c = Collector.up(config.jar(), work.resolve("embedded"), List.of("--models-enabled", "false"));
             LoadGenerator gen = new LoadGenerator("collector", c.url, c.writeKey)) {
            Phase single = measured(c.process, () -> gen.closed(Scenario.SINGLE, config.singleConnections(), config.warmup(), config.measure()));
            Phase batch = measured(c.process, () -> gen.closed(Scenario.BATCH100, config.batchConnections(), config.warmup(), config.measure()));
            Phase singleAt70 = measured(c.process, () -> gen.open(Scenario.SINGLE, 0.7 * single.load().requestsPerSecond(), config.warmup(), config.measure()));
            Phase batchAt70 = measured(c.process, () -> gen.open(Scenario.BATCH100, 0.7 * batch.load().requestsPerSecond(), config.warmup(), config.measure()));
            collectorPhases.addAll(List.of(single, batch, singleAt70, batchAt70));
            for (Scenario s : List.of(Scenario.BATCH20, Scenario.GZIP_BATCH100, Scenario.IDENTIFY_PAGE)) {
                int connections = s.eventsPerRequest > 1 ? config.batchConnections() : config.singleConnections();
                collectorPhases.add(measured(c.process, () -> gen.closed(s, connections, config.warmup(), config.measure())));
            }
        }
        report.collector(collectorPhases);

        if (config.kinesisEndpoint() != null) kinesis();

        try (Collector c = Collector.up(config.jar(), work.resolve("freshness"),
                List.of("--models-interval-seconds", Integer.toString(config.modelsIntervalSeconds())))) {
            Freshness.Result f = Freshness.measure(c.url, c.writeKey, c.jdbcUrl, config.freshnessWindow(), Duration.ofSeconds(2),
                    Duration.ofSeconds(3L * config.modelsIntervalSeconds() + 30));
            report.freshness(f, config.modelsIntervalSeconds());
        }
    }

    private void kinesis() throws Exception {
        String stream = "bench-" + System.currentTimeMillis();
        PutRecordsCeiling.createStream(config.kinesisEndpoint(), stream, 4);
        Phase batch;
        try (Collector c = Collector.alone(config.jar(), work.resolve("kinesis"), List.of("--sink-type", "kinesis",
                "--kinesis-stream", stream, "--kinesis-endpoint", config.kinesisEndpoint().toString(),
                "--kinesis-region", "us-east-1"));
             LoadGenerator gen = new LoadGenerator("collector→kinesis", c.url, c.writeKey)) {
            batch = measured(c.process, () -> gen.closed(Scenario.BATCH100, config.batchConnections(), config.warmup(), config.measure()));
        }
        PutRecordsCeiling.Result bare = PutRecordsCeiling.run(config.kinesisEndpoint(), stream, 4, 700, config.warmup(), config.measure());
        report.kinesis(batch, bare);
    }

    private static Phase measured(ServerProcess server, Supplier<LoadResult> load) {
        try (ProcessProbe probe = new ProcessProbe(server.pid())) {
            probe.start();
            LoadResult result = load.get();
            ProcessProbe.Usage usage = probe.stop();
            System.out.println(result.summary() + String.format(java.util.Locale.ROOT, "; server CPU %.2f cores, max heap %d MB",
                    usage.cpuCores(), usage.maxHeapBytes() >> 20));
            return new Phase(result, usage);
        }
    }

    static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The collector as `clickstream up` or `clickstream collector` runs it, on a data directory of its own. */
    static final class Collector implements AutoCloseable {
        final ServerProcess process;
        final URI url;
        final String writeKey;
        final String jdbcUrl;
        private final Path data;

        private Collector(ServerProcess process, URI url, String writeKey, String jdbcUrl, Path data) {
            this.data = data;
            this.process = process;
            this.url = url;
            this.writeKey = writeKey;
            this.jdbcUrl = jdbcUrl;
        }

        /** {@code clickstream up}: the local stack with its embedded PostgreSQL (the embedded default). */
        static Collector up(Path jar, Path data, List<String> extra) throws IOException {
            return up(jar, data, extra, true);
        }

        /**
         * {@code clickstream up} from any build, models off, for {@link Compare}. Builds from before the separate
         * operations listener (a9a8b01 and older) know neither {@code --http-ops-port} nor the dashboard, and answer
         * {@code /ready} on the API port.
         */
        static Collector upAnyBuild(Path jar, Path data) throws IOException {
            return up(jar, data, List.of("--models-enabled", "false"), helpOf(jar).contains("--http-ops-port"));
        }

        private static Collector up(Path jar, Path data, List<String> extra, boolean opsListener) throws IOException {
            int pg = freePort();
            List<String> args = new ArrayList<>(List.of("up", "--postgres-embedded-port", Integer.toString(pg)));
            if (opsListener) args.addAll(List.of("--dashboard-enabled", "false"));
            args.addAll(extra);
            Collector c = start(jar, data, args, "jdbc:postgresql://127.0.0.1:" + pg + "/postgres", opsListener);
            // the embedded PostgreSQL wants the password `up` keeps in data.dir; the driver reads it from there
            System.setProperty("org.postgresql.pgpassfile", data.resolve("pgpass").toString());
            return c;
        }

        private static String helpOf(Path jar) throws IOException {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    jar.toString(), "up", "--help").redirectErrorStream(true).start();
            try {
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                p.waitFor();
                return out;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        /** {@code clickstream collector}: the collector alone, as in AWS; {@code extra} names its sink. */
        static Collector alone(Path jar, Path data, List<String> extra) throws IOException {
            List<String> args = new ArrayList<>(List.of("collector"));
            args.addAll(extra);
            return start(jar, data, args, null, true);
        }

        private static Collector start(Path jar, Path data, List<String> commandArgs, String jdbcUrl, boolean opsListener)
                throws IOException {
            int port = freePort();
            URI url = URI.create("http://127.0.0.1:" + port);
            URI ready = url.resolve("/ready");
            List<String> args = new ArrayList<>(commandArgs);
            args.addAll(List.of("--data-dir", data.toString(), "--http-port", Integer.toString(port)));
            if (opsListener) {
                int opsPort = freePort();
                args.addAll(List.of("--http-ops-port", Integer.toString(opsPort)));
                ready = URI.create("http://127.0.0.1:" + opsPort + "/ready");
            }
            Files.createDirectories(data);
            ServerProcess p = ServerProcess.start("collector", jar, JVM, args, ready, data.resolveSibling(data.getFileName() + ".log"));
            String key = Files.readString(data.resolve("dev-write-key")).strip();
            return new Collector(p, url, key, jdbcUrl, data);
        }

        @Override
        public void close() {
            process.close();
            deleteTree(data); // a run writes gigabytes of events; its log (a sibling) stays
        }
    }
}
