package dev.clickstream.warehouse.runner;

/** A statement failed; names which one (1-based within its batch, 0 when unknown) and the warehouse's error. */
public final class SqlExecutionException extends RuntimeException {
    private final int statementIndex;
    private final String statement;

    public SqlExecutionException(String message, int statementIndex, String statement, Throwable cause) {
        super(message, cause);
        this.statementIndex = statementIndex;
        this.statement = statement;
    }

    public int statementIndex() {
        return statementIndex;
    }

    /** The failing statement's text, or null when unknown. */
    public String statement() {
        return statement;
    }
}
