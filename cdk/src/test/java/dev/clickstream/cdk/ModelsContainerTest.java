package dev.clickstream.cdk;

import dev.clickstream.cli.Main;
import dev.clickstream.cli.alerts.AlertKeys;
import dev.clickstream.cli.alerts.ModelsRunAlerts;
import dev.clickstream.collector.config.ConfigKey;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.clickstream.cdk.Synth.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The models tasks are configured only through what {@code clickstream models …} declares: every environment variable
 * of the run task is a key of {@code models run} (read from ModelsRunAlerts.KEYS, not copied) with a value it
 * accepts, and every command line of both tasks parses with the real CLI.
 */
class ModelsContainerTest {
    private static final Synth.Result APP = Synth.defaults();
    private static final Map<String, ConfigKey<?>> BY_ENV = new HashMap<>();

    static {
        for (ConfigKey<?> k : ModelsRunAlerts.KEYS) BY_ENV.put(k.envVar(), k);
    }

    /** The one container of a models task definition, as synthesized. */
    static Map<String, Object> container(FargateTaskDefinition task) {
        return container(APP, task);
    }

    static Map<String, Object> container(Synth.Result app, FargateTaskDefinition task) {
        List<Map<String, Object>> containers = at(Synth.Result.props(app.resources().get(app.logicalId(task))), "ContainerDefinitions");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, Object> environment(FargateTaskDefinition task) {
        Map<String, Object> env = new HashMap<>();
        List<Map<String, Object>> list = at(container(task), "Environment");
        for (Map<String, Object> e : list == null ? List.<Map<String, Object>>of() : list) env.put((String) e.get("Name"), e.get("Value"));
        return env;
    }

    @Test
    void everyRunVariableIsAKeyModelsRunDeclaresWithAnAcceptedValue() {
        Map<String, Object> env = environment(APP.stack().models().runTask());
        assertThat(env).isNotEmpty();
        for (Map.Entry<String, Object> e : env.entrySet()) {
            ConfigKey<?> key = BY_ENV.get(e.getKey());
            assertThat(key).as("a key models run declares: " + e.getKey()).isNotNull();
            assertThat(key.secret()).as("plain environment value of a secret key: " + e.getKey()).isFalse();
            if (e.getValue() instanceof String literal) key.parse(literal, "cdk");   // throws ConfigException when refused
        }
        assertThat(environment(APP.stack().models().setupTask())).isEmpty();
    }

    @Test
    void runsAlertThroughTheAlarmTopicCountingInTheSchedulesIntervalAndReportFreshness() {
        Map<String, Object> env = environment(APP.stack().models().runTask());
        assertThat(env).containsEntry(AlertKeys.SNS_TOPIC_ARN.envVar(), Map.of("Ref", APP.logicalId(APP.stack().monitoring().topic())))
                .containsEntry("CLICKSTREAM_MODELS_INTERVAL_SECONDS", "300")
                .containsEntry("CLICKSTREAM_METRICS_CLOUDWATCH_NAMESPACE", Monitoring.NAMESPACE);
        assertThat(BY_ENV.get("CLICKSTREAM_MODELS_INTERVAL_SECONDS").name()).isEqualTo("models.interval-seconds");
        assertThat(BY_ENV.get("CLICKSTREAM_METRICS_CLOUDWATCH_NAMESPACE").name()).isEqualTo("metrics.cloudwatch-namespace");
    }

    @Test
    void everyCommandLineParsesWithTheRealCli() throws Exception {
        List<List<String>> commands = new ArrayList<>();
        commands.add(literal(at(container(APP.stack().models().runTask()), "Command")));
        // the setup task: bash runs the image's entry point twice, with the connection flags as "$@"
        Map<String, Object> setup = container(APP.stack().models().setupTask());
        List<String> flags = literal(at(setup, "Command"));
        String script = ((List<String>) setup.get("EntryPoint")).get(2);
        String entry = String.join(" ", Models.ENTRYPOINT) + " ";
        for (String part : script.split(" && (exec )?")) {
            assertThat(part).startsWith(entry).endsWith(" \"$@\"");
            List<String> command = new ArrayList<>(List.of(part.substring(entry.length(), part.length() - " \"$@\"".length()).split(" ")));
            command.addAll(flags);
            commands.add(command);
        }
        assertThat(commands).extracting(c -> c.get(0) + " " + c.get(1)).containsExactly("models run", "models setup", "models check");
        for (List<String> command : commands) {
            Main.commandLine().parseArgs(command.toArray(String[]::new));   // throws on an unknown subcommand or flag
        }
        // bash runs the jar the way the image does
        assertThat(Files.readString(Synth.REPO.resolve("Dockerfile")))
                .containsPattern("(?m)^ENTRYPOINT \\[\"" + String.join("\", \"", Models.ENTRYPOINT) + "\"\\]$");
    }

    /** A command with every CloudFormation reference replaced by a placeholder value. */
    private static List<String> literal(List<Object> command) {
        return command.stream().map(a -> a instanceof String s ? s : "arn:aws:placeholder").toList();
    }
}
