package dev.clickstream.snippets;

import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.snippets.SnippetRun.Sent;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every snippet must achieve: each message it sent, found by the messageId the SDK generated, is in
 * clickstream.raw_events exactly once, as the right call with the snippets' shared demo ids, with the SDK's library
 * hoisted and the timestamp skew-corrected from the SDK's own sentAt.
 */
final class Delivery {
    static final Set<String> ALL_CALLS = Set.of("identify", "track", "page", "screen", "group", "alias");
    static final String USER_ID = "user-123";

    record Library(String name, String version) {}

    private Delivery() {}

    static void assertLandedOnce(CollectorHarness c, String source, List<Sent> sent, Set<String> calls, Library library) {
        assertThat(sent.stream().map(Sent::type).collect(Collectors.toSet())).as("one of each call").isEqualTo(calls);
        assertThat(sent).as("one message per call").hasSize(calls.size());
        for (Sent s : sent) {
            String id = s.messageId();
            assertThat(c.count("payload->>'message_id' = ?", id)).as("records for %s %s", s.type(), id).isEqualTo(1);
            List<JsonNode> rows = c.payloads("payload->>'message_id' = ? AND payload->>'source' = ?", id, source);
            assertThat(rows).as("%s %s under source %s", s.type(), id, source).hasSize(1);
            JsonNode e = rows.get(0);
            assertThat(e.path("kind").asString()).as(id).isEqualTo("event");
            assertThat(e.path("type").asString()).as(id).isEqualTo(s.type());
            assertThat(e.has("warnings")).as("%s warnings %s", id, e.path("warnings")).isFalse();
            assertThat(e.has("violations")).as("%s violations %s", id, e.path("violations")).isFalse();
            assertThat(e.path("library_name").asString()).as(id).isEqualTo(library.name());
            assertThat(e.path("library_version").asString()).as(id).isEqualTo(library.version());
            assertIds(s.type(), e);
            assertSkewCorrected(e);
        }
    }

    private static void assertIds(String type, JsonNode e) {
        String userId = e.path("user_id").asString("");
        switch (type) {
            case "track" -> {
                assertThat(userId).isEqualTo(USER_ID);
                assertThat(e.path("event").asString()).isEqualTo("Order Completed");
                assertThat(e.path("properties").path("revenue").asDouble()).isEqualTo(99.5);
            }
            case "identify" -> {
                assertThat(userId).isEqualTo(USER_ID);
                assertThat(e.path("traits").path("email").asString()).isEqualTo("jane@example.com");
            }
            case "group" -> {
                assertThat(userId).isEqualTo(USER_ID);
                assertThat(e.path("group_id").asString()).isEqualTo("company-42");
            }
            // the new id and the one it replaces: given (server SDKs, browsers), or the current user id (Kotlin)
            case "alias" -> {
                assertThat(userId).isNotBlank();
                assertThat(e.path("previous_id").asString("")).isNotBlank().isNotEqualTo(userId);
            }
            case "screen" -> assertThat(userId).isEqualTo(USER_ID);
            // the browsers' page call comes first, before identify, so it is anonymous
            case "page" -> assertThat(userId.equals(USER_ID) || userId.isEmpty() && !e.path("anonymous_id").asString("").isEmpty())
                    .as("page from %s or anonymous: %s", USER_ID, e).isTrue();
            default -> throw new AssertionError(type);
        }
    }

    /** timestamp = received_at − (sent_at − original_timestamp), with the client's times taken from the SDK. */
    private static void assertSkewCorrected(JsonNode e) {
        Instant received = Instant.parse(e.path("received_at").asString());
        Instant sentAt = Instant.parse(e.path("sent_at").asString());
        Instant original = Instant.parse(e.path("original_timestamp").asString());
        Instant timestamp = Instant.parse(e.path("timestamp").asString());
        assertThat(timestamp).isEqualTo(received.minus(Duration.between(original, sentAt)));
        assertThat(Duration.between(timestamp, Instant.now()).abs()).isLessThan(Duration.ofMinutes(10));
    }
}
