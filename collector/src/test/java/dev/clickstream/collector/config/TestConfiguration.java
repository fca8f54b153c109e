package dev.clickstream.collector.config;

import dev.clickstream.collector.CollectorCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The collector's keys are read from flags, environment and file in that order; bad values are one-line errors;
 * {@code clickstream collector} takes only its own keys. (The README's table: the cli's TestCommandConfiguration.)
 */
class TestConfiguration {
    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("collector.properties");
        Files.writeString(file, "http.port=7001\nhttp.host=0.0.0.0\nlimits.json-depth=10\n");
        Settings s = Settings.load(CollectorKeys.ALL, Map.of("http.port", "7003", "config.file", file.toString()),
                Map.of("CLICKSTREAM_HTTP_PORT", "7002", "CLICKSTREAM_HTTP_HOST", "10.0.0.1"));
        assertThat(s.get(CollectorKeys.HTTP_PORT)).isEqualTo(7003);
        assertThat(s.get(CollectorKeys.HTTP_HOST)).isEqualTo("10.0.0.1");
        assertThat(s.get(CollectorKeys.LIMIT_JSON_DEPTH)).isEqualTo(10);
        assertThat(s.get(CollectorKeys.LIMIT_BATCH_MESSAGES)).isEqualTo(2500);
    }

    @Test
    void defaultsAreLocalAndSegmentSized() {
        Settings s = Settings.defaults(CollectorKeys.ALL);
        assertThat(s.get(CollectorKeys.HTTP_HOST)).isEqualTo("127.0.0.1");
        assertThat(s.get(CollectorKeys.LIMIT_MESSAGE_BYTES)).isEqualTo(32 * 1024);
        assertThat(s.get(CollectorKeys.LIMIT_BATCH_BYTES)).isEqualTo(500 * 1024);
        assertThat(s.get(CollectorKeys.LIMIT_MESSAGE_ID_CHARS)).isEqualTo(100);
    }

    @Test
    void badValuesAndUnknownFileKeysAreOneLineErrors(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Settings.load(CollectorKeys.ALL, Map.of("http.port", "70000"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage("http.port (--http-port): must be between 0 and 65535");
        assertThatThrownBy(() -> Settings.load(CollectorKeys.ALL, Map.of(), Map.of("CLICKSTREAM_LIMITS_BATCH_MESSAGES", "lots")))
                .hasMessage("limits.batch-messages (CLICKSTREAM_LIMITS_BATCH_MESSAGES): cannot read 'lots' as int");
        Path file = dir.resolve("c.properties");
        Files.writeString(file, "http.prot=1\n");
        assertThatThrownBy(() -> Settings.load(CollectorKeys.ALL, Map.of("config.file", file.toString()), Map.of()))
                .hasMessageContaining("unknown key 'http.prot'");
    }

    @Test
    void badConfigurationExitsWithCode2AndOneLine() {
        StringWriter err = new StringWriter();
        CommandLine cl = CollectorCommand.commandLine(new CollectorCommand());
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--http-port", "-1")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("config error: http.port (--http-port): must be between 0 and 65535");
        StringWriter err2 = new StringWriter();
        cl.setErr(new PrintWriter(err2));
        assertThat(cl.execute("--no-such-flag")).isEqualTo(2);
        assertThat(err2.toString().strip().lines()).hasSize(1);
    }

    @Test
    void helpListsEveryKeyWithItsEnvironmentVariable() {
        StringWriter out = new StringWriter();
        CommandLine cl = CollectorCommand.commandLine(new CollectorCommand());
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("--help")).isZero();
        for (ConfigKey<?> k : CollectorKeys.ALL) {
            assertThat(out.toString()).contains(k.flag()).contains(k.envVar());
        }
        assertThat(out.toString()).doesNotContain("wk_");
    }

    @Test
    void theCollectorAloneNeedsAnExternalPostgresForThePostgresSink(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cl = CollectorCommand.commandLine(new CollectorCommand());
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--sink-type", "postgres", "--data-dir", dir.toString(), "--http-port", "0")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo(
                "config error: postgres.jdbc-url: required with sink.type=postgres (the embedded PostgreSQL comes with `clickstream up`)");
    }

    @Test
    void theCollectorTakesNoLocalStackKeys(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cl = CollectorCommand.commandLine(new CollectorCommand());
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--models-enabled", "false")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: Unknown options: '--models-enabled', 'false' (see --help)");
        Path file = dir.resolve("c.properties");
        Files.writeString(file, "postgres.embedded-port=0\n");
        assertThatThrownBy(() -> Settings.load(CollectorKeys.ALL, Map.of("config.file", file.toString()), Map.of()))
                .hasMessageContaining("unknown key 'postgres.embedded-port'");
    }
}
