package dev.clickstream.warehouse.runner;

import dev.clickstream.warehouse.testing.ModelHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every setup re-runs the views' {@code CREATE OR REPLACE VIEW}, and Redshift replaces a view only "with a new query
 * that generates the identical set of columns, using the same column names and data types"
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_VIEW.html); PostgreSQL even lets a replacement add columns
 * at the end, so only this pin can catch it here. A view whose columns change needs a schema step that drops it (the
 * repeatable file then creates it anew), and its new columns pinned below.
 */
class TestRepeatableViews {
    /** The columns every Segment view starts with. */
    static final String SEGMENT = "id varchar(128), anonymous_id varchar(256), user_id varchar(256), timestamp timestamp, "
            + "received_at timestamp, uuid_ts timestamp, source varchar(128), context_ip varchar(64), "
            + "context_user_agent varchar(1024), context_library_name varchar(128), context_library_version varchar(64), "
            + "context_page_url varchar(2048), context_page_path varchar(1024), context_page_referrer varchar(2048), "
            + "context_page_title varchar(1024), context_campaign_source varchar(256), context_campaign_medium varchar(256), "
            + "context_campaign_name varchar(256), context varchar(65535)";

    /** Each view's columns in order, with the types PostgreSQL gives them (Redshift's follow from the same tables). */
    static final Map<String, String> COLUMNS = Map.of(
            "tracks", SEGMENT + ", event text, event_text varchar(512), properties varchar(65535)",
            "pages", SEGMENT + ", name varchar(512), path varchar(1024), url varchar(2048), referrer varchar(2048), "
                    + "title varchar(1024), properties varchar(65535)",
            "screens", SEGMENT + ", name varchar(512), properties varchar(65535)",
            "identifies", SEGMENT + ", traits varchar(65535)",
            "groups", SEGMENT + ", group_id varchar(256), traits varchar(65535)",
            "aliases", SEGMENT + ", previous_id varchar(256)",
            "users", "id varchar(256), received_at timestamp, uuid_ts timestamp, traits varchar(65535)");

    private static final Pattern VIEW = Pattern.compile("(?i)CREATE\\s+OR\\s+REPLACE\\s+VIEW\\s+clickstream\\.(\\w+)");

    @Test
    void everyViewThatSetupReplacesKeepsItsColumns() {
        TreeSet<String> views = new TreeSet<>();
        for (Dialect d : List.of(Dialect.POSTGRES, Dialect.REDSHIFT)) {
            for (String file : SchemaMigrations.repeatable(d)) {
                Matcher m = VIEW.matcher(ModelCatalog.resource("sql/setup/" + file));
                while (m.find()) views.add(m.group(1));
            }
        }
        assertThat(views).as("views that setup re-creates").isNotEmpty();
        Map<String, String> actual = new TreeMap<>();
        try (ModelHarness w = new ModelHarness()) {
            for (String view : views) {
                List<String> columns = new ArrayList<>();
                for (List<String> c : w.rows("SELECT column_name, data_type, character_maximum_length FROM information_schema.columns"
                        + " WHERE table_schema = 'clickstream' AND table_name = '" + view + "' ORDER BY ordinal_position")) {
                    String type = c.get(1).replace("character varying", "varchar").replace(" without time zone", "");
                    columns.add(c.get(0) + " " + type + (c.get(2) == null ? "" : "(" + c.get(2) + ")"));
                }
                actual.put(view, String.join(", ", columns));
            }
        }
        assertThat(actual).as("a view's columns changed: add a schema step that drops and recreates it (Redshift's CREATE OR"
                + " REPLACE VIEW refuses another set of columns), then pin its new columns here").isEqualTo(new TreeMap<>(COLUMNS));
    }
}
