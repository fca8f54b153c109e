package dev.clickstream.simulator;

import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.simulator.replay.Rees46Replay;
import dev.clickstream.simulator.replay.Rees46Sample;
import dev.clickstream.simulator.send.HttpBatchSender;
import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.JdbcExecutor;
import dev.clickstream.warehouse.runner.ModelRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped REES46-format sample replays into the warehouse as Segment e-commerce events. */
class TestRees46Replay {
    static final Path SAMPLE = Path.of("samples/rees46-sample.csv");

    @Test
    void theShippedSampleIsTheGeneratorsOutput(@TempDir Path dir) throws IOException {
        Rees46Sample.write(dir.resolve("s.csv"), Rees46Sample.SEED, Rees46Sample.ROWS);
        assertThat(Files.readString(SAMPLE)).isEqualTo(Files.readString(dir.resolve("s.csv")));
    }

    @Test
    void everyRowLandsAsItsSpecEventWithTheFilesTime() throws Exception {
        List<String> lines = Files.readAllLines(SAMPLE);
        try (CollectorHarness c = CollectorHarness.start();
             HttpBatchSender sender = new HttpBatchSender(URI.create(c.baseUrl()), CollectorHarness.KEY, 100, 4, true, Clock.systemUTC())) {
            Rees46Replay.Result r = Rees46Replay.replay(SAMPLE, sender, 0, Long.MAX_VALUE, s -> {});
            assertThat(r.rows()).isEqualTo(lines.size() - 1);
            assertThat(r.sent()).isEqualTo(r.rows());
            assertThat(r.skipped()).isZero();

            assertThat(c.count("payload->>'event' = 'Product Viewed'")).isEqualTo(count(lines, ",view,"));
            assertThat(c.count("payload->>'event' = 'Product Added'")).isEqualTo(count(lines, ",cart,"));
            assertThat(c.count("payload->>'event' = 'Product Removed'")).isEqualTo(count(lines, ",remove_from_cart,"));
            assertThat(c.count("payload->>'event' = 'Order Completed'")).isEqualTo(count(lines, ",purchase,"));
            String[] first = lines.get(1).split(",", -1);
            assertThat(c.count("payload->>'user_id' = ? AND payload->>'timestamp' LIKE ?", first[7],
                    first[0].substring(0, 10) + "T" + first[0].substring(11, 19) + "%")).isPositive();

            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(c.jdbcUrl());
            ds.setUser("postgres");
            ModelRunner models = new ModelRunner(new JdbcExecutor(ds, null), Dialect.POSTGRES, Clock.systemUTC());
            models.setup();
            models.run(null, false);
            BigDecimal fileRevenue = lines.stream().skip(1).map(l -> l.split(",", -1)).filter(f -> f[1].equals("purchase"))
                    .map(f -> new BigDecimal(f[6])).reduce(BigDecimal.ZERO, BigDecimal::add);
            try (var conn = ds.getConnection(); var rs = conn.createStatement().executeQuery(
                    "SELECT SUM(revenue), (SELECT COUNT(*) FROM clickstream.brand_daily) FROM clickstream.sessions")) {
                rs.next();
                assertThat(rs.getBigDecimal(1)).isEqualByComparingTo(fileRevenue);
                assertThat(rs.getLong(2)).isPositive();
            }
        }
    }

    @Test
    void unusableRowsAreCountedAndTheRestStillSent(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(SAMPLE).subList(0, 51));
        lines.add(3, "2019-10-01 00:00:00 UTC,wishlist,1,2,,acme,1.00,5,s");
        lines.add(7, "yesterday,view,1,2,,acme,1.00,5,s");
        Path csv = dir.resolve("bad.csv");
        Files.write(csv, lines);
        try (CollectorHarness c = CollectorHarness.start();
             HttpBatchSender sender = new HttpBatchSender(URI.create(c.baseUrl()), CollectorHarness.KEY, 100, 2, false, Clock.systemUTC())) {
            Rees46Replay.Result r = Rees46Replay.replay(csv, sender, 0, Long.MAX_VALUE, s -> {});
            assertThat(r.skipped()).isEqualTo(2);
            assertThat(r.sent()).isEqualTo(50);
            assertThat(r.firstProblems()).anyMatch(p -> p.contains("wishlist")).anyMatch(p -> p.contains("yesterday"));
            assertThat(c.count("true")).isEqualTo(50);
        }
    }

    private static long count(List<String> lines, String needle) {
        return lines.stream().filter(l -> l.contains(needle)).count();
    }
}
