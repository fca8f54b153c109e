package dev.clickstream.warehouse.models;

import dev.clickstream.warehouse.testing.ModelHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.clickstream.warehouse.testing.ModelHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

/** category_hourly and brand_daily count views, adds and purchased line items, without bots. */
class TestProductMetrics {
    static String viewed(String id, String user, String ts, String category, String brand) {
        return event(id, "track", "Product Viewed", user, null, ts,
                "\"properties\":{\"category\":\"" + category + "\",\"brand\":\"" + brand + "\"}");
    }

    @Test
    void viewsAddsAndPurchasedItemsPerCategoryAndBrand() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(viewed("v1", "ann", "2030-01-01T10:05:00.000000Z", "shoes", "acme"),
                    viewed("v2", "bob", "2030-01-01T10:15:00.000000Z", "shoes", "zenith"),
                    viewed("v3", "bob", "2030-01-01T11:00:00.000000Z", "hats", "acme"),
                    event("a1", "track", "Product Added", "ann", null, "2030-01-01T10:06:00.000000Z",
                            "\"properties\":{\"category\":\"shoes\",\"brand\":\"acme\"}"),
                    // added but never viewed or bought: a category add, but no brand_daily row
                    event("a2", "track", "Product Added", "bob", null, "2030-01-01T11:30:00.000000Z",
                            "\"properties\":{\"category\":\"hats\",\"brand\":\"solo\"}"),
                    event("o1", "track", "Order Completed", "ann", null, "2030-01-01T10:09:00.000000Z",
                            "\"properties\":{\"revenue\":80,\"products\":[{\"product_id\":\"s1\",\"category\":\"shoes\",\"brand\":\"acme\",\"price\":40},"
                                    + "{\"product_id\":\"s2\",\"category\":\"shoes\",\"brand\":\"acme\",\"price\":40}]}"),
                    // a retried order must not count twice
                    event("o1", "track", "Order Completed", "ann", null, "2030-01-01T10:09:00.000000Z",
                            "\"properties\":{\"revenue\":80,\"products\":[{\"product_id\":\"s1\",\"category\":\"shoes\",\"brand\":\"acme\"}]}"));
            w.run();
            assertThat(w.rows("SELECT to_char(hour, 'HH24'), category, views, adds, purchases FROM clickstream.category_hourly ORDER BY 1, 2"))
                    .containsExactly(List.of("10", "shoes", "2", "1", "2"), List.of("11", "hats", "1", "1", "0"));
            assertThat(w.rows("SELECT brand, views, purchases, view_to_purchase FROM clickstream.brand_daily ORDER BY 1"))
                    .containsExactly(List.of("acme", "2", "2", "1"), List.of("zenith", "1", "0", "0"));
        }
    }
}
