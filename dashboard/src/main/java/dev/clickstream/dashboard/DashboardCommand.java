package dev.clickstream.dashboard;

import dev.clickstream.warehouse.cli.ModelsCommand;
import dev.clickstream.warehouse.runner.SqlExecutor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code clickstream dashboard}: serves the dashboard over a warehouse, PostgreSQL over JDBC or Redshift through the
 * Data API with the caller's own AWS credentials, until interrupted.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serve the dashboard over the warehouse: one panel per analyst query (redshift-sql/queries/).",
                "PostgreSQL: --jdbc-url. Redshift: --redshift-workgroup (or --redshift-cluster) with your own AWS credentials.",
                "Bound to anything but loopback it needs an access token (Bearer, or the password of Basic auth)."})
public final class DashboardCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ModelsCommand.Target target;
    @Option(names = "--host", defaultValue = "${env:CLICKSTREAM_DASHBOARD_HOST:-" + DashboardServer.Options.DEFAULT_HOST + "}",
            description = "Address to bind (default: ${DEFAULT-VALUE}; env CLICKSTREAM_DASHBOARD_HOST). Anything but loopback needs --access-token.")
    String host;
    @Option(names = "--port", defaultValue = "${env:CLICKSTREAM_DASHBOARD_PORT:-" + DashboardServer.Options.DEFAULT_PORT + "}",
            description = "Port to bind; 0 picks a free one (default: ${DEFAULT-VALUE}; env CLICKSTREAM_DASHBOARD_PORT).")
    int port;
    @Option(names = "--access-token", defaultValue = "${env:" + DashboardAccess.TOKEN_ENV + ":-}",
            description = "Token every request must carry (Authorization: Bearer, or as the Basic password). Prefer the env CLICKSTREAM_DASHBOARD_ACCESS_TOKEN.")
    String accessToken;
    @Option(names = "--refresh-seconds", defaultValue = "" + DashboardServer.Options.DEFAULT_REFRESH_SECONDS,
            description = "How often the page reloads its panels (default: ${DEFAULT-VALUE}).")
    int refreshSeconds;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        DashboardServer.Options options = new DashboardServer.Options(host, port, accessToken, refreshSeconds);
        try { // refuse a bad binding before opening the warehouse
            DashboardAccess.forBinding(options.host(), options.accessToken(), options.tokenFlag());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (SqlExecutor warehouse = target.openReadOnly();
             DashboardServer server = DashboardServer.start(options, warehouse, Clock.systemUTC())) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("clickstream dashboard on " + server.url() + " (" + target.dialect().name().toLowerCase(java.util.Locale.ROOT) + ")");
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "dashboard-stop"));
            stop.await();
        }
        return 0;
    }
}
