package dev.clickstream.warehouse.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.clickstream.warehouse.EmbeddedPostgresSettings;
import dev.clickstream.warehouse.ReaderRole;
import dev.clickstream.warehouse.runner.DataApiExecutor;
import dev.clickstream.warehouse.runner.DataApiTarget;
import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.JdbcExecutor;
import dev.clickstream.warehouse.runner.ModelParameters;
import dev.clickstream.warehouse.runner.ModelRunner;
import dev.clickstream.warehouse.runner.RetryPolicy;
import dev.clickstream.warehouse.runner.SqlExecutor;
import dev.clickstream.warehouse.check.WarehouseCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClientBuilder;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;

/**
 * {@code clickstream models setup|run|status|check}: the model runner, over JDBC (PostgreSQL) or the Redshift Data API
 * (a Serverless workgroup, or a cluster with a secret or a database user). In AWS, a schedule invokes {@code run}.
 */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Set up and run the warehouse SQL models.",
        subcommands = {ModelsCommand.Setup.class, ModelsCommand.Run.class, ModelsCommand.Status.class, ModelsCommand.Check.class})
public final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What the cli adds to {@code models run}: model parameters from its configuration, and the alerts after the run. */
    public interface RunHooks {
        RunHooks NONE = new RunHooks() { };

        default Map<String, String> modelParameters(CommandLine.Model.CommandSpec run) {
            return ModelParameters.DEFAULTS;
        }

        /** Runs after the models, with the warehouse still open. */
        default void afterRun(SqlExecutor sql, List<ModelRunner.Outcome> outcomes, CommandLine.Model.CommandSpec run) {
        }
    }

    private final RunHooks hooks;

    public ModelsCommand() {
        this(RunHooks.NONE);
    }

    public ModelsCommand(RunHooks hooks) {
        this.hooks = hooks;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the models run (and what the dashboard reads): a mixin for every command that opens the warehouse. */
    public static final class Target {
        @Option(names = "--jdbc-url", description = "PostgreSQL JDBC URL, e.g. " + EmbeddedPostgresSettings.DEFAULT_JDBC_URL + " (the local stack's).")
        String jdbcUrl;
        @Option(names = "--jdbc-user", defaultValue = "postgres", description = "PostgreSQL user (default: ${DEFAULT-VALUE}).")
        String jdbcUser;
        @Option(names = "--jdbc-password", defaultValue = "${env:CLICKSTREAM_JDBC_PASSWORD:-}", description = "PostgreSQL password (env CLICKSTREAM_JDBC_PASSWORD). Default: none given, so the driver reads PGPASSFILE (`clickstream up` prints it) or ~/.pgpass.")
        String jdbcPassword;
        @Option(names = "--redshift-workgroup", description = "Redshift Serverless workgroup (Data API).")
        String workgroup;
        @Option(names = "--redshift-cluster", description = "Provisioned Redshift cluster identifier (Data API).")
        String cluster;
        @Option(names = "--redshift-database", defaultValue = "dev", description = "Redshift database (default: ${DEFAULT-VALUE}).")
        String database;
        @Option(names = "--redshift-secret-arn", description = "Secrets Manager secret for a cluster.")
        String secretArn;
        @Option(names = "--redshift-db-user", description = "Database user for a cluster (temporary credentials).")
        String dbUser;
        @Option(names = "--statement-timeout-seconds", defaultValue = "900", description = "Data API statement timeout; the statement is cancelled after it.")
        long timeoutSeconds;
        @Option(names = "--redshift-endpoint-url", description = "Data API endpoint, e.g. an interface VPC endpoint (default: the region's).")
        URI endpoint;

        /** How the Data API executor waits between polls and retries; tests swap it for one that returns at once. */
        static LongConsumer sleeper = RetryPolicy.SLEEP;

        public Dialect dialect() {
            return jdbcUrl != null ? Dialect.POSTGRES : Dialect.REDSHIFT;
        }

        /** Opens the target, hands a runner over it to the action, and closes it again. */
        <T> T withRunner(java.util.function.Function<ModelRunner, T> action) {
            try (SqlExecutor sql = open()) {
                return action.apply(new ModelRunner(sql, dialect(), Clock.systemUTC()));
            }
        }

        boolean redshift() {
            return workgroup != null || cluster != null;
        }

        SqlExecutor open() {
            return open(false);
        }

        /**
         * Opens the warehouse for reading only: on PostgreSQL as {@link ReaderRole}; on Redshift the Data API runs as
         * the caller's IAM identity, which needs the role clickstream_reader that Redshift setup creates (grants.sql).
         */
        public SqlExecutor openReadOnly() {
            return open(true);
        }

        private SqlExecutor open(boolean readOnly) {
            if ((jdbcUrl != null) == redshift()) {
                throw new IllegalArgumentException("give either --jdbc-url or one of --redshift-workgroup / --redshift-cluster");
            }
            if (jdbcUrl != null && readOnly) return ReaderRole.openJdbc(jdbcUrl, jdbcUser, jdbcPassword);
            if (jdbcUrl != null) {
                HikariConfig c = new HikariConfig();
                c.setJdbcUrl(jdbcUrl);
                c.setUsername(jdbcUser);
                if (!jdbcPassword.isEmpty()) c.setPassword(jdbcPassword);
                c.setMaximumPoolSize(2);
                // an unreachable database fails the run (recorded where possible, logged, exit 1), not the pool's start
                c.setInitializationFailTimeout(-1);
                c.setConnectionTimeout(10_000);
                HikariDataSource ds = new HikariDataSource(c);
                return new JdbcExecutor(ds, ds);
            }
            // the runner's retry policy is the only one: it knows which calls are safe to repeat, and logs each retry
            RedshiftDataClientBuilder client = RedshiftDataClient.builder()
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
            if (endpoint != null) client.endpointOverride(endpoint);
            return new DataApiExecutor(client.build(), new DataApiTarget(workgroup, cluster, database, secretArn, dbUser),
                    Duration.ofSeconds(timeoutSeconds), sleeper);
        }
    }

    @Command(name = "setup", mixinStandardHelpOptions = true, description = "Create every table, view and seed, idempotently.")
    static final class Setup implements Callable<Integer> {
        @CommandLine.Mixin
        Target target;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            target.withRunner(runner -> {
                runner.setup();
                return null;
            });
            spec.commandLine().getOut().println("setup done (" + target.dialect().name().toLowerCase() + ")");
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the models over what has arrived since their watermarks.")
    static final class Run implements Callable<Integer> {
        @CommandLine.Mixin
        Target target;
        @Option(names = "--select", description = "Run only this model.")
        String select;
        @Option(names = "--full-refresh", description = "Rebuild from raw: empty the models' tables and reset their watermarks first.")
        boolean fullRefresh;
        @Option(names = "--lock-lease-seconds", defaultValue = "3600",
                description = "How long the run lock lasts unrenewed (renewed before each model); longer than the slowest model (default: ${DEFAULT-VALUE}).")
        long lockLeaseSeconds;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.ParentCommand
        ModelsCommand parent;

        /** Exit 0 when every model succeeded or was up to date, or another run held the lock; 1 when one failed. */
        @Override
        public Integer call() {
            List<ModelRunner.Outcome> outcomes;
            Map<String, String> parameters = parent.hooks.modelParameters(spec); // a configuration error before connecting
            try (SqlExecutor sql = target.open()) {
                outcomes = new ModelRunner(sql, target.dialect(), Clock.systemUTC(), parameters)
                        .withLockLease(Duration.ofSeconds(lockLeaseSeconds)).run(select, fullRefresh);
                parent.hooks.afterRun(sql, outcomes, spec);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (outcomes.isEmpty()) out.println("nothing to do: raw_events is empty");
            int code = 0;
            for (ModelRunner.Outcome o : outcomes) {
                out.printf("%-18s %-11s %8d rows%s%n", o.model(), o.status(), o.rows(), o.error() == null ? "" : "  " + o.error());
                if ("failed".equals(o.status())) code = 1;
            }
            return code;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = {
            "Check that a warehouse runs what setup and the models send: probe statements, then setup and one run over a "
                    + "fixture in a scratch schema, compared with the same fixture on PostgreSQL. The scratch schema is dropped.",
            "Exit 0 when every step passed, 1 when one failed."})
    static final class Check implements Callable<Integer> {
        @CommandLine.Mixin
        Target target;
        @Option(names = "--scratch-schema", description = "The scratch schema to create and drop (default: clickstream_check_ and 8 random hex digits).")
        String scratch;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String schema = scratch == null ? WarehouseCheck.scratchName() : scratch;
            try (SqlExecutor sql = target.open()) {
                return new WarehouseCheck(sql, target.redshift(), schema, spec.commandLine().getOut()).run() ? 0 : 1;
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Each model's watermark and last run.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin
        Target target;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-18s %-28s %-10s %-28s %s%n", "model", "watermark", "last run", "finished", "rows");
            for (List<String> r : target.withRunner(ModelRunner::status)) {
                out.printf("%-18s %-28s %-10s %-28s %s%s%n", r.get(0), r.get(1), nz(r.get(2)), nz(r.get(3)), nz(r.get(4)),
                        r.get(5) == null ? "" : "  " + r.get(5));
            }
            return 0;
        }

        private static String nz(String s) {
            return s == null ? "-" : s;
        }
    }
}
