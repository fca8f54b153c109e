package dev.clickstream.warehouse.alerts;

import tools.jackson.databind.node.ObjectNode;

/**
 * An alert condition that holds now, as one rule sees it.
 * @param alert    the rule's name (bot, ip_rate, freshness, model_failed, rejection_rate)
 * @param key      what the incident is about: a user key, an IP, a model, a source
 * @param summary  one line for a human
 * @param evidence what the rule saw: counts, the window, the thresholds
 */
public record Incident(String alert, String key, String summary, ObjectNode evidence) {
}
