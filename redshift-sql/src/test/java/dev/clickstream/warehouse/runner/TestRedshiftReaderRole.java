package dev.clickstream.warehouse.runner;

import dev.clickstream.warehouse.ReaderRole;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redshift's read-only role: created once, by schema step 1 (setup/redshift/03_reader_role.sql), because whether
 * SVV_ROLES shows it to another user is not settled by the docs, so a repeated CREATE ROLE could fail on "already
 * exists"; granted by a repeatable file that every setup runs last (setup/redshift/04_reader_grants.sql), so it
 * covers every table. It carries PostgreSQL's role name and grants reading only. sqlfluff parses both as Redshift
 * (TestDialectGuard); each statement's form is checked against its AWS page, cited in the files.
 */
class TestRedshiftReaderRole {
    private static final String ROLE = "redshift/03_reader_role.sql";
    private static final String GRANTS = "redshift/04_reader_grants.sql";

    @Test
    void theRoleIsAStepOfItsOwnAndTheGrantsRunLastOnEverySetupButNeverInTheScratchSchemaOfModelsCheck() {
        assertThat(SchemaMigrations.STEPS.get(0).files(Dialect.REDSHIFT)).contains(ROLE);
        assertThat(SchemaMigrations.repeatable(Dialect.REDSHIFT)).doesNotContain(ROLE).last().isEqualTo(GRANTS);
        List<String> files = Dialect.REDSHIFT.setupFiles();
        assertThat(files.get(files.size() - 1)).isEqualTo(GRANTS);
        assertThat(Dialect.REDSHIFT_SCRATCH.setupFiles()).doesNotContain(ROLE, GRANTS);
        assertThat(Dialect.POSTGRES.setupFiles()).doesNotContain(ROLE, GRANTS).contains("postgres/04_reader_role.sql");
    }

    @Test
    void createsTheRoleOnceAndGrantsItReadingOnly() {
        List<String> create = Model.statements(ModelCatalog.resource("sql/setup/" + ROLE));
        assertThat(create).singleElement().satisfies(c -> {
            assertThat(Model.firstLine(c)).isEqualTo("CREATE ROLE " + ReaderRole.NAME);
            // CREATE ROLE has no IF NOT EXISTS: a step that failed after it is re-run past it
            assertThat(c).contains("-- unless exists: SELECT 1 FROM svv_roles WHERE role_name = '" + ReaderRole.NAME + "'");
        });
        List<String> grants = Model.statements(ModelCatalog.resource("sql/setup/" + GRANTS));
        assertThat(grants).hasSize(3);
        for (String grant : grants) {
            String sql = Model.firstLine(grant).toUpperCase(Locale.ROOT);
            assertThat(grant).doesNotContain("-- unless exists:");
            assertThat(sql).as(grant).endsWith(" TO ROLE " + ReaderRole.NAME.toUpperCase(Locale.ROOT))
                    .containsAnyOf("GRANT USAGE ON SCHEMA CLICKSTREAM ", "GRANT SELECT ON ");
            assertThat(sql).doesNotContain("INSERT", "UPDATE", "DELETE", "DROP", "ALL PRIVILEGES", "CREATE", "WITH GRANT OPTION");
        }
        assertThat(grants.get(2)).contains("ALTER DEFAULT PRIVILEGES IN SCHEMA clickstream GRANT SELECT ON TABLES");
    }
}
