package dev.clickstream.collector.auth;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.ConfigException;
import dev.clickstream.collector.config.Settings;
import dev.clickstream.collector.enrich.ClientAddress;
import dev.clickstream.collector.validation.TrackingPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Builds the source registry from {@code sources.file}, {@code sources.write-keys} and, if both are empty, a dev key. */
public final class SourcesLoader {
    private static final Logger LOG = LoggerFactory.getLogger(SourcesLoader.class);
    public static final String DEV_SOURCE = "dev";
    static final String DEV_KEY_FILE = "dev-write-key";

    /** The registry, plus the development key when one was made up (to print it once at start-up). */
    public record Loaded(SourceRegistry registry, String devWriteKey) {}

    private SourcesLoader() {}

    public static Loaded load(Settings settings) {
        SourceRegistry.Builder registry = SourceRegistry.builder();
        int count = 0;
        try {
            String file = settings.get(CollectorKeys.SOURCES_FILE);
            if (!file.isBlank()) count += fromFile(Path.of(file), registry);
            count += fromPairs(settings.get(CollectorKeys.SOURCES_WRITE_KEYS), registry);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("sources: " + e.getMessage());
        }
        String devKey = null;
        if (count == 0) {
            if (!settings.get(CollectorKeys.SOURCES_DEV_KEY)) {
                throw new ConfigException("no source is configured: set sources.file or sources.write-keys");
            }
            String host = settings.get(CollectorKeys.HTTP_HOST);
            if (!ClientAddress.isLoopback(host)) {
                throw new ConfigException("no source is configured, and the development source is only for loopback: "
                        + "http.host " + host + " is reachable from other machines; set sources.file or sources.write-keys");
            }
            devKey = devKey(Path.of(settings.get(CollectorKeys.DATA_DIR)));
            registry.add(devKey, new Source(DEV_SOURCE, List.of("*"), false, null));
        }
        return new Loaded(registry.build(), devKey);
    }

    private static int fromPairs(String pairs, SourceRegistry.Builder registry) {
        int n = 0;
        if (pairs.isBlank()) return 0;
        for (String pair : pairs.split(",")) {
            int eq = pair.indexOf('=');
            registry.add(pair.substring(eq + 1).trim(), new Source(pair.substring(0, eq).trim(), List.of("*"), false, null));
            n++;
        }
        return n;
    }

    private static int fromFile(Path file, SourceRegistry.Builder registry) {
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | JacksonException e) {
            throw new ConfigException("sources.file " + file + ": " + firstLine(e.getMessage()));
        }
        if (!root.isArray()) throw new ConfigException("sources.file " + file + ": must be a JSON array of sources");
        Path base = file.toAbsolutePath().getParent();
        int n = 0;
        for (JsonNode s : root) {
            String name = s.path("name").asString("");
            String key = s.path("writeKey").asString("");
            if (name.isBlank() || key.isBlank()) {
                throw new ConfigException("sources.file " + file + ": every source needs a name and a writeKey");
            }
            List<String> origins = new ArrayList<>();
            if (s.has("allowedOrigins")) s.get("allowedOrigins").forEach(o -> origins.add(o.asString()));
            else origins.add("*");
            registry.add(key, new Source(name, origins, s.path("anonymizeIp").asBoolean(false), plan(s, base, name)));
            n++;
        }
        return n;
    }

    private static TrackingPlan plan(JsonNode source, Path base, String name) {
        JsonNode plan = source.get("trackingPlan");
        if (plan == null || plan.isNull()) return null;
        String mode = plan.path("mode").asString("flag").toUpperCase(Locale.ROOT);
        Path dir = base.resolve(plan.path("dir").asString(""));
        try {
            return TrackingPlan.load(dir, TrackingPlan.Mode.valueOf(mode));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("source " + name + ": trackingPlan.mode must be flag or quarantine");
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("source " + name + ": cannot read tracking plan in " + dir + ": " + firstLine(e.getMessage()));
        }
    }

    /** Created before the key is written, so the key is never readable by others, not even for a moment. */
    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }

    /** A random key kept in the data directory, readable by the owner only, so restarts keep the same key. */
    private static String devKey(Path dataDir) {
        Path file = dataDir.resolve(DEV_KEY_FILE);
        try {
            if (Files.exists(file)) {
                String key = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (!key.isEmpty()) return key;
            }
            Files.createDirectories(dataDir);
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String key = "dev_" + HexFormat.of().formatHex(random);
            if (!Files.exists(file)) createOwnerOnly(file);
            Files.writeString(file, key + "\n", StandardCharsets.US_ASCII);
            LOG.atInfo().setMessage("created development source").addKeyValue("source", DEV_SOURCE)
                    .addKeyValue("key_file", file.toAbsolutePath()).log();
            return key;
        } catch (IOException e) {
            throw new ConfigException("data.dir " + dataDir + ": cannot keep the development key: " + e.getMessage());
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
