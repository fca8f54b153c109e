package dev.clickstream.simulator.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The write key: given, or the development key that {@code clickstream up} keeps in its data directory. */
public final class WriteKeyOption {
    @CommandLine.Option(names = "--write-key", description = "Source write key (default: the development key in <data-dir>/dev-write-key).")
    String writeKey;
    @CommandLine.Option(names = "--data-dir", defaultValue = "data", description = "Where `clickstream up` keeps its data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    String resolve() {
        if (writeKey != null) return writeKey;
        Path file = dataDir.resolve("dev-write-key");
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "no --write-key given and no development key at " + file + " (start `clickstream up` first)");
        }
    }
}
