package dev.clickstream.simulator.replay;

import dev.clickstream.simulator.send.Delivery;
import dev.clickstream.simulator.send.Sender;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams a REES46 CSV (header line first) to a collector, never holding the file in memory: the real monthly files
 * have 42 to 68 million rows. Unusable rows are counted and reported, never fatal. With a speed-up, sending is paced
 * so the file's time runs that many times faster than wall time; without one, it goes as fast as the sender can.
 */
public final class Rees46Replay {
    public record Result(long rows, long sent, long skipped, List<String> firstProblems) {}

    private static final int CHUNK = 1_000;
    private static final int PROBLEMS_KEPT = 5;

    private Rees46Replay() {}

    public static Result replay(Path csv, Sender sender, double speedup, long limit, Consumer<String> progress) {
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        CsvMapper mapper = new CsvMapper();
        long rows = 0, sent = 0, skipped = 0;
        List<String> problems = new ArrayList<>();
        List<Delivery.Item> chunk = new ArrayList<>(CHUNK);
        Instant firstTime = null;
        long wallStart = System.nanoTime();
        try (Reader in = Files.newBufferedReader(csv);
             MappingIterator<Rees46Row> it = mapper.readerFor(Rees46Row.class).with(schema).readValues(in)) {
            while (it.hasNextValue() && rows < limit) {
                rows++;
                Rees46Row row;
                try {
                    row = it.nextValue();
                    Delivery.Item item = new Delivery.Item(Rees46Mapper.message(row, rows), Duration.ZERO);
                    Instant t = Rees46Mapper.time(row);
                    if (firstTime == null) firstTime = t;
                    if (speedup > 0) sent += pace(firstTime, t, wallStart, speedup, chunk, sender);
                    chunk.add(item);
                } catch (RuntimeException e) {
                    skipped++;
                    if (problems.size() < PROBLEMS_KEPT) problems.add("row " + rows + ": " + e.getMessage());
                    continue;
                }
                if (chunk.size() == CHUNK) {
                    sender.send(chunk);
                    sent += chunk.size();
                    chunk.clear();
                    if (sent % 100_000 == 0) progress.accept(String.format("replayed %,d rows", sent));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        if (!chunk.isEmpty()) {
            sender.send(chunk);
            sent += chunk.size();
        }
        return new Result(rows, sent, skipped, problems);
    }

    /** Holds a row back until wall time catches up with its file time (scaled), first flushing what is due; returns how many it flushed. */
    private static int pace(Instant first, Instant t, long wallStart, double speedup, List<Delivery.Item> chunk, Sender sender) {
        long dueNanos = (long) (Duration.between(first, t).toNanos() / speedup);
        long wait = dueNanos - (System.nanoTime() - wallStart);
        if (wait <= 0) return 0;
        int flushed = chunk.size();
        if (!chunk.isEmpty()) {
            sender.send(new ArrayList<>(chunk));
            chunk.clear();
        }
        try {
            Thread.sleep(Math.max(1, wait / 1_000_000)); // a pacing clock, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        return flushed;
    }
}
