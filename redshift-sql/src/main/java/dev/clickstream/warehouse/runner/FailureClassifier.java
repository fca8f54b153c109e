package dev.clickstream.warehouse.runner;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.util.Set;

/**
 * Sorts failures into transient (wait and try again) and permanent (record and stop), and names each with a short,
 * stable error class for logs, metrics and {@code model_runs.error}.
 *
 * <p>Two levels, because retrying the wrong thing runs a model twice:
 * <ul>
 *   <li>{@link #transientCall}: one Data API call failed before or while talking to the service (throttled, too many
 *       active statements, a 5xx, a lost connection). The executor repeats that call: a submission with the same
 *       ClientToken (the service runs it at most once), a poll as it was.</li>
 *   <li>{@link SqlExecutionException#retryable()}: a whole transaction rolled back for a reason that may pass (a
 *       serialization conflict). The runner re-runs that model; nothing of it was committed.</li>
 * </ul>
 */
public final class FailureClassifier {
    /**
     * Data API error codes worth another try: request-rate and concurrency limits (HTTP 400 in the service model, but
     * they clear by themselves) and the service's own faults (5xx).
     */
    static final Set<String> TRANSIENT_DATA_API_ERRORS = Set.of(
            "ThrottlingException", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
            "ActiveStatementsExceededException", "ActiveSessionsExceededException",
            "ActiveWaitingRequestsExceededException",
            "InternalServerException", "DatabaseConnectionException", "ServiceUnavailable", "ServiceUnavailableException",
            "ExecuteStatementException", "BatchExecuteStatementException");

    /**
     * PostgreSQL SQLSTATEs after which the transaction is rolled back and may pass when re-run: serialization failure,
     * deadlock, lost or refused connection (class 08), server shutting down (57P01-57P03), too many connections.
     */
    private static final Set<String> TRANSIENT_SQLSTATES = Set.of("40001", "40P01", "57P01", "57P02", "57P03", "53300");

    private FailureClassifier() {}

    /** Whether a failed Data API call may succeed when made again. */
    public static boolean transientCall(Throwable t) {
        if (t instanceof AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            return (code != null && TRANSIENT_DATA_API_ERRORS.contains(code)) || e.statusCode() >= 500 || e.isThrottlingException();
        }
        // no response at all: connection refused or reset, read timeout, DNS
        return t instanceof SdkClientException;
    }

    /** The error class of a Data API call failure: its error code, or the client-side exception's name. */
    public static String errorClass(Throwable t) {
        if (t instanceof SqlExecutionException e) return e.errorClass();
        if (t instanceof AwsServiceException e && e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null) {
            return e.awsErrorDetails().errorCode();
        }
        if (t instanceof SdkClientException) return "ConnectionFailed";
        return t.getClass().getSimpleName();
    }

    /** Whether a PostgreSQL error leaves a rolled-back transaction that may pass when re-run. */
    public static boolean transientSqlState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || TRANSIENT_SQLSTATES.contains(sqlState));
    }

    /**
     * Whether a FAILED Data API statement may pass when re-run: Redshift stops one of two conflicting transactions with
     * error 1023, "Serializable isolation violation on table …".
     */
    public static boolean transientStatementError(String error) {
        if (error == null) return false;
        String e = error.toLowerCase(java.util.Locale.ROOT);
        return e.contains("serializable isolation violation") || e.contains("error: 1023");
    }
}
