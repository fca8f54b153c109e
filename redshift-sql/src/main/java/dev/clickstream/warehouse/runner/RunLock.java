package dev.clickstream.warehouse.runner;

import dev.clickstream.warehouse.RefreshClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps two {@code models run} from overlapping: a lease row in {@code clickstream.run_lock}, the same SQL on both
 * engines (Redshift has no advisory locks).
 *
 * <p>Acquiring is one transaction that starts with {@code LOCK clickstream.run_lock}: an exclusive table lock that
 * waits for any other holder (https://docs.aws.amazon.com/redshift/latest/dg/r_LOCK.html), after which the transaction
 * takes its snapshot ("the second transaction does not obtain its snapshot of data until after the first transaction
 * has released its lock", https://docs.aws.amazon.com/redshift/latest/dg/c_write_readwrite.html; PostgreSQL's READ
 * COMMITTED reads each statement afresh). Inside it, a lease past its expiry is deleted and this run's row is inserted
 * unless a row is left. So of two runs that start together, exactly one finds no row. That batch carries no bind
 * parameter: its values are inlined as literals ({@link StatementRenderer#inline}), because LOCK is not a statement
 * Redshift can prepare (https://docs.aws.amazon.com/redshift/latest/dg/r_PREPARE.html) and the Data API binds the
 * parameters of a batch under prepared-statement rules. So the holder is a word the renderer accepts.
 *
 * <p>The lease is renewed before every model, so a live run keeps it however long it takes; a run that crashed
 * stops renewing and its lease expires. A run that finds its lease gone (it outlived the lease, and another run took
 * over) stops before its next model.
 */
public final class RunLock {
    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
    static final String NAME = "models";

    /** The lease currently in the table, when someone else holds it. */
    public record Lease(String holder, String expiresAt) {}

    private final SqlExecutor sql;
    private final Clock clock;
    private final Duration lease;
    private final String holder;

    public RunLock(SqlExecutor sql, Clock clock, Duration lease) {
        this(sql, clock, lease, newHolder());
    }

    /** @throws IllegalArgumentException when {@code holder} is not a word ({@code [A-Za-z_][A-Za-z0-9_]*}, at most 128) */
    public RunLock(SqlExecutor sql, Clock clock, Duration lease, String holder) {
        StatementRenderer.literal("holder", holder);
        this.sql = sql;
        this.clock = clock;
        this.lease = lease;
        this.holder = holder;
    }

    /** {@code run_<pid>_<host>_<random>}: who holds the lock, shown to the run it keeps out, as a word. */
    static String newHolder() {
        String process = ManagementFactory.getRuntimeMXBean().getName().replaceAll("[^A-Za-z0-9_]", "_");
        if (process.length() > 80) process = process.substring(0, 80);
        return "run_" + process + "_" + UUID.randomUUID().toString().replace("-", "");
    }

    public String holder() {
        return holder;
    }

    /** @return null when this run now holds the lock; otherwise the lease that keeps it out */
    public Lease tryAcquire() {
        sql.executeInTransaction("lock:acquire", acquireStatements(), Map.of());
        List<List<String>> rows = sql.query("SELECT holder, expires_at FROM clickstream.run_lock WHERE name = :lock_name",
                Map.of("lock_name", NAME));
        if (rows.size() == 1 && holder.equals(rows.get(0).get(0))) return null;
        return rows.isEmpty() ? new Lease("(released meanwhile)", "") : new Lease(rows.get(0).get(0), rows.get(0).get(1));
    }

    /**
     * Extends the lease from now.
     * @throws SqlExecutionException ({@code LockLost}) when this run no longer holds it
     */
    public void renew() {
        List<Long> counts = sql.executeInTransaction("lock:renew", List.of(
                "UPDATE clickstream.run_lock SET expires_at = CAST(:expires_at AS TIMESTAMP) "
                        + "WHERE name = :lock_name AND holder = :holder"),
                Map.of("expires_at", expiry(), "lock_name", NAME, "holder", holder));
        if (!counts.isEmpty() && counts.get(0) == 0) {
            throw new SqlExecutionException("the run lock expired and was taken over; stopping before the next model",
                    0, null, null, "LockLost", false);
        }
    }

    /** Gives the lock up; a failure here is logged and left to the lease to clean up. */
    public void release() {
        try {
            sql.executeInTransaction("lock:release", List.of(
                    "DELETE FROM clickstream.run_lock WHERE name = :lock_name AND holder = :holder"),
                    Map.of("lock_name", NAME, "holder", holder));
        } catch (RuntimeException e) {
            LOG.atWarn().setMessage("run lock not released; its lease will expire").addKeyValue("holder", holder)
                    .addKeyValue("error", RunRecorder.oneLine(e.getMessage())).log();
        }
    }

    /** The acquiring batch, its values inlined: no placeholder anywhere in it. */
    List<String> acquireStatements() {
        Map<String, String> values = Map.of("lock_name", NAME, "holder", holder,
                "now", RefreshClock.format(clock.instant()), "expires_at", expiry());
        return List.of("LOCK clickstream.run_lock",
                "DELETE FROM clickstream.run_lock WHERE name = :lock_name AND expires_at < CAST(:now AS TIMESTAMP)",
                "INSERT INTO clickstream.run_lock (name, holder, acquired_at, expires_at) "
                        + "SELECT :lock_name, :holder, CAST(:now AS TIMESTAMP), CAST(:expires_at AS TIMESTAMP) "
                        + "WHERE NOT EXISTS (SELECT 1 FROM clickstream.run_lock WHERE name = :lock_name)")
                .stream().map(s -> StatementRenderer.inline(s, values)).toList();
    }

    private String expiry() {
        return RefreshClock.format(clock.instant().plus(lease));
    }
}
