package dev.clickstream.collector.http;

/**
 * A request-level failure with its HTTP status and machine-readable code. Rendered as
 * {@code {"success":false,"code":…,"message":…}}; 429 and 503 also carry Retry-After.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final int retryAfterSeconds;

    public ApiError(int status, String code, String message) {
        this(status, code, message, 0);
    }

    public ApiError(int status, String code, String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message);
    }

    public static ApiError unavailable(String code, String message, int retryAfterSeconds) {
        return new ApiError(503, code, message, retryAfterSeconds);
    }

    public int status() { return status; }
    public String code() { return code; }
    public int retryAfterSeconds() { return retryAfterSeconds; }
}
