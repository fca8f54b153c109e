package dev.clickstream.warehouse.alerts;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.clickstream.warehouse.runner.ModelRunner;
import dev.clickstream.warehouse.testing.ModelHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failing model alerts through SNS, and resolves when the model recovers. SNS is WireMock answering the Query
 * protocol as AWS does (only AWS could answer otherwise); the warehouse is a real PostgreSQL.
 */
class TestSnsAlerts {
    static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:clickstream-alerts";
    static final JsonMapper JSON = JsonMapper.builder().build();
    WireMockServer sns;
    ModelHarness warehouse;

    @BeforeEach
    void start() {
        sns = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        sns.start();
        sns.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody("<PublishResponse xmlns=\"https://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                        + "<MessageId>5e1f9a7c-1d2b-4c3d-8e4f-0a1b2c3d4e5f</MessageId></PublishResult>"
                        + "<ResponseMetadata><RequestId>f1d3c5b7-0000-4000-8000-000000000001</RequestId></ResponseMetadata>"
                        + "</PublishResponse>")));
        warehouse = new ModelHarness();
    }

    @AfterEach
    void stop() {
        warehouse.close();
        sns.stop();
    }

    @Test
    void aFailingModelIsPublishedOnceAndItsRecoveryOnce() {
        SnsClient client = SnsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + sns.port()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        AlertSettings settings = new AlertSettings(Duration.ofMinutes(15), 0, 0, 20, 0, Duration.ofSeconds(60), 20);
        warehouse.refresh(ModelHarness.event("m1", "page", null, null, "a1", "2030-01-01T00:00:00.000Z", ""));
        warehouse.execute("ALTER TABLE clickstream.brand_daily RENAME TO brand_daily_away");
        assertThat(warehouse.runner().run(null, false)).last()
                .satisfies(o -> assertThat(o.model() + " " + o.status()).isEqualTo("brand_daily failed"));

        try (Alerts alerts = new Alerts(warehouse.executor(), settings, List.of(new SnsChannel(client, TOPIC)), Clock.systemUTC())) {
            assertThat(alerts.evaluate().delivered()).isEqualTo(1);
            List<ModelRunner.Outcome> again = warehouse.runner().run(null, false);
            assertThat(again).extracting(ModelRunner.Outcome::status).contains("failed");
            assertThat(alerts.evaluate().delivered()).as("still failing: the same incident").isZero();

            warehouse.execute("ALTER TABLE clickstream.brand_daily_away RENAME TO brand_daily");
            warehouse.run();
            assertThat(alerts.evaluate().resolved()).isEqualTo(1);
        }

        List<LoggedRequest> published = sns.findAll(postRequestedFor(urlEqualTo("/")));
        assertThat(published).hasSize(2);
        Map<String, String> firing = form(published.get(0));
        assertThat(firing).containsEntry("Action", "Publish").containsEntry("TopicArn", TOPIC);
        assertThat(attributes(firing)).containsEntry("alert", "model_failed").containsEntry("status", "firing")
                .containsKey("incident_id");
        assertThat(firing.get("Subject")).startsWith("[firing] model_failed: brand_daily failed").hasSizeLessThan(100);
        JsonNode message = JSON.readTree(firing.get("Message"));
        assertThat(message.path("alert").asString()).isEqualTo("model_failed");
        assertThat(message.path("key").asString()).isEqualTo("brand_daily");
        assertThat(message.path("evidence").path("error").asString()).contains("brand_daily");
        assertThat(message.path("evidence").path("failures").asLong()).isEqualTo(1); // when it opened
        assertThat(published.get(0).getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256").contains("/eu-west-1/sns/");

        JsonNode resolved = JSON.readTree(form(published.get(1)).get("Message"));
        assertThat(resolved.path("status").asString()).isEqualTo("resolved");
        assertThat(resolved.path("id").asString()).isEqualTo(message.path("id").asString());
    }

    /** The Query protocol's MessageAttributes.entry.N.Name / .Value.StringValue pairs, by name. */
    private static Map<String, String> attributes(Map<String, String> form) {
        Map<String, String> out = new HashMap<>();
        for (int n = 1; form.containsKey("MessageAttributes.entry." + n + ".Name"); n++) {
            out.put(form.get("MessageAttributes.entry." + n + ".Name"), form.get("MessageAttributes.entry." + n + ".Value.StringValue"));
        }
        return out;
    }

    private static Map<String, String> form(LoggedRequest r) {
        Map<String, String> out = new HashMap<>();
        for (String pair : r.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
