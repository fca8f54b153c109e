package dev.clickstream.warehouse.runner;

import dev.clickstream.warehouse.ReaderRole;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redshift setup ends with the read-only role (setup/redshift/03_reader_role.sql): it runs after everything it grants
 * on, is safe to repeat, carries PostgreSQL's role name, and grants reading only. sqlfluff parses it as Redshift
 * (TestDialectGuard); each statement's form is checked against its AWS page, cited in the file.
 */
class TestRedshiftReaderRole {
    private static final String FILE = "redshift/03_reader_role.sql";
    private static final List<String> STATEMENTS = Model.statements(ModelCatalog.resource("sql/setup/" + FILE));

    @Test
    void runsLastOnRedshiftAndNeverOnTheScratchSchemaOfModelsCheck() {
        List<String> files = Dialect.REDSHIFT.setupFiles();
        assertThat(files.get(files.size() - 1)).isEqualTo(FILE);
        assertThat(Dialect.REDSHIFT_SCRATCH.setupFiles()).doesNotContain(FILE);
        assertThat(Dialect.POSTGRES.setupFiles()).doesNotContain(FILE).contains("postgres/04_reader_role.sql");
    }

    @Test
    void createsTheRoleOnceAndGrantsItReadingOnly() {
        assertThat(STATEMENTS).hasSize(4);
        String create = STATEMENTS.get(0);
        assertThat(Model.firstLine(create)).isEqualTo("CREATE ROLE " + ReaderRole.NAME);
        // CREATE ROLE has no IF NOT EXISTS: the runner skips it when the guard finds the role
        assertThat(create).contains("-- unless exists: SELECT 1 FROM svv_roles WHERE role_name = '" + ReaderRole.NAME + "'");
        for (String grant : STATEMENTS.subList(1, STATEMENTS.size())) {
            String sql = Model.firstLine(grant).toUpperCase(Locale.ROOT);
            assertThat(sql).as(grant).endsWith(" TO ROLE " + ReaderRole.NAME.toUpperCase(Locale.ROOT))
                    .containsAnyOf("GRANT USAGE ON SCHEMA CLICKSTREAM ", "GRANT SELECT ON ");
            assertThat(sql).doesNotContain("INSERT", "UPDATE", "DELETE", "DROP", "ALL PRIVILEGES", "CREATE", "WITH GRANT OPTION");
        }
        assertThat(STATEMENTS.get(3)).startsWith("ALTER DEFAULT PRIVILEGES IN SCHEMA clickstream GRANT SELECT ON TABLES");
    }
}
