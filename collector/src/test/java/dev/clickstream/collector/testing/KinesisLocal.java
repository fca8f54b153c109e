package dev.clickstream.collector.testing;

import org.awaitility.core.TerminalFailureException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real Kinesis API for tests: the npm package kinesis-local 0.6.2 (kinesis-mock), installed on first use, started
 * from inside its package folder (it loads server.json from there) on free ports, stopped when the JVM exits.
 */
public final class KinesisLocal {
    public static final String VERSION = "0.6.2";
    private static KinesisLocal instance;

    private final Process process;
    private final int port;

    private KinesisLocal(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The install folder; .ci/run installs into the same place so CI's log shows the npm step. */
    public static Path installDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "clickstream", "kinesis-local-" + VERSION);
    }

    public static synchronized KinesisLocal get() {
        if (instance == null) instance = start();
        return instance;
    }

    /**
     * Starts kinesis-local on two free ports. A port found free can be taken by another process before node binds it
     * (node then exits with EADDRINUSE), so a process that dies before it listens is started again on fresh ports.
     */
    private static KinesisLocal start() {
        try {
            Path pkg = install();
            for (int attempt = 1; ; attempt++) {
                int plain = freePort(), tls = freePort();
                Path log = Files.createTempFile("kinesis-local", ".log");
                ProcessBuilder pb = new ProcessBuilder("node", "main.js").directory(pkg.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                pb.environment().put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(plain));
                pb.environment().put("KINESIS_MOCK_TLS_PORT", Integer.toString(tls));
                pb.environment().put("SHARD_LIMIT", "2000");
                pb.environment().put("LOG_LEVEL", "WARN");
                Process p = pb.start();
                Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
                KinesisLocal k = new KinesisLocal(p, plain);
                try {
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                            .failFast("kinesis-local exited; see " + log, () -> !p.isAlive())
                            .until(() -> { try (Socket s = new Socket("127.0.0.1", plain)) { return k.client().listStreams().streamNames() != null; } });
                    return k;
                } catch (TerminalFailureException exited) {
                    if (attempt == 3) throw exited;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("kinesis-local did not start", e);
        }
    }

    private static Path install() throws IOException {
        Path dir = installDir();
        Path pkg = dir.resolve("node_modules").resolve("kinesis-local");
        if (Files.exists(pkg.resolve("main.js"))) return pkg;
        Files.createDirectories(dir);
        Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", dir.toString(),
                "kinesis-local@" + VERSION).redirectErrorStream(true).redirectOutput(new File(dir.toFile(), "npm.log")).start();
        try {
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IOException("npm install kinesis-local failed; see " + dir.resolve("npm.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return pkg;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Any credentials work; the mock only parses them. */
    public KinesisClient client() {
        return KinesisClient.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    /** Creates a stream and waits for ACTIVE by polling DescribeStreamSummary (the SDK waiter polls every 10 s). */
    public String createStream(String name, int shards) {
        try (KinesisClient c = client()) {
            c.createStream(b -> b.streamName(name).shardCount(shards));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    c.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
        }
        return name;
    }

    /** For collectors and child processes: the SDK's default credential chain reads these. */
    public static void useDummyCredentials() {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty("aws.region", "us-east-1");
    }

    public boolean alive() {
        return process.isAlive();
    }
}
