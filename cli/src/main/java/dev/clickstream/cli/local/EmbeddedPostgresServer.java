package dev.clickstream.cli.local;

import dev.clickstream.warehouse.EmbeddedPostgresSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default warehouse: a real PostgreSQL whose binaries come from Maven, with its data kept in
 * {@code <data.dir>/postgres} across restarts, listening on 127.0.0.1 only, with durable commits.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        Path pgData = dataDir.resolve("postgres");
        try {
            Files.createDirectories(pgData);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setDataDirectoryCustomizer(EmbeddedPostgresServer::stopOrphanedPostmaster);
            EmbeddedPostgresSettings.SERVER.forEach(builder::setServerConfig);
            if (port > 0) builder.setPort(port);
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder.start());
            LOG.atInfo().setMessage("embedded postgres started").addKeyValue("port", server.port())
                    .addKeyValue("data", pgData.toAbsolutePath()).log();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).startsWith("could not lock")) {
                throw new IllegalStateException("data.dir " + dataDir + " is in use by another running clickstream up", e);
            }
            throw e;
        }
    }

    /** A local stack killed with -9 leaves its PostgreSQL child running on the data directory; stop it before restarting. */
    private static void stopOrphanedPostmaster(File dataDir) {
        Path pidFile = dataDir.toPath().resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            if (lines.isEmpty()) return;
            long pid = Long.parseLong(lines.get(0).trim());
            Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
            if (orphan.isEmpty()) return;
            LOG.atWarn().setMessage("stopping orphaned embedded postgres").addKeyValue("pid", pid).log();
            orphan.get().destroy();
            orphan.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.atWarn().setMessage("could not stop orphaned postgres").addKeyValue("error", e.toString()).log();
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
    }

    public String psqlCommand() {
        return "psql -h 127.0.0.1 -p " + port() + " -U postgres postgres";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.atWarn().setMessage("embedded postgres did not stop cleanly").addKeyValue("error", e.toString()).log();
        }
    }
}
