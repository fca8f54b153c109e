package dev.clickstream.warehouse.alerts;

import dev.clickstream.warehouse.RefreshClock;
import dev.clickstream.warehouse.runner.SqlExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates every rule over the modeled tables and records what changed in {@code clickstream.alert_incidents}: a
 * condition with no open incident opens one, an open incident whose condition no longer holds resolves. Each change
 * writes its notifications (one per channel) into {@code clickstream.alert_notifications} in the same transaction, so
 * what must be sent is never lost and what was sent is never sent again.
 */
final class AlertEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);
    static final Duration FAILURE_LOOKBACK = Duration.ofHours(24);
    private static final int EVIDENCE_BYTES = 8000;
    private static final int SUMMARY_BYTES = 1000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What one evaluation changed. */
    record Changes(int opened, int suppressed, int resolved) {}

    private record Open(String id, String key, boolean notified) {}

    private final SqlExecutor sql;
    private final AlertSettings settings;
    private final List<String> channels;

    AlertEvaluator(SqlExecutor sql, AlertSettings settings, List<String> channels) {
        this.sql = sql;
        this.settings = settings;
        this.channels = List.copyOf(channels);
    }

    Changes evaluate(Instant now) {
        Map<String, String> params = parameters(now);
        Map<String, Map<String, Open>> open = openIncidents();
        StateBatch batch = new StateBatch(sql, params.get("run_ts"));
        int opened = 0, suppressed = 0, resolved = 0;
        for (AlertRule rule : AlertRule.values()) {
            if (!rule.enabled(settings)) continue;
            List<Incident> holding = rule.incidents(sql.query(rule.sql(), params), context(rule, params));
            Map<String, Open> before = open.getOrDefault(rule.alertName(), Map.of());
            Set<String> keys = new HashSet<>();
            List<Incident> fresh = new ArrayList<>();
            for (Incident i : holding) {
                keys.add(i.key());
                if (!before.containsKey(i.key())) fresh.add(i);
            }
            int notifyCount = Math.min(fresh.size(), settings.maxNotificationsPerRun());
            int silent = fresh.size() - notifyCount;
            for (int n = 0; n < fresh.size(); n++) {
                Incident i = fresh.get(n);
                boolean notify = n < notifyCount;
                if (silent > 0) i.evidence().put("suppressed_in_this_run", silent);
                batch.open(id(i.alert(), i.key(), params.get("run_ts")), i, cut(i.summary()), evidence(i.evidence()),
                        notify ? channels : List.of());
                if (notify) {
                    LOG.atWarn().setMessage("alert").addKeyValue("alert", i.alert()).addKeyValue("key", i.key())
                            .addKeyValue("summary", i.summary()).log();
                }
            }
            if (silent > 0) {
                LOG.atWarn().setMessage("alerts recorded without notifying").addKeyValue("alert", rule.alertName())
                        .addKeyValue("count", silent).addKeyValue("limit", settings.maxNotificationsPerRun()).log();
            }
            for (Open o : before.values()) {
                if (keys.contains(o.key())) continue;
                batch.resolve(o.id(), o.notified() ? channels : List.of());
                LOG.atInfo().setMessage("alert resolved").addKeyValue("alert", rule.alertName()).addKeyValue("key", o.key()).log();
                resolved++;
            }
            opened += notifyCount;
            suppressed += silent;
        }
        batch.flush();
        return new Changes(opened, suppressed, resolved);
    }

    private Map<String, String> parameters(Instant now) {
        Map<String, String> p = new HashMap<>();
        p.put("run_ts", RefreshClock.format(now));
        p.put("active_since", RefreshClock.format(now.minus(settings.quiet())));
        p.put("stale_before", RefreshClock.format(now.minus(settings.scheduleInterval().multipliedBy(settings.freshnessIntervals()))));
        p.put("lookback_since", RefreshClock.format(now.minus(FAILURE_LOOKBACK)));
        p.put("ip_max_events_per_minute", Long.toString(settings.ipMaxEventsPerMinute()));
        p.put("rejections_min_per_minute", Long.toString(settings.rejectionsMinPerMinute()));
        p.put("rejections_max_percent", Integer.toString(settings.rejectionsMaxPercent()));
        return p;
    }

    /** What every incident of a rule carries besides its row: the window it looked at and its thresholds. */
    private ObjectNode context(AlertRule rule, Map<String, String> p) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        switch (rule) {
            case FRESHNESS -> c.put("max_age_seconds", settings.scheduleInterval().multipliedBy(settings.freshnessIntervals()).toSeconds());
            case MODEL_FAILED -> c.put("lookback_hours", FAILURE_LOOKBACK.toHours());
            default -> {
                ObjectNode w = c.putObject("window");
                w.put("from", AlertRule.iso(p.get("active_since")));
                w.put("to", AlertRule.iso(p.get("run_ts")));
            }
        }
        if (rule == AlertRule.IP_RATE) c.put("limit_per_minute", settings.ipMaxEventsPerMinute());
        if (rule == AlertRule.REJECTION_RATE) {
            c.put("min_per_minute", settings.rejectionsMinPerMinute());
            c.put("max_percent", settings.rejectionsMaxPercent());
        }
        c.put("evaluated_at", AlertRule.iso(p.get("run_ts")));
        return c;
    }

    private Map<String, Map<String, Open>> openIncidents() {
        Map<String, Map<String, Open>> out = new HashMap<>();
        for (List<String> r : sql.query("SELECT incident_id, alert, incident_key, notified FROM clickstream.alert_incidents "
                + "WHERE status = 'open'", Map.of())) {
            out.computeIfAbsent(r.get(1), k -> new HashMap<>()).put(r.get(2), new Open(r.get(0), r.get(2), isTrue(r.get(3))));
        }
        return out;
    }

    private static boolean isTrue(String bool) {
        return "t".equals(bool) || "true".equalsIgnoreCase(bool);
    }

    /** The incident's id: the same text hashed the same way on both warehouses, {@code MD5(alert|key|opened_at)}. */
    static String id(String alert, String key, String openedAt) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest((alert + "|" + key + "|" + openedAt).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cut(String s) {
        return Utf8.cut(s, SUMMARY_BYTES);
    }

    /** Evidence as JSON text that fits its VARCHAR in bytes: the bot rules' details go first when it would not. */
    static String evidence(ObjectNode e) {
        String text = JSON.writeValueAsString(e);
        if (text.getBytes(StandardCharsets.UTF_8).length <= EVIDENCE_BYTES) return text;
        ObjectNode small = e.deepCopy();
        small.remove("rules");
        small.remove("error");
        small.put("truncated", true);
        return JSON.writeValueAsString(small);
    }
}
