package dev.clickstream.simulator.cli;

import dev.clickstream.simulator.truth.GroundTruth;
import dev.clickstream.warehouse.EmbeddedPostgresSettings;
import dev.clickstream.simulator.verify.ModelCatchUp;
import dev.clickstream.simulator.verify.Thresholds;
import dev.clickstream.simulator.verify.Verifier;
import dev.clickstream.simulator.verify.VerifyReport;
import dev.clickstream.simulator.verify.ModeledTables;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code clickstream verify}: compare the modeled tables with a simulation's ground truth. */
@CommandLine.Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Compare the warehouse with a simulation's ground truth; exit 1 below the thresholds.")
public final class VerifyCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--truth", required = true, description = "Ground-truth JSONL written by simulate.")
    Path truthFile;
    @CommandLine.Option(names = "--jdbc-url", defaultValue = EmbeddedPostgresSettings.DEFAULT_JDBC_URL,
            description = "Warehouse JDBC URL (default: the embedded PostgreSQL of `clickstream up`).")
    String jdbcUrl;
    @CommandLine.Option(names = "--user", defaultValue = "postgres", description = "Database user (default: ${DEFAULT-VALUE}).")
    String user;
    @CommandLine.Option(names = "--password", defaultValue = "",
            description = "Database password. Default: none given, so the driver reads PGPASSFILE (`clickstream up` prints it) or ~/.pgpass.")
    String password;
    @CommandLine.Option(names = "--wait-for-models", defaultValue = "0",
            description = "Seconds to wait for every model to catch up with the raw events first (default: ${DEFAULT-VALUE}).")
    int waitSeconds;
    @CommandLine.Option(names = "--report", description = "Also write the report (Markdown) to this file.")
    Path report;
    @CommandLine.Option(names = "--min-session-match", defaultValue = "1.0") double minSessionMatch;
    @CommandLine.Option(names = "--min-funnel-match", defaultValue = "1.0") double minFunnelMatch;
    @CommandLine.Option(names = "--min-bot-recall", defaultValue = "0.95",
            description = "Least bot recall, overall and for each bot kind (default: ${DEFAULT-VALUE}).") double minBotRecall;
    @CommandLine.Option(names = "--min-bot-precision", defaultValue = "0.99") double minBotPrecision;
    @CommandLine.Option(names = "--min-link-recall", defaultValue = "1.0") double minLinkRecall;
    @CommandLine.Option(names = "--min-attribution", defaultValue = "0.95") double minAttribution;
    @CommandLine.Option(names = "--max-lost", defaultValue = "0") long maxLost;
    @CommandLine.Option(names = "--max-duplicates", defaultValue = "0") long maxDuplicates;
    @CommandLine.Option(names = "--time-tolerance-ms", defaultValue = "2000",
            description = "How far a modeled session boundary may sit from the true one (default: ${DEFAULT-VALUE}); "
                    + "skew correction leaves the network latency in event times.")
    long toleranceMillis;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(truthFile)) throw new CommandLine.ParameterException(new CommandLine(this), "no ground truth at " + truthFile);
        GroundTruth truth = GroundTruth.read(truthFile);
        String pw = password.isEmpty() ? null : password; // null, not "": only then does the driver read the password file
        if (waitSeconds > 0) ModelCatchUp.await(jdbcUrl, user, pw, Duration.ofSeconds(waitSeconds));
        ModeledTables warehouse = ModeledTables.read(jdbcUrl, user, pw);
        VerifyReport result = Verifier.verify(truth, warehouse, new Thresholds(minSessionMatch, minFunnelMatch,
                minBotRecall, minBotPrecision, minLinkRecall, minAttribution, maxLost, maxDuplicates, toleranceMillis));
        if (warehouse.observedAddresses <= 1 && !warehouse.events.isEmpty()) {
            System.err.println("note: every event has the same request_ip: the collector did not believe the simulator's "
                    + "X-Forwarded-For, so the address rule (ip_farm) sees one address. Start it with "
                    + "--http-trusted-proxies 127.0.0.1/32 (and simulate without --via-sdk) to measure that rule.");
        }
        String markdown = result.markdown();
        System.out.print(markdown);
        if (report != null) Files.writeString(report, markdown);
        return result.passed() ? 0 : 1;
    }
}
