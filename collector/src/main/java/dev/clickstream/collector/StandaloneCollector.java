package dev.clickstream.collector;

import dev.clickstream.collector.config.ConfigException;
import dev.clickstream.collector.config.Settings;
import dev.clickstream.collector.sink.ConfiguredSinks;
import dev.clickstream.collector.sink.postgres.RawEventsPool;

import java.time.Duration;

import static dev.clickstream.collector.config.CollectorKeys.*;

/**
 * The collector on its own, as {@code clickstream collector} runs it (and as the container in AWS runs it): the sink
 * {@code sink.type} names, then HTTP. The postgres sink writes to {@code postgres.jdbc-url}, which is required here;
 * an embedded PostgreSQL, the model schedule and the streaming stand-in are {@code clickstream up}'s.
 */
public final class StandaloneCollector implements AutoCloseable {
    private final Collector collector;
    private final RawEventsPool pool;

    private StandaloneCollector(Collector collector, RawEventsPool pool) {
        this.collector = collector;
        this.pool = pool;
    }

    /** @throws ConfigException when sink.type is postgres and postgres.jdbc-url is empty */
    public static StandaloneCollector start(Settings s) {
        return switch (s.get(SINK_TYPE)) {
            case KINESIS -> new StandaloneCollector(Collector.start(s, meters -> ConfiguredSinks.kinesis(s, meters)), null);
            case POSTGRES -> {
                RawEventsPool pool = RawEventsPool.connect(requiredJdbcUrl(s), s.get(PG_USER), s.get(PG_PASSWORD));
                try {
                    yield new StandaloneCollector(
                            Collector.start(s, meters -> ConfiguredSinks.postgres(pool.dataSource(), s, meters)), pool);
                } catch (RuntimeException e) {
                    pool.close();
                    throw e;
                }
            }
        };
    }

    private static String requiredJdbcUrl(Settings s) {
        String url = s.get(PG_JDBC_URL);
        if (url.isEmpty()) {
            throw new ConfigException(PG_JDBC_URL.name() + ": required with " + SINK_TYPE.name()
                    + "=postgres (the embedded PostgreSQL comes with `clickstream up`)");
        }
        return url;
    }

    public Collector collector() {
        return collector;
    }

    /** Drains and stops the collector (see {@link Collector#shutdown}), then closes the sink's pool. */
    public boolean shutdown(Duration deadline) {
        boolean drained = collector.shutdown(deadline);
        if (pool != null) pool.close();
        return drained;
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }
}
