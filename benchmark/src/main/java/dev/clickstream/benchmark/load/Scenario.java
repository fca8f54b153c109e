package dev.clickstream.benchmark.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * What one request carries. Bodies are built up front (a pool of distinct ones, cycled) so the generator spends its
 * CPU on sending, not on JSON.
 */
public enum Scenario {
    SINGLE("/v1/track", 1, false),
    BATCH20("/v1/batch", 20, false),
    BATCH100("/v1/batch", 100, false),
    GZIP_BATCH100("/v1/batch", 100, true),
    IDENTIFY_PAGE("/v1/page", 1, false);

    private static final int POOL = 256;

    public final String path;
    public final int eventsPerRequest;
    public final boolean gzip;

    Scenario(String path, int eventsPerRequest, boolean gzip) {
        this.path = path;
        this.eventsPerRequest = eventsPerRequest;
        this.gzip = gzip;
    }

    public record Body(String path, byte[] bytes, boolean gzip) {}

    /** A pool of distinct request bodies; IDENTIFY_PAGE alternates identify and page calls. */
    public List<Body> bodies(long seed) {
        Random random = new Random(seed);
        List<Body> out = new ArrayList<>(POOL);
        for (int i = 0; i < POOL; i++) {
            String body;
            String path = this.path;
            if (this == IDENTIFY_PAGE && i % 2 == 0) {
                path = "/v1/identify";
                body = "{\"userId\":\"bench-" + random.nextInt(100_000) + "\",\"messageId\":\"" + new UUID(random.nextLong(), random.nextLong())
                        + "\",\"traits\":{\"email\":\"bench@example.com\",\"plan\":\"pro\"}}";
            } else if (eventsPerRequest == 1) {
                body = message(random, this == IDENTIFY_PAGE);
            } else {
                StringBuilder b = new StringBuilder("{\"batch\":[");
                for (int e = 0; e < eventsPerRequest; e++) b.append(e == 0 ? "" : ",").append(message(random, false));
                body = b.append("]}").toString();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.add(new Body(path, gzip ? gzip(bytes) : bytes, gzip));
        }
        return out;
    }

    private static String message(Random random, boolean page) {
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        String anon = "anon-" + random.nextInt(50_000);
        if (page) {
            return "{\"type\":\"page\",\"name\":\"Product\",\"anonymousId\":\"" + anon + "\",\"messageId\":\"" + id
                    + "\",\"properties\":{\"path\":\"/product/p-" + random.nextInt(500) + "\",\"url\":\"https://shop.example.com/\"}}";
        }
        return "{\"type\":\"track\",\"event\":\"Product Viewed\",\"anonymousId\":\"" + anon + "\",\"messageId\":\"" + id
                + "\",\"properties\":{\"product_id\":\"p-" + random.nextInt(500) + "\",\"category\":\"electronics.audio\","
                + "\"brand\":\"sony\",\"price\":" + (5 + random.nextInt(500)) + ".99},"
                + "\"context\":{\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0\",\"library\":{\"name\":\"bench\",\"version\":\"1\"}}}";
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
