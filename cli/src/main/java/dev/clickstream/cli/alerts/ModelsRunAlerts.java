package dev.clickstream.cli.alerts;

import dev.clickstream.collector.CollectorCommand;
import dev.clickstream.cli.local.LocalStackKeys;
import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.ConfigKey;
import dev.clickstream.collector.config.Settings;
import dev.clickstream.warehouse.alerts.Alerts;
import dev.clickstream.warehouse.cli.ModelsCommand;
import dev.clickstream.warehouse.runner.ModelRunner;
import dev.clickstream.warehouse.runner.SqlExecutor;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code clickstream models run} with the alert keys: the models' thresholds from models.parameters, and after the
 * run the newest modeled event's age as a CloudWatch metric (when metrics.cloudwatch-namespace is set) and the alerts
 * (in AWS, the scheduled task). models.interval-seconds tells it the schedule's interval.
 */
public final class ModelsRunAlerts implements ModelsCommand.RunHooks {
    /** The keys {@code models run} takes besides its own options. */
    public static final List<ConfigKey<?>> KEYS = keys();

    /** The {@code models} command line with the keys added to {@code run}. */
    public static CommandLine commandLine() {
        CommandLine models = new CommandLine(new ModelsCommand(new ModelsRunAlerts()));
        CollectorCommand.addConfigOptions(models.getSubcommands().get("run").getCommandSpec(), KEYS);
        return models;
    }

    private static Settings settings(CommandSpec run) {
        Settings s = Settings.load(KEYS, CollectorCommand.flagValues(run, KEYS), System.getenv());
        ConfiguredAlerts.validate(s);
        return s;
    }

    @Override
    public Map<String, String> modelParameters(CommandSpec run) {
        return ConfiguredAlerts.modelParameters(settings(run));
    }

    @Override
    public void afterRun(SqlExecutor sql, List<ModelRunner.Outcome> outcomes, CommandSpec run) {
        Settings s = settings(run);
        FreshnessMetric.publish(sql, s.get(CollectorKeys.METRICS_CLOUDWATCH_NAMESPACE), Clock.systemUTC());
        try (Alerts alerts = ConfiguredAlerts.create(s, sql, Duration.ofSeconds(s.get(LocalStackKeys.MODELS_INTERVAL_SECONDS)))) {
            if (alerts != null) alerts.afterRun(outcomes);
        }
    }

    private static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>(AlertKeys.ALL);
        keys.add(LocalStackKeys.MODELS_INTERVAL_SECONDS);
        keys.add(CollectorKeys.METRICS_CLOUDWATCH_NAMESPACE);
        return List.copyOf(keys);
    }
}
