package dev.clickstream.benchmark;

import dev.clickstream.benchmark.load.BareServer;
import dev.clickstream.benchmark.locust.LocustWorker;
import dev.clickstream.benchmark.report.BenchmarkReport;
import dev.clickstream.benchmark.report.CompareReport;
import picocli.CommandLine;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code clickstream bench ...}: the benchmark's entry points. */
@CommandLine.Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks: standalone report, A/B comparison of two builds, bare ceiling server, Locust worker.",
        subcommands = {BenchCommand.StandaloneCmd.class, BenchCommand.CompareCmd.class, BenchCommand.BareServerCmd.class,
                LocustWorker.Command.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @CommandLine.Command(name = "standalone", mixinStandardHelpOptions = true,
            description = "Run the whole standalone benchmark and write the Markdown report.")
    static final class StandaloneCmd implements Callable<Integer> {
        @CommandLine.Option(names = "--report", required = true, description = "Where to write the report.")
        Path report;
        @CommandLine.Option(names = "--jar", description = "The clickstream jar to start servers from (default: the running one).")
        Path jar;
        @CommandLine.Option(names = "--warmup-seconds", defaultValue = "10") int warmup;
        @CommandLine.Option(names = "--measure-seconds", defaultValue = "20") int measure;
        @CommandLine.Option(names = "--single-connections", defaultValue = "64") int singleConnections;
        @CommandLine.Option(names = "--batch-connections", defaultValue = "16") int batchConnections;
        @CommandLine.Option(names = "--kinesis-endpoint", description = "kinesis-local endpoint; adds the Kinesis path comparison.")
        URI kinesis;
        @CommandLine.Option(names = "--freshness-seconds", defaultValue = "180", description = "How long to send freshness probes.")
        int freshness;
        @CommandLine.Option(names = "--models-interval-seconds", defaultValue = "60") int modelsInterval;

        @Override
        public Integer call() throws Exception {
            Path self = jar != null ? jar : Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String command = "benchmark/run.sh";
            BenchmarkReport out = new BenchmarkReport(command);
            new Standalone(new Standalone.Config(self, Duration.ofSeconds(warmup), Duration.ofSeconds(measure), singleConnections,
                    batchConnections, kinesis, Duration.ofSeconds(freshness), modelsInterval), out).run();
            out.write(report);
            System.out.println("report written to " + report);
            return 0;
        }
    }

    @CommandLine.Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Two builds' collectors side by side, alternating windows of the benchmark's single-event and "
                    + "100-event batch load, and write the Markdown report of their paired ratios.")
    static final class CompareCmd implements Callable<Integer> {
        @CommandLine.Option(names = "--baseline", required = true, description = "The clickstream jar to compare against.")
        Path baseline;
        @CommandLine.Option(names = "--candidate", description = "The clickstream jar under test (default: the running one).")
        Path candidate;
        @CommandLine.Option(names = "--report", required = true, description = "Where to write the report.")
        Path report;
        @CommandLine.Option(names = "--rounds", defaultValue = "10") int rounds;
        @CommandLine.Option(names = "--warmup-seconds", defaultValue = "30", description = "Per build and scenario, once.")
        int warmup;
        @CommandLine.Option(names = "--window-seconds", defaultValue = "10") int window;
        @CommandLine.Option(names = "--single-connections", defaultValue = "64") int singleConnections;
        @CommandLine.Option(names = "--batch-connections", defaultValue = "16") int batchConnections;
        @CommandLine.Option(names = "--max-drop-percent", defaultValue = "5", description = "The drop the verdict tests for.")
        double maxDrop;

        @Override
        public Integer call() throws Exception {
            Path self = candidate != null ? candidate
                    : Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String command = "clickstream bench compare --baseline " + baseline.getFileName() + " --candidate " + self.getFileName()
                    + " --rounds " + rounds + " --warmup-seconds " + warmup + " --window-seconds " + window;
            CompareReport out = new CompareReport(command, maxDrop / 100);
            Compare.Config config = new Compare.Config(baseline, self, rounds, Duration.ofSeconds(warmup),
                    Duration.ofSeconds(window), singleConnections, batchConnections);
            new Compare(config, out).run();
            out.write(report, config);
            System.out.println("report written to " + report);
            return 0;
        }
    }

    @CommandLine.Command(name = "bare-server", mixinStandardHelpOptions = true,
            description = "Serve the bare Javalin ceiling endpoint (POST /v1/* → 200) until stopped.")
    static final class BareServerCmd implements Callable<Integer> {
        @CommandLine.Option(names = "--port", defaultValue = "8090") int port;
        @CommandLine.Option(names = "--host", defaultValue = "127.0.0.1") String host;

        @Override
        public Integer call() throws InterruptedException {
            var app = BareServer.start(host, port);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.stop();
                stopped.countDown();
            }));
            System.out.println("bare endpoint on http://" + host + ":" + port);
            stopped.await();
            return 0;
        }
    }
}
