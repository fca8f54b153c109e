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

/** Keys are read from flags, environment and file in that order; bad values are one-line errors; the README lists them all. */
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
    void readmeConfigurationReferenceMatchesTheKeys() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int begin = readme.indexOf(ConfigReference.BEGIN);
        int end = readme.indexOf(ConfigReference.END);
        assertThat(begin).as("README has the generated section").isNotNegative();
        String section = readme.substring(begin + ConfigReference.BEGIN.length() + 1, end);
        assertThat(section).isEqualTo(ConfigReference.markdown(CollectorKeys.ALL));
    }
}
