package dev.clickstream.simulator.replay;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;

/**
 * Maps a REES46 row to a Segment e-commerce track call: view → Product Viewed, cart → Product Added,
 * remove_from_cart → Product Removed, purchase → Order Completed (one line item). The row's user_id becomes the
 * userId and its user_session the anonymousId; the event time is the file's, never the replay clock's.
 */
public final class Rees46Mapper {
    public static final Map<String, String> EVENTS = Map.of("view", "Product Viewed", "cart", "Product Added",
            "remove_from_cart", "Product Removed", "purchase", "Order Completed");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Rees46Mapper() {}

    public static Instant time(Rees46Row row) {
        try {
            return LocalDateTime.parse(row.eventTime(), TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("event_time '" + row.eventTime() + "' is not like 2019-10-01 00:00:00 UTC");
        }
    }

    /** @param line the row's line number, which makes the messageId stable across replays of the same file */
    public static ObjectNode message(Rees46Row row, long line) {
        String event = EVENTS.get(row.eventType());
        if (event == null) throw new IllegalArgumentException("event_type '" + row.eventType() + "' is not view, cart, remove_from_cart or purchase");
        if (blank(row.userId())) throw new IllegalArgumentException("user_id is empty");
        Instant time = time(row);
        ObjectNode m = JSON.createObjectNode();
        m.put("type", "track").put("event", event);
        m.put("messageId", UUID.nameUUIDFromBytes(("rees46|" + line + "|" + row.userSession() + "|" + row.eventTime())
                .getBytes(StandardCharsets.UTF_8)).toString());
        m.put("userId", row.userId());
        if (!blank(row.userSession())) m.put("anonymousId", row.userSession());
        m.put("timestamp", time.toString());
        m.putObject("context").putObject("library").put("name", "clickstream-replay").put("version", "0.1.0");
        ObjectNode props = m.putObject("properties");
        double price = blank(row.price()) ? 0 : Double.parseDouble(row.price());
        ObjectNode product = JSON.createObjectNode().put("product_id", row.productId()).put("price", price).put("quantity", 1);
        if (!blank(row.categoryCode())) product.put("category", row.categoryCode());
        if (!blank(row.categoryId())) product.put("category_id", row.categoryId());
        if (!blank(row.brand())) product.put("brand", row.brand());
        if (event.equals("Order Completed")) {
            props.put("order_id", "rees46-" + line).put("revenue", price).put("currency", "USD");
            props.putArray("products").add(product);
        } else {
            props.setAll(product);
            props.put("currency", "USD");
        }
        return m;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
