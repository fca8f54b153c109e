package dev.clickstream.simulator.cli;

import dev.clickstream.simulator.replay.Rees46Replay;
import dev.clickstream.simulator.send.HttpBatchSender;
import picocli.CommandLine;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code clickstream replay}: send a REES46-format CSV to a collector as Segment e-commerce events. */
@CommandLine.Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a REES46 e-commerce CSV (event_time, event_type, product_id, category_id, category_code, "
                + "brand, price, user_id, user_session) as Segment track calls.")
public final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--file", defaultValue = "simulator/samples/rees46-sample.csv",
            description = "The CSV (default: the shipped sample, ${DEFAULT-VALUE}).")
    Path file;
    @CommandLine.Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "Collector base URL (default: ${DEFAULT-VALUE}).")
    URI url;
    @CommandLine.Mixin
    WriteKeyOption writeKey;
    @CommandLine.Option(names = "--speedup", defaultValue = "0",
            description = "File seconds per wall second (60: an hour of the file per minute); 0 sends as fast as possible (default: ${DEFAULT-VALUE}).")
    double speedup;
    @CommandLine.Option(names = "--limit", defaultValue = "9223372036854775807", description = "Stop after this many rows.")
    long limit;
    @CommandLine.Option(names = "--concurrency", defaultValue = "4", description = "Requests in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) throw new CommandLine.ParameterException(new CommandLine(this), "no CSV at " + file);
        long t0 = System.nanoTime();
        try (HttpBatchSender sender = new HttpBatchSender(url, writeKey.resolve(), 100, concurrency, true, Clock.systemUTC())) {
            Rees46Replay.Result r = Rees46Replay.replay(file, sender, speedup, limit, System.out::println);
            System.out.printf("replayed %,d rows: %,d sent, %,d skipped in %.1f s%n", r.rows(), r.sent(), r.skipped(),
                    (System.nanoTime() - t0) / 1e9);
            r.firstProblems().forEach(p -> System.out.println("  skipped " + p));
        }
        return 0;
    }
}
