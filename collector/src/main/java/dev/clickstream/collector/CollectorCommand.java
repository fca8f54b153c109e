package dev.clickstream.collector;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.ConfigKey;
import dev.clickstream.collector.config.Settings;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import sun.misc.Signal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code clickstream collector}: the collector alone ({@link StandaloneCollector}), in the foreground until SIGTERM or
 * SIGINT, then drains and exits 0. Its options are generated from {@link CollectorKeys}, so {@code --help} lists every key.
 */
@CommandLine.Command(name = "collector", mixinStandardHelpOptions = true,
        description = {"Run the collector alone, as in AWS: HTTP into the configured sink (kinesis, or postgres at postgres.jdbc-url).",
                "No embedded PostgreSQL, no models, no streaming stand-in: those come with `clickstream up`.",
                "Every option below can also come from its environment variable or from --config-file."})
public final class CollectorCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandSpec spec;

    private final PrintStream out;

    public CollectorCommand() {
        this(System.out);
    }

    public CollectorCommand(PrintStream out) {
        this.out = out;
    }

    /** Adds one option per configuration key to a picocli command. */
    public static void addConfigOptions(CommandSpec spec, List<ConfigKey<?>> keys) {
        for (ConfigKey<?> key : keys) {
            String secret = key.secret() ? " Secret: prefer the environment variable." : "";
            spec.addOption(OptionSpec.builder(key.flag())
                    .paramLabel("<" + key.typeName() + ">")
                    .type(String.class)
                    .description(key.description() + secret,
                            "  default: " + (key.secret() ? "(hidden)" : key.describeDefault()) + "; env: " + key.envVar())
                    .build());
        }
    }

    /** The values given on the command line, by key name. */
    public static Map<String, String> flagValues(CommandSpec spec, List<ConfigKey<?>> keys) {
        Map<String, String> flags = new HashMap<>();
        for (ConfigKey<?> key : keys) {
            OptionSpec o = spec.findOption(key.flag());
            if (o != null && o.getValue() != null) flags.put(key.name(), o.getValue());
        }
        return flags;
    }

    @Override
    public Integer call() throws Exception {
        Settings settings = Settings.load(CollectorKeys.ALL, flagValues(spec, CollectorKeys.ALL), System.getenv());
        StandaloneCollector collector = StandaloneCollector.start(settings);
        printBanner(out, collector.collector());
        out.flush();
        runUntilSignalled(collector::shutdown, Duration.ofMillis(settings.get(CollectorKeys.SHUTDOWN_DEADLINE_MS)));
        return 0;
    }

    /** The banner's first lines, which scripts and tests read: where the collector listens, and the development key. */
    public static void printBanner(PrintStream out, Collector c) {
        out.println("clickstream collector listening on http://" + c.publicHost());
        if (c.devWriteKey() != null) {
            out.println("development write key (source 'dev'): " + c.devWriteKey());
        }
    }

    /** Blocks until SIGTERM/SIGINT, then shuts down gracefully. The JVM's own handlers would exit 143. */
    public static void runUntilSignalled(AutoCloseableWithDeadline service, Duration deadline) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        stop.await();
        service.shutdown(deadline);
    }

    /** Anything that stops gracefully within a deadline. */
    public interface AutoCloseableWithDeadline {
        boolean shutdown(Duration deadline);
    }

    /** Builds the picocli command line with one option per collector key and one-line errors (exit code 2). */
    public static CommandLine commandLine(Object command) {
        return commandLine(command, CollectorKeys.ALL);
    }

    /** Builds the picocli command line with one option per given key and one-line errors (exit code 2). */
    public static CommandLine commandLine(Object command, List<ConfigKey<?>> keys) {
        CommandLine cl = new CommandLine(command);
        addConfigOptions(cl.getCommandSpec(), keys);
        return withOneLineErrors(cl);
    }

    public static CommandLine withOneLineErrors(CommandLine cl) {
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage() + " (see --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof dev.clickstream.collector.config.ConfigException) {
                commandLine.getErr().println("config error: " + ex.getMessage());
                return 2;
            }
            LoggerFactory.getLogger(CollectorCommand.class).debug("command failed", ex);
            commandLine.getErr().println("error: " + oneLine(ex));
            return 1;
        });
        return cl;
    }

    private static String oneLine(Throwable ex) {
        String m = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    public static void main(String[] args) {
        System.exit(commandLine(new CollectorCommand()).execute(args));
    }
}
