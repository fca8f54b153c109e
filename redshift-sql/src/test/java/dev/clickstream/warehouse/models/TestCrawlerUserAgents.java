package dev.clickstream.warehouse.models;

import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.JdbcExecutor;
import dev.clickstream.warehouse.runner.Model;
import dev.clickstream.warehouse.runner.ModelCatalog;
import dev.clickstream.warehouse.runner.ModelRunner;
import dev.clickstream.warehouse.testing.TestPostgres;
import dev.clickstream.warehouse.testing.ModelHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.clickstream.warehouse.testing.ModelHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crawler rule against the crawler-user-agents list's own examples (recall) and the top-user-agents list of real
 * browsers (precision), both shipped as fixtures with their licences; on PostgreSQL, through the seed and through the
 * very statement bot_flags runs, whose patterns are the literals Redshift's POSIX functions require.
 */
class TestCrawlerUserAgents {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Pattern LITERAL = Pattern.compile("REGEXP_SUBSTR\\(j\\.ua, '([^']*+(?:''[^']*+)*+)'\\)");
    static PGSimpleDataSource ds;

    @BeforeAll
    static void setUp() {
        ds = new PGSimpleDataSource();
        ds.setUrl(TestPostgres.newDatabase());
        ds.setUser("postgres");
        new ModelRunner(new JdbcExecutor(ds, null), Dialect.POSTGRES, Clock.systemUTC()).setup();
    }

