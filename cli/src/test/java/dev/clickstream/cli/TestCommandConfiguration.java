package dev.clickstream.cli;

import dev.clickstream.cli.local.LocalStackKeys;
import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.ConfigKey;
import dev.clickstream.collector.config.ConfigReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which command takes which key: {@code up} every collector key plus the local stack's, {@code collector} only its
 * own. The README's configuration table is generated from both key sets and must match them.
 */
class TestCommandConfiguration {
    @Test
    void upListsBothKeySetsAndTheCollectorOnlyItsOwn() {
        String up = help("up");
        for (ConfigKey<?> k : LocalStackKeys.UP) assertThat(up).contains(k.flag()).contains(k.envVar());
        String collector = help("collector");
        for (ConfigKey<?> k : CollectorKeys.ALL) assertThat(collector).contains(k.flag()).contains(k.envVar());
        for (ConfigKey<?> k : LocalStackKeys.ALL) assertThat(collector).doesNotContain(k.flag());
    }

    @Test
    void badLocalStackValuesAreOneLineConfigErrors() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("up", "--models-interval-seconds", "0")).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("config error: models.interval-seconds (--models-interval-seconds): must be between 1 and 86400");
    }

    @Test
    void readmeConfigurationReferenceMatchesTheKeys() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(ConfigReference.extract(readme)).as("README has the generated section").isNotNull();
        assertThat(ConfigReference.extract(readme))
                .as("README's configuration table is out of date; regenerate it: ./clickstream config-reference --write README.md")
                .isEqualTo(ConfigReferenceCommand.table());
        assertThat(readme).contains(ConfigReference.BEGIN);
    }

    @Test
    void regeneratingRewritesOnlyTheMarkedBlock(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("doc.md");
        Files.writeString(doc, "before\n<!-- config-reference:begin (an older note) -->\n| stale |\n<!-- config-reference:end -->\nafter\n");
        assertThat(Main.commandLine().execute("config-reference", "--write", doc.toString())).isZero();
        assertThat(Files.readString(doc)).isEqualTo("before\n" + ConfigReference.BEGIN + "\n" + ConfigReferenceCommand.table()
                + ConfigReference.END + "\nafter\n");
    }

    private static String help(String command) {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute(command, "--help")).isZero();
        return out.toString();
    }
}
