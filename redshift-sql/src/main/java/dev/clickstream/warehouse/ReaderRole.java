package dev.clickstream.warehouse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.clickstream.warehouse.runner.JdbcExecutor;
import dev.clickstream.warehouse.runner.SqlExecutor;

/**
 * Reading a PostgreSQL warehouse without the power to change it: every session is read-only (the driver's
 * readOnlyMode=always) and takes the clickstream_reader role that setup/postgres/04_reader_role.sql creates, when it
 * exists and the user may take it. The dashboard reads this way.
 */
public final class ReaderRole {
    public static final String NAME = "clickstream_reader";
    static final String TAKE_ROLE = "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + NAME + "') THEN "
            + "IF pg_has_role('" + NAME + "', 'MEMBER') THEN SET ROLE " + NAME + "; END IF; END IF; END $$";

    private ReaderRole() {}

    /** A small pool of such sessions, closed with the executor. */
    public static SqlExecutor openJdbc(String jdbcUrl, String user, String password) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl);
        c.setUsername(user);
        if (password != null && !password.isEmpty()) c.setPassword(password);
        c.setMaximumPoolSize(2);
        c.setReadOnly(true);
        c.addDataSourceProperty("readOnlyMode", "always");
        c.setConnectionInitSql(TAKE_ROLE);
        c.setPoolName("warehouse-reader");
        // an unreachable warehouse fails each read (the page shows it and recovers), not the start
        c.setInitializationFailTimeout(-1);
        c.setConnectionTimeout(10_000);
        HikariDataSource ds = new HikariDataSource(c);
        return new JdbcExecutor(ds, ds);
    }
}
