package dev.clickstream.cli.local;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.Settings;
import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.collector.testing.ValidTraffic;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The embedded PostgreSQL of {@code clickstream up} on a machine shared with other users (issue 11 §7): the superuser
 * needs the password kept owner-only in data.dir, and its socket, binaries and data are the owner's alone. It starts
 * from the harder case, a data directory made before passwords were required (zonky's defaults: trust for every
 * local user); a fresh one gets its password from initdb, which QuickStartIT covers.
 */
class TestEmbeddedPostgresAccess {
    @Test
    void trustAuthRefused(@TempDir Path data) throws Exception {
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data.resolve("postgres"))
                .setCleanDataDirectory(false).start()) {
            DriverManager.getConnection(old.getJdbcUrl("postgres", "postgres")).close(); // no password asked
        }
        Settings settings = CollectorHarness.defaults(LocalStackKeys.UP, "").with(CollectorKeys.DATA_DIR, data.toString())
                .with(LocalStackKeys.PG_EMBEDDED_PORT, 0).with(LocalStackKeys.MODELS_ENABLED, false);
        LocalStack stack = LocalStack.start(settings);
        String url = stack.jdbcUrl();
        Path pgpass = data.resolve("pgpass");
        try (CollectorHarness c = CollectorHarness.around(stack, stack.collector(), url, password(pgpass));
             ValidTraffic valid = ValidTraffic.start(c)) {
            SQLException wrong = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(url, "postgres", "wrong"));
            assertThat((Object) wrong.getSQLState()).as("wrong password").isEqualTo("28P01");
            SQLException none = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(url, "postgres", ""));
            assertThat((Throwable) none).as("no password").isNotNull();
            assertThat(connectsWithPasswordFile(url, pgpass)).isTrue();

            assertThat(stack.psqlCommand()).isEqualTo("PGPASSFILE=" + pgpass + " psql -h 127.0.0.1 -p "
                    + url.replaceAll(".*:(\\d+)/.*", "$1") + " -U postgres postgres");
            assertThat(mode(pgpass)).isEqualTo("rw-------");
            for (String dir : List.of(".", "postgres", "postgres-bin", "postgres-socket")) {
                assertThat(mode(data.resolve(dir))).as(dir).isEqualTo("rwx------");
            }
            String port = url.replaceAll(".*:(\\d+)/.*", "$1");
            assertThat(data.resolve("postgres-socket/.s.PGSQL." + port)).exists();
            assertThat(postmasterExecutable(data)).as("binaries unpacked under data.dir")
                    .startsWith(data.resolve("postgres-bin").toRealPath().toString());
            assertThat(Files.readString(data.resolve("postgres/pg_hba.conf"))).doesNotContainPattern("(?m)^[^#].*\\btrust\\s*$");
            assertThat(data.resolve("postgres-bin/initdb-password")).doesNotExist();
        }
    }

    /** Connects with no password given, so the JDBC driver reads the file as psql would with PGPASSFILE. */
    private static boolean connectsWithPasswordFile(String url, Path pgpass) throws SQLException {
        String property = "org.postgresql.pgpassfile";
        System.setProperty(property, pgpass.toString());
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        try (Connection c = DriverManager.getConnection(url, props); ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
            return rs.next();
        } finally {
            System.clearProperty(property);
        }
    }

    private static String password(Path pgpass) throws Exception {
        String line = Files.readAllLines(pgpass).get(0);
        return line.substring(line.lastIndexOf(':') + 1);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static String postmasterExecutable(Path data) throws Exception {
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).strip());
        return ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow();
    }
}
