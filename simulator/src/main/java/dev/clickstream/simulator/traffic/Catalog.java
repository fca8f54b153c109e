package dev.clickstream.simulator.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A seeded product catalog: ids, categories, brands and prices that the e-commerce events refer to. */
public final class Catalog {
    public static final List<String> CATEGORIES = List.of("electronics.smartphone", "electronics.audio.headphone",
            "computers.notebook", "appliances.kitchen.kettle", "apparel.shoes", "apparel.jacket", "furniture.chair",
            "sport.bicycle", "kids.toys", "beauty.fragrance", "construction.tools.drill", "auto.accessories.player");
    public static final List<String> BRANDS = List.of("samsung", "apple", "xiaomi", "sony", "lenovo", "bosch",
            "nike", "adidas", "ikea", "lego", "philips", "makita", "huawei", "canon", "puma");

    public record Product(String id, String category, String brand, double price) {}

    private final List<Product> products = new ArrayList<>();

    public Catalog(Random random, int size) {
        for (int i = 0; i < size; i++) {
            double price = Math.round((5 + random.nextDouble() * random.nextDouble() * 1500) * 100) / 100.0;
            products.add(new Product("p-" + (1000 + i), CATEGORIES.get(random.nextInt(CATEGORIES.size())),
                    BRANDS.get(random.nextInt(BRANDS.size())), price));
        }
    }

    public Product pick(Random random) {
        // a few products are much more popular than the rest
        int index = (int) Math.floor(Math.pow(random.nextDouble(), 2.5) * products.size());
        return products.get(index);
    }

    public List<Product> all() {
        return products;
    }
}
