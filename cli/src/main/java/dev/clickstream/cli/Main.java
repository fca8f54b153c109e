package dev.clickstream.cli;

import dev.clickstream.benchmark.BenchCommand;
import dev.clickstream.cli.alerts.ModelsRunAlerts;
import dev.clickstream.collector.CollectorCommand;
import dev.clickstream.dashboard.DashboardCommand;
import dev.clickstream.simulator.cli.ReplayCommand;
import dev.clickstream.simulator.cli.SimulateCommand;
import dev.clickstream.simulator.cli.VerifyCommand;
import picocli.CommandLine;

/** {@code clickstream <command>}: the project's single entry point. */
@CommandLine.Command(name = "clickstream", mixinStandardHelpOptions = true, version = "clickstream 0.1.0",
        description = "Self-hosted, Segment-compatible clickstream pipeline.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine root = new CommandLine(new Main());
        root.addSubcommand("up", UpCommand.commandLine());
        root.addSubcommand("collector", CollectorCommand.commandLine(new CollectorCommand()));
        root.addSubcommand("models", ModelsRunAlerts.commandLine());
        root.addSubcommand("simulate", new SimulateCommand());
        root.addSubcommand("verify", new VerifyCommand());
        root.addSubcommand("replay", new ReplayCommand());
        root.addSubcommand("bench", new BenchCommand());
        root.addSubcommand("config-reference", new ConfigReferenceCommand());
        root.addSubcommand("dashboard", new DashboardCommand());
        return CollectorCommand.withOneLineErrors(root);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
