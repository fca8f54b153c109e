package dev.clickstream.collector.validation;

import dev.clickstream.collector.auth.Source;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** Applies the source's tracking plan to track events, if it has one. */
public final class TrackingPlanCheck implements MessageCheck {
    @Override
    public Rejection check(ObjectNode message, Source source, Verdict verdict) {
        TrackingPlan plan = source.trackingPlan();
        if (plan == null) return null;
        JsonNode event = message.get("event");
        if (!"track".equals(message.path("type").asString("")) || event == null || !event.isString()) return null;
        List<String> violations = plan.violations(event.stringValue(), message);
        if (violations.isEmpty()) return null;
        if (plan.mode() == TrackingPlan.Mode.QUARANTINE) {
            return new Rejection("tracking_plan_violation", String.join("; ", violations));
        }
        violations.forEach(verdict::flag);
        return null;
    }
}
