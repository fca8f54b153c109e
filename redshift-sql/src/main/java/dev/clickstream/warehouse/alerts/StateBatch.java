package dev.clickstream.warehouse.alerts;

import dev.clickstream.warehouse.runner.SqlExecutor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Incident changes and their notifications, written in transactions of a bounded number of statements (a Data API
 * batch holds at most 40). An incident and its notifications always share a transaction. Incidents that do not
 * notify (beyond the per-run limit, in a flood) go many rows to a statement. Values are bound as parameters with a
 * per-row suffix, never spliced into the SQL.
 */
final class StateBatch {
    private static final int MAX_STATEMENTS = 30;
    private static final int ROWS_PER_STATEMENT = 20;
    private static final String INSERT_INCIDENTS = "INSERT INTO clickstream.alert_incidents (incident_id, alert, "
            + "incident_key, status, opened_at, notified, summary, evidence) VALUES ";
    private static final String RESOLVE = "UPDATE clickstream.alert_incidents SET status = 'resolved', "
            + "resolved_at = CAST(:run_ts AS TIMESTAMP) WHERE status = 'open' AND ";

    /** Statements that must commit together, with the parameters they use. */
    private record Unit(List<String> statements, Map<String, String> params) {}

    private final SqlExecutor sql;
    private final String runTs;
    private final List<Unit> units = new ArrayList<>();
    private final List<String> silentOpens = new ArrayList<>();
    private final List<String> silentResolves = new ArrayList<>();
    private final Map<String, String> silentParams = new HashMap<>();
    private int row;

    StateBatch(SqlExecutor sql, String runTs) {
        this.sql = sql;
        this.runTs = runTs;
    }

    /** Opens an incident; with no channels it is recorded without notifying. */
    void open(String id, Incident incident, String summary, String evidence, List<String> channels) {
        String r = "_" + (row++);
        Map<String, String> p = new HashMap<>();
        p.put("id" + r, id);
        p.put("alert" + r, incident.alert());
        p.put("key" + r, incident.key());
        p.put("summary" + r, summary);
        p.put("evidence" + r, evidence);
        // a literal, not a parameter: whether Redshift casts text to BOOLEAN is not worth finding out in production
        String values = "(:id" + r + ", :alert" + r + ", :key" + r + ", 'open', CAST(:run_ts AS TIMESTAMP), "
                + (channels.isEmpty() ? "FALSE" : "TRUE") + ", :summary" + r + ", :evidence" + r + ")";
        if (channels.isEmpty()) {
            silentParams.putAll(p);
            silentOpens.add(values);
            if (silentOpens.size() == ROWS_PER_STATEMENT) drainSilent();
            return;
        }
        List<String> statements = new ArrayList<>(List.of(INSERT_INCIDENTS + values));
        statements.add(notifications(r, "firing", channels, p));
        add(new Unit(statements, p));
    }

    /** Resolves an open incident; with no channels, without notifying. */
    void resolve(String id, List<String> channels) {
        String r = "_" + (row++);
        Map<String, String> p = new HashMap<>();
        p.put("id" + r, id);
        if (channels.isEmpty()) {
            silentParams.putAll(p);
            silentResolves.add(":id" + r);
            if (silentResolves.size() == ROWS_PER_STATEMENT) drainSilent();
            return;
        }
        List<String> statements = new ArrayList<>(List.of(RESOLVE + "incident_id = :id" + r));
        statements.add(notifications(r, "resolved", channels, p));
        add(new Unit(statements, p));
    }

    private static String notifications(String r, String kind, List<String> channels, Map<String, String> p) {
        StringBuilder values = new StringBuilder();
        for (int c = 0; c < channels.size(); c++) {
            p.put("channel" + r + "_" + c, channels.get(c));
            if (c > 0) values.append(", ");
            values.append("(:id").append(r).append(", '").append(kind).append("', :channel").append(r).append('_').append(c)
                    .append(", CAST(:run_ts AS TIMESTAMP), 0)");
        }
        return "INSERT INTO clickstream.alert_notifications (incident_id, kind, channel, created_at, attempts) VALUES " + values;
    }

    private void drainSilent() {
        List<String> statements = new ArrayList<>();
        if (!silentOpens.isEmpty()) statements.add(INSERT_INCIDENTS + String.join(", ", silentOpens));
        if (!silentResolves.isEmpty()) statements.add(RESOLVE + "incident_id IN (" + String.join(", ", silentResolves) + ")");
        if (!statements.isEmpty()) add(new Unit(statements, new HashMap<>(silentParams)));
        silentOpens.clear();
        silentResolves.clear();
        silentParams.clear();
    }

    private void add(Unit unit) {
        int pending = units.stream().mapToInt(u -> u.statements().size()).sum();
        if (pending + unit.statements().size() > MAX_STATEMENTS) commit();
        units.add(unit);
    }

    /** Writes everything recorded so far. */
    void flush() {
        drainSilent();
        commit();
    }

    private void commit() {
        if (units.isEmpty()) return;
        List<String> statements = new ArrayList<>();
        Map<String, String> params = new HashMap<>(Map.of("run_ts", runTs));
        for (Unit u : units) {
            statements.addAll(u.statements());
            params.putAll(u.params());
        }
        sql.executeInTransaction("alerts:state", statements, params);
        units.clear();
    }
}
