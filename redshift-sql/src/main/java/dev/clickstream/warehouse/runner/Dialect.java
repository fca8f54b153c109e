package dev.clickstream.warehouse.runner;

import java.util.List;

/**
 * The two warehouses. Only setup (the raw table: see {@link SchemaMigrations}) and the staging model differ between
 * them; every other model is shared SQL. {@link #REDSHIFT_SCRATCH} is Redshift without streaming ingestion: its raw
 * table is a plain table, for {@code clickstream models check}, which runs setup and the models over a fixture in a
 * scratch schema.
 */
public enum Dialect {
    POSTGRES("postgres"),
    REDSHIFT("redshift"),
    REDSHIFT_SCRATCH("redshift");

    private final String stagingFile;

    Dialect(String stagingFile) {
        this.stagingFile = stagingFile;
    }

    /** Every setup script under {@code sql/setup/} that setup may run on this dialect, in order (steps, then repeatables). */
    public List<String> setupFiles() {
        return SchemaMigrations.files(this);
    }

    /** The dialect's staging model under {@code sql/staging/}. */
    public String stagingFile() {
        return stagingFile + ".sql";
    }

    /** Whether this is Redshift (any variant): no ANALYZE after CTAS, SUPER payloads. */
    public boolean redshift() {
        return this != POSTGRES;
    }
}
