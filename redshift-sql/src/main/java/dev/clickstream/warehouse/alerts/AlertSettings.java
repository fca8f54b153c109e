package dev.clickstream.warehouse.alerts;

import java.time.Duration;

/**
 * The thresholds the alert rules use. The keys that carry them, with their defaults, validation and descriptions,
 * are declared once in the cli's {@code AlertKeys}; this record only holds resolved values.
 *
 * @param quiet                  an incident of the bot, ip_rate and rejection_rate rules stays open while its
 *                               condition held within this long before the run, and resolves after
 * @param ipMaxEventsPerMinute   ip_rate: messages one IP may send in a clock minute; 0 turns the rule off
 * @param rejectionsMinPerMinute rejection_rate: rejected messages of a source in a minute before the rule looks at
 *                               the share; 0 turns the rule off
 * @param rejectionsMaxPercent   rejection_rate: the share of a source's messages in a minute that may be rejected
 * @param freshnessIntervals     freshness: how many schedule intervals the newest event may be old; 0 turns it off
 * @param scheduleInterval       the time between two model runs
 * @param maxNotificationsPerRun new incidents per rule and run that notify; more are recorded without notifying
 */
public record AlertSettings(Duration quiet, long ipMaxEventsPerMinute, long rejectionsMinPerMinute,
                            int rejectionsMaxPercent, int freshnessIntervals, Duration scheduleInterval,
                            int maxNotificationsPerRun) {
}
