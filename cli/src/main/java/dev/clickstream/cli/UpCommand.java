package dev.clickstream.cli;

import dev.clickstream.cli.local.LocalStack;
import dev.clickstream.cli.local.LocalStackKeys;
import dev.clickstream.collector.CollectorCommand;
import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code clickstream up}: the local stack ({@link LocalStack}) in the foreground until SIGTERM or SIGINT. */
@CommandLine.Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the local stack: the collector on 127.0.0.1:8080, an embedded PostgreSQL warehouse, its SQL models, and the dashboard on 127.0.0.1:8081.",
                "With --sink-type kinesis --ingestion-enabled true: Kinesis plus a local stand-in for Redshift streaming ingestion.",
                "Every option below can also come from its environment variable or from --config-file."})
public final class UpCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandSpec spec;

    private final PrintStream out;

    public UpCommand() {
        this(System.out);
    }

    public UpCommand(PrintStream out) {
        this.out = out;
    }

    /** The picocli command line with one option per key {@code up} takes. */
    public static CommandLine commandLine() {
        return CollectorCommand.commandLine(new UpCommand(), LocalStackKeys.UP);
    }

    @Override
    public Integer call() throws Exception {
        Settings settings = Settings.load(LocalStackKeys.UP, CollectorCommand.flagValues(spec, LocalStackKeys.UP), System.getenv());
        LocalStack stack = LocalStack.start(settings);
        CollectorCommand.printBanner(out, stack.collector());
        if (stack.dashboardUrl() != null) out.println("dashboard:          " + stack.dashboardUrl());
        if (stack.jdbcUrl() != null) out.println("warehouse JDBC URL: " + stack.jdbcUrl());
        if (stack.psqlCommand() != null) out.println("query it with:      " + stack.psqlCommand());
        out.flush();
        CollectorCommand.runUntilSignalled(stack::shutdown, Duration.ofMillis(settings.get(CollectorKeys.SHUTDOWN_DEADLINE_MS)));
        return 0;
    }
}
