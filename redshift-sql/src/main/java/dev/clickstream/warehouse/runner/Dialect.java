package dev.clickstream.warehouse.runner;

import java.util.List;

/** The two warehouses. Only setup and the staging model differ between them; every other model is shared SQL. */
public enum Dialect {
    POSTGRES(List.of("postgres/00_schema.sql", "postgres/01_raw_events.sql", "postgres/02_stream_checkpoints.sql",
            "common/01_model_tables.sql", "common/02_seed_funnels.sql",
            "common/03_seed_bot_user_agents.sql", "common/04_segment_views.sql", "postgres/03_indexes.sql",
            "common/05_alert_state.sql", "postgres/04_alert_indexes.sql"), "postgres"),
    REDSHIFT(List.of("redshift/01_external_schema.sql", "redshift/02_streaming_mv.sql", "common/01_model_tables.sql",
            "common/02_seed_funnels.sql", "common/03_seed_bot_user_agents.sql", "common/04_segment_views.sql",
            "common/05_alert_state.sql"), "redshift");

    private final List<String> setupFiles;
    private final String stagingFile;

    Dialect(List<String> setupFiles, String stagingFile) {
        this.setupFiles = setupFiles;
        this.stagingFile = stagingFile;
    }

    /** Setup scripts under {@code sql/setup/}, in the order they run. */
    public List<String> setupFiles() {
        return setupFiles;
    }

    /** The dialect's staging model under {@code sql/staging/}. */
    public String stagingFile() {
        return stagingFile + ".sql";
    }
}
