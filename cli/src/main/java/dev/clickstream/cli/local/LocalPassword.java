package dev.clickstream.cli.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The embedded PostgreSQL's superuser password: random, made once, kept in {@code <data.dir>/pgpass}, owner-only, in
 * the password-file format psql and the PostgreSQL JDBC driver both read ({@code PGPASSFILE=<data.dir>/pgpass}).
 */
record LocalPassword(String value, Path file) {
    static final String FILE = "pgpass";
    private static final Logger LOG = LoggerFactory.getLogger(LocalPassword.class);

    static LocalPassword loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE).normalize();
        if (Files.exists(file)) {
            if (OwnerOnly.restrict(file)) {
                LOG.atWarn().setMessage("the embedded PostgreSQL's password file was readable by others; now owner-only")
                        .addKeyValue("file", file).log();
            }
            return new LocalPassword(parse(Files.readAllLines(file, StandardCharsets.UTF_8), file), file);
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        // base64url: no ':' or '\' to escape in the password file, no quote in SQL
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        OwnerOnly.write(file, "127.0.0.1:*:*:" + EmbeddedPostgresServer.SUPERUSER + ":" + password + "\n"
                + "localhost:*:*:" + EmbeddedPostgresServer.SUPERUSER + ":" + password + "\n");
        return new LocalPassword(password, file);
    }

    private static String parse(List<String> lines, Path file) {
        for (String line : lines) {
            String[] fields = line.split(":", 5);
            if (fields.length == 5 && fields[3].equals(EmbeddedPostgresServer.SUPERUSER) && fields[4].matches("[A-Za-z0-9_-]{16,}")) {
                return fields[4];
            }
        }
        throw new IllegalStateException(file + " holds no password of user " + EmbeddedPostgresServer.SUPERUSER
                + "; remove it together with the postgres folder beside it to start afresh");
    }
}
