package dev.clickstream.collector.testing;

import dev.clickstream.collector.CollectorCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The collector as a separate JVM, started through its real command line, for kill -9 and SIGTERM tests. */
public final class CollectorProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");
    private static final Pattern OPERATIONS = Pattern.compile("operations .* on (http://\\S+)");

    private final Process process;
    private final int port;
    private final String opsUrl;
    private final Path log;

    private record Banner(int port, String opsUrl) {}

    private CollectorProcess(Process process, Banner banner, Path log) {
        this.process = process;
        this.port = banner.port();
        this.opsUrl = banner.opsUrl();
        this.log = log;
    }

    public static CollectorProcess start(String jdbcUrl, String... extraArgs) {
        return start(List.of("-Xmx256m"), jdbcUrl, extraArgs);
    }

    /** @param jvmArgs options of the collector's JVM (heap size, GC, logging) */
    public static CollectorProcess start(List<String> jvmArgs, String jdbcUrl, String... extraArgs) {
        try {
            Path data = Files.createTempDirectory("collector-proc");
            Path log = data.resolve("stderr.log");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(jvmArgs);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CollectorCommand.class.getName(),
                    "--http-port", "0", "--http-ops-port", "0", "--postgres-jdbc-url", jdbcUrl, "--data-dir", data.toString(),
                    "--sources-write-keys", CollectorHarness.SOURCES));
            cmd.addAll(List.of(extraArgs));
            Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            CompletableFuture<Banner> banner = CompletableFuture.supplyAsync(() -> readBanner(p));
            return new CollectorProcess(p, banner.get(90, TimeUnit.SECONDS), log);
        } catch (Exception e) {
            throw new IllegalStateException("collector process did not start", e);
        }
    }

    private static Banner readBanner(Process p) {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        try {
            int port = -1;
            for (String line; (line = out.readLine()) != null; ) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) port = Integer.parseInt(m.group(1));
                Matcher ops = OPERATIONS.matcher(line);
                if (port > 0 && ops.find()) {
                    Thread drain = new Thread(() -> drain(out), "collector-stdout");
                    drain.setDaemon(true);
                    drain.start();
                    return new Banner(port, ops.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("collector exited before listening");
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // keep the pipe from filling up
            }
        } catch (IOException ignored) {
            // process ended
        }
    }

    public int port() { return port; }
    public String opsUrl() { return opsUrl; }
    public Process process() { return process; }
    public String baseUrl() { return "http://127.0.0.1:" + port; }

    public String stderr() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("collector did not exit within " + timeout);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
