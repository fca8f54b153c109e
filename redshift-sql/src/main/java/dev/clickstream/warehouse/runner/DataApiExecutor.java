package dev.clickstream.warehouse.runner;

import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultResponse;
import software.amazon.awssdk.services.redshiftdata.model.SqlParameter;
import software.amazon.awssdk.services.redshiftdata.model.SubStatementData;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Runs model SQL through the Redshift Data API. A model is one BatchExecuteStatement (one transaction); there is no
 * waiter, so DescribeStatement is polled with backoff (250 ms doubling to 5 s) until FINISHED, FAILED or ABORTED; past
 * the timeout the statement is cancelled. Query results are paged through GetStatementResult.
 */
public final class DataApiExecutor implements SqlExecutor {
    private final RedshiftDataClient client;
    private final DataApiTarget target;
    private final Duration timeout;
    private final LongConsumer sleeper;

    public DataApiExecutor(RedshiftDataClient client, DataApiTarget target, Duration timeout) {
        this(client, target, timeout, DataApiExecutor::sleep);
    }

    /** @param sleeper how to wait between polls (tests pass a shorter one) */
    DataApiExecutor(RedshiftDataClient client, DataApiTarget target, Duration timeout, LongConsumer sleeper) {
        this.client = client;
        this.target = target;
        this.timeout = timeout;
        this.sleeper = sleeper;
    }

    @Override
    public List<Long> executeInTransaction(String name, List<String> statements, Map<String, String> parameters) {
        BatchExecuteStatementRequest.Builder req = BatchExecuteStatementRequest.builder()
                .sqls(statements).statementName(name).database(target.database())
                .workgroupName(target.workgroup()).clusterIdentifier(target.cluster())
                .secretArn(target.secretArn()).dbUser(target.dbUser());
        List<SqlParameter> params = usedParameters(String.join("\n", statements), parameters);
        if (!params.isEmpty()) req.parameters(params);
        String id = client.batchExecuteStatement(req.build()).id();
        DescribeStatementResponse done = await(id, statements);
        List<Long> counts = new ArrayList<>();
        for (SubStatementData sub : done.subStatements()) counts.add(sub.resultRows() == null ? -1 : sub.resultRows());
        return counts;
    }

    @Override
    public List<List<String>> query(String sql, Map<String, String> parameters) {
        ExecuteStatementRequest.Builder req = ExecuteStatementRequest.builder().sql(sql).database(target.database())
                .workgroupName(target.workgroup()).clusterIdentifier(target.cluster())
                .secretArn(target.secretArn()).dbUser(target.dbUser());
        List<SqlParameter> params = usedParameters(sql, parameters);
        if (!params.isEmpty()) req.parameters(params);
        String id = client.executeStatement(req.build()).id();
        DescribeStatementResponse done = await(id, List.of(sql));
        List<List<String>> rows = new ArrayList<>();
        if (!Boolean.TRUE.equals(done.hasResultSet())) return rows;
        String token = null;
        do {
            String next = token;
            GetStatementResultResponse page = client.getStatementResult(b -> b.id(id).nextToken(next));
            for (List<Field> record : page.records()) {
                List<String> row = new ArrayList<>(record.size());
                for (Field f : record) row.add(text(f));
                rows.add(row);
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return rows;
    }

    private DescribeStatementResponse await(String id, List<String> statements) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 250;
        while (true) {
            DescribeStatementResponse d = client.describeStatement(b -> b.id(id));
            switch (d.statusAsString()) {
                case "FINISHED":
                    return d;
                case "FAILED":
                case "ABORTED":
                    throw failure(d, statements);
                default:
                    if (System.nanoTime() > deadline) {
                        client.cancelStatement(b -> b.id(id));
                        throw new SqlExecutionException("statement " + id + " did not finish within " + timeout
                                + "; cancelled", 0, null, null);
                    }
                    sleeper.accept(pause);
                    pause = Math.min(5_000, pause * 2);
            }
        }
    }

    private static SqlExecutionException failure(DescribeStatementResponse d, List<String> statements) {
        String error = d.error();
        int index = 0;
        for (SubStatementData sub : d.subStatements()) {
            String status = sub.statusAsString();
            if ("FAILED".equals(status) || "ABORTED".equals(status)) {
                index = subIndex(sub.id());
                if (sub.error() != null) error = sub.error();
                break;
            }
        }
        String statement = index > 0 && index <= statements.size() ? statements.get(index - 1) : null;
        return new SqlExecutionException(d.statusAsString() + (index > 0 ? " at statement " + index : "") + ": "
                + (error == null ? "no error text" : error), index, statement, null);
    }

    private static int subIndex(String subId) {
        int colon = subId == null ? -1 : subId.lastIndexOf(':');
        return colon < 0 ? 0 : Integer.parseInt(subId.substring(colon + 1));
    }

    /** The Data API refuses parameters that no statement uses, and empty values; only the used ones are sent. */
    private static List<SqlParameter> usedParameters(String sql, Map<String, String> parameters) {
        List<SqlParameter> out = new ArrayList<>();
        parameters.forEach((k, v) -> {
            if (sql.contains(":" + k)) out.add(SqlParameter.builder().name(k).value(v).build());
        });
        return out;
    }

    private static String text(Field f) {
        if (Boolean.TRUE.equals(f.isNull())) return null;
        if (f.stringValue() != null) return f.stringValue();
        if (f.longValue() != null) return Long.toString(f.longValue());
        if (f.doubleValue() != null) return Double.toString(f.doubleValue());
        if (f.booleanValue() != null) return Boolean.toString(f.booleanValue());
        return null;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlExecutionException("interrupted while waiting for the Data API", 0, null, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
