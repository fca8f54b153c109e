package dev.clickstream.warehouse.runner;

import dev.clickstream.warehouse.testing.ModelHarness;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Versioned setup: a warehouse built by an older release is upgraded in place and keeps its data, a second setup
 * changes nothing, and a released step can never change under a warehouse that applied it.
 */
class TestSchemaMigrations {
    /**
     * The SHA-256 of every released step, per dialect. A change to a released step fails here, in the build, before it
     * fails a warehouse that applied it: add a new step instead, and its checksum here.
     */
    static final Map<String, String> RELEASED = Map.ofEntries( // version, dialect → SHA-256 of its files
            Map.entry("1 POSTGRES", "04855ac90da47e66ba32e69fd1a6bfd21779fc99388dc89ee1515f5e2da354db"),
            Map.entry("1 REDSHIFT", "43cba7a64f0e16731c9bb0ef7c0414609405d373f982e06a9e21fac3247f1515"),
            Map.entry("1 REDSHIFT_SCRATCH", "2b4fa4bf1e84c9dffede47e989271f9eaf09ee38204d8f7d05014e99b2688c5a"),
            Map.entry("2 POSTGRES", "d06456106a59e432d022e9ebec80d5b31b17ab34d46c128ab11882767110cd90"),
            Map.entry("2 REDSHIFT", "a19427eccac4797e7f0174fa4477603842bdd29f3fe4076e6d770f5f393349b3"),
            Map.entry("2 REDSHIFT_SCRATCH", "a19427eccac4797e7f0174fa4477603842bdd29f3fe4076e6d770f5f393349b3"),
            Map.entry("3 POSTGRES", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            Map.entry("3 REDSHIFT", "874541ca00b634d1b484741d6de65fe832132a74c1ce90f5b01159d313485a4a"),
            Map.entry("3 REDSHIFT_SCRATCH", "874541ca00b634d1b484741d6de65fe832132a74c1ce90f5b01159d313485a4a"),
            Map.entry("4 POSTGRES", "603d54b2e6dbcc9bacd23124eabfda3dd47806aab32119c2c50ea4d807401cd9"),
            Map.entry("4 REDSHIFT", "fb99b3e9f76a5267eaf9b71158c74fb2f41536ca4412116b675d1da23c3e403d"),
            Map.entry("4 REDSHIFT_SCRATCH", "fb99b3e9f76a5267eaf9b71158c74fb2f41536ca4412116b675d1da23c3e403d"),
            Map.entry("5 POSTGRES", "773bb177c0c41940f95a77c8afca2779ae6bb145784662abf0eba1d349631794"),
            Map.entry("5 REDSHIFT", "05065ae5f150963005a423f42a971243263a5bcd1957cce159305407b4236c57"),
            Map.entry("5 REDSHIFT_SCRATCH", "05065ae5f150963005a423f42a971243263a5bcd1957cce159305407b4236c57"));

    @Test
    void releasedStepsAreUnchanged() {
        Map<String, String> actual = new java.util.TreeMap<>();
        for (Dialect d : Dialect.values()) {
            SchemaMigrations m = new SchemaMigrations(null, d, Clock.systemUTC());
            for (SchemaMigrations.Step step : SchemaMigrations.STEPS) actual.put(step.version() + " " + d, m.checksum(step));
        }
        assertThat(actual).isEqualTo(new java.util.TreeMap<>(RELEASED));
    }

    @Test
    void everySetupFileIsAStepOrRepeatable() throws IOException {
        Set<String> listed = new HashSet<>();
        for (Dialect d : Dialect.values()) listed.addAll(SchemaMigrations.files(d));
        List<String> files = new ArrayList<>();
        for (String dir : List.of("common", "postgres", "redshift", "check")) {
            try (Stream<Path> s = Files.list(Path.of("setup", dir))) {
                s.filter(p -> p.toString().endsWith(".sql")).forEach(p -> files.add(dir + "/" + p.getFileName()));
            }
        }
        files.remove("redshift/grants.sql"); // run by an administrator, never by setup
        assertThat(listed).containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void aWarehouseOfTheBaselineIsUpgradedAndKeepsItsData() {
        try (ModelHarness w = ModelHarness.atSchemaVersion(1)) {
            // what the models of the baseline release left: a page view, an order with one line item (no source then),
            // an abandoned cart, and their watermarks
            w.refresh(ModelHarness.event("m1", "page", null, null, "a1", "2030-01-01T08:00:00.000000Z", ""));
            w.execute("INSERT INTO clickstream.events (message_id, source, type, event, anonymous_id, user_key, event_ts, loaded_at)"
                    + " VALUES ('m1', 'web', 'page', NULL, 'a1', 'a1', '2030-01-01 08:00:00', '2030-01-01 00:00:01'),"
                    + " ('m2', 'web', 'track', 'Order Completed', 'a1', 'a1', '2030-01-01 08:01:00', '2030-01-01 00:00:01'),"
                    + " ('m3', 'web', 'track', 'Product Added', 'a1', 'a1', '2030-01-01 08:02:00', '2030-01-01 00:00:01')");
            w.execute("INSERT INTO clickstream.order_items (message_id, item_index, product_id, category, brand, price, quantity)"
                    + " VALUES ('m2', 1, 'p1', 'shoes', 'acme', 10, 1)");
            w.execute("INSERT INTO clickstream.cart_abandonment (user_key, product_id, added_at, abandoned_at, message_id)"
                    + " VALUES ('a1', 'p2', '2030-01-01 08:02:00', '2030-01-01 09:02:00', 'm3')");
            w.execute("INSERT INTO clickstream.model_state (model, high_watermark) SELECT m, CAST('2030-01-01 00:00:01' AS TIMESTAMP)"
                    + " FROM (SELECT 'staging' AS m UNION ALL SELECT 'events' UNION ALL SELECT 'sessions' UNION ALL SELECT 'funnels'"
                    + " UNION ALL SELECT 'cart_abandonment' UNION ALL SELECT 'bot_flags' UNION ALL SELECT 'daily_metrics'"
                    + " UNION ALL SELECT 'category_hourly' UNION ALL SELECT 'brand_daily') x");

            w.runner().setup();

            assertThat(new SchemaMigrations(w.executor(), Dialect.POSTGRES, Clock.systemUTC()).applied())
                    .containsExactlyElementsOf(SchemaMigrations.STEPS.stream().map(SchemaMigrations.Step::version).toList());
            assertThat(w.rows("SELECT message_id, source FROM clickstream.order_items")).containsExactly(List.of("m2", "web"));
            assertThat(w.rows("SELECT message_id, source FROM clickstream.cart_abandonment")).containsExactly(List.of("m3", "web"));
            assertThat(w.rows("SELECT indexname FROM pg_indexes WHERE schemaname = 'clickstream' AND tablename = 'events'"
                    + " AND indexname LIKE 'events_message_id%'")).containsExactly(List.of("events_message_id_source"));

            // after the upgrade: an SDK retry of m1 is still one event; another source's m1 is its own event
            w.refresh(ModelHarness.event("m1", "page", null, null, "a1", "2030-01-01T08:00:00.000000Z", ""),
                    ModelHarness.event("m1", "page", null, null, "b1", "2030-01-01T08:10:00.000000Z", "").replace("\"web\"", "\"app\""),
                    ModelHarness.event("m4", "track", "Order Completed", null, "a1", "2030-01-01T08:05:00.000000Z",
                            "\"properties\":{\"revenue\":5,\"products\":[{\"product_id\":\"p3\",\"category\":\"shoes\",\"price\":5}]}"));
            w.run();
            assertThat(w.rows("SELECT source, message_id FROM clickstream.events ORDER BY message_id, source")).containsExactly(
                    List.of("app", "m1"), List.of("web", "m1"), List.of("web", "m2"), List.of("web", "m3"), List.of("web", "m4"));
            assertThat(w.rows("SELECT source, message_id, product_id FROM clickstream.order_items ORDER BY message_id"))
                    .containsExactly(List.of("web", "m2", "p1"), List.of("web", "m4", "p3"));
            assertThat(w.rows("SELECT model FROM clickstream.model_runs WHERE status <> 'succeeded'")).isEmpty();
        }
    }

    @Test
    void aWarehouseOfStep4GetsRequestIpAndKeepsWhatItsSeedMade() {
        try (ModelHarness w = ModelHarness.atSchemaVersion(4)) {
            // the step-4 release's seed created the bot rule's tables; an operator added their backend's SDK
            w.execute("CREATE TABLE clickstream.user_agent_verdicts (user_agent VARCHAR(1024) NOT NULL, matched VARCHAR(1024),"
                    + " list_version VARCHAR(32) NOT NULL)");
            w.execute("CREATE TABLE clickstream.server_libraries (library_name VARCHAR(128) NOT NULL)");
            w.execute("INSERT INTO clickstream.server_libraries VALUES ('our-backend')");
            w.execute("INSERT INTO clickstream.user_agent_verdicts VALUES ('curl/8.0', '^curl', '1.60.0')");
            // an event that release stored: its address only in ip, which the client may have set
            w.execute("INSERT INTO clickstream.events (message_id, source, type, anonymous_id, user_key, event_ts, loaded_at, ip)"
                    + " VALUES ('old', 'web', 'page', 'a0', 'a0', '2030-01-01 08:00:00', '2030-01-01 00:00:01', '203.0.113.7')");

            w.runner().setup();

            assertThat(new SchemaMigrations(w.executor(), Dialect.POSTGRES, Clock.systemUTC()).applied()).containsExactly(1, 2, 3, 4, 5);
            assertThat(w.rows("SELECT table_name FROM information_schema.columns WHERE table_schema = 'clickstream'"
                    + " AND column_name = 'request_ip' ORDER BY 1")).containsExactly(List.of("events"), List.of("stg_events"));
            assertThat(w.rows("SELECT message_id, ip, request_ip FROM clickstream.events"))
                    .as("history keeps no observed address: its ip is not one").containsExactly(Arrays.asList("old", "203.0.113.7", null));
            assertThat(w.rows("SELECT indexname FROM pg_indexes WHERE schemaname = 'clickstream' AND tablename = 'events'"
                    + " AND indexname LIKE 'events_%ip'")).containsExactly(List.of("events_request_ip"));
            assertThat(w.rows("SELECT library_name FROM clickstream.server_libraries WHERE library_name IN ('our-backend', 'analytics-java')"
                    + " ORDER BY 1")).containsExactly(List.of("analytics-java"), List.of("our-backend"));
            assertThat(w.rows("SELECT user_agent, matched FROM clickstream.user_agent_verdicts")).containsExactly(List.of("curl/8.0", "^curl"));

            // 25 shallow anonymous ids on one observed address, each claiming another ip: the farm is found by request_ip
            List<String> farm = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                farm.add(ModelHarness.event("f" + i, "page", null, null, "farm-" + i, String.format("2030-01-01T08:%02d:00.000000Z", i + 1),
                        "\"ip\":\"198.51.100." + i + "\",\"request_ip\":\"203.0.113.7\""));
            }
            w.refresh(farm.toArray(String[]::new));
            w.run();
            assertThat(w.rows("SELECT COUNT(*) FROM clickstream.bot_flags WHERE rule = 'ip_farm' AND user_key LIKE 'farm-%'"))
                    .containsExactly(List.of("25"));
            assertThat(w.rows("SELECT COUNT(*) FROM clickstream.bot_flags WHERE user_key = 'a0'")).containsExactly(List.of("0"));
        }
    }

    @Test
    void aSecondSetupRunsNoStep() {
        try (ModelHarness w = new ModelHarness()) {
            String before = w.rows("SELECT version, name, checksum, applied_at FROM clickstream.schema_migrations ORDER BY 1").toString();
            List<String> sent = new ArrayList<>();
            SqlExecutor recording = new SqlExecutor() {
                @Override
                public List<Long> executeInTransaction(String name, List<String> statements, Map<String, String> parameters) {
                    sent.addAll(statements);
                    return w.executor().executeInTransaction(name, statements, parameters);
                }

                @Override
                public long executeOutsideTransaction(String name, String statement, Map<String, String> parameters) {
                    sent.add(statement);
                    return w.executor().executeOutsideTransaction(name, statement, parameters);
                }

                @Override
                public List<List<String>> query(String sql, Map<String, String> parameters) {
                    return w.executor().query(sql, parameters);
                }

                @Override
                public void close() {}
            };
            new SchemaMigrations(recording, Dialect.POSTGRES, Clock.systemUTC()).migrate();

            Set<String> stepStatements = new HashSet<>();
            for (SchemaMigrations.Step step : SchemaMigrations.STEPS) {
                for (String file : step.files(Dialect.POSTGRES)) {
                    stepStatements.addAll(Model.statements(ModelCatalog.resource("sql/setup/" + file)));
                }
            }
            assertThat(sent).isNotEmpty().noneMatch(stepStatements::contains);
            assertThat(w.rows("SELECT version, name, checksum, applied_at FROM clickstream.schema_migrations ORDER BY 1").toString())
                    .isEqualTo(before);
        }
    }

    @Test
    void aChangedOrUnknownStepIsRefused() {
        try (ModelHarness w = new ModelHarness()) {
            w.execute("UPDATE clickstream.schema_migrations SET checksum = 'edited' WHERE version = 2");
            assertThatThrownBy(() -> w.runner().setup()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("step 2").hasMessageContaining("immutable");
            w.execute("UPDATE clickstream.schema_migrations SET checksum = '"
                    + new SchemaMigrations(null, Dialect.POSTGRES, Clock.systemUTC()).checksum(SchemaMigrations.STEPS.get(1))
                    + "' WHERE version = 2");
            w.execute("INSERT INTO clickstream.schema_migrations VALUES (99, 'from the future', 'x', '2030-01-01 00:00:00')");
            assertThatThrownBy(() -> w.runner().setup()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("99").hasMessageContaining("newer build");
        }
    }
}
