package dev.clickstream.warehouse.runner;

/**
 * A statement failed; names which one (1-based within its batch, 0 when unknown), the warehouse's error, a short
 * error class for logs and metrics ({@code StatementFailed}, {@code ThrottlingException}, {@code SQLSTATE 40001}, …),
 * and whether the whole transaction is known to have rolled back for a reason that may pass on a second try.
 */
public final class SqlExecutionException extends RuntimeException {
    private final int statementIndex;
    private final String statement;
    private final String errorClass;
    private final boolean retryable;

    public SqlExecutionException(String message, int statementIndex, String statement, Throwable cause) {
        this(message, statementIndex, statement, cause, "StatementFailed", false);
    }

    public SqlExecutionException(String message, int statementIndex, String statement, Throwable cause, String errorClass,
                                 boolean retryable) {
        super(message, cause);
        this.statementIndex = statementIndex;
        this.statement = statement;
        this.errorClass = errorClass;
        this.retryable = retryable;
    }

    public int statementIndex() {
        return statementIndex;
    }

    /** The failing statement's text, or null when unknown. */
    public String statement() {
        return statement;
    }

    /** A short, stable name of what went wrong, for logs, metrics and {@code model_runs.error}. */
    public String errorClass() {
        return errorClass;
    }

    /**
     * True when the transaction certainly rolled back and the cause is transient (a serialization conflict, a lost
     * connection before commit), so running the same transaction again is safe and may succeed.
     */
    public boolean retryable() {
        return retryable;
    }
}
