package dev.clickstream.warehouse.runner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Runs model SQL through the Redshift Data API. A model is one BatchExecuteStatement (one transaction); a statement
 * that must not run inside a transaction block is one ExecuteStatement. There is no waiter, so DescribeStatement is
 * polled with backoff (250 ms doubling to 5 s) until FINISHED, FAILED or ABORTED; past the timeout the statement is
 * cancelled. Query results are paged through GetStatementResult.
 *
 * <p>Every call is retried under {@link RetryPolicy#dataApiCalls} when {@link FailureClassifier#transientCall} says
 * so. A submission keeps its ClientToken across retries, so a request that reached the service before the connection
 * dropped is not run twice. Whatever still fails surfaces as a {@link SqlExecutionException} naming its error class.
 */
public final class DataApiExecutor implements SqlExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(DataApiExecutor.class);

    private final RedshiftDataClient client;
    private final DataApiTarget target;
    private final Duration timeout;
    private final LongConsumer sleeper;
    private final RetryPolicy calls;

    public DataApiExecutor(RedshiftDataClient client, DataApiTarget target, Duration timeout) {
        this(client, target, timeout, RetryPolicy.SLEEP);
    }

    /** @param sleeper how to wait between polls and retries (tests pass one that returns at once) */
    public DataApiExecutor(RedshiftDataClient client, DataApiTarget target, Duration timeout, LongConsumer sleeper) {
        this.client = client;
        this.target = target;
        this.timeout = timeout;
        this.sleeper = sleeper;
        this.calls = RetryPolicy.dataApiCalls(sleeper);
    }

    @Override
    public List<Long> executeInTransaction(String name, List<String> statements, Map<String, String> parameters) {
        BatchExecuteStatementRequest.Builder req = BatchExecuteStatementRequest.builder()
                .sqls(statements).statementName(name).database(target.database())
                .workgroupName(target.workgroup()).clusterIdentifier(target.cluster())
                .secretArn(target.secretArn()).dbUser(target.dbUser()).clientToken(UUID.randomUUID().toString());
        List<SqlParameter> params = usedParameters(statements, parameters);
        if (!params.isEmpty()) req.parameters(params);
        BatchExecuteStatementRequest request = req.build();
        String id = call("BatchExecuteStatement", statements, () -> client.batchExecuteStatement(request).id());
        DescribeStatementResponse done = await(id, statements);
        List<Long> counts = new ArrayList<>();
        for (SubStatementData sub : done.subStatements()) counts.add(sub.resultRows() == null ? -1 : sub.resultRows());
        return counts;
    }

    /** One ExecuteStatement: a single statement, committed on its own, never inside a transaction block. */
    @Override
    public long executeOutsideTransaction(String name, String statement, Map<String, String> parameters) {
        DescribeStatementResponse done = await(submit(name, statement, parameters), List.of(statement));
        return done.resultRows() == null ? -1 : done.resultRows();
    }

    @Override
    public List<List<String>> query(String sql, Map<String, String> parameters) {
        String id = submit(null, sql, parameters);
        DescribeStatementResponse done = await(id, List.of(sql));
        List<List<String>> rows = new ArrayList<>();
        if (!Boolean.TRUE.equals(done.hasResultSet())) return rows;
        String token = null;
        do {
            String next = token;
            GetStatementResultResponse page = call("GetStatementResult", List.of(sql),
                    () -> client.getStatementResult(b -> b.id(id).nextToken(next)));
            for (List<Field> record : page.records()) {
                List<String> row = new ArrayList<>(record.size());
                for (Field f : record) row.add(text(f));
                rows.add(row);
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return rows;
    }

    private String submit(String name, String sql, Map<String, String> parameters) {
        ExecuteStatementRequest.Builder req = ExecuteStatementRequest.builder().sql(sql).statementName(name)
                .database(target.database()).workgroupName(target.workgroup()).clusterIdentifier(target.cluster())
                .secretArn(target.secretArn()).dbUser(target.dbUser()).clientToken(UUID.randomUUID().toString());
        List<SqlParameter> params = usedParameters(List.of(sql), parameters);
        if (!params.isEmpty()) req.parameters(params);
        ExecuteStatementRequest request = req.build();
        return call("ExecuteStatement", List.of(sql), () -> client.executeStatement(request).id());
    }

    /** One Data API call under the retry policy; a failure left over becomes a {@link SqlExecutionException}. */
    private <T> T call(String operation, List<String> statements, Supplier<T> action) {
        try {
            return calls.run(operation, action, FailureClassifier::transientCall);
        } catch (SqlExecutionException e) {
            throw e;
        } catch (RuntimeException e) {
            Throwable cause = e instanceof RetryPolicy.Exhausted x ? x.getCause() : e;
            String tries = e instanceof RetryPolicy.Exhausted x ? " (gave up after " + x.attempts() + " attempts)" : "";
            String errorClass = FailureClassifier.errorClass(cause);
            throw new SqlExecutionException(operation + " failed: " + errorClass + ": " + cause.getMessage() + tries,
                    0, statements.size() == 1 ? statements.get(0) : null, cause, errorClass, false);
        }
    }

    private DescribeStatementResponse await(String id, List<String> statements) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 250;
        while (true) {
            DescribeStatementResponse d = call("DescribeStatement", statements, () -> client.describeStatement(b -> b.id(id)));
            switch (d.statusAsString()) {
                case "FINISHED":
                    return d;
                case "FAILED":
                case "ABORTED":
                    throw failure(d, statements);
                default:
                    if (System.nanoTime() > deadline) throw cancel(id, statements);
                    sleeper.accept(pause);
                    pause = Math.min(5_000, pause * 2);
            }
        }
    }

    private SqlExecutionException cancel(String id, List<String> statements) {
        try {
            call("CancelStatement", statements, () -> client.cancelStatement(b -> b.id(id)));
        } catch (SqlExecutionException e) {
            LOG.atWarn().setMessage("cancel failed").addKeyValue("statement_id", id).addKeyValue("error", e.getMessage()).log();
        }
        return new SqlExecutionException("statement " + id + " did not finish within " + timeout + "; cancelled", 0,
                statements.size() == 1 ? statements.get(0) : null, null, "StatementTimeout", false);
    }

    private static SqlExecutionException failure(DescribeStatementResponse d, List<String> statements) {
        String error = d.error();
        int index = statements.size() == 1 ? 1 : 0;
        for (SubStatementData sub : d.subStatements()) {
            String status = sub.statusAsString();
            if ("FAILED".equals(status) || "ABORTED".equals(status)) {
                index = subIndex(sub.id());
                if (sub.error() != null) error = sub.error();
                break;
            }
        }
        String statement = index > 0 && index <= statements.size() ? statements.get(index - 1) : null;
        boolean aborted = "ABORTED".equals(d.statusAsString());
        return new SqlExecutionException(d.statusAsString() + (index > 0 ? " at statement " + index : "") + ": "
                + (error == null ? "no error text" : error), index, statement, null,
                aborted ? "StatementAborted" : "StatementFailed", !aborted && FailureClassifier.transientStatementError(error));
    }

    private static int subIndex(String subId) {
        int colon = subId == null ? -1 : subId.lastIndexOf(':');
        return colon < 0 ? 0 : Integer.parseInt(subId.substring(colon + 1));
    }

    /**
     * The Data API refuses parameters that no statement uses, and empty values; only the used ones are sent. In a
     * batch the list is shared by all statements.
     */
    private static List<SqlParameter> usedParameters(List<String> statements, Map<String, String> parameters) {
        java.util.Set<String> used = new java.util.HashSet<>();
        for (String s : statements) used.addAll(NamedParameters.names(s));
        List<SqlParameter> out = new ArrayList<>();
        parameters.forEach((k, v) -> {
            if (used.contains(k)) out.add(SqlParameter.builder().name(k).value(v).build());
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

    @Override
    public void close() {
        client.close();
    }
}
