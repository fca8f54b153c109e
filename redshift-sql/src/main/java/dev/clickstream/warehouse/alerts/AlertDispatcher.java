package dev.clickstream.warehouse.alerts;

import dev.clickstream.warehouse.RefreshClock;
import dev.clickstream.warehouse.runner.SqlExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends the pending notifications of {@code clickstream.alert_notifications}, oldest first, and records each delivery.
 * A channel that fails one (after its own retries) is left alone for the rest of the run, so one dead endpoint costs
 * one notification's retries per run; its notifications stay pending for the next run, for up to {@link #GIVE_UP}.
 */
final class AlertDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);
    static final Duration GIVE_UP = Duration.ofHours(24);
    private static final int PER_RUN = 500;
    private static final int ERROR_BYTES = 1000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SqlExecutor sql;
    private final Map<String, AlertChannel> channels = new LinkedHashMap<>();

    AlertDispatcher(SqlExecutor sql, List<AlertChannel> channels) {
        this.sql = sql;
        for (AlertChannel c : channels) this.channels.put(c.name(), c);
    }

    /** @return how many notifications were delivered */
    int dispatch(Instant now) {
        if (channels.isEmpty()) return 0;
        List<List<String>> pending = sql.query("SELECT n.incident_id, n.kind, n.channel, i.alert, i.incident_key, "
                + "i.opened_at, i.resolved_at, i.summary, i.evidence "
                + "FROM clickstream.alert_notifications n JOIN clickstream.alert_incidents i ON i.incident_id = n.incident_id "
                + "WHERE n.sent_at IS NULL AND n.created_at >= CAST(:give_up_before AS TIMESTAMP) "
                + "ORDER BY n.created_at, n.incident_id, n.kind LIMIT " + PER_RUN,
                Map.of("give_up_before", RefreshClock.format(now.minus(GIVE_UP))));
        Set<String> down = new HashSet<>();
        int sent = 0;
        for (List<String> row : pending) {
            String id = row.get(0), kind = row.get(1), channelName = row.get(2);
            AlertChannel channel = channels.get(channelName);
            // a firing notice that could not go out keeps its resolved notice back: the channel is down for this run
            if (channel == null || down.contains(channelName)) continue;
            AlertChannel.Notification n = new AlertChannel.Notification(id, kind, row.get(3), row.get(7), payload(row));
            try {
                channel.send(n);
                record(id, kind, channelName, "sent_at = CAST(:now AS TIMESTAMP), attempts = attempts + 1", Map.of("now", RefreshClock.format(now)));
                sent++;
            } catch (AlertChannel.DeliveryException e) {
                down.add(channelName);
                String error = String.valueOf(e.getMessage());
                LOG.atWarn().setMessage("alert not delivered; retried at the next run").addKeyValue("channel", channelName)
                        .addKeyValue("incident", id).addKeyValue("error", error).log();
                record(id, kind, channelName, "attempts = attempts + 1, last_error = :error",
                        Map.of("error", Utf8.cut(error, ERROR_BYTES)));
            }
        }
        return sent;
    }

    private void record(String id, String kind, String channel, String set, Map<String, String> values) {
        Map<String, String> p = new java.util.HashMap<>(values);
        p.putAll(Map.of("id", id, "kind", kind, "channel", channel));
        sql.executeInTransaction("alerts:delivery", List.of("UPDATE clickstream.alert_notifications SET " + set
                + " WHERE incident_id = :id AND kind = :kind AND channel = :channel"), p);
    }

    /** The notification's JSON (docs/alerts.md, "Payload"). */
    static String payload(List<String> row) {
        ObjectNode o = JSON.createObjectNode();
        o.put("version", 1);
        o.put("id", row.get(0));
        o.put("status", row.get(1));
        o.put("alert", row.get(3));
        o.put("key", row.get(4));
        o.put("summary", row.get(7));
        o.put("opened_at", AlertRule.iso(row.get(5)));
        if (row.get(6) == null || "firing".equals(row.get(1))) o.putNull("resolved_at");
        else o.put("resolved_at", AlertRule.iso(row.get(6)));
        try {
            o.set("evidence", JSON.readTree(row.get(8)));
        } catch (JacksonException e) {
            o.put("evidence", row.get(8));
        }
        return JSON.writeValueAsString(o);
    }
}
