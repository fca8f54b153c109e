package dev.clickstream.warehouse.runner;

/**
 * What {@code model_runs} and the log say about one failure: which statement (1-based in the model's batch, 0 when
 * the failure was not a statement's: a Data API call, a binding, the lock), its first line, the error class, whether
 * the cause was transient, and the warehouse's message.
 */
public record RunFailure(int statementIndex, String statementExcerpt, String errorClass, boolean transientCause,
                         String message) {

    public static RunFailure of(Throwable t) {
        Throwable cause = t instanceof RetryPolicy.Exhausted ? t.getCause() : t;
        if (cause instanceof SqlExecutionException e) {
            boolean transientCause = e.retryable() || FailureClassifier.transientCall(e.getCause() == null ? e : e.getCause());
            return new RunFailure(e.statementIndex(), excerpt(e.statement()), e.errorClass(), transientCause, e.getMessage());
        }
        return new RunFailure(0, "", FailureClassifier.errorClass(cause), FailureClassifier.transientCall(cause),
                String.valueOf(cause.getMessage()));
    }

    /** The text of {@code model_runs.error}: model, statement, error class, message. */
    public String describe(String model) {
        return "model " + model + ", statement " + statementIndex + (statementExcerpt.isEmpty() ? "" : " (" + statementExcerpt + ")")
                + ": [" + errorClass + "] " + message;
    }

    /** The first code line of a statement, cut to 80 characters, so an error names what failed. */
    static String excerpt(String statement) {
        if (statement == null) return "";
        String line = Model.firstLine(statement);
        return line.length() > 80 ? line.substring(0, 80) + "…" : line;
    }
}
