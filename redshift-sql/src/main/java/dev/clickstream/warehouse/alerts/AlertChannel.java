package dev.clickstream.warehouse.alerts;

/** Where notifications go: the webhook, SNS. A channel retries within its own bounds, then gives up by throwing. */
public interface AlertChannel extends AutoCloseable {
    /** The channel's name as stored in {@code alert_notifications.channel}. */
    String name();

    /** Delivers one notification, or throws {@link DeliveryException} once its retries are spent. */
    void send(Notification notification) throws DeliveryException;

    @Override
    default void close() {
    }

    /**
     * One notification: an incident that fired or resolved.
     * @param id     the incident id, the same for its firing and its resolved notice (receivers deduplicate on id+status)
     * @param status {@code firing} or {@code resolved}
     * @param body   the JSON payload (docs/alerts.md)
     */
    record Notification(String id, String status, String alert, String summary, String body) {}

    /** A notification the channel could not deliver; it stays pending and is retried at the next run. */
    final class DeliveryException extends Exception {
        public DeliveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
