package dev.clickstream.warehouse.runner;

/**
 * The two warehouses. Only setup (see {@link SchemaMigrations}) and the staging model differ between them; every other
 * model is shared SQL.
 */
public enum Dialect {
    POSTGRES("postgres"),
    REDSHIFT("redshift");

    private final String stagingFile;

    Dialect(String stagingFile) {
        this.stagingFile = stagingFile;
    }

    /** The dialect's staging model under {@code sql/staging/}. */
    public String stagingFile() {
        return stagingFile + ".sql";
    }
}
