package dev.clickstream.cli.local;

import dev.clickstream.warehouse.EmbeddedPostgresSettings;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default warehouse: a real PostgreSQL whose binaries come from Maven, with its data kept in
 * {@code <data.dir>/postgres} across restarts, listening on 127.0.0.1 only, with durable commits.
 * <p>Safe on a machine shared with other users, where zonky's defaults are not: the superuser needs the password
 * kept owner-only in {@code <data.dir>/pgpass} (scram-sha-256, never {@code trust}), the Unix socket sits in the
 * owner-only {@code <data.dir>/postgres-socket}, and the binaries are unpacked under the owner-only
 * {@code <data.dir>/postgres-bin} instead of a shared, world-writable folder in the system temp directory.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    static final String SUPERUSER = "postgres";
    /** Unix sockets live at a path of at most 107 bytes; the socket file's own name takes up to 18 of them. */
    private static final int MAX_SOCKET_DIR_BYTES = 107 - ".s.PGSQL.65535".length() - 1;

    private final EmbeddedPostgres postgres;
    private final LocalPassword password;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, LocalPassword password) {
        this.postgres = postgres;
        this.password = password;
    }

    /** zonky caches unpacked binaries per resolver; one resolver per unpack folder keeps each data.dir's own copy. */
    private record BinariesUnder(Path folder) implements PgBinaryResolver {
        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
        }
    }

    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        Path pgData = dataDir.resolve("postgres");
        try {
            OwnerOnly.directory(dataDir);
            OwnerOnly.directory(pgData);
            Path binaries = OwnerOnly.directory(dataDir.resolve("postgres-bin"));
            Path socket = OwnerOnly.directory(dataDir.resolve("postgres-socket")).toAbsolutePath();
            LocalPassword password = LocalPassword.loadOrCreate(dataDir);
            boolean fresh = !Files.exists(pgData.resolve("postgresql.conf"));
            Path initPassword = binaries.resolve("initdb-password");
            // zonky makes the folder it unpacks into world-writable: it sits inside the owner-only postgres-bin
            Path unpacked = binaries.resolve("unpacked");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(unpacked.toFile())
                    .setPgBinaryResolver(new BinariesUnder(unpacked))
                    .setConnectConfig("password", password.value())
                    .setDataDirectoryCustomizer(EmbeddedPostgresServer::stopOrphanedPostmaster);
            if (fresh) {
                // zonky runs initdb with -A trust; its only way to add initdb options is this map, and the later
                // --auth wins. The password comes from a file, never from the command line.
                OwnerOnly.write(initPassword, password.value() + "\n");
                builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", initPassword.toAbsolutePath().toString());
            }
            EmbeddedPostgresSettings.SERVER.forEach(builder::setServerConfig);
            builder.setServerConfig("password_encryption", "scram-sha-256");
            // pg_ctl hands these options to a shell: only plain paths, and short enough for a socket address
            if (socket.toString().matches("[A-Za-z0-9/._-]{1," + MAX_SOCKET_DIR_BYTES + "}")) {
                builder.setServerConfig("unix_socket_directories", socket.toString());
                builder.setServerConfig("unix_socket_permissions", "0700");
            } else {
                LOG.atWarn().setMessage("no Unix socket: the data.dir path is too long or unusual for one; TCP on 127.0.0.1 only")
                        .addKeyValue("socket_dir", socket).log();
                builder.setServerConfig("unix_socket_directories", "''");
            }
            if (port > 0) builder.setPort(port);
            EmbeddedPostgres postgres;
            try {
                postgres = builder.start();
            } finally {
                Files.deleteIfExists(initPassword);
            }
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, password);
            if (!fresh) server.requirePasswords(pgData);
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

    /**
     * A data directory made before passwords were required still trusts every local connection: give the superuser
     * the password and make every pg_hba.conf line ask for it. Runs once per such directory.
     */
    private void requirePasswords(Path pgData) throws IOException {
        Path hba = pgData.resolve("pg_hba.conf");
        List<String> lines = Files.readAllLines(hba, StandardCharsets.UTF_8);
        if (lines.stream().noneMatch(EmbeddedPostgresServer::trusts)) return;
        LOG.atWarn().setMessage("embedded postgres trusted local connections; requiring the password in data.dir from now on")
                .addKeyValue("password_file", password.file()).log();
        try (Connection c = DriverManager.getConnection(jdbcUrl(), SUPERUSER, password.value()); Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password.value() + "'"); // base64url: no quote
            Files.write(hba, lines.stream().map(l -> trusts(l) ? l.replaceAll("\\btrust\\s*$", "scram-sha-256") : l).toList(),
                    StandardCharsets.UTF_8);
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("could not require a password of the embedded PostgreSQL (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    private static boolean trusts(String hbaLine) {
        String l = hbaLine.strip();
        return !l.startsWith("#") && l.matches(".*\\btrust$");
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

    public String user() {
        return SUPERUSER;
    }

    public String password() {
        return password.value();
    }

    /** The owner-only password file in data.dir, in the format of {@code PGPASSFILE}. */
    public String passwordFile() {
        return password.file().toString();
    }

    /** One line for a shell: psql, with the password from the owner-only file in data.dir. */
    public String psqlCommand() {
        return "PGPASSFILE=" + passwordFile() + " psql -h 127.0.0.1 -p " + port() + " -U " + SUPERUSER + " postgres";
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
