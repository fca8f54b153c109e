package dev.clickstream.benchmark.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A server under test in its own JVM (the same jar, another subcommand), so its CPU and heap are its own. */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final String name;

    private ServerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /** Starts {@code java <jvmArgs> -jar <jar> <args>} and waits until {@code readyUrl} answers 200. */
    public static ServerProcess start(String name, Path jar, List<String> jvmArgs, List<String> args, URI readyUrl, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ServerProcess server = new ServerProcess(name, p);
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
            server.awaitReady(readyUrl, Duration.ofSeconds(120), log);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private void awaitReady(URI url, Duration timeout, Path log) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException(name + " exited early; see " + log);
            try {
                if (http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " not ready within " + timeout.toSeconds() + " s; see " + log);
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM, as an operator would stop it; forcibly after 60 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis); // polling a child process that is starting up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
