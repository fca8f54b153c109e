package dev.clickstream.warehouse.bench;

import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.ExplainingExecutor;
import dev.clickstream.warehouse.runner.ModelRunner;
import org.postgresql.ds.PGSimpleDataSource;

import java.time.Clock;

/**
 * Runs the models incrementally on an existing PostgreSQL warehouse (for example one kept by
 * {@code BENCH_KEEP=1 IncrementalCostBenchmark}) and prints the plan of every statement slower than a threshold.
 * Arguments: JDBC URL (user postgres), threshold in ms.
 */
public final class ExplainIncrementalRun {
    private ExplainIncrementalRun() {}

    public static void main(String[] args) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(args[0]);
        ds.setUser("postgres");
        try (ExplainingExecutor sql = new ExplainingExecutor(ds, Long.parseLong(args[1]), System.out)) {
            for (ModelRunner.Outcome o : new ModelRunner(sql, Dialect.POSTGRES, Clock.systemUTC()).run(null, false)) {
                System.out.println(o);
            }
        }
    }
}
