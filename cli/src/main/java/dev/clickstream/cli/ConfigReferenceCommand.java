package dev.clickstream.cli;

import dev.clickstream.cli.alerts.AlertKeys;
import dev.clickstream.cli.local.LocalStackKeys;
import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.ConfigReference;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code clickstream config-reference [--write README.md]}: the README's configuration table, generated from the key
 * declarations; for maintainers, after a key changes.
 */
@CommandLine.Command(name = "config-reference", mixinStandardHelpOptions = true,
        description = "Print the configuration table, or rewrite the marked block of a Markdown file with it.")
public final class ConfigReferenceCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--write", paramLabel = "<file>",
            description = "Rewrite the block between the config-reference markers in this file (e.g. README.md).")
    Path write;

    /** The key sets, each with the commands that take it. */
    public static final List<ConfigReference.Section> SECTIONS = List.of(
            new ConfigReference.Section("The collector's keys: `clickstream collector` and `clickstream up` take these (and "
                    + "`clickstream models run` takes `metrics.cloudwatch-namespace`, for the newest modeled event's age).", CollectorKeys.ALL),
            new ConfigReference.Section("The local stack's keys: only `clickstream up` takes these (and `clickstream models run` "
                    + "takes `models.interval-seconds`, the interval its alerts measure freshness in).", LocalStackKeys.ALL),
            new ConfigReference.Section("The alerts' keys: `clickstream up` and `clickstream models run` take these "
                    + "([docs/alerts.md](docs/alerts.md)).", AlertKeys.ALL));

    public static String table() {
        return ConfigReference.markdown(SECTIONS);
    }

    @Override
    public Integer call() throws Exception {
        if (write == null) {
            System.out.print(ConfigReference.BEGIN + "\n" + table() + ConfigReference.END + "\n");
        } else {
            String doc = Files.readString(write, StandardCharsets.UTF_8);
            Files.writeString(write, ConfigReference.splice(doc, table()), StandardCharsets.UTF_8);
        }
        return 0;
    }
}
