package dev.clickstream.warehouse.runner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded retries with exponential backoff: at most {@code maxAttempts} tries, waiting {@code firstDelayMs} after the
 * first failure and doubling up to {@code maxDelayMs}. The sleeper is a hook so that tests never really wait.
 */
public record RetryPolicy(int maxAttempts, long firstDelayMs, long maxDelayMs, LongConsumer sleeper) {
    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

    /** Data API calls: 6 tries over about 15 s (0.5, 1, 2, 4, 8 s), past a throttling burst or a failover. */
    public static RetryPolicy dataApiCalls(LongConsumer sleeper) {
        return new RetryPolicy(6, 500, 8_000, sleeper);
    }

    /** Whole model transactions that rolled back on a conflict: 3 tries, 1 then 2 s apart. */
    public static RetryPolicy transactions(LongConsumer sleeper) {
        return new RetryPolicy(3, 1_000, 2_000, sleeper);
    }

    /** Really waits; an interrupt ends the wait and fails the call. */
    public static final LongConsumer SLEEP = ms -> {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlExecutionException("interrupted while waiting to retry", 0, null, e, "Interrupted", false);
        }
    };

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    }

    /** A failure after the last attempt; {@link #attempts()} says how many were made. */
    public static final class Exhausted extends RuntimeException {
        private final int attempts;

        Exhausted(RuntimeException last, int attempts) {
            super(last.getMessage(), last);
            this.attempts = attempts;
        }

        public int attempts() {
            return attempts;
        }
    }

    /**
     * Runs the action until it succeeds, fails with something {@code isTransient} rejects (rethrown as is), or has
     * failed {@code maxAttempts} times (thrown as {@link Exhausted} wrapping the last failure).
     */
    public <T> T run(String what, Supplier<T> action, Predicate<RuntimeException> isTransient) {
        long delay = firstDelayMs;
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (!isTransient.test(e)) throw e;
                if (attempt >= maxAttempts) throw new Exhausted(e, attempt);
                LOG.atWarn().setMessage("transient failure, retrying").addKeyValue("call", what)
                        .addKeyValue("attempt", attempt).addKeyValue("delay_ms", delay)
                        .addKeyValue("error_class", FailureClassifier.errorClass(e)).log();
                sleeper.accept(delay);
                delay = Math.min(maxDelayMs, delay * 2);
            }
        }
    }
}
