package dev.clickstream.simulator.replay;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One row of the public REES46 e-commerce behaviour dataset (one CSV line). */
public record Rees46Row(@JsonProperty("event_time") String eventTime, @JsonProperty("event_type") String eventType,
                        @JsonProperty("product_id") String productId, @JsonProperty("category_id") String categoryId,
                        @JsonProperty("category_code") String categoryCode, @JsonProperty("brand") String brand,
                        @JsonProperty("price") String price, @JsonProperty("user_id") String userId,
                        @JsonProperty("user_session") String userSession) {
    public static final String[] COLUMNS = {"event_time", "event_type", "product_id", "category_id", "category_code",
            "brand", "price", "user_id", "user_session"};
}
