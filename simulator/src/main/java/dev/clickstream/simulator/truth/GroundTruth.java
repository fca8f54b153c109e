package dev.clickstream.simulator.truth;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What really happened, as JSONL: one line per unique message (with the person it belongs to), per true session,
 * per funnel step a user reached, per bot, per identity link, per person of a population the bot rules must leave
 * alone, and per abandoned cart item, after a first line describing the run.
 */
public final class GroundTruth {
    static final JsonMapper JSON = JsonMapper.builder().build();

    public record Session(String sessionKey, String userKey, Instant start, Instant end, int events, int pageViews,
                          boolean bot, int orders, double revenue) {}

    public record FunnelStep(String funnel, String userKey, LocalDate day, int step) {}

    public record Bot(String userKey, String kind) {}

    public record Link(String anonymousId, String userId) {}

    /** A person who belongs to a population the bot rules must leave alone (a crowd, a backend's, a burst's). */
    public record Member(String userKey, String population) {}

    /** A Product Added that no Order Completed of the same person followed within the cart window. */
    public record AbandonedCart(String userKey, String messageId, Instant addedAt, double value) {}

    public final Map<String, Object> run = new LinkedHashMap<>();
    /** message id → the person it belongs to, in delivery order. */
    public final Map<String, String> messages = new LinkedHashMap<>();
    public final List<Session> sessions = new ArrayList<>();
    public final List<FunnelStep> funnelSteps = new ArrayList<>();
    public final List<Bot> bots = new ArrayList<>();
    public final List<Link> links = new ArrayList<>();
    public final List<Member> members = new ArrayList<>();
    public final List<AbandonedCart> abandonedCarts = new ArrayList<>();

    public void write(Path file) {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            line(out, "run", JSON.valueToTree(run));
            for (Map.Entry<String, String> m : messages.entrySet()) {
                line(out, "message", JSON.createObjectNode().put("message_id", m.getKey()).put("user_key", m.getValue()));
            }
            for (Session s : sessions) {
                line(out, "session", JSON.createObjectNode().put("session_key", s.sessionKey()).put("user_key", s.userKey())
                        .put("start", s.start().toString()).put("end", s.end().toString()).put("events", s.events())
                        .put("page_views", s.pageViews()).put("is_bot", s.bot()).put("orders", s.orders())
                        .put("revenue", s.revenue()));
            }
            for (FunnelStep f : funnelSteps) {
                line(out, "funnel_step", JSON.createObjectNode().put("funnel", f.funnel()).put("user_key", f.userKey())
                        .put("day", f.day().toString()).put("step", f.step()));
            }
            for (Bot b : bots) line(out, "bot", JSON.createObjectNode().put("user_key", b.userKey()).put("bot_kind", b.kind()));
            for (Link l : links) {
                line(out, "identity_link", JSON.createObjectNode().put("anonymous_id", l.anonymousId()).put("user_id", l.userId()));
            }
            for (Member m : members) {
                line(out, "population", JSON.createObjectNode().put("user_key", m.userKey()).put("population", m.population()));
            }
            for (AbandonedCart c : abandonedCarts) {
                line(out, "abandoned_cart", JSON.createObjectNode().put("user_key", c.userKey()).put("message_id", c.messageId())
                        .put("added_at", c.addedAt().toString()).put("value", c.value()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void line(BufferedWriter out, String kind, JsonNode body) throws IOException {
        ObjectNode node = JSON.createObjectNode().put("kind", kind);
        node.setAll((ObjectNode) body);
        out.write(JSON.writeValueAsString(node));
        out.write('\n');
    }

    public static GroundTruth read(Path file) {
        GroundTruth t = new GroundTruth();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) continue;
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(file + " line " + number + " is not JSON");
                }
                switch (n.path("kind").asString("")) {
                    case "run" -> n.properties().forEach(e -> { if (!e.getKey().equals("kind")) t.run.put(e.getKey(), e.getValue().isNumber() ? e.getValue().numberValue() : e.getValue().asString()); });
                    case "message" -> t.messages.put(n.path("message_id").asString(), n.path("user_key").asString());
                    case "session" -> t.sessions.add(new Session(n.path("session_key").asString(), n.path("user_key").asString(),
                            Instant.parse(n.path("start").asString()), Instant.parse(n.path("end").asString()),
                            n.path("events").asInt(), n.path("page_views").asInt(), n.path("is_bot").asBoolean(),
                            n.path("orders").asInt(), n.path("revenue").asDouble()));
                    case "funnel_step" -> t.funnelSteps.add(new FunnelStep(n.path("funnel").asString(), n.path("user_key").asString(),
                            LocalDate.parse(n.path("day").asString()), n.path("step").asInt()));
                    case "bot" -> t.bots.add(new Bot(n.path("user_key").asString(), n.path("bot_kind").asString()));
                    case "identity_link" -> t.links.add(new Link(n.path("anonymous_id").asString(), n.path("user_id").asString()));
                    case "population" -> t.members.add(new Member(n.path("user_key").asString(), n.path("population").asString()));
                    case "abandoned_cart" -> t.abandonedCarts.add(new AbandonedCart(n.path("user_key").asString(),
                            n.path("message_id").asString(), Instant.parse(n.path("added_at").asString()), n.path("value").asDouble()));
                    default -> throw new IllegalArgumentException(file + " line " + number + " has an unknown kind");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return t;
    }
}
