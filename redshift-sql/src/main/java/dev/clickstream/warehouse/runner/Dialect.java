package dev.clickstream.warehouse.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * The two warehouses. Only setup and the staging model differ between them; every other model is shared SQL.
 * {@link #REDSHIFT_SCRATCH} is Redshift without streaming ingestion: its raw table is a plain table, for
 * {@code clickstream models check}, which runs setup and the models over a fixture in a scratch schema.
 */
public enum Dialect {
    POSTGRES(List.of("postgres/00_schema.sql", "postgres/01_raw_events.sql", "postgres/02_stream_checkpoints.sql"),
            List.of("postgres/03_indexes.sql", "postgres/05_alert_indexes.sql", "postgres/04_reader_role.sql"), "postgres"),
    REDSHIFT(List.of("redshift/01_external_schema.sql", "redshift/02_streaming_mv.sql"), List.of("redshift/03_reader_role.sql"),
            "redshift"),
    REDSHIFT_SCRATCH(List.of("check/01_scratch_raw_events.sql"), List.of(), "redshift");

    private final List<String> setupFiles;
    private final String stagingFile;

    Dialect(List<String> before, List<String> after, String stagingFile) {
        List<String> files = new ArrayList<>(before);
        files.addAll(List.of("common/01_model_tables.sql", "common/02_seed_funnels.sql", "common/03_seed_bot_user_agents.sql",
                "common/04_segment_views.sql", "common/05_alert_state.sql", "common/06_run_lock.sql"));
        files.addAll(after);
        this.setupFiles = List.copyOf(files);
        this.stagingFile = stagingFile;
    }

    /** Setup scripts under {@code sql/setup/}, in the order they run: the dialect's raw table, the shared ones, its extras. */
    public List<String> setupFiles() {
        return setupFiles;
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