    /** user agent → the list's pattern it is an example of. */
    static Map<String, String> instances() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode e : resource("crawler-user-agents/instances.json").path("entries")) {
            for (JsonNode i : e.path("instances")) out.putIfAbsent(i.stringValue(), e.path("pattern").stringValue());
        }
        return out;
    }

    static List<String> browsers() throws IOException {
        List<String> out = new ArrayList<>();
        resource("top-user-agents/index.json").forEach(n -> out.add(n.stringValue()));
        return out;
    }

    static JsonNode resource(String path) throws IOException {
        try (InputStream in = TestCrawlerUserAgents.class.getClassLoader().getResourceAsStream(path)) {
            return JSON.readTree(in);
        }
    }

    /** bot_flags' own statement that judges user agents, as the runner sends it. */
    static String judgingStatement() {
        Model m = ModelCatalog.load(Dialect.POSTGRES).get("bot_flags");
        return m.statements().stream().filter(s -> s.startsWith("CREATE TEMP TABLE agent_verdicts")).findFirst().orElseThrow();
    }

    /** Runs the model's judging statement over these user agents; returns user agent → matched text (null: none). */
    static Map<String, String> judge(List<String> agents) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE bot_events (user_agent VARCHAR(1024))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bot_events VALUES (?)")) {
                for (String a : agents) {
                    ps.setString(1, a);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            s.execute(judgingStatement());
            try (ResultSet r = s.executeQuery("SELECT user_agent, matched FROM agent_verdicts")) {
                while (r.next()) out.put(r.getString(1), r.getString(2));
            }
        }
        return out;
    }

    @Test
    void everyExampleOfTheListIsFlaggedByTheModelsStatement() throws Exception {
        Map<String, String> instances = instances();
        assertThat(instances).hasSizeGreaterThan(2_000);
        Map<String, String> verdicts = judge(new ArrayList<>(instances.keySet()));
        assertThat(verdicts).hasSize(instances.size());
        List<String> missed = new ArrayList<>();
        verdicts.forEach((agent, matched) -> { if (matched == null) missed.add(instances.get(agent) + " misses " + agent); });
        assertThat(missed).isEmpty();
        assertThat(verdicts.get("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)")).isEqualTo("ahrefsbot");
    }

    @Test
    void noRealBrowserIsFlaggedByTheModelsStatement() throws Exception {
        List<String> browsers = browsers();
        assertThat(browsers).hasSizeGreaterThanOrEqualTo(100);
        Map<String, String> verdicts = judge(browsers);
        assertThat(verdicts).hasSize(browsers.size());
        assertThat(verdicts.entrySet().stream().filter(v -> v.getValue() != null).map(Map.Entry::toString)).isEmpty();
    }

    @Test
    void theSeedTableHoldsTheModelsPatternsAndCatchesEveryExample() throws Exception {
        Matcher m = LITERAL.matcher(judgingStatement());
        List<String> literals = new ArrayList<>();
        while (m.find()) literals.add(m.group(1).replace("''", "'"));
        assertThat(literals).hasSizeBetween(2, 32); // PostgreSQL keeps 32 compiled expressions per session
        String joined = String.join("|", literals);
        List<String> seeded = column("SELECT pattern FROM clickstream.bot_user_agents");
        assertThat(seeded).hasSize(1_500).allSatisfy(p -> assertThat(joined).contains(p));
        assertThat(seeded.stream().mapToInt(String::length).sum() + seeded.size() - 1).isEqualTo(joined.length());
        assertThat(seeded).noneMatch(p -> p.contains("\\")).allSatisfy(p -> assertThat(p).isEqualTo(p.toLowerCase()));

        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE examples (user_agent VARCHAR(1024))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO examples VALUES (?)")) {
                for (String a : instances().keySet()) {
                    ps.setString(1, a);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            // the seed's patterns as one alternation: compiled once, where a join would compile one per row pair
            try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM examples x WHERE NOT LOWER(x.user_agent) ~ "
                    + "(SELECT STRING_AGG(p.pattern, '|') FROM clickstream.bot_user_agents p)")) {
                r.next();
                assertThat(r.getLong(1)).isZero();
            }
        }
    }

    @Test
    void everyStatementFitsTheDataApi() {
        // BatchExecuteStatement takes each SQL text up to 100,000 characters
        for (String s : ModelCatalog.load(Dialect.REDSHIFT).get("bot_flags").statements()) {
            assertThat(s.length()).isLessThan(100_000);
        }
    }

    @Test
    void bot_flagsJudgesEachUserAgentOncePerListVersion() {
        String ahrefs = "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)";
        String semrush = "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)";
        String shouting = "MOZILLA/5.0 (COMPATIBLE; GOOGLEBOT/2.1; +HTTP://WWW.GOOGLE.COM/BOT.HTML)";
        String browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/153.0.0.0 Safari/537.36";
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(ua("a", "ahrefs", ahrefs, 0), ua("s", "semrush", semrush, 0), ua("g", "shouting", shouting, 0),
                    ua("b", "person", browser, 0), ua("b2", "person", browser, 30));
            w.run();
            assertThat(w.rows("SELECT user_key, evidence FROM clickstream.bot_flags ORDER BY 1")).containsExactly(
                    List.of("ahrefs", "user agent matches ahrefsbot"), List.of("semrush", "user agent matches semrushbot"),
                    List.of("shouting", "user agent matches googlebot/"));
            assertThat(w.rows("SELECT COUNT(*), COUNT(matched) FROM clickstream.user_agent_verdicts")).containsExactly(List.of("4", "3"));

            // a verdict of another list version is judged again when its user is re-evaluated
            w.execute("UPDATE clickstream.user_agent_verdicts SET list_version = '0.0.1', matched = NULL");
            w.execute("DELETE FROM clickstream.bot_flags");
            w.refresh(ua("a2", "ahrefs", ahrefs, 60));
            w.run();
            assertThat(w.rows("SELECT user_key FROM clickstream.bot_flags")).containsExactly(List.of("ahrefs"));
            assertThat(w.rows("SELECT user_agent, list_version FROM clickstream.user_agent_verdicts WHERE matched IS NOT NULL"))
                    .containsExactly(List.of(ahrefs, "1.60.0"));
            assertThat(w.rows("SELECT COUNT(*) FROM clickstream.user_agent_verdicts")).containsExactly(List.of("4"));
        }
    }

    static String ua(String id, String anonymousId, String agent, int second) {
        // a valid time: staging rejects a second of 60
        return event(id, "page", null, null, anonymousId, String.format("2030-01-01T10:%02d:%02d.000000Z", second / 60, second % 60),
                "\"user_agent\":\"" + agent + "\"");
    }

    private static List<String> column(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) out.add(r.getString(1));
        }
        return out;
    }
}
