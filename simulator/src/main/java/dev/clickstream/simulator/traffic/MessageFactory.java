package dev.clickstream.simulator.traffic;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Builds Segment messages the way the SDKs shape them: ids, device context, page and campaign fields. */
final class MessageFactory {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SITE = "https://shop.example.com";
    static final Library SIMULATOR = new Library("clickstream-simulator", "0.1.0");
    /** An SDK that tracks on its own: it fires a burst of element views at every page load. */
    static final Library AUTOTRACK = new Library("autotrack-sim", "1.0.0");
    /** A server-side SDK, as it names itself in context.library. */
    static final Library SERVER = new Library("analytics-java", "3.5.4");

    record Library(String name, String version) {}

    private final Random random;

    MessageFactory(Random random) {
        this.random = random;
    }

    /** A message of any type from a device at a true time; the timestamp carries the device's clock error. */
    ObjectNode base(String type, Device device, Instant trueTime) {
        ObjectNode m = JSON.createObjectNode();
        m.put("type", type);
        m.put("messageId", new UUID(random.nextLong(), random.nextLong()).toString());
        if (device.anonymousId != null) m.put("anonymousId", device.anonymousId);
        if (device.loggedIn != null) m.put("userId", device.loggedIn);
        m.put("timestamp", trueTime.plus(device.clockSkew).toString());
        ObjectNode context = m.putObject("context");
        // browser SDKs send no context.ip: the collector records the address it observes (device.ip, through the
        // load balancer's X-Forwarded-For); only a device that forges one writes it
        if (device.claimedIp != null) context.put("ip", device.claimedIp);
        if (device.userAgent != null) context.put("userAgent", device.userAgent);
        context.putObject("library").put("name", device.library.name()).put("version", device.library.version());
        return m;
    }

    ObjectNode page(Device device, Instant t, String path, String referrer, Campaign campaign) {
        ObjectNode m = base("page", device, t);
        String title = path.equals("/") ? "Home" : path.substring(1).replace('/', ' ');
        m.put("name", title);
        ObjectNode props = m.putObject("properties");
        props.put("path", path).put("url", SITE + path).put("title", title);
        if (referrer != null) props.put("referrer", referrer);
        ObjectNode page = ((ObjectNode) m.get("context")).putObject("page");
        page.put("path", path).put("url", SITE + path).put("title", title);
        if (referrer != null) page.put("referrer", referrer);
        if (campaign != null) {
            ((ObjectNode) m.get("context")).putObject("campaign")
                    .put("source", campaign.source()).put("medium", campaign.medium()).put("name", campaign.name());
        }
        return m;
    }

    ObjectNode track(Device device, Instant t, String event) {
        ObjectNode m = base("track", device, t);
        m.put("event", event);
        m.putObject("properties");
        return m;
    }

    ObjectNode productEvent(Device device, Instant t, String event, Catalog.Product p) {
        ObjectNode m = track(device, t, event);
        ((ObjectNode) m.get("properties")).put("product_id", p.id()).put("category", p.category())
                .put("brand", p.brand()).put("price", p.price()).put("quantity", 1).put("currency", "USD");
        return m;
    }

    ObjectNode order(Device device, Instant t, String orderId, List<Catalog.Product> items) {
        ObjectNode m = track(device, t, "Order Completed");
        ObjectNode props = (ObjectNode) m.get("properties");
        double revenue = 0;
        ArrayNode products = props.putArray("products");
        for (Catalog.Product p : items) {
            products.addObject().put("product_id", p.id()).put("category", p.category()).put("brand", p.brand())
                    .put("price", p.price()).put("quantity", 1);
            revenue += p.price();
        }
        props.put("order_id", orderId).put("revenue", Math.round(revenue * 100) / 100.0).put("currency", "USD");
        return m;
    }

    ObjectNode identify(Device device, Instant t, Person person) {
        ObjectNode m = base("identify", device, t);
        m.put("userId", person.userId);
        m.putObject("traits").put("email", person.email);
        return m;
    }

    ObjectNode alias(Device device, Instant t, Person person) {
        ObjectNode m = base("alias", device, t);
        m.put("userId", person.userId);
        m.put("previousId", device.anonymousId);
        return m;
    }

    ObjectNode group(Device device, Instant t, Person person) {
        ObjectNode m = base("group", device, t);
        m.put("groupId", person.groupId);
        m.putObject("traits").put("name", "Company " + person.groupId);
        return m;
    }

    record Campaign(String source, String medium, String name) {}
}
