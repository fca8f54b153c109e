package dev.clickstream.simulator.replay;

import dev.clickstream.simulator.traffic.Catalog;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.UUID;

/**
 * Writes a small, seeded file in the REES46 format: shoppers' sessions of views, some carts, removals and purchases.
 * The committed sample ({@code simulator/samples/rees46-sample.csv}) is this generator's output for {@link #SEED}.
 */
public final class Rees46Sample {
    public static final long SEED = 46;
    public static final int ROWS = 2_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private Rees46Sample() {}

    public static void write(Path file, long seed, int rows) {
        Random random = new Random(seed);
        Catalog catalog = new Catalog(random, 120);
        LocalDateTime t = LocalDateTime.of(2019, 10, 1, 0, 0, 0);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write(String.join(",", Rees46Row.COLUMNS));
            out.write('\n');
            int written = 0;
            while (written < rows) {
                String user = String.valueOf(512_000_000 + random.nextInt(2_000));
                String session = new UUID(random.nextLong(), random.nextLong()).toString();
                int views = 1 + random.nextInt(6);
                for (int i = 0; i < views && written < rows; i++) {
                    Catalog.Product p = catalog.pick(random);
                    t = t.plusSeconds(1 + random.nextInt(40));
                    written += row(out, t, "view", p, user, session, random);
                    if (random.nextDouble() < 0.2 && written < rows) {
                        t = t.plusSeconds(1 + random.nextInt(30));
                        written += row(out, t, "cart", p, user, session, random);
                        double next = random.nextDouble();
                        if (next < 0.1 && written < rows) {
                            t = t.plusSeconds(1 + random.nextInt(30));
                            written += row(out, t, "remove_from_cart", p, user, session, random);
                        } else if (next < 0.5 && written < rows) {
                            t = t.plusSeconds(30 + random.nextInt(300));
                            written += row(out, t, "purchase", p, user, session, random);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int row(BufferedWriter out, LocalDateTime t, String type, Catalog.Product p, String user,
                           String session, Random random) throws IOException {
        // as in the real files, some rows lack a category code or a brand
        String code = random.nextDouble() < 0.3 ? "" : p.category();
        String brand = random.nextDouble() < 0.15 ? "" : p.brand();
        long categoryId = 2_053_013_552_000_000_000L + Math.abs(p.category().hashCode());
        out.write(String.join(",", t.format(TIME), type, p.id().substring(2), String.valueOf(categoryId), code, brand,
                String.format(java.util.Locale.ROOT, "%.2f", p.price()), user, session));
        out.write('\n');
        return 1;
    }

    public static void main(String[] args) {
        write(Path.of(args.length > 0 ? args[0] : "simulator/samples/rees46-sample.csv"), SEED, ROWS);
    }
}
