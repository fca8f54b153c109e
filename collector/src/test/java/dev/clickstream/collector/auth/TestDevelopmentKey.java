package dev.clickstream.collector.auth;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.ConfigException;
import dev.clickstream.collector.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With no source configured, a development key is made up once, kept owner-only in data.dir, and reused; but only
 * while the collector listens on loopback.
 */
class TestDevelopmentKey {
    @Test
    void theKeyFileIsOwnerOnlyAndSurvivesRestarts(@TempDir Path dir) throws Exception {
        Settings settings = Settings.load(CollectorKeys.ALL, Map.of("data.dir", dir.toString()), Map.of());
        String key = SourcesLoader.load(settings).devWriteKey();
        Path file = dir.resolve(SourcesLoader.DEV_KEY_FILE);

        assertThat(key).startsWith("dev_").hasSize(4 + 32);
        assertThat(Files.readString(file).trim()).isEqualTo(key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SourcesLoader.load(settings).devWriteKey()).isEqualTo(key);
    }

    @Test
    void noDevelopmentSourceOnANonLoopbackAddress(@TempDir Path dir) {
        for (String host : new String[]{"0.0.0.0", "192.0.2.10", "::", "collector.example"}) {
            Settings settings = Settings.load(CollectorKeys.ALL, Map.of("data.dir", dir.toString(), "http.host", host), Map.of());
            assertThatThrownBy(() -> SourcesLoader.load(settings)).as(host).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("http.host " + host).hasMessageNotContaining("\n");
        }
        assertThat(Files.exists(dir.resolve(SourcesLoader.DEV_KEY_FILE))).as("no key made up").isFalse();
        for (String host : new String[]{"127.0.0.1", "localhost", "::1", "127.0.0.2"}) {
            Settings settings = Settings.load(CollectorKeys.ALL, Map.of("data.dir", dir.toString(), "http.host", host), Map.of());
            assertThat(SourcesLoader.load(settings).devWriteKey()).as(host).startsWith("dev_");
        }
    }
}
