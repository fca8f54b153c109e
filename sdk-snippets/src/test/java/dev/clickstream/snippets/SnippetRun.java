package dev.clickstream.snippets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a committed snippet as its users would (a program in its own folder, settings in the environment). */
final class SnippetRun {
    /** The snippets print one line per message: {@code sent <type> <messageId>} (Kotlin: {@code queued …}). */
    private static final Pattern SENT = Pattern.compile("^(sent|queued) (identify|track|page|screen|group|alias) (\\S+)$");

    record Sent(String type, String messageId) {}

    record Result(int exitCode, String stdout, String stderr) {
        List<Sent> sent() {
            List<Sent> out = new ArrayList<>();
            for (String line : stdout.split("\n")) {
                Matcher m = SENT.matcher(line.strip());
                if (m.matches()) out.add(new Sent(m.group(2), m.group(3)));
            }
            return out;
        }

        Result assertSucceeded() {
            assertThat(exitCode).as("exit code; stdout:%n%s%nstderr:%n%s", stdout, stderr).isZero();
            return this;
        }
    }

    private SnippetRun() {}

    /** The sdk-snippets folder: surefire runs tests in the module's base directory, which is that folder. */
    static Path folder(String name) {
        Path dir = Path.of("").toAbsolutePath().resolve(name);
        assertThat(dir.resolve("..").resolve("README.md")).as("run from sdk-snippets/").exists();
        return dir;
    }

    /** An npm snippet needs its pinned packages: .ci/run installs them with {@code npm ci} in the snippet's folder. */
    static void requireNpmPackages(Path dir) {
        assertThat(dir.resolve("node_modules")).as("npm packages of %s: run `npm ci` there (.ci/run does)", dir).isDirectory();
    }

    static Result run(Path dir, Map<String, String> env, Duration timeout, String... command) {
        try {
            Path out = Files.createTempFile("snippet", ".out");
            Path err = Files.createTempFile("snippet", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(devNull()));
            pb.environment().putAll(env);
            long started = System.nanoTime();
            Process p = pb.start();
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
            }
            Result r = new Result(finished ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            // kept in target/surefire-reports/*-output.txt, for reading a failure
            System.out.printf("$ %s (in %s): exit %d after %d ms%n--- stdout%n%s--- stderr%n%s---%n", String.join(" ", command),
                    dir.getFileName(), r.exitCode(), (System.nanoTime() - started) / 1_000_000, r.stdout(), r.stderr());
            assertThat(finished).as("%s finished within %s; stdout:%n%s%nstderr:%n%s", String.join(" ", command),
                    timeout, r.stdout(), r.stderr()).isTrue();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This test JVM's classpath: the SDK versions pinned in the parent pom, which the snippets' build files must name. */
    static String classpath() {
        return System.getProperty("java.class.path");
    }

    private static java.io.File devNull() {
        return new java.io.File("/dev/null");
    }
}
