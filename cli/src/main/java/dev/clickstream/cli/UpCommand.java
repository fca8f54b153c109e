package dev.clickstream.cli;

import dev.clickstream.collector.CollectorCommand;
import picocli.CommandLine;

/** {@code clickstream up}: the embedded default stack (collector plus embedded PostgreSQL), in the foreground. */
@CommandLine.Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the local stack: the collector on 127.0.0.1:8080 and an embedded PostgreSQL warehouse.",
                "Every option below can also come from its environment variable or from --config-file."})
public final class UpCommand extends CollectorCommand {
}
